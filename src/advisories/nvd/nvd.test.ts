import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HttpClient, RegistryError } from '../../net/http.js';
import { type Route, type SeenRequest, replayPerTest } from '../../net/test-support/server.js';
import { TureenError } from '../../model/errors.js';
import { NVD_INTERVAL_MS, NvdClient, nvdApiKey, type VersionCompare } from './index.js';

const here = new URL('.', import.meta.url).pathname;
const pageText = (file: string) => readFileSync(join(here, 'fixtures', file), 'utf8');
type Page = { totalResults: number; resultsPerPage: number; startIndex: number; vulnerabilities: { cve: Record<string, unknown> }[] } & Record<string, unknown>;
const page = (file: string) => JSON.parse(pageText(file)) as Page;
const log4shellCve = () => page('cve-2021-44228.json').vulnerabilities[0]!.cve;

const replay = replayPerTest();
const serve = replay.serve;
/** One route for every path: NVD's queries vary by their parameters, which the route reads. */
function anyPath(route: Route): Map<string, Route> {
  return new (class extends Map<string, Route> {
    override get(): Route {
      return route;
    }
  })();
}
const params = (req: SeenRequest | string) => new URL(typeof req === 'string' ? req : req.path, 'http://x').searchParams;
/** A server holding `cves`, answering any query with the slice startIndex/resultsPerPage asks for. */
function nvdServer(cves: Record<string, unknown>[], onRequest?: () => void): Map<string, Route> {
  return anyPath((path) => {
    onRequest?.();
    const q = params(path);
    const start = Number(q.get('startIndex') ?? 0);
    const per = Number(q.get('resultsPerPage') ?? 2000);
    const slice = cves.slice(start, start + per);
    return { body: JSON.stringify({ resultsPerPage: slice.length, startIndex: start, totalResults: cves.length, format: 'NVD_CVE', version: '2.0', timestamp: '2025-03-01T12:00:00.000', vulnerabilities: slice.map((cve) => ({ cve })) }) };
  });
}
/** A fake clock that only moves when the code under test sleeps. */
function fakeTime() {
  const t = { now: 0, waits: [] as number[] };
  return { t, clock: () => t.now, sleep: async (ms: number) => { t.waits.push(ms); t.now += ms; } };
}
const numeric: VersionCompare = (a, b) => {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
};
const LOG4J = 'cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*';
const quiet = () => new HttpClient({ service: 'NVD', sleep: async () => undefined });

describe('NvdClient.cvesByCpe: the query', () => {
  it('virtualMatchString with the vendor:product prefix, rejected CVEs left out, 2000 per page from 0', async () => {
    const base = await serve(new Map([['/rest/json/cves/2.0?virtualMatchString=cpe%3A2.3%3Aa%3Aapache%3Alog4j&noRejected&resultsPerPage=2000&startIndex=0', { body: pageText('cve-2021-44228.json') }]]));
    const cves = await new NvdClient({ baseUrl: `${base}/rest/json/cves/2.0`, http: quiet(), env: {} }).cvesByCpe(LOG4J);
    expect(cves.map((c) => c.id)).toEqual(['CVE-2021-44228']);
    expect(cves[0]!.configurations).toHaveLength(2);
    expect(replay.server!.requests[0]!.headers.apikey).toBeUndefined();
  });

  it('cpeName mode sends the exact CPE; includeRejected drops noRejected', async () => {
    const base = await serve(nvdServer([log4shellCve()]));
    await new NvdClient({ baseUrl: base, http: quiet(), env: {} }).cvesByCpe(LOG4J, { match: 'cpeName', includeRejected: true });
    const q = params(replay.server!.requests[0]!);
    expect(q.get('cpeName')).toBe(LOG4J);
    expect(q.has('noRejected')).toBe(false);
    expect(q.has('virtualMatchString')).toBe(false);
  });

  it('modifiedSince is split into NVD’s 120-day lastModStartDate/lastModEndDate ranges up to now', async () => {
    const base = await serve(nvdServer([log4shellCve()]));
    const now = new Date('2025-03-01T00:00:00.000Z');
    const since = new Date('2024-09-02T00:00:00.000Z'); // 180 days before
    const cves = await new NvdClient({ baseUrl: base, http: quiet(), env: {}, now: () => now }).cvesByCpe(LOG4J, { modifiedSince: since });
    expect(cves).toHaveLength(1); // the same CVE in both ranges is reported once
    expect(replay.server!.requests.map((r) => [params(r).get('lastModStartDate'), params(r).get('lastModEndDate')])).toEqual([
      ['2024-09-02T00:00:00.000Z', '2024-12-31T00:00:00.000Z'],
      ['2024-12-31T00:00:00.000Z', '2025-03-01T00:00:00.000Z'],
    ]);
  });

  it('a CPE that is not one, or names no vendor and product, is a typed error before any request', async () => {
    const base = await serve(nvdServer([]));
    const nvd = new NvdClient({ baseUrl: base, http: quiet(), env: {} });
    await expect(nvd.cvesByCpe('log4j')).rejects.toBeInstanceOf(TureenError);
    await expect(nvd.cvesByCpe('cpe:2.3:a:*:log4j:2.14.1:*:*:*:*:*:*:*')).rejects.toMatchObject({ code: 'input.malformed' });
    expect(replay.server!.requests).toHaveLength(0);
  });
});

