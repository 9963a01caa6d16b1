import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { thrown } from '../../test-support/thrown.js';
import { AdvisoryStore, defaultStorePath, dumpEntry, dumpProblem, timeKey, type ImportStats } from './index.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const CORPUS = join(ROOT, 'test/fixtures/corpus/advisories');
const FIXTURES = join(import.meta.dirname, 'fixtures');
const tmp = mkdtempSync(join(tmpdir(), 'tureen-store-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

type Json = Record<string, unknown> & { id: string; modified: string };
/** The corpus records as plain JSON, read without any Tureen code: the oracle for what the store returns. */
const corpus: Json[] = readdirSync(CORPUS).filter((f) => f.endsWith('.json')).sort().map((f) => JSON.parse(readFileSync(join(CORPUS, f), 'utf8')) as Json);
const byId = (id: string) => corpus.find((r) => r.id === id) as Json;
const clone = (r: Json, patch: Record<string, unknown>): Json => ({ ...(JSON.parse(JSON.stringify(r)) as Json), ...patch });

let n = 0;
function fresh(): AdvisoryStore {
  return AdvisoryStore.open(join(tmp, `s${++n}.db`));
}

function counts(s: ImportStats) {
  return { added: s.added, updated: s.updated, unchanged: s.unchanged, withdrawn: s.withdrawn, invalid: s.invalidCount };
}

describe('timeKey: modified times compare as instants', () => {
  it('orders fractions, zones and precision the way the instants are ordered', () => {
    expect(timeKey('2023-05-22T20:30:19Z')).toBe('2023-05-22T20:30:19.000000000Z');
    expect(timeKey('2023-05-22T20:30:19.5Z')).toBe('2023-05-22T20:30:19.500000000Z');
    expect(timeKey('2023-10-25T05:12:30.123456789Z')).toBe('2023-10-25T05:12:30.123456789Z');
    // +02:00 is two hours earlier in UTC, and across midnight
    expect(timeKey('2024-01-01T01:00:00+02:00')).toBe('2023-12-31T23:00:00.000000000Z');
    // NVD writes no zone: UTC
    expect(timeKey('2024-07-24T17:08:24.167')).toBe('2024-07-24T17:08:24.167000000Z');
    const keys = ['2023-05-22T20:30:19.5Z', '2023-05-22T20:30:19Z', '2023-05-22T22:30:19.1+02:00'].map((s) => timeKey(s) as string);
    expect([...keys].sort()).toEqual([keys[1], keys[2], keys[0]]);
  });

  it('refuses what is not a date-time', () => {
    for (const bad of ['', '2023-02-30T00:00:00Z', '2023-05-22', 'yesterday', '2023-05-22T25:00:00Z', '2023-05-22T20:30:19+25:00']) expect(timeKey(bad), bad).toBeUndefined();
  });
});

describe('defaultStorePath', () => {
  it('is the user cache folder of each platform, and TUREEN_DB overrides it', () => {
    expect(defaultStorePath({}, 'linux', '/home/ann')).toBe('/home/ann/.cache/tureen/advisories.db');
    expect(defaultStorePath({ XDG_CACHE_HOME: '/var/cache/ann' }, 'linux', '/home/ann')).toBe('/var/cache/ann/tureen/advisories.db');
    // a relative XDG_CACHE_HOME is invalid by the XDG spec
    expect(defaultStorePath({ XDG_CACHE_HOME: 'cache' }, 'linux', '/home/ann')).toBe('/home/ann/.cache/tureen/advisories.db');
    expect(defaultStorePath({}, 'darwin', '/Users/ann')).toBe('/Users/ann/Library/Caches/tureen/advisories.db');
    expect(defaultStorePath({ LOCALAPPDATA: 'C:\\Users\\ann\\AppData\\Local' }, 'win32', 'C:\\Users\\ann')).toBe('C:\\Users\\ann\\AppData\\Local\\tureen\\Cache\\advisories.db');
    expect(defaultStorePath({ TUREEN_DB: '/srv/advisories.db', XDG_CACHE_HOME: '/x' }, 'linux', '/home/ann')).toBe('/srv/advisories.db');
  });
});

describe('AdvisoryStore.open', () => {
  it('creates the file and its folder, and opens it again', () => {
    const file = join(tmp, 'deep', 'er', 'a.db');
    AdvisoryStore.open(file).close();
    const s = AdvisoryStore.open(file, { readonly: true });
    expect(s.status()).toMatchObject({ path: file, advisories: 0, withdrawn: 0, byEcosystem: {}, sources: [], kev: 0, epss: 0, nvd: 0 });
    expect(s.status().newestModified).toBeUndefined();
    s.close();
  });

  it('refuses a store written by a newer Tureen', () => {
    const file = join(tmp, 'newer.db');
    AdvisoryStore.open(file).close();
    const raw = new Database(file);
    raw.pragma('user_version = 99');
    raw.close();
    const e = thrown(() => AdvisoryStore.open(file));
    expect(e.code).toBe('input.unsupported');
    expect(e.message).toMatch(/version 99.*newer Tureen/);
    expect(thrown(() => AdvisoryStore.open(file, { readonly: true })).code).toBe('input.unsupported');
  });

  it('refuses a file that is not a Tureen store, and leaves it alone', () => {
    const text = join(tmp, 'notes.db');
    writeFileSync(text, 'not a database at all, just some text that is long enough to have a header '.repeat(10));
    expect(thrown(() => AdvisoryStore.open(text)).code).toBe('input.malformed');
    expect(readFileSync(text, 'utf8')).toMatch(/^not a database/);
    const other = join(tmp, 'other.db');
    const raw = new Database(other);
    raw.exec('CREATE TABLE t (x)');
    raw.close();
    expect(thrown(() => AdvisoryStore.open(other)).message).toMatch(/not a Tureen advisory store/);
  });

  it('read-only: a missing store is an error that says how to fill it, and writes are refused', () => {
    const e = thrown(() => AdvisoryStore.open(join(tmp, 'missing.db'), { readonly: true }));
    expect(e.code).toBe('input.unreadable');
    expect(e.fix).toMatch(/tureen db import|tureen db update/);
    const file = join(tmp, 'ro.db');
    AdvisoryStore.open(file).close();
    const s = AdvisoryStore.open(file, { readonly: true });
    expect(() => s.setSource('x', { updatedAt: 'now' })).toThrow(/read-only/);
    s.close();
  });
});

describe('importing OSV records', () => {
  let store: AdvisoryStore;
  beforeEach(async () => {
    store = fresh();
    expect(counts(await store.importOsv(corpus, 'corpus'))).toEqual({ added: 16, updated: 0, unchanged: 0, withdrawn: 0, invalid: 0 });
  });

  it('finds every corpus advisory by each package it affects, in its ecosystem', () => {
    for (const r of corpus) {
      for (const a of r.affected as { package: { ecosystem: string; name: string } }[]) {
        const ids = store.candidates(a.package.ecosystem, a.package.name).map((o) => o.id);
        expect(ids, `${a.package.ecosystem}/${a.package.name}`).toContain(r.id);
      }
    }
    // and returns the record itself
    expect(store.candidates('npm', 'ws')).toEqual([expect.objectContaining({ id: 'GHSA-3h5v-q93c-6h6q', aliases: ['CVE-2024-37890'], modified: byId('GHSA-3h5v-q93c-6h6q').modified })]);
    expect(store.candidates('npm', 'ws')[0]?.affected).toEqual(byId('GHSA-3h5v-q93c-6h6q').affected);
  });

  it('compares names as OSV does per ecosystem', () => {
    const ids = (eco: string, name: string) => store.candidates(eco, name).map((o) => o.id);
    // PyPI: PEP 503
    expect(ids('PyPI', 'Requests')).toEqual(['GHSA-j8r2-6x86-q33q']);
    expect(ids('PyPI', 'TWISTED')).toEqual(['GHSA-vg46-2rrj-3647']);
    // NuGet ids are case-insensitive
    expect(ids('NuGet', 'newtonsoft.json')).toEqual(['GHSA-5crp-9r3c-p9vr']);
    // npm, Maven, Go, crates.io are compared as written
    expect(ids('npm', 'Express')).toEqual([]);
    expect(ids('npm', 'express')).toEqual(['GHSA-rv95-896h-c2vc']);
    expect(ids('Maven', 'org.apache.logging.log4j:log4j-core')).toEqual(['GHSA-jfh8-c2jp-5v3q']);
    expect(ids('Go', 'golang.org/x/net')).toEqual(['GHSA-4374-p667-p6c8']);
    expect(ids('crates.io', 'regex')).toEqual(['GHSA-m5pq-gvj9-9vr8']);
    // the same name in another ecosystem is another package
    expect(ids('PyPI', 'semver')).toEqual([]);
    expect(ids('npm', 'no-such-package')).toEqual([]);
  });

  it('gets an advisory by id and by alias', () => {
    expect(store.get('GHSA-jfh8-c2jp-5v3q')?.summary).toBe(byId('GHSA-jfh8-c2jp-5v3q').summary);
    expect(store.get('CVE-2021-44228')?.id).toBe('GHSA-jfh8-c2jp-5v3q');
    expect(store.get('CVE-2023-32681')?.id).toBe('GHSA-j8r2-6x86-q33q');
    expect(store.byAlias('CVE-2021-44228').map((o) => o.id)).toEqual(['GHSA-jfh8-c2jp-5v3q']);
    expect(store.get('CVE-1999-0001')).toBeUndefined();
  });

  it('a re-import changes nothing', async () => {
    expect(counts(await store.importOsv(corpus, 'again'))).toEqual({ added: 0, updated: 0, unchanged: 16, withdrawn: 0, invalid: 0 });
  });

  it('a record with a later modified replaces the stored one; an older one does not', async () => {
    const old = byId('GHSA-c2qf-rxjj-qqgw');
    const newer = clone(old, { modified: '2025-01-01T00:00:00Z', summary: 'semver ReDoS, revised' });
    expect(counts(await store.importOsv([newer], 'u'))).toEqual({ added: 0, updated: 1, unchanged: 0, withdrawn: 0, invalid: 0 });
    expect(store.get('GHSA-c2qf-rxjj-qqgw')?.summary).toBe('semver ReDoS, revised');
    expect(counts(await store.importOsv([old], 'u'))).toMatchObject({ updated: 0, unchanged: 1 });
    expect(store.get('GHSA-c2qf-rxjj-qqgw')?.summary).toBe('semver ReDoS, revised');
    // a microsecond later is later (Date would see the same millisecond)
    const micro = clone(newer, { modified: '2025-01-01T00:00:00.000001Z', summary: 'micro' });
    expect(counts(await store.importOsv([micro], 'u'))).toMatchObject({ updated: 1 });
    // the package moved: the old index rows go with the old version
    const moved = clone(micro, { modified: '2025-02-01T00:00:00Z', affected: [{ package: { ecosystem: 'npm', name: 'semver-fork' } }] });
    await store.importOsv([moved], 'u');
    expect(store.candidates('npm', 'semver').map((o) => o.id)).toEqual([]);
    expect(store.candidates('npm', 'semver-fork').map((o) => o.id)).toEqual(['GHSA-c2qf-rxjj-qqgw']);
  });

  it('a withdrawn version hides the advisory from candidates and aliases, and is counted', async () => {
    const r = byId('GHSA-j8r2-6x86-q33q');
    const gone = clone(r, { modified: '2025-03-01T00:00:00Z', withdrawn: '2025-03-01T00:00:00Z' });
    expect(counts(await store.importOsv([gone], 'w'))).toEqual({ added: 0, updated: 0, unchanged: 0, withdrawn: 1, invalid: 0 });
    expect(store.candidates('PyPI', 'requests')).toEqual([]);
    expect(store.get('CVE-2023-32681')).toBeUndefined();
    // by its own id it is there, saying it is withdrawn
    expect(store.get('GHSA-j8r2-6x86-q33q')?.withdrawn).toBe('2025-03-01T00:00:00Z');
    expect(store.status()).toMatchObject({ advisories: 15, withdrawn: 1 });
    // an older copy (a stale export) does not bring it back
    expect(counts(await store.importOsv([r], 'w'))).toMatchObject({ unchanged: 1 });
    expect(store.candidates('PyPI', 'requests')).toEqual([]);
  });

  it('a withdrawn record older than the stored one changes nothing', async () => {
    const r = byId('GHSA-776f-qx25-q3cc');
    const staleWithdrawal = clone(r, { modified: '2020-01-01T00:00:00Z', withdrawn: '2020-01-01T00:00:00Z' });
    expect(counts(await store.importOsv([staleWithdrawal], 'w'))).toMatchObject({ unchanged: 1, withdrawn: 0 });
    expect(store.candidates('npm', 'xml2js').map((o) => o.id)).toEqual(['GHSA-776f-qx25-q3cc']);
  });
});

describe('refused records', () => {
  it('are counted with where, id, path and reason, the first 100 kept', async () => {
    const store = fresh();
    const bad: unknown[] = [
      { modified: '2024-01-01T00:00:00Z' },
      { id: 'GHSA-bad1', modified: 'last tuesday' },
      'a string',
      { id: 'GHSA-bad2', modified: '2024-01-01T00:00:00Z', affected: [{ package: { ecosystem: 'npm' } }] },
    ];
    const s = await store.importOsv(bad, 'hostile');
    expect(counts(s)).toEqual({ added: 0, updated: 0, unchanged: 0, withdrawn: 0, invalid: 4 });
    expect(s.invalid[0]).toMatchObject({ where: 'hostile[0]', path: 'id' });
    expect(s.invalid[1]).toMatchObject({ where: 'hostile[1]', id: 'GHSA-bad1', path: 'modified' });
    expect(s.invalid[2]).toMatchObject({ where: 'hostile[2]', path: '(root)' });
    expect(s.invalid[3]).toMatchObject({ id: 'GHSA-bad2', path: 'affected.0.package.name' });
    // entries from a reader keep their place, and a reader's problem is a refusal
    const t = await store.importOsv([dumpEntry('all.zip!x.json', { id: 'X' }), dumpProblem('all.zip!y.json', 'not valid JSON')], 'r');
    expect(t.invalid).toEqual([
      { where: 'all.zip!x.json', id: 'X', path: 'modified', message: expect.any(String) },
      { where: 'all.zip!y.json', path: '(file)', message: 'not valid JSON' },
    ]);
    const many = await store.importOsv(Array.from({ length: 150 }, (_, i) => ({ id: `X-${i}` })), 'many');
    expect(many.invalidCount).toBe(150);
    expect(many.invalid).toHaveLength(100);
    expect(store.status().advisories).toBe(0);
  });

  it('an object with "where" and "record" keys from the data is a record, not an entry', async () => {
    const store = fresh();
    const s = await store.importOsv([{ where: 'x', record: byId('GHSA-776f-qx25-q3cc') }], 'fake');
    expect(s.invalidCount).toBe(1);
    expect(s.invalid[0]?.where).toBe('fake[0]');
  });

  it('"__proto__" as an id, a package or an ecosystem is data', async () => {
    const store = fresh();
    const rec = { id: '__proto__', modified: '2024-01-01T00:00:00Z', aliases: ['constructor'], affected: [{ package: { ecosystem: '__proto__', name: '__proto__' } }] };
    expect(counts(await store.importOsv([rec], 'proto'))).toMatchObject({ added: 1 });
    expect(store.get('__proto__')?.id).toBe('__proto__');
    expect(store.get('constructor')?.id).toBe('__proto__');
    expect(store.candidates('__proto__', '__proto__').map((o) => o.id)).toEqual(['__proto__']);
    const eco = store.status().byEcosystem;
    expect(Object.keys(eco)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(eco)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'id')).toBe(false);
  });
});

describe('release-qualified OS ecosystems', () => {
  it('a Debian:12 package finds Debian:12 advisories, not Debian:10 ones; Alpine 3.19 finds Alpine:v3.19', async () => {
    const store = fresh();
    const distro = JSON.parse(readFileSync(join(FIXTURES, 'osv-distro.json'), 'utf8')) as Json[];
    expect(counts(await store.importOsv(distro, 'distro'))).toMatchObject({ added: 3 });
    expect(store.candidates('Debian:12', 'openssl').map((o) => o.id)).toEqual(['DSA-5532-1']);
    expect(store.candidates('Debian:10', 'openssl').map((o) => o.id)).toEqual(['DLA-3449-1']);
    expect(store.candidates('Alpine:3.19', 'openssl').map((o) => o.id)).toEqual(['ALPINE-CVE-2023-5363']);
    // one CVE, two advisories: get() takes the first by id, byAlias() gives both
    expect(store.get('CVE-2023-5363')?.id).toBe('ALPINE-CVE-2023-5363');
    expect(store.byAlias('CVE-2023-5363').map((o) => o.id)).toEqual(['ALPINE-CVE-2023-5363', 'DSA-5532-1']);
    expect(store.status().newestModified).toBe('2024-01-02T03:04:05Z');
    expect(store.ecosystems()).toEqual(['Alpine', 'Debian']);
  });
});

describe('an import that breaks off', () => {
  it('keeps the batches committed before, each advisory whole, and nothing of the broken batch', async () => {
    const store = fresh();
    await store.importOsv(corpus, 'before');
    async function* source() {
      for (let i = 0; i < 2500; i++) yield { id: `TEST-${String(i).padStart(4, '0')}`, modified: '2024-01-01T00:00:00Z', aliases: [`CVE-2099-${10000 + i}`], affected: [{ package: { ecosystem: 'npm', name: `pkg-${i}` } }] };
      throw new Error('the disk went away');
    }
    await expect(store.importOsv(source(), 'broken')).rejects.toThrow('the disk went away');
    // 1000 records per transaction: two batches committed, the third (500) rolled back
    expect(store.status().advisories).toBe(16 + 2000);
    expect(store.candidates('npm', 'pkg-1999').map((o) => o.id)).toEqual(['TEST-1999']);
    expect(store.get('CVE-2099-11999')?.id).toBe('TEST-1999');
    expect(store.candidates('npm', 'pkg-2000')).toEqual([]);
    expect(store.get('TEST-2000')).toBeUndefined();
    expect(store.candidates('npm', 'ws').map((o) => o.id)).toEqual(['GHSA-3h5v-q93c-6h6q']);
    store.close();
  });
});

describe('enrichment storage', () => {
  it('KEV: the catalogue replaces the previous one', () => {
    const store = fresh();
    store.putKev([
      { cve: 'CVE-2021-44228', dateAdded: '2021-12-10', dueDate: '2021-12-24', knownRansomware: 'Known', name: 'Apache Log4j2 Remote Code Execution Vulnerability' },
      { cve: 'CVE-2023-0001', dateAdded: '2023-01-01' },
    ], '2024.01.01');
    expect(store.kev('CVE-2021-44228')).toEqual({ cve: 'CVE-2021-44228', dateAdded: '2021-12-10', dueDate: '2021-12-24', knownRansomware: 'Known', name: 'Apache Log4j2 Remote Code Execution Vulnerability', catalogVersion: '2024.01.01' });
    expect(store.kev('CVE-2023-0001')).toEqual({ cve: 'CVE-2023-0001', dateAdded: '2023-01-01', catalogVersion: '2024.01.01' });
    store.putKev([{ cve: 'CVE-2021-44228', dateAdded: '2021-12-10' }], '2024.02.01');
    expect(store.kev('CVE-2023-0001')).toBeUndefined();
    expect(store.kev('CVE-2021-44228')?.catalogVersion).toBe('2024.02.01');
    expect(store.status().kev).toBe(1);
  });

  it('EPSS: a later score replaces an earlier one, never the reverse', () => {
    const store = fresh();
    store.putEpss([{ cve: 'CVE-2021-44228', epss: 0.97, percentile: 0.999, date: '2024-05-01' }]);
    store.putEpss([{ cve: 'CVE-2021-44228', epss: 0.5, percentile: 0.9, date: '2024-04-01' }]);
    expect(store.epss('CVE-2021-44228')).toEqual({ cve: 'CVE-2021-44228', epss: 0.97, percentile: 0.999, date: '2024-05-01' });
    store.putEpss([{ cve: 'CVE-2021-44228', epss: 0.96, percentile: 0.998, date: '2024-06-01' }]);
    expect(store.epss('CVE-2021-44228')?.epss).toBe(0.96);
    expect(store.epss('CVE-2000-0000')).toBeUndefined();
    expect(store.status().epss).toBe(1);
  });

  it('NVD: records by the vendor:product of each criteria, incremental, Rejected hidden', () => {
    const store = fresh();
    const cves = JSON.parse(readFileSync(join(FIXTURES, 'nvd-cves.json'), 'utf8')) as Json[];
    const s = store.putNvd([...cves, { id: 'not-a-cve', lastModified: 'x' }], 'nvd-test');
    expect(counts(s)).toEqual({ added: 2, updated: 0, unchanged: 0, withdrawn: 1, invalid: 1 });
    expect(s.invalid[0]).toMatchObject({ where: 'nvd-test[3]', id: 'not-a-cve', path: 'id' });
    const ids = (v: string, p: string) => store.nvdByCpe(v, p).map((c) => (c as { id: string }).id);
    expect(ids('apache', 'log4j')).toEqual(['CVE-2021-44228']);
    expect(ids('Apache', 'Log4j')).toEqual(['CVE-2021-44228']);
    // every criteria of every configuration, the non-vulnerable platform included (the matcher decides)
    expect(ids('siemens', 'sppa-t3000_ses3000_firmware')).toEqual(['CVE-2021-44228']);
    expect(ids('siemens', 'sppa-t3000_ses3000')).toEqual(['CVE-2021-44228']);
    // a quoted character: either spelling finds it
    expect(ids('apple', 'swiftnio_http/2')).toEqual(['CVE-2022-24667']);
    expect(ids('apple', 'swiftnio_http\\/2')).toEqual(['CVE-2022-24667']);
    expect(ids('apache', 'tomcat')).toEqual([]);
    // stored as NVD sent it
    expect(store.nvdByCpe('apache', 'log4j')[0]).toEqual(cves[0]);
    // the same lastModified again: unchanged; a later one with other criteria replaces the index rows
    expect(counts(store.putNvd([cves[0]], 'again'))).toMatchObject({ unchanged: 1 });
    const moved = { ...cves[0], lastModified: '2025-01-01T00:00:00.000', configurations: [{ nodes: [{ operator: 'OR', negate: false, cpeMatch: [{ vulnerable: true, criteria: 'cpe:2.3:a:apache:log4j2:*:*:*:*:*:*:*:*', matchCriteriaId: 'A' }] }] }] };
    expect(counts(store.putNvd([moved], 'again'))).toMatchObject({ updated: 1 });
    expect(ids('apache', 'log4j')).toEqual([]);
    expect(ids('apache', 'log4j2')).toEqual(['CVE-2021-44228']);
    expect(store.status().nvd).toBe(2);
  });
});

describe('status', () => {
  it('counts what the store holds and lists the sources', async () => {
    const store = fresh();
    await store.importOsv(corpus, 'corpus');
    store.setSource('osv:npm', { updatedAt: '2024-06-01T00:00:00Z', detail: 'first' });
    store.setSource('osv:npm', { updatedAt: '2024-06-02T00:00:00Z' });
    store.setSource('import:/x', { updatedAt: '2024-05-01T00:00:00Z', detail: 'd' });
    const s = store.status();
    // the oracle: the corpus files' own ecosystems, counted here
    const expected = new Map<string, Set<string>>();
    for (const r of corpus) for (const a of r.affected as { package: { ecosystem: string } }[]) expected.set(a.package.ecosystem, (expected.get(a.package.ecosystem) ?? new Set()).add(r.id));
    expect(s.byEcosystem).toEqual(Object.fromEntries([...expected].map(([k, v]) => [k, v.size])));
    expect(s.advisories).toBe(corpus.length);
    expect(s.newestModified).toBe([...corpus.map((r) => r.modified)].sort().at(-1));
    expect(s.sources).toEqual([
      { name: 'import:/x', updatedAt: '2024-05-01T00:00:00Z', detail: 'd' },
      { name: 'osv:npm', updatedAt: '2024-06-02T00:00:00Z' },
    ]);
    expect(s.sizeBytes).toBeGreaterThan(0);
    store.close();
  });

  it('summary: the counts a review reports, withdrawn advisories and rejected CVEs left out, also in a store made before its indexes', async () => {
    const file = join(tmp, `summary${++n}.db`);
    const store = AdvisoryStore.open(file);
    await store.importOsv(corpus, 'corpus');
    const r = byId('GHSA-j8r2-6x86-q33q');
    await store.importOsv([clone(r, { modified: '2025-03-01T00:00:00Z', withdrawn: '2025-03-01T00:00:00Z' })], 'w');
    // the fixture holds two current CVEs and one NVD rejected
    store.putNvd(JSON.parse(readFileSync(join(FIXTURES, 'nvd-cves.json'), 'utf8')) as Json[], 'nvd');
    store.putKev([{ cve: 'CVE-2021-44228', dateAdded: '2021-12-10' }], '2024.01.01');
    store.setSource('osv:npm', { updatedAt: '2024-06-02T00:00:00Z' });
    const expected = {
      advisories: corpus.length - 1, withdrawn: 1, nvd: 2, kev: 1, epss: 0,
      newestModified: '2025-03-01T00:00:00Z', sources: [{ name: 'osv:npm', updatedAt: '2024-06-02T00:00:00Z' }],
    };
    expect(store.summary()).toEqual(expected);
    expect(store.status()).toMatchObject(expected);
    store.close();

    // a store written before the count indexes existed: read-only, the counts are the same (read the slow way)
    const raw = new Database(file);
    raw.exec('DROP INDEX advisory_withdrawn; DROP INDEX nvd_rejected');
    raw.close();
    const ro = AdvisoryStore.open(file, { readonly: true });
    expect(ro.summary()).toEqual(expected);
    ro.close();
    // opened for writing, it gets them back
    AdvisoryStore.open(file).close();
    const check = new Database(file, { readonly: true });
    const names = check.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND name IN ('advisory_withdrawn', 'nvd_rejected') ORDER BY name").all();
    check.close();
    expect(names).toEqual([{ name: 'advisory_withdrawn' }, { name: 'nvd_rejected' }]);
    const again = AdvisoryStore.open(file, { readonly: true });
    expect(again.summary()).toEqual(expected);
    again.close();
  });
});
