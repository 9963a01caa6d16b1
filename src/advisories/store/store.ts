import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { TureenError } from '../../model/errors.js';
import { advisoryEcosystems, baseEcosystem, normalizeName } from '../osv/names.js';
import { parseOsv, type Osv } from '../osv/schema.js';
import { isDumpEntry } from './entry.js';
import { cpeKey, cpeProducts, NvdCve } from './nvd.js';
import { timeKey } from './time.js';

/** The layout below; a store written by a newer Tureen (higher number) is refused, never downgraded. */
export const SCHEMA_VERSION = 1;
/** SQLite's application_id header field: "TRN1", so that --db pointing at another program's database is refused. */
const APPLICATION_ID = 0x54524e31;

/**
 * The few withdrawn records, so that counting the advisories (every review reports it) is the table's own count
 * less this small index's, instead of reading every row and its body. Added after layout 1 was released: an older
 * store gets it when opened for writing (an extra index changes nothing for a Tureen that does not know it).
 */
const WITHDRAWN_INDEX = 'CREATE INDEX IF NOT EXISTS advisory_withdrawn ON advisory(pk) WHERE withdrawn = 1';
/** The same for NVD's rejected CVEs. */
const REJECTED_INDEX = "CREATE INDEX IF NOT EXISTS nvd_rejected ON nvd(pk) WHERE status = 'Rejected'";

const SCHEMA = `
CREATE TABLE advisory (
  pk INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  modified TEXT NOT NULL,       -- as the record writes it
  modified_key TEXT NOT NULL,   -- the same instant as a sortable UTC key (time.ts): imports compare these
  withdrawn INTEGER NOT NULL,   -- 1: kept so that it hides older versions of the record, never a candidate
  source TEXT NOT NULL,         -- the import that stored this version
  body BLOB NOT NULL            -- deflate-raw of the record's JSON, as the OSV schema parsed it
);
CREATE INDEX advisory_modified ON advisory(modified_key);
${WITHDRAWN_INDEX};
-- one row per (ecosystem, normalised name) an advisory affects; none for withdrawn advisories
CREATE TABLE affected (
  ecosystem TEXT NOT NULL,
  name TEXT NOT NULL,
  adv INTEGER NOT NULL REFERENCES advisory(pk) ON DELETE CASCADE,
  PRIMARY KEY (ecosystem, name, adv)
) WITHOUT ROWID;
CREATE INDEX affected_adv ON affected(adv);
CREATE TABLE alias (
  alias TEXT NOT NULL,
  adv INTEGER NOT NULL REFERENCES advisory(pk) ON DELETE CASCADE,
  PRIMARY KEY (alias, adv)
) WITHOUT ROWID;
CREATE INDEX alias_adv ON alias(adv);
CREATE TABLE kev (
  cve TEXT PRIMARY KEY,
  date_added TEXT NOT NULL,
  due_date TEXT,
  known_ransomware TEXT,
  name TEXT,
  catalog_version TEXT NOT NULL
);
CREATE TABLE epss (
  cve TEXT PRIMARY KEY,
  epss REAL NOT NULL,
  percentile REAL NOT NULL,
  date TEXT NOT NULL
);
CREATE TABLE nvd (
  pk INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  modified_key TEXT NOT NULL,
  status TEXT,
  source TEXT NOT NULL,
  body BLOB NOT NULL            -- deflate-raw of the NVD cve object's JSON
);
CREATE TABLE nvd_cpe (
  vendor TEXT NOT NULL,
  product TEXT NOT NULL,
  nvd INTEGER NOT NULL REFERENCES nvd(pk) ON DELETE CASCADE,
  PRIMARY KEY (vendor, product, nvd)
) WITHOUT ROWID;
CREATE INDEX nvd_cpe_nvd ON nvd_cpe(nvd);
${REJECTED_INDEX};
CREATE TABLE source (
  name TEXT PRIMARY KEY,
  updated_at TEXT NOT NULL,
  detail TEXT
);
`;

/** A record an import refused: where it was read, its id when it has one, the JSON path and why. */
export interface RefusedRecord {
  where: string;
  id?: string;
  path: string;
  message: string;
}

