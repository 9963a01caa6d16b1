import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TureenError } from '../../model/errors.js';
import { parseCpe } from './cpe.js';
import { cpeAffects, splitUpdate, type VersionCompare } from './match.js';
import { parseNvdCve, type NvdConfiguration, type NvdCve } from './schema.js';

const here = new URL('.', import.meta.url).pathname;
function fixtureCve(file: string): NvdCve {
  const page = JSON.parse(readFileSync(join(here, 'fixtures', file), 'utf8')) as { vulnerabilities: { cve: unknown }[] };
  const r = parseNvdCve(page.vulnerabilities[0]!.cve);
  if (!r.ok) throw new Error(`${file}: ${r.path}: ${r.message}`);
  return r.cve;
}
const log4shell = fixtureCve('cve-2021-44228.json');

/** Dotted numeric versions, missing parts 0 (2.0 = 2.0.0); anything else throws. Written for the test. */
const numeric: VersionCompare = (a, b) => {
  const pa = a.split('.');
  const pb = b.split('.');
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '0';
    const y = pb[i] ?? '0';
    if (!/^\d+$/.test(x) || !/^\d+$/.test(y)) throw new Error(`cannot order ${a} and ${b}`);
    if (Number(x) !== Number(y)) return Number(x) - Number(y);
  }
  return 0;
};
const log4j = (version: string, update = '*') => `cpe:2.3:a:apache:log4j:${version}:${update}:*:*:*:*:*:*`;
const withConfigs = (configurations: NvdConfiguration[]): NvdCve => ({ ...log4shell, configurations });

