import { Command } from 'commander';
import { printable } from '../report/table.js';
import { importVex } from '../register/vex.js';

/** `tureen vex import FILE [dir]` */
export function vexCommand(): Command {
  const vex = new Command('vex').description('supplier VEX statements (CycloneDX VEX, OpenVEX) as assessments in the SOUP records');
  vex.command('import')
    .description('take a VEX document\'s statements into the vulnerability reviews of the records they name (never over the team\'s own assessment)')
    .argument('<file>', 'a CycloneDX VEX or OpenVEX document (JSON)')
    .argument('[dir]', 'the device repository', '.')
    .option('-c, --config <file>', 'config file instead of <dir>/tureen.config.yaml')
    .option('--dry-run', 'say what would change and write nothing')
    .action((file: string, dir: string, o: { config?: string; dryRun?: boolean }) => {
      const r = importVex(dir, file, { ...(o.config ? { config: o.config } : {}), ...(o.dryRun ? { dryRun: true } : {}) });
      const count = (a: string) => r.outcomes.filter((x) => x.action === a).length;
      const lines = [
        `${printable(file)}: ${r.format === 'openvex' ? 'OpenVEX' : 'CycloneDX VEX'}, ${r.statements} statement${r.statements === 1 ? '' : 's'}, marked "${printable(r.source)}"`,
        `${r.changed.length} record${r.changed.length === 1 ? '' : 's'} ${o.dryRun ? 'would change' : 'changed'}: ${count('added')} assessment${count('added') === 1 ? '' : 's'} added, ${count('updated')} updated, ${count('unchanged')} unchanged`,
        ...r.outcomes.filter((x) => x.action === 'kept-team-assessment').map((x) => `  kept the team's own assessment of ${printable(x.vulnerability)} in ${printable(x.file)}`),
        ...r.outcomes.filter((x) => x.action === 'review-of-other-version').map((x) => `  not taken: ${printable(x.vulnerability)} — ${printable(x.file)} has a vulnerability review of another version; start the review of the current version, then import again`),
        ...r.skipped.map((f) => `  skipped ${printable(f)}: it does not parse (tureen check says why)`),
      ];
      if (!r.outcomes.length) lines.push('no statement names an item and version of the register');
      process.stderr.write(`${lines.join('\n')}\n`);
    });
  return vex;
}
