import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RegistryCache, registryCacheDir } from './cache.js';
import { type FetchOptions, RegistryError, fetchMetadata, fetchMetadataReport, metadataKey } from './index.js';
import { type ReplayServer, type Route, startReplayServer } from '../net/test-support/server.js';

const fixture = (p: string) => readFileSync(new URL(`./fixtures/${p}`, import.meta.url), 'utf8');
const DAY = 24 * 60 * 60 * 1000;
const T0 = Date.parse('2026-11-01T08:00:00.000Z');

let server: ReplayServer | undefined;
let repo: string;
beforeEach(() => {
  repo = mkdtempSync(join(tmpdir(), 'tureen-registry-'));
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  rmSync(repo, { recursive: true, force: true });
});

const ROUTES: Record<string, Route> = {
  '/npm/left-pad': { body: fixture('npm/left-pad.json') },
  '/npm/is-number': { body: fixture('npm/is-number.json') },
  '/pypi/requests/2.31.0/json': { body: fixture('pypi/requests-2.31.0.json') },
  '/go/github.com/!burnt!sushi/toml/@v/v1.3.2.info': { body: fixture('go/toml-v1.3.2.info') },
  '/npm/broken': { status: 500 },
};

async function setup(routes: Record<string, Route> = ROUTES, onRequest?: (path: string) => void) {
  server = await startReplayServer(new Map(Object.entries(routes)), onRequest);
  const base = server.url;
  return (now: number, extra: Partial<FetchOptions> = {}): FetchOptions => ({
    cacheDir: registryCacheDir(repo),
    offline: false,
    baseUrls: { npm: `${base}/npm`, PyPI: `${base}/pypi`, Go: `${base}/go` },
    now: () => new Date(now),
    http: { retryBaseMs: 0 },
    ...extra,
  });
}
const requested = () => server!.requests.map((r) => r.path);

const leftPad = { ecosystem: 'npm', name: 'left-pad', version: '1.3.0' };
const isNumber = { ecosystem: 'npm', name: 'is-number', version: '7.0.0' };
const requests = { ecosystem: 'PyPI', name: 'requests', version: '2.31.0' };
const toml = { ecosystem: 'Go', name: 'github.com/BurntSushi/toml', version: '1.3.2' };

describe('fetchMetadata', () => {
  it('dispatches by ecosystem, keys by exact item, asks once per distinct item', async () => {
    const opts = await setup();
    const md = await fetchMetadata([leftPad, requests, toml, leftPad, isNumber], opts(T0));
    expect([...md.keys()].sort()).toEqual([leftPad, requests, toml, isNumber].map(metadataKey).sort());
    expect(md.get(metadataKey(leftPad))?.license).toBe('WTFPL');
    expect(md.get(metadataKey(requests))?.supplier).toBe('Kenneth Reitz');
    expect(md.get(metadataKey(toml))?.releaseDate).toBe('2023-06-08');
    expect(md.get(metadataKey(leftPad))?.fetchedAt).toBe(new Date(T0).toISOString());
    expect(requested().sort()).toEqual(['/go/github.com/!burnt!sushi/toml/@v/v1.3.2.info', '/npm/is-number', '/npm/left-pad', '/pypi/requests/2.31.0/json']);
  });

  it('a second run within the max age is served from the cache: no request', async () => {
    const opts = await setup();
    const first = await fetchMetadataReport([leftPad, requests], opts(T0));
    expect(first.fetched).toBe(2);
    const before = requested().length;
    const second = await fetchMetadataReport([leftPad, requests], opts(T0 + 6 * DAY));
    expect(requested()).toHaveLength(before);
    expect(second.fromCache).toBe(2);
    expect(second.metadata).toEqual(first.metadata);
  });

  it('an entry older than the max age (7 days) is fetched again, and the cache records the new fetchedAt', async () => {
    const opts = await setup();
    await fetchMetadata([leftPad], opts(T0));
    const again = await fetchMetadataReport([leftPad], opts(T0 + 8 * DAY));
    expect(requested()).toEqual(['/npm/left-pad', '/npm/left-pad']);
    expect(again.fetched).toBe(1);
    expect(again.metadata.get(metadataKey(leftPad))?.fetchedAt).toBe(new Date(T0 + 8 * DAY).toISOString());
    const hit = new RegistryCache(registryCacheDir(repo), { now: () => new Date(T0 + 8 * DAY) }).read(leftPad);
    expect(hit?.fresh).toBe(true);
    expect(hit?.entry.fetchedAt).toBe(new Date(T0 + 8 * DAY).toISOString());
    // a shorter max age is honoured too
    await fetchMetadata([leftPad], opts(T0 + 8 * DAY + 2000, { maxAgeMs: 1000 }));
    expect(requested()).toHaveLength(3);
  });

  it('offline: the cache only, stale entries included; never a request', async () => {
    let called = false;
    const online = await setup();
    await fetchMetadata([leftPad], online(T0));
    await server!.close();
    const offline = await setup(ROUTES, () => {
      called = true;
      throw new Error('offline mode made a request');
    });
    const r = await fetchMetadataReport([leftPad, isNumber, requests], offline(T0 + 30 * DAY, { offline: true }));
    expect(called).toBe(false);
    expect(server!.requests).toHaveLength(0);
    expect(r.metadata.get(metadataKey(leftPad))?.license).toBe('WTFPL');
    expect(r.metadata.get(metadataKey(leftPad))?.fetchedAt).toBe(new Date(T0).toISOString());
    expect(r.notCached.map(metadataKey).sort()).toEqual([isNumber, requests].map(metadataKey).sort());
    expect(r.stale).toEqual([leftPad]);
    expect(r.fetched).toBe(0);
  });

  it('"not found" is cached too (no second request), and reported as notFound', async () => {
    const opts = await setup();
    const missing = { ecosystem: 'npm', name: 'no-such-package', version: '1.0.0' };
    const unpublished = { ecosystem: 'npm', name: 'left-pad', version: '0.0.0-nope' };
    const a = await fetchMetadataReport([missing, unpublished], opts(T0));
    expect(a.notFound.map(metadataKey).sort()).toEqual([missing, unpublished].map(metadataKey).sort());
    expect(a.metadata.size).toBe(0);
    const b = await fetchMetadataReport([missing, unpublished], opts(T0 + DAY));
    expect(b.notFound).toHaveLength(2);
    expect(requested()).toHaveLength(2);
  });

  it('a failing registry is a failure in the report (never thrown), not cached, and asked again next time', async () => {
    const opts = await setup();
    const broken = { ecosystem: 'npm', name: 'broken', version: '1.0.0' };
    const r = await fetchMetadataReport([broken, leftPad], opts(T0));
    expect(r.failures).toHaveLength(1);
    expect(r.failures[0]!.item).toEqual(broken);
    expect(r.failures[0]!.error).toBeInstanceOf(RegistryError);
    expect(r.failures[0]!.error).toMatchObject({ kind: 'http', status: 500 });
    expect(r.metadata.has(metadataKey(leftPad))).toBe(true);
    expect(requested().filter((p) => p === '/npm/broken')).toHaveLength(3);
    await fetchMetadataReport([broken], opts(T0 + 1000));
    expect(requested().filter((p) => p === '/npm/broken')).toHaveLength(6);
  });

  it('ecosystems without a registry client and items without a version are unsupported, not requested', async () => {
    const opts = await setup();
    const items = [
      { ecosystem: 'Debian:12', name: 'libc6', version: '2.36-9' },
      { ecosystem: 'npm', name: 'left-pad', version: '' },
      { ecosystem: 'constructor', name: 'x', version: '1' },
      { ecosystem: 'PyPI', name: '..', version: '..' },
      { ecosystem: 'npm', name: 'left-pad', version: '../../x' },
    ];
    const r = await fetchMetadataReport(items, opts(T0));
    expect(r.unsupported).toHaveLength(5);
    expect(requested()).toEqual([]);
  });

  it('an overall concurrency of 1 still answers every item', async () => {
    const opts = await setup();
    const md = await fetchMetadata([leftPad, isNumber, requests, toml], opts(T0, { concurrency: 1 }));
    expect(md.size).toBe(4);
  });
});

