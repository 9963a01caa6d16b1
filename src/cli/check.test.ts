/**
 * `tureen check` through main(), in temporary repositories: exit codes (0 clean, 1 findings at or above --fail-on,
 * 2 usage and input errors), formats, --out, --junit, --config and the record folder from the config.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { stringify } from 'yaml';
import { CheckReport } from '../check/format.js';
import { goodRecord, sign } from '../check/test-records.js';
import type { SoupRecord } from '../model/record.js';
import { copyExample } from '../test-support/example.js';
import { main } from './program.js';

const root = mkdtempSync(join(tmpdir(), 'tureen-check-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;

/** Today (UTC), so that reviews written today are never stale whatever day the test runs. */
const today = new Date().toISOString().slice(0, 10);
function fresh(edit: (r: SoupRecord) => void = () => {}): SoupRecord {
  const r = structuredClone(goodRecord());
  r.anomalyReview!.date = today;
  r.vulnerabilityReview!.date = today;
  edit(r);
  return sign(r);
}

function repo(records: Record<string, SoupRecord | string>, opts: { folder?: string; config?: string } = {}): string {
  const dir = join(root, `r${n++}`);
  const folder = join(dir, opts.folder ?? 'soup');
  mkdirSync(folder, { recursive: true });
  for (const [name, r] of Object.entries(records)) writeFileSync(join(folder, name), typeof r === 'string' ? r : stringify(r));
  if (opts.config !== undefined) writeFileSync(join(dir, 'tureen.config.yaml'), opts.config);
  return dir;
}

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
    out += String(s);
    return true;
  });
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
    err += String(s);
    return true;
  });
  try {
    const code = await main(['check', ...args]);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe('tureen check', () => {
  it('exit 0 on complete records', async () => {
    const dir = repo({ 'npm-left-pad.yaml': fresh() });
    const r = await run(dir);
    expect(r).toEqual({ code: 0, out: 'requirements: 2 verified, 0 failed, 0 unverified, 0 without a test.\n\n1 record checked: 0 errors, 0 warnings.\n', err: '' });
  });

  it('exit 1 on an error; warnings alone pass unless --fail-on warning', async () => {
    const warnOnly = repo({ 'a.yaml': fresh((r) => { r.functionalRequirements![0]!.text = 'Supports padding.'; }) });
    expect((await run(warnOnly)).code).toBe(0);
    const strict = await run(warnOnly, '--fail-on', 'warning');
    expect(strict.code).toBe(1);
    expect(strict.out).toContain('soup/a.yaml:');
    expect(strict.out).toContain('warning check.requirement-vague');
    const withError = repo({ 'a.yaml': fresh(), 'b.yaml': fresh((r) => { r.identification.version = '~1.3.0'; r.anomalyReview!.version = '~1.3.0'; r.vulnerabilityReview!.version = '~1.3.0'; }) });
    const e = await run(withError);
    expect(e.code).toBe(1);
    expect(e.out).toMatch(/^soup\/b\.yaml:\d+: error check\.version-inexact /m);
  });

  it('a record that does not parse is an error naming the file and line, and the others are still checked', async () => {
    const dir = repo({ 'a.yaml': fresh(), 'b.yaml': 'id: npm/b\nidentification: {name: b\n', 'c.yaml': fresh((r) => { r.identification.version = 'latest'; r.anomalyReview!.version = 'latest'; r.vulnerabilityReview!.version = 'latest'; }) });
    const r = await run(dir, '--format', 'json');
    expect(r.code).toBe(1);
    const doc = CheckReport.parse(JSON.parse(r.out));
    expect(doc.summary.records).toBe(3);
    expect(doc.findings.map((f) => [f.file, f.rule])).toEqual([['soup/b.yaml', 'check.parse'], ['soup/c.yaml', 'check.version-inexact']]);
    expect(doc.findings[0]!.line).toBeGreaterThan(0);
  });

  it('--format sarif and markdown; --out writes the file instead of standard output', async () => {
    const dir = repo({ 'a.yaml': fresh((r) => { delete r.identification.license; }) });
    const sarif = await run(dir, '--format', 'sarif');
    expect(sarif.code).toBe(1);
    const log = JSON.parse(sarif.out) as { version: string; runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0]!.results.map((x) => [x.ruleId, x.locations[0]!.physicalLocation.artifactLocation.uri])).toEqual([['check.license-missing', 'soup/a.yaml']]);
    const out = join(dir, 'check.md');
    const md = await run(dir, '--format', 'markdown', '--out', out);
    expect(md.out).toBe('');
    expect(md.code).toBe(1);
    expect(readFileSync(out, 'utf8')).toMatch(/^### ❌ Tureen check: 1 record checked: 1 error, 0 warnings\.\n\n#### Errors \(1\)/);
  });

  it('--junit: a failed test of a class B requirement is an error; a missing one is unverified', async () => {
    const dir = repo({ 'a.yaml': fresh((r) => {
      r.verification!.tests = [
        { requirement: 'FR-1', test: 'dev.pump.DoseTest.rateLimit' },
        { requirement: 'PR-1', test: 'parsesDose' },
      ];
    }) });
    const fixture = join(dir, 'TEST-dev.pump.DoseTest.xml');
    copyFileSync(new URL('../check/fixtures/surefire-junit5.xml', import.meta.url), fixture);
    const r = await run(dir, '--junit', fixture, '--format', 'json');
    expect(r.code).toBe(1);
    const doc = CheckReport.parse(JSON.parse(r.out));
    expect(doc.findings.map((f) => f.rule)).toEqual(['check.requirement-failed']);
    expect(doc.requirements).toEqual([
      { item: 'npm/left-pad', file: 'soup/a.yaml', requirement: 'FR-1', test: 'dev.pump.DoseTest.rateLimit', status: 'failed' },
      { item: 'npm/left-pad', file: 'soup/a.yaml', requirement: 'PR-1', test: 'parsesDose', status: 'passed' },
    ]);
    const vitestXml = join(dir, 'vitest.xml');
    copyFileSync(new URL('../check/fixtures/vitest.xml', import.meta.url), vitestXml);
    const both = await run(dir, '--junit', fixture, vitestXml, '--fail-on', 'error');
    expect(both.out).toContain('requirements: 1 verified, 1 failed, 0 unverified, 0 without a test.');
  });

  it('the record folder comes from the config (records.folder); licensePolicy applies', async () => {
    const config = 'records:\n  folder: register/soup\nlicensePolicy:\n  deny: [MIT]\n';
    const dir = repo({ 'a.yaml': fresh() }, { folder: 'register/soup', config });
    const r = await run(dir);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^register\/soup\/a\.yaml:\d+: error check\.license-denied /m);
    // --config points elsewhere
    const other = join(dir, 'other.yaml');
    writeFileSync(other, 'records:\n  folder: register/soup\n');
    expect((await run(dir, '--config', other)).code).toBe(0);
  });

  it('exit 2 on usage and input errors, with a message and no stack', async () => {
    const dir = repo({ 'a.yaml': fresh() });
    for (const args of [
      [dir, '--format', 'xml'],
      [dir, '--fail-on', 'info'],
      [join(root, 'no-such-repo')],
      [dir, '--junit', join(dir, 'missing.xml')],
      [dir, '--junit', join(dir, 'soup', 'a.yaml')],
      [dir, '--config', join(dir, 'missing.yaml')],
    ]) {
      const r = await run(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err, args.join(' ')).toMatch(/\S/);
      expect(r.err).not.toMatch(/\n\s+at /);
    }
    const bad = repo({ 'a.yaml': fresh() }, { config: 'licensePolicy:\n  deny: MIT\n' });
    const r = await run(bad);
    expect(r.code).toBe(2);
    expect(r.err).toContain('licensePolicy.deny');
    const missing = await run(join(root, 'no-such-repo'));
    expect(missing.err).toContain('tureen sync');
  });

  it('scans the repository and reports every SOUP item without a record for the version shipped, where the scan found it', async () => {
    const dir = copyExample('tureen-check-coverage-', { register: true });
    const ruleOf = (r: { out: string }) => CheckReport.parse(JSON.parse(r.out)).findings.filter((f) => f.rule.startsWith('check.record-'));
    // the register the example ships covers the device
    expect(ruleOf(await run(dir, '--format', 'json'))).toEqual([]);
    // a dependency without a record, a record of another version, a record marked removed whose item is still shipped
    rmSync(join(dir, 'soup', 'npm-fastify.yaml'));
    const ws = join(dir, 'soup', 'npm-ws.yaml');
    writeFileSync(ws, readFileSync(ws, 'utf8').replace('version: 8.23.0', 'version: 8.22.0').replace('ws@8.23.0', 'ws@8.22.0'));
    const zod = join(dir, 'soup', 'npm-zod.yaml');
    writeFileSync(zod, readFileSync(zod, 'utf8').replace('status: active', 'status: removed'));
    const lockLine = (name: string) => readFileSync(join(dir, 'package-lock.json'), 'utf8').split('\n').findIndex((l) => l.includes(`"node_modules/${name}": {`)) + 1;
    const lineOf = (file: string, text: string) => readFileSync(file, 'utf8').split('\n').findIndex((l) => l.startsWith(text)) + 1;
    const r = await run(dir, '--format', 'json');
    expect(r.code).toBe(1);
    expect(ruleOf(r).map((f) => [f.rule, f.file, f.line, f.item])).toEqual([
      ['check.record-missing', 'package-lock.json', lockLine('fastify'), 'pkg:npm/fastify@5.12.8'],
      ['check.record-version', 'soup/npm-ws.yaml', lineOf(ws, '  version: 8.22.0'), 'pkg:npm/ws@8.23.0'],
      ['check.record-missing', 'soup/npm-zod.yaml', lineOf(zod, 'status: removed'), expect.stringMatching(/^pkg:npm\/zod@/)],
    ]);
    expect(ruleOf(r)[1]!.message).toBe('ws: the record identifies 8.22.0, the device ships 8.23.0 (package-lock.json:' + lockLine('ws') + ')');
    // --no-scan checks the records as they are
    expect(ruleOf(await run(dir, '--no-scan', '--format', 'json'))).toEqual([]);
  });
});
