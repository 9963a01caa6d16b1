import { isMap, isSeq, parseDocument, type Document } from 'yaml';
import { SoupRecord } from '../model/record.js';
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
 * item's line), or 1 when not even the first key is there. Parses `text` once, lazily, when no `doc` was given.
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
  return offset === undefined ? 1 : li.lineAt(offset);
}
