import parseSpdx from 'spdx-expression-parse';
import type { Finding, Severity } from '../model/finding.js';
import type { Requirement, SoupRecord } from '../model/record.js';
import { DEFAULT_FREQUENCY, addDuration, formatDuration, parseDuration, type Duration } from './duration.js';
import { recordContentHash } from './hash.js';
import { type JUnitResults, lookupTest } from './junit.js';
import { lintRequirement, requirementShape } from './lint.js';
import { lineOfPath, type RecordInput } from './load.js';
import { defaultFrequencyFrom, licensePolicyFrom, type LicensePolicy } from './policy.js';

export type { RecordInput } from './load.js';

/** Every rule `tureen check` applies: stable id, severity, and the help text SARIF and the README show. */
export const CHECK_RULES = {
  'check.record-missing': { severity: 'error', help: 'A component the scan decides is SOUP has no record for the version shipped (added since the last `tureen sync`), or its record is marked removed.' },
  'check.record-version': { severity: 'error', help: 'The device ships another version of an item than its record identifies (the lockfile changed since the last `tureen sync`).' },
  'check.parse': { severity: 'error', help: 'The record file is not valid YAML or does not fit the record schema (`tureen schema record`).' },
  'check.safety-class-missing': { severity: 'error', help: 'A SOUP record needs a safety class (A, B or C): without it no one knows which sections it must have.' },
  'check.section-missing': { severity: 'error', help: 'A section the item\'s safety class requires is missing or empty (A: identification, safety class and rationale; B and C: all nine sections).' },
  'check.section-incomplete': { severity: 'warning', help: 'A required section is present but lacks a part (e.g. surveillance without owner or method, identification without supplier or source).' },
  'check.version-inexact': { severity: 'error', help: 'The identification names no exact version (empty, a range, a wildcard or "latest"): the unit of assessment is one exact version.' },
  'check.requirement-vague': { severity: 'warning', help: 'A requirement is not testable as written: it has no measurable quantity, bound or condition, or uses a vague verb.' },
  'check.review-missing': { severity: 'error', help: 'A class B or C item has no anomaly or vulnerability review.' },
  'check.review-version': { severity: 'error', help: 'A review is about another version than the one identified: a review of one version says nothing about another.' },
  'check.review-stale': { severity: 'warning', help: 'A review is older than the item\'s surveillance frequency (default six months).' },
  'check.review-draft': { severity: 'error', help: 'A review was drafted (by `tureen vulns --record` or `tureen anomalies --record`) but has no date, reviewer or conclusion yet.' },
  'check.vulnerability-unassessed': { severity: 'error', help: 'A known vulnerability of a class B or C item is still in triage: no one has decided whether it affects the device.' },
  'check.vulnerability-unmitigated': { severity: 'error', help: 'A critical or high vulnerability is exploitable or still in triage, and the record names no mitigation.' },
  'check.anomaly-unassessed': { severity: 'error', help: 'A known-anomaly candidate of a class B or C item has not been marked relevant or not.' },
  'check.reassessment-due': { severity: 'error', help: '`tureen monitor` found something since the last review (a new vulnerability or anomaly, end of support, a deprecation): the item needs re-assessment.' },
  'check.surveillance-frequency': { severity: 'warning', help: 'The surveillance frequency is not an ISO 8601 duration such as P1M, P3M or P1Y; six months is assumed.' },
  'check.approval-missing': { severity: 'error', help: 'A class B or C item has no approval (role approver) for its current version and content.' },
  'check.approval-version': { severity: 'error', help: 'The approvals are for another version than the one identified.' },
  'check.approval-changed': { severity: 'error', help: 'The record changed after it was signed: its content hash no longer matches the approval\'s.' },
  'check.not-soup-rationale': { severity: 'error', help: 'An item decided not SOUP needs the reason written down.' },
  'check.license-missing': { severity: 'error', help: 'The identification has no licence.' },
  'check.license-not-spdx': { severity: 'warning', help: 'The licence is not a valid SPDX expression.' },
  'check.license-denied': { severity: 'error', help: 'The licence is on the config\'s licensePolicy.deny list.' },
  'check.license-not-allowed': { severity: 'warning', help: 'The config has a licensePolicy.allow list and this licence is not on it.' },
  'check.requirement-failed': { severity: 'error', help: 'A test that verifies a requirement of a class B or C item failed.' },
  'check.requirement-unverified': { severity: 'warning', help: 'The test named for a requirement of a class B or C item is not in the test results (or was skipped).' },
  'check.requirement-untested': { severity: 'warning', help: 'A requirement of a class B or C item is named by no verification.tests entry.' },
  'check.verification-unknown-requirement': { severity: 'warning', help: 'A verification.tests entry names a requirement id the record does not have.' },
} as const satisfies Record<string, { severity: Severity; help: string }>;
export type CheckRuleId = keyof typeof CHECK_RULES;

