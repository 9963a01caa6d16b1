import { describe, expect, it } from 'vitest';
import type { SoupRecord } from '../model/record.js';
import { indexResults } from './junit.js';
import { parseRecordText } from './load.js';
import { CHECK_RULES, checkRecords, isExactVersion } from './rules.js';
import { NOW, goodRecord, inputOf, sign } from './test-records.js';

const check = (r: unknown, config: unknown = {}) => checkRecords([inputOf(r)], { config, now: NOW });
const rules = (r: unknown, config: unknown = {}) => check(r, config).map((f) => f.rule).sort();
/** Edit a copy of the good record, then sign again so only the edit shows (unless `resign` is false). */
const edit = (f: (r: SoupRecord) => void, resign = true): SoupRecord => {
  const r = structuredClone(goodRecord());
  f(r);
  return resign ? sign(r) : r;
};

describe('checkRecords', () => {
  it('passes a complete class B record', () => {
    expect(check(goodRecord())).toEqual([]);
  });

  it('every finding carries rule, severity, item, file, line, message, fix; every rule id is in CHECK_RULES', () => {
    const fs = check(edit((r) => { delete r.safetyClass; r.identification.version = '^1.3.0'; }, false));
    expect(fs.length).toBeGreaterThan(0);
    for (const f of fs) {
      expect(Object.keys(CHECK_RULES)).toContain(f.rule);
      expect(f).toMatchObject({ item: 'npm/left-pad', file: 'soup/npm-left-pad.yaml' });
      expect(f.line).toBeGreaterThan(0);
      expect(f.message.length).toBeGreaterThan(0);
      expect(f.fix.length).toBeGreaterThan(0);
    }
  });

  it('class A needs only identification, class and rationale', () => {
    const r = edit((r) => {
      r.safetyClass = 'A';
      for (const k of ['functionalRequirements', 'performanceRequirements', 'prerequisites', 'verification', 'anomalyReview', 'vulnerabilityReview', 'surveillance', 'approvals'] as const) delete r[k];
    }, false);
    expect(check(r)).toEqual([]);
    expect(rules({ ...r, safetyClassRationale: '' })).toEqual(['check.section-missing']);
  });

  it('class B and C need all nine sections', () => {
    for (const cls of ['B', 'C'] as const) {
      const r = edit((r) => {
        r.safetyClass = cls;
        for (const k of ['functionalRequirements', 'performanceRequirements', 'prerequisites', 'verification', 'surveillance', 'safetyClassRationale'] as const) delete r[k];
      });
      const missing = check(r).filter((f) => f.rule === 'check.section-missing').map((f) => f.message.replace(/^.*the (.*) section.*$/, '$1')).sort();
      expect(missing).toEqual(['functional requirements', 'hardware and software prerequisites', 'performance requirements', 'post-market surveillance', 'safety class rationale', 'verification approach']);
      const noReviews = edit((r) => { r.safetyClass = cls; delete r.anomalyReview; delete r.vulnerabilityReview; });
      expect(rules(noReviews)).toEqual(['check.review-missing', 'check.review-missing']);
    }
  });

  it('a SOUP record without a safety class is an error, and still needs identification and rationale', () => {
    const fs = check(edit((r) => { delete r.safetyClass; delete r.safetyClassRationale; }));
    expect(fs.map((f) => [f.rule, f.severity])).toEqual([['check.safety-class-missing', 'error'], ['check.section-missing', 'error']]);
  });

  it('flags inexact versions', () => {
    for (const v of ['', '^1.3.0', '~1.3', '>=1.0', '<2', '*', '1.x', '1.3.X', 'latest', '1.0 - 2.0', '1 || 2']) {
      expect(isExactVersion(v), v).toBe(false);
    }
    for (const v of ['1.3.0', '2.0.0-rc.1', '1:2.36-9+deb12u4', 'v1.2.3', '0.0.0-20240101-abcdef', 'sha256:abc', '3.2.1.Final', '1.3.0-xyz']) {
      expect(isExactVersion(v), v).toBe(true);
    }
    const r = edit((r) => { r.identification.version = '^1.3.0'; r.anomalyReview!.version = '^1.3.0'; r.vulnerabilityReview!.version = '^1.3.0'; });
    expect(rules(r)).toEqual(['check.version-inexact']);
  });

  it('quotes a vague requirement and suggests a shape', () => {
    const r = edit((r) => { r.functionalRequirements = [{ id: 'FR-1', text: 'Handles padding.' }]; });
    const [f, ...rest] = check(r);
    expect(rest).toEqual([]);
    expect(f!.rule).toBe('check.requirement-vague');
    expect(f!.severity).toBe('warning');
    expect(f!.message).toContain('"Handles padding."');
    expect(f!.message).toContain('"handles"');
    expect(f!.fix).toContain('left-pad shall <verb> <object> within <bound> when <condition>');
  });

  describe('reviews', () => {
    it('a review for another version is an error', () => {
      const fs = check(edit((r) => { r.anomalyReview!.version = '1.2.0'; }));
      expect(fs.map((f) => f.rule)).toEqual(['check.review-version']);
      expect(fs[0]!.message).toContain('1.2.0');
    });
    it('a review older than the surveillance frequency is stale; default six months', () => {
      // P3M from 2026-08-26 is due 2026-11-26 = NOW (stale); from 2026-08-27 it is due tomorrow
      expect(rules(edit((r) => { r.vulnerabilityReview!.date = '2026-08-26'; }))).toEqual(['check.review-stale']);
      expect(rules(edit((r) => { r.vulnerabilityReview!.date = '2026-08-27'; }))).toEqual([]);
      const noFreq = (date: string) => edit((r) => { delete r.surveillance!.frequency; r.anomalyReview!.date = date; });
      expect(rules(noFreq('2026-05-26'))).toEqual(['check.review-stale']);
      expect(rules(noFreq('2026-05-27'))).toEqual([]);
      // the config's default frequency replaces six months
      expect(rules(noFreq('2026-10-25'), { defaults: { surveillance: { frequency: 'P1M' } } })).toEqual(['check.review-stale']);
      expect(rules(noFreq('2026-10-27'), { defaults: { surveillance: { frequency: 'P1M' } } })).toEqual([]);
    });
    it('an unreadable frequency is a warning and six months is assumed', () => {
      expect(rules(edit((r) => { r.surveillance!.frequency = 'monthly'; r.anomalyReview!.date = '2026-06-01'; }))).toEqual(['check.surveillance-frequency']);
    });
  });

  describe('approvals', () => {
    it('class B/C without approvals: error; class A without: nothing', () => {
      expect(rules(edit((r) => { delete r.approvals; }, false))).toEqual(['check.approval-missing']);
      expect(rules(edit((r) => { delete r.approvals; r.safetyClass = 'A'; }, false))).toEqual([]);
    });
    it('approvals for another version', () => {
      const r = edit((r) => { r.approvals![0]!.version = '1.2.0'; }, false);
      const fs = check(r);
      expect(fs.map((f) => f.rule)).toEqual(['check.approval-version']);
      expect(fs[0]!.message).toContain('1.2.0');
    });
    it('a record changed after signing', () => {
      const r = edit((r) => { r.safetyClassRationale = 'Changed after signing.'; }, false);
      const fs = check(r);
      expect(fs.map((f) => f.rule)).toEqual(['check.approval-changed']);
      expect(fs[0]!.message).toContain('Q. Lead');
    });
    it('only a reviewer signed: approval missing', () => {
      expect(rules(sign(goodRecord(), 'reviewer'))).toEqual(['check.approval-missing']);
    });
    it('evidence, history and recorded test results may change without breaking the signature', () => {
      const r = edit((r) => {
        r.evidence = [{ file: 'other/package-lock.json', source: 'npm' }];
        r.history = [{ date: '2026-11-22', event: 'signed' }];
        r.verification!.tests![0]!.result = 'failed';
        r.verification!.tests![0]!.date = '2026-11-25';
      }, false);
      expect(rules(r)).toEqual(['check.requirement-failed']);
    });
  });

  it('not SOUP without rationale is an error; with one, nothing else is checked', () => {
    const base = { ...goodRecord(), classification: { ...goodRecord().classification, soup: false, rationale: '' } };
    expect(rules(base)).toEqual(['check.not-soup-rationale']);
    expect(rules({ ...base, classification: { ...base.classification, rationale: 'build tool, does not ship' }, safetyClass: undefined })).toEqual([]);
    // an override that says not SOUP, with its reason
    expect(rules({ ...goodRecord(), classification: { ...goodRecord().classification, override: { soup: false, reason: 'firmware the software cannot call' } }, identification: { ...goodRecord().identification, version: '^1' } })).toEqual([]);
  });

  it('removed records are not checked', () => {
    expect(rules({ ...goodRecord(), status: 'removed', safetyClass: undefined })).toEqual([]);
  });

  describe('licences', () => {
    const lic = (license: string | undefined, config: unknown = {}) => rules(edit((r) => {
      if (license === undefined) delete r.identification.license;
      else r.identification.license = license;
    }), config);
    it('missing or not SPDX', () => {
      expect(lic(undefined)).toEqual(['check.license-missing']);
      expect(lic('  ')).toEqual(['check.license-missing']);
      expect(lic('The MIT licence')).toEqual(['check.license-not-spdx']);
      expect(lic('(MIT OR Apache-2.0)')).toEqual([]);
      expect(lic('LicenseRef-Proprietary')).toEqual([]);
    });
    it('deny and allow lists', () => {
      const policy = { licensePolicy: { deny: ['GPL-3.0-only', 'AGPL-3.0-only'], allow: ['MIT', 'Apache-2.0', 'BSD-3-Clause'] } };
      expect(lic('GPL-3.0-only', policy)).toEqual(['check.license-denied']);
      expect(lic('MIT AND GPL-3.0-only', policy)).toEqual(['check.license-denied']);
      expect(lic('MIT OR GPL-3.0-only', policy)).toEqual([]); // MIT may be chosen
      expect(lic('GPL-3.0-only OR AGPL-3.0-only', policy)).toEqual(['check.license-denied']);
      expect(lic('ISC', policy)).toEqual(['check.license-not-allowed']);
      expect(lic('MIT AND ISC', policy)).toEqual(['check.license-not-allowed']);
      expect(lic('ISC OR Apache-2.0', policy)).toEqual([]);
      expect(lic('Apache-2.0 WITH LLVM-exception', policy)).toEqual([]);
      expect(lic('Some EULA', policy)).toEqual(['check.license-not-allowed', 'check.license-not-spdx']);
      expect(lic('ISC', { licensePolicy: { deny: ['GPL-3.0-only'] } })).toEqual([]);
    });
    it('a malformed policy is a config error naming the key', () => {
      expect(() => check(goodRecord(), { licensePolicy: { deny: 'GPL-3.0-only' } })).toThrow(/licensePolicy\.deny/);
    });
  });

  describe('verification evidence', () => {
    const junit = (cases: { name: string; classname?: string; outcome: 'passed' | 'failed' | 'skipped' }[]) => indexResults(cases.map((c) => ({ ...c, file: 'r.xml', date: '2026-11-25' })));
    it('matches tests by name and by classname.name', () => {
      const j = junit([{ name: 'pads to 8', outcome: 'passed' }, { name: 'pads 1 KiB fast', classname: 'perf', outcome: 'passed' }]);
      const r = edit((r) => { r.verification!.tests![1]!.test = 'perf.pads 1 KiB fast'; });
      expect(checkRecords([inputOf(r)], { now: NOW, junit: j })).toEqual([]);
    });
    it('failed, unverified (absent or skipped) and untested requirements of class B/C', () => {
      const j = junit([{ name: 'pads to 8', outcome: 'failed' }, { name: 'pads 1 KiB fast', outcome: 'skipped' }]);
      const r = edit((r) => { r.functionalRequirements!.push({ id: 'FR-2', text: 'Returns the input unchanged when it is 8 characters or longer.' }); });
      const fs = checkRecords([inputOf(r)], { now: NOW, junit: j });
      expect(fs.map((f) => [f.rule, f.severity])).toEqual([
        ['check.requirement-failed', 'error'], ['check.requirement-untested', 'warning'], ['check.requirement-unverified', 'warning'],
      ]);
      expect(fs[0]!.message).toContain('FR-1');
      expect(fs[0]!.message).toContain('2026-11-25');
      expect(fs[1]!.message).toContain('FR-2');
      expect(checkRecords([inputOf(r)], { now: NOW, junit: junit([]) }).map((f) => f.rule)).toEqual(['check.requirement-unverified', 'check.requirement-untested', 'check.requirement-unverified']);
    });
    it('class A requirements are not gated', () => {
      const r = edit((r) => { r.safetyClass = 'A'; });
      expect(checkRecords([inputOf(r)], { now: NOW, junit: junit([]) })).toEqual([]);
    });
    it('a test naming an unknown requirement', () => {
      expect(rules(edit((r) => { r.verification!.tests!.push({ requirement: 'FR-9', test: 'x', result: 'passed' }); }))).toEqual(['check.verification-unknown-requirement']);
    });
  });
});

