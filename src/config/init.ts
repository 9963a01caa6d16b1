/**
 * The pure part of `tureen init`: validate each answer, turn the answers into a commented `tureen.config.yaml`, or
 * write them into an existing one (keeping every other key and comment). No I/O here; src/cli/init.ts asks and writes.
 */
import { isMap, isScalar, parseDocument, stringify, type Document, type Pair, type YAMLMap } from 'yaml';
import { Kind } from '../model/classification.js';
import {
  DEFAULT_GROUPING, DEFAULT_RECORDS_FOLDER, Frequency, RECORD_GROUPING, type Config, type KindDefaults,
} from '../model/config.js';
import { SafetyClass } from '../model/record.js';
import { TureenError } from '../model/errors.js';
import { clip } from '../util/text.js';
import { parseConfig } from './load.js';

export type Grouping = (typeof RECORD_GROUPING)[number];

/** Everything `tureen init` asks. Optional answers left undefined are not written. */
export interface InitAnswers {
  deviceName: string;
  deviceVersion?: string;
  manufacturer?: string;
  safetyClass: SafetyClass;
  /** YYYY-MM-DD */
  qmsDate?: string;
  recordsFolder: string;
  grouping: Grouping;
  /** ISO 8601 duration, e.g. P3M */
  surveillanceFrequency: string;
  /** Per-kind exceptions to the class and frequency above. */
  kinds: Partial<Record<Kind, { safetyClass?: SafetyClass; frequency?: string }>>;
}

/** A validated value, or the sentence that says what is wrong with it. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };
const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = <T>(error: string): Parsed<T> => ({ ok: false, error });

export const SAFETY_CLASS_HELP: Record<SafetyClass, string> = {
  A: 'no injury or damage to health is possible if the software fails',
  B: 'a non-serious injury is possible',
  C: 'death or serious injury is possible',
};

export const GROUPING_HELP: Record<Grouping, string> = {
  each: 'every SOUP item, transitive dependencies included, gets its own record',
  'by-direct-parent': 'a transitive item shares the record of the direct dependency that pulls it in (listed with its exact version, licence and vulnerabilities; inherits class, requirements and surveillance)',
};

/** Words accepted for a frequency, and the ISO 8601 duration each one means. */
export const FREQUENCY_WORDS: Record<string, string> = {
  weekly: 'P1W', monthly: 'P1M', quarterly: 'P3M', 'half-yearly': 'P6M', 'semi-annually': 'P6M', yearly: 'P1Y', annually: 'P1Y',
};

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** A single line of text: no control characters (they would corrupt the YAML or the terminal). */
export function parseText(raw: string): Parsed<string> {
  const t = raw.trim();
  if (CONTROL.test(t)) return bad('control characters (such as a line break or tab) are not allowed');
  if (t.length > 200) return bad('at most 200 characters');
  return ok(t);
}

export function parseSafetyClass(raw: string): Parsed<SafetyClass> {
  const t = raw.trim().toUpperCase();
  const r = SafetyClass.safeParse(t);
  return r.success ? ok(r.data) : bad(`"${clip(raw, 60)}" is not a safety class: use A (${SAFETY_CLASS_HELP.A}), B (${SAFETY_CLASS_HELP.B}) or C (${SAFETY_CLASS_HELP.C})`);
}