export interface CheckOptions {
  /** The loaded config; `licensePolicy` and `defaults.surveillance.frequency` are read from it. */
  config?: unknown;
  /** Today, for review ages. */
  now: Date;
  /** Test results from `--junit` reports; without them, each test's recorded `result` is used. */
  junit?: JUnitResults;
  /** Where the config came from, for errors in licensePolicy. */
  configFile?: string;
}

/** One requirement's verification outcome, for callers that record it back into the record. */
export interface RequirementStatus {
  item: string;
  file: string;
  requirement: string;
  test?: string;
  status: 'passed' | 'failed' | 'unverified' | 'untested';
  date?: string;
}

/** The A/B/C sections (DOMAIN table) and where each lives in a record. */
const SECTIONS = {
  identification: { path: ['identification'], name: 'identification' },
  safetyClassRationale: { path: ['safetyClassRationale'], name: 'safety class rationale' },
  functionalRequirements: { path: ['functionalRequirements'], name: 'functional requirements' },
  performanceRequirements: { path: ['performanceRequirements'], name: 'performance requirements' },
  prerequisites: { path: ['prerequisites'], name: 'hardware and software prerequisites' },
  anomalyReview: { path: ['anomalyReview'], name: 'known anomaly review' },
  vulnerabilityReview: { path: ['vulnerabilityReview'], name: 'vulnerability (CVE) review' },
  verification: { path: ['verification', 'approach'], name: 'verification approach' },
  surveillance: { path: ['surveillance'], name: 'post-market surveillance' },
} as const;

const INEXACT = /^\s*$|[\^~<>*=|]|(^|[.\s-])x($|[.\s-])|^latest$|\s-\s|\|\|/i;

/** True when `version` names one exact version (not empty, no range operator, wildcard or "latest"). */
export function isExactVersion(version: string): boolean {
  const v = version.trim();
  if (!v || INEXACT.test(v)) return false;
  if (/^(latest|stable|current|next|head|master|main|any|unknown|\*)$/i.test(v)) return false;
  return true;
}

const nonEmpty = (s: string | undefined): boolean => typeof s === 'string' && s.trim().length > 0;

/**
 * Check SOUP records: pure (no file system, no clock but `opts.now`). Findings are in input order, then by rule.
 * Records with `status: removed` are not checked; not-SOUP records only need their rationale.
 */
export function checkRecords(records: readonly RecordInput[], opts: CheckOptions): Finding[] {
  return checkRecordsWithStatus(records, opts).findings;
}

/** `checkRecords`, plus each requirement's verification status (what `--junit` found for it). */
export function checkRecordsWithStatus(records: readonly RecordInput[], opts: CheckOptions): { findings: Finding[]; requirements: RequirementStatus[] } {
  const policy = licensePolicyFrom(opts.config, opts.configFile);
  const defaultFreqText = defaultFrequencyFrom(opts.config);
  const defaultFreq = (defaultFreqText && parseDuration(defaultFreqText)) || DEFAULT_FREQUENCY;
  const findings: Finding[] = [];
  const requirements: RequirementStatus[] = [];
  for (const input of records) {
    checkOne(input, { ...opts, policy, defaultFreq }, findings, requirements);
  }
  return { findings, requirements };
}

