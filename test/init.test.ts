/**
 * End-to-end: `tureen init` as a user runs it — the built binary (dist/cli/main.js, built by `npm test`), with flags
 * and --yes, without a terminal, and answering its questions on a real pseudo-terminal (util-linux `script`).
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse as parseYaml } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/load.js';
import type { ScanOutput } from '../src/report/json.js';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'dist', 'cli', 'main.js');
const EXAMPLE = join(ROOT, 'examples', 'infusion-pump');
const tmp = mkdtempSync(join(tmpdir(), 'tureen-init-e2e-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function tureen(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: ROOT, env: { ...process.env, TUREEN_DEBUG: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
let n = 0;
const newDir = () => {
  const d = join(tmp, `d${n++}`);
  mkdirSync(d);
  return d;
};
const CONFIG = 'tureen.config.yaml';

describe('tureen init (the built binary)', () => {
  it('writes, with --yes and flags, a config that loads and fits the published schema', () => {
    const dir = newDir();
    const r = tureen('init', dir, '--yes', '--device-name', 'Infusion pump: "X"', '--device-version', '2.0', '--manufacturer', 'Acme Medical',
      '--safety-class', 'B', '--safety-class', 'ml-model=C', '--qms-date', '2022-05-01', '--records', 'docs/soup', '--grouping', 'by-direct-parent',
      '--surveillance-frequency', 'quarterly', '--surveillance-frequency', 'os-package=P1M');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`wrote ${join(dir, CONFIG)}`);
    const { config } = loadConfig(dir);
    expect(config).toEqual({
      device: { name: 'Infusion pump: "X"', version: '2.0', manufacturer: 'Acme Medical' },
      qms: { effectiveDate: '2022-05-01' },
      records: { folder: 'docs/soup', grouping: 'by-direct-parent' },
      defaults: {
        safetyClass: 'B', surveillance: { frequency: 'P3M' },
        kinds: { 'ml-model': { safetyClass: 'C' }, 'os-package': { surveillance: { frequency: 'P1M' } } },
      },
    });
    const schema = JSON.parse(tureen('schema', 'config').stdout) as object;
    const validate = new Ajv2020({ strict: false, allErrors: true }).compile(schema);
    const data = parseYaml(readFileSync(join(dir, CONFIG), 'utf8')) as unknown;
    expect(validate(data), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  });

  it('refuses to overwrite an existing config (exit 2), and leaves it as it was', () => {
    const dir = newDir();
    writeFileSync(join(dir, CONFIG), '# mine\ndevice:\n  name: Mine\n');
    const r = tureen('init', dir, '--yes');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('already exists');
    expect(r.stderr).toContain('--force');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(join(dir, CONFIG), 'utf8')).toBe('# mine\ndevice:\n  name: Mine\n');
  });

  it('rejects a bad flag value with exit 2 and a message naming the flag, writing nothing', () => {
    const dir = newDir();
    for (const [flag, value] of [['--safety-class', 'D'], ['--qms-date', '2021-13-01'], ['--grouping', 'grouped'], ['--surveillance-frequency', 'P0M'], ['--records', '../outside']] as const) {
      const r = tureen('init', dir, '--yes', flag, value);
      expect(r.code, flag).toBe(2);
      expect(r.stderr, flag).toContain(`${flag}: "${value}"`);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect(existsSync(join(dir, CONFIG))).toBe(false);
  });

  it('without a terminal and without --yes, stops (exit 2) instead of waiting for answers', () => {
    const dir = newDir();
    const r = tureen('init', dir, '--device-name', 'Pump');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not a terminal.*--safety-class/);
    expect(r.stderr).toContain('--yes');
    expect(existsSync(join(dir, CONFIG))).toBe(false);
  });
});

describe('tureen init on the example device', () => {
  // everything scan says about the items: identity, evidence, SOUP decision, rule and rationale
  const components = (o: ScanOutput) => [...o.components].sort((a, b) => a.key.localeCompare(b.key));

  it('--force keeps the example\'s overrides and declared items: scan finds and decides exactly the same', () => {
    const dir = join(tmp, 'example-force');
    cpSync(EXAMPLE, dir, { recursive: true });
    const before = tureen('scan', dir, '--format', 'json');
    expect(before.code).toBe(0);
    const r = tureen('init', dir, '--force', '--yes', '--surveillance-frequency', 'os-package=P1M');
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, `${CONFIG}.bak`), 'utf8')).toBe(readFileSync(join(EXAMPLE, CONFIG), 'utf8'));
    const after = tureen('scan', dir, '--format', 'json');
    expect(after.code).toBe(0);
    const [b, a] = [JSON.parse(before.stdout) as ScanOutput, JSON.parse(after.stdout) as ScanOutput];
    expect(a.components.length).toBeGreaterThan(10);
    expect(components(a)).toEqual(components(b));
    expect(a.findings).toEqual(b.findings);
    const { config } = loadConfig(dir);
    expect(config.device).toEqual({ name: 'Infusion pump controller', version: '2.4.0', manufacturer: 'Example Medical Ltd' });
    expect(config.qms?.effectiveDate).toBe('2023-01-01');
    expect(config.defaults?.kinds).toEqual({ 'os-package': { surveillance: { frequency: 'P1M' } } });
  });

  it('a fresh config from --yes (name and version from package.json) passes scan', () => {
    const dir = join(tmp, 'example-fresh');
    cpSync(EXAMPLE, dir, { recursive: true });
    rmSync(join(dir, CONFIG));
    expect(tureen('init', dir, '--yes').code).toBe(0);
    const pkg = JSON.parse(readFileSync(join(EXAMPLE, 'package.json'), 'utf8')) as { name: string; version: string };
    expect(loadConfig(dir).config.device).toMatchObject({ name: pkg.name, version: pkg.version });
    const scan = tureen('scan', dir, '--format', 'json');
    expect(scan.code).toBe(0);
    expect((JSON.parse(scan.stdout) as ScanOutput).config).toBe(CONFIG);
  });
});

describe('tureen init on a terminal (pseudo-terminal through util-linux script)', () => {
  /** Run init under `script`, typing each answer once its prompt (the text before ": ") has been printed. */
  function session(dir: string, answers: [prompt: string, typed: string][]): Promise<{ code: number | null; out: string }> {
    return new Promise((done, fail) => {
      const cmd = [process.execPath, BIN, 'init', dir].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
      const p = spawn('script', ['-qfec', cmd, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, TERM: 'dumb' } });
      let out = '';
      let next = 0;
      let seen = 0;
      // a guard against a hang (a prompt that never comes), not a timing assertion
      const guard = setTimeout(() => p.kill('SIGKILL'), 50_000);
      p.on('error', fail);
      p.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        while (next < answers.length) {
          const at = out.indexOf(answers[next]![0], seen);
          const colon = at < 0 ? -1 : out.indexOf(': ', at);
          if (colon < 0) break;
          seen = colon + 2;
          p.stdin.write(`${answers[next]![1]}\r`);
          next++;
        }
      });
      p.on('close', (code) => {
        clearTimeout(guard);
        done({ code, out });
      });
    });
  }

  it('is on this system', () => {
    expect(spawnSync('script', ['--version'], { encoding: 'utf8' }).stdout).toMatch(/util-linux/);
  });

  it('asks each question with its default, re-asks after a bad answer, and writes the answers', async () => {
    const dir = newDir();
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'pump-ui', version: '1.2.3', author: 'Acme Med <qa@acme.example>' }));
    const { code, out } = await session(dir, [
      ['Device name [pump-ui]', ''],
      ['Device software version [1.2.3]', '9.9'],
      ['Manufacturer [Acme Med]', '-'],
      ['Default software safety class (A/B/C) [C]', 'D'],
      ['is not a safety class', 'b'],
      ['QMS effective date (YYYY-MM-DD) [none]', '2021-13-01'],
      ['is not a calendar date', '2021-03-01'],
      ['Record folder [soup]', '../x'],
      ['leaves the repository', 'records/soup'],
      ['Grouping policy (each / by-direct-parent) [each]', 'by-direct-parent'],
      ['Surveillance frequency [P3M]', 'monthly'],
      ['Per-kind exceptions', 'os-package=P1Y, ml-model=C'],
    ]);
    expect(code, out).toBe(0);
    expect(out).toMatch(/A {2}no injury/);
    expect(out).toMatch(/each {14}every SOUP item/);
    expect(out).toContain('wrote ');
    expect(loadConfig(dir).config).toEqual({
      device: { name: 'pump-ui', version: '9.9' },
      qms: { effectiveDate: '2021-03-01' },
      records: { folder: 'records/soup', grouping: 'by-direct-parent' },
      defaults: {
        safetyClass: 'B', surveillance: { frequency: 'P1M' },
        kinds: { 'os-package': { surveillance: { frequency: 'P1Y' } }, 'ml-model': { safetyClass: 'C' } },
      },
    });
  });
});
