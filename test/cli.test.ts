/**
 * End-to-end: the built `tureen` binary (dist/cli/main.js, built by `npm test` and by `npm ci`'s prepare) run as a
 * user runs it, on the bundled example device and on broken input.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse as parseYaml } from 'yaml';
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import { afterAll, describe, expect, it } from 'vitest';
import type { ScanOutput } from '../src/report/json.js';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'dist', 'cli', 'main.js');
const EXAMPLE = join(ROOT, 'examples', 'infusion-pump');
const tmp = mkdtempSync(join(tmpdir(), 'tureen-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function tureen(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: ROOT, env: { ...process.env, TUREEN_DEBUG: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('tureen (the built binary)', () => {
  it('is built', () => {
    expect(existsSync(BIN)).toBe(true);
  });

  it('prints its version and help', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(tureen('--version')).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
    const help = tureen('scan', '--help');
    expect(help.code).toBe(0);
    for (const opt of ['--format', '--out', '--config', '--strict', '--verbose', '--exclude']) expect(help.stdout).toContain(opt);
  });

  it('rejects a usage error with exit 2 and a message, never a stack trace', () => {
    const bad = tureen('scan', EXAMPLE, '--format', 'xml');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/xml.*(invalid|Allowed choices)/is);
    const missing = tureen('scan', join(tmp, 'no-such-folder'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('does not exist');
    expect(missing.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('tureen scan on the example device', () => {
  const res = tureen('scan', EXAMPLE, '--format', 'json');
  const out = JSON.parse(res.stdout) as ScanOutput;
  const by = (name: string) => out.components.filter((c) => c.name === name);

  it('exits 0 and reads both lockfiles and the config', () => {
    expect(res.code).toBe(0);
    expect(out.files.map((f) => `${f.source}:${f.file}`)).toEqual(expect.arrayContaining(['npm:package-lock.json', 'pnpm:ui/pnpm-lock.yaml']));
    expect(out.files.every((f) => !f.error)).toBe(true);
    expect(out.config).toBe('tureen.config.yaml');
  });

  it('matches the JSON Schema that `tureen schema scan-output` publishes', () => {
    const schema = JSON.parse(tureen('schema', 'scan-output').stdout) as object;
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const validate = ajv.compile(schema);
    expect(validate(out), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  });

  it('lists every package both lockfiles install, once per name@version', () => {
    // independent count: the lockfiles' own keys, read without Tureen's parsers
    const lock = JSON.parse(readFileSync(join(EXAMPLE, 'package-lock.json'), 'utf8')) as { packages: Record<string, { name?: string; version?: string; link?: boolean }> };
    const expected = new Set<string>();
    for (const [k, v] of Object.entries(lock.packages)) {
      if (k === '' || v.link) continue;
      expected.add(`${v.name ?? k.slice(k.lastIndexOf('node_modules/') + 13)}@${v.version}`);
    }
    const pnpm = parseYaml(readFileSync(join(EXAMPLE, 'ui', 'pnpm-lock.yaml'), 'utf8')) as { packages: Record<string, unknown> };
    for (const k of Object.keys(pnpm.packages)) expected.add(k.replace(/\(.*$/, ''));
    const fromLockfiles = out.components.filter((c) => !c.firstParty && c.evidence.some((e) => e.source === 'npm' || e.source === 'pnpm'));
    const got = new Set(fromLockfiles.map((c) => `${c.name}@${c.version}`));
    expect([...got].sort()).toEqual([...expected].sort());
  });

  it('lists the container image, its OS and the packages the Dockerfile installs, and the items the config declares', () => {
    const others = out.components.filter((c) => !c.evidence.some((e) => ['npm', 'pnpm', 'package-json'].includes(e.source)));
    // Dockerfile: node:22.12.0-bookworm-slim (both stages; the last one ships), Debian 12 from "bookworm", tini pinned;
    // tureen.config.yaml: the fuel-gauge firmware (not SOUP) and the cloud service
    expect(others.map((c) => `${c.kind}:${c.name}@${c.version}:${c.soup}`).sort()).toEqual([
      'cloud-service:PumpCloud device telemetry service@2024-06:true',
      'container-image:docker.io/library/node@22.12.0-bookworm-slim:true',
      'firmware:BQ27441 fuel gauge firmware@G1B:false',
      'operating-system:debian@12:true',
      'os-package:tini@0.19.0-1:true',
    ]);
    expect(by('tini')[0]).toMatchObject({ ecosystem: 'Debian:12', scope: 'runtime', evidence: [{ file: 'Dockerfile', line: 11, source: 'dockerfile' }] });
    expect(by('BQ27441 fuel gauge firmware')[0]?.rationale).toMatch(/cannot call or change it/);
  });

  it('classifies runtime packages as SOUP, dev tools as not SOUP, and the two projects as first-party', () => {
    expect(by('fastify')[0]).toMatchObject({ soup: true, branch: 'off-the-shelf', kind: 'library', scope: 'runtime', direct: true });
    expect(by('preact')[0]).toMatchObject({ soup: true, scope: 'runtime' });
    for (const c of by('vitest')) expect(c).toMatchObject({ soup: false, kind: 'tool', scope: 'development' });
    expect(by('infusion-pump')[0]).toMatchObject({ soup: false, kind: 'first-party', firstParty: true });
    expect(by('infusion-pump-ui')[0]).toMatchObject({ soup: false, kind: 'first-party', firstParty: true });
    expect(out.summary.soup).toBe(out.components.filter((c) => c.soup).length);
  });

  it('applies the config override and shows its reason', () => {
    const [uplot] = by('uplot');
    expect(uplot).toMatchObject({ soup: true, kind: 'library', rule: 'config.override', scope: 'development' });
    expect(uplot?.override?.reason).toMatch(/bundled by vite/);
    expect(uplot?.rationale).toMatch(/bundled by vite/);
  });

  it('gives every component evidence with a file and line', () => {
    for (const c of out.components) {
      expect(c.evidence.length).toBeGreaterThan(0);
      for (const e of c.evidence) expect(e.line).toBeGreaterThan(0);
    }
  });

  it('prints a table whose summary agrees with the JSON', () => {
    const t = tureen('scan', EXAMPLE);
    expect(t.code).toBe(0);
    expect(t.stdout).toContain(`SOUP: ${out.summary.soup}`);
    expect(t.stdout).toContain(`Not SOUP: ${out.summary.notSoup}`);
    // package-lock.json, ui/pnpm-lock.yaml and the Dockerfile show components
    expect(new Set(out.files.filter((f) => f.components > 0 && f.file !== '.').map((f) => f.file))).toEqual(new Set(['package-lock.json', 'ui/pnpm-lock.yaml', 'Dockerfile']));
    expect(t.stdout.trimEnd().split('\n').at(-1)).toBe(`${out.summary.components} components in 3 files: ${out.summary.soup} SOUP, ${out.summary.notSoup} not SOUP; 0 problems, ${out.findings.filter((f) => f.severity === 'warning').length} warnings.`);
  });

  it('writes a CycloneDX 1.6 SBOM that validates, to a file with --out', async () => {
    const file = join(tmp, 'bom.json');
    const r = tureen('scan', EXAMPLE, '--format', 'cyclonedx', '--out', file);
    expect(r).toMatchObject({ code: 0, stdout: '' });
    const text = readFileSync(file, 'utf8');
    expect(await new Validation.JsonStrictValidator(Spec.Version.v1dot6).validate(text)).toBeNull();
    const bom = JSON.parse(text) as { components: unknown[] };
    expect(bom.components).toHaveLength(out.components.length);
  });

  it('--verbose says what each source read and how long it took', () => {
    const v = tureen('scan', EXAMPLE, '--verbose', '--format', 'json');
    expect(v.stderr).toMatch(/^package-lock\.json: npm, \d+ components, [\d.]+ ms$/m);
    expect(v.stderr).toMatch(/^ui\/pnpm-lock\.yaml: pnpm, \d+ components, [\d.]+ ms$/m);
    // and a summary per source, with the files it read
    expect(v.stderr).toMatch(/^per source \(slowest first\):$/m);
    expect(v.stderr).toMatch(/^ {2}npm: 1 file, \d+ components, [\d.]+ ms$/m);
    expect(v.stderr).toMatch(/^ {2}pnpm: 1 file, \d+ components, [\d.]+ ms$/m);
  });
});

describe('tureen scan on broken input', () => {
  const dir = join(tmp, 'broken');
  cpSync(EXAMPLE, dir, { recursive: true });
  const lock = readFileSync(join(dir, 'package-lock.json'), 'utf8');
  writeFileSync(join(dir, 'package-lock.json'), lock.slice(0, Math.floor(lock.length / 2)));

  it('names the file and the place, still scans the other files, and exits 0 without --strict', () => {
    const r = tureen('scan', dir, '--format', 'json');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^tureen: package-lock\.json:\d+:\d+: /m);
    expect(r.stderr).toContain('fix:');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const out = JSON.parse(r.stdout) as ScanOutput;
    expect(out.components.some((c) => c.name === 'preact')).toBe(true);
    expect(out.components.some((c) => c.name === 'fastify')).toBe(false);
    expect(out.findings).toEqual(expect.arrayContaining([expect.objectContaining({ rule: 'input.malformed', severity: 'error', file: 'package-lock.json' })]));
    expect(out.summary.problems).toBe(1);
  });

  it('exits 2 with --strict', () => {
    expect(tureen('scan', dir, '--strict').code).toBe(2);
  });

  it('stops on an invalid config with the line and key, exit 2', () => {
    const cdir = join(tmp, 'badconfig');
    mkdirSync(cdir);
    writeFileSync(join(cdir, 'tureen.config.yaml'), 'overrides:\n  - match: x\n    soup: perhaps\n    reason: r\n');
    const r = tureen('scan', cdir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/tureen\.config\.yaml:3.*overrides\.0\.soup/);
  });

  it('never leaves a partial output file when it cannot write', () => {
    const target = join(tmp, 'no-such-dir', 'bom.json');
    const r = tureen('scan', EXAMPLE, '--out', target);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot write the output');
    expect(existsSync(join(tmp, 'no-such-dir'))).toBe(false);
    expect(readdirSync(tmp).some((f) => f.endsWith('.tmp'))).toBe(false);
  });
});
