import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HttpClient, RegistryError } from '../../net/http.js';
import { type Route, type SeenRequest, replayPerTest, sleepRecorder } from '../../net/test-support/server.js';
import { parseOsv } from '../osv/schema.js';
import { QueryBatchResponse } from './schema.js';
import { OSV_BATCH_MAX, OsvApiClient, toOsvQuery, type OsvPackageVersion } from './index.js';

const here = new URL('.', import.meta.url).pathname;
const corpusDir = join(here, '../../../test/fixtures/corpus/advisories');
const corpusText = (id: string) => readFileSync(join(corpusDir, `${id}.json`), 'utf8');
const corpusJson = (id: string) => JSON.parse(corpusText(id)) as { id: string; modified: string };

const replay = replayPerTest();
const serve = replay.serve;
const recorder = sleepRecorder;
const queriesOf = (req: SeenRequest) => (JSON.parse(req.body) as { queries: { package: { name: string; ecosystem: string }; version: string; page_token?: string }[] }).queries;
const ref = (id: string) => ({ id, modified: corpusJson(id).modified });

const WS: OsvPackageVersion = { ecosystem: 'npm', name: 'ws', version: '8.17.0' };
const LOG4J: OsvPackageVersion = { ecosystem: 'Maven', name: 'org.apache.logging.log4j:log4j-core', version: '2.14.1' };
const LEFTPAD: OsvPackageVersion = { ecosystem: 'npm', name: 'left-pad', version: '1.3.0' };

