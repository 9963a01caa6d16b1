import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseOsv, type Osv } from '../osv/schema.js';
import { parseCvss, scoreOf, severityFromScore, severityOf } from './index.js';

const here = new URL('.', import.meta.url).pathname;
interface Row { vector: string; baseScore?: number; score?: number; source: string }
const vectors = JSON.parse(readFileSync(join(here, 'fixtures/vectors.json'), 'utf8')) as Record<string, Row[]>;

const corpusDir = join(here, '../../../test/fixtures/corpus/advisories');
function corpus(id: string): Osv {
  const r = parseOsv(JSON.parse(readFileSync(join(corpusDir, `${id}.json`), 'utf8')));
  if (!r.ok) throw new Error(`${id}: ${r.problem.message}`);
  return r.osv;
}

describe('parseCvss: base scores published by FIRST and the reference calculators', () => {
  for (const [group, version] of [['v2', '2.0'], ['v30', '3.0'], ['v31', '3.1'], ['v40', '4.0']] as const) {
    for (const row of vectors[group]!) {
      it(`${version} ${row.vector} = ${row.baseScore} (${row.source})`, () => {
        const s = parseCvss(row.vector);
        expect(s?.version).toBe(version);
        expect(s?.baseScore).toBe(row.baseScore);
      });
    }
  }

  it('a 4.0 vector with threat metrics: score is CVSS-BT, baseScore stays the base (E:A is the unset worst case)', () => {
    const rows = vectors.v40threat!;
    const worst = rows.find((r) => r.vector.endsWith('SA:H/E:A'))!;
    for (const row of rows) {
      const s = parseCvss(row.vector);
      expect(s?.score, row.vector).toBe(row.score);
    }
    const unreported = parseCvss('CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:U');
    expect(unreported).toMatchObject({ baseScore: worst.score, score: 4.1, severity: 'high' });
  });

  it('2.0 vectors: bare (as NVD and OSV write them), parenthesised, or with the unofficial CVSS:2.0/ prefix', () => {
    for (const v of ['AV:N/AC:L/Au:N/C:N/I:N/A:C', '(AV:N/AC:L/Au:N/C:N/I:N/A:C)', 'CVSS:2.0/AV:N/AC:L/Au:N/C:N/I:N/A:C']) {
      expect(parseCvss(v)).toMatchObject({ version: '2.0', baseScore: 7.8, severity: 'high' });
    }
  });

  it('2.0 temporal metrics (POC, OF … are longer than one letter): base kept, score by the guide’s temporal equation', () => {
    // CVSS v2 guide §3.2.2: round(7.8 × E:F 0.95 × RL:OF 0.87 × RC:C 1.0) = 6.4
    expect(parseCvss('AV:N/AC:L/Au:N/C:N/I:N/A:C/E:F/RL:OF/RC:C')).toMatchObject({ baseScore: 7.8, score: 6.4 });
    expect(parseCvss('AV:N/AC:L/Au:N/C:N/I:N/A:C/E:POC/RL:OF/RC:C')?.baseScore).toBe(7.8);
  });

  it('4.0 supplemental metrics (U:Amber …) are accepted and, as the specification says, do not change the score', () => {
    const s = parseCvss('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/S:P/AU:Y/R:U/V:C/RE:H/U:Amber');
    expect(s).toMatchObject({ version: '4.0', score: s?.baseScore });
    expect(s?.baseScore).toBe(parseCvss('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N')?.baseScore);
  });

  it('temporal metrics leave the 3.1 base score alone and lower the overall score', () => {
    const s = parseCvss('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U/RL:O/RC:U');
    expect(s?.baseScore).toBe(9.8);
    expect(s!.score).toBeLessThan(9.8);
  });

  it('invalid vectors are ignored (undefined), never thrown', () => {
    const bad = [
      '',
      'garbage',
      'CVSS:3.1/AV:N/AC:L', // base metrics missing
      'CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', // a base metric "not defined"
      'CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', // unknown value
      'CVSS:3.1/AV:N/AV:L/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', // a metric twice
      'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/FOO:Z', // unknown metric
      'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/', // trailing slash
      'CVSS:3.2/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', // no such version
      'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H', // 4.0 without subsequent-system metrics
      'CVSS:4.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', // 3.x metrics under a 4.0 prefix
      'AV:N/AC:L/Au:N/C:P/I:P', // 2.0 without A
      `CVSS:3.1/${'AV:N/'.repeat(200)}`,
    ];
    for (const v of bad) expect(parseCvss(v), v).toBeUndefined();
    expect(parseCvss(42 as unknown as string)).toBeUndefined();
  });
});

