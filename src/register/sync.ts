import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, normalize, relative } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { z } from 'zod';
import type { Config } from '../model/config.js';
import { TureenError } from '../model/errors.js';
import type { Finding } from '../model/finding.js';
import type { Inventory } from '../model/inventory.js';
import { SoupRecord } from '../model/record.js';
import { scan, type ScanOptions } from '../scan.js';
import { writeFileAtomic } from '../util/fs.js';
import { recordDefaults, recordsSettings } from '../config/init.js';
import { fetchMetadataReport, metadataKey, registryCacheDir, type FetchOptions } from '../registry/index.js';
import { insideFolder } from './filename.js';
import { planSync, type SyncPlan } from './plan.js';

/**
 * The record folder the config names (`records.folder`, default `soup`), repository-relative; it must stay inside the
 * repository (the config schema checks it too; this is the last guard before writing).
 */
export function recordsFolder(config: Config, configFile = 'tureen.config.yaml'): string {
  const { folder } = recordsSettings(config);
  const norm = normalize(folder).replace(/\\/g, '/').replace(/\/+$/, '');
  if (!norm || norm === '.' || isAbsolute(folder) || norm === '..' || norm.startsWith('../')) {
    throw new TureenError({ code: 'config.invalid', file: configFile, place: { key: 'records.folder' }, message: `records.folder "${folder}" must be a folder inside the repository`, fix: 'Give a repository-relative folder such as soup or docs/soup.' });
  }
  return norm;
}

export interface SyncOptions extends Pick<ScanOptions, 'config' | 'exclude'> {
  /** Registry metadata from the cache only: never a network request. */
  offline?: boolean;
  /** Registry base URLs (a mirror, or a test server), per OSV ecosystem. */
  registryBaseUrls?: FetchOptions['baseUrls'];
  /** Print what would change (a unified diff) and write nothing. */
  dryRun?: boolean;
  /** YYYY-MM-DD for history entries (default: today, UTC). */
  today?: string;
}

export interface SyncResult {
  inventory: Inventory;
  /** Repository-relative record folder. */
  folder: string;
  plan: SyncPlan;
  findings: Finding[];
  /** With dryRun: the unified diff of every planned write. */
  diff?: string;
}

const LOCK = join('.tureen', 'sync.lock');

