import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { coverageFindings, unrecordedComponents } from '../check/coverage.js';
import { CHECK_FORMATS, type CheckFormat, renderCheck } from '../check/format.js';
import { indexResults, parseJUnit, type TestResult } from '../check/junit.js';
import { readRecordFolder } from '../check/load.js';
import { recordsFolderFrom } from '../check/policy.js';
import { checkRecordsWithStatus, type RequirementStatus } from '../check/rules.js';
import { loadConfig } from '../config/load.js';
import { TureenError } from '../model/errors.js';
import { writeFileAtomic } from '../util/fs.js';
import { editRecords } from '../register/edit.js';
import { recordResultsIn } from '../register/results.js';
import { scan } from '../scan.js';

export const FAIL_ON = ['error', 'warning'] as const;

function readJUnit(files: readonly string[]): { results: TestResult[]; files: string[] } {
  const results: TestResult[] = [];
  for (const f of files) {
    let text: string;
    try {
      text = readFileSync(f, 'utf8');
    } catch (e) {
      throw new TureenError({ code: 'input.unreadable', file: f, message: `cannot read the JUnit report (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, fix: 'Check the path given with --junit; run the tests first.', cause: e });
    }
    results.push(...parseJUnit(text, f));
  }
  return { results, files: [...files] };
}

/** Write each requirement's last result into its record (the record editor: under the sync lock, each file atomically). */
function recordTestResults(dir: string, config: string | undefined, statuses: readonly RequirementStatus[]): void {
  const today = new Date().toISOString().slice(0, 10);
  editRecords(dir, { ...(config ? { config } : {}) }, (r) => recordResultsIn(r.doc, statuses.filter((s) => s.file === r.file), today));
}

/**
 * `tureen check [dir]`: checks the SOUP records as they are in the record folder (it does not sync), and — unless
 * --no-scan — scans the repository for SOUP the records do not cover; prints the findings, exits 1 when any is at or
 * above --fail-on.
 */
export function checkCommand(setExit: (code: number) => void): Command {
  return new Command('check')
    .description('check the SOUP records as they are (it does not sync) against what each item\'s safety class requires — sections, exact version, testable requirements, current reviews, approvals, licence policy, test results — and that every SOUP item the scan finds has a record for the version shipped; exit 1 on findings')
    .argument('[dir]', 'the device repository', '.')
    .addOption(new Option('-f, --format <format>', 'output format').choices(CHECK_FORMATS).default('text'))
    .option('-o, --out <file>', 'write the output to this file (atomically) instead of standard output')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at least this severe').choices(FAIL_ON).default('error'))
    .option('--junit <file...>', 'JUnit XML reports from any test runner: verification.tests are matched to them by test name')
    .option('-c, --config <file>', 'config file to use instead of <dir>/tureen.config.yaml')
    .option('--record', 'with --junit: keep each test\'s result and date in its record (verification.tests), so the record holds the last result')
    .option('--no-scan', 'check the records only: do not scan the repository for SOUP items without a record')
    .option('--exclude <pattern...>', 'extra gitignore-style patterns the scan skips')
    .action(async (dir: string, o: { format: CheckFormat; out?: string; failOn: (typeof FAIL_ON)[number]; junit?: string[]; config?: string; record?: boolean; scan: boolean; exclude?: string[] }) => {
      const { config, file: configFile } = loadConfig(dir, o.config);
      const records = readRecordFolder(dir, recordsFolderFrom(config));
      // coverage: every SOUP component the scan finds has an active record for the version shipped
      const coverage = o.scan
        ? coverageFindings(unrecordedComponents((await scan(dir, { ...(o.config ? { config: o.config } : {}), ...(o.exclude ? { exclude: o.exclude } : {}) })).components, records), records)
        : [];
      const junit = o.junit?.length ? readJUnit(o.junit) : undefined;
      const { findings, requirements } = checkRecordsWithStatus(records, {
        config, configFile, now: new Date(),
        ...(junit ? { junit: indexResults(junit.results, junit.files) } : {}),
      });
      if (o.record) {
        if (!junit) throw new TureenError({ code: 'usage', message: '--record keeps test results, so it needs --junit reports', fix: 'Add --junit <report.xml> (from your test runner).' });
        recordTestResults(dir, o.config, requirements);
      }
      findings.push(...coverage);
      const text = renderCheck(o.format, { findings, records: records.length, requirements });
      if (o.out) writeFileAtomic(o.out, text);
      else process.stdout.write(text);
      const failing = findings.filter((f) => f.severity === 'error' || (o.failOn === 'warning' && f.severity === 'warning'));
      if (failing.length) setExit(1);
    });
}
