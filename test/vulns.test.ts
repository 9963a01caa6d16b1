/**
 * `tureen vulns` end to end: the real corpus advisories against the real corpus lockfiles, offline from an imported
 * store, compared with what independent implementations say (src/advisories/match/fixtures/corpus-oracle.tsv:
 * npm's semver, Python's packaging, Maven's ComparableVersion, asked about hand-written ranges); then the online
 * path against a replay server (OSV API, KEV, EPSS), --record, the formats and the exit code of the built binary.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EpssClient } from '../src/advisories/epss/index.js';
import { KevClient } from '../src/advisories/kev/index.js';
import { OsvApiClient } from '../src/advisories/osv-api/index.js';
import { normalizeName } from '../src/advisories/osv/names.js';
import { importPaths } from '../src/advisories/osv-dump/index.js';
import { AdvisoryStore } from '../src/advisories/store/index.js';
import { HttpClient } from '../src/net/http.js';
import { startReplayServer, type ReplayServer } from '../src/net/test-support/server.js';
import { SoupRecord } from '../src/model/record.js';
import { sync } from '../src/register/sync.js';
import { runVulns } from '../src/register/vulnerabilities.js';
import { writeNpmDevice } from './support/npm-device.js';

const ROOT = resolve(import.meta.dirname, '..');
const CORPUS = join(ROOT, 'test', 'fixtures', 'corpus');
const ADVISORIES = join(CORPUS, 'advisories');
const tmp = mkdtempSync(join(tmpdir(), 'tureen-vulns-'));
const DB = join(tmp, 'advisories.db');
const servers: ReplayServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  rmSync(tmp, { recursive: true, force: true });
});

type Osv = { id: string; modified: string; affected: { package: { ecosystem: string; name: string } }[] };
const advisories = readdirSync(ADVISORIES).filter((f) => f.endsWith('.json')).map((f) => ({ file: f, osv: JSON.parse(readFileSync(join(ADVISORIES, f), 'utf8')) as Osv }));

/** (advisory file, version) → the independent implementation's verdict */
const oracle = new Map<string, 'affected' | 'not'>();
for (const line of readFileSync(join(ROOT, 'src', 'advisories', 'match', 'fixtures', 'corpus-oracle.tsv'), 'utf8').split('\n')) {
  if (!line || line.startsWith('#')) continue;
  const [file, version, verdict] = line.split('\t');
  oracle.set(`${file}|${version}`, verdict as 'affected' | 'not');
}
const expectations = JSON.parse(readFileSync(join(ROOT, 'src', 'advisories', 'match', 'fixtures', 'corpus-expectations.json'), 'utf8')) as { advisories: { file: string; cases: { version: string; nearestFix?: string }[] }[] };

/** A corpus folder copied under the files' real names (the corpus prefixes them with owner__repo__path__). */
function corpusCase(eco: string): string {
  const dir = join(tmp, 'cases', eco);
  mkdirSync(dir, { recursive: true });
  for (const f of readdirSync(join(CORPUS, eco))) copyFileSync(join(CORPUS, eco, f), join(dir, f.split('__').pop()!));
  return dir;
}

beforeAll(async () => {
  const store = AdvisoryStore.open(DB);
  try {
    await importPaths(store, [ADVISORIES]);
  } finally {
    store.close();
  }
});