interface Ctx extends CheckOptions {
  policy: LicensePolicy | undefined;
  defaultFreq: Duration;
}

function checkOne(input: RecordInput, ctx: Ctx, out: Finding[], reqOut: RequirementStatus[]): void {
  const { record, file } = input;
  if (!record) {
    const e = input.parseError ?? { message: 'the record could not be read' };
    out.push({
      rule: 'check.parse', severity: 'error', file, item: file, ...(e.line ? { line: e.line } : {}),
      message: `${e.message}`,
      fix: e.key ? `Correct "${e.key}" at that line; \`tureen schema record\` publishes the schema editors complete from.` : 'Fix the YAML at that line; `tureen schema record` publishes the schema editors complete from.',
    });
    return;
  }
  if (record.status === 'removed') return;
  const item = record.id;
  const add = (rule: CheckRuleId, path: readonly (string | number)[], message: string, fix: string, severity: Severity = CHECK_RULES[rule].severity) => {
    out.push({ rule, severity, item, file, line: lineOfPath(input, path), path: [...path], message, fix });
  };
  const id = record.identification;
  const label = `${id.name}@${id.version || '?'}`;

  const soup = record.classification.override?.soup ?? record.classification.soup;
  if (!soup) {
    const why = record.classification.override?.reason ?? record.classification.rationale;
    if (!nonEmpty(why)) add('check.not-soup-rationale', ['classification'], `${label} is decided not SOUP but no rationale says why`, 'Write classification.rationale (or an override with its reason): e.g. a build tool that does not ship in the device.');
    return;
  }

  // identification (every class)
  if (!isExactVersion(id.version)) add('check.version-inexact', ['identification', 'version'], `${id.name}: "${id.version}" is not one exact version`, 'Pin the exact version that ships (lockfile, image digest or vendor release), then run `tureen sync`.');
  checkLicense(record, label, add, ctx.policy);
  if (!nonEmpty(id.supplier) && !nonEmpty(id.sourceUrl)) add('check.section-incomplete', ['identification'], `${label}: identification names neither a supplier nor a source`, 'Add identification.supplier (vendor, author or maintainer) or sourceUrl; `tureen sync` fills them from registry metadata when online.');

  const cls = record.safetyClass;
  if (!cls) {
    add('check.safety-class-missing', ['safetyClass'], `${label} has no safety class, so its required sections are unknown`, 'Set safetyClass to A, B or C (what the item\'s failure can cause in the device) and write safetyClassRationale.');
  }
  const required: (keyof typeof SECTIONS)[] = cls === 'A' || !cls ? ['identification', 'safetyClassRationale'] : Object.keys(SECTIONS) as (keyof typeof SECTIONS)[];
  const bc = cls === 'B' || cls === 'C';
  for (const s of required) {
    if (s === 'anomalyReview' || s === 'vulnerabilityReview') continue; // review rules below
    if (!sectionPresent(record, s)) {
      add('check.section-missing', SECTIONS[s].path, `${label}${cls ? ` (class ${cls})` : ''}: the ${SECTIONS[s].name} section is missing or empty`, sectionFix(s, id.name));
    }
  }
  if (bc && record.surveillance) {
    const missing = (['owner', 'method'] as const).filter((k) => !nonEmpty(record.surveillance?.[k]));
    if (missing.length) add('check.section-incomplete', ['surveillance'], `${label}: surveillance has no ${missing.join(' and no ')}`, 'Say who watches the item (owner) and how (method: advisory feeds, release notes, vendor bulletins).');
  }

  // requirements
  for (const key of ['functionalRequirements', 'performanceRequirements'] as const) {
    (record[key] ?? []).forEach((r, i) => {
      const l = lintRequirement(r.text);
      if (l.testable) return;
      const why = [
        ...(l.measurable ? [] : ['names no measurable quantity, bound or condition']),
        ...(l.vague.length ? [`uses the vague verb${l.vague.length > 1 ? 's' : ''} ${l.vague.map((v) => `"${v}"`).join(', ')}`] : []),
      ].join(' and ');
      add('check.requirement-vague', [key, i, 'text'], `${r.id} "${clip(r.text, 120)}" ${why}`, `Rewrite it so a black-box test can decide it: ${requirementShape(id.name)}.`);
    });
  }

  // reviews
  const freqText = record.surveillance?.frequency;
  let freq = ctx.defaultFreq;
  if (freqText !== undefined) {
    const d = parseDuration(freqText);
    if (d) freq = d;
    else add('check.surveillance-frequency', ['surveillance', 'frequency'], `${label}: surveillance.frequency "${clip(freqText, 40)}" is not an ISO 8601 duration; ${formatDuration(ctx.defaultFreq)} is assumed`, 'Write an ISO 8601 duration: P1M monthly, P3M quarterly, P6M, P1Y yearly.');
  }
  for (const key of ['anomalyReview', 'vulnerabilityReview'] as const) {
    const rv = record[key];
    const what = key === 'anomalyReview' ? 'known anomaly review' : 'vulnerability review';
    if (!rv) {
      if (bc) add('check.review-missing', [key], `${label} (class ${cls}): no ${what}`, `Review ${key === 'anomalyReview' ? 'the item\'s issue tracker, release notes and errata' : 'OSV, NVD and the vendor\'s advisories'} for exactly ${id.version} and write ${key} (version, date, reviewer, sources, entries, conclusion).`);
      continue;
    }
    if (rv.version.trim() !== id.version.trim()) {
      add('check.review-version', [key, 'version'], `${label}: the ${what} is for version ${rv.version}, not ${id.version}`, `Redo the ${what} for ${id.version} (the old one stays in history).`);
      continue;
    }
    const missing = (['date', 'reviewer', 'conclusion'] as const).filter((k) => !nonEmpty(rv[k]));
    if (missing.length) {
      add('check.review-draft', [key], `${label}: the ${what} is a draft (no ${missing.join(', no ')})`, `Go through its entries, then write the ${missing.join(', ')} of the ${what}.`, bc ? 'error' : 'warning');
    }
    checkEntries(record, key, label, bc, add);
    if (!rv.date) continue;
    const reviewed = new Date(`${rv.date}T00:00:00Z`);
    if (Number.isNaN(reviewed.getTime())) continue;
    const due = addDuration(reviewed, freq);
    if (ctx.now.getTime() >= due.getTime()) {
      add('check.review-stale', [key, 'date'], `${label}: the ${what} of ${rv.date} is older than the surveillance frequency ${formatDuration(freq)} (due ${due.toISOString().slice(0, 10)})`, `Redo the ${what} for ${id.version} and update its date.`);
    }
  }

  checkMonitoring(record, label, add);

  // approvals
  checkApprovals(record, label, bc, add);

  // verification evidence
  checkVerification(input, record, label, bc, ctx, add, reqOut);
}

