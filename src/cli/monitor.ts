import { Command, Option } from 'commander';
import { printable } from '../report/table.js';

/** `tureen monitor [dir]` */
export function monitorCommand(setExit: (code: number) => void): Command {
  return new Command('monitor')
    .description('post-market surveillance: re-check each SOUP record whose surveillance is due (vulnerabilities, known anomalies, newer releases, end of support, reviews due), flag what needs re-assessment in the records, write a dated report; exit 1 when something needs action')
    .argument('[dir]', 'the device repository', '.')
    .option('--all', 're-check every record now, whatever its surveillance frequency')
    .option('--offline', 'the local advisory store and the records only: never a network request')
    .option('--db <file>', 'the advisory store (default: the user\'s cache folder, or $TUREEN_DB)')
    .option('--report-dir <dir>', 'where the dated reports go (default: <record folder>/monitor)')
    .option('--dry-run', 'write neither the records\' monitoring nor the report; print what was found')
    .addOption(new Option('-f, --format <format>', 'what to print').choices(['text', 'json', 'markdown']).default('text'))
    .option('-c, --config <file>', 'config file instead of <dir>/tureen.config.yaml')
    .action(async (dir: string, o: { all?: boolean; offline?: boolean; db?: string; reportDir?: string; dryRun?: boolean; format: 'text' | 'json' | 'markdown'; config?: string }) => {
      const { runMonitor, monitorMarkdown } = await import('../register/monitor.js');
      const r = await runMonitor(dir, {
        ...(o.all ? { all: true } : {}), ...(o.offline ? { offline: true } : {}), ...(o.db ? { db: o.db } : {}),
        ...(o.reportDir ? { reportDir: o.reportDir } : {}), ...(o.dryRun ? { dryRun: true } : {}), ...(o.config ? { config: o.config } : {}),
      });
      if (o.format === 'json') process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
      else if (o.format === 'markdown') process.stdout.write(monitorMarkdown(r));
      else {
        const checked = r.records.filter((x) => x.checked).length;
        const c = r.changes;
        const lines = [
          `${r.date}: ${checked} of ${r.records.length} SOUP records re-checked (their surveillance was due${o.all ? ', or --all' : ''}).`,
          `since ${c.since ?? 'the first run'}: ${c.newVulnerabilities.length} new vulnerabilities, ${c.newAnomalies.length} new anomaly candidates, ${c.nowOutOfSupport.length} items now out of support, ${c.reviewsNowDue.length} reviews now due.`,
          ...r.records.filter((x) => x.reassess.length).flatMap((x) => x.reassess.map((a) => `  re-assess ${printable(x.file)} (${printable(`${x.name}@${x.version}`)}): ${printable(a.detail)} [since ${a.since}]`)),
          ...r.problems.map((p) => `note: ${printable(p)}`),
          o.dryRun ? 'dry run: nothing written.' : `report written to the monitor folder (${r.date}.md, ${r.date}.json); flags written into the records' monitoring.`,
        ];
        process.stdout.write(`${lines.join('\n')}\n`);
      }
      if (r.actionNeeded) setExit(1);
    });
}