describe('cpeAffects on Log4Shell (CVE-2021-44228)', () => {
  it('2.14.1 is affected by the 2.13.0–2.15.0 range; the fix is 2.15.0', () => {
    const r = cpeAffects(log4j('2.14.1'), log4shell, numeric);
    expect(r).toEqual({
      affected: true,
      fixed: '2.15.0',
      match: {
        criteria: 'cpe:2.3:a:apache:log4j:*:*:*:*:*:*:*:*',
        matchCriteriaId: 'D31D423D-FC4D-428A-B863-55AF472B80DC',
        versionStartIncluding: '2.13.0',
        versionEndExcluding: '2.15.0',
        configuration: 0,
      },
    });
  });

  it('range bounds: start included, end excluded', () => {
    const cases: [string, boolean, string?][] = [
      ['2.0.1', true, '2.3.1'],
      ['2.3.0', true, '2.3.1'],
      ['2.3.1', false],
      ['2.4.0', true, '2.12.2'],
      ['2.12.1', true, '2.12.2'],
      ['2.12.2', false],
      ['2.12.4', false],
      ['2.13.0', true, '2.15.0'],
      ['2.15.0', false],
      ['2.17.1', false],
      ['1.2.17', false],
    ];
    for (const [version, affected, fixed] of cases) {
      const r = cpeAffects(log4j(version), log4shell, numeric);
      expect(r.affected, version).toBe(affected);
      expect(r.fixed, version).toBe(fixed);
    }
  });

  it('the exact 2.0 criteria: update beta9 matches, an unlisted rc3 does not, an unspecified update does', () => {
    expect(cpeAffects(log4j('2.0', 'beta9'), log4shell, numeric)).toMatchObject({ affected: true, match: { criteria: 'cpe:2.3:a:apache:log4j:2.0:beta9:*:*:*:*:*:*' } });
    expect(cpeAffects(log4j('2.0', 'beta9'), log4shell, numeric).fixed).toBeUndefined();
    expect(cpeAffects(log4j('2.0', 'rc3'), log4shell, numeric).affected).toBe(false);
    expect(cpeAffects(log4j('2.0', '-'), log4shell, numeric)).toMatchObject({ affected: true, match: { criteria: 'cpe:2.3:a:apache:log4j:2.0:-:*:*:*:*:*:*' } });
    expect(cpeAffects(log4j('2.0'), log4shell, numeric).affected).toBe(true);
  });

  it('a pre-release written in the version ("2.0-rc1") meets NVD\'s split criteria (version 2.0, update rc1)', () => {
    // Log4Shell's exact 2.0 criteria alone (its ranges would also catch these versions)
    const exact = withConfigs([{ nodes: [{ operator: 'OR', negate: false, cpeMatch: [
      { vulnerable: true, criteria: 'cpe:2.3:a:apache:log4j:2.0:rc1:*:*:*:*:*:*', matchCriteriaId: 'A' },
      { vulnerable: true, criteria: 'cpe:2.3:a:apache:log4j:2.0:beta9:*:*:*:*:*:*', matchCriteriaId: 'B' },
    ] }] }]);
    expect(cpeAffects(log4j('2.0-rc1'), exact, numeric)).toMatchObject({ affected: true, match: { criteria: 'cpe:2.3:a:apache:log4j:2.0:rc1:*:*:*:*:*:*' } });
    expect(cpeAffects(log4j('2.0-beta9'), exact, numeric).affected).toBe(true);
    expect(cpeAffects(log4j('2.0-rc3'), exact, numeric).affected).toBe(false);
    // only a known pre-release word splits; an update given explicitly is never second-guessed
    expect(splitUpdate(parseCpe(log4j('2.0-foo1'))!)).toBeUndefined();
    expect(splitUpdate(parseCpe(log4j('2.0-rc1', 'rc2'))!)).toBeUndefined();
  });

  it('another product is not affected; product names compare case-insensitively', () => {
    expect(cpeAffects('cpe:2.3:a:apache:tomcat:9.0.0:*:*:*:*:*:*:*', log4shell, numeric).affected).toBe(false);
    expect(cpeAffects('cpe:2.3:a:Apache:Log4J:2.14.1:*:*:*:*:*:*:*', log4shell, numeric).affected).toBe(true);
  });

  it('a component without a version, or with one the comparator cannot order, is affected but uncertain', () => {
    const noVersion = cpeAffects(log4j('*'), log4shell, numeric);
    expect(noVersion.affected).toBe(true);
    expect(noVersion.match?.uncertain).toMatch(/no version/);
    const odd = cpeAffects(log4j('r2021-custom'), log4shell, numeric);
    expect(odd.affected).toBe(true);
    expect(odd.match?.uncertain).toMatch(/could not be compared/);
    // the range it was put in is a guess: no fix is recommended from it
    expect(odd.fixed).toBeUndefined();
  });

  it('running on/with: firmware on its hardware — assumed and named without platforms, checked with them', () => {
    const fw = 'cpe:2.3:o:siemens:sppa-t3000_ses3000_firmware:1.0:*:*:*:*:*:*:*';
    const hw = 'cpe:2.3:h:siemens:sppa-t3000_ses3000:-:*:*:*:*:*:*:*';
    const assumed = cpeAffects(fw, log4shell, numeric);
    expect(assumed).toMatchObject({ affected: true, match: { configuration: 1, unchecked: ['cpe:2.3:h:siemens:sppa-t3000_ses3000:-:*:*:*:*:*:*:*'] } });
    const onIt = cpeAffects(fw, log4shell, numeric, { platforms: [hw] });
    expect(onIt.affected).toBe(true);
    expect(onIt.match?.unchecked).toBeUndefined();
    expect(cpeAffects(fw, log4shell, numeric, { platforms: ['cpe:2.3:h:siemens:other_board:-:*:*:*:*:*:*:*'] }).affected).toBe(false);
    // the hardware itself is only the platform, not vulnerable
    expect(cpeAffects(hw, log4shell, numeric).affected).toBe(false);
  });

  it('a CVE NVD has not analysed (no configurations) affects nothing here', () => {
    expect(cpeAffects(log4j('2.14.1'), fixtureCve('cve-2024-37890.json'), numeric)).toEqual({ affected: false });
  });

  it('a component CPE that is not a CPE 2.3 name is a typed input error', () => {
    expect(() => cpeAffects('log4j 2.14.1', log4shell, numeric)).toThrow(TureenError);
    expect(() => cpeAffects(log4j('2.14.1'), log4shell, numeric, { platforms: ['linux'] })).toThrow(TureenError);
  });
});