/** YYYY-MM-DD, a real calendar date (2021-13-01 and 2023-02-30 are refused). */
export function parseIsoDate(raw: string): Parsed<string> {
  const t = raw.trim();
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (!m) return bad(`"${clip(raw, 60)}" is not a date as YYYY-MM-DD`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return bad(`"${t}" is not a calendar date`);
  return ok(t);
}

/** An ISO 8601 duration (P3M) or a word (quarterly). */
export function parseFrequency(raw: string): Parsed<string> {
  const t = raw.trim();
  const word = FREQUENCY_WORDS[t.toLowerCase()];
  if (word) return ok(word);
  const r = Frequency.safeParse(t.toUpperCase());
  return r.success ? ok(r.data) : bad(`"${clip(raw, 60)}" is not a frequency: use an ISO 8601 duration (P1M, P3M, P6M, P1Y, P2W, P30D) or one of ${Object.keys(FREQUENCY_WORDS).join(', ')}`);
}

/** A folder relative to the repository root that stays inside it, written with forward slashes. */
export function parseRecordsFolder(raw: string): Parsed<string> {
  const t = raw.trim().replace(/\\/g, '/').replace(/\/+$/, '');
  if (!t) return bad('the record folder cannot be empty');
  if (CONTROL.test(t)) return bad('control characters are not allowed in the record folder');
  if (/^(\/|[A-Za-z]:)/.test(t)) return bad(`"${clip(raw, 60)}" is absolute: give a folder relative to the repository root, e.g. soup`);
  const parts = t.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) return bad(`"${clip(raw, 60)}" leaves the repository: give a folder inside it, e.g. soup`);
  if (!parts.length) return bad('the record folder cannot be the repository root itself: use a folder such as soup');
  return ok(parts.join('/'));
}

export function parseGrouping(raw: string): Parsed<Grouping> {
  const t = raw.trim().toLowerCase();
  return (RECORD_GROUPING as readonly string[]).includes(t) ? ok(t as Grouping) : bad(`"${clip(raw, 60)}" is not a grouping policy: use each or by-direct-parent`);
}

/**
 * Per-kind exceptions: "os-package=P1M", "ml-model=C", several separated by commas or spaces. A value of A/B/C is a
 * safety class; anything else must be a frequency.
 */
export function parseKindExceptions(raw: string | readonly string[]): Parsed<InitAnswers['kinds']> {
  const items = (typeof raw === 'string' ? [raw] : raw).flatMap((s) => s.split(/[,\s]+/)).filter(Boolean);
  const kinds: InitAnswers['kinds'] = {};
  for (const item of items) {
    const m = /^([^=]+)=(.+)$/.exec(item);
    if (!m) return bad(`"${clip(item, 60)}" is not kind=value (e.g. os-package=P1M or ml-model=C)`);
    const kind = Kind.safeParse(m[1]!.trim());
    if (!kind.success) return bad(`"${clip(m[1]!, 60)}" is not a kind: use one of ${Kind.options.join(', ')}`);
    const entry = (kinds[kind.data] ??= {});
    const value = m[2]!.trim();
    if (/^[abc]$/i.test(value)) entry.safetyClass = value.toUpperCase() as SafetyClass;
    else {
      const f = parseFrequency(value);
      if (!f.ok) return bad(`${kind.data}: ${f.error}`);
      entry.frequency = f.value;
    }
  }
  return ok(kinds);
}

/** The kind=value list that parseKindExceptions reads back (for showing a default). */
export function formatKindExceptions(kinds: InitAnswers['kinds']): string {
  const out: string[] = [];
  for (const [kind, v] of Object.entries(kinds)) {
    if (v?.safetyClass) out.push(`${kind}=${v.safetyClass}`);
    if (v?.frequency) out.push(`${kind}=${v.frequency}`);
  }
  return out.join(', ');
}

/** The answers an existing config already holds (so that `init --force` offers them as the defaults). */
export function answersFromConfig(c: Config): Partial<InitAnswers> {
  const a: Partial<InitAnswers> = {};
  if (c.device?.name) a.deviceName = c.device.name;
  if (c.device?.version) a.deviceVersion = c.device.version;
  if (c.device?.manufacturer) a.manufacturer = c.device.manufacturer;
  if (c.defaults?.safetyClass) a.safetyClass = c.defaults.safetyClass;
  if (c.qms?.effectiveDate) a.qmsDate = c.qms.effectiveDate;
  if (c.records?.folder) a.recordsFolder = c.records.folder;
  if (c.records?.grouping) a.grouping = c.records.grouping;
  if (c.defaults?.surveillance?.frequency) a.surveillanceFrequency = c.defaults.surveillance.frequency;
  if (c.defaults?.kinds) {
    const kinds: InitAnswers['kinds'] = {};
    for (const [k, v] of Object.entries(c.defaults.kinds) as [Kind, KindDefaults | undefined][]) {
      if (!v) continue;
      const e: { safetyClass?: SafetyClass; frequency?: string } = {};
      if (v.safetyClass) e.safetyClass = v.safetyClass;
      if (v.surveillance?.frequency) e.frequency = v.surveillance.frequency;
      if (Object.keys(e).length) kinds[k] = e;
    }
    if (Object.keys(kinds).length) a.kinds = kinds;
  }
  return a;
}

