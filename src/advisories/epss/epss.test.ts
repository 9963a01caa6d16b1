import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { HttpClient, RegistryError } from '../../net/http.js';
import { type Route, replayPerTest } from '../../net/test-support/server.js';
import { TureenError } from '../../model/errors.js';
import { EPSS_CVE_PARAM_MAX, EpssClient, batchCves, parseEpssCsv } from './index.js';

const here = new URL('.', import.meta.url).pathname;
const fixture = (name: string) => readFileSync(join(here, 'fixtures', name));

const replay = replayPerTest();
const serve = replay.serve;
/** A server that answers every /epss request from a table of scores, honouring cve, limit and offset. */
function epssRoutes(table: Map<string, { epss: string; percentile: string }>, opts: { pageSize?: number; date?: string } = {}): Map<string, Route> {
  const answer: Route = (path) => {
    const q = new URL(path, 'http://x').searchParams;
    const ids = (q.get('cve') ?? '').split(',');
    const hits = ids.filter((id) => table.has(id)).map((id) => ({ cve: id, ...table.get(id)!, date: q.get('date') ?? opts.date ?? '2026-01-01' }));
    const offset = Number(q.get('offset') ?? 0);
    const limit = Math.min(Number(q.get('limit') ?? 100), opts.pageSize ?? 100);
    const data = hits.slice(offset, offset + limit);
    return { body: JSON.stringify({ status: 'OK', 'status-code': 200, version: '1.0', access: 'private, no-cache', total: hits.length, offset, limit, data }) };
  };
  return anyPath(answer);
}
/** Routes that answer every path with one route: the replay server matches exact paths, and these vary by query. */
function anyPath(route: Route): Map<string, Route> {
  return new (class extends Map<string, Route> {
    override get(): Route {
      return route;
    }
  })();
}
const paramOf = (path: string) => new URL(path, 'http://x').searchParams;

describe('batchCves', () => {
  it('packs ids into comma-joined groups of at most 2000 characters, none split', () => {
    const ids = Array.from({ length: 400 }, (_, i) => `CVE-2024-${String(10000 + i)}`); // 14 characters each
    const batches = batchCves(ids);
    expect(batches.flat()).toEqual(ids);
    for (const b of batches) expect(b.join(',').length).toBeLessThanOrEqual(EPSS_CVE_PARAM_MAX);
    // 133 ids × 14 + 132 commas = 1994; one more would be 2009
    expect(batches.map((b) => b.length)).toEqual([133, 133, 133, 1]);
  });
});

