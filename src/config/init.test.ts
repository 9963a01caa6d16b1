import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonSchema } from '../cli/schema.js';
import { Kind } from '../model/classification.js';
import { Config } from '../model/config.js';
import {
  answersFromConfig, buildConfigYaml, formatKindExceptions, parseFrequency, parseGrouping, parseIsoDate, parseKindExceptions,
  parseRecordsFolder, parseSafetyClass, parseText, recordDefaults, recordsSettings, updateConfigYaml, type InitAnswers,
} from './init.js';
import { parseConfig } from './load.js';
import { thrown as errorOf } from '../test-support/thrown.js';

const EXAMPLE_CONFIG = readFileSync(join(import.meta.dirname, '..', '..', 'examples', 'infusion-pump', 'tureen.config.yaml'), 'utf8');

const FULL: InitAnswers = {
  deviceName: 'Infusion pump: model "X" #2',
  deviceVersion: '1.0',
  manufacturer: "O'Brien Medical & Sons",
  safetyClass: 'B',
  qmsDate: '2021-03-01',
  recordsFolder: 'docs/soup',
  grouping: 'by-direct-parent',
  surveillanceFrequency: 'P3M',
  kinds: { 'os-package': { frequency: 'P1M' }, 'ml-model': { safetyClass: 'C', frequency: 'P6M' } },
};

const MINIMAL: InitAnswers = { deviceName: 'pump', safetyClass: 'C', recordsFolder: 'soup', grouping: 'each', surveillanceFrequency: 'P1Y', kinds: {} };

/** Any answers init can be given (text as parseText accepts it, YAML-special strings included). */
const tricky = fc.constantFrom('1.0', '2023', 'yes', 'no', 'null', '~', '- x', 'a: b', '#c', 'x #y', '"q"', "'s'", '[x]', '{y}', '*a', '&b', '!t', '%p', '@s', '`b`', '? q', '0x1F', '.inf', 'Ünïcödé 医疗', '😀 pump');
const text = fc.oneof(tricky, fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }))
  .map((s) => s.trim())
  .filter((s) => s.length > 0 && parseText(s).ok);
const date = fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const freq = fc.oneof(fc.constantFrom('P1M', 'P3M', 'P1Y', 'P2W', 'P30D'), fc.tuple(fc.integer({ min: 1, max: 99 }), fc.constantFrom('Y', 'M', 'W', 'D')).map(([n, u]) => `P${n}${u}`));
const cls = fc.constantFrom('A' as const, 'B' as const, 'C' as const);
const folder = fc.array(fc.stringMatching(/^[a-z0-9_][a-z0-9_.-]{0,10}$/).filter((s) => s !== '..' && s !== '.'), { minLength: 1, maxLength: 3 }).map((p) => p.join('/'));
const kinds = fc.dictionary(fc.constantFrom(...Kind.options), fc.record({ safetyClass: cls, frequency: freq }, { requiredKeys: [] }).filter((v) => Object.keys(v).length > 0), { maxKeys: 4 });
const anyAnswers = fc.record({
  deviceName: text, deviceVersion: text, manufacturer: text, safetyClass: cls, qmsDate: date, recordsFolder: folder,
  grouping: fc.constantFrom('each' as const, 'by-direct-parent' as const), surveillanceFrequency: freq, kinds,
}, { requiredKeys: ['deviceName', 'safetyClass', 'recordsFolder', 'grouping', 'surveillanceFrequency', 'kinds'] });


/** Every line that holds a key (not a comment, not blank) has a comment line right above it. */
function uncommentedKeys(text: string): string[] {
  const lines = text.split('\n');
  const out: string[] = [];
  lines.forEach((line, i) => {
    if (!line.trim() || line.trim().startsWith('#')) return;
    const prev = (lines[i - 1] ?? '').trim();
    if (!prev.startsWith('#')) out.push(line);
  });
  return out;
}