/** The defaults a new SOUP record of `kind` starts with, from the config (per-kind values first), with Tureen's fallbacks. */
export function recordDefaults(c: Config, kind: Kind | undefined): { safetyClass?: SafetyClass; surveillance: { frequency?: string; owner?: string; method?: string } } {
  const k = kind ? c.defaults?.kinds?.[kind] : undefined;
  const safetyClass = k?.safetyClass ?? c.defaults?.safetyClass;
  const surveillance = { ...c.defaults?.surveillance, ...k?.surveillance };
  return { ...(safetyClass ? { safetyClass } : {}), surveillance };
}

export function recordsSettings(c: Config): { folder: string; grouping: Grouping } {
  return { folder: c.records?.folder ?? DEFAULT_RECORDS_FOLDER, grouping: c.records?.grouping ?? DEFAULT_GROUPING };
}

/** One YAML scalar on one line, quoted when YAML needs it. */
function q(v: string): string {
  return stringify(v, { lineWidth: 0 }).trimEnd();
}

const FREQ_NAMES: Record<string, string> = Object.fromEntries(Object.entries(FREQUENCY_WORDS).reverse().map(([w, d]) => [d, w]));
function freqNote(f: string): string {
  return FREQ_NAMES[f] ? `, ${FREQ_NAMES[f]}` : '';
}

/** A new `tureen.config.yaml`: every key with a comment line above it saying what it is. */
export function buildConfigYaml(a: InitAnswers, opts: { tool?: string } = {}): string {
  const L: string[] = [];
  L.push(`# Tureen configuration${opts.tool ? `, written by ${opts.tool} init` : ''}. \`tureen schema config\` prints its JSON Schema;`);
  L.push('# the README lists every key. Edit freely: `tureen init --force` keeps a backup and every key it does not ask about.');
  L.push('');
  L.push('# The medical device this repository builds.');
  L.push('device:');
  L.push('  # its name, as in the technical documentation');
  L.push(`  name: ${q(a.deviceName)}`);
  if (a.deviceVersion) {
    L.push('  # the software version the SOUP list describes');
    L.push(`  version: ${q(a.deviceVersion)}`);
  }
  if (a.manufacturer) {
    L.push('  # the legal manufacturer');
    L.push(`  manufacturer: ${q(a.manufacturer)}`);
  }
  L.push('');
  L.push('# Your quality management system.');
  if (a.qmsDate) {
    L.push('qms:');
    L.push('  # the date your IEC 62304 process took effect: first-party code older than it is proposed as SOUP without records');
    L.push(`  effectiveDate: ${a.qmsDate}`);
  } else {
    L.push('# Uncomment and set the date your IEC 62304 process took effect: older first-party code is then proposed');
    L.push('# as SOUP without records.');
    L.push('# qms:');
    L.push('#   effectiveDate: 2021-01-01');
  }
  L.push('');
  L.push('# The SOUP register: one YAML record per item.');
  L.push('records:');
  L.push('  # the folder, relative to this file, that holds the records');
  L.push(`  folder: ${q(a.recordsFolder)}`);
  L.push(`  # each: ${GROUPING_HELP.each};`);
  L.push(`  # by-direct-parent: ${GROUPING_HELP['by-direct-parent']}`);
  L.push(`  grouping: ${a.grouping}`);
  L.push('');
  L.push('# What a new SOUP record starts with; each record is then reviewed and edited by a person.');
  L.push('defaults:');
  L.push(`  # IEC 62304 software safety class: A ${SAFETY_CLASS_HELP.A}; B ${SAFETY_CLASS_HELP.B}; C ${SAFETY_CLASS_HELP.C}`);
  L.push(`  safetyClass: ${a.safetyClass}`);
  L.push('  # post-market surveillance of every item');
  L.push('  surveillance:');
  L.push(`    # how often each item's anomaly and vulnerability reviews are redone (ISO 8601 duration${freqNote(a.surveillanceFrequency)})`);
  L.push(`    frequency: ${a.surveillanceFrequency}`);
  const kinds = Object.entries(a.kinds).filter(([, v]) => v && (v.safetyClass || v.frequency));
  if (kinds.length) {
    L.push('  # per kind of item (os-package, ml-model, library …): values that replace the ones above');
    L.push('  kinds:');
    for (const [kind, v] of kinds) {
      L.push(`    # new records of kind ${kind} start with:`);
      L.push(`    ${kind}:`);
      if (v!.safetyClass) {
        L.push('      # this safety class');
        L.push(`      safetyClass: ${v!.safetyClass}`);
      }
      if (v!.frequency) {
        L.push('      # this surveillance plan');
        L.push('      surveillance:');
        L.push(`        # reviews redone every ${v!.frequency}${freqNote(v!.frequency)}`);
        L.push(`        frequency: ${v!.frequency}`);
      }
    }
  } else {
    L.push('  # per kind of item, values that replace the ones above, for example:');
    L.push('  # kinds:');
    L.push('  #   os-package:');
    L.push('  #     surveillance:');
    L.push('  #       frequency: P1M');
  }
  return `${L.join('\n')}\n`;
}

