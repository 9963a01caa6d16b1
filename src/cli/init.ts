import { copyFileSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { Command } from 'commander';
import {
  answersFromConfig, buildConfigYaml, formatKindExceptions, FREQUENCY_WORDS, GROUPING_HELP, parseGrouping, parseIsoDate,
  parseKindExceptions, parseRecordsFolder, parseSafetyClass, parseFrequency, parseText, SAFETY_CLASS_HELP, updateConfigYaml,
  type InitAnswers, type Parsed,
} from '../config/init.js';
import { CONFIG_FILE, parseConfig } from '../config/load.js';
import { DEFAULT_GROUPING, DEFAULT_RECORDS_FOLDER } from '../model/config.js';
import { isTureenError, TureenError } from '../model/errors.js';
import { writeFileAtomic } from '../util/fs.js';
import { parseToml } from '../util/toml.js';

/** The flags, as commander gives them. */
export interface InitFlags {
  deviceName?: string;
  deviceVersion?: string;
  manufacturer?: string;
  safetyClass?: string[];
  qmsDate?: string;
  records?: string;
  grouping?: string;
  surveillanceFrequency?: string[];
  yes?: boolean;
  force?: boolean;
}

/** Where questions are asked; `interactive` is true only when both are terminals (or a test says so). */
export interface InitIO {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  interactive: boolean;
}

export interface InitResult {
  file: string;
  backup?: string;
  answers: InitAnswers;
}

const DEFAULT_CLASS = 'C';
const DEFAULT_FREQUENCY = 'P3M';

type Key = Exclude<keyof InitAnswers, 'kinds'> | 'kinds';

interface Question {
  key: Key;
  flag: string;
  prompt: string;
  /** lines printed once before the prompt */
  explain?: string[];
  /** an empty answer leaves the value unset */
  optional?: boolean;
  parse: (raw: string) => Parsed<unknown>;
  show?: (v: unknown) => string;
}

const QUESTIONS: Question[] = [
  { key: 'deviceName', flag: '--device-name', prompt: 'Device name', parse: (r) => nonEmpty(parseText(r), 'the device name') },
  { key: 'deviceVersion', flag: '--device-version', prompt: 'Device software version', optional: true, parse: parseText },
  { key: 'manufacturer', flag: '--manufacturer', prompt: 'Manufacturer', optional: true, parse: parseText },
  {
    key: 'safetyClass', flag: '--safety-class', prompt: 'Default software safety class (A/B/C)', parse: parseSafetyClass,
    explain: [
      'IEC 62304 software safety class, the class each new SOUP record starts with:',
      `  A  ${SAFETY_CLASS_HELP.A}`,
      `  B  ${SAFETY_CLASS_HELP.B}`,
      `  C  ${SAFETY_CLASS_HELP.C}`,
      'An item is never less critical than the harm its failure can cause. When in doubt, C.',
    ],
  },
  {
    key: 'qmsDate', flag: '--qms-date', prompt: 'QMS effective date (YYYY-MM-DD)', optional: true, parse: parseIsoDate,
    explain: ['The date your IEC 62304 process took effect: first-party code older than it is proposed as SOUP without records.'],
  },
  { key: 'recordsFolder', flag: '--records', prompt: 'Record folder', parse: parseRecordsFolder, explain: ['The folder that holds one YAML record per SOUP item.'] },
  {
    key: 'grouping', flag: '--grouping', prompt: 'Grouping policy (each / by-direct-parent)', parse: parseGrouping,
    explain: ['How transitive dependencies are recorded:', `  each              ${GROUPING_HELP.each}`, `  by-direct-parent  ${GROUPING_HELP['by-direct-parent']}`],
  },
  {
    key: 'surveillanceFrequency', flag: '--surveillance-frequency', prompt: 'Surveillance frequency', parse: parseFrequency,
    explain: [`How often each item's anomaly and vulnerability reviews are redone: an ISO 8601 duration (P1M, P3M, P1Y) or ${Object.keys(FREQUENCY_WORDS).filter((w) => !['semi-annually', 'annually'].includes(w)).join(', ')}.`],
  },
  {
    key: 'kinds', flag: '--safety-class/--surveillance-frequency <kind>=<value>', prompt: 'Per-kind exceptions (e.g. os-package=P1M, ml-model=C)', optional: true,
    parse: (r) => parseKindExceptions(r), show: (v) => formatKindExceptions(v as InitAnswers['kinds']),
    explain: ['Kinds of item that start with another class or frequency, as kind=value; empty for none.'],
  },
];

function nonEmpty(p: Parsed<string>, what: string): Parsed<string> {
  return p.ok && !p.value ? { ok: false, error: `${what} cannot be empty` } : p;
}

function usage(message: string, fix: string, file?: string): TureenError {
  return new TureenError({ code: 'usage', message, fix, ...(file ? { file } : {}) });
}

function flagValue<T>(flag: string, p: Parsed<T>): T {
  if (p.ok) return p.value;
  throw usage(`${flag}: ${p.error}`, `Give ${flag} a valid value (tureen init --help lists them).`);
}

/** The answers the flags give, validated; a bad value is a usage error naming the flag. */
export function answersFromFlags(f: InitFlags): Partial<InitAnswers> {
  const a: Partial<InitAnswers> = {};
  if (f.deviceName !== undefined) a.deviceName = flagValue('--device-name', nonEmpty(parseText(f.deviceName), 'the device name'));
  if (f.deviceVersion !== undefined) a.deviceVersion = flagValue('--device-version', parseText(f.deviceVersion)) || undefined;
  if (f.manufacturer !== undefined) a.manufacturer = flagValue('--manufacturer', parseText(f.manufacturer)) || undefined;
  if (f.qmsDate !== undefined) a.qmsDate = f.qmsDate.trim() ? flagValue('--qms-date', parseIsoDate(f.qmsDate)) : undefined;
  if (f.records !== undefined) a.recordsFolder = flagValue('--records', parseRecordsFolder(f.records));
  if (f.grouping !== undefined) a.grouping = flagValue('--grouping', parseGrouping(f.grouping));
  const kinds: InitAnswers['kinds'] = {};
  let anyKind = false;
  for (const [flag, values, key] of [['--safety-class', f.safetyClass, 'safetyClass'], ['--surveillance-frequency', f.surveillanceFrequency, 'surveillanceFrequency']] as const) {
    const plain = (values ?? []).filter((v) => !v.includes('='));
    const perKind = (values ?? []).filter((v) => v.includes('='));
    if (plain.length > 1) throw usage(`${flag} given twice without a kind (${plain.join(', ')})`, `Give ${flag} once for every item, and as <kind>=<value> for a kind.`);
    if (plain.length) {
      if (key === 'safetyClass') a.safetyClass = flagValue(flag, parseSafetyClass(plain[0]!));
      else a.surveillanceFrequency = flagValue(flag, parseFrequency(plain[0]!));
    }
    for (const v of perKind) {
      const p = flagValue(flag, parseKindExceptions(v));
      for (const [k, e] of Object.entries(p) as [keyof InitAnswers['kinds'], { safetyClass?: 'A' | 'B' | 'C'; frequency?: string }][]) {
        // the value's type must fit the flag: a class under --safety-class, a frequency under --surveillance-frequency
        if (key === 'safetyClass' && e.frequency) throw usage(`${flag}: "${v}" is not a safety class (A, B or C)`, `Give ${flag} <kind>=A, B or C.`);
        if (key === 'surveillanceFrequency' && e.safetyClass) throw usage(`${flag}: "${v}" is a safety class, not a frequency`, `Give ${flag} <kind>=P1M (or another duration).`);
        kinds[k] = { ...kinds[k], ...e };
        anyKind = true;
      }
    }
  }
  if (anyKind) a.kinds = kinds;
  return a;
}

/** Name, version and author from the folder's package.json or pyproject.toml; the folder's name otherwise. */
export function guessDevice(dir: string): { name: string; version?: string; manufacturer?: string } {
  const folderName = basename(resolve(dir)) || 'device';
  const clean = (v: unknown): string | undefined => {
    if (typeof v !== 'string') return undefined;
    const p = parseText(v);
    return p.ok && p.value ? p.value : undefined;
  };
  const person = (v: unknown): string | undefined => {
    const raw = typeof v === 'string' ? v : v && typeof v === 'object' ? (v as { name?: unknown }).name : undefined;
    return clean(typeof raw === 'string' ? raw.replace(/\s*[<(].*$/, '') : undefined);
  };
  const pick = (name: unknown, version: unknown, author: unknown) => {
    const n = clean(name);
    if (!n) return undefined;
    const out: { name: string; version?: string; manufacturer?: string } = { name: n };
    const v = clean(version);
    if (v) out.version = v;
    const m = person(author);
    if (m) out.manufacturer = m;
    return out;
  };
  try {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
    const r = pick(pkg.name, pkg.version, pkg.author);
    if (r) return r;
  } catch { /* no usable package.json: try the next */ }
  try {
    const py = parseToml(readFileSync(join(dir, 'pyproject.toml'), 'utf8'), 'pyproject.toml');
    const project = py.project as Record<string, unknown> | undefined;
    const poetry = (py.tool as Record<string, unknown> | undefined)?.poetry as Record<string, unknown> | undefined;
    for (const t of [project, poetry]) {
      if (!t) continue;
      const authors = Array.isArray(t.authors) ? t.authors[0] : undefined;
      const r = pick(t.name, t.version, authors);
      if (r) return r;
    }
  } catch { /* no usable pyproject.toml */ }
  return { name: folderName };
}

/** Ask one question until the answer is valid. Enter accepts the default; "-" clears an optional default. */
async function ask(q: Question, current: unknown, rl: ReturnType<typeof createInterface>, lines: AsyncIterator<string>, out: NodeJS.WritableStream): Promise<unknown> {
  if (q.explain) out.write(`\n${q.explain.join('\n')}\n`);
  const shown = current === undefined ? '' : q.show ? q.show(current) : String(current);
  for (;;) {
    rl.setPrompt(`${q.prompt}${shown ? ` [${shown}]` : q.optional ? ' [none]' : ''}: `);
    rl.prompt();
    const next = await lines.next();
    if (next.done) throw usage('the input ended (or was cancelled) before every question was answered; nothing was written', 'Run tureen init again, or pass --yes with flags to answer without questions.');
    const raw = next.value.trim();
    if (raw === '' && current !== undefined) return current;
    if (raw === '' && q.optional) return undefined;
    if (raw === '-' && q.optional) return undefined;
    if (raw === '') {
      out.write('  an answer is needed\n');
      continue;
    }
    const p = q.parse(raw);
    if (p.ok) return q.optional && (p.value === '' || (typeof p.value === 'object' && p.value && !Object.keys(p.value).length)) ? undefined : p.value;
    out.write(`  ${p.error}\n`);
  }
}

/**
 * `tureen init` without commander: gather the answers (flags, then questions on a terminal, then defaults) and write
 * `<dir>/tureen.config.yaml`. Exported so tests can drive the questions through streams.
 */
export async function runInit(dir: string, flags: InitFlags, io: InitIO): Promise<InitResult> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw usage(`the folder ${dir} does not exist`, 'Give the repository folder (tureen init <dir>), or create it first.');
  }
  const file = join(dir, CONFIG_FILE);
  const shownFile = file;
  const fromFlags = answersFromFlags(flags);

  let existing: { text: string; answers: Partial<InitAnswers> } | undefined;
  if (existsSync(file)) {
    if (!flags.force) {
      throw usage(`${CONFIG_FILE} already exists; tureen init never overwrites it`, `Edit it, or run tureen init --force: it rewrites the answers into it, keeps every other key and comment, and saves the old file as ${CONFIG_FILE}.bak.`, shownFile);
    }
    if (!statSync(file).isFile()) throw usage(`${CONFIG_FILE} is not a regular file`, 'Move it away, then run tureen init again.', shownFile);
    const text = readFileSync(file, 'utf8');
    try {
      existing = { text, answers: answersFromConfig(parseConfig(text, shownFile)) };
    } catch (e) {
      if (!isTureenError(e)) throw e;
      throw new TureenError({
        code: 'config.invalid', file: e.file, ...(e.place ? { place: e.place } : {}),
        message: `${e.message}; tureen init --force only rewrites a config it can read, so nothing was written`,
        fix: 'Fix that line, or move the file away and run tureen init again.',
      });
    }
  }

  const guess = guessDevice(dir);
  const defaults: Partial<InitAnswers> = {
    deviceName: guess.name,
    ...(guess.version ? { deviceVersion: guess.version } : {}),
    ...(guess.manufacturer ? { manufacturer: guess.manufacturer } : {}),
    safetyClass: DEFAULT_CLASS,
    recordsFolder: DEFAULT_RECORDS_FOLDER,
    grouping: DEFAULT_GROUPING,
    surveillanceFrequency: DEFAULT_FREQUENCY,
    ...existing?.answers,
  };
  const given = (k: Key) => Object.prototype.hasOwnProperty.call(fromFlags, k);
  const answers: Record<string, unknown> = { ...defaults, ...fromFlags };

  const unanswered = QUESTIONS.filter((q) => !given(q.key) && q.key !== 'kinds');
  if (!flags.yes && unanswered.length) {
    if (!io.interactive) {
      throw usage(
        `standard input is not a terminal, so tureen init cannot ask; not given: ${unanswered.map((q) => q.flag).join(', ')}`,
        'Pass --yes to take the defaults for what the flags do not give (tureen init --help shows them), or run it in a terminal.',
      );
    }
    const rl = createInterface({ input: io.input, output: io.output, terminal: true });
    rl.on('SIGINT', () => rl.close());
    const lines = rl[Symbol.asyncIterator]();
    try {
      io.output.write(`This writes ${shownFile}. Press Enter to accept the value in [brackets]; "-" clears an optional one.\n`);
      for (const q of QUESTIONS) {
        if (given(q.key)) continue;
        answers[q.key] = await ask(q, answers[q.key], rl, lines, io.output);
      }
    } finally {
      rl.close();
    }
  }
  const final: InitAnswers = {
    deviceName: answers.deviceName as string,
    safetyClass: answers.safetyClass as InitAnswers['safetyClass'],
    recordsFolder: answers.recordsFolder as string,
    grouping: answers.grouping as InitAnswers['grouping'],
    surveillanceFrequency: answers.surveillanceFrequency as string,
    kinds: (answers.kinds as InitAnswers['kinds'] | undefined) ?? {},
    ...(answers.deviceVersion ? { deviceVersion: answers.deviceVersion as string } : {}),
    ...(answers.manufacturer ? { manufacturer: answers.manufacturer as string } : {}),
    ...(answers.qmsDate ? { qmsDate: answers.qmsDate as string } : {}),
  };

  const text = existing ? updateConfigYaml(existing.text, final, shownFile) : buildConfigYaml(final);
  parseConfig(text, shownFile); // what we write must load; a failure here is a Tureen bug
  let backup: string | undefined;
  if (existing) backup = keepBackup(file);
  writeFileAtomic(file, text);
  return { file: shownFile, ...(backup ? { backup } : {}), answers: final };
}

