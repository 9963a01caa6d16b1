import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HttpClient } from '../../net/http.js';
import { type Route, replayPerTest } from '../../net/test-support/server.js';
import { EndOfLifeClient, eolProductFor, evaluate, pickCycle } from './index.js';
import { EolCycle } from './schema.js';

const fixture = (f: string) => readFileSync(new URL(`./fixtures/${f}`, import.meta.url), 'utf8');
const cycles = (f: string) => (JSON.parse(fixture(f)) as unknown[]).map((c) => EolCycle.parse(c));
const NOW = new Date('2026-11-26T12:00:00Z');

const replay = replayPerTest();
async function serve(routes: Record<string, Route>) {
  return new EndOfLifeClient({ baseUrl: await replay.serve(routes), http: new HttpClient({ retryBaseMs: 0, sleep: async () => undefined }) });
}

describe('pickCycle: the cycle a version belongs to', () => {
  it('major cycles (nodejs), major.minor cycles (alpine), numbers in old answers (python example)', () => {
    expect(pickCycle(cycles('nodejs.json'), '20.11.1')?.cycle).toBe('20');
    expect(pickCycle(cycles('nodejs.json'), 'v18.19.0')?.cycle).toBe('18');
    expect(pickCycle(cycles('alpine-linux.json'), '3.21.6')?.cycle).toBe('3.21');
    expect(pickCycle(cycles('alpine-linux.json'), '3.2.3')?.cycle).toBe('3.2'); // not 3.21, 3.22, 3.23
    expect(pickCycle(cycles('python.json'), '3.8.10')?.cycle).toBe('3.8');
    expect(pickCycle(cycles('ubuntu.json'), '20.04')?.cycle).toBe('20.04');
    expect(pickCycle(cycles('debian.json'), '12.5')?.cycle).toBe('12');
  });
  it('no cycle for an unknown or unreadable version', () => {
    expect(pickCycle(cycles('nodejs.json'), '99.0.0')).toBeUndefined();
    expect(pickCycle(cycles('nodejs.json'), 'latest')).toBeUndefined();
    expect(pickCycle(cycles('ubuntu.json'), '20')).toBeUndefined(); // "20" is not "20.04"
  });
});

describe('evaluate: supported or not on a given day (values from the fixtures, read by hand)', () => {
  it('Node.js 20: eol 2026-04-30 — supported before, ended after', () => {
    const c = pickCycle(cycles('nodejs.json'), '20.11.0')!;
    expect(evaluate('nodejs', 'Node.js', c, new Date('2025-01-01'))).toMatchObject({
      supported: true, eol: '2026-04-30', support: '2024-10-22', lts: '2023-10-24', latest: '20.11.0',
      reason: 'Node.js 20 reaches end of life on 2026-04-30; active support ended on 2024-10-22 (security fixes only); latest release of the cycle: 20.11.0',
    });
    expect(evaluate('nodejs', 'Node.js', c, NOW)).toMatchObject({ supported: false, reason: 'Node.js 20 reached end of life on 2026-04-30; latest release of the cycle: 20.11.0' });
  });
  it('eol true with no date (Node.js 3), eol false (React 19), extended support (Debian 12)', () => {
    expect(evaluate('nodejs', 'Node.js', pickCycle(cycles('nodejs.json'), '3.3.1')!, NOW)).toMatchObject({ supported: false, eol: true, reason: 'Node.js 3 has reached end of life; latest release of the cycle: 3.3.1' });
    expect(evaluate('react', 'React', pickCycle(cycles('react.json'), '19.1.0')!, NOW)).toMatchObject({ supported: true, eol: false, support: true, reason: 'React 19 has no end-of-life date announced; latest release of the cycle: 19.2.4' });
    expect(evaluate('react', 'React', pickCycle(cycles('react.json'), '18.2.0')!, NOW).reason).toBe('React 18 has no end-of-life date announced; active support ended on 2024-12-05 (security fixes only); latest release of the cycle: 18.3.1');
    expect(evaluate('debian', 'Debian', pickCycle(cycles('debian.json'), '12')!, NOW)).toMatchObject({
      supported: false, extendedSupport: '2028-06-10', url: 'https://endoflife.date/debian',
      reason: 'Debian 12 reached end of life on 2026-06-10; extended support until 2028-06-10; latest release of the cycle: 12.11',
    });
  });
});