type Add = (rule: CheckRuleId, path: readonly (string | number)[], message: string, fix: string, severity?: Severity) => void;

/** The entries of a review: an unassessed vulnerability or anomaly, and a serious vulnerability left without mitigation. */
function checkEntries(record: SoupRecord, key: 'anomalyReview' | 'vulnerabilityReview', label: string, bc: boolean, add: Add): void {
  if (key === 'anomalyReview') {
    (record.anomalyReview?.entries ?? []).forEach((e, i) => {
      if (e.relevant === undefined && bc) {
        add('check.anomaly-unassessed', [key, 'entries', i], `${label}: anomaly ${e.id}${e.title ? ` "${clip(e.title, 80)}"` : ''} is not assessed`, 'Set relevant: true or false; when relevant, write its impact on the device and the mitigation.');
      }
    });
    return;
  }
  (record.vulnerabilityReview?.entries ?? []).forEach((e, i) => {
    const name = `${e.id}${e.severity && e.severity !== 'unknown' ? ` (${e.severity})` : ''}`;
    const serious = e.severity === 'critical' || e.severity === 'high';
    if (serious && (e.state === 'exploitable' || e.state === 'in_triage') && !nonEmpty(e.mitigation)) {
      add('check.vulnerability-unmitigated', [key, 'entries', i], `${label}: ${name} is ${e.state === 'exploitable' ? 'exploitable' : 'in triage'} and no mitigation is recorded`, `Update to a fixed version${e.fixedIn?.length ? ` (${e.fixedIn.join(', ')})` : ''}, or write the mitigation that protects the device; if it cannot affect the device, set state not_affected with a justification.`);
    } else if (e.state === 'in_triage' && bc) {
      add('check.vulnerability-unassessed', [key, 'entries', i], `${label}: ${name} is still in triage`, 'Decide: not_affected (with justification), false_positive, exploitable (with mitigation) or resolved; write the detail and your name.');
    }
  });
}