/** Copy the config to the first free tureen.config.yaml.bak, .bak.1, .bak.2 … (never over an older backup). */
function keepBackup(file: string): string {
  for (let i = 0; i < 1000; i++) {
    const path = `${file}.bak${i ? `.${i}` : ''}`;
    if (existsSync(path)) continue;
    try {
      copyFileSync(file, path, constants.COPYFILE_EXCL);
      return path;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw new TureenError({ code: 'output.write', file: path, message: `cannot keep a backup of the config (${(e as Error).message}); nothing was written`, fix: 'Check that the folder is writable.', cause: e });
    }
  }
  throw new TureenError({ code: 'output.write', file, message: 'too many backups of the config already exist; nothing was written', fix: `Remove old ${CONFIG_FILE}.bak.* files.` });
}

const collect = (v: string, prev: string[] = []) => [...prev, v];

/** `tureen init [dir]`: wiring only; the work is runInit(). */
export function initCommand(): Command {
  return new Command('init')
    .description('write tureen.config.yaml: device, default safety class, QMS date, record folder, grouping and surveillance defaults (asks on a terminal)')
    .argument('[dir]', 'the device repository', '.')
    .option('--device-name <name>', 'the device\'s name (default: package.json / pyproject.toml name, else the folder\'s)')
    .option('--device-version <version>', 'the device software version (default: package.json / pyproject.toml version)')
    .option('--manufacturer <name>', 'the legal manufacturer (default: package.json / pyproject.toml author)')
    .option('--safety-class <class>', `default IEC 62304 safety class A, B or C (default ${DEFAULT_CLASS}); or <kind>=<class> for one kind, repeatable`, collect)
    .option('--qms-date <YYYY-MM-DD>', 'the date your IEC 62304 process took effect (default: none)')
    .option('--records <folder>', `the record folder, relative to <dir> (default ${DEFAULT_RECORDS_FOLDER})`)
    .option('--grouping <policy>', `each | by-direct-parent: how transitive items are recorded (default ${DEFAULT_GROUPING})`)
    .option('--surveillance-frequency <duration>', `how often reviews are redone: P1M, P3M, P1Y or monthly, quarterly, yearly (default ${DEFAULT_FREQUENCY}); or <kind>=<duration>, repeatable`, collect)
    .option('-y, --yes', 'ask nothing: take the flags, and the defaults for the rest (for CI)')
    .option('--force', `rewrite an existing ${CONFIG_FILE}: the answers replace their keys, every other key and comment stays, the old file is kept as ${CONFIG_FILE}.bak`)
    .action(async (dir: string, flags: InitFlags) => {
      const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY);
      const r = await runInit(dir, flags, { input: process.stdin, output: process.stdout, interactive });
      if (r.backup) process.stdout.write(`kept the previous config as ${r.backup}\n`);
      const a = r.answers;
      process.stdout.write(`wrote ${r.file}: ${a.deviceName}${a.deviceVersion ? ` ${a.deviceVersion}` : ''}, safety class ${a.safetyClass}, records in ${a.recordsFolder}/ (${a.grouping}), reviews every ${a.surveillanceFrequency}\n`);
      process.stdout.write(`next: tureen scan ${dir === '.' ? '' : `${dir} `}to see the SOUP items it finds\n`);
    });
}