describe('line numbers', () => {
  const yaml = [
    'id: npm/x', //1
    'identification:', //2
    '  name: x', //3
    '  version: ">=1.0.0"', //4
    '  ecosystem: npm', //5
    '  purl: pkg:npm/x@1.0.0', //6
    '  license: MIT', //7
    '  supplier: x', //8
    'evidence: []', //9
    'classification:', //10
    '  soup: true', //11
    '  branch: off-the-shelf', //12
    '  kind: library', //13
    '  rule: r', //14
    '  rationale: r', //15
    'safetyClass: A', //16
    'safetyClassRationale: No harm.', //17
    'functionalRequirements:', //18
    '  - id: FR-1', //19
    '    text: Works.', //20
    '',
  ].join('\n');
  it('points at the offending key', () => {
    const fs = checkRecords([parseRecordText('soup/x.yaml', yaml)], { now: NOW });
    expect(fs.map((f) => [f.rule, f.line])).toEqual([['check.version-inexact', 4], ['check.requirement-vague', 20]]);
  });
  it('a missing section points at line 1; a schema error names line and key', () => {
    const fs = checkRecords([parseRecordText('soup/x.yaml', yaml.replace('safetyClassRationale: No harm.', 'hazards: []'))], { now: NOW });
    expect(fs.filter((f) => f.rule === 'check.section-missing').map((f) => f.line)).toEqual([1]);
    const bad = parseRecordText('soup/x.yaml', yaml.replace('safetyClass: A', 'safetyClass: D'));
    const [f] = checkRecords([bad], { now: NOW });
    expect(f).toMatchObject({ rule: 'check.parse', severity: 'error', file: 'soup/x.yaml', line: 16 });
    expect(f!.message).toMatch(/^safetyClass: /);
    const unknown = checkRecords([parseRecordText('soup/x.yaml', yaml.replace('safetyClass: A', 'safetyClas: A'))], { now: NOW })[0]!;
    expect(unknown).toMatchObject({ rule: 'check.parse', line: 16 });
    expect(unknown.message).toContain('safetyClas');
  });
  it('YAML syntax errors name the line', () => {
    const [f] = checkRecords([parseRecordText('soup/x.yaml', 'id: a\nidentification: [\n')], { now: NOW });
    expect(f!.rule).toBe('check.parse');
    expect(f!.line).toBeGreaterThanOrEqual(2);
    const [g] = checkRecords([parseRecordText('soup/x.yaml', 'id: a\nid: b\n')], { now: NOW });
    expect(g).toMatchObject({ rule: 'check.parse', line: 2 });
  });
});