/** Re-assessments `tureen monitor` asked for, still open: found after the last review of the current version. */
function checkMonitoring(record: SoupRecord, label: string, add: Add): void {
  const m = record.monitoring;
  if (!m || m.version.trim() !== record.identification.version.trim()) return;
  (m.reassess ?? []).forEach((r, i) => {
    const reviews = r.reason === 'new-vulnerability' ? [record.vulnerabilityReview] : r.reason === 'review-due' ? [record.anomalyReview, record.vulnerabilityReview] : [record.anomalyReview];
    // reviews of this version dated on or after the day monitor found it have taken it into account
    const answered = reviews.every((rv) => rv?.date && rv.version.trim() === record.identification.version.trim() && rv.date >= r.since);
    if (answered) return;
    add('check.reassessment-due', ['monitoring', 'reassess', i], `${label}: ${r.detail} (found by tureen monitor on ${r.since})`, r.reason === 'new-vulnerability' ? 'Assess it in vulnerabilityReview (tureen vulns --record adds it), then date the review.' : r.reason === 'review-due' ? 'Redo the reviews for this version and date them.' : 'Assess it in anomalyReview (is the device affected? plan the update), then date the review.');
  });
}

function sectionPresent(r: SoupRecord, s: keyof typeof SECTIONS): boolean {
  switch (s) {
    case 'identification': return nonEmpty(r.identification.name);
    case 'safetyClassRationale': return nonEmpty(r.safetyClassRationale);
    case 'functionalRequirements': return (r.functionalRequirements?.length ?? 0) > 0;
    case 'performanceRequirements': return (r.performanceRequirements?.length ?? 0) > 0;
    case 'prerequisites': return (r.prerequisites?.hardware?.length ?? 0) + (r.prerequisites?.software?.length ?? 0) > 0;
    case 'anomalyReview': return !!r.anomalyReview;
    case 'vulnerabilityReview': return !!r.vulnerabilityReview;
    case 'verification': return nonEmpty(r.verification?.approach);
    case 'surveillance': return !!r.surveillance && Object.values(r.surveillance).some((v) => (Array.isArray(v) ? v.length > 0 : nonEmpty(v as string | undefined)));
  }
}

function sectionFix(s: keyof typeof SECTIONS, name: string): string {
  switch (s) {
    case 'identification': return 'Run `tureen sync` to rewrite the identification from the scan.';
    case 'safetyClassRationale': return `Write safetyClassRationale: the sentence linking a failure of ${name} to the harm it can cause in the device.`;
    case 'functionalRequirements': return `List what ${name} must do for this device as functionalRequirements [{ id, text }], each specific and testable.`;
    case 'performanceRequirements': return `List the speed, latency, throughput, accuracy or reliability the device needs from ${name} as performanceRequirements [{ id, text }].`;
    case 'prerequisites': return 'List prerequisites.hardware (RAM, CPU architecture) and/or prerequisites.software (OS, runtime) the item is verified on.';
    case 'verification': return 'Write verification.approach: the black-box interface tests (inputs, outputs, conditions) and where they live.';
    case 'surveillance': return 'Write surveillance: owner, method, frequency (e.g. P1M), triggers and updateStrategy.';
    default: return 'Fill in this section.';
  }
}

