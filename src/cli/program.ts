import { Command, CommanderError } from 'commander';
import { isTureenError } from '../model/errors.js';
import { TOOL } from '../version.js';
import { scanCommand } from './scan.js';
import { schemaCommand } from './schema.js';
import { signCommand } from './sign.js';
import { statusCommand } from './status.js';
import { syncCommand } from './sync.js';

/** Exit codes: 0 ok, 1 findings or gaps, 2 usage or input error, 3 internal error (a Tureen bug). */
export async function main(argv: readonly string[]): Promise<number> {
  let code = 0;
  const setExit = (c: number) => {
    code = Math.max(code, c);
  };
  const program = new Command('tureen')
    .description('Tureen keeps a medical-device team\'s SOUP (IEC 62304) complete, assessed, audit-ready and watched.')
    .version(TOOL.version, '-V, --version', 'print Tureen\'s version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  program.addCommand(scanCommand(setExit));
  program.addCommand(schemaCommand());
  program.addCommand(syncCommand(setExit));
  program.addCommand(signCommand());
  program.addCommand(statusCommand());
  program.addCommand((await import('./init.js')).initCommand());
  program.addCommand((await import('./check.js')).checkCommand(setExit));
  program.addCommand((await import('./db.js')).dbCommand(setExit));
  program.addCommand((await import('./vex.js')).vexCommand());
  program.addCommand((await import('./vulns.js')).vulnsCommand(setExit));
  program.addCommand((await import('./anomalies.js')).anomaliesCommand(setExit));
  program.addCommand((await import('./monitor.js')).monitorCommand(setExit));
  program.addCommand((await import('./report.js')).reportCommand());
  for (const c of program.commands) c.exitOverride();
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help' ? 0 : 2;
    }
    if (isTureenError(e)) {
      process.stderr.write(`tureen: ${e.format()}\n`);
      return 2;
    }
    process.stderr.write(`tureen: internal error: ${e instanceof Error ? e.message : String(e)}\n  This is a bug in Tureen; please report it with the command you ran.${process.env.TUREEN_DEBUG ? `\n${(e as Error).stack}` : ' (TUREEN_DEBUG=1 shows the stack.)'}\n`);
    return 3;
  }
  return code;
}