describe('cpeAffects: operators, negation and other attributes', () => {
  const app = { vulnerable: true, criteria: 'cpe:2.3:a:acme:viewer:*:*:*:*:*:*:*:*', versionEndExcluding: '3.0' };
  const windows = { vulnerable: false, criteria: 'cpe:2.3:o:microsoft:windows:-:*:*:*:*:*:*:*' };
  const linux = 'cpe:2.3:o:linux:linux_kernel:6.1:*:*:*:*:*:*:*';
  const viewer = 'cpe:2.3:a:acme:viewer:2.5:*:*:*:*:*:*:*';

  it('a negated platform node: affected unless it runs on Windows', () => {
    const cve = withConfigs([{ operator: 'AND', nodes: [{ operator: 'OR', cpeMatch: [app] }, { operator: 'OR', negate: true, cpeMatch: [windows] }] }]);
    expect(cpeAffects(viewer, cve, numeric, { platforms: ['cpe:2.3:o:microsoft:windows:-:*:*:*:*:*:*:*'] }).affected).toBe(false);
    expect(cpeAffects(viewer, cve, numeric, { platforms: [linux] }).affected).toBe(true);
    expect(cpeAffects(viewer, cve, numeric)).toMatchObject({ affected: true, fixed: '3.0', match: { unchecked: [windows.criteria] } });
  });

  it('a negated configuration turns a match into no match', () => {
    const cve = withConfigs([{ negate: true, nodes: [{ operator: 'OR', cpeMatch: [app] }] }]);
    expect(cpeAffects(viewer, cve, numeric).affected).toBe(false);
  });

  it('an AND node needs every criteria: a second vulnerable product must be among the platforms', () => {
    const plugin = { vulnerable: true, criteria: 'cpe:2.3:a:acme:dicom_plugin:1.0:*:*:*:*:*:*:*' };
    const cve = withConfigs([{ nodes: [{ operator: 'AND', cpeMatch: [app, plugin] }] }]);
    expect(cpeAffects(viewer, cve, numeric).affected).toBe(false);
    expect(cpeAffects(viewer, cve, numeric, { platforms: ['cpe:2.3:a:acme:dicom_plugin:1.0:*:*:*:*:*:*:*'] }).affected).toBe(true);
  });

  it('a certain match in one configuration is preferred to a conditional one in another', () => {
    const cve = withConfigs([
      { operator: 'AND', nodes: [{ operator: 'OR', cpeMatch: [app] }, { operator: 'OR', cpeMatch: [windows] }] },
      { nodes: [{ operator: 'OR', cpeMatch: [{ ...app, versionEndExcluding: '2.6' }] }] },
    ]);
    expect(cpeAffects(viewer, cve, numeric)).toMatchObject({ affected: true, fixed: '2.6', match: { configuration: 1 } });
  });

  it('versionStartExcluding and versionEndIncluding (no fixed version: the last affected one is known)', () => {
    const cve = withConfigs([{ nodes: [{ operator: 'OR', cpeMatch: [{ vulnerable: true, criteria: app.criteria, versionStartExcluding: '2.0', versionEndIncluding: '2.5' }] }] }]);
    expect(cpeAffects('cpe:2.3:a:acme:viewer:2.0:*:*:*:*:*:*:*', cve, numeric).affected).toBe(false);
    expect(cpeAffects('cpe:2.3:a:acme:viewer:2.0.1:*:*:*:*:*:*:*', cve, numeric).affected).toBe(true);
    const last = cpeAffects(viewer, cve, numeric);
    expect(last).toMatchObject({ affected: true, match: { versionEndIncluding: '2.5' } });
    expect(last.fixed).toBeUndefined();
    expect(cpeAffects('cpe:2.3:a:acme:viewer:2.5.1:*:*:*:*:*:*:*', cve, numeric).affected).toBe(false);
  });

  it('target_sw and update: a stated different value excludes, an unstated one does not', () => {
    const lodash = withConfigs([{ nodes: [{ operator: 'OR', cpeMatch: [{ vulnerable: true, criteria: 'cpe:2.3:a:lodash:lodash:*:*:*:*:*:node.js:*:*', versionEndExcluding: '4.17.21' }] }] }]);
    expect(cpeAffects('cpe:2.3:a:lodash:lodash:4.17.20:*:*:*:*:*:*:*', lodash, numeric).affected).toBe(true);
    expect(cpeAffects('cpe:2.3:a:lodash:lodash:4.17.20:*:*:*:*:node.js:*:*', lodash, numeric).affected).toBe(true);
    expect(cpeAffects('cpe:2.3:a:lodash:lodash:4.17.20:*:*:*:*:python:*:*', lodash, numeric).affected).toBe(false);
    const na = withConfigs([{ nodes: [{ operator: 'OR', cpeMatch: [{ vulnerable: true, criteria: 'cpe:2.3:a:acme:viewer:2.5:-:*:*:*:*:*:*' }] }] }]);
    expect(cpeAffects('cpe:2.3:a:acme:viewer:2.5:sp1:*:*:*:*:*:*', na, numeric).affected).toBe(false);
    expect(cpeAffects(viewer, na, numeric).affected).toBe(true);
  });

  it('an exact version criteria compares versions, not strings (2.5 = 2.5.0)', () => {
    const cve = withConfigs([{ nodes: [{ operator: 'OR', cpeMatch: [{ vulnerable: true, criteria: 'cpe:2.3:a:acme:viewer:2.5.0:*:*:*:*:*:*:*' }] }] }]);
    expect(cpeAffects(viewer, cve, numeric).affected).toBe(true);
    expect(cpeAffects('cpe:2.3:a:acme:viewer:2.5.1:*:*:*:*:*:*:*', cve, numeric).affected).toBe(false);
  });

  it('a criteria string NVD got wrong is skipped, not thrown', () => {
    const cve = withConfigs([{ nodes: [{ operator: 'OR', cpeMatch: [{ vulnerable: true, criteria: 'cpe:2.3:a:acme' }, app] }] }]);
    expect(cpeAffects(viewer, cve, numeric).affected).toBe(true);
  });
});
