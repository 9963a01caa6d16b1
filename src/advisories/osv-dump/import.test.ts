import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { strToU8, zipSync, type Zippable } from 'fflate';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { HttpClient } from '../../net/http.js';
import { startReplayServer, type ReplayServer } from '../../net/test-support/server.js';
import { isTureenError, type TureenError } from '../../model/errors.js';
import { AdvisoryStore } from '../store/index.js';
import { importPaths, storedEcosystems, updateFromOsv } from './index.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const CORPUS = join(ROOT, 'test/fixtures/corpus/advisories');
const DISTRO = join(ROOT, 'src/advisories/store/fixtures/osv-distro.json');
const tmp = mkdtempSync(join(tmpdir(), 'tureen-import-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

type Rec = { id: string; modified: string; affected: { package: { ecosystem: string; name: string } }[] };
const files = readdirSync(CORPUS).filter((f) => f.endsWith('.json')).sort();
const records = new Map(files.map((f) => [f, JSON.parse(readFileSync(join(CORPUS, f), 'utf8')) as Rec]));
/** The corpus files of one ecosystem, zipped as OSV's bucket serves them (one <id>.json per advisory). */
function exportOf(ecosystem: string, patch?: (r: Rec) => Rec): Buffer {
  const z: Zippable = {};
  for (const r of records.values()) if (r.affected.some((a) => a.package.ecosystem === ecosystem)) z[`${r.id}.json`] = strToU8(JSON.stringify(patch ? patch(r) : r));
  return Buffer.from(zipSync(z));
}
const npmIds = [...records.values()].filter((r) => r.affected.some((a) => a.package.ecosystem === 'npm')).map((r) => r.id).sort();
const pypiIds = [...records.values()].filter((r) => r.affected.some((a) => a.package.ecosystem === 'PyPI')).map((r) => r.id).sort();

let n = 0;
const open = () => AdvisoryStore.open(join(tmp, `s${++n}.db`));

async function rejection(p: Promise<unknown>): Promise<TureenError> {
  try {
    await p;
  } catch (e) {
    if (isTureenError(e)) return e;
    throw e;
  }
  throw new Error('expected a TureenError');
}

describe('importPaths', () => {
  it('imports folders, zips and JSON files in order, and records each as a source', async () => {
    const zip = join(tmp, 'corpus.zip');
    const z: Zippable = {};
    for (const f of files) z[f] = new Uint8Array(readFileSync(join(CORPUS, f)));
    writeFileSync(zip, zipSync(z));
    const store = open();
    const s = await importPaths(store, [CORPUS, zip, DISTRO]);
    // the folder adds 16, the zip holds the same 16 (unchanged), the distro file is one document with 3 records
    expect(s).toEqual({ added: 16 + 3, updated: 0, unchanged: 16, withdrawn: 0, invalid: [], invalidCount: 0, files: 16 + 16 + 1 });
    expect(store.status().sources.map((x) => x.name)).toEqual([`import:${resolve(CORPUS)}`, `import:${resolve(DISTRO)}`, `import:${resolve(zip)}`].sort());
    expect(store.status().sources.find((x) => x.name === `import:${resolve(zip)}`)?.detail).toBe('16 documents: 0 added, 0 updated, 0 withdrawn, 16 unchanged, 0 refused');
    store.close();
  });

  it('checks every path before reading any', async () => {
    const store = open();
    const e = await rejection(importPaths(store, [CORPUS, join(tmp, 'typo')]));
    expect([e.code, e.file]).toEqual(['input.unreadable', join(tmp, 'typo')]);
    expect(store.status().advisories).toBe(0);
    const notes = join(tmp, 'notes.txt');
    writeFileSync(notes, 'hello');
    expect((await rejection(importPaths(store, [notes]))).code).toBe('usage');
    store.close();
  });
});

describe('updateFromOsv against a replay server', () => {
  let server: ReplayServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  // the real client, with short backoff so the retry does not slow the test
  const http = () => new HttpClient({ service: 'OSV\'s export bucket', retryBaseMs: 1, maxAttempts: 3 });

  it('downloads each export, retries a 503, reports a missing ecosystem, and imports incrementally', async () => {
    server = await startReplayServer(new Map([
      ['/npm/all.zip', { body: exportOf('npm'), headers: { 'content-type': 'application/zip' } }],
      ['/PyPI/all.zip', [{ status: 503, body: 'busy' }, { body: exportOf('PyPI'), headers: { 'content-type': 'application/zip' } }]],
    ]));
    const store = open();
    const cacheDir = join(tmp, 'cache');
    const said: string[] = [];
    const r = await updateFromOsv(store, ['npm', 'PyPI', 'NoSuchEcosystem'], { baseUrl: server.url, http: http(), cacheDir, progress: (m) => said.push(m) });
    expect(said[0]).toBe(`npm: downloading ${server.url}/npm/all.zip`);
    expect(said[1]).toMatch(/^npm: importing \d+ bytes$/);
    expect(r.ecosystems.map((e) => [e.ecosystem, e.outcome, e.stats?.added])).toEqual([
      ['npm', 'imported', npmIds.length],
      ['PyPI', 'imported', pypiIds.length],
      ['NoSuchEcosystem', 'not-found', undefined],
    ]);
    expect(r.ecosystems[2]?.url).toBe(`${server.url}/NoSuchEcosystem/all.zip`);
    expect(server.requests.map((q) => q.path)).toEqual(['/npm/all.zip', '/PyPI/all.zip', '/PyPI/all.zip', '/NoSuchEcosystem/all.zip']);
    expect(r.total).toMatchObject({ added: npmIds.length + pypiIds.length, files: npmIds.length + pypiIds.length, invalidCount: 0 });
    expect(store.candidates('npm', 'axios').map((o) => o.id)).toEqual(['GHSA-wf5p-g6vw-rhxx']);
    expect(store.candidates('PyPI', 'Requests').map((o) => o.id)).toEqual(['GHSA-j8r2-6x86-q33q']);
    expect(store.status().sources.map((s) => s.name)).toEqual(['osv:PyPI', 'osv:npm']);
    expect(store.status().sources[1]?.detail).toMatch(new RegExp(`/npm/all\\.zip \\(\\d+ bytes, ${npmIds.length} documents\\): ${npmIds.length} added`));
    // the downloads are kept, whole, in the cache folder
    expect(readdirSync(cacheDir).sort()).toEqual(['osv-PyPI-all.zip', 'osv-npm-all.zip']);

    // the next day: the same npm export changes nothing; a record modified since is updated
    await server.close();
    server = await startReplayServer(new Map([
      ['/npm/all.zip', { body: exportOf('npm', (rec) => (rec.id === 'GHSA-wf5p-g6vw-rhxx' ? { ...rec, modified: '2030-01-01T00:00:00Z' } : rec)) }],
    ]));
    const again = await updateFromOsv(store, storedEcosystems(store).filter((e) => e === 'npm'), { baseUrl: server.url, http: http(), cacheDir });
    expect(again.ecosystems[0]?.stats).toMatchObject({ added: 0, updated: 1, unchanged: npmIds.length - 1 });
    expect(store.get('GHSA-wf5p-g6vw-rhxx')?.modified).toBe('2030-01-01T00:00:00Z');
    store.close();
  });

  it('a download that keeps failing is that ecosystem\'s failure, not the others\'', async () => {
    server = await startReplayServer(new Map([
      ['/Go/all.zip', { status: 503, body: 'down' }],
      ['/crates.io/all.zip', { body: exportOf('crates.io') }],
    ]));
    const store = open();
    const r = await updateFromOsv(store, ['Go', 'crates.io'], { baseUrl: `${server.url}/`, http: http(), cacheDir: join(tmp, 'cache2') });
    expect(r.ecosystems.map((e) => [e.ecosystem, e.outcome])).toEqual([['Go', 'failed'], ['crates.io', 'imported']]);
    expect(r.ecosystems[0]?.error).toMatch(/HTTP 503 3 times/);
    expect(store.candidates('crates.io', 'regex').map((o) => o.id)).toEqual(['GHSA-m5pq-gvj9-9vr8']);
    // no partial file is left by the failed download
    expect(existsSync(join(tmp, 'cache2', 'osv-Go-all.zip'))).toBe(false);
    store.close();
  });

  it('an ecosystem name that is not one is refused before any request', async () => {
    server = await startReplayServer(new Map());
    const store = open();
    const e = await rejection(updateFromOsv(store, ['npm', '../../etc'], { baseUrl: server.url, http: http(), cacheDir: join(tmp, 'cache3') }));
    expect(e.code).toBe('usage');
    expect(server.requests).toEqual([]);
    store.close();
  });
});

describe('storedEcosystems', () => {
  it('is the base ecosystem of every stored advisory and of every earlier update', async () => {
    const store = open();
    await importPaths(store, [CORPUS, DISTRO]);
    store.setSource('osv:Hex', { updatedAt: '2024-01-01T00:00:00Z' });
    // the oracle: the ecosystems written in the files, release suffixes dropped by hand
    expect(storedEcosystems(store)).toEqual(['Alpine', 'Debian', 'Go', 'Hex', 'Maven', 'NuGet', 'PyPI', 'crates.io', 'npm']);
    store.close();
  });
});
