import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { SoupRecord } from '../model/record.js';
import { fetchMetadataReport } from '../registry/index.js';
import { startReplayServer, type ReplayServer } from '../net/test-support/server.js';
import { sync } from './sync.js';

const FIX = join(import.meta.dirname, '..', 'registry', 'fixtures', 'pypi', 'requests-2.31.0.json');
const servers: ReplayServer[] = [];
afterAll(async () => Promise.all(servers.map((s) => s.close())));

describe('sync fills what the lockfile lacks from the registry', () => {
  it('writes the registry\'s supplier, licence, source and release date into identification, then works offline from the cache', async () => {
    const server = await startReplayServer(new Map([['/pypi/requests/2.31.0/json', { body: readFileSync(FIX) }]]));
    servers.push(server);
    const dir = mkdtempSync(join(tmpdir(), 'tureen-meta-'));
    writeFileSync(join(dir, 'requirements.txt'), 'requests==2.31.0\n');
    const r = await sync(dir, { registryBaseUrls: { PyPI: `${server.url}/pypi` }, today: '2026-11-25' });
    expect(r.findings).toEqual([]);
    const record = SoupRecord.parse(parse(readFileSync(join(dir, 'soup', 'pypi-requests.yaml'), 'utf8')));
    // what the registry client reads from the same answer (its mapping is tested in src/registry)
    const expected = (await fetchMetadataReport([{ ecosystem: 'PyPI', name: 'requests', version: '2.31.0' }], { cacheDir: mkdtempSync(join(tmpdir(), 'c-')), offline: false, baseUrls: { PyPI: `${server.url}/pypi` } })).metadata.values().next().value!;
    expect(expected.license).toBeTruthy();
    expect(record.identification).toMatchObject({
      name: 'requests', version: '2.31.0', ecosystem: 'PyPI',
      license: expected.license, supplier: expected.supplier, sourceUrl: expected.sourceUrl, releaseDate: expected.releaseDate,
      metadataFrom: expected.registry,
    });
    // the cache answers the second run: offline, and a server that fails the test if asked
    const strict = await startReplayServer(new Map(), (p) => {
      throw new Error(`offline sync asked the network for ${p}`);
    });
    servers.push(strict);
    const before = readFileSync(join(dir, 'soup', 'pypi-requests.yaml'), 'utf8');
    const again = await sync(dir, { offline: true, registryBaseUrls: { PyPI: `${strict.url}/pypi` }, today: '2026-11-26' });
    expect(strict.requests).toEqual([]);
    expect(again.plan.writes).toEqual([]);
    expect(readFileSync(join(dir, 'soup', 'pypi-requests.yaml'), 'utf8')).toBe(before);

    // a fresh clone in CI has no cache, and a registry can be down: the record keeps what an earlier run learnt
    rmSync(join(dir, '.tureen'), { recursive: true });
    const cold = await sync(dir, { offline: true, registryBaseUrls: { PyPI: `${strict.url}/pypi` }, today: '2026-11-27' });
    expect(cold.findings.map((f) => f.rule)).toEqual(['sync.metadata-not-cached']);
    expect(cold.plan.writes).toEqual([]);
    const down = await startReplayServer(new Map([['/pypi/requests/2.31.0/json', { status: 503, body: 'down' }]]));
    servers.push(down);
    const failed = await sync(dir, { registryBaseUrls: { PyPI: `${down.url}/pypi` }, today: '2026-11-28' });
    expect(failed.findings.map((f) => f.rule)).toEqual(['sync.registry-unreachable']);
    expect(failed.plan.writes).toEqual([]);
    expect(readFileSync(join(dir, 'soup', 'pypi-requests.yaml'), 'utf8')).toBe(before);
  });

  it('asks the mirror the config names (registries.PyPI), and prefills prerequisites from requires_python', async () => {
    const mirror = await startReplayServer(new Map([['/artifactory/api/pypi/pypi/requests/2.31.0/json', { body: readFileSync(FIX) }]]));
    servers.push(mirror);
    const dir = mkdtempSync(join(tmpdir(), 'tureen-mirror-'));
    writeFileSync(join(dir, 'requirements.txt'), 'requests==2.31.0\n');
    writeFileSync(join(dir, 'tureen.config.yaml'), `registries:\n  PyPI: ${mirror.url}/artifactory/api/pypi/pypi\n`);
    const r = await sync(dir, { today: '2026-11-25' });
    expect(r.findings).toEqual([]);
    expect(mirror.requests.map((q) => q.path)).toEqual(['/artifactory/api/pypi/pypi/requests/2.31.0/json']);
    const record = SoupRecord.parse(parse(readFileSync(join(dir, 'soup', 'pypi-requests.yaml'), 'utf8')));
    const info = (JSON.parse(readFileSync(FIX, 'utf8')) as { info: { requires_python: string } }).info;
    expect(record.prerequisites).toEqual({ software: [`python ${info.requires_python}`] });
  });

  it('a registry that cannot answer is one warning, and the record keeps what the scan found', async () => {
    const down = await startReplayServer(new Map([['/pypi/requests/2.31.0/json', { status: 503, body: 'down' }]]));
    servers.push(down);
    const dir = mkdtempSync(join(tmpdir(), 'tureen-meta-down-'));
    writeFileSync(join(dir, 'requirements.txt'), 'requests==2.31.0\n');
    const r = await sync(dir, { registryBaseUrls: { PyPI: `${down.url}/pypi` }, today: '2026-11-25' });
    expect(r.findings.map((f) => [f.rule, f.severity])).toEqual([['sync.registry-unreachable', 'warning']]);
    const record = SoupRecord.parse(parse(readFileSync(join(dir, 'soup', 'pypi-requests.yaml'), 'utf8')));
    expect(record.identification.license).toBeUndefined();
    expect(record.identification.metadataFrom).toBeUndefined();
  });
});