/**
 * What an import did. added + updated + unchanged + withdrawn + invalidCount = the records read.
 * `withdrawn` counts withdrawn records this import stored (new, or replacing an older version, which they hide);
 * `unchanged` counts records whose stored version is as new or newer.
 */
export interface ImportStats {
  added: number;
  updated: number;
  unchanged: number;
  withdrawn: number;
  /** the first MAX_REFUSED refused records */
  invalid: RefusedRecord[];
  /** every refused record */
  invalidCount: number;
}

export const MAX_REFUSED = 100;

export function emptyStats(): ImportStats {
  return { added: 0, updated: 0, unchanged: 0, withdrawn: 0, invalid: [], invalidCount: 0 };
}

/** Add b's counts to a (the refused list stays capped). */
export function addStats(a: ImportStats, b: ImportStats): ImportStats {
  a.added += b.added;
  a.updated += b.updated;
  a.unchanged += b.unchanged;
  a.withdrawn += b.withdrawn;
  for (const r of b.invalid) if (a.invalid.length < MAX_REFUSED) a.invalid.push(r);
  a.invalidCount += b.invalidCount;
  return a;
}

function refuse(stats: ImportStats, r: RefusedRecord): void {
  stats.invalidCount++;
  if (stats.invalid.length < MAX_REFUSED) stats.invalid.push(r);
}

export interface KevEntry {
  cve: string;
  dateAdded: string;
  dueDate?: string;
  knownRansomware?: string;
  name?: string;
  /** the catalogue version that listed it */
  catalogVersion: string;
}

export interface EpssEntry {
  cve: string;
  epss: number;
  percentile: number;
  /** the score's date (YYYY-MM-DD) */
  date: string;
}

export interface SourceInfo {
  name: string;
  updatedAt: string;
  detail?: string;
}

/** What the store holds, in counts a review reports (cheap: no per-row work in the advisory tables). */
export interface StoreSummary {
  /** advisories that are not withdrawn */
  advisories: number;
  withdrawn: number;
  sources: SourceInfo[];
  kev: number;
  epss: number;
  nvd: number;
  /** the latest `modified` of any stored advisory, as written */
  newestModified?: string;
}

export interface StoreStatus extends StoreSummary {
  path: string;
  /** the database file and its write-ahead log */
  sizeBytes: number;
  /** advisories (not withdrawn) per ecosystem as the advisories write it ("npm", "Debian:12"); one advisory may count in several */
  byEcosystem: Record<string, number>;
}

/** An advisory ready to write: parsed, keyed, compressed; the transaction only compares and writes. */
interface Prepared {
  id: string;
  modified: string;
  key: string;
  withdrawn: boolean;
  body: Buffer;
  affected: [ecosystem: string, name: string][];
  aliases: string[];
}

/** Records per transaction, and compressed bytes per transaction: a batch is committed whole or not at all. */
const BATCH_RECORDS = 1000;
const BATCH_BYTES = 16 * 1024 * 1024;

function encode(value: unknown): Buffer {
  // level 1: nearly the size of level 6 on OSV records (measured on the corpus: 23 vs 22 KB of 64), half the time
  return deflateRawSync(JSON.stringify(value), { level: 1 });
}

function decode(body: Buffer): unknown {
  return JSON.parse(inflateRawSync(body).toString('utf8')) as unknown;
}

function sqliteCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

const REIMPORT_FIX = 'Delete the file (it is a cache that `tureen db import` or `tureen db update` rebuilds) or pass --db with another path.';

/**
 * The local advisory store: OSV advisories indexed by (ecosystem, normalised package name) and by alias, plus the
 * enrichment other clients fetch (CISA KEV, EPSS, NVD CVE records by CPE vendor:product). One SQLite file in WAL
 * mode; every write is a transaction, so a process killed during an import leaves the store as it was after the
 * last committed batch (each batch is whole records: an advisory is never half-written).
 */
export class AdvisoryStore {
  private readonly db: Database.Database;
  readonly path: string;
  readonly readonly: boolean;
  private closed = false;
  private readonly q;