describe('OsvApiClient.queryBatch', () => {
  it('sends OSV’s purl-less query shape and maps each result to the package’s index; {} means none', async () => {
    const base = await serve({
      '/v1/querybatch': () => ({ body: JSON.stringify({ results: [{ vulns: [ref('GHSA-3h5v-q93c-6h6q')] }, {}, { vulns: [ref('GHSA-jfh8-c2jp-5v3q')] }] }) }),
    });
    const osv = new OsvApiClient({ baseUrl: base });
    const ids = await osv.queryBatch([WS, LEFTPAD, LOG4J]);
    expect(ids).toEqual(new Map([[0, ['GHSA-3h5v-q93c-6h6q']], [1, []], [2, ['GHSA-jfh8-c2jp-5v3q']]]));
    const req = replay.server!.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.headers['content-type']).toBe('application/json');
    expect(JSON.parse(req.body)).toEqual({
      queries: [
        { package: { name: 'ws', ecosystem: 'npm' }, version: '8.17.0' },
        { package: { name: 'left-pad', ecosystem: 'npm' }, version: '1.3.0' },
        { package: { name: 'org.apache.logging.log4j:log4j-core', ecosystem: 'Maven' }, version: '2.14.1' },
      ],
    });
  });

  it('toOsvQuery carries page_token only when there is one', () => {
    expect(toOsvQuery(WS)).toEqual({ package: { name: 'ws', ecosystem: 'npm' }, version: '8.17.0' });
    expect(toOsvQuery(WS, 'abc')).toEqual({ package: { name: 'ws', ecosystem: 'npm' }, version: '8.17.0', page_token: 'abc' });
  });

  it('2500 packages go in 3 requests of at most 1000 queries, and every index gets its own answer', async () => {
    const base = await serve({
      '/v1/querybatch': (_p, req) => ({
        body: JSON.stringify({ results: queriesOf(req).map((q) => ({ vulns: [{ id: `OSV-2024-${q.package.name.slice(4)}`, modified: '2024-01-01T00:00:00Z' }] })) }),
      }),
    });
    const pkgs = Array.from({ length: 2500 }, (_, i) => ({ ecosystem: 'npm', name: `pkg-${i}`, version: '1.0.0' }));
    const ids = await new OsvApiClient({ baseUrl: base }).queryBatch(pkgs);
    expect(replay.server!.requests.map((r) => queriesOf(r).length).sort((a, b) => b - a)).toEqual([OSV_BATCH_MAX, OSV_BATCH_MAX, 500]);
    expect(ids.size).toBe(2500);
    expect(ids.get(0)).toEqual(['OSV-2024-0']);
    expect(ids.get(1999)).toEqual(['OSV-2024-1999']);
    expect(ids.get(2499)).toEqual(['OSV-2024-2499']);
  });

  it('follows next_page_token: only the paginated package is asked again, with page_token, until no token', async () => {
    const base = await serve({
      '/v1/querybatch': (_p, req) => {
        const results = queriesOf(req).map((q) => {
          if (q.package.name !== 'org.apache.logging.log4j:log4j-core') return {};
          if (!q.page_token) return { vulns: [ref('GHSA-jfh8-c2jp-5v3q')], next_page_token: 'page-2' };
          if (q.page_token === 'page-2') return { vulns: [{ id: 'GHSA-7rjr-3q55-vv33', modified: '2023-01-01T00:00:00Z' }], next_page_token: 'page-3' };
          return { vulns: [{ id: 'GHSA-jfh8-c2jp-5v3q', modified: 'x' }, { id: 'GHSA-p6xc-xr62-6r2g', modified: '2023-01-01T00:00:00Z' }] };
        });
        return { body: JSON.stringify({ results }) };
      },
    });
    const ids = await new OsvApiClient({ baseUrl: base }).queryBatch([LEFTPAD, LOG4J]);
    expect(ids.get(0)).toEqual([]);
    // the id repeated on page 3 is reported once
    expect(ids.get(1)).toEqual(['GHSA-jfh8-c2jp-5v3q', 'GHSA-7rjr-3q55-vv33', 'GHSA-p6xc-xr62-6r2g']);
    expect(replay.server!.requests.map((r) => queriesOf(r))).toEqual([
      [toOsvQuery(LEFTPAD), toOsvQuery(LOG4J)],
      [toOsvQuery(LOG4J, 'page-2')],
      [toOsvQuery(LOG4J, 'page-3')],
    ]);
  });

  it('a query OSV refuses (400 fails the whole batch) is isolated by splitting; the others are answered', async () => {
    const base = await serve({
      '/v1/querybatch': (_p, req) => {
        const qs = queriesOf(req);
        if (qs.some((q) => q.package.ecosystem === 'NoSuchEcosystem')) return { status: 400, body: JSON.stringify({ code: 3, message: 'Invalid ecosystem.' }) };
        return { body: JSON.stringify({ results: qs.map((q) => (q.package.name === 'ws' ? { vulns: [ref('GHSA-3h5v-q93c-6h6q')] } : {})) }) };
      },
    });
    const pkgs = [LEFTPAD, WS, LOG4J, { ecosystem: 'NoSuchEcosystem', name: 'x', version: '1' }, LEFTPAD];
    const res = await new OsvApiClient({ baseUrl: base }).queryBatchDetailed(pkgs);
    expect([...res.ids.keys()]).toEqual([0, 1, 2, 4]);
    expect(res.ids.get(1)).toEqual(['GHSA-3h5v-q93c-6h6q']);
    expect(res.rejected.map((r) => [r.index, r.error.status])).toEqual([[3, 400]]);
    // queryBatch leaves the refused package out rather than reporting it clean
    expect((await new OsvApiClient({ baseUrl: base }).queryBatch(pkgs)).has(3)).toBe(false);
  });

  it('a token that never ends is a malformed answer, not an endless loop', async () => {
    const base = await serve({ '/v1/querybatch': { body: JSON.stringify({ results: [{ vulns: [], next_page_token: 'again' }] }) } });
    const err = await new OsvApiClient({ baseUrl: base }).queryBatch([WS]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RegistryError);
    expect(err).toMatchObject({ kind: 'malformed' });
    expect((err as Error).message).toContain('next_page_token');
    expect(replay.server!.requests).toHaveLength(2);
  });

  it('a fresh token on every page stops at maxPagesPerQuery', async () => {
    let n = 0;
    const base = await serve({ '/v1/querybatch': () => ({ body: JSON.stringify({ results: [{ next_page_token: `t${n++}` }] }) }) });
    await expect(new OsvApiClient({ baseUrl: base, maxPagesPerQuery: 5 }).queryBatch([WS])).rejects.toMatchObject({ kind: 'malformed' });
    expect(replay.server!.requests).toHaveLength(5);
  });

  it('an answer with fewer results than queries, or outside the schema, or not JSON, is refused as malformed', async () => {
    const base = await serve({
      '/short/v1/querybatch': { body: JSON.stringify({ results: [{}] }) },
      '/schema/v1/querybatch': { body: JSON.stringify({ results: [{ vulns: 'GHSA-3h5v-q93c-6h6q' }, {}] }) },
      '/badid/v1/querybatch': { body: JSON.stringify({ results: [{ vulns: [{ id: '../../etc/passwd' }] }, {}] }) },
      '/text/v1/querybatch': { body: '<html>maintenance</html>' },
    });
    for (const prefix of ['/short', '/schema', '/badid', '/text']) {
      const err = await new OsvApiClient({ baseUrl: base + prefix }).queryBatch([WS, LEFTPAD]).catch((e: unknown) => e);
      expect(err, prefix).toBeInstanceOf(RegistryError);
      expect(err, prefix).toMatchObject({ kind: 'malformed', code: 'input.malformed' });
    }
  });

  it('429 with Retry-After, then 200: waits as asked and answers', async () => {
    const base = await serve({
      '/v1/querybatch': [{ status: 429, headers: { 'retry-after': '2' } }, { body: JSON.stringify({ results: [{ vulns: [ref('GHSA-3h5v-q93c-6h6q')] }] }) }],
    });
    const r = recorder();
    const osv = new OsvApiClient({ baseUrl: base, http: new HttpClient({ service: 'the OSV API', sleep: r.sleep }) });
    expect((await osv.queryBatch([WS])).get(0)).toEqual(['GHSA-3h5v-q93c-6h6q']);
    expect(r.waits).toEqual([2000]);
    expect(replay.server!.requests).toHaveLength(2);
  });

  it('503 then 200 is retried; 500 three times is an error naming the OSV API', async () => {
    const base = await serve({
      '/ok/v1/querybatch': [{ status: 503 }, { body: JSON.stringify({ results: [{}] }) }],
      '/down/v1/querybatch': { status: 500 },
    });
    const http = new HttpClient({ service: 'the OSV API', sleep: recorder().sleep });
    expect((await new OsvApiClient({ baseUrl: `${base}/ok`, http }).queryBatch([WS])).get(0)).toEqual([]);
    const err = await new OsvApiClient({ baseUrl: `${base}/down`, http }).queryBatch([WS]).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'http', status: 500 });
    expect((err as Error).message).toContain('the OSV API');
  });

  it('asks nothing for no packages; refuses a package without a version before asking', async () => {
    const base = await serve({});
    const osv = new OsvApiClient({ baseUrl: base });
    expect(await osv.queryBatch([])).toEqual(new Map());
    await expect(osv.queryBatch([WS, { ...LEFTPAD, version: ' ' }])).rejects.toThrow(/package 1 has no version/);
    expect(replay.server!.requests).toHaveLength(0);
  });

  it('the documentation’s sample answer fits the schema', () => {
    const sample = JSON.parse(readFileSync(join(here, 'fixtures/querybatch-docs-sample.json'), 'utf8'));
    const r = QueryBatchResponse.safeParse(sample);
    expect(r.success).toBe(true);
    expect(r.data?.results.map((x) => x.vulns?.length)).toEqual([4, 1, 10]);
  });
});