describe('EpssClient.scores', () => {
  it('reads the documented answer: numbers-as-strings become numbers, with the day they are for', async () => {
    const base = await serve(new Map<string, Route>([['/data/v1/epss?cve=CVE-2021-40438,CVE-2019-16759&date=2022-02-28&limit=2', { body: fixture('epss-api-docs-example.json') }]]));
    const res = await new EpssClient({ baseUrl: `${base}/data/v1`, now: () => new Date('2026-05-01T00:00:00Z') }).scores(['CVE-2021-40438', 'cve-2019-16759'], { date: '2022-02-28' });
    expect([...res.entries.values()]).toEqual([
      { cve: 'CVE-2021-40438', epss: 0.97224, percentile: 1, date: '2022-02-28' },
      { cve: 'CVE-2019-16759', epss: 0.95821, percentile: 0.99847, date: '2022-02-28' },
    ]);
    expect(res).toMatchObject({ unscored: [], invalid: [], fetchedAt: '2026-05-01T00:00:00.000Z' });
  });

  it('batches within the URL limit, lists unscored and invalid ids, sends nothing invalid', async () => {
    const table = new Map(Array.from({ length: 300 }, (_, i) => [`CVE-2023-${20000 + i}`, { epss: '0.001000000', percentile: '0.100000000' }] as const));
    const base = await serve(epssRoutes(table));
    const asked = [...table.keys(), 'CVE-2099-99999', 'CVE-2023-20000', 'not-a-cve', 'CVE-2021-44228,CVE-2022-1'];
    const res = await new EpssClient({ baseUrl: base }).scores(asked);
    expect(res.entries.size).toBe(300);
    expect(res.unscored).toEqual(['CVE-2099-99999']);
    expect(res.invalid).toEqual(['NOT-A-CVE', 'CVE-2021-44228,CVE-2022-1']);
    for (const r of replay.server!.requests) expect(paramOf(r.path).get('cve')!.length).toBeLessThanOrEqual(EPSS_CVE_PARAM_MAX);
    // 3 batches (133, 133, 35 ids); this server pages at 100 rows, so the two full batches take 2 pages each
    expect(replay.server!.requests.map((r) => [paramOf(r.path).get('cve')!.split(',').length, paramOf(r.path).get('offset')]).sort()).toEqual([
      [133, null], [133, null], [133, '100'], [133, '100'], [35, null],
    ]);
    expect(replay.server!.requests.some((r) => r.path.includes('NOT-A-CVE'))).toBe(false);
  });

  it('follows offset when a page holds fewer rows than total', async () => {
    const table = new Map(Array.from({ length: 25 }, (_, i) => [`CVE-2022-${30000 + i}`, { epss: `0.0${i}`, percentile: '0.5' }] as const));
    const base = await serve(epssRoutes(table, { pageSize: 10 }));
    const res = await new EpssClient({ baseUrl: base }).scores([...table.keys()]);
    expect(res.entries.size).toBe(25);
    expect(res.entries.get('CVE-2022-30024')?.epss).toBe(0.024);
    expect(replay.server!.requests.map((r) => paramOf(r.path).get('offset'))).toEqual([null, '10', '20']);
  });

  it('an answer that keeps paging is stopped at maxPages', async () => {
    const base = await serve(anyPath(() => ({ body: JSON.stringify({ status: 'OK', total: 1000, offset: 0, limit: 1, data: [{ cve: 'CVE-2020-0001', epss: '0.1', percentile: '0.1', date: '2026-01-01' }] }) })));
    await expect(new EpssClient({ baseUrl: base, maxPages: 4 }).scores(['CVE-2020-0001'])).rejects.toMatchObject({ kind: 'malformed' });
    expect(replay.server!.requests).toHaveLength(4);
  });

  it('429 with Retry-After then 200, and 503 then 200, are retried', async () => {
    const ok = JSON.stringify({ status: 'OK', total: 1, offset: 0, limit: 1, data: [{ cve: 'CVE-2021-44228', epss: '0.97565', percentile: '0.99996', date: '2026-01-01' }] });
    const base = await serve({
      '/a/epss?cve=CVE-2021-44228&limit=1': [{ status: 429, headers: { 'retry-after': '4' } }, { body: ok }],
      '/b/epss?cve=CVE-2021-44228&limit=1': [{ status: 503 }, { body: ok }],
    });
    const waits: number[] = [];
    const http = new HttpClient({ sleep: async (ms) => void waits.push(ms), retryBaseMs: 100 });
    expect((await new EpssClient({ baseUrl: `${base}/a`, http }).scores(['CVE-2021-44228'])).entries.get('CVE-2021-44228')?.epss).toBe(0.97565);
    expect((await new EpssClient({ baseUrl: `${base}/b`, http }).scores(['CVE-2021-44228'])).entries.size).toBe(1);
    expect(waits).toEqual([4000, 100]);
  });

  it('404, text that is not JSON, a status other than OK and a row outside the schema are RegistryErrors', async () => {
    const env = (data: unknown[], status = 'OK') => JSON.stringify({ status, total: data.length, offset: 0, limit: 1, data });
    const q = '/epss?cve=CVE-2021-44228&limit=1';
    const base = await serve({
      [`/text${q}`]: { body: 'Bad Gateway' },
      [`/status${q}`]: { body: env([], 'ERROR') },
      [`/range${q}`]: { body: env([{ cve: 'CVE-2021-44228', epss: '1.5', percentile: '0.9', date: '2026-01-01' }]) },
      [`/date${q}`]: { body: env([{ cve: 'CVE-2021-44228', epss: '0.5', percentile: '0.9', date: 'yesterday' }]) },
      [`/envelope${q}`]: { body: JSON.stringify({ status: 'OK', data: 'none' }) },
    });
    await expect(new EpssClient({ baseUrl: `${base}/none` }).scores(['CVE-2021-44228'])).rejects.toMatchObject({ kind: 'http', status: 404 });
    for (const p of ['/text', '/status', '/range', '/date', '/envelope']) {
      const err = await new EpssClient({ baseUrl: `${base}${p}` }).scores(['CVE-2021-44228']).catch((e: unknown) => e);
      expect(err, p).toBeInstanceOf(RegistryError);
      expect(err, p).toMatchObject({ kind: 'malformed' });
    }
  });

  it('no CVE asks nothing; a bad date is refused before asking', async () => {
    const base = await serve({});
    const epss = new EpssClient({ baseUrl: base });
    expect((await epss.scores([])).entries.size).toBe(0);
    await expect(epss.scores(['CVE-2021-44228'], { date: '2022-2-28' })).rejects.toThrow(RangeError);
    expect(replay.server!.requests).toHaveLength(0);
  });
});