/** The keys init owns, as leaf paths, with the comment written above a key that did not exist before. */
function ownedEntries(a: InitAnswers, existingKinds: readonly string[]): { path: string[]; value: unknown; comment: string }[] {
  const out = [
    { path: ['device', 'name'], value: a.deviceName as unknown, comment: ' its name, as in the technical documentation' },
    { path: ['device', 'version'], value: a.deviceVersion, comment: ' the software version the SOUP list describes' },
    { path: ['device', 'manufacturer'], value: a.manufacturer, comment: ' the legal manufacturer' },
    { path: ['qms', 'effectiveDate'], value: a.qmsDate, comment: ' the date your IEC 62304 process took effect' },
    { path: ['records', 'folder'], value: a.recordsFolder, comment: ' the folder, relative to this file, that holds one YAML record per SOUP item' },
    { path: ['records', 'grouping'], value: a.grouping, comment: ' each: one record per item; by-direct-parent: transitive items share their direct parent\'s record' },
    { path: ['defaults', 'safetyClass'], value: a.safetyClass, comment: ' the IEC 62304 safety class a new SOUP record starts with: A no injury possible, B non-serious injury, C death or serious injury' },
    { path: ['defaults', 'surveillance', 'frequency'], value: a.surveillanceFrequency, comment: ' how often each item\'s anomaly and vulnerability reviews are redone (ISO 8601 duration)' },
  ];
  const kinds = new Set<string>([...existingKinds, ...Object.keys(a.kinds)]);
  for (const kind of kinds) {
    const v = a.kinds[kind as Kind];
    out.push({ path: ['defaults', 'kinds', kind, 'safetyClass'], value: v?.safetyClass, comment: ' this safety class' });
    out.push({ path: ['defaults', 'kinds', kind, 'surveillance', 'frequency'], value: v?.frequency, comment: v?.frequency ? ` reviews redone every ${v.frequency}${freqNote(v.frequency)}` : '' });
  }
  return out;
}

const TOP_COMMENTS: Record<string, string> = {
  device: ' The medical device this repository builds.',
  qms: ' Your quality management system.',
  records: ' The SOUP register: one YAML record per item.',
  defaults: ' What a new SOUP record starts with; each record is then reviewed and edited by a person.',
};

/**
 * Write the answers into an existing config's text: the keys init asks about are set (or removed when the answer is
 * empty), every other key, value and comment stays as written. The text must already be a valid config (the caller
 * has parsed it with parseConfig); the result is checked again.
 */