describe('OsvApiClient.getVuln / getVulns', () => {
  it('serves the real record, parsed exactly as parseOsv reads the file', async () => {
    const base = await serve({ '/v1/vulns/GHSA-3h5v-q93c-6h6q': { body: corpusText('GHSA-3h5v-q93c-6h6q') } });
    const osv = await new OsvApiClient({ baseUrl: base }).getVuln('GHSA-3h5v-q93c-6h6q');
    const expected = parseOsv(corpusJson('GHSA-3h5v-q93c-6h6q'));
    expect(expected.ok).toBe(true);
    expect(osv).toEqual(expected.ok ? expected.osv : undefined);
    expect(osv?.aliases).toEqual(['CVE-2024-37890']);
  });

  it('404 is undefined; an invalid record and a record with another id are malformed, naming the id', async () => {
    const noModified = { ...corpusJson('GHSA-72xf-g2v4-qvf3'), modified: undefined };
    const base = await serve({
      '/v1/vulns/GHSA-72xf-g2v4-qvf3': { body: JSON.stringify(noModified) },
      '/v1/vulns/GHSA-aaaa-bbbb-cccc': { body: corpusText('GHSA-3h5v-q93c-6h6q') },
    });
    const osv = new OsvApiClient({ baseUrl: base });
    expect(await osv.getVuln('GHSA-xxxx-xxxx-xxxx')).toBeUndefined();
    const invalid = await osv.getVuln('GHSA-72xf-g2v4-qvf3').catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(RegistryError);
    expect(invalid).toMatchObject({ kind: 'malformed' });
    expect((invalid as Error).message).toMatch(/GHSA-72xf-g2v4-qvf3.*modified/);
    await expect(osv.getVuln('GHSA-aaaa-bbbb-cccc')).rejects.toMatchObject({ kind: 'malformed', message: expect.stringContaining('GHSA-3h5v-q93c-6h6q') });
  });

  it('an id that is not an OSV id is refused before any request (it would go into the URL path)', async () => {
    const base = await serve({});
    await expect(new OsvApiClient({ baseUrl: base }).getVuln('../admin')).rejects.toThrow(RangeError);
    expect(replay.server!.requests).toHaveLength(0);
  });

  it('getVulns keeps the good records, lists the missing and the invalid ones, in the order asked', async () => {
    const broken = { ...corpusJson('GHSA-72xf-g2v4-qvf3'), affected: [{ ranges: [{ type: 'SEMVER', events: [] }] }] };
    const base = await serve({
      '/v1/vulns/GHSA-3h5v-q93c-6h6q': { body: corpusText('GHSA-3h5v-q93c-6h6q') },
      '/v1/vulns/GHSA-jfh8-c2jp-5v3q': { body: corpusText('GHSA-jfh8-c2jp-5v3q') },
      '/v1/vulns/GHSA-72xf-g2v4-qvf3': { body: JSON.stringify(broken) },
    });
    const fixed = () => new Date('2026-01-02T03:04:05Z');
    const res = await new OsvApiClient({ baseUrl: base, now: fixed }).getVulns(['GHSA-jfh8-c2jp-5v3q', 'GHSA-72xf-g2v4-qvf3', 'GHSA-0000-0000-0000', 'GHSA-3h5v-q93c-6h6q', 'GHSA-jfh8-c2jp-5v3q']);
    expect([...res.vulns.keys()]).toEqual(['GHSA-jfh8-c2jp-5v3q', 'GHSA-3h5v-q93c-6h6q']);
    expect(res.vulns.get('GHSA-jfh8-c2jp-5v3q')?.aliases).toEqual(['CVE-2021-44228']);
    expect(res.missing).toEqual(['GHSA-0000-0000-0000']);
    expect(res.problems.map((p) => p.id)).toEqual(['GHSA-72xf-g2v4-qvf3']);
    expect(res.problems[0]!.error.message).toContain('affected.0.ranges.0.events');
    expect(res.fetchedAt).toBe('2026-01-02T03:04:05.000Z');
    // the duplicate id was fetched once
    expect(replay.server!.requests.filter((r) => r.path === '/v1/vulns/GHSA-jfh8-c2jp-5v3q')).toHaveLength(1);
  });

  it('getVulns keeps at most `concurrency` requests in flight', async () => {
    let inFlight = 0;
    let most = 0;
    class CountingHttp extends HttpClient {
      override async getJson(url: string, headers?: Record<string, string>) {
        inFlight++;
        most = Math.max(most, inFlight);
        try {
          await new Promise((r) => setTimeout(r, 5));
          return await super.getJson(url, headers);
        } finally {
          inFlight--;
        }
      }
    }
    const routes: Record<string, Route> = {};
    const ids = ['GHSA-3h5v-q93c-6h6q', 'GHSA-jfh8-c2jp-5v3q', 'GHSA-72xf-g2v4-qvf3', 'GHSA-776f-qx25-q3cc', 'GHSA-c2qf-rxjj-qqgw', 'GHSA-wf5p-g6vw-rhxx'];
    for (const id of ids) routes[`/v1/vulns/${id}`] = { body: corpusText(id) };
    const base = await serve(routes);
    const res = await new OsvApiClient({ baseUrl: base, concurrency: 2, http: new CountingHttp({ concurrency: 16 }) }).getVulns(ids);
    expect(res.vulns.size).toBe(6);
    expect(most).toBe(2);
  });

  it('a failure to reach OSV is not a record problem: getVulns rejects', async () => {
    const base = await serve({ '/v1/vulns/GHSA-3h5v-q93c-6h6q': { status: 502 } });
    const http = new HttpClient({ service: 'the OSV API', sleep: recorder().sleep });
    await expect(new OsvApiClient({ baseUrl: base, http }).getVulns(['GHSA-3h5v-q93c-6h6q'])).rejects.toMatchObject({ kind: 'http', status: 502 });
  });
});
