import { Command, Option } from 'commander';
import { writeFileAtomic } from '../util/fs.js';

import { FAIL_ON_SEVERITIES, type FailOn } from '../advisories/severity.js';
import { failing } from '../register/assessment.js';
import { renderVulns, VULNS_FORMATS, type VulnsFormat } from '../report/vulns.js';

/** `tureen vulns [dir]` */
export function vulnsCommand(setExit: (code: number) => void): Command {
  return new Command('vulns')
    .description('known vulnerabilities of each SOUP item\'s exact version (OSV, NVD by CPE, CISA KEV, EPSS), with the team\'s assessment from its record; exit 1 on an unassessed one at or above --fail-on')
    .argument('[dir]', 'the device repository', '.')
    .option('--all', 'every component, not only SOUP items')
    .option('--offline', 'the local advisory store only (tureen db import): never a network request')
    .option('--db <file>', 'the advisory store (default: the user\'s cache folder, or $TUREEN_DB)')
    .option('--record', 'add new findings to the records as in_triage (and draft a review where a record has none)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(VULNS_FORMATS).default('table'))
    .option('-o, --out <file>', 'write the output to this file (atomically) instead of standard output')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when an unassessed finding is at least this severe (unknown severity counts as high)').choices(FAIL_ON_SEVERITIES).default('high'))
    .option('-c, --config <file>', 'config file instead of <dir>/tureen.config.yaml')
    .option('--exclude <pattern...>', 'extra gitignore-style patterns to skip')
    .action(async (dir: string, o: { all?: boolean; offline?: boolean; db?: string; record?: boolean; format: VulnsFormat; out?: string; failOn: FailOn; config?: string; exclude?: string[] }) => {
      // the store (native SQLite) loads only when the command runs: other commands start no slower
      const { runVulns } = await import('../register/vulnerabilities.js');
      const r = await runVulns(dir, {
        ...(o.all ? { all: true } : {}), ...(o.offline ? { offline: true } : {}), ...(o.db ? { db: o.db } : {}),
        ...(o.record ? { record: true } : {}), ...(o.config ? { config: o.config } : {}), ...(o.exclude ? { exclude: o.exclude } : {}),
      });
      const text = renderVulns(o.format, r);
      if (o.out) writeFileAtomic(o.out, text);
      else process.stdout.write(text);
      if (failing(r.components, o.failOn).length) setExit(1);
    });
}
