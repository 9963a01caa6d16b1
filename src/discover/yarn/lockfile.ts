/**
 * Reading a yarn.lock (classic v1 and berry v2+) into plain data.
 *
 * Parsing itself is @yarnpkg/parsers' `parseSyml` (yarn's own parser: a PEG grammar for the v1 format,
 * js-yaml for berry). What is hand-written here is only what that library does not do:
 *  - telling the two flavours apart before parsing (`yarnLockFlavour`);
 *  - turning its exceptions into a TureenError with file, line and column;
 *  - the 1-based line of each entry (`entryLines`), which the parser does not keep;
 *  - a defence for `__proto__`: the v1 grammar builds objects with `Object.assign`, which treats a key
 *    named `__proto__` as the prototype setter, so a dependency named `__proto__` is silently DROPPED
 *    (string value) or replaces the object's prototype (block value). `protoDependencies` recovers those
 *    dependency lines from the text, and `ownRecord` copies only own properties so that nothing is read
 *    through a replaced prototype. js-yaml (berry) keeps `__proto__` as an own property already.
 */
import { parseSyml } from '@yarnpkg/parsers';
import { malformed, type TureenError } from '../../model/errors.js';
import { stripBom } from '../../util/json.js';

/** The fix for a lockfile entry that no root reaches, in yarn v1 and berry alike. */
export const STALE_FIX = 'Run `yarn install` to prune the lockfile, or add the dependency that should pull it in.';

export type YarnFlavour = 'v1' | 'berry' | 'empty' | 'unknown';

/** parseSyml's own test for the v1 format: leading comment lines, one of which says "yarn lockfile v1". */
const V1_HEADER = /^(#.*(\r?\n))*?#\s+yarn\s+lockfile\s+v1\r?\n/i;
/** Every berry lockfile has a top-level `__metadata:` mapping (written unquoted, at column 0). */
const BERRY_METADATA = /^"?__metadata"?[ \t]*:/m;

/** Which yarn wrote this lockfile, from its content (both are named yarn.lock). */
export function yarnLockFlavour(text: string): YarnFlavour {
  const t = stripBom(text);
  if (!t.trim()) return 'empty';
  if (V1_HEADER.test(t)) return 'v1';
  if (BERRY_METADATA.test(t)) return 'berry';
  return 'unknown';
}

/**
 * parseSyml with errors that name the file and place. The result is the top-level mapping as the
 * parser built it; callers read it only through `Object.keys` / `ownRecord`.
 */
export function parseYarnLock(text: string, file: string): Record<string, unknown> {
  let raw: unknown;
  try {
    raw = parseSyml(stripBom(text));
  } catch (e) {
    throw syntaxError(e, file);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw malformed(file, 'expected a mapping of entries at the top level of the lockfile', { line: 1 });
  }
  return raw as Record<string, unknown>;
}

function syntaxError(e: unknown, file: string): TureenError {
  if (e instanceof RangeError) {
    // the grammar and js-yaml both recurse per nesting level
    return malformed(file, 'the lockfile is nested too deeply to be a yarn lockfile');
  }
  const message = e instanceof Error ? e.message.split('\n')[0] ?? 'syntax error' : String(e);
  // peg$SyntaxError (v1 grammar): location.start.{line,column}, 1-based
  const loc = field(field(e, 'location'), 'start');
  const pegLine = field(loc, 'line');
  const pegColumn = field(loc, 'column');
  if (typeof pegLine === 'number') {
    return malformed(file, `not a valid yarn v1 lockfile: ${message}`, {
      line: pegLine,
      ...(typeof pegColumn === 'number' ? { column: pegColumn } : {}),
    });
  }
  // YAMLException (js-yaml, berry): mark.{line,column}, 0-based
  const mark = field(e, 'mark');
  const yLine = field(mark, 'line');
  const yColumn = field(mark, 'column');
  if (typeof yLine === 'number') {
    return malformed(file, `not valid YAML: ${(field(e, 'reason') as string | undefined) ?? message}`, {
      line: yLine + 1,
      ...(typeof yColumn === 'number' ? { column: yColumn + 1 } : {}),
    });
  }
  return malformed(file, `not a valid yarn lockfile: ${message}`);
}

function field(v: unknown, k: string): unknown {
  return typeof v === 'object' && v !== null && Object.prototype.hasOwnProperty.call(v, k) ? (v as Record<string, unknown>)[k] : undefined;
}

/** A copy of a parsed mapping's OWN properties in a null-prototype object (nothing inherited is read). */
export function ownRecord(v: unknown): Record<string, unknown> | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const k of Object.keys(v)) out[k] = (v as Record<string, unknown>)[k];
  return out;
}

/**
 * The 1-based line of every top-level key, by key text as the parser returns it: for v1 each
 * `name@range` of a `a@1, "b@2":` line, for berry the whole quoted `"a@npm:1, a@npm:^1"` string.
 */
export function entryLines(text: string): Map<string, number> {
  const out = new Map<string, number>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).replace(/\r$/, '');
    if (!line || line[0] === ' ' || line[0] === '\t' || line[0] === '#') continue;
    const m = /^(.*?):\s*$/.exec(line);
    if (!m) continue;
    for (const token of keyTokens(m[1] as string)) if (!out.has(token)) out.set(token, i + 1);
  }
  return out;
}

/** Split a key line on the commas that are outside double quotes; unquote each part. */
function keyTokens(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] as string;
    if (ch === '\\' && quoted) {
      cur += ch + (s[i + 1] ?? '');
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
      cur += ch;
    } else if (ch === ',' && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((t) => unquote(t.trim())).filter((t) => t.length > 0);
}

function unquote(t: string): string {
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) {
    try {
      const v: unknown = JSON.parse(t);
      if (typeof v === 'string') return v;
    } catch {
      /* not JSON-quoted: keep the text between the quotes */
    }
    return t.slice(1, -1);
  }
  return t;
}

/** A `__proto__` dependency line recovered from a v1 lockfile's text. */
export interface ProtoDependency {
  /** The block it is in, e.g. "dependencies" or "optionalDependencies". */
  block: string;
  range: string;
  line: number;
}

/**
 * v1 only: dependency lines named `__proto__` (`    "__proto__" "^1.0.0"`), by the key tokens of the
 * entry they belong to. The v1 grammar drops them (see the top of this file); yarn v1 itself keeps them.
 */
export function protoDependencies(text: string): Map<string, ProtoDependency[]> {
  const out = new Map<string, ProtoDependency[]>();
  if (!text.includes('__proto__')) return out;
  const lines = text.split('\n');
  let entryKeys: string[] = [];
  let block = '';
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).replace(/\r$/, '');
    if (!line.trim() || line.trimStart().startsWith('#')) continue;
    const indent = line.length - line.trimStart().length;
    if (indent === 0) {
      const m = /^(.*?):\s*$/.exec(line);
      entryKeys = m ? keyTokens(m[1] as string) : [];
      block = '';
    } else if (indent === 2) {
      const m = /^ {2}("?)([A-Za-z]+)\1:\s*$/.exec(line);
      block = m ? (m[2] as string) : '';
    } else if (indent === 4 && block) {
      const m = /^ {4}("?)__proto__\1:?\s+(.+?)\s*$/.exec(line);
      if (!m) continue;
      const range = unquote(m[2] as string);
      for (const key of entryKeys) {
        const list = out.get(key) ?? [];
        list.push({ block, range, line: i + 1 });
        out.set(key, list);
      }
    }
  }
  return out;
}
