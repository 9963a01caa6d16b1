/**
 * runInit() driven in-process: the questions through injected streams (the real terminal path is exercised through a
 * pseudo-terminal in test/init.test.ts), flags, refusals and --force, in temporary folders.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig, parseConfig } from '../config/load.js';
import { TureenError } from '../model/errors.js';
import { answersFromFlags, guessDevice, runInit, type InitFlags } from './init.js';

const root = mkdtempSync(join(tmpdir(), 'tureen-init-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
function folder(files: Record<string, string> = {}): string {
  const dir = join(root, `d${n++}`);
  mkdirSync(dir);
  for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, f), text);
  return dir;
}

/** Streams that play `lines` as typed answers; `output()` is everything init printed. */
function terminal(lines: string[] | string) {
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = '';
  output.on('data', (d: Buffer) => {
    printed += d.toString();
  });
  input.end(typeof lines === 'string' ? lines : lines.map((l) => `${l}\n`).join(''));
  return { io: { input, output, interactive: true }, output: () => printed };
}
const noTerminal = () => ({ input: new PassThrough(), output: new PassThrough(), interactive: false });

async function errorOf(p: Promise<unknown>): Promise<TureenError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof TureenError) return e;
    throw e;
  }
  throw new Error('expected a TureenError');
}

describe('runInit on a terminal', () => {
  it('asks every question, re-asks after a bad answer, and writes what was answered', async () => {
    const dir = folder({ 'package.json': JSON.stringify({ name: 'pump-ui', version: '3.1.0', author: { name: 'Acme Medical' } }) });
    const t = terminal([
      '', // device name: the package.json name
      '4.0.0',
      '-', // manufacturer: clear the default
      'D', 'a', // a bad class, then A
      '2021-13-01', '2021-02-28',
      '../soup', 'records',
      'grouped', 'by-direct-parent',
      'sometimes', 'half-yearly',
      'os-package=P1M, gadget=C', 'os-package=P1M ml-model=C',
    ]);
    const r = await runInit(dir, {}, t.io);
    const { config } = loadConfig(dir);
    expect(config.device).toEqual({ name: 'pump-ui', version: '4.0.0' });
    expect(config.qms?.effectiveDate).toBe('2021-02-28');
    expect(config.records).toEqual({ folder: 'records', grouping: 'by-direct-parent' });
    expect(config.defaults).toEqual({ safetyClass: 'A', surveillance: { frequency: 'P6M' }, kinds: { 'os-package': { surveillance: { frequency: 'P1M' } }, 'ml-model': { safetyClass: 'C' } } });
    expect(r.backup).toBeUndefined();
    const out = t.output();
    // the defaults shown, the explanations, and one message per bad answer
    expect(out).toContain('Device name [pump-ui]');
    expect(out).toContain('Manufacturer [Acme Medical]');
    expect(out).toMatch(/A {2}no injury/);
    expect(out).toMatch(/C {2}death or serious injury/);
    expect(out).toMatch(/by-direct-parent {2}a transitive item/);
    for (const msg of ['"D" is not a safety class', '"2021-13-01" is not a calendar date', '"../soup" leaves the repository', '"grouped" is not a grouping policy', '"sometimes" is not a frequency', '"gadget" is not a kind']) expect(out).toContain(msg);
  });

  it('takes every default on empty answers, and asks only what the flags do not give', async () => {
    const dir = folder();
    const t = terminal(['', '', '', '', '', '']);
    await runInit(dir, { deviceName: 'Monitor', safetyClass: ['B'], surveillanceFrequency: ['P1Y'] }, t.io);
    expect(t.output()).not.toContain('Device name');
    expect(t.output()).not.toContain('Default software safety class');
    const { config } = loadConfig(dir);
    expect(config).toEqual({ device: { name: 'Monitor' }, records: { folder: 'soup', grouping: 'each' }, defaults: { safetyClass: 'B', surveillance: { frequency: 'P1Y' } } });
  });

  it('writes nothing when the input ends before the last answer', async () => {
    const dir = folder();
    const e = await errorOf(runInit(dir, {}, terminal(['Pump', '1.0']).io));
    expect(e.message).toMatch(/input ended/);
    expect(existsSync(join(dir, 'tureen.config.yaml'))).toBe(false);
  });

  it('reads answers typed faster than the questions are asked (one chunk, CR LF line ends)', async () => {
    const dir = folder();
    await runInit(dir, {}, terminal('Pump\r\n2.0\r\nAcme\r\nb\r\n\r\n\r\n\r\n\r\n\r\n').io);
    expect(loadConfig(dir).config.device).toEqual({ name: 'Pump', version: '2.0', manufacturer: 'Acme' });
    expect(loadConfig(dir).config.defaults?.safetyClass).toBe('B');
  });
});