export function updateConfigYaml(text: string, a: InitAnswers, file: string): string {
  const doc = parseDocument(text, { uniqueKeys: true });
  if (!isMap(doc.contents)) {
    // an empty file (or only comments): nothing to keep but those comments
    const head = text.trim() ? `${text.trimEnd()}\n\n` : '';
    return head + buildConfigYaml(a);
  }
  try {
    return applyAnswers(doc, a, file);
  } catch (e) {
    if (e instanceof TureenError) throw e;
    // e.g. a section that is a YAML alias (device: *d): its keys cannot be set in place
    throw new TureenError({
      code: 'config.invalid', file, message: `tureen init --force cannot set its answers in this file (${(e as Error).message}); nothing was written`,
      fix: 'Write the device, qms, records and defaults sections out in full (without YAML aliases), or move the file away and run tureen init again.',
    });
  }
}

function applyAnswers(doc: Document, a: InitAnswers, file: string): string {
  const kindsNode = doc.getIn(['defaults', 'kinds'], true);
  const existingKinds = isMap(kindsNode) ? kindsNode.items.map((p) => String(isScalar(p.key) ? p.key.value : p.key)) : [];
  for (const e of ownedEntries(a, existingKinds)) {
    if (e.value === undefined) {
      if (doc.hasIn(e.path)) {
        doc.deleteIn(e.path);
        pruneEmpty(doc, e.path.slice(0, -1));
      }
      continue;
    }
    if (doc.hasIn(e.path) && doc.getIn(e.path) === e.value) continue; // unchanged: keep its quoting and comments
    const created = e.path.findIndex((_, i) => !doc.hasIn(e.path.slice(0, i + 1)));
    doc.setIn(e.path, doc.createNode(e.value));
    // comment each key this added; a new top-level section gets its heading comment and a blank line
    if (created === 0) setKeyComment(doc, e.path.slice(0, 1), TOP_COMMENTS[e.path[0]!] ?? '', true);
    if (created >= 0) {
      for (let i = Math.max(created, 1); i < e.path.length - 1; i++) setKeyComment(doc, e.path.slice(0, i + 1), sectionComment(e.path.slice(0, i + 1)));
      setKeyComment(doc, e.path, e.comment);
    }
  }
  let out = doc.toString({ lineWidth: 0 });
  if (!out.endsWith('\n')) out += '\n';
  parseConfig(out, file);
  return out;
}

/** The comment above a section key that init adds inside an existing file. */
function sectionComment(path: readonly string[]): string {
  const p = path.join('.');
  if (p === 'defaults.surveillance') return ' post-market surveillance of every item';
  if (p === 'defaults.kinds') return ' per kind of item: values that replace the defaults above';
  if (path.length === 3 && path[1] === 'kinds') return ` new records of kind ${path[2]} start with:`;
  if (path.length === 4 && path[1] === 'kinds' && path[3] === 'surveillance') return ' this surveillance plan';
  return '';
}

/** Remove maps a deleted answer left empty (an empty section would read as null, which the schema refuses). */
function pruneEmpty(doc: Document, path: string[]): void {
  for (let p = path; p.length; p = p.slice(0, -1)) {
    const node = doc.getIn(p, true);
    if (!isMap(node) || node.items.length) return;
    doc.deleteIn(p);
  }
}

function setKeyComment(doc: Document, path: string[], comment: string, blankBefore = false): void {
  const parent = path.length > 1 ? doc.getIn(path.slice(0, -1), true) : doc.contents;
  if (!isMap(parent)) return;
  const pair = (parent as YAMLMap).items.find((p: Pair) => (isScalar(p.key) ? p.key.value : p.key) === path[path.length - 1]);
  if (!pair) return;
  if (!isScalar(pair.key)) pair.key = doc.createNode(pair.key);
  const key = pair.key as { commentBefore?: string | null; spaceBefore?: boolean };
  if (comment) key.commentBefore = comment;
  if (blankBefore) key.spaceBefore = true;
}
