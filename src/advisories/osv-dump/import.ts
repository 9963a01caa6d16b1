import { mkdirSync, statSync, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { HttpClient } from '../../net/http.js';
import { isTureenError, TureenError } from '../../model/errors.js';
import { addStats, emptyStats, type AdvisoryStore, type ImportStats } from '../store/store.js';
import type { DumpEntry } from '../store/entry.js';
import { readOsvFile, readOsvFolder } from './folder.js';
import { readOsvZip, type ZipLimits } from './zip.js';

export const DEFAULT_OSV_EXPORTS = 'https://osv-vulnerabilities.storage.googleapis.com';

/** An import's counts, and the JSON documents read (files of a folder, entries of a zip, refused ones included). */
export type PathImportStats = ImportStats & { files: number };

export interface ReadLimits {
  zip?: Partial<ZipLimits>;
  maxFileBytes?: number;
}

async function* counted(entries: AsyncIterable<DumpEntry>, count: { files: number }): AsyncGenerator<DumpEntry> {
  let last = '';
  for await (const e of entries) {
    // an array document yields several entries "file[0]", "file[1]"…: one document
    const doc = e.where.replace(/\[\d+\]$/, '');
    if (doc !== last) count.files++;
    last = doc;
    yield e;
  }
}

async function isZip(file: string, st: Stats): Promise<boolean> {
  if (file.toLowerCase().endsWith('.zip')) return true;
  if (st.size < 4) return false;
  const fh = await open(file, 'r');
  try {
    const head = Buffer.alloc(4);
    await fh.read(head, 0, 4, 0);
    return head.readUInt32LE(0) === 0x04034b50;
  } finally {
    await fh.close();
  }
}

function counts(s: ImportStats): string {
  return `${s.added} added, ${s.updated} updated, ${s.withdrawn} withdrawn, ${s.unchanged} unchanged, ${s.invalidCount} refused`;
}

/**
 * Import OSV exports: zips (`all.zip`), folders of OSV JSON (searched recursively) and single JSON files, in the
 * order given. Every path is checked before the first is read, so a typo does not leave half an import. Records the
 * import of each path as a source (`db status` lists it).
 */
export async function importPaths(store: AdvisoryStore, paths: readonly string[], limits: ReadLimits = {}): Promise<PathImportStats> {
  const plan: { path: string; kind: 'zip' | 'folder' | 'file' }[] = [];
  for (const p of paths) {
    let st: Stats;
    try {
      st = statSync(p);
    } catch (e) {
      throw new TureenError({ code: 'input.unreadable', file: p, message: `cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, fix: 'Check the path: an OSV export (all.zip), a folder of OSV JSON files or one .json file.', cause: e });
    }
    if (st.isDirectory()) plan.push({ path: p, kind: 'folder' });
    else if (st.isFile() && (await isZip(p, st))) plan.push({ path: p, kind: 'zip' });
    else if (st.isFile() && p.toLowerCase().endsWith('.json')) plan.push({ path: p, kind: 'file' });
    else throw new TureenError({ code: 'usage', file: p, message: 'not a .zip, a .json file or a folder', fix: 'Name OSV exports (all.zip), folders of OSV JSON files or .json files.' });
  }
  const total: PathImportStats = { ...emptyStats(), files: 0 };
  for (const { path, kind } of plan) {
    const count = { files: 0 };
    const entries = kind === 'zip' ? readOsvZip(path, limits.zip) : kind === 'folder' ? readOsvFolder(path, limits) : readOsvFile(path, limits);
    const abs = resolve(path);
    const stats = await store.importOsv(counted(entries, count), abs);
    store.setSource(`import:${abs}`, { updatedAt: new Date().toISOString(), detail: `${count.files} documents: ${counts(stats)}` });
    addStats(total, stats);
    total.files += count.files;
  }
  return total;
}

export interface EcosystemUpdate {
  ecosystem: string;
  url: string;
  /** imported; not-found: the bucket has no such export (404); failed: download or archive refused (error says why) */
  outcome: 'imported' | 'not-found' | 'failed';
  bytes?: number;
  stats?: PathImportStats;
  error?: string;
}

export interface UpdateResult {
  ecosystems: EcosystemUpdate[];
  total: PathImportStats;
}

/** OSV ecosystem names as the bucket spells its folders: "npm", "crates.io", "Debian:12", "Red Hat", "Ubuntu:22.04:LTS". */
const ECOSYSTEM = /^[A-Za-z0-9][A-Za-z0-9 .:_+-]{0,99}$/;

/**
 * Download each ecosystem's export (`<baseUrl>/<ecosystem>/all.zip`) into cacheDir, streamed, and import it
 * incrementally; records `osv:<ecosystem>` as a source. One ecosystem after the other; a missing export (404) or a
 * failed one does not stop the others: each outcome is in the result.
 */
export async function updateFromOsv(store: AdvisoryStore, ecosystems: readonly string[], opts: { baseUrl?: string; http?: HttpClient; cacheDir: string; limits?: ReadLimits; progress?: (message: string) => void }): Promise<UpdateResult> {
  for (const eco of ecosystems) {
    if (!ECOSYSTEM.test(eco)) throw new TureenError({ code: 'usage', message: `"${eco}" is not an OSV ecosystem name`, fix: 'Use OSV\'s names: npm, PyPI, Maven, Go, crates.io, NuGet, Debian, Alpine … (https://ossf.github.io/osv-schema/#affectedpackage-field).' });
  }
  const base = (opts.baseUrl ?? DEFAULT_OSV_EXPORTS).replace(/\/+$/, '');
  // one export is tens to hundreds of MB: the per-attempt timeout covers the whole body
  const http = opts.http ?? new HttpClient({ service: 'OSV\'s export bucket', timeoutMs: 30 * 60_000, concurrency: 1 });
  mkdirSync(opts.cacheDir, { recursive: true });
  const result: UpdateResult = { ecosystems: [], total: { ...emptyStats(), files: 0 } };
  for (const eco of [...new Set(ecosystems)]) {
    const url = `${base}/${encodeURIComponent(eco).replace(/%3A/gi, ':')}/all.zip`;
    const file = join(opts.cacheDir, `osv-${eco.replace(/[^A-Za-z0-9.-]/g, '_')}-all.zip`);
    try {
      opts.progress?.(`${eco}: downloading ${url}`);
      const got = await http.download(url, file);
      if (!got) {
        result.ecosystems.push({ ecosystem: eco, url, outcome: 'not-found' });
        continue;
      }
      opts.progress?.(`${eco}: importing ${got.bytes} bytes`);
      const count = { files: 0 };
      const stats = await store.importOsv(counted(readOsvZip(file, opts.limits?.zip), count), `osv:${eco}`);
      const s: PathImportStats = { ...stats, files: count.files };
      store.setSource(`osv:${eco}`, { updatedAt: new Date().toISOString(), detail: `${url} (${got.bytes} bytes, ${count.files} documents): ${counts(stats)}` });
      result.ecosystems.push({ ecosystem: eco, url, outcome: 'imported', bytes: got.bytes, stats: s });
      addStats(result.total, stats);
      result.total.files += count.files;
    } catch (e) {
      if (!isTureenError(e)) throw e;
      result.ecosystems.push({ ecosystem: eco, url, outcome: 'failed', error: e.message });
    }
  }
  return result;
}

/**
 * The ecosystems `db update` refreshes when none is named: the base ecosystem of every stored advisory ("Debian:12"
 * → "Debian", whose export holds every release) and every ecosystem updated before.
 */
export function storedEcosystems(store: AdvisoryStore): string[] {
  const out = new Set(store.ecosystems());
  for (const s of store.status().sources) if (s.name.startsWith('osv:')) out.add(s.name.slice(4));
  return [...out].filter((e) => ECOSYSTEM.test(e)).sort();
}
