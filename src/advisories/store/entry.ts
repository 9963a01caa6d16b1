/**
 * One JSON document read from an export (a zip entry, a file): where it came from, and the parsed JSON or the reason
 * it could not be read. The readers in ../osv-dump make these; AdvisoryStore.importOsv takes them or bare records.
 */
export interface DumpEntry {
  /** "all.zip!GHSA-xxxx.json", "advisories/…/GHSA-xxxx.json", "file.json[3]": for messages only, never a path to open */
  readonly where: string;
  /** the parsed JSON; undefined when `problem` says why there is none */
  readonly record: unknown;
  /** why the document could not be read (not JSON, too large, damaged); the import counts it as refused */
  readonly problem?: string;
}

// A brand the JSON of an export cannot fake: an object with "where" and "record" keys from a hostile file is still
// treated as a record, because only objects made here are in this set.
const made = new WeakSet<object>();

export function dumpEntry(where: string, record: unknown): DumpEntry {
  const e: DumpEntry = { where, record };
  made.add(e);
  return e;
}

export function dumpProblem(where: string, problem: string): DumpEntry {
  const e: DumpEntry = { where, record: undefined, problem };
  made.add(e);
  return e;
}

export function isDumpEntry(x: unknown): x is DumpEntry {
  return typeof x === 'object' && x !== null && made.has(x);
}
