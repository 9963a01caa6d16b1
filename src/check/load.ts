import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { isMap, isSeq, parseDocument, type Document } from 'yaml';
import { TureenError } from '../model/errors.js';
import { SoupRecord } from '../model/record.js';
import { printable } from '../report/table.js';
import { LineIndex } from '../util/lines.js';

/** Why a record file could not be read as a SoupRecord: the YAML syntax, or the first schema issue. */
export interface RecordParseError {
  message: string;
  line?: number;
  key?: string;
}

/** One record file as `checkRecords` takes it. `record` is undefined when the file does not parse. */
export interface RecordInput {
  /** Path shown in findings (relative to the repository root, forward slashes). */
  file: string;
  text: string;
  record: SoupRecord | undefined;
  parseError?: RecordParseError;
  /** The parsed YAML document when the caller has it; otherwise parsed from `text` when a line is needed. */
  doc?: Document;
}

type Path = readonly (string | number)[];

/** Parse a record's YAML text: the record, or why not (with line and key). */
export function parseRecordText(file: string, text: string): RecordInput {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false, merge: false });
  const err = doc.errors[0];
  if (err) {
    const line = err.linePos?.[0]?.line ?? new LineIndex(text).lineAt(err.pos[0]);
    return { file, text, record: undefined, doc, parseError: { message: `not valid YAML: ${err.message.split('\n')[0]}`, line } };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    return { file, text, record: undefined, doc, parseError: { message: `YAML could not be read: ${e instanceof Error ? e.message : String(e)}` } };
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return { file, text, record: undefined, doc, parseError: { message: 'a record is a YAML mapping of keys (id, identification, …); this file holds something else', line: 1 } };
  }
  const r = SoupRecord.safeParse(data);
  if (r.success) return { file, text, record: r.data, doc };
  const issue = r.error.issues[0]!;
  const path = issue.path.map((p) => (typeof p === 'number' ? p : String(p)));
  // an unknown key's issue names the key in `keys`, not in `path`
  const keys = 'keys' in issue && Array.isArray(issue.keys) ? (issue.keys as string[]) : [];
  const full = keys.length ? [...path, keys[0]!] : path;
  const key = full.join('.');
  return {
    file, text, record: undefined, doc,
    parseError: { message: `${key ? `${key}: ` : ''}${issue.message}`, line: lineOfPath({ file, text, record: undefined, doc }, full), ...(key ? { key } : {}) },
  };
}

const lineIndexes = new WeakMap<RecordInput, LineIndex>();

/**
 * The 1-based line of the deepest existing part of `path` in the record's YAML (a mapping key's line, or a sequence
 * item's line); when not even the first key is there, the line where the record's content starts (after its header
 * comments), or 1. Parses `text` once, lazily, when no `doc` was given.
 */
export function lineOfPath(input: RecordInput, path: Path): number {
  if (!input.doc) input.doc = parseDocument(input.text, { uniqueKeys: false, merge: false });
  let li = lineIndexes.get(input);
  if (!li) {
    li = new LineIndex(input.text);
    lineIndexes.set(input, li);
  }
  let node: unknown = input.doc.contents;
  let offset: number | undefined;
  for (const k of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => String((p.key as { value?: unknown } | null)?.value ?? p.key) === String(k));
      if (!pair) break;
      offset = (pair.key as { range?: [number, number, number] } | null)?.range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof k === 'number') {
      const item = node.items[k] as { range?: [number, number, number] } | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else break;
  }
  if (offset === undefined) offset = (input.doc.contents as { range?: [number, number, number] } | null)?.range?.[0];
  return offset === undefined ? 1 : li.lineAt(offset);
}

/** A record larger than this is refused unread (a record is a few KiB; a huge file is a mistake or hostile). */
export const MAX_RECORD_BYTES = 1024 * 1024;

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
      const size = statSync(join(abs, n)).size;
      if (size > MAX_RECORD_BYTES) return { file, text: '', record: undefined, parseError: { message: `the file is ${size} bytes; a record is at most ${MAX_RECORD_BYTES} (1 MiB)` } };
      text = readFileSync(join(abs, n), 'utf8');
    } catch (e) {
      return { file, text: '', record: undefined, parseError: { message: `cannot read the file (${(e as Error).message})` } };
    }
    return parseRecordText(file, text);
  });
}
