import type { Finding } from '../../model/finding.js';
import type { SoupRecord } from '../../model/record.js';

/**
 * The nine sections of a SOUP assessment form, in the order every document shows them, each with the guidance we
 * write for the person filling it in: what an auditor expects to read there. Shared by every human-readable writer
 * (Word, HTML, Markdown), so the same words appear in every format.
 */

export type SectionKey =
  | 'identification'
  | 'safetyClass'
  | 'functionalRequirements'
  | 'performanceRequirements'
  | 'prerequisites'
  | 'anomalyReview'
  | 'vulnerabilityReview'
  | 'verification'
  | 'surveillance';

export interface FormSection {
  key: SectionKey;
  /** the heading, as numbered in the form ("3. Functional requirements") without its number */
  title: string;
  /** one or two sentences: what an auditor expects to read in this section */
  guidance: string;
  /** the safety classes for which the section must be written (the others may leave it empty) */
  requiredFor: readonly ('A' | 'B' | 'C')[];
}

export const FORM_SECTIONS: readonly FormSection[] = [
  {
    key: 'identification',
    title: 'Identification',
    guidance: 'Names the one thing that ships: the item, one exact version (never a range or "latest"), who supplies it and under which licence, so that every review below can be traced to the same release.',
    requiredFor: ['A', 'B', 'C'],
  },
  {
    key: 'safetyClass',
    title: 'Safety class and rationale',
    guidance: 'The class (A, B or C) and the reasoning that leads from a failure of this item to the worst harm it could contribute to in the device; an auditor reads it next to the risk analysis and the hazards named here.',
    requiredFor: ['A', 'B', 'C'],
  },
  {
    key: 'functionalRequirements',
    title: 'Functional requirements',
    guidance: 'What the device relies on this item to do, each statement written so that a black-box test can pass or fail it: an input or condition and the expected result, with a number or a limit.',
    requiredFor: ['B', 'C'],
  },
  {
    key: 'performanceRequirements',
    title: 'Performance requirements',
    guidance: 'The timing, throughput, accuracy, reliability or resource limits the device needs from the item, each with a figure a test can measure.',
    requiredFor: ['B', 'C'],
  },
  {
    key: 'prerequisites',
    title: 'Hardware and software prerequisites',
    guidance: 'The platform the item was verified on (processor, memory, operating system, runtime and their versions), so that a change of platform is recognised as a reason to verify again.',
    requiredFor: ['B', 'C'],
  },
  {
    key: 'anomalyReview',
    title: 'Known anomaly review',
    guidance: 'Shows that the published bug lists, release notes and errata were read for exactly this version: where and when, by whom, and for each anomaly that could matter, its effect on the device and how it is controlled.',
    requiredFor: ['B', 'C'],
  },
  {
    key: 'vulnerabilityReview',
    title: 'Vulnerability review',
    guidance: 'The vulnerabilities known for exactly this version on the review date, from the databases named, each with a decision (affected or not, and why); a serious one that affects the device names the mitigation in place.',
    requiredFor: ['B', 'C'],
  },
  {
    key: 'verification',
    title: 'Verification approach',
    guidance: 'How the team shows the item meets the requirements above: the interface tests with their inputs, expected outputs and conditions, where they are kept and their latest result.',
    requiredFor: ['B', 'C'],
  },
  {
    key: 'surveillance',
    title: 'Post-market surveillance',
    guidance: 'Who keeps watching the item once the device is on the market, which sources they watch and how often, what event starts a new assessment, and how an update reaches devices in the field.',
    requiredFor: ['B', 'C'],
  },
];

/** Guidance for the parts of a form after the nine sections. */
export const APPROVAL_GUIDANCE = 'The people who reviewed and approved this assessment, for which version and for which content: a change to the record after signing shows as a changed content hash.';
export const HISTORY_GUIDANCE = 'Every change of version, classification or status of this record, oldest first; the content of an earlier version\'s reviews is kept with its entry.';
export const CHECK_GUIDANCE = 'What `tureen check` found still missing or wrong in this record on the date of this document.';

/** The text a form shows where a required section has no content yet. */
export const NOT_WRITTEN = 'Not written yet';

/** The section each top-level key of a record belongs to (approvals, classification and history have none). */
const SECTION_OF_KEY: Partial<Record<string, SectionKey>> = {
  identification: 'identification', evidence: 'identification',
  safetyClass: 'safetyClass', safetyClassRationale: 'safetyClass', hazards: 'safetyClass',
  functionalRequirements: 'functionalRequirements', performanceRequirements: 'performanceRequirements',
  prerequisites: 'prerequisites', anomalyReview: 'anomalyReview', vulnerabilityReview: 'vulnerabilityReview',
  verification: 'verification', surveillance: 'surveillance', monitoring: 'surveillance', support: 'surveillance',
};

/** Rules about a requirement's test: shown with the verification, wherever in the record they point. */
const VERIFICATION_RULES = new Set(['check.requirement-failed', 'check.requirement-unverified', 'check.requirement-untested', 'check.verification-unknown-requirement']);

/**
 * The form section a `check` finding is about — from the place in the record it points to (`path`) — or undefined
 * when it concerns the record as a whole (approvals) or has no place.
 */
export function sectionOfFinding(f: Finding): SectionKey | undefined {
  if (VERIFICATION_RULES.has(f.rule)) return 'verification';
  const key = f.path?.[0];
  return typeof key === 'string' ? SECTION_OF_KEY[key] : undefined;
}

/** A record's findings as every form shows them: under the section each points to, the rest (`general`) apart. */
export function findingsBySection(findings: readonly Finding[]): { bySection: Map<SectionKey, Finding[]>; general: Finding[] } {
  const bySection = new Map<SectionKey, Finding[]>();
  const general: Finding[] = [];
  for (const f of findings) {
    const k = sectionOfFinding(f);
    if (k) bySection.set(k, [...(bySection.get(k) ?? []), f]);
    else general.push(f);
  }
  return { bySection, general };
}

/** Whether the record holds content for a section (the same test `check` applies for "missing or empty"). */
export function sectionWritten(r: SoupRecord, key: SectionKey): boolean {
  const text = (s: string | undefined) => typeof s === 'string' && s.trim().length > 0;
  switch (key) {
    case 'identification': return text(r.identification.name);
    case 'safetyClass': return !!r.safetyClass || text(r.safetyClassRationale);
    case 'functionalRequirements': return (r.functionalRequirements?.length ?? 0) > 0;
    case 'performanceRequirements': return (r.performanceRequirements?.length ?? 0) > 0;
    case 'prerequisites': return (r.prerequisites?.hardware?.length ?? 0) + (r.prerequisites?.software?.length ?? 0) > 0;
    case 'anomalyReview': return !!r.anomalyReview;
    case 'vulnerabilityReview': return !!r.vulnerabilityReview;
    case 'verification': return text(r.verification?.approach) || (r.verification?.tests?.length ?? 0) > 0;
    case 'surveillance': return !!r.surveillance && Object.values(r.surveillance).some((v) => (Array.isArray(v) ? v.length > 0 : text(v as string | undefined)));
  }
}
