/**
 * `tureen monitor` end to end, offline from a store of the real corpus advisories: due by frequency, flags in the
 * records that `check` reports until a review dated since answers them, dated reports that say what changed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { importPaths } from '../src/advisories/osv-dump/index.js';
import { AdvisoryStore } from '../src/advisories/store/index.js';
import { readRecordFolder } from '../src/check/load.js';
import { checkRecords } from '../src/check/rules.js';
import { SoupRecord } from '../src/model/record.js';
import { editRecords } from '../src/register/edit.js';
import { runMonitor } from '../src/register/monitor.js';
import { sync } from '../src/register/sync.js';
import { addFindings } from '../src/register/vulns.js';
import { writeNpmDevice } from './support/npm-device.js';

const ROOT = resolve(import.meta.dirname, '..');
const ADVISORIES = join(ROOT, 'test', 'fixtures', 'corpus', 'advisories');
const tmp = mkdtempSync(join(tmpdir(), 'tureen-monitor-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function store(files: string[]): Promise<string> {
  const db = join(tmp, `s-${files.length}-${Math.random().toString(36).slice(2)}.db`);
  const s = AdvisoryStore.open(db);
  try {
    await importPaths(s, files.map((f) => join(ADVISORIES, f)));
  } finally {
    s.close();
  }
  return db;
}

async function device(): Promise<string> {
  const repo = mkdtempSync(join(tmp, 'device-'));
  writeFileSync(join(repo, 'tureen.config.yaml'), 'defaults:\n  safetyClass: B\n  surveillance:\n    frequency: P1M\n');
  writeNpmDevice(repo, { ws: '8.2.3', express: '4.17.1' });
  await sync(repo, { offline: true, today: '2026-11-01' });
  return repo;
}

const record = (repo: string, name: string) => SoupRecord.parse(parse(readFileSync(join(repo, 'soup', `npm-${name}.yaml`), 'utf8')));
const reassessments = (repo: string, now: Date) => checkRecords(readRecordFolder(repo, 'soup'), { now }).filter((f) => f.rule === 'check.reassessment-due');

describe('tureen monitor', () => {
  it('flags a new vulnerability, writes a dated report, is not due again before its frequency, and stops once a review answers it', async () => {
    const repo = await device();
    const db = await store(['GHSA-3h5v-q93c-6h6q.json']); // ws only
    const day1 = new Date('2026-11-26T09:00:00Z');
    const r1 = await runMonitor(repo, { offline: true, db, now: day1 });
    expect(r1.records.map((r) => [r.name, r.checked])).toEqual([['express', true], ['ws', true]]);
    const ws1 = r1.records.find((r) => r.name === 'ws')!;
    expect(ws1.newVulnerabilities.map((v) => v.id)).toEqual(['GHSA-3h5v-q93c-6h6q']);
    expect(ws1.reassess).toEqual([{ reason: 'new-vulnerability', detail: '1 vulnerability not in the review: GHSA-3h5v-q93c-6h6q (high)', since: '2026-11-26' }]);
    expect(ws1.nextDue).toBe('2026-12-26');
    expect(r1.actionNeeded).toBe(true);
    expect(r1.changes).toEqual({ newVulnerabilities: ['ws@8.2.3: GHSA-3h5v-q93c-6h6q'], newAnomalies: [], nowOutOfSupport: [], reviewsNowDue: [] });
    expect(record(repo, 'ws').monitoring).toEqual({ checked: '2026-11-26', version: '8.2.3', reassess: ws1.reassess });
    expect(record(repo, 'express').monitoring).toEqual({ checked: '2026-11-26', version: '4.17.1' });
    expect(existsSync(join(repo, 'soup', 'monitor', '2026-11-26.json'))).toBe(true);
    const md = readFileSync(join(repo, 'soup', 'monitor', '2026-11-26.md'), 'utf8');
    expect(md).toContain('# SOUP surveillance report 2026-11-26');
    expect(md).toContain('| soup/npm-ws.yaml | ws@8.2.3 | new-vulnerability | 2026-11-26 |');
    // check reports it
    expect(reassessments(repo, day1).map((f) => f.item)).toEqual(['npm/ws']);

    // a week later nothing is due (P1M): nothing re-checked, the flag stays
    const r2 = await runMonitor(repo, { offline: true, db, now: new Date('2026-12-03T09:00:00Z') });
    expect(r2.records.every((r) => !r.checked)).toBe(true);
    expect(r2.changes).toMatchObject({ since: '2026-11-26', newVulnerabilities: [] });
    expect(r2.actionNeeded).toBe(true);

    // the team records and assesses it, dating the review: check is satisfied before the next monitor run
    editRecords(repo, {}, (e) => e.record.id === 'npm/ws' && addFindings(e, [{ id: 'GHSA-3h5v-q93c-6h6q', aliases: ['CVE-2024-37890'], severity: 'high', fixed: ['8.17.1'] }], ['OSV (osv.dev)']));
    const file = join(repo, 'soup', 'npm-ws.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('state: in_triage', 'state: not_affected\n      justification: requires_environment\n      mitigation: Only loopback clients.').replace('vulnerabilityReview:\n  version: 8.2.3', 'vulnerabilityReview:\n  version: 8.2.3\n  date: 2026-12-04\n  reviewer: R. Viewer\n  conclusion: Not affected as deployed.'));
    expect(reassessments(repo, new Date('2026-12-04T12:00:00Z'))).toEqual([]);
    // a month on, ws is due again: the vulnerability is in the review, so no flag
    const r3 = await runMonitor(repo, { offline: true, db, now: new Date('2026-12-27T09:00:00Z') });
    expect(r3.records.find((r) => r.name === 'ws')).toMatchObject({ checked: true, newVulnerabilities: [], reassess: [] });
    expect(record(repo, 'ws').monitoring).toEqual({ checked: '2026-12-27', version: '8.2.3' });
  });

  it('a run that could consult no vulnerability source needs action: it does not report "nothing new"', async () => {
    const repo = await device();
    const db = await store([]);
    const r = await runMonitor(repo, { offline: true, db, now: new Date('2026-11-26T09:00:00Z') });
    expect(r.actionNeeded).toBe(true);
    expect(r.problems.some((p) => p.startsWith('no vulnerability source could be consulted'))).toBe(true);
  });

  it('says what changed since the previous report: only the advisory published since', async () => {
    const repo = await device();
    const db = await store(['GHSA-3h5v-q93c-6h6q.json']);
    await runMonitor(repo, { offline: true, db, now: new Date('2026-11-26T09:00:00Z') });
    // an advisory for express arrives in the store
    const s = AdvisoryStore.open(db);
    await importPaths(s, [join(ADVISORIES, 'GHSA-rv95-896h-c2vc.json')]);
    s.close();
    const r = await runMonitor(repo, { offline: true, db, all: true, now: new Date('2026-11-27T09:00:00Z') });
    expect(r.changes).toEqual({ since: '2026-11-26', newVulnerabilities: ['express@4.17.1: GHSA-rv95-896h-c2vc'], newAnomalies: [], nowOutOfSupport: [], reviewsNowDue: [] });
    // ws's flag keeps the day it was first raised
    expect(r.records.find((x) => x.name === 'ws')!.reassess[0]!.since).toBe('2026-11-26');
  });

  it('the binary: --dry-run writes nothing; exit 0 when nothing needs action, 1 when something does', () => {
    const repo = mkdtempSync(join(tmp, 'bin-'));
    mkdirSync(join(repo, 'soup'));
    const db = join(tmp, 'empty.db');
    AdvisoryStore.open(db).close();
    const bin = join(ROOT, 'dist', 'cli', 'main.js');
    const run = (...args: string[]) => spawnSync(process.execPath, [bin, 'monitor', repo, '--offline', '--db', db, ...args], { encoding: 'utf8' });
    // a deprecated item: the registry's flag needs a re-assessment
    const text = readFileSync(join(ROOT, 'src', 'model', 'fixtures', 'record-express.yaml'), 'utf8');
    writeFileSync(join(repo, 'soup', 'npm-express.yaml'), text.replace(/(\n {2}purl: [^\n]+)/, '$1\n  deprecated: "use 5.1.1: 5.1.0 drops requests under load"'));
    const dry = run('--dry-run', '--format', 'json');
    expect(dry.status).toBe(1);
    expect(JSON.parse(dry.stdout)).toMatchObject({ actionNeeded: true, records: [{ name: 'express', checked: true, reassess: [{ reason: 'deprecated' }] }] });
    expect(existsSync(join(repo, 'soup', 'monitor'))).toBe(false);
    expect(readFileSync(join(repo, 'soup', 'npm-express.yaml'), 'utf8')).not.toContain('monitoring:');
    const real = run();
    expect(real.status).toBe(1);
    expect(real.stdout).toContain('re-assess soup/npm-express.yaml');
    expect(existsSync(join(repo, 'soup', 'monitor'))).toBe(true);
    // nothing at all: exit 0
    const empty = mkdtempSync(join(tmp, 'bin-empty-'));
    mkdirSync(join(empty, 'soup'));
    const ok = spawnSync(process.execPath, [bin, 'monitor', empty, '--offline', '--db', db], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('0 of 0 SOUP records re-checked');
  });
});
