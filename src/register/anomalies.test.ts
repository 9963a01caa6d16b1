import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { GitHubAnomalies } from '../anomalies/index.js';
import { checkRecords } from '../check/rules.js';
import { parseRecordText } from '../check/load.js';
import { SoupRecord } from '../model/record.js';
import { HttpClient } from '../net/http.js';
import { startReplayServer, type ReplayServer, type Route, type SeenRequest } from '../net/test-support/server.js';
import { runAnomalies } from './anomalies.js';

const read = (p: string) => readFileSync(new URL(`../anomalies/github/fixtures/${p}`, import.meta.url), 'utf8');
const NOW = new Date('2026-11-26T12:00:00Z');
const servers: ReplayServer[] = [];
afterAll(async () => Promise.all(servers.map((s) => s.close())));

const SINCE = 'since=2025-03-31T00%3A00%3A00Z';
const next = (body: string, path: string): Route => (_p: string, req: SeenRequest) => ({ body, headers: { link: `<http://${req.headers.host}${path}>; rel="next"` } });
/** The anomalies module's recorded-shape GitHub answers for octo-org/flowlib (src/anomalies/github/fixtures/README.md). */
const GITHUB: Record<string, Route> = {
  '/repos/octo-org/flowlib/releases?per_page=100': next(read('releases-page1.json'), '/repositories/4242/releases?per_page=100&page=2'),
  '/repositories/4242/releases?per_page=100&page=2': { body: read('releases-page2.json') },
  '/repos/octo-org/flowlib/labels?per_page=100': { body: read('labels.json') },
  [`/repos/octo-org/flowlib/issues?state=open&labels=bug&${SINCE}&per_page=100`]: next(read('issues-bug-page1.json'), `/repositories/4242/issues?state=open&labels=bug&${SINCE}&per_page=100&page=2`),
  [`/repositories/4242/issues?state=open&labels=bug&${SINCE}&per_page=100&page=2`]: { body: read('issues-bug-page2.json') },
  [`/repos/octo-org/flowlib/issues?state=open&labels=type%3A%20regression&${SINCE}&per_page=100`]: { body: read('issues-regression.json') },
  [`/repos/octo-org/flowlib/issues?state=open&labels=confirmed&${SINCE}&per_page=100`]: { body: read('issues-confirmed.json') },
  '/search/issues?q=repo%3Aocto-org%2Fflowlib%20is%3Aissue%20is%3Aopen%20%225.1.0%22&per_page=100': { body: read('search-5.1.0.json') },
};

const RECORD = `# yaml-language-server: $schema=.schema/record.schema.json
id: npm/flowlib
identification:
  name: flowlib
  version: 5.1.0
  ecosystem: npm
  purl: pkg:npm/flowlib@5.1.0
  supplier: Octo Org
  license: MIT
  sourceUrl: https://github.com/octo-org/flowlib
evidence:
  - file: package-lock.json
    line: 12
    source: npm
classification:
  soup: true
  branch: off-the-shelf
  kind: library
  rule: npm.runtime
  rationale: SOUP, a runtime package.
safetyClass: B
status: active
`;

async function device(): Promise<{ dir: string; server: ReplayServer; github: GitHubAnomalies }> {
  const dir = mkdtempSync(join(tmpdir(), 'tureen-anomalies-'));
  mkdirSync(join(dir, 'soup'));
  writeFileSync(join(dir, 'soup', 'npm-flowlib.yaml'), RECORD);
  const server = await startReplayServer(new Map(Object.entries(GITHUB)));
  servers.push(server);
  const github = new GitHubAnomalies({ apiUrl: server.url, http: new HttpClient({ retryBaseMs: 0, sleep: async () => undefined }), env: {} });
  return { dir, server, github };
}

describe('tureen anomalies: candidates into the records', () => {
  it('drafts an anomaly review with every candidate unassessed; a second run adds nothing and keeps the person\'s words', async () => {
    const { dir, github } = await device();
    const first = await runAnomalies(dir, { record: true, now: NOW, clients: { github, gitlab: false, endoflife: false } });
    const r = first.records[0]!;
    expect(r.findings.newest).toBe('5.3.0');
    expect(r.fresh.length).toBe(r.findings.candidates.length);
    expect(r.fresh.length).toBeGreaterThan(0);
    expect(first.recorded).toEqual(['soup/npm-flowlib.yaml']);
    const file = join(dir, 'soup', 'npm-flowlib.yaml');
    const rec = SoupRecord.parse(parse(readFileSync(file, 'utf8')));
    expect(rec.anomalyReview).toMatchObject({ version: '5.1.0', sources: r.findings.sources });
    expect(rec.anomalyReview!.reviewer).toBeUndefined();
    expect(rec.anomalyReview!.entries.map((e) => e.id)).toEqual(r.findings.candidates.map((c) => c.id));
    for (const e of rec.anomalyReview!.entries) {
      expect(e.relevant).toBeUndefined();
      expect(e.source && e.reason).toBeTruthy();
    }
    // check asks for a decision on each, and for the review's date, reviewer and conclusion
    const fs = checkRecords([parseRecordText('soup/npm-flowlib.yaml', readFileSync(file, 'utf8'))], { now: NOW });
    expect(fs.filter((f) => f.rule === 'check.anomaly-unassessed')).toHaveLength(rec.anomalyReview!.entries.length);
    expect(fs.filter((f) => f.rule === 'check.review-draft')).toHaveLength(1);
    // the reviewer decides the first one, with a comment; the next run changes nothing
    const firstId = rec.anomalyReview!.entries[0]!.id;
    const text = readFileSync(file, 'utf8').replace(`- id: ${firstId}\n`, `- id: ${firstId} # looked at on 2026-11-26\n      relevant: false\n      impact: The pump never streams flows larger than 1 MiB.\n`);
    writeFileSync(file, text);
    const again = await runAnomalies(dir, { record: true, now: NOW, clients: { github, gitlab: false, endoflife: false } });
    expect(again.recorded).toEqual([]);
    expect(again.records[0]!.fresh).toEqual([]);
    expect(again.records[0]!.unassessed).toBe(rec.anomalyReview!.entries.length - 1);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('offline asks nothing and still reads the registry flags of the record', async () => {
    const { dir, server, github } = await device();
    const file = join(dir, 'soup', 'npm-flowlib.yaml');
    writeFileSync(file, RECORD.replace('  sourceUrl:', '  deprecated: "critical bug in 5.1.0, upgrade to 5.1.1"\n  sourceUrl:'));
    const before = server.requests.length;
    const r = await runAnomalies(dir, { offline: true, now: NOW, clients: { github, gitlab: false, endoflife: false } });
    expect(server.requests.length).toBe(before);
    expect(r.records[0]!.findings.candidates.map((c) => c.id)).toEqual(['registry:deprecated']);
    expect(r.recorded).toEqual([]);
  });
});