/** A lock against a second `sync` on the same repository: created exclusively; a lock whose process is gone is taken over. */
export function acquireLock(root: string): () => void {
  const path = join(root, LOCK);
  mkdirSync(join(root, '.tureen'), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, String(process.pid), { flag: 'wx' });
      return () => rmSync(path, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new TureenError({ code: 'output.write', file: LOCK, message: `cannot create the lock (${(e as Error).message})`, fix: 'Check that the repository folder is writable.', cause: e });
      const pid = Number(readFileSync(path, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && alive(pid)) {
        throw new TureenError({ code: 'usage', file: LOCK, message: `another tureen sync is running on this repository (process ${pid})`, fix: 'Wait for it to finish and run sync again. If no sync is running, delete .tureen/sync.lock.' });
      }
      rmSync(path, { force: true }); // its process is gone: a stale lock
    }
  }
  throw new TureenError({ code: 'usage', file: LOCK, message: 'could not take the sync lock', fix: 'Delete .tureen/sync.lock if no sync is running, and run sync again.' });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The record files of the folder (regular `*.yaml` files; links and anything else are reported and left alone). */
function readRecords(abs: string, folder: string, findings: Finding[]): { file: string; text: string }[] {
  if (!existsSync(abs)) return [];
  const out: { file: string; text: string }[] = [];
  for (const name of readdirSync(abs).sort()) {
    if (!name.endsWith('.yaml') || name.startsWith('.')) continue;
    const st = lstatSync(join(abs, name));
    if (!st.isFile()) {
      findings.push({ rule: 'sync.not-a-file', severity: 'warning', message: `${name} is not a regular file (a link?); Tureen neither reads nor writes it`, file: `${folder}/${name}`, fix: 'Replace it with the record file itself.' });
      continue;
    }
    out.push({ file: name, text: readFileSync(join(abs, name), 'utf8') });
  }
  return out;
}

/**
 * `tureen sync`: scan, then create, update or mark removed one record per SOUP item in the record folder (see
 * planSync for the rules that keep people's words). Every file is written atomically (temp file + rename), under a lock
 * against a concurrent sync; with dryRun nothing is written and the diff is returned.
 */
export async function sync(dir: string, opts: SyncOptions = {}): Promise<SyncResult> {
  const inventory = await scan(dir, { ...(opts.config ? { config: opts.config } : {}), ...(opts.exclude ? { exclude: opts.exclude } : {}) });
  const root = inventory.root;
  const folder = recordsFolder(inventory.config, inventory.configFile);
  const abs = join(root, folder);
  if (relative(root, abs).startsWith('..')) throw new TureenError({ code: 'config.invalid', message: 'the record folder is outside the repository', fix: 'Give a repository-relative folder.' });
  const release = opts.dryRun ? () => undefined : acquireLock(root);
  try {
    const findings: Finding[] = [];
    const existing = readRecords(abs, folder, findings);
    const today = opts.today ?? new Date().toISOString().slice(0, 10);
    const config = inventory.config;
    const soup = inventory.components.filter((c) => c.classification.soup);
    const reg = await fetchMetadataReport(soup.map((c) => ({ ecosystem: c.ecosystem, name: c.name, version: c.version })), {
      cacheDir: registryCacheDir(root),
      offline: !!opts.offline,
      // a mirror named in the config (Artifactory, Nexus …); an explicit option (tests) wins
      baseUrls: { ...config.registries, ...opts.registryBaseUrls },
    });
    findings.push(...registryFindings(reg, !!opts.offline));
    const plan = planSync({
      metadata: (c) => reg.metadata.get(metadataKey({ ecosystem: c.ecosystem, name: c.name, version: c.version })),
      existing,
      items: soup,
      today,
      folder,
      grouping: recordsSettings(config).grouping,
      // a new record starts with the config's defaults for its kind (defaults.kinds.<kind>, else defaults)
      defaults: (c) => {
        const d = recordDefaults(config, c.classification.kind);
        return { ...(d.safetyClass ? { safetyClass: d.safetyClass } : {}), surveillance: d.surveillance };
      },
    });
    findings.push(...plan.findings);
    if (opts.dryRun) {
      const diff = plan.writes.map((w) => createTwoFilesPatch(w.before === undefined ? '/dev/null' : `a/${folder}/${w.file}`, `b/${folder}/${w.file}`, w.before ?? '', w.after, '', '', { context: 3 })).join('');
      return { inventory, folder, plan, findings, diff };
    }
    if (plan.writes.length) mkdirSync(abs, { recursive: true });
    for (const w of plan.writes) writeFileAtomic(insideFolder(abs, w.file), w.after);
    writeSchema(abs);
    return { inventory, folder, plan, findings };
  } finally {
    release();
  }
}

/** `<folder>/.schema/record.schema.json`, which every record's header names, so editors complete and check records. */
function writeSchema(abs: string): void {
  if (!existsSync(abs)) return;
  const dir = join(abs, '.schema');
  const path = join(dir, 'record.schema.json');
  const text = `${JSON.stringify(z.toJSONSchema(SoupRecord, { io: 'input', unrepresentable: 'any' }), null, 2)}\n`;
  if (existsSync(path) && readFileSync(path, 'utf8') === text) return;
  mkdirSync(dir, { recursive: true });
  writeFileAtomic(path, text);
}

/**
 * What the registries could not answer, as a few findings (one per registry and kind of trouble, not one per item):
 * a sync never fails for it, and the records keep what the lockfiles say.
 */
function registryFindings(reg: Awaited<ReturnType<typeof fetchMetadataReport>>, offline: boolean): Finding[] {
  const out: Finding[] = [];
  const byHost = new Map<string, { n: number; example: string }>();
  for (const f of reg.failures) {
    const host = hostOf(f.error.file) ?? f.item.ecosystem;
    const e = byHost.get(host) ?? { n: 0, example: `${f.item.name}@${f.item.version}: ${f.error.message}` };
    e.n++;
    byHost.set(host, e);
  }
  for (const [host, e] of byHost) {
    out.push({ rule: 'sync.registry-unreachable', severity: 'warning', message: `${host} could not answer for ${e.n} item${e.n === 1 ? '' : 's'} (e.g. ${e.example}); their records keep what the scan found`, fix: 'Check the network or proxy and run sync again, or run it with --offline to use the cache only.' });
  }
  if (offline && reg.notCached.length) {
    out.push({ rule: 'sync.metadata-not-cached', severity: 'info', message: `offline: ${reg.notCached.length} item${reg.notCached.length === 1 ? ' has' : 's have'} no cached registry metadata; their records keep what the scan found`, fix: 'Run sync once online to fill the cache (.tureen/cache/registry/).' });
  }
  return out;
}

function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}
