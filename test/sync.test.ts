/**
 * End-to-end: `tureen sync --offline` (the built binary; no network in tests — registry metadata is tested in
 * src/register/metadata.test.ts against a local replay server) on a copy of the example device — records written, kept, changed,
 * marked removed, the lock, and a sync killed with SIGKILL in the middle of its writes.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { SoupRecord } from '../src/model/record.js';
import type { ScanOutput } from '../src/report/json.js';
import { copyExample } from '../src/test-support/example.js';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'dist', 'cli', 'main.js');
const tmp = mkdtempSync(join(tmpdir(), 'tureen-sync-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function tureen(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: ROOT });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}


const records = (dir: string) => readdirSync(join(dir, 'soup')).filter((f) => f.endsWith('.yaml') && !f.startsWith('.')).sort();
const texts = (dir: string) => new Map(records(dir).map((f) => [f, readFileSync(join(dir, 'soup', f), 'utf8')]));

describe('tureen sync on the example device', () => {
  const dir = copyExample('tureen-sync-pump-');
  const first = tureen('sync', dir, '--offline');
  const scanOut = JSON.parse(tureen('scan', dir, '--format', 'json').stdout) as ScanOutput;

  it('writes one valid record per SOUP item the scan finds, and the schema editors use', () => {
    expect(first.code, first.stderr).toBe(0);
    expect(records(dir)).toHaveLength(scanOut.summary.soup);
    for (const [f, t] of texts(dir)) expect(SoupRecord.safeParse(parse(t)).success, f).toBe(true);
    const ids = new Set([...texts(dir).values()].map((t) => { const r = SoupRecord.parse(parse(t)); return `${r.identification.name}@${r.identification.version}`; }));
    expect(ids).toEqual(new Set(scanOut.components.filter((c) => c.soup).map((c) => `${c.name}@${c.version}`)));
    expect(existsSync(join(dir, 'soup', '.schema', 'record.schema.json'))).toBe(true);
    expect(first.stderr).toContain(`soup/: ${scanOut.summary.soup} created, 0 updated, 0 marked removed, 0 unchanged.`);
  });

  it('changes nothing on a second run', () => {
    const before = texts(dir);
    const again = tureen('sync', dir, '--offline');
    expect(again.stderr).toContain(`0 created, 0 updated, 0 marked removed, ${scanOut.summary.soup} unchanged.`);
    expect(texts(dir)).toEqual(before);
  });

  it('the register the example ships is the one sync keeps: a fresh clone\'s offline sync (no cache) changes nothing', () => {
    const shipped = copyExample('tureen-sync-shipped-', { register: true });
    const before = texts(shipped);
    expect(before.size).toBe(scanOut.summary.soup);
    const r = tureen('sync', shipped, '--offline');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`0 created, 0 updated, 0 marked removed, ${scanOut.summary.soup} unchanged.`);
    expect(texts(shipped)).toEqual(before);
    // the team's work in it survives, and what sync wrote from the registry is kept without the registry
    const node = SoupRecord.parse(parse(before.get('docker-docker.io--library--node.yaml')!));
    expect(node.vulnerabilityReview?.entries.map((e) => e.id)).toEqual(['CVE-2025-23083', 'CVE-2025-23084', 'CVE-2025-23085']);
    expect(SoupRecord.parse(parse(before.get('npm-fastify.yaml')!)).identification.metadataFrom).toBeDefined();
  });

  it('--dry-run shows the diff of an item that left the device, and writes nothing', () => {
    const d = copyExample('tureen-sync-dry-');
    tureen('sync', d, '--offline');
    const docker = readFileSync(join(d, 'Dockerfile'), 'utf8');
    writeFileSync(join(d, 'Dockerfile'), docker.replace(/ && apt-get install -y --no-install-recommends tini=0\.19\.0-1 \\\n/, ' \\\n'));
    const before = texts(d);
    const dry = tureen('sync', d, '--dry-run', '--offline');
    expect(dry.code).toBe(0);
    expect(dry.stderr).toMatch(/would mark removed soup\/debian\.12-tini\.yaml/);
    expect(dry.stdout).toContain('+++ b/soup/debian.12-tini.yaml');
    expect(dry.stdout).toContain('+status: removed');
    expect(texts(d)).toEqual(before);
    tureen('sync', d, '--offline');
    expect(SoupRecord.parse(parse(readFileSync(join(d, 'soup', 'debian.12-tini.yaml'), 'utf8'))).status).toBe('removed');
  });

  it('refuses to run beside another sync, and takes over a lock whose process is gone', () => {
    const d = copyExample('tureen-sync-locked-');
    mkdirSync(join(d, '.tureen'), { recursive: true });
    writeFileSync(join(d, '.tureen', 'sync.lock'), String(process.pid)); // this test runner: alive
    const busy = tureen('sync', d, '--offline');
    expect(busy.code).toBe(2);
    expect(busy.stderr).toContain(`another tureen sync is running on this repository (process ${process.pid})`);
    expect(existsSync(join(d, 'soup'))).toBe(false);
    // a pid no process has (the kernel's pid_max is below 2^22)
    writeFileSync(join(d, '.tureen', 'sync.lock'), String(2 ** 22 + 17));
    expect(tureen('sync', d, '--offline').code).toBe(0);
    expect(existsSync(join(d, '.tureen', 'sync.lock'))).toBe(false);
  });
});

describe('a sync killed with SIGKILL while it writes', () => {
  it('leaves every record either as it was or as it would be, never half-written', async () => {
    const d = copyExample('tureen-sync-killed-');
    tureen('sync', d, '--offline');
    const old = texts(d);
    // every npm record changes: the lockfile's lines move down by one, so every evidence line does
    writeFileSync(join(d, 'package-lock.json'), `\n${readFileSync(join(d, 'package-lock.json'), 'utf8')}`);
    const next = copyExample('tureen-sync-killed-reference-');
    writeFileSync(join(next, 'package-lock.json'), readFileSync(join(d, 'package-lock.json'), 'utf8'));
    cpSync(join(d, 'soup'), join(next, 'soup'), { recursive: true });
    tureen('sync', next, '--offline');
    const target = texts(next);
    for (const delay of [150, 300, 450]) {
      const child = spawn(process.execPath, [BIN, 'sync', d, '--offline'], { stdio: 'ignore' });
      await new Promise((r) => setTimeout(r, delay));
      child.kill('SIGKILL');
      await new Promise((r) => child.on('exit', r));
      for (const [f, t] of texts(d)) {
        expect(t === old.get(f) || t === target.get(f), `${f} is neither the old nor the new record`).toBe(true);
      }
      rmSync(join(d, '.tureen', 'sync.lock'), { force: true }); // the killed run could not release it; its pid is gone anyway
    }
    tureen('sync', d, '--offline');
    expect(texts(d)).toEqual(target);
  });
});

describe('tureen sign', () => {
  it('appends an approval for the record\'s version with the hash check recomputes, and a history entry; nothing else changes', async () => {
    const { recordContentHash } = await import('../src/check/hash.js');
    const d = copyExample('tureen-sync-sign-');
    tureen('sync', d, '--offline');
    const file = join(d, 'soup', 'npm-fastify.yaml');
    const before = readFileSync(file, 'utf8');
    const r = tureen('sign', 'fastify', '--role', 'approver', '--name', 'Q. Lead', '--dir', d);
    expect(r.code, r.stderr).toBe(0);
    const after = readFileSync(file, 'utf8');
    expect(after.startsWith(before.slice(0, before.indexOf('history:')))).toBe(true); // only appended after that point
    const rec = SoupRecord.parse(parse(after));
    const approval = rec.approvals!.at(-1)!;
    expect(approval).toMatchObject({ role: 'approver', name: 'Q. Lead', version: rec.identification.version });
    expect(approval.contentHash).toBe(recordContentHash(rec)); // approvals and history are not part of what is signed
    expect(rec.history!.at(-1)).toMatchObject({ event: 'signed', note: 'approver: Q. Lead' });
    // a change after signing shows as a different hash
    const changed = SoupRecord.parse(parse(after.replace('status: active', 'safetyClassRationale: added later\nstatus: active')));
    expect(recordContentHash(changed)).not.toBe(approval.contentHash);
  });

  it('says what to do when no record has the name, and needs a role', () => {
    const d = copyExample('tureen-sync-sign-bad-');
    tureen('sync', d, '--offline');
    const none = tureen('sign', 'no-such-package', '--role', 'reviewer', '--name', 'A', '--dir', d);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no SOUP record is named "no-such-package"');
    const noRole = tureen('sign', 'fastify', '--name', 'A', '--dir', d);
    expect(noRole.code).toBe(2);
  });
});

describe('tureen status', () => {
  it('shows the register on one screen: counts by class and kind, completeness and the top gaps', () => {
    const d = copyExample('tureen-sync-status-');
    tureen('sync', d, '--offline');
    const s = tureen('status', d);
    expect(s.code).toBe(0);
    const recs = [...texts(d).values()].map((t) => SoupRecord.parse(parse(t)));
    const kinds = new Map<string, number>();
    for (const r of recs) kinds.set(r.classification.kind, (kinds.get(r.classification.kind) ?? 0) + 1);
    expect(s.stdout).toContain(`SOUP register soup/: ${recs.length} active records, 0 removed`);
    for (const [k, n] of kinds) expect(s.stdout).toContain(`${k} ${n}`);
    // the example's config sets no default class, so no record has one yet: check's first gap
    expect(s.stdout).toContain(`unset ${recs.length}`);
    expect(s.stdout).toMatch(new RegExp(`^\\s+${recs.length}\\s+check\\.safety-class-missing$`, 'm'));
    expect(s.stdout.split('\n').length).toBeLessThan(25);
  });
});

describe('tureen check --junit --record', () => {
  it('keeps each test\'s last result in the record, and a signature made before stays valid', () => {
    const d = copyExample('tureen-sync-junit-');
    tureen('sync', d, '--offline');
    const file = join(d, 'soup', 'npm-fastify.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('status: active', [
      'functionalRequirements:', '  - id: FR-1', '    text: Returns HTTP 200 within 2 s when GET /api/status is requested.',
      'verification:', '  approach: Black-box HTTP tests.', '  tests:', '    - requirement: FR-1', '      test: status returns 200 within 2 s',
      'status: active',
    ].join('\n')));
    expect(tureen('sign', 'fastify', '--role', 'approver', '--name', 'Q. Lead', '--dir', d).code).toBe(0);
    const junit = join(d, 'junit.xml');
    writeFileSync(junit, '<testsuites><testsuite name="api" tests="1"><testcase classname="test/api/status.test.ts" name="status returns 200 within 2 s" time="0.1"/></testsuite></testsuites>');
    const r = tureen('check', d, '--junit', junit, '--record', '--format', 'json');
    expect(r.stderr).toBe('');
    const rec = SoupRecord.parse(parse(readFileSync(file, 'utf8')));
    expect(rec.verification?.tests?.[0]).toMatchObject({ requirement: 'FR-1', result: 'passed' });
    expect(rec.verification?.tests?.[0]?.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const report = JSON.parse(r.stdout) as { findings: { rule: string; file?: string }[] };
    expect(report.findings.filter((f) => f.file === 'soup/npm-fastify.yaml' && f.rule === 'check.approval-changed')).toEqual([]);
    expect(tureen('check', d, '--record').code).toBe(2); // --record needs --junit
  });
});