describe('the corpus advisories on the corpus lockfiles, offline', () => {
  const cases = readdirSync(CORPUS).filter((e) => e !== 'advisories' && !e.includes('.'));

  it.each(cases)('%s: exactly the findings the independent implementations expect', async (eco) => {
    const r = await runVulns(corpusCase(eco), { all: true, offline: true, db: DB });
    const actual = new Set(r.components.flatMap((c) => c.findings.map((f) => `${f.id}|${c.item.name}|${c.item.version}`)));
    const expected = new Set<string>();
    for (const c of r.components) {
      if (!c.item.version) continue;
      for (const a of advisories) {
        const named = a.osv.affected.some((x) => x.package.ecosystem === c.item.ecosystem && normalizeName(x.package.ecosystem, x.package.name) === normalizeName(c.item.ecosystem, c.item.name));
        if (!named) continue;
        // Go versions are written with "v" by the go command and the oracle table, without by OSV
        const verdict = oracle.get(`${a.file}|${c.item.version}`) ?? oracle.get(`${a.file}|v${c.item.version}`);
        expect(verdict, `the oracle table has no verdict for ${a.file} at ${c.item.name}@${c.item.version}: add the case to corpus-expectations.json and run check-oracles.mjs`).toBeDefined();
        if (verdict === 'affected') expected.add(`${a.osv.id}|${c.item.name}|${c.item.version}`);
      }
    }
    expect(actual).toEqual(expected);
    // the nearest fix, where the expectations name one for the version
    for (const c of r.components.filter((x) => x.findings.length === 1)) {
      const file = `${c.findings[0]!.id}.json`;
      const want = expectations.advisories.find((a) => a.file === file)?.cases.find((k) => k.version === c.item.version || k.version === `v${c.item.version}`)?.nearestFix;
      if (want) expect(c.nearestFix?.replace(/^v/, '')).toBe(want.replace(/^v/, ''));
    }
  });

  it('finds something in the npm corpus at all (the comparison above is not vacuous)', async () => {
    const r = await runVulns(corpusCase('npm'), { all: true, offline: true, db: DB });
    const ws = r.components.find((c) => c.item.name === 'ws' && c.item.version === '8.2.3');
    expect(ws?.findings.map((f) => [f.id, f.aliases, f.severity, f.fixed])).toEqual([['GHSA-3h5v-q93c-6h6q', ['CVE-2024-37890'], 'high', ['8.17.1']]]);
    expect(ws?.nearestFix).toBe('8.17.1');
  });
});