describe('bench-ready', () => {
  it('checks N records in one call (the 2,000-record bench uses this)', () => {
    const inputs = Array.from({ length: 200 }, (_, i) => inputOf({ ...goodRecord(), id: `npm/p${i}` }, `soup/p${i}.yaml`));
    const fs = checkRecords(inputs, { now: NOW });
    // the signature covers the id, so every renamed copy shows as changed after signing, and only that
    expect(fs.length).toBe(200);
    expect(new Set(fs.map((f) => f.rule))).toEqual(new Set(['check.approval-changed']));
  });
});

describe('checkRecords: vulnerabilities, anomalies and monitoring', () => {
  it('a drafted review (no date, reviewer, conclusion) is an error for B/C, a warning for A', () => {
    const draft = edit((r) => { delete r.vulnerabilityReview!.reviewer; delete r.vulnerabilityReview!.conclusion; delete r.vulnerabilityReview!.date; });
    const fs = check(draft).filter((f) => f.rule === 'check.review-draft');
    expect(fs.map((f) => [f.severity, f.message])).toEqual([['error', 'left-pad@1.3.0: the vulnerability review is a draft (no date, no reviewer, no conclusion)']]);
    const a = edit((r) => { r.safetyClass = 'A'; delete r.anomalyReview!.reviewer; });
    expect(check(a).filter((f) => f.rule === 'check.review-draft').map((f) => f.severity)).toEqual(['warning']);
  });

  it('a vulnerability still in triage in a B/C item is unassessed; a critical or high one exploitable or in triage without mitigation is unmitigated', () => {
    const triage = (severity?: 'high' | 'low', state: 'in_triage' | 'exploitable' | 'not_affected' = 'in_triage', mitigation?: string) => edit((r) => {
      r.vulnerabilityReview!.entries = [{ id: 'GHSA-xxxx-yyyy-zzzz', aliases: ['CVE-2024-0001'], state, ...(severity ? { severity } : {}), ...(mitigation ? { mitigation } : {}), fixedIn: ['1.3.1'] }];
    });
    expect(rules(triage('low'))).toEqual(['check.vulnerability-unassessed']);
    expect(rules(triage('high'))).toEqual(['check.vulnerability-unmitigated']);
    expect(check(triage('high'))[0]!.fix).toContain('1.3.1');
    expect(rules(triage('high', 'exploitable'))).toEqual(['check.vulnerability-unmitigated']);
    expect(rules(triage('high', 'exploitable', 'The parser only reads files signed by the pump\'s own key (RC-12).'))).toEqual([]);
    expect(rules(triage('high', 'not_affected'))).toEqual([]);
    // class A: an unassessed low one is no gate, an unmitigated high one still is
    const a = (x: SoupRecord) => { x.safetyClass = 'A'; return x; };
    expect(rules(a(structuredClone(triage('low'))))).not.toContain('check.vulnerability-unassessed');
    expect(rules(a(structuredClone(triage('high'))))).toContain('check.vulnerability-unmitigated');
  });

  it('an anomaly candidate not marked relevant or not is unassessed', () => {
    const r = edit((r) => { r.anomalyReview!.entries.push({ id: 'stevemao/left-pad#99', title: 'pads wrong with emoji', source: 'github-issues' }); });
    const fs = check(r);
    expect(fs.map((f) => f.rule)).toEqual(['check.anomaly-unassessed']);
    expect(fs[0]!.message).toContain('stevemao/left-pad#99 "pads wrong with emoji"');
  });

  it('a re-assessment monitor asked for stays open until a review of the version is dated on or after it', () => {
    const flagged = (reviewDate: string, version = '1.3.0') => edit((r) => {
      r.monitoring = { checked: '2026-11-20', version, reassess: [{ reason: 'new-vulnerability', detail: 'new vulnerability GHSA-xxxx-yyyy-zzzz (high)', since: '2026-11-20' }] };
      r.vulnerabilityReview!.date = reviewDate;
    });
    const open = check(flagged('2026-11-01'));
    expect(open.map((f) => f.rule)).toEqual(['check.reassessment-due']);
    expect(open[0]!.message).toBe('left-pad@1.3.0: new vulnerability GHSA-xxxx-yyyy-zzzz (high) (found by tureen monitor on 2026-11-20)');
    expect(rules(flagged('2026-11-21'))).toEqual([]);
    // flags for another version say nothing about this one
    expect(rules(flagged('2026-11-01', '1.2.0'))).toEqual([]);
  });

  it('monitoring is not signed content: a monitor run does not invalidate an approval', () => {
    const r = edit((r) => { r.monitoring = { checked: '2026-11-20', version: '1.3.0', newestVersion: '1.3.0' }; }, false);
    expect(rules(r)).toEqual([]);
  });
});
