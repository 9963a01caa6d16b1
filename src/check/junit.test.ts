import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TureenError } from '../model/errors.js';
import { indexResults, lookupTest, parseJUnit } from './junit.js';

const fixture = (n: string) => readFileSync(new URL(`./fixtures/${n}`, import.meta.url), 'utf8');
const brief = (rs: ReturnType<typeof parseJUnit>) => rs.map((r) => [r.classname, r.name, r.outcome]);

describe('parseJUnit on reports real runners wrote (see fixtures/README.md)', () => {
  it('vitest --reporter=junit', () => {
    const rs = parseJUnit(fixture('vitest.xml'), 'vitest.xml');
    expect(brief(rs)).toEqual([
      ['infusion.test.ts', 'api > status returns 200 within 2 s', 'passed'],
      ['infusion.test.ts', 'api > rejects a body over 16 KiB', 'failed'],
      ['infusion.test.ts', 'api > streams updates', 'skipped'],
      ['infusion.test.ts', 'parses a dose of 0.1 mL', 'passed'],
    ]);
    expect(rs[1]!.message).toBe('expected 413 to be 400 // Object.is equality');
    expect(rs.every((r) => r.date === '2026-11-26' && r.file === 'vitest.xml')).toBe(true);
  });
  it('pytest --junitxml (unittest tests)', () => {
    const rs = parseJUnit(fixture('pytest.xml'), 'pytest.xml');
    expect(brief(rs)).toEqual([
      ['test_dose.DoseTest', 'test_error', 'failed'],
      ['test_dose.DoseTest', 'test_parse_dose', 'passed'],
      ['test_dose.DoseTest', 'test_pump', 'skipped'],
      ['test_dose.DoseTest', 'test_rate_limit', 'failed'],
    ]);
    expect(rs[0]!.message).toBe('RuntimeError: device not found');
  });
  it('Maven Surefire (a bare <testsuite>, JUnit 5)', () => {
    const rs = parseJUnit(fixture('surefire-junit5.xml'), 'TEST-dev.pump.DoseTest.xml');
    expect(brief(rs)).toEqual([
      ['dev.pump.DoseTest', 'parsesDose', 'passed'],
      ['dev.pump.DoseTest', 'pump', 'skipped'],
      ['dev.pump.DoseTest', 'rateLimit', 'failed'],
    ]);
    expect(rs[2]!.message).toBe('expected: <400> but was: <500>');
    expect(rs[0]!.date).toBeUndefined();
  });
  it('<error> is a failure; nested suites are read; a case without name is skipped', () => {
    const xml = '<testsuites><testsuite name="a" timestamp="2026-01-02T03:04:05"><testsuite name="b"><testcase name="t1"><error message="boom"/></testcase><testcase classname="x"/></testsuite></testsuite></testsuites>';
    expect(parseJUnit(xml, 'r.xml')).toEqual([{ name: 't1', outcome: 'failed', file: 'r.xml', date: '2026-01-02', message: 'boom' }]);
  });
  it('an empty <testsuites/> has no results; non-JUnit XML and broken XML are TureenErrors naming the file', () => {
    expect(parseJUnit('<testsuites/>', 'r.xml')).toEqual([]);
    expect(() => parseJUnit('<project/>', 'pom.xml')).toThrow(TureenError);
    expect(() => parseJUnit('<project/>', 'pom.xml')).toThrow(/not a JUnit XML report/);
    expect(() => parseJUnit('<testsuite><testcase name="a"></testsuite>', 'r.xml')).toThrow(TureenError);
    expect(() => parseJUnit('<!DOCTYPE x [<!ENTITY a "b">]><testsuite/>', 'r.xml')).toThrow(/entities/);
  });
});

describe('lookupTest', () => {
  const idx = indexResults([
    ...parseJUnit(fixture('surefire-junit5.xml'), 's.xml'),
    ...parseJUnit(fixture('vitest.xml'), 'v.xml'),
    { name: 'parsesDose', classname: 'other.Suite', outcome: 'failed', file: 'o.xml' },
  ]);
  it('by name or classname.name; the worst outcome wins among same-named cases', () => {
    expect(lookupTest(idx, 'dev.pump.DoseTest.parsesDose')?.outcome).toBe('passed');
    expect(lookupTest(idx, 'parsesDose')?.outcome).toBe('failed');
    expect(lookupTest(idx, 'api > status returns 200 within 2 s')?.outcome).toBe('passed');
    expect(lookupTest(idx, 'infusion.test.ts.api > streams updates')?.outcome).toBe('skipped');
    expect(lookupTest(idx, 'no such test')).toBeUndefined();
    expect(idx.count).toBe(8);
    expect(idx.files).toEqual(['s.xml', 'v.xml', 'o.xml']);
  });
});