describe('RegistryCache', () => {
  it('names files by a hash: a hostile package name stays inside the cache folder', () => {
    const dir = registryCacheDir(repo);
    const cache = new RegistryCache(dir, { now: () => new Date(T0) });
    const evil = { ecosystem: 'npm', name: '../../../etc/passwd\u0000\n', version: '../1' };
    cache.write(evil, { registry: 'r', fetchedAt: new Date(T0).toISOString(), license: 'MIT' });
    expect(cache.fileFor(evil).startsWith(`${dir}/`)).toBe(true);
    expect(readdirSync(dir)).toEqual([expect.stringMatching(/^[0-9a-f]{64}\.json$/)]);
    expect(cache.read(evil)?.entry.metadata?.license).toBe('MIT');
  });

  it('an unreadable, foreign or tampered entry is a miss (refetched), never an error', async () => {
    const dir = registryCacheDir(repo);
    const cache = new RegistryCache(dir, { now: () => new Date(T0) });
    cache.write(leftPad, { registry: 'r', fetchedAt: new Date(T0).toISOString() });
    const file = cache.fileFor(leftPad);
    writeFileSync(file, '{not json');
    expect(cache.read(leftPad)).toBeUndefined();
    writeFileSync(file, JSON.stringify({ format: 1, ecosystem: 'npm', name: 'other', version: '1.3.0', fetchedAt: new Date(T0).toISOString(), found: false }));
    expect(cache.read(leftPad)).toBeUndefined();
    // a "__proto__" key written by hand (an object literal would set the prototype instead of a key)
    writeFileSync(file, `{"format":1,"ecosystem":"npm","name":"left-pad","version":"1.3.0","fetchedAt":"${new Date(T0).toISOString()}","found":true,"metadata":{"registry":"r","fetchedAt":"x","__proto__":{"polluted":true}}}`);
    expect(cache.read(leftPad)).toBeUndefined();
    const opts = await setup();
    const md = await fetchMetadata([leftPad], opts(T0));
    expect(md.get(metadataKey(leftPad))?.license).toBe('WTFPL');
    expect(requested()).toEqual(['/npm/left-pad']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('an entry from the future (clock moved back) is stale, not fresh', () => {
    const cache = new RegistryCache(registryCacheDir(repo), { now: () => new Date(T0) });
    cache.write(leftPad, undefined, new Date(T0 + DAY).toISOString());
    expect(cache.read(leftPad)?.fresh).toBe(false);
  });
});