describe('tureen vulns online (OSV API, KEV, EPSS replayed), --record and the gate', () => {
  async function osvServer(): Promise<ReplayServer> {
    const byName = new Map<string, Osv[]>();
    for (const a of advisories) for (const x of a.osv.affected) byName.set(`${x.package.ecosystem}|${x.package.name}`, [...(byName.get(`${x.package.ecosystem}|${x.package.name}`) ?? []), a.osv]);
    const routes = new Map<string, Parameters<typeof startReplayServer>[0] extends Map<string, infer R> ? R : never>();
    // querybatch answers the real way: ids and modified only, per query, for the package's records (OSV evaluates
    // versions itself; here every record of the package is returned, so the local matcher must do the deciding)
    routes.set('/v1/querybatch', (_p, req) => {
      const q = JSON.parse(req.body) as { queries: { package: { name: string; ecosystem: string }; version: string }[] };
      return { body: JSON.stringify({ results: q.queries.map((x) => ({ vulns: (byName.get(`${x.package.ecosystem}|${x.package.name}`) ?? []).map((o) => ({ id: o.id, modified: o.modified })) })) }) };
    });
    for (const a of advisories) routes.set(`/v1/vulns/${a.osv.id}`, { body: readFileSync(join(ADVISORIES, a.file)) });
    routes.set('/feeds/known_exploited_vulnerabilities.json', { body: JSON.stringify({
      title: 'CISA Catalog of Known Exploited Vulnerabilities', catalogVersion: '2026.11.20', dateReleased: '2026-11-20T17:00:00.000Z', count: 1,
      vulnerabilities: [{ cveID: 'CVE-2024-37890', vendorProject: 'ws', product: 'ws', vulnerabilityName: 'ws DoS (test entry)', dateAdded: '2026-11-20', shortDescription: 'A request with many headers crashes the server.', requiredAction: 'Apply updates.', dueDate: '2026-12-11', knownRansomwareCampaignUse: 'Unknown', notes: '', cwes: ['CWE-476'] }],
    }) });
    routes.set('/epss', (path) => {
      const cves = new URL(path, 'http://x').searchParams.get('cve')!.split(',');
      return { body: JSON.stringify({ status: 'OK', 'status-code': 200, version: '1.0', total: cves.length, offset: 0, limit: cves.length, data: cves.map((cve, i) => ({ cve, epss: (0.01 * (i + 1)).toFixed(9), percentile: '0.500000000', date: '2026-11-25' })) }) };
    });
    const server = await startReplayServer(routes, undefined);
    servers.push(server);
    return server;
  }

  it('refreshes an empty store from the OSV API, ranks by KEV and EPSS, records new findings in triage and keeps assessments', async () => {
    const server = await osvServer();
    const repo = join(tmp, 'device');
    mkdirSync(repo, { recursive: true });
    // a device with ws 8.2.3 (affected) and express 4.19.2 (fixed): the real nightscout lockfile is too big here,
    // so npm's own lockfile format with two entries
    writeNpmDevice(repo, { ws: '8.2.3', express: '4.19.2' });
    await sync(repo, { offline: true, today: '2026-11-20' });
    const db = join(tmp, 'online.db');
    const http = new HttpClient({ service: 'test', maxAttempts: 1 });
    const clients = {
      osv: new OsvApiClient({ http, baseUrl: server.url }),
      kev: new KevClient({ http, baseUrl: `${server.url}/feeds` }),
      epss: new EpssClient({ http, baseUrl: server.url }),
      now: () => new Date('2026-11-25T12:00:00Z'),
    };
    const r = await runVulns(repo, { db, record: true, clients });
    expect(r.problems, r.problems.join("\n")).toEqual([]);
    const ws = r.components.find((c) => c.item.name === 'ws')!;
    expect(ws.findings).toHaveLength(1);
    expect(ws.findings[0]).toMatchObject({ id: 'GHSA-3h5v-q93c-6h6q', aliases: ['CVE-2024-37890'], severity: 'high', kev: true, epss: { score: 0.01, percentile: 0.5, date: '2026-11-25' }, fixed: ['8.17.1'] });
    expect(r.components.find((c) => c.item.name === 'express')!.findings).toEqual([]);
    expect(server.requests.filter((q) => q.path === '/v1/querybatch')).toHaveLength(1);
    // --record: ws gets its finding in triage; express a draft review with no entries
    expect(r.recorded.sort()).toEqual(['soup/npm-express.yaml', 'soup/npm-ws.yaml']);
    const wsRecord = SoupRecord.parse(parse(readFileSync(join(repo, 'soup', 'npm-ws.yaml'), 'utf8')));
    expect(wsRecord.vulnerabilityReview).toMatchObject({ version: '8.2.3', sources: ['OSV (osv.dev)', 'CISA KEV catalogue', 'FIRST EPSS'], entries: [{ id: 'GHSA-3h5v-q93c-6h6q', state: 'in_triage', severity: 'high', kev: true, fixedIn: ['8.17.1'], version: '8.2.3' }] });
    expect(wsRecord.vulnerabilityReview!.reviewer).toBeUndefined();
    // the team assesses it; the next run reports the assessment and the store answers offline
    const file = join(repo, 'soup', 'npm-ws.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('state: in_triage', 'state: not_affected\n      justification: requires_configuration\n      detail: The pump serves WebSocket only on the loopback interface.'));
    const again = await runVulns(repo, { db, offline: true });
    expect(again.components.find((c) => c.item.name === 'ws')!.findings[0]!.assessment).toMatchObject({ state: 'not_affected', file: 'soup/npm-ws.yaml' });
    // online again: OSV names the same records with the same `modified`, so none is fetched a second time
    const fetched = () => server.requests.filter((q) => q.path.startsWith('/v1/vulns/')).map((q) => q.path);
    const before = fetched().length;
    expect(before).toBeGreaterThan(0);
    const third = await runVulns(repo, { db, clients });
    expect(third.problems).toEqual([]);
    expect(server.requests.filter((q) => q.path === '/v1/querybatch')).toHaveLength(2);
    expect(fetched()).toHaveLength(before);
    expect(third.components.find((c) => c.item.name === 'ws')!.findings[0]).toMatchObject({ id: 'GHSA-3h5v-q93c-6h6q', severity: 'high' });
    // a record OSV says was modified since: fetched again, and only that one
    const wsAdvisory = advisories.find((a) => a.osv.id === 'GHSA-3h5v-q93c-6h6q')!;
    const newer = await startReplayServer(new Map<string, Parameters<typeof startReplayServer>[0] extends Map<string, infer R> ? R : never>([
      ['/v1/querybatch', (_p, req) => ({ body: JSON.stringify({ results: (JSON.parse(req.body) as { queries: { package: { name: string } }[] }).queries.map((x) => ({ vulns: x.package.name === 'ws' ? [{ id: wsAdvisory.osv.id, modified: '2099-01-01T00:00:00Z' }] : [] })) }) })],
      [`/v1/vulns/${wsAdvisory.osv.id}`, { body: readFileSync(join(ADVISORIES, wsAdvisory.file)) }],
    ]));
    servers.push(newer);
    await runVulns(repo, { db, clients: { ...clients, osv: new OsvApiClient({ http, baseUrl: newer.url }) } });
    expect(newer.requests.map((q) => q.path)).toEqual(['/v1/querybatch', `/v1/vulns/${wsAdvisory.osv.id}`]);
  });

  it('refuses to pass a gate it could not check: OSV unreachable and an empty store is an error, not "0 vulnerabilities"', async () => {
    const down = await startReplayServer(new Map([['/v1/querybatch', { status: 503, body: 'down' }]]));
    servers.push(down);
    const repo = corpusCase('cargo');
    const empty = join(tmp, 'empty-online.db');
    const http = new HttpClient({ service: 'the OSV API', maxAttempts: 1 });
    const e = await runVulns(repo, { db: empty, clients: { osv: new OsvApiClient({ http, baseUrl: down.url }) } }).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'input.unreadable' });
    expect((e as Error).message).toContain('nothing was checked');
    // with advisories in the store the same outage is a note, and the store answers
    const r = await runVulns(repo, { db: DB, all: true, clients: { osv: new OsvApiClient({ http, baseUrl: down.url }) } });
    expect(r.problems.some((p) => p.startsWith('the OSV API could not be asked'))).toBe(true);
    expect(r.components.some((c) => c.findings.length)).toBe(true);
  });

  it('the binary: --format json rows, sarif, exit 1 on an unassessed high finding, 0 with --fail-on critical, 2 offline without a store', async () => {
    const repo = join(tmp, 'bin-device');
    mkdirSync(repo, { recursive: true });
    copyFileSync(join(CORPUS, 'npm', 'nightscout__cgm-remote-monitor__package-lock.json'), join(repo, 'package-lock.json'));
    const run = (args: string[]) => new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
      const child = spawn(process.execPath, [join(ROOT, 'dist', 'cli', 'main.js'), 'vulns', repo, ...args], { env: { ...process.env, TUREEN_DB: '' } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (code) => done({ code, stdout, stderr }));
    });
    const json = await run(['--offline', '--db', DB, '--all', '--format', 'json']);
    expect(json.code).toBe(1);
    const out = JSON.parse(json.stdout) as { findings: { id: string; name: string; version: string; purl: string; severity: string; kev: boolean; fixed: string[]; aliases: string[] }[] };
    const xml2js = out.findings.find((f) => f.name === 'xml2js')!;
    expect(xml2js).toMatchObject({ id: 'GHSA-776f-qx25-q3cc', aliases: ['CVE-2023-0842'], ecosystem: 'npm', version: '0.4.23', purl: 'pkg:npm/xml2js@0.4.23', severity: 'high', kev: false, fixed: ['0.5.0'] });
    const sarif = JSON.parse((await run(['--offline', '--db', DB, '--all', '--format', 'sarif'])).stdout) as { version: string; runs: { results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[] };
    expect(sarif.version).toBe('2.1.0');
    const r = sarif.runs[0]!.results.find((x) => x.ruleId === 'GHSA-776f-qx25-q3cc')!;
    expect(r.level).toBe('error');
    expect(r.locations[0]!.physicalLocation.artifactLocation.uri).toBe('package-lock.json');
    expect(r.locations[0]!.physicalLocation.region.startLine).toBeGreaterThan(1);
    expect((await run(['--offline', '--db', DB, '--all', '--fail-on', 'critical'])).code).toBe(0);
    const none = await run(['--offline', '--db', join(tmp, 'nothing-here.db')]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('tureen db import');
  });
});
