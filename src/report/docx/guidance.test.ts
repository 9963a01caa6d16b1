import { describe, expect, it } from 'vitest';
import { checkRecords } from '../../check/rules.js';
import { goodRecord, inputOf, NOW } from '../../check/test-records.js';
import type { SoupRecord } from '../../model/record.js';
import { FORM_SECTIONS, sectionOfFinding, sectionWritten } from './guidance.js';

/** Findings of `tureen check` on a record, each with the form section the writers put it under. */
const placed = (r: SoupRecord) => checkRecords([inputOf(r)], { now: NOW }).map((f) => [f.rule, sectionOfFinding(f) ?? 'none'] as const);

describe('form sections and their guidance', () => {
  it('nine sections, in the order of the form, each with one or two sentences of guidance', () => {
    expect(FORM_SECTIONS.map((s) => s.key)).toEqual(['identification', 'safetyClass', 'functionalRequirements', 'performanceRequirements', 'prerequisites', 'anomalyReview', 'vulnerabilityReview', 'verification', 'surveillance']);
    for (const s of FORM_SECTIONS) {
      const sentences = s.guidance.split(/(?<=[.;])\s+(?=[A-Z])/).length;
      expect(sentences).toBeGreaterThanOrEqual(1);
      expect(sentences).toBeLessThanOrEqual(2);
      expect(s.guidance.length).toBeLessThan(260);
    }
  });

  it('puts each of check\'s findings under the section it is about', () => {
    // a class B record that lost one thing per section
    const r = goodRecord();
    delete r.identification.license;
    delete r.safetyClassRationale;
    r.functionalRequirements = [{ id: 'FR-1', text: 'Handles padding properly.' }];
    delete r.performanceRequirements;
    delete r.prerequisites;
    r.anomalyReview = { ...r.anomalyReview!, entries: [{ id: 'left-pad#1' }] };
    r.vulnerabilityReview = { ...r.vulnerabilityReview!, version: '1.2.0' };
    r.verification = { tests: [{ requirement: 'FR-9', test: 'pads' }] };
    r.surveillance = { frequency: 'monthly' };
    const got = placed(r);
    expect(got).toEqual(expect.arrayContaining([
      ['check.license-missing', 'identification'],
      ['check.section-missing', 'safetyClass'],
      ['check.requirement-vague', 'functionalRequirements'],
      ['check.section-missing', 'performanceRequirements'],
      ['check.section-missing', 'prerequisites'],
      ['check.anomaly-unassessed', 'anomalyReview'],
      ['check.review-version', 'vulnerabilityReview'],
      ['check.section-missing', 'verification'],
      ['check.verification-unknown-requirement', 'verification'],
      ['check.section-incomplete', 'surveillance'],
      ['check.surveillance-frequency', 'surveillance'],
    ]));
    // the approval no longer matches the content: the signature block says so, no section does
    expect(got.filter(([rule]) => rule.startsWith('check.approval-')).every(([, s]) => s === 'none')).toBe(true);
    expect(got.filter(([rule]) => !rule.startsWith('check.approval-')).every(([, s]) => s !== 'none')).toBe(true);
  });

  it('a performance requirement\'s finding goes under performance requirements', () => {
    const r = goodRecord();
    r.performanceRequirements = [{ id: 'PR-7', text: 'Is fast enough.' }];
    expect(placed(r)).toContainEqual(['check.requirement-vague', 'performanceRequirements']);
  });

  it('knows which sections a record has written', () => {
    const r = goodRecord();
    expect(FORM_SECTIONS.filter((s) => sectionWritten(r, s.key)).length).toBe(9);
    delete r.prerequisites;
    r.surveillance = { triggers: [] };
    expect(FORM_SECTIONS.filter((s) => !sectionWritten(r, s.key)).map((s) => s.key)).toEqual(['prerequisites', 'surveillance']);
  });
});
