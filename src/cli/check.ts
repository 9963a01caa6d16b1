import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { Command, Option } from 'commander';
import { CHECK_FORMATS, type CheckFormat, renderCheck } from '../check/format.js';
import { indexResults, parseJUnit, type TestResult } from '../check/junit.js';
import { parseRecordText, type RecordInput } from '../check/load.js';
import { recordsFolderFrom } from '../check/policy.js';
import { checkRecordsWithStatus } from '../check/rules.js';
import { loadConfig } from '../config/load.js';
import { TureenError } from '../model/errors.js';
import { printable } from '../report/table.js';
import { writeFileAtomic } from '../util/fs.js';

export const FAIL_ON = ['error', 'warning'] as const;

/** Read every `*.yaml` / `*.yml` record in the record folder (not its sub-folders, not dot-files), sorted by name. */
export function readRecordFolder(root: string, folder: string): RecordInput[] {
  const abs = resolve(root, folder);
  const rel = relative(resolve(root), abs);
  if (rel.startsWith('..') || rel.split(sep).includes('..')) {
    throw new TureenError({ code: 'config.invalid', message: `the record folder "${printable(folder)}" is outside the repository`, fix: 'Set records.folder to a folder inside the repository, e.g. soup.' });
  }
  let names: string[];
  try {
    names = readdirSync(abs, { withFileTypes: true }).filter((d) => d.isFile() && !d.name.startsWith('.') && /\.ya?ml$/i.test(d.name)).map((d) => d.name).sort();
  } catch (e) {
    throw new TureenError({
      code: 'input.unreadable', file: folder, message: `cannot read the record folder (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      fix: 'Run `tureen sync` to create the records, or point records.folder in tureen.config.yaml at the folder that holds them.', cause: e,
    });
  }
  const shown = rel.split(sep).join('/');
  return names.map((n) => {
    const file = shown ? `${shown}/${n}` : n;
    let text: string;
    try {
      text = readFileSync(join(abs, n), 'utf8');
    } catch (e) {
      return { file, text: '', record: undefined, parseError: { message: `cannot read the file (${(e as Error).message})` } };
    }
    return parseRecordText(file, text);
  });
}

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

/**
 * `tureen check [dir]`: checks the SOUP records as they are in the record folder (it does not scan or sync first),
 * prints the findings, exits 1 when any is at or above --fail-on.
 */
export function checkCommand(setExit: (code: number) => void): Command {
  return new Command('check')
    .description('check every SOUP record against what its safety class requires (sections, exact version, testable requirements, current reviews, approvals, licence policy, test results); exit 1 on findings')
    .argument('[dir]', 'the device repository', '.')
    .addOption(new Option('-f, --format <format>', 'output format').choices(CHECK_FORMATS).default('text'))
    .option('-o, --out <file>', 'write the output to this file (atomically) instead of standard output')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at least this severe').choices(FAIL_ON).default('error'))
    .option('--junit <file...>', 'JUnit XML reports from any test runner: verification.tests are matched to them by test name')
    .option('-c, --config <file>', 'config file to use instead of <dir>/tureen.config.yaml')
    .action((dir: string, o: { format: CheckFormat; out?: string; failOn: (typeof FAIL_ON)[number]; junit?: string[]; config?: string }) => {
      const { config, file: configFile } = loadConfig(dir, o.config);
      const records = readRecordFolder(dir, recordsFolderFrom(config));
      const junit = o.junit?.length ? readJUnit(o.junit) : undefined;
      const { findings, requirements } = checkRecordsWithStatus(records, {
        config, configFile, now: new Date(),
        ...(junit ? { junit: indexResults(junit.results, junit.files) } : {}),
      });
      const text = renderCheck(o.format, { findings, records: records.length, requirements });
      if (o.out) writeFileAtomic(o.out, text);
      else process.stdout.write(text);
      const failing = findings.filter((f) => f.severity === 'error' || (o.failOn === 'warning' && f.severity === 'warning'));
      if (failing.length) setExit(1);
    });
}