describe('NvdClient: pagination', () => {
  const many = (n: number) => Array.from({ length: n }, (_, i) => ({ ...log4shellCve(), id: `CVE-2021-${String(50000 + i)}` }));

  it('follows startIndex by what each page held until totalResults', async () => {
    const base = await serve(nvdServer(many(5)));
    const cves = await new NvdClient({ baseUrl: base, http: quiet(), env: {}, resultsPerPage: 2 }).cvesByCpe(LOG4J);
    expect(cves.map((c) => c.id)).toEqual(['CVE-2021-50000', 'CVE-2021-50001', 'CVE-2021-50002', 'CVE-2021-50003', 'CVE-2021-50004']);
    expect(replay.server!.requests.map((r) => [params(r).get('startIndex'), params(r).get('resultsPerPage')])).toEqual([['0', '2'], ['2', '2'], ['4', '2']]);
  });

  it('resultsPerPage is capped at NVD’s 2000', async () => {
    const base = await serve(nvdServer(many(1)));
    await new NvdClient({ baseUrl: base, http: quiet(), env: {}, resultsPerPage: 5000 }).cvesByCpe(LOG4J);
    expect(params(replay.server!.requests[0]!).get('resultsPerPage')).toBe('2000');
  });

  it('an empty page before totalResults is malformed, not an endless loop', async () => {
    const base = await serve(anyPath(() => ({ body: JSON.stringify({ ...page('cve-2021-44228.json'), totalResults: 10, vulnerabilities: [] }) })));
    await expect(new NvdClient({ baseUrl: base, http: quiet(), env: {} }).cvesByCpe(LOG4J)).rejects.toMatchObject({ kind: 'malformed' });
    expect(replay.server!.requests).toHaveLength(1);
  });

  it('more results than maxResults is refused as too large', async () => {
    const base = await serve(nvdServer(many(3)));
    await expect(new NvdClient({ baseUrl: base, http: quiet(), env: {}, maxResults: 2 }).cvesByCpe(LOG4J)).rejects.toMatchObject({ kind: 'too-large' });
  });
});