describe('runInit without a terminal', () => {
  it('refuses to guess without --yes, naming the flags not given, and writes nothing', async () => {
    const dir = folder();
    const e = await errorOf(runInit(dir, { deviceName: 'Pump' }, noTerminal()));
    expect(e.code).toBe('usage');
    expect(e.message).toMatch(/not a terminal/);
    expect(e.message).toContain('--safety-class');
    expect(e.message).not.toContain('--device-name');
    expect(e.fix).toContain('--yes');
    expect(existsSync(join(dir, 'tureen.config.yaml'))).toBe(false);
  });

  it('needs no --yes when the flags answer everything', async () => {
    const dir = folder();
    const flags: InitFlags = { deviceName: 'Pump', deviceVersion: '1', manufacturer: 'Acme', safetyClass: ['C'], qmsDate: '2020-01-01', records: 'soup', grouping: 'each', surveillanceFrequency: ['P3M'] };
    await runInit(dir, flags, noTerminal());
    expect(loadConfig(dir).config.device).toEqual({ name: 'Pump', version: '1', manufacturer: 'Acme' });
  });

  it('with --yes takes the defaults: the folder name, class C, soup/, each, quarterly', async () => {
    const dir = folder();
    await runInit(dir, { yes: true }, noTerminal());
    const text = readFileSync(join(dir, 'tureen.config.yaml'), 'utf8');
    expect(parseConfig(text, 'f')).toEqual({
      device: { name: dir.split(/[/\\]/).pop() },
      records: { folder: 'soup', grouping: 'each' },
      defaults: { safetyClass: 'C', surveillance: { frequency: 'P3M' } },
    });
  });
});

