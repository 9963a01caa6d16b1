import { join, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parseDocument, type Document } from 'yaml';
import { readRecordFolder } from '../check/load.js';
import { loadConfig } from '../config/load.js';
import type { Config } from '../model/config.js';
import { SoupRecord } from '../model/record.js';
import { writeFileAtomic } from '../util/fs.js';
import { insideFolder } from './filename.js';
import { acquireLock, recordsFolder } from './sync.js';

/** One record as an editor sees it: the parsed record and its YAML document (comments and layout kept). */
export interface EditableRecord {
  /** Repository-relative path, forward slashes. */
  file: string;
  record: SoupRecord;
  doc: Document;
}

export interface EditResult {
  /** The record folder, repository-relative. */
  folder: string;
  /** Files written. */
  changed: string[];
  /** Records that did not parse or fit the schema: never edited. */
  skipped: string[];
}

/**
 * Edit records in place, the way `sign` and `check --record` do: under the sync lock, each record read again, changed
 * through the YAML Document API (so comments, key order and every value not touched stay as written), re-validated
 * against the schema, and written atomically. `edit` returns true when it changed the document. A record that does
 * not parse is never touched. With `dryRun` nothing is written (the result still lists what would change).
 */
export function editRecords(
  dir: string,
  opts: { config?: string; dryRun?: boolean },
  edit: (r: EditableRecord, ctx: { config: Config }) => boolean,
): EditResult {
  const root = resolve(dir);
  const { config, file: configFile } = loadConfig(root, opts.config);
  const folder = recordsFolder(config, configFile);
  const release = opts.dryRun ? () => undefined : acquireLock(root);
  try {
    const changed: string[] = [];
    const skipped: string[] = [];
    for (const input of readRecordFolder(root, folder)) {
      if (!input.record) {
        skipped.push(input.file);
        continue;
      }
      const doc = parseDocument(input.text, { uniqueKeys: true });
      if (!edit({ file: input.file, record: input.record, doc }, { config })) continue;
      const after = doc.toString({ flowCollectionPadding: false, lineWidth: 0 });
      // an edit that would make the record invalid is a bug: refuse it rather than write a broken record
      const check = SoupRecord.safeParse(parseDocument(after).toJS({ maxAliasCount: 100 }));
      if (!check.success) throw new Error(`internal: an edit of ${input.file} would break the record schema (${check.error.issues[0]?.path.join('.')}: ${check.error.issues[0]?.message})`);
      if (after === input.text) continue;
      if (!opts.dryRun) writeFileAtomic(insideFolder(join(root, folder), input.file.slice(input.file.lastIndexOf('/') + 1)), after);
      changed.push(input.file);
    }
    return { folder, changed, skipped };
  } finally {
    release();
  }
}

/** Append to a sequence at `path`, creating it when absent. */
export function appendIn(doc: Document, path: readonly (string | number)[], value: unknown): void {
  if (doc.hasIn(path)) doc.addIn(path, doc.createNode(value));
  else doc.setIn(path, doc.createNode([value]));
}

/**
 * When sync has moved a record to a new version, it copies the reviews into the `version-change` history entry and
 * leaves them in place, still naming the old version, for a person to start the new version's review. The review
 * commands (`vulns --record`, `anomalies --record`, `vex import`) start it themselves — a draft of the version shipped
 * replaces the old review — but only when that history entry holds the old review exactly as it stands; the review's
 * own YAML (with its comments) then takes the copy's place in the history, so nothing a person wrote is lost. A review
 * edited after the version change is left alone. True when the draft was started.
 */
export function startReviewOfCurrentVersion(r: EditableRecord, key: 'vulnerabilityReview' | 'anomalyReview', sources: readonly string[]): boolean {
  const version = r.record.identification.version;
  const review = r.record[key];
  if (!review || review.version === version) return false;
  const js = r.doc.toJS() as { history?: { event?: string; to?: string; previous?: Record<string, unknown> }[] } & Record<string, unknown>;
  const at = (js.history ?? []).map((h) => h.event).lastIndexOf('version-change');
  const change = js.history?.[at];
  if (!change || change.to !== version || !isDeepStrictEqual(change.previous?.[key], js[key])) return false;
  // the history's copy becomes the review's own node, comments and layout included (the same content, checked above)
  r.doc.setIn(['history', at, 'previous', key], r.doc.getIn([key], true));
  const draft = { version, sources: [...new Set(sources)], entries: [] };
  r.doc.setIn([key], r.doc.createNode(draft));
  r.record = { ...r.record, [key]: draft };
  return true;
}