describe('NvdClient: rate limit and API key', () => {
  const three = () => Array.from({ length: 3 }, (_, i) => ({ ...log4shellCve(), id: `CVE-2021-${String(60000 + i)}` }));

  it('without a key: one request at a time, 6 s apart (5 per 30 s)', async () => {
    const time = fakeTime();
    const at: number[] = [];
    const base = await serve(nvdServer(three(), () => at.push(time.t.now)));
    await new NvdClient({ baseUrl: base, env: {}, resultsPerPage: 1, sleep: time.sleep, clock: time.clock }).cvesByCpe(LOG4J);
    expect(at).toEqual([0, NVD_INTERVAL_MS.withoutKey, 2 * NVD_INTERVAL_MS.withoutKey]);
    expect(NVD_INTERVAL_MS.withoutKey).toBe(6000);
    expect(replay.server!.requests.every((r) => r.headers.apikey === undefined)).toBe(true);
  });

  it('with a key (from NVD_API_KEY): sent in the apiKey header, requests 0.6 s apart (50 per 30 s)', async () => {
    const time = fakeTime();
    const at: number[] = [];
    const base = await serve(nvdServer(three(), () => at.push(time.t.now)));
    const nvd = new NvdClient({ baseUrl: base, env: { NVD_API_KEY: ' 0f2b7c1e-1111-4222-8333-944445555666 ' }, resultsPerPage: 1, sleep: time.sleep, clock: time.clock });
    expect(nvd.hasApiKey).toBe(true);
    await nvd.cvesByCpe(LOG4J);
    expect(at).toEqual([0, 600, 1200]);
    expect(replay.server!.requests.map((r) => r.headers.apikey)).toEqual(Array(3).fill('0f2b7c1e-1111-4222-8333-944445555666'));
  });

  it('the apiKey option wins over the environment, and is sent through a caller’s own HttpClient too', async () => {
    const base = await serve(nvdServer([log4shellCve()]));
    await new NvdClient({ baseUrl: base, http: quiet(), apiKey: 'from-option', env: { NVD_API_KEY: 'from-env' } }).cvesByCpe(LOG4J);
    expect(replay.server!.requests[0]!.headers.apikey).toBe('from-option');
  });

  it('a key that cannot go into a header is refused as a usage error', () => {
    expect(() => nvdApiKey({ apiKey: 'abc\r\nX-Injected: 1' })).toThrow(TureenError);
    expect(nvdApiKey({ env: { NVD_API_KEY: '' } })).toBeUndefined();
  });

  it('403 (NVD’s rate-limit answer) is waited out for the rolling window and asked again', async () => {
    const time = fakeTime();
    const ok = pageText('cve-2021-44228.json');
    const base = await serve(anyPath([{ status: 403 }, { body: ok }]));
    const http = new HttpClient({ service: 'NVD', sleep: time.sleep });
    const cves = await new NvdClient({ baseUrl: base, http, env: {}, sleep: time.sleep }).cvesByCpe(LOG4J);
    expect(cves).toHaveLength(1);
    expect(time.t.waits).toEqual([30_000]);
  });

  it('403 three times is an error that names the rate limit and the fix', async () => {
    const time = fakeTime();
    const base = await serve(anyPath({ status: 403 }));
    const err = await new NvdClient({ baseUrl: base, http: new HttpClient({ sleep: time.sleep }), env: {}, sleep: time.sleep }).cvesByCpe(LOG4J).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RegistryError);
    expect(err).toMatchObject({ kind: 'http', status: 403 });
    expect((err as RegistryError).message).toMatch(/rate limit/);
    expect((err as RegistryError).fix).toMatch(/NVD_API_KEY/);
    expect(replay.server!.requests).toHaveLength(3);
    expect(time.t.waits).toEqual([30_000, 30_000]);
  });

  it('503 then 200, and 429 with Retry-After then 200, are retried', async () => {
    const time = fakeTime();
    const ok = pageText('cve-2021-44228.json');
    const base = await serve(new Map<string, Route>([
      ['/a?virtualMatchString=cpe%3A2.3%3Aa%3Aapache%3Alog4j&noRejected&resultsPerPage=2000&startIndex=0', [{ status: 503 }, { body: ok }]],
      ['/b?virtualMatchString=cpe%3A2.3%3Aa%3Aapache%3Alog4j&noRejected&resultsPerPage=2000&startIndex=0', [{ status: 429, headers: { 'retry-after': '12' } }, { body: ok }]],
    ]));
    const http = new HttpClient({ service: 'NVD', sleep: time.sleep, retryBaseMs: 100 });
    expect(await new NvdClient({ baseUrl: `${base}/a`, http, env: {} }).cvesByCpe(LOG4J)).toHaveLength(1);
    expect(await new NvdClient({ baseUrl: `${base}/b`, http, env: {} }).cvesByCpe(LOG4J)).toHaveLength(1);
    expect(time.t.waits).toEqual([100, 12_000]);
  });
});