describe('parseEpssCsv (air-gapped import)', () => {
  it('reads the daily file: model version and score date from the first line, every row', () => {
    const csv = parseEpssCsv(fixture('epss_scores-2023-03-16.csv.gz'), { file: 'epss_scores-2023-03-16.csv.gz' });
    expect(csv).toMatchObject({ modelVersion: 'v2023.03.01', scoreDate: '2023-03-16', problems: [], skipped: 0 });
    expect([...csv.entries.keys()]).toEqual(['CVE-1999-0001', 'CVE-2021-44228', 'CVE-2022-25883', 'CVE-2023-26136']);
    expect(csv.entries.get('CVE-2021-44228')).toEqual({ cve: 'CVE-2021-44228', epss: 0.97565, percentile: 0.99996, date: '2023-03-16' });
  });

  it('a file without the comment line needs the date from the caller', () => {
    const gz = fixture('epss_scores-2022-01-15.csv.gz');
    expect(() => parseEpssCsv(gz)).toThrow(TureenError);
    const csv = parseEpssCsv(gz, { date: '2022-01-15' });
    expect(csv.modelVersion).toBeUndefined();
    expect(csv.entries.get('CVE-2021-44228')).toEqual({ cve: 'CVE-2021-44228', epss: 0.975, percentile: 0.999, date: '2022-01-15' });
  });

  it('bad rows are left out, counted and located; columns are found by the header; CRLF is fine', () => {
    const text = [
      '#model_version:v2025.03.14,score_date:2025-06-01T00:00:00+0000',
      'percentile,cve,epss',
      '0.5,CVE-2024-0001,0.01',
      '0.5,CVE-2024-0002,2.5',
      '0.5,<script>,0.1',
      'x,CVE-2024-0003,0.1',
      '0.6,CVE-2024-0001,0.02',
      '',
    ].join('\r\n');
    const csv = parseEpssCsv(gzipSync(text), { file: 'f.csv.gz' });
    expect([...csv.entries.values()]).toEqual([{ cve: 'CVE-2024-0001', epss: 0.01, percentile: 0.5, date: '2025-06-01' }]);
    expect(csv.skipped).toBe(4);
    expect(csv.problems.map((p) => p.line)).toEqual([4, 5, 6, 7]);
    expect(csv.problems[3]!.message).toContain('listed twice');
  });

  it('refuses what is not an EPSS file: not gzip, no header, too large unpacked', () => {
    const refuse = (gz: Uint8Array, o = {}) => {
      try {
        parseEpssCsv(gz, { file: 'x.csv.gz', ...o });
      } catch (e) {
        return e as TureenError;
      }
      throw new Error('accepted');
    };
    expect(refuse(Buffer.from('cve,epss,percentile\n'))).toMatchObject({ code: 'input.malformed', file: 'x.csv.gz' });
    expect(refuse(gzipSync('name,version\nleft-pad,1.3.0\n'), { date: '2025-01-01' }).message).toContain('header');
    const big = gzipSync(`cve,epss,percentile\n${'CVE-2024-0001,0.1,0.1\n'.repeat(5000)}`);
    expect(refuse(big, { date: '2025-01-01', maxBytes: 10_000 }).message).toContain('more than 10000 bytes');
  });
});