function checkLicense(record: SoupRecord, label: string, add: Add, policy: LicensePolicy | undefined): void {
  const lic = record.identification.license?.trim();
  if (!lic) {
    add('check.license-missing', ['identification'], `${label} has no licence`, 'Find the licence in the package metadata or the source repository and write its SPDX expression (LicenseRef-<name> for a proprietary licence); `tureen sync` fills it when the registry knows it.');
    return;
  }
  let tree: SpdxNode | undefined;
  try {
    tree = parseSpdx(lic) as SpdxNode;
  } catch {
    add('check.license-not-spdx', ['identification', 'license'], `${label}: "${clip(lic, 80)}" is not an SPDX expression`, 'Write the SPDX expression (e.g. MIT, Apache-2.0, GPL-2.0-or-later, (MIT OR Apache-2.0)) or LicenseRef-<name> for a licence SPDX does not list.');
  }
  if (!policy) return;
  const deny = new Set((policy.deny ?? []).map((s) => s.toLowerCase()));
  const allow = policy.allow ? new Set(policy.allow.map((s) => s.toLowerCase())) : undefined;
  const denied = tree ? spdxEval(tree, (id) => deny.has(id.toLowerCase()), 'all') : deny.has(lic.toLowerCase());
  if (denied) {
    add('check.license-denied', ['identification', 'license'], `${label}: licence ${clip(lic, 80)} is denied by the licence policy`, 'Replace the item, obtain it under another licence, or (with your legal reviewer) change licensePolicy.deny in the config.');
    return;
  }
  if (allow) {
    const ok = tree ? spdxEval(tree, (id) => allow.has(id.toLowerCase()), 'any') : allow.has(lic.toLowerCase());
    if (!ok) add('check.license-not-allowed', ['identification', 'license'], `${label}: licence ${clip(lic, 80)} is not on the licence policy's allow list`, 'Have the licence reviewed; add it to licensePolicy.allow when accepted.');
  }
}

type SpdxNode = { license: string; plus?: boolean; exception?: string } | { left: SpdxNode; conjunction: 'and' | 'or'; right: SpdxNode };

/**
 * Evaluate a licence expression against a predicate on licence ids. mode 'all' ("is it denied?"): AND is denied when
 * either side is (both apply), OR only when both are (you may choose the other). mode 'any' ("is it allowed?"): AND
 * is allowed when both are, OR when either is.
 */
function spdxEval(n: SpdxNode, pred: (id: string) => boolean, mode: 'all' | 'any'): boolean {
  if ('license' in n) return pred(n.license) || (n.plus === true && pred(`${n.license}+`));
  const l = spdxEval(n.left, pred, mode);
  const r = spdxEval(n.right, pred, mode);
  if (mode === 'all') return n.conjunction === 'and' ? l || r : l && r;
  return n.conjunction === 'and' ? l && r : l || r;
}