describe('NvdClient: answers that do not fit', () => {
  it('404 (a refused parameter or an unknown key) is an error, not "no CVEs"', async () => {
    const base = await serve(new Map());
    await expect(new NvdClient({ baseUrl: base, http: quiet(), env: {} }).cvesByCpe(LOG4J)).rejects.toMatchObject({ kind: 'http', status: 404 });
  });

  it('text that is not JSON, an envelope or a record outside the schema: malformed, naming the record', async () => {
    const good = page('cve-2021-44228.json');
    const badRecord = structuredClone(good);
    (badRecord.vulnerabilities[0]!.cve.configurations as { nodes: { operator: string }[] }[])[0]!.nodes[0]!.operator = 'XOR';
    const noId = structuredClone(good);
    delete noId.vulnerabilities[0]!.cve.id;
    const routes = new Map<string, Route>();
    const q = '?virtualMatchString=cpe%3A2.3%3Aa%3Aapache%3Alog4j&noRejected&resultsPerPage=2000&startIndex=0';
    routes.set(`/text${q}`, { body: '<html>Request Rejected</html>' });
    routes.set(`/envelope${q}`, { body: JSON.stringify({ ...good, totalResults: '1' }) });
    routes.set(`/record${q}`, { body: JSON.stringify(badRecord) });
    routes.set(`/noid${q}`, { body: JSON.stringify(noId) });
    routes.set(`/notobject${q}`, { body: JSON.stringify({ ...good, vulnerabilities: ['CVE-2021-44228'] }) });
    const base = await serve(routes);
    const errors: Record<string, unknown> = {};
    for (const p of ['/text', '/envelope', '/record', '/noid', '/notobject']) {
      errors[p] = await new NvdClient({ baseUrl: `${base}${p}`, http: quiet(), env: {} }).cvesByCpe(LOG4J).catch((e: unknown) => e);
      expect(errors[p], p).toBeInstanceOf(RegistryError);
      expect(errors[p], p).toMatchObject({ kind: 'malformed' });
    }
    expect((errors['/record'] as Error).message).toMatch(/CVE-2021-44228.*configurations\.0\.nodes\.0\.operator/);
  });
});

describe('NvdClient.cvesAffecting and cveById', () => {
  it('keeps only the CVEs whose configurations cover the component’s exact version, with the match', async () => {
    const other = { ...log4shellCve(), id: 'CVE-2021-45046', configurations: [{ nodes: [{ operator: 'OR', negate: false, cpeMatch: [{ vulnerable: true, criteria: 'cpe:2.3:a:apache:log4j:*:*:*:*:*:*:*:*', versionStartIncluding: '2.16.0', versionEndExcluding: '2.17.0' }] }] }] };
    const base = await serve(nvdServer([log4shellCve(), other]));
    const nvd = new NvdClient({ baseUrl: base, http: quiet(), env: {} });
    const hits = await nvd.cvesAffecting(LOG4J, numeric);
    expect(hits.map((h) => [h.cve.id, h.affects.fixed])).toEqual([['CVE-2021-44228', '2.15.0']]);
    const later = await nvd.cvesAffecting('cpe:2.3:a:apache:log4j:2.16.0:*:*:*:*:*:*:*', numeric);
    expect(later.map((h) => [h.cve.id, h.affects.fixed])).toEqual([['CVE-2021-45046', '2.17.0']]);
  });

  it('cveById asks with cveId; a CVE NVD does not have is undefined; a bad id is refused before asking', async () => {
    const base = await serve(anyPath((path) => (params(path).get('cveId') === 'CVE-2021-44228' ? { body: pageText('cve-2021-44228.json') } : { body: JSON.stringify({ ...page('cve-2021-44228.json'), totalResults: 0, vulnerabilities: [] }) })));
    const nvd = new NvdClient({ baseUrl: base, http: quiet(), env: {} });
    expect((await nvd.cveById('CVE-2021-44228'))?.vulnStatus).toBe('Analyzed');
    expect(await nvd.cveById('CVE-2021-99999')).toBeUndefined();
    await expect(nvd.cveById('CVE-2021-1&apiKey=x')).rejects.toThrow(RangeError);
    expect(replay.server!.requests).toHaveLength(2);
  });
});