describe('buildConfigYaml', () => {
  it('writes every answer so that parseConfig reads it back exactly', () => {
    const c = parseConfig(buildConfigYaml(FULL), 'tureen.config.yaml');
    expect(c.device).toEqual({ name: FULL.deviceName, version: '1.0', manufacturer: FULL.manufacturer });
    expect(c.qms).toEqual({ effectiveDate: '2021-03-01' });
    expect(c.records).toEqual({ folder: 'docs/soup', grouping: 'by-direct-parent' });
    expect(c.defaults).toEqual({
      safetyClass: 'B',
      surveillance: { frequency: 'P3M' },
      kinds: { 'os-package': { surveillance: { frequency: 'P1M' } }, 'ml-model': { safetyClass: 'C', surveillance: { frequency: 'P6M' } } },
    });
  });

  it('leaves out what was not answered, keeping a commented example instead', () => {
    const text = buildConfigYaml(MINIMAL);
    const c = parseConfig(text, 'f');
    expect(c.device).toEqual({ name: 'pump' });
    expect(c.qms).toBeUndefined();
    expect(c.defaults?.kinds).toBeUndefined();
    expect(text).toContain('# qms:');
    expect(text).toContain('#   effectiveDate: ');
  });

  it('puts a comment line above every key', () => {
    expect(uncommentedKeys(buildConfigYaml(FULL))).toEqual([]);
    expect(uncommentedKeys(buildConfigYaml(MINIMAL))).toEqual([]);
  });

  it('explains the safety classes and the grouping policies in the file', () => {
    const text = buildConfigYaml(MINIMAL);
    expect(text).toMatch(/A no injury/);
    expect(text).toMatch(/B a non-serious injury/);
    expect(text).toMatch(/C death or serious injury/);
    expect(text).toMatch(/by-direct-parent: /);
  });

  it('round-trips any answers through the YAML (property)', () => {
    fc.assert(fc.property(anyAnswers, (a) => {
      const yaml = buildConfigYaml(a as InitAnswers);
      const back = answersFromConfig(parseConfig(yaml, 'f'));
      const expected = { ...a } as Partial<InitAnswers>;
      if (!Object.keys(a.kinds).length) delete expected.kinds;
      expect(back).toEqual(expected);
      expect(uncommentedKeys(yaml)).toEqual([]);
    }), { numRuns: 300 });
  });
});