describe('runInit and an existing config', () => {
  const old = '# our own notes\ndevice:\n  name: "Old pump"\noverrides:\n  - match: uplot\n    soup: true\n    reason: bundled   # kept\n';

  it('never overwrites without --force', async () => {
    const dir = folder({ 'tureen.config.yaml': old });
    const e = await errorOf(runInit(dir, { yes: true }, noTerminal()));
    expect(e.message).toMatch(/already exists/);
    expect(e.fix).toContain('--force');
    expect(readFileSync(join(dir, 'tureen.config.yaml'), 'utf8')).toBe(old);
  });

  it('with --force keeps a backup, every other key and comment, and offers the old answers as defaults', async () => {
    const dir = folder({ 'tureen.config.yaml': old });
    const first = await runInit(dir, { yes: true, force: true, safetyClass: ['B'] }, noTerminal());
    expect(first.backup).toBe(join(dir, 'tureen.config.yaml.bak'));
    expect(readFileSync(first.backup!, 'utf8')).toBe(old);
    const text = readFileSync(join(dir, 'tureen.config.yaml'), 'utf8');
    // every line kept (the yaml library normalises the spaces before a trailing comment)
    const squash = (t: string) => t.replace(/ +#/g, ' #');
    for (const line of old.split('\n').filter(Boolean)) expect(squash(text)).toContain(squash(line));
    const c = parseConfig(text, 'f');
    expect(c.device?.name).toBe('Old pump');
    expect(c.defaults?.safetyClass).toBe('B');
    // a second --force never replaces the first backup
    const second = await runInit(dir, { yes: true, force: true }, noTerminal());
    expect(second.backup).toBe(join(dir, 'tureen.config.yaml.bak.1'));
    expect(readFileSync(first.backup!, 'utf8')).toBe(old);
    expect(readFileSync(second.backup!, 'utf8')).toBe(text);
    expect(parseConfig(readFileSync(join(dir, 'tureen.config.yaml'), 'utf8'), 'f').defaults?.safetyClass).toBe('B');
  });

  it('with --force refuses a config it cannot read, and writes nothing', async () => {
    for (const broken of ['device: [unclosed\n', 'device:\n  name: x\n  colour: red\n']) {
      const dir = folder({ 'tureen.config.yaml': broken });
      const e = await errorOf(runInit(dir, { yes: true, force: true }, noTerminal()));
      expect(e.code).toBe('config.invalid');
      expect(e.message).toMatch(/nothing was written/);
      expect(e.place?.line).toBeGreaterThan(0);
      expect(readFileSync(join(dir, 'tureen.config.yaml'), 'utf8')).toBe(broken);
      expect(existsSync(join(dir, 'tureen.config.yaml.bak'))).toBe(false);
    }
  });

  it('refuses a folder that does not exist', async () => {
    const e = await errorOf(runInit(join(root, 'missing'), { yes: true }, noTerminal()));
    expect(e.message).toMatch(/does not exist/);
  });
});

describe('answersFromFlags', () => {
  const flagError = (f: InitFlags) => {
    try {
      answersFromFlags(f);
    } catch (e) {
      if (e instanceof TureenError) return e.message;
    }
    throw new Error('expected a usage error');
  };

  it('names the flag whose value is wrong', () => {
    expect(flagError({ safetyClass: ['D'] })).toMatch(/^--safety-class: "D" is not a safety class/);
    expect(flagError({ qmsDate: '2021-13-01' })).toMatch(/^--qms-date: .*not a calendar date/);
    expect(flagError({ surveillanceFrequency: ['often'] })).toMatch(/^--surveillance-frequency: /);
    expect(flagError({ grouping: 'grouped' })).toMatch(/^--grouping: /);
    expect(flagError({ records: '../x' })).toMatch(/^--records: /);
    expect(flagError({ deviceName: ' ' })).toMatch(/^--device-name: .*empty/);
    expect(flagError({ safetyClass: ['A', 'B'] })).toMatch(/--safety-class given twice/);
    expect(flagError({ safetyClass: ['os-package=P1M'] })).toMatch(/not a safety class/);
    expect(flagError({ surveillanceFrequency: ['os-package=B'] })).toMatch(/is a safety class, not a frequency/);
  });

  it('splits per-kind values from the value for every item', () => {
    expect(answersFromFlags({ safetyClass: ['c', 'ml-model=A'], surveillanceFrequency: ['os-package=monthly', 'yearly', 'ml-model=P2W'] })).toEqual({
      safetyClass: 'C', surveillanceFrequency: 'P1Y', kinds: { 'ml-model': { safetyClass: 'A', frequency: 'P2W' }, 'os-package': { frequency: 'P1M' } },
    });
    expect(answersFromFlags({ qmsDate: '', manufacturer: '' })).toEqual({ qmsDate: undefined, manufacturer: undefined });
  });
});

describe('guessDevice', () => {
  it('reads package.json, then pyproject.toml ([project], then Poetry), then the folder name', () => {
    expect(guessDevice(folder({ 'package.json': '{"name":"@acme/pump","version":"1.2.3","author":"Jane Roe <jane@example.com> (https://example.com)"}' })))
      .toEqual({ name: '@acme/pump', version: '1.2.3', manufacturer: 'Jane Roe' });
    expect(guessDevice(folder({ 'pyproject.toml': '[project]\nname = "dose-calc"\nversion = "0.4"\nauthors = [{ name = "Acme" }]\n' })))
      .toEqual({ name: 'dose-calc', version: '0.4', manufacturer: 'Acme' });
    expect(guessDevice(folder({ 'pyproject.toml': '[tool.poetry]\nname = "viewer"\nversion = "2.0.0"\nauthors = ["Ann <a@b.c>"]\n' })))
      .toEqual({ name: 'viewer', version: '2.0.0', manufacturer: 'Ann' });
    const broken = folder({ 'package.json': '{ not json', 'pyproject.toml': 'not = [toml' });
    expect(guessDevice(broken)).toEqual({ name: broken.split(/[/\\]/).pop() });
    expect(guessDevice(folder({ 'package.json': '{"name":"a\\u001bb"}' })).name).toMatch(/^d\d+$/);
  });
});