  private constructor(db: Database.Database, path: string, readonly: boolean) {
    this.db = db;
    this.path = path;
    this.readonly = readonly;
    this.q = {
      findAdv: db.prepare<[string], { pk: number; modified_key: string }>('SELECT pk, modified_key FROM advisory WHERE id = ?'),
      insertAdv: db.prepare<[string, string, string, number, string, Buffer]>('INSERT INTO advisory (id, modified, modified_key, withdrawn, source, body) VALUES (?, ?, ?, ?, ?, ?)'),
      updateAdv: db.prepare<[string, string, number, string, Buffer, number]>('UPDATE advisory SET modified = ?, modified_key = ?, withdrawn = ?, source = ?, body = ? WHERE pk = ?'),
      clearAffected: db.prepare<[number]>('DELETE FROM affected WHERE adv = ?'),
      clearAlias: db.prepare<[number]>('DELETE FROM alias WHERE adv = ?'),
      insertAffected: db.prepare<[string, string, number]>('INSERT OR IGNORE INTO affected (ecosystem, name, adv) VALUES (?, ?, ?)'),
      insertAlias: db.prepare<[string, number]>('INSERT OR IGNORE INTO alias (alias, adv) VALUES (?, ?)'),
      candidates: db.prepare<[string, string], { id: string; body: Buffer }>('SELECT a.id, a.body FROM affected f JOIN advisory a ON a.pk = f.adv WHERE f.ecosystem = ? AND f.name = ? AND a.withdrawn = 0'),
      byId: db.prepare<[string], { body: Buffer }>('SELECT body FROM advisory WHERE id = ?'),
      byAlias: db.prepare<[string], { body: Buffer }>('SELECT a.body FROM alias s JOIN advisory a ON a.pk = s.adv WHERE s.alias = ? AND a.withdrawn = 0 ORDER BY a.id'),
      findNvd: db.prepare<[string], { pk: number; modified_key: string }>('SELECT pk, modified_key FROM nvd WHERE id = ?'),
      insertNvd: db.prepare<[string, string, string | null, string, Buffer]>('INSERT INTO nvd (id, modified_key, status, source, body) VALUES (?, ?, ?, ?, ?)'),
      updateNvd: db.prepare<[string, string | null, string, Buffer, number]>('UPDATE nvd SET modified_key = ?, status = ?, source = ?, body = ? WHERE pk = ?'),
      clearNvdCpe: db.prepare<[number]>('DELETE FROM nvd_cpe WHERE nvd = ?'),
      insertNvdCpe: db.prepare<[string, string, number]>('INSERT OR IGNORE INTO nvd_cpe (vendor, product, nvd) VALUES (?, ?, ?)'),
      nvdByCpe: db.prepare<[string, string], { body: Buffer }>('SELECT n.body FROM nvd_cpe c JOIN nvd n ON n.pk = c.nvd WHERE c.vendor = ? AND c.product = ? ORDER BY n.id'),
      kev: db.prepare<[string], { cve: string; date_added: string; due_date: string | null; known_ransomware: string | null; name: string | null; catalog_version: string }>('SELECT * FROM kev WHERE cve = ?'),
      epss: db.prepare<[string], EpssEntry>('SELECT cve, epss, percentile, date FROM epss WHERE cve = ?'),
    };
  }

