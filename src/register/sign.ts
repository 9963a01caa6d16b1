import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { recordContentHash } from '../check/hash.js';
import { loadConfig } from '../config/load.js';
import { TureenError } from '../model/errors.js';
import { SoupRecord } from '../model/record.js';
import { writeFileAtomic } from '../util/fs.js';
import { clip } from '../util/text.js';
import { insideFolder } from './filename.js';
import { acquireLock, recordsFolder } from './sync.js';

export type SignRole = 'reviewer' | 'approver';

export interface SignOptions {
  role: SignRole;
  name: string;
  config?: string;
  /** YYYY-MM-DD (default: today, UTC). */
  today?: string;
}

export interface SignResult {
  file: string;
  version: string;
  contentHash: string;
}

interface Candidate {
  file: string;
  text: string;
  record: SoupRecord;
}

/**
 * The record an argument names: a file name (`npm-express.yaml`), a record id (`npm/express`), a package name
 * (`express`) or `name@version`. An argument that names several records is an error that lists them.
 */
export function findRecord(candidates: readonly Candidate[], arg: string): Candidate {
  const at = arg.lastIndexOf('@');
  const byVersion = at > 0 ? { name: arg.slice(0, at), version: arg.slice(at + 1) } : undefined;
  const hits = candidates.filter((c) => c.file === arg || c.file === `${arg}.yaml` || c.record.id === arg || c.record.identification.name === arg
    || (byVersion && c.record.identification.name === byVersion.name && c.record.identification.version === byVersion.version));
  if (hits.length === 1) return hits[0]!;
  if (!hits.length) {
    throw new TureenError({ code: 'usage', message: `no SOUP record is named "${clip(arg)}"`, fix: 'Give the record\'s file name, its id (e.g. npm/express), the package name, or name@version; `ls` the record folder to see them.' });
  }
  throw new TureenError({ code: 'usage', message: `"${clip(arg)}" names ${hits.length} records: ${hits.map((h) => h.file).join(', ')}`, fix: 'Give the file name or name@version of the one to sign.' });
}

/**
 * `tureen sign`: record who signed which version of a record, when, and the hash of what they signed (the same hash
 * `check` recomputes, so a record changed after signing shows). Approvals and history are only ever appended.
 */
export function sign(dir: string, item: string, opts: SignOptions): SignResult {
  const name = opts.name.trim();
  if (!name) throw new TureenError({ code: 'usage', message: 'the signer\'s name is empty', fix: 'Give --name "First Last".' });
  const root = resolve(dir);
  const { config, file: configFile } = loadConfig(root, opts.config);
  const folder = recordsFolder(config, configFile);
  const abs = join(root, folder);
  if (!existsSync(abs)) throw new TureenError({ code: 'usage', file: folder, message: 'there is no record folder yet', fix: 'Run `tureen sync` first: it writes one record per SOUP item.' });
  const candidates: Candidate[] = [];
  for (const f of readdirSync(abs).filter((n) => n.endsWith('.yaml') && !n.startsWith('.')).sort()) {
    const text = readFileSync(join(abs, f), 'utf8');
    const parsed = SoupRecord.safeParse(parseDocument(text).toJS({ maxAliasCount: 100 }));
    if (parsed.success) candidates.push({ file: f, text, record: parsed.data });
  }
  const target = findRecord(candidates, item);
  const release = acquireLock(root);
  try {
    // read again under the lock: what is signed is what is in the file now
    const text = readFileSync(join(abs, target.file), 'utf8');
    const doc = parseDocument(text, { uniqueKeys: true });
    const parsed = SoupRecord.safeParse(doc.toJS({ maxAliasCount: 100 }));
    if (doc.errors.length || !parsed.success) {
      throw new TureenError({ code: 'input.malformed', file: `${folder}/${target.file}`, message: 'the record does not parse or fit the schema, so it cannot be signed', fix: 'Run `tureen check` to see what is wrong, fix it, and sign again.' });
    }
    const record = parsed.data;
    if (record.status === 'removed') {
      throw new TureenError({ code: 'usage', file: `${folder}/${target.file}`, message: 'this item is no longer in the device (status: removed)', fix: 'Sign the records of items the device ships.' });
    }
    const today = opts.today ?? new Date().toISOString().slice(0, 10);
    const contentHash = recordContentHash(record);
    const approval = { role: opts.role, name, date: today, version: record.identification.version, contentHash };
    if (doc.hasIn(['approvals'])) doc.addIn(['approvals'], doc.createNode(approval));
    else doc.setIn(['approvals'], doc.createNode([approval]));
    const entry = { date: today, event: 'signed', to: record.identification.version, note: `${opts.role}: ${name}` };
    if (doc.hasIn(['history'])) doc.addIn(['history'], doc.createNode(entry));
    else doc.setIn(['history'], doc.createNode([entry]));
    writeFileAtomic(insideFolder(abs, target.file), doc.toString({ flowCollectionPadding: false, lineWidth: 0 }));
    return { file: `${folder}/${target.file}`, version: record.identification.version, contentHash };
  } finally {
    release();
  }
}