describe('severityFromScore', () => {
  it('3.x/4.0 use FIRST’s rating scale, boundaries included', () => {
    const cases: [number, string][] = [[0, 'none'], [0.1, 'low'], [3.9, 'low'], [4, 'medium'], [6.9, 'medium'], [7, 'high'], [8.9, 'high'], [9, 'critical'], [10, 'critical']];
    for (const [score, sev] of cases) {
      expect(severityFromScore('3.1', score)).toBe(sev);
      expect(severityFromScore('4.0', score)).toBe(sev);
    }
  });
  it('2.0 uses NVD’s three levels: no none, no critical', () => {
    expect(severityFromScore('2.0', 0)).toBe('low');
    expect(severityFromScore('2.0', 4)).toBe('medium');
    expect(severityFromScore('2.0', 10)).toBe('high');
  });
});

describe('scoreOf', () => {
  const v2 = { type: 'CVSS_V2', score: 'AV:N/AC:L/Au:N/C:C/I:C/A:C' }; // 10.0
  const v31 = { type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N' }; // 3.1
  const v40 = { type: 'CVSS_V4', score: 'CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:A/VC:N/VI:N/VA:N/SC:L/SI:N/SA:N' }; // 2.1

  it('prefers the newest version present, whatever its score', () => {
    expect(scoreOf([v2, v31, v40])).toMatchObject({ version: '4.0', baseScore: 2.1, severity: 'low' });
    expect(scoreOf([v2, v31])).toMatchObject({ version: '3.1', baseScore: 3.1 });
    expect(scoreOf([v2])).toMatchObject({ version: '2.0', baseScore: 10, severity: 'high' });
  });

  it('falls back to an older version when the newer vector is invalid', () => {
    expect(scoreOf([{ type: 'CVSS_V4', score: 'CVSS:4.0/AV:N' }, v31])).toMatchObject({ version: '3.1', baseScore: 3.1 });
  });

  it('3.1 outranks 3.0; of two vectors of one version the higher base score wins', () => {
    const v30 = { type: 'CVSS_V3', score: 'CVSS:3.0/AV:N/AC:L/PR:H/UI:N/S:C/C:H/I:H/A:H' }; // 9.1
    expect(scoreOf([v30, v31])).toMatchObject({ version: '3.1', baseScore: 3.1 });
    const high = { type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' };
    expect(scoreOf([v31, high, v31])).toMatchObject({ baseScore: 9.8, severity: 'critical' });
  });

  it('ignores a type that disagrees with its vector, non-CVSS types, and junk entries', () => {
    expect(scoreOf([{ type: 'CVSS_V3', score: v40.score }])).toBeUndefined();
    expect(scoreOf([{ type: 'CVSS_V2', score: v31.score }])).toBeUndefined();
    expect(scoreOf([{ type: 'Ubuntu', score: 'high' }])).toBeUndefined();
    expect(scoreOf([null as unknown as { type: string; score: string }, { type: 'CVSS_V3', score: 7 as unknown as string }])).toBeUndefined();
    expect(scoreOf(undefined)).toBeUndefined();
    expect(scoreOf([])).toBeUndefined();
  });
});

describe('severityOf on the real GitHub advisories of the corpus', () => {
  // base scores re-derived by hand from the CVSS v3.1 base equations; GHSA's label is the second oracle
  const expected: Record<string, number> = {
    'GHSA-27h2-hvpr-p74q': 7.6,
    'GHSA-3h5v-q93c-6h6q': 7.5,
    'GHSA-4374-p667-p6c8': 7.5,
    'GHSA-57j2-w4cx-62h2': 7.5,
    'GHSA-72xf-g2v4-qvf3': 6.5,
    'GHSA-776f-qx25-q3cc': 7.3,
    'GHSA-c2qf-rxjj-qqgw': 5.3,
    'GHSA-j8r2-6x86-q33q': 6.1,
    'GHSA-jchw-25xp-jwwc': 6.1,
    'GHSA-jfh8-c2jp-5v3q': 10,
    'GHSA-m5pq-gvj9-9vr8': 7.5,
    'GHSA-rv95-896h-c2vc': 6.1,
    'GHSA-vg46-2rrj-3647': 5.4,
    'GHSA-w596-4wvx-j9j6': 5.3,
  };
  const ghsaWord: Record<string, string> = { LOW: 'low', MODERATE: 'medium', HIGH: 'high', CRITICAL: 'critical' };

  it('every corpus advisory is covered by this table or has no vector', () => {
    const ids = readdirSync(corpusDir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5));
    for (const id of ids) {
      const withVector = (corpus(id).severity ?? []).length > 0;
      expect(id in expected, id).toBe(withVector);
    }
  });

  for (const [id, base] of Object.entries(expected)) {
    it(`${id}: CVSS ${base}, and its rating agrees with GitHub’s own label`, () => {
      const osv = corpus(id);
      const v = severityOf(osv);
      expect(v).toMatchObject({ source: 'cvss', from: 'record' });
      if (v?.source !== 'cvss') return;
      expect(v.cvss).toMatchObject({ version: '3.1', baseScore: base });
      const label = (osv.database_specific as { severity: string }).severity;
      expect(v.severity).toBe(ghsaWord[label]);
    });
  }

  it('no vector: GHSA’s database_specific.severity is used, and the verdict says so', () => {
    expect(severityOf(corpus('GHSA-5crp-9r3c-p9vr'))).toEqual({ severity: 'low', source: 'database_specific', label: 'LOW' });
    expect(severityOf(corpus('GHSA-wf5p-g6vw-rhxx'))).toEqual({ severity: 'medium', source: 'database_specific', label: 'MODERATE' });
  });

  it('an invalid record vector falls back to the label; an affected package’s vector comes before the label', () => {
    const base = corpus('GHSA-wf5p-g6vw-rhxx');
    const invalid = { ...base, severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N' }] };
    expect(severityOf(invalid)).toMatchObject({ source: 'database_specific', severity: 'medium' });
    const perPackage = { ...invalid, affected: [{ ...base.affected![0]!, severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N' }] }] };
    expect(severityOf(perPackage)).toMatchObject({ source: 'cvss', from: 'affected', severity: 'high', cvss: { baseScore: 7.5 } });
  });

  it('an Ubuntu rating is the last resort; a record that states nothing has no severity', () => {
    const bare: Osv = { id: 'X-1', modified: '2024-01-01T00:00:00Z' };
    expect(severityOf(bare)).toBeUndefined();
    expect(severityOf({ ...bare, severity: [{ type: 'Ubuntu', score: 'negligible' }] })).toEqual({ severity: 'low', source: 'ubuntu', label: 'negligible' });
    expect(severityOf({ ...bare, database_specific: { severity: 'SEVERE' } })).toBeUndefined();
    // an inherited property is not the record's own label
    expect(severityOf({ ...bare, database_specific: Object.create({ severity: 'HIGH' }) as unknown })).toBeUndefined();
  });
});