function checkApprovals(record: SoupRecord, label: string, bc: boolean, add: Add): void {
  const approvals = record.approvals ?? [];
  const version = record.identification.version.trim();
  if (!approvals.length) {
    if (bc) add('check.approval-missing', ['approvals'], `${label} (class ${record.safetyClass}): not approved`, `Have the record reviewed and approved: \`tureen sign ${record.id} --role approver --name "<name>"\`.`);
    return;
  }
  const current = approvals.map((a, i) => ({ a, i })).filter(({ a }) => a.version.trim() === version);
  if (!current.length) {
    const versions = [...new Set(approvals.map((a) => a.version))].join(', ');
    add('check.approval-version', ['approvals'], `${label}: the approvals are for ${versions}, not ${record.identification.version}`, `Re-assess the record for ${record.identification.version} and sign it again: \`tureen sign ${record.id} --role approver --name "<name>"\`.`);
    return;
  }
  const hash = recordContentHash(record);
  const valid = current.filter(({ a }) => a.contentHash === hash);
  for (const { a, i } of current) {
    if (a.contentHash !== hash) add('check.approval-changed', ['approvals', i, 'contentHash'], `${label}: changed after the ${a.role} ${a.name} signed it on ${a.date}`, `Review the changes since ${a.date} and sign again: \`tureen sign ${record.id} --role ${a.role} --name "<name>"\`.`);
  }
  if (bc && !valid.some(({ a }) => a.role === 'approver') && !current.some(({ a }) => a.role === 'approver' && a.contentHash !== hash)) {
    add('check.approval-missing', ['approvals'], `${label} (class ${record.safetyClass}): reviewed but not approved (no approver signed it)`, `Have an approver sign it: \`tureen sign ${record.id} --role approver --name "<name>"\`.`);
  }
}

function checkVerification(input: RecordInput, record: SoupRecord, label: string, bc: boolean, ctx: Ctx, add: Add, reqOut: RequirementStatus[]): void {
  const reqs: { key: 'functionalRequirements' | 'performanceRequirements'; r: Requirement; i: number }[] = [];
  for (const key of ['functionalRequirements', 'performanceRequirements'] as const) (record[key] ?? []).forEach((r, i) => reqs.push({ key, r, i }));
  const ids = new Set(reqs.map((x) => x.r.id));
  const tests = record.verification?.tests ?? [];
  tests.forEach((t, i) => {
    if (!ids.has(t.requirement)) add('check.verification-unknown-requirement', ['verification', 'tests', i, 'requirement'], `${label}: verification.tests names requirement ${t.requirement}, which the record does not have`, 'Correct the requirement id, or add the requirement.');
  });
  for (const { key, r, i } of reqs) {
    const mine = tests.map((t, ti) => ({ t, ti })).filter(({ t }) => t.requirement === r.id);
    if (!mine.length) {
      reqOut.push({ item: record.id, file: input.file, requirement: r.id, status: 'untested' });
      if (bc) add('check.requirement-untested', [key, i], `${label}: requirement ${r.id} is verified by no test`, `Name its interface test in verification.tests: { requirement: ${r.id}, test: <test name as your runner reports it>, location: <file> }.`);
      continue;
    }
    for (const { t, ti } of mine) {
      let status: 'passed' | 'failed' | 'unverified' | undefined;
      let date = t.date;
      let detail = '';
      if (ctx.junit) {
        const res = lookupTest(ctx.junit, t.test);
        if (!res) status = 'unverified';
        else {
          status = res.outcome === 'passed' ? 'passed' : res.outcome === 'failed' ? 'failed' : 'unverified';
          date = res.date ?? date;
          detail = res.outcome === 'skipped' ? ' (skipped)' : res.message ? `: ${clip(res.message, 120)}` : '';
        }
      } else status = t.result ?? 'unverified';
      reqOut.push({ item: record.id, file: input.file, requirement: r.id, test: t.test, status: status ?? 'unverified', ...(date ? { date } : {}) });
      if (!bc) continue;
      const where = ['verification', 'tests', ti, 'test'];
      if (status === 'failed') add('check.requirement-failed', where, `${label}: requirement ${r.id} failed its test "${clip(t.test, 80)}"${date ? ` (${date})` : ''}${detail}`, 'Fix the failure or re-assess whether this version of the item meets the requirement.');
      else if (status === 'unverified') add('check.requirement-unverified', where, `${label}: requirement ${r.id}'s test "${clip(t.test, 80)}" ${ctx.junit ? (detail ? `did not run${detail}` : 'is not in the test results') : 'has no recorded result'}`, ctx.junit ? 'Check the test name against the JUnit report (name or classname.name), and that the test ran.' : 'Run the tests and pass their JUnit XML with --junit.');
    }
  }
}

function clip(s: string, n: number): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > n ? `${t.slice(0, n - 1)}…` : t;
}