describe('EndOfLifeClient (GET /api/{product}.json replayed)', () => {
  it('asks once per product and answers per version', async () => {
    const eol = await serve({ '/api/nodejs.json': { body: fixture('nodejs.json') } });
    const a = await eol.endOfLife('nodejs', '18.19.0', NOW, 'Node.js');
    const b = await eol.endOfLife('nodejs', '20.1.0', NOW, 'Node.js');
    expect([a?.cycle, a?.eol, a?.supported]).toEqual(['18', '2025-04-30', false]);
    expect([b?.cycle, b?.eol]).toEqual(['20', '2026-04-30']);
    expect(replay.server!.requests.map((r) => r.path)).toEqual(['/api/nodejs.json']);
  });

  it('a product id that is not found is followed by its former id (alpine-linux, then alpine)', async () => {
    const eol = await serve({ '/api/alpine.json': { body: fixture('alpine-linux.json') } });
    const e = await eol.endOfLife(['alpine-linux', 'alpine'], '3.21.6', NOW, 'Alpine Linux');
    expect(replay.server!.requests.map((r) => r.path)).toEqual(['/api/alpine-linux.json', '/api/alpine.json']);
    expect(e).toMatchObject({ product: 'alpine', cycle: '3.21', supported: false, eol: '2026-11-01' });
  });

  it('unknown product → undefined; a 500 that persists → RegistryError; hostile cycles are skipped', async () => {
    const eol = await serve({
      '/api/broken.json': { status: 500 },
      '/api/odd.json': { body: '[{"cycle":"1","eol":"soon","latest":{"x":1}},{"nocycle":true},"x",{"cycle":"2","eol":true}]' },
      '/api/notalist.json': { body: '{"cycle":"1"}' },
    });
    expect(await eol.endOfLife('nosuchproduct', '1.0', NOW)).toBeUndefined();
    await expect(eol.endOfLife('broken', '1.0', NOW)).rejects.toMatchObject({ name: 'RegistryError', status: 500 });
    const odd = await eol.cycles('odd');
    expect(odd).toEqual([{ cycle: '1' }, { cycle: '2', eol: true }]); // "soon" is not a date; the object latest is dropped
    await expect(eol.cycles('notalist')).rejects.toMatchObject({ kind: 'malformed' });
    expect(await eol.cycles('../etc/passwd')).toBeUndefined(); // not a product id: not asked
  });
});

describe('eolProductFor: which endoflife.date product speaks for an item', () => {
  it('runtimes, frameworks and libraries that are products', () => {
    expect(eolProductFor({ name: 'react', version: '18.2.0', ecosystem: 'npm' })).toEqual({ products: ['react'], label: 'React', version: '18.2.0' });
    expect(eolProductFor({ name: '@angular/core', version: '17.3.1', ecosystem: 'npm' })?.products).toEqual(['angular']);
    expect(eolProductFor({ name: 'angular', version: '1.8.3', ecosystem: 'npm' })?.products).toEqual(['angularjs']);
    expect(eolProductFor({ name: 'Django', version: '4.2.11', ecosystem: 'PyPI' })?.products).toEqual(['django']);
    expect(eolProductFor({ name: 'org.springframework.boot:spring-boot-starter-web', version: '3.2.4', ecosystem: 'Maven' })?.products).toEqual(['spring-boot']);
    expect(eolProductFor({ name: 'org.springframework:spring-core', version: '6.1.5', ecosystem: 'Maven' })?.products).toEqual(['spring-framework']);
    expect(eolProductFor({ name: 'laravel/framework', version: '10.48.4', ecosystem: 'Packagist' })?.products).toEqual(['laravel']);
    expect(eolProductFor({ name: 'Node.js', version: 'v20.11.0', ecosystem: 'generic' })).toEqual({ products: ['nodejs'], label: 'Node.js', version: '20.11.0' });
  });

  it('container images by their tag, codenames included', () => {
    expect(eolProductFor({ name: 'docker.io/library/node', version: '22.12.0-bookworm-slim', ecosystem: 'Docker' })).toEqual({ products: ['nodejs'], label: 'Node.js', version: '22.12.0' });
    expect(eolProductFor({ name: 'docker.io/library/debian', version: 'bullseye-slim', ecosystem: 'Docker' })).toEqual({ products: ['debian'], label: 'Debian', version: '11' });
    expect(eolProductFor({ name: 'docker.io/library/python', version: '3.12-slim', ecosystem: 'Docker' })?.version).toBe('3.12');
    expect(eolProductFor({ name: 'docker.io/bitnami/node', version: '20', ecosystem: 'Docker' })).toBeUndefined(); // not the official image
  });

  it('operating systems, and packages of a distribution release', () => {
    expect(eolProductFor({ name: 'debian', version: '12', ecosystem: 'Debian:12' })).toEqual({ products: ['debian'], label: 'Debian', version: '12' });
    expect(eolProductFor({ name: 'openssl', version: '3.0.15-1~deb12u1', ecosystem: 'Debian:12' })).toEqual({ products: ['debian'], label: 'Debian', version: '12', via: 'the Debian 12 release that ships openssl' });
    expect(eolProductFor({ name: 'ubuntu', version: '22.04', ecosystem: 'Ubuntu:22.04:LTS' })).toEqual({ products: ['ubuntu'], label: 'Ubuntu', version: '22.04' });
    expect(eolProductFor({ name: 'alpine', version: '3.19.1', ecosystem: 'Alpine:v3.19' })).toEqual({ products: ['alpine-linux', 'alpine'], label: 'Alpine Linux', version: '3.19.1' });
    expect(eolProductFor({ name: 'musl', version: '1.2.4-r2', ecosystem: 'Alpine:v3.19' })?.version).toBe('3.19');
  });

  it('nothing for items that are not products, or package-registry namesakes of runtimes', () => {
    expect(eolProductFor({ name: 'left-pad', version: '1.3.0', ecosystem: 'npm' })).toBeUndefined();
    expect(eolProductFor({ name: 'node', version: '20.0.0', ecosystem: 'npm' })).toBeUndefined(); // the npm package "node", not the runtime
    expect(eolProductFor({ name: 'python', version: '0.1', ecosystem: 'crates.io' })).toBeUndefined();
    expect(eolProductFor({ name: 'react', version: 'latest', ecosystem: 'npm' })).toBeUndefined();
    expect(eolProductFor({ name: 'openssl', version: '3.0', ecosystem: 'Debian' })).toBeUndefined(); // no release known
  });
});