  /**
   * Open (and create, unless readonly) the store at `file`. Refuses a file that is not an SQLite database, another
   * program's database, and a store written by a newer Tureen, each with a TureenError.
   */
  static open(file: string, opts: { readonly?: boolean } = {}): AdvisoryStore {
    const path = resolve(file);
    const readonly = opts.readonly ?? false;
    if (readonly && !existsSync(path)) {
      throw new TureenError({
        code: 'input.unreadable',
        file: path,
        message: 'there is no advisory store here yet',
        fix: 'Fill it first: `tureen db import <all.zip|folder>` with OSV exports, or `tureen db update --ecosystem npm` (one per ecosystem you ship); --db names another file.',
      });
    }
    let db: Database.Database | undefined;
    try {
      if (!readonly) mkdirSync(dirname(path), { recursive: true });
      db = new Database(path, { readonly, fileMustExist: readonly, timeout: 10_000 });
      AdvisoryStore.prepareSchema(db, path, readonly);
      return new AdvisoryStore(db, path, readonly);
    } catch (e) {
      db?.close();
      if (e instanceof TureenError) throw e;
      const code = sqliteCode(e);
      if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
        throw new TureenError({ code: 'input.malformed', file: path, message: 'this file is not a Tureen advisory store (not an SQLite database, or a damaged one)', fix: REIMPORT_FIX, cause: e });
      }
      throw new TureenError({ code: 'input.unreadable', file: path, message: `cannot open the advisory store (${(e as Error).message})`, fix: 'Check that the folder exists and is writable, or pass --db with another path.', cause: e });
    }
  }

  private static prepareSchema(db: Database.Database, path: string, readonly: boolean): void {
    const version = () => db.pragma('user_version', { simple: true }) as number;
    const appId = () => db.pragma('application_id', { simple: true }) as number;
    const tables = () => (db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'").get() as { n: number }).n;
    const check = () => {
      const v = version();
      if (appId() !== APPLICATION_ID && (v !== 0 || tables() > 0)) {
        throw new TureenError({ code: 'input.malformed', file: path, message: 'this SQLite database is not a Tureen advisory store', fix: 'Pass --db with the path of a Tureen advisory store, or a new file name.' });
      }
      if (v > SCHEMA_VERSION) {
        throw new TureenError({
          code: 'input.unsupported',
          file: path,
          message: `this advisory store has layout version ${v}, written by a newer Tureen (this one reads version ${SCHEMA_VERSION})`,
          fix: `Upgrade Tureen, or ${REIMPORT_FIX.charAt(0).toLowerCase()}${REIMPORT_FIX.slice(1)}`,
        });
      }
      return v;
    };
    if (readonly) {
      if (check() === 0) throw new TureenError({ code: 'input.unreadable', file: path, message: 'the advisory store is empty (it was never filled)', fix: 'Run `tureen db import` or `tureen db update` first.' });
      db.pragma('query_only = ON');
      return;
    }
    // WAL: readers (a scan) never wait for an import, and a killed writer leaves the last commit intact
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL'); // in WAL mode: never corrupt; a power cut may lose the last commits of a cache
    db.pragma('foreign_keys = ON');
    db.pragma('temp_store = MEMORY');
    if (check() === SCHEMA_VERSION) {
      // a store made before these indexes: add them (looked up first, so that opening never needs the write lock otherwise)
      const have = db.prepare<[], { n: number }>("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'index' AND name IN ('advisory_withdrawn', 'nvd_rejected')").get();
      if (have?.n !== 2) db.exec(`${WITHDRAWN_INDEX}; ${REJECTED_INDEX}`);
      return;
    }
    // two processes may create the store at once: the write lock decides, and the loser sees the schema
    db.transaction(() => {
      if (check() === SCHEMA_VERSION) return;
      db.exec(SCHEMA);
      db.pragma(`application_id = ${APPLICATION_ID}`);
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
    }).immediate();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (!this.readonly) {
      try {
        this.db.pragma('optimize');
      } catch {
        // best effort: statistics for the query planner only
      }
    }
    this.db.close();
  }

  /**
   * Import OSV records: bare records, or DumpEntry values from the readers in ../osv-dump (which carry where each came
   * from). Incremental: a record replaces the stored one only when its `modified` is later. Withdrawn records are
   * stored (they replace and hide an older version) but never returned by candidates(). A record that is not valid
   * OSV is refused and counted, never thrown. Commits every BATCH_RECORDS records; when the source throws, the
   * batches before stay committed and the error is thrown.
   */
  async importOsv(records: Iterable<unknown> | AsyncIterable<unknown>, source: string): Promise<ImportStats> {
    this.writable();
    const stats = emptyStats();
    let batch: Prepared[] = [];
    let bytes = 0;
    let index = 0;
    for await (const item of records) {
      const where = isDumpEntry(item) ? item.where : `${source}[${index}]`;
      index++;
      if (isDumpEntry(item) && item.problem !== undefined) {
        refuse(stats, { where, path: '(file)', message: item.problem });
        continue;
      }
      const p = this.prepare(isDumpEntry(item) ? item.record : item, where, stats);
      if (!p) continue;
      batch.push(p);
      bytes += p.body.length;
      if (batch.length >= BATCH_RECORDS || bytes >= BATCH_BYTES) {
        this.writeBatch(batch, source, stats);
        batch = [];
        bytes = 0;
      }
    }
    if (batch.length) this.writeBatch(batch, source, stats);
    return stats;
  }

  /** Parse and compress one record; undefined when refused or when the stored version is already as new. */
  private prepare(raw: unknown, where: string, stats: ImportStats): Prepared | undefined {
    const r = parseOsv(raw);
    if (!r.ok) {
      refuse(stats, { where, ...r.problem });
      return undefined;
    }
    const osv = r.osv;
    const key = timeKey(osv.modified);
    if (!key) {
      refuse(stats, { where, id: osv.id, path: 'modified', message: `not an RFC 3339 date-time: ${JSON.stringify(osv.modified.slice(0, 40))}` });
      return undefined;
    }
    // the common case of a re-import: skip the compression (the transaction checks again)
    const old = this.q.findAdv.get(osv.id);
    if (old && old.modified_key >= key) {
      stats.unchanged++;
      return undefined;
    }
    const affected = new Map<string, [string, string]>();
    for (const a of osv.affected ?? []) {
      if (!a.package) continue;
      const eco = a.package.ecosystem;
      const name = normalizeName(eco, a.package.name);
      affected.set(`${eco}\u0000${name}`, [eco, name]);
    }
    return {
      id: osv.id,
      modified: osv.modified,
      key,
      withdrawn: osv.withdrawn !== undefined,
      body: encode(osv),
      affected: [...affected.values()],
      aliases: [...new Set(osv.aliases ?? [])],
    };
  }

  private writeBatch(batch: Prepared[], source: string, stats: ImportStats): void {
    const counts = { added: 0, updated: 0, unchanged: 0, withdrawn: 0 };
    this.db.transaction(() => {
      for (const p of batch) {
        const old = this.q.findAdv.get(p.id);
        if (old && old.modified_key >= p.key) {
          counts.unchanged++;
          continue;
        }
        let pk: number;
        if (old) {
          pk = old.pk;
          this.q.updateAdv.run(p.modified, p.key, p.withdrawn ? 1 : 0, source, p.body, pk);
          this.q.clearAffected.run(pk);
          this.q.clearAlias.run(pk);
        } else {
          pk = Number(this.q.insertAdv.run(p.id, p.modified, p.key, p.withdrawn ? 1 : 0, source, p.body).lastInsertRowid);
        }
        if (!p.withdrawn) {
          for (const [eco, name] of p.affected) this.q.insertAffected.run(eco, name, pk);
          for (const alias of p.aliases) this.q.insertAlias.run(alias, pk);
        }
        if (p.withdrawn) counts.withdrawn++;
        else if (old) counts.updated++;
        else counts.added++;
      }
    }).immediate();
    // counted only once committed
    stats.added += counts.added;
    stats.updated += counts.updated;
    stats.unchanged += counts.unchanged;
    stats.withdrawn += counts.withdrawn;
  }

  /**
   * Every advisory that is not withdrawn and has an affected[] entry for this package, in the component's ecosystem
   * or one that applies to it (advisoryEcosystems: "Debian:12" also reads "Debian"), the name normalised as OSV
   * compares it (PyPI "Requests" finds "requests"). Sorted by id. Version ranges are the matcher's business.
   */
  /**
   * Whether the store holds this record as of `modified` or later (an OSV API answer names each record's `modified`,
   * so a record the store already has need not be fetched again). False for a date that is no RFC 3339 date-time.
   */
  holdsCurrent(id: string, modified: string): boolean {
    const key = timeKey(modified);
    const old = key ? this.q.findAdv.get(id) : undefined;
    return !!old && old.modified_key >= key!;
  }

  candidates(ecosystem: string, name: string): Osv[] {
    const found = new Map<string, Osv>();
    for (const eco of advisoryEcosystems(ecosystem)) {
      for (const row of this.q.candidates.all(eco, normalizeName(eco, name))) {
        if (!found.has(row.id)) found.set(row.id, decode(row.body) as Osv);
      }
    }
    return [...found.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, osv]) => osv);
  }

  /**
   * The advisory with this id (withdrawn or not: its `withdrawn` field says so), else the first advisory (by id)
   * that is not withdrawn and lists it among its aliases ("CVE-2021-44228" finds GHSA-jfh8-c2jp-5v3q).
   */
  get(id: string): Osv | undefined {
    const own = this.q.byId.get(id);
    if (own) return decode(own.body) as Osv;
    const alias = this.q.byAlias.get(id);
    return alias ? (decode(alias.body) as Osv) : undefined;
  }

  /** Every advisory (not withdrawn) that lists `alias` among its aliases, by id: one CVE often has an advisory per ecosystem. */
  byAlias(alias: string): Osv[] {
    return this.q.byAlias.all(alias).map((r) => decode(r.body) as Osv);
  }

  /** Replace the KEV catalogue: it is published whole, and an entry CISA removed must not linger. */
  putKev(entries: readonly { cve: string; dateAdded: string; dueDate?: string; knownRansomware?: string; name?: string }[], catalogVersion: string): void {
    this.writable();
    const insert = this.db.prepare<[string, string, string | null, string | null, string | null, string]>('INSERT OR REPLACE INTO kev (cve, date_added, due_date, known_ransomware, name, catalog_version) VALUES (?, ?, ?, ?, ?, ?)');
    this.db.transaction(() => {
      this.db.exec('DELETE FROM kev');
      for (const e of entries) insert.run(e.cve, e.dateAdded, e.dueDate ?? null, e.knownRansomware ?? null, e.name ?? null, catalogVersion);
    }).immediate();
  }

  kev(cve: string): KevEntry | undefined {
    const r = this.q.kev.get(cve);
    if (!r) return undefined;
    return {
      cve: r.cve,
      dateAdded: r.date_added,
      ...(r.due_date !== null ? { dueDate: r.due_date } : {}),
      ...(r.known_ransomware !== null ? { knownRansomware: r.known_ransomware } : {}),
      ...(r.name !== null ? { name: r.name } : {}),
      catalogVersion: r.catalog_version,
    };
  }

  /** Store EPSS scores; a score replaces the stored one unless the stored one is of a later date. */
  putEpss(entries: readonly { cve: string; epss: number; percentile: number; date: string }[]): void {
    this.writable();
    const upsert = this.db.prepare<[string, number, number, string]>(
      'INSERT INTO epss (cve, epss, percentile, date) VALUES (?, ?, ?, ?) ON CONFLICT(cve) DO UPDATE SET epss = excluded.epss, percentile = excluded.percentile, date = excluded.date WHERE excluded.date >= epss.date',
    );
    this.db.transaction(() => {
      for (const e of entries) upsert.run(e.cve, e.epss, e.percentile, e.date);
    }).immediate();
  }

  epss(cve: string): EpssEntry | undefined {
    return this.q.epss.get(cve);
  }

  /**
   * Store NVD CVE API 2.0 records (`vulnerabilities[].cve`), kept as NVD sent them and indexed by the vendor:product
   * of every cpeMatch criteria. Incremental by `lastModified`; a Rejected CVE is stored (it hides the older version)
   * and counted as withdrawn, never returned. One transaction.
   */
  putNvd(cves: readonly unknown[], source: string): ImportStats {
    this.writable();
    const stats = emptyStats();
    this.db.transaction(() => {
      cves.forEach((raw, i) => {
        const where = `${source}[${i}]`;
        const r = NvdCve.safeParse(raw);
        if (!r.success) {
          const issue = r.error.issues[0];
          const id = typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'string' ? (raw as { id: string }).id : undefined;
          refuse(stats, { where, ...(id ? { id } : {}), path: issue?.path.map(String).join('.') || '(root)', message: issue?.message ?? 'not an NVD CVE record' });
          return;
        }
        const cve = r.data;
        const key = timeKey(cve.lastModified);
        if (!key) {
          refuse(stats, { where, id: cve.id, path: 'lastModified', message: 'not a date-time' });
          return;
        }
        const old = this.q.findNvd.get(cve.id);
        if (old && old.modified_key >= key) {
          stats.unchanged++;
          return;
        }
        const rejected = cve.vulnStatus === 'Rejected';
        const body = encode(cve);
        let pk: number;
        if (old) {
          pk = old.pk;
          this.q.updateNvd.run(key, cve.vulnStatus ?? null, source, body, pk);
          this.q.clearNvdCpe.run(pk);
        } else {
          pk = Number(this.q.insertNvd.run(cve.id, key, cve.vulnStatus ?? null, source, body).lastInsertRowid);
        }
        if (!rejected) for (const { vendor, product } of cpeProducts(cve)) this.q.insertNvdCpe.run(vendor, product, pk);
        if (rejected) stats.withdrawn++;
        else if (old) stats.updated++;
        else stats.added++;
      });
    }).immediate();
    return stats;
  }

  /** NVD CVE records (as NVD sent them) with a cpeMatch criteria for this vendor and product (case-insensitive), by id. */
  nvdByCpe(vendor: string, product: string): unknown[] {
    return this.q.nvdByCpe.all(cpeKey(vendor), cpeKey(product)).map((r) => decode(r.body));
  }

  /** Record what was imported or updated, and when (`db status` lists it). */
  setSource(name: string, info: { updatedAt: string; detail?: string }): void {
    this.writable();
    this.db
      .prepare<[string, string, string | null]>('INSERT INTO source (name, updated_at, detail) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET updated_at = excluded.updated_at, detail = excluded.detail')
      .run(name, info.updatedAt, info.detail ?? null);
  }

  /** The base ecosystems ("npm", "Debian") that stored advisories (not withdrawn) affect, sorted. */
  ecosystems(): string[] {
    const rows = this.db.prepare<[], { ecosystem: string }>('SELECT DISTINCT ecosystem FROM affected').all();
    return [...new Set(rows.map((r) => baseEcosystem(r.ecosystem)))].sort();
  }

  /**
   * The counts a review reports. Each is a table's own count (SQLite counts a b-tree's entries without reading its
   * rows) or a lookup in an index, so it stays cheap in a store of hundreds of thousands of advisories; status()
   * adds what needs a pass over every row.
   */
  summary(): StoreSummary {
    const count = (sql: string) => (this.db.prepare<[], { n: number }>(sql).get() as { n: number }).n;
    const newest = this.db.prepare<[], { modified: string }>('SELECT modified FROM advisory ORDER BY modified_key DESC LIMIT 1').get();
    const sources = this.db.prepare<[], { name: string; updated_at: string; detail: string | null }>('SELECT name, updated_at, detail FROM source ORDER BY name').all();
    // "WHERE withdrawn = 0" would read every row (and its body); the withdrawn ones have an index of their own
    const withdrawn = count('SELECT COUNT(*) AS n FROM advisory WHERE withdrawn = 1');
    return {
      advisories: count('SELECT COUNT(*) AS n FROM advisory') - withdrawn,
      withdrawn,
      sources: sources.map((s) => ({ name: s.name, updatedAt: s.updated_at, ...(s.detail !== null ? { detail: s.detail } : {}) })),
      kev: count('SELECT COUNT(*) AS n FROM kev'),
      epss: count('SELECT COUNT(*) AS n FROM epss'),
      nvd: count('SELECT COUNT(*) AS n FROM nvd') - count("SELECT COUNT(*) AS n FROM nvd WHERE status = 'Rejected'"),
      ...(newest ? { newestModified: newest.modified } : {}),
    };
  }

  /** summary(), the file's size and the advisories per ecosystem (a pass over the whole package index). */
  status(): StoreStatus {
    const size = (f: string) => (existsSync(f) ? statSync(f).size : 0);
    const byEco = this.db.prepare<[], { ecosystem: string; n: number }>('SELECT ecosystem, COUNT(DISTINCT adv) AS n FROM affected GROUP BY ecosystem ORDER BY ecosystem').all();
    return {
      path: this.path,
      sizeBytes: size(this.path) + size(`${this.path}-wal`),
      ...this.summary(),
      // fromEntries defines own properties: an ecosystem named "__proto__" is a key like any other
      byEcosystem: Object.fromEntries(byEco.map((r) => [r.ecosystem, r.n])),
    };
  }

  private writable(): void {
    if (this.readonly) throw new TypeError('the advisory store was opened read-only');
  }
}