describe('answer validation', () => {
  it('safety class: A, B, C in either case; anything else named and explained', () => {
    expect(parseSafetyClass('b')).toEqual({ ok: true, value: 'B' });
    expect(parseSafetyClass(' C ')).toEqual({ ok: true, value: 'C' });
    const d = parseSafetyClass('D');
    expect(d.ok).toBe(false);
    if (!d.ok) expect(d.error).toMatch(/"D" is not a safety class.*A \(no injury.*C \(death or serious injury/);
  });

  it('dates: YYYY-MM-DD and a real calendar day', () => {
    expect(parseIsoDate('2024-02-29')).toEqual({ ok: true, value: '2024-02-29' });
    for (const bad of ['2021-13-01', '2023-02-29', '2021-04-31', '2021-1-01', '01/02/2021', '2021-00-10', 'today']) expect(parseIsoDate(bad).ok, bad).toBe(false);
  });

  it('frequencies: ISO 8601 durations in days to years, or a word', () => {
    expect(parseFrequency('quarterly')).toEqual({ ok: true, value: 'P3M' });
    expect(parseFrequency('Monthly')).toEqual({ ok: true, value: 'P1M' });
    expect(parseFrequency('p1y')).toEqual({ ok: true, value: 'P1Y' });
    expect(parseFrequency('P1Y6M')).toEqual({ ok: true, value: 'P1Y6M' });
    for (const bad of ['P', 'P0M', 'PT1H', '3M', 'P3', 'P1.5M', 'sometimes', '']) expect(parseFrequency(bad).ok, bad).toBe(false);
  });

  it('record folder: relative, inside the repository, forward slashes', () => {
    expect(parseRecordsFolder('soup/')).toEqual({ ok: true, value: 'soup' });
    expect(parseRecordsFolder('docs\\soup')).toEqual({ ok: true, value: 'docs/soup' });
    expect(parseRecordsFolder('./docs//soup')).toEqual({ ok: true, value: 'docs/soup' });
    for (const bad of ['', '.', '/etc', 'C:\\soup', '../soup', 'docs/../../x', 'a\u0000b', 'a\nb']) expect(parseRecordsFolder(bad).ok, JSON.stringify(bad)).toBe(false);
  });

  it('grouping: each or by-direct-parent', () => {
    expect(parseGrouping('BY-DIRECT-PARENT')).toEqual({ ok: true, value: 'by-direct-parent' });
    expect(parseGrouping('grouped').ok).toBe(false);
  });

  it('text: one line, no control characters', () => {
    expect(parseText('  Pump  ')).toEqual({ ok: true, value: 'Pump' });
    expect(parseText('a\nb').ok).toBe(false);
    expect(parseText('a\u001b[31m').ok).toBe(false);
    expect(parseText('x'.repeat(201)).ok).toBe(false);
  });

  it('per-kind exceptions: kind=class or kind=frequency, comma or space separated', () => {
    expect(parseKindExceptions('os-package=P1M, ml-model=c os-package=A')).toEqual({ ok: true, value: { 'os-package': { frequency: 'P1M', safetyClass: 'A' }, 'ml-model': { safetyClass: 'C' } } });
    expect(parseKindExceptions('')).toEqual({ ok: true, value: {} });
    const unknown = parseKindExceptions('gadget=P1M');
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) expect(unknown.error).toMatch(/"gadget" is not a kind.*os-package/);
    expect(parseKindExceptions('os-package').ok).toBe(false);
    expect(parseKindExceptions('os-package=often').ok).toBe(false);
    const k = { 'os-package': { frequency: 'P1M', safetyClass: 'A' as const } };
    expect(parseKindExceptions(formatKindExceptions(k))).toEqual({ ok: true, value: k });
  });
});

describe('the config schema additions', () => {
  const bad = (text: string) => errorOf(() => parseConfig(text, 'tureen.config.yaml'));

  it('refuses a wrong class, frequency, grouping, kind or folder, naming the key and line', () => {
    let e = bad('defaults:\n  safetyClass: D\n');
    expect(e.place).toMatchObject({ key: 'defaults.safetyClass', line: 2 });
    e = bad('defaults:\n  surveillance:\n    frequency: P3\n');
    expect(e.place?.key).toBe('defaults.surveillance.frequency');
    expect(bad('defaults:\n  surveillance:\n    frequency: P0D\n').message).toMatch(/longer than zero/);
    expect(bad('records:\n  grouping: grouped\n').place?.key).toBe('records.grouping');
    expect(bad('defaults:\n  kinds:\n    gadget:\n      safetyClass: A\n').place?.key).toMatch(/^defaults\.kinds/);
    expect(bad('records:\n  folder: ../outside\n').message).toMatch(/inside the repository/);
    expect(bad('records:\n  folder: /abs\n').message).toMatch(/relative/);
    expect(bad('defaults:\n  kinds:\n    os-package:\n      owner: x\n').code).toBe('config.invalid');
  });

  it('is published with descriptions by `tureen schema config`', () => {
    const s = jsonSchema('config') as { properties: Record<string, { description?: string; properties?: Record<string, { description?: string }> }> };
    expect(s.properties.records?.properties?.folder?.description).toMatch(/soup/);
    expect(s.properties.records?.properties?.grouping?.description).toMatch(/by-direct-parent/);
    expect(s.properties.defaults?.properties?.safetyClass?.description).toMatch(/non-serious injury/);
    expect(s.properties.defaults?.properties?.kinds?.description).toMatch(/per kind/);
    expect(s.properties.defaults?.properties?.surveillance).toBeDefined();
  });

  it('recordDefaults: a kind\'s values first, then the defaults for every item', () => {
    const c = Config.parse({ defaults: { safetyClass: 'C', surveillance: { frequency: 'P3M', owner: 'QA' }, kinds: { 'os-package': { safetyClass: 'B', surveillance: { frequency: 'P1M' } } } } });
    expect(recordDefaults(c, 'os-package')).toEqual({ safetyClass: 'B', surveillance: { frequency: 'P1M', owner: 'QA' } });
    expect(recordDefaults(c, 'library')).toEqual({ safetyClass: 'C', surveillance: { frequency: 'P3M', owner: 'QA' } });
    expect(recordDefaults({}, undefined)).toEqual({ surveillance: {} });
    expect(recordsSettings({})).toEqual({ folder: 'soup', grouping: 'each' });
    expect(recordsSettings(Config.parse({ records: { folder: 'x', grouping: 'by-direct-parent' } }))).toEqual({ folder: 'x', grouping: 'by-direct-parent' });
  });
});

describe('updateConfigYaml (init --force)', () => {
  const nonOwned = (text: string) => text.split('\n').filter((l) => !/^\s*(name|version|manufacturer|effectiveDate):/.test(l));

  it('keeps every other key and comment of the example config, and sets the answers', () => {
    const out = updateConfigYaml(EXAMPLE_CONFIG, FULL, 'f');
    // every line of the original that is not one of the answers is still there, in order
    const kept = nonOwned(EXAMPLE_CONFIG).filter((l) => l.trim());
    const outLines = out.split('\n');
    let at = 0;
    for (const line of kept) {
      const i = outLines.indexOf(line, at);
      expect(i, line).toBeGreaterThanOrEqual(0);
      at = i + 1;
    }
    const c = parseConfig(out, 'f');
    expect(answersFromConfig(c)).toEqual(FULL);
    const original = parseConfig(EXAMPLE_CONFIG, 'f');
    expect(c.overrides).toEqual(original.overrides);
    expect(c.declared).toEqual(original.declared);
  });

  it('leaves the text unchanged when the answers are what the file already says', () => {
    const once = updateConfigYaml(EXAMPLE_CONFIG, FULL, 'f');
    expect(updateConfigYaml(once, FULL, 'f')).toBe(once);
    const same = answersFromConfig(parseConfig(EXAMPLE_CONFIG, 'f'));
    const answers: InitAnswers = { ...MINIMAL, ...same, kinds: {} } as InitAnswers;
    const updated = updateConfigYaml(EXAMPLE_CONFIG, answers, 'f');
    // only new sections are added: the original text is a prefix, quoting ("2.4.0") included
    expect(updated.startsWith(EXAMPLE_CONFIG.trimEnd())).toBe(true);
  });

  it('removes an answer left empty, and a section it leaves empty', () => {
    const once = updateConfigYaml(EXAMPLE_CONFIG, FULL, 'f');
    const { qmsDate: _q, manufacturer: _m, ...rest } = FULL;
    const out = updateConfigYaml(once, { ...rest, kinds: {} }, 'f');
    const c = parseConfig(out, 'f');
    expect(c.qms).toBeUndefined();
    expect(c.device?.manufacturer).toBeUndefined();
    expect(c.defaults?.kinds).toBeUndefined();
    expect(c.overrides).toEqual(parseConfig(EXAMPLE_CONFIG, 'f').overrides);
  });

  it('sets any answers into the example config, keeping its other sections, and is idempotent (property)', () => {
    const original = parseConfig(EXAMPLE_CONFIG, 'f');
    fc.assert(fc.property(anyAnswers, anyAnswers, (first, second) => {
      const once = updateConfigYaml(EXAMPLE_CONFIG, first as InitAnswers, 'f');
      const twice = updateConfigYaml(once, second as InitAnswers, 'f');
      const c = parseConfig(twice, 'f');
      const expected = { ...second } as Partial<InitAnswers>;
      if (!Object.keys(second.kinds).length) delete expected.kinds;
      expect(answersFromConfig(c)).toEqual(expected);
      expect(c.overrides).toEqual(original.overrides);
      expect(c.declared).toEqual(original.declared);
      expect(updateConfigYaml(twice, second as InitAnswers, 'f')).toBe(twice);
      for (const comment of EXAMPLE_CONFIG.split('\n').filter((l) => l.trim().startsWith('#') && !/effectiveDate|IEC 62304 process/.test(l))) expect(twice).toContain(comment.trim());
    }), { numRuns: 100 });
  });

  it('refuses (a TureenError, not a crash) a file whose sections are YAML aliases', () => {
    const e = errorOf(() => updateConfigYaml('x: &d\n  name: Pump\ndevice: *d\n', MINIMAL, 'f'));
    expect(e.code).toBe('config.invalid');
    expect(e.message).toMatch(/nothing was written/);
  });

  it('comments the keys it adds, and handles a file of comments only', () => {
    const out = updateConfigYaml('device:\n  name: x\n', FULL, 'f');
    expect(uncommentedKeys(out.split('\n').slice(2).join('\n'))).toEqual([]);
    const fromComments = updateConfigYaml('# our notes\n', MINIMAL, 'f');
    expect(fromComments.startsWith('# our notes\n')).toBe(true);
    expect(answersFromConfig(parseConfig(fromComments, 'f'))).toEqual(answersFromConfig(parseConfig(buildConfigYaml(MINIMAL), 'f')));
  });
});
