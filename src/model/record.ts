import { z } from 'zod';
import { Branch, Kind } from './classification.js';
import { Scope } from './component.js';

/**
 * The SOUP record: one YAML file per SOUP item in the record folder (default `soup/`), the regulated output an auditor
 * reads and a reviewer signs. This schema is a public contract (published by `tureen schema record` for editors):
 * keys may be added, never renamed or removed.
 *
 * Ownership: `id`, `identification`, `evidence` and the machine part of `classification` are owned by Tureen and
 * rewritten by `sync` (see MACHINE_OWNED). Everything else is written by people and is never deleted or rewritten by
 * Tureen; a version change moves version-specific content into `history`.
 */

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD').describe('a date, YYYY-MM-DD');

export const SafetyClass = z.enum(['A', 'B', 'C']).describe('IEC 62304 software safety class: A no injury possible, B non-serious injury possible, C death or serious injury possible');
export type SafetyClass = z.infer<typeof SafetyClass>;

export const Requirement = z.object({
  id: z.string().min(1).describe('stable requirement id, e.g. "FR-EXPRESS-1"'),
  text: z.string().min(1).describe('a specific, testable statement: what the item must do for this device, with a quantity, bound or condition'),
}).strict();
export type Requirement = z.infer<typeof Requirement>;

export const Identification = z.object({
  name: z.string().min(1),
  version: z.string().describe('the exact version shipped (no ranges)'),
  ecosystem: z.string().min(1).describe('OSV ecosystem, e.g. npm, PyPI, Maven, Debian:12'),
  purl: z.string().min(1),
  cpe: z.string().optional(),
  sourceName: z.string().optional().describe('the source package an OS package was built from (Debian, Alpine advisories name it)'),
  supplier: z.string().optional().describe('vendor, author or maintainer'),
  license: z.string().optional().describe('SPDX expression, or the declared licence name'),
  sourceUrl: z.string().optional().describe('source repository or download location'),
  homepage: z.string().optional(),
  releaseDate: IsoDate.optional().describe('release date of this exact version, from its registry'),
  deprecated: z.string().optional().describe('the registry\'s deprecation message for this version'),
  yanked: z.boolean().optional().describe('the version was withdrawn from its registry (PyPI, crates.io, RubyGems)'),
  metadataFrom: z.string().optional().describe('the registry whose public metadata filled supplier, licence, source or dates (e.g. "registry.npmjs.org")'),
}).strict().describe('machine-owned: rewritten by `tureen sync` from the scan (and registry metadata)');

export const RecordEvidence = z.object({
  file: z.string(),
  line: z.number().int().positive().optional(),
  source: z.string(),
}).strict();

export const RecordClassification = z.object({
  soup: z.boolean(),
  branch: Branch,
  kind: Kind,
  scope: Scope.optional(),
  rule: z.string().describe('the rule that decided, e.g. "npm.runtime"'),
  rationale: z.string(),
  override: z.object({
    soup: z.boolean().optional(),
    branch: Branch.optional(),
    kind: Kind.optional(),
    reason: z.string().min(1).describe('why the person decided differently; shown next to the decision'),
    by: z.string().optional(),
    date: IsoDate.optional(),
  }).strict().optional().describe('human-owned: a person\'s decision that replaces the rule\'s, with its reason'),
}).strict();

/**
 * A review. `tureen vulns --record` and `tureen anomalies --record` may start one as a draft (version, sources and
 * entries, no reviewer yet); it counts as done only with its date, reviewer and conclusion — `check` says what is
 * missing.
 */
const ReviewBase = {
  version: z.string().describe('the exact version this review is about: a review of 2.1.0 says nothing about 2.2.0'),
  date: IsoDate.optional().describe('when the reviewer concluded (a draft has none yet)'),
  reviewer: z.string().min(1).optional().describe('who reviewed (a draft has none yet)'),
  sources: z.array(z.string()).describe('where the reviewer looked (issue tracker, release notes, OSV, NVD, vendor advisories …)'),
  conclusion: z.string().optional().describe('the reviewer\'s conclusion for this device'),
};

export const AnomalyEntry = z.object({
  id: z.string().min(1).describe('issue or erratum id, e.g. "expressjs/express#5555"'),
  title: z.string().optional(),
  url: z.string().optional(),
  relevant: z.boolean().optional().describe('can this anomaly affect the device? (unset: not assessed yet)'),
  impact: z.string().optional().describe('its effect on the device, and the mitigation when relevant'),
  source: z.string().optional().describe('where the candidate came from (github-issues, gitlab-issues, github-releases, changelog, registry, endoflife)'),
  reason: z.string().optional().describe('why it was proposed for this version (e.g. "open bug created after 5.1.0 was released")'),
  date: IsoDate.optional().describe('when it was reported or published'),
}).strict();

export const AnalysisState = z.enum(['exploitable', 'in_triage', 'false_positive', 'not_affected', 'resolved']).describe('CycloneDX VEX analysis state');

export const VulnerabilityEntry = z.object({
  id: z.string().min(1).describe('vulnerability id, e.g. GHSA-… or CVE-…'),
  aliases: z.array(z.string()).optional(),
  state: AnalysisState,
  justification: z.string().optional().describe('CycloneDX justification, e.g. code_not_reachable'),
  response: z.array(z.string()).optional().describe('CycloneDX responses, e.g. update, workaround_available'),
  detail: z.string().optional(),
  mitigation: z.string().optional(),
  reviewer: z.string().optional(),
  date: IsoDate.optional(),
  version: z.string().optional(),
  source: z.string().optional().describe('where the assessment comes from when not the team (e.g. a supplier\'s VEX)'),
  severity: z.enum(['critical', 'high', 'medium', 'low', 'none', 'unknown']).optional().describe('as the advisory rates it (CVSS base score, else the database\'s own rating), when Tureen added the entry'),
  cvss: z.string().optional().describe('the CVSS vector the severity comes from'),
  summary: z.string().optional(),
  fixedIn: z.array(z.string()).optional().describe('versions that fix it (from the advisory)'),
  kev: z.boolean().optional().describe('listed in CISA\'s Known Exploited Vulnerabilities catalogue'),
}).strict();

export const AnomalyReview = z.object({ ...ReviewBase, entries: z.array(AnomalyEntry) }).strict();
export const VulnerabilityReview = z.object({ ...ReviewBase, entries: z.array(VulnerabilityEntry) }).strict();

export const Approval = z.object({
  role: z.enum(['reviewer', 'approver']),
  name: z.string().min(1),
  date: IsoDate,
  version: z.string().describe('the item version signed for'),
  contentHash: z.string().regex(/^sha256:[0-9a-f]{64}$/).describe('hash of the record\'s content when signed: a later change shows'),
}).strict();

/**
 * Machine-owned: what `tureen monitor` found on its last run for this record, and the re-assessments it asks for.
 * `check` reports each open `reassess` entry of the current version. Rewritten by every monitor run; not signed content.
 */
export const Monitoring = z.object({
  checked: IsoDate.describe('the date of the last monitor run'),
  version: z.string().describe('the version it checked'),
  newestVersion: z.string().optional().describe('the newest release the registry or repository knows'),
  endOfSupport: z.string().optional().describe('end-of-life date (endoflife.date) of the release cycle shipped'),
  reassess: z.array(z.object({
    reason: z.enum(['new-vulnerability', 'new-anomaly', 'end-of-support', 'review-due', 'deprecated', 'yanked']),
    detail: z.string(),
    since: IsoDate,
  }).strict()).optional().describe('what needs a re-assessment: open until the reviewer updates the review (a newer review date closes it)'),
}).strict();
export type Monitoring = z.infer<typeof Monitoring>;

export const HistoryEntry = z.object({
  date: IsoDate,
  event: z.enum(['created', 'version-change', 'removed', 'restored', 'signed', 'classification-change']),
  from: z.string().optional().describe('the version before'),
  to: z.string().optional().describe('the version after'),
  note: z.string().optional(),
  previous: z.record(z.string(), z.unknown()).optional().describe('the version-specific content as it was for the old version (reviews, approvals, verification results)'),
}).strict();

export const SoupRecord = z.object({
  id: z.string().min(1).describe('machine-owned: stable id of the record (ecosystem and name)'),
  identification: Identification,
  evidence: z.array(RecordEvidence).describe('machine-owned: where the scan found the item'),
  members: z.array(z.object({
    name: z.string(),
    version: z.string(),
    ecosystem: z.string(),
    purl: z.string(),
    license: z.string().optional(),
  }).strict()).optional().describe('machine-owned, with grouping by-direct-parent: the transitive SOUP items this record covers; each is still listed with its exact version and licence, and inherits this record\'s class, requirements and surveillance'),
  classification: RecordClassification,
  safetyClass: SafetyClass.optional(),
  safetyClassRationale: z.string().optional().describe('the sentence linking the item\'s failure to its possible harm'),
  hazards: z.array(z.string()).optional().describe('risk-control or hazard ids this item is linked to'),
  functionalRequirements: z.array(Requirement).optional(),
  performanceRequirements: z.array(Requirement).optional(),
  prerequisites: z.object({
    hardware: z.array(z.string()).optional().describe('RAM, CPU architecture … the item is verified on'),
    software: z.array(z.string()).optional().describe('OS version, runtime … the item is verified on'),
  }).strict().optional(),
  verification: z.object({
    approach: z.string().optional().describe('black-box interface tests: inputs, outputs, behaviour under defined conditions'),
    tests: z.array(z.object({
      requirement: z.string().describe('the requirement id it verifies'),
      test: z.string().describe('test id or name'),
      location: z.string().optional().describe('where the test lives'),
      result: z.enum(['passed', 'failed', 'unverified']).optional(),
      date: IsoDate.optional(),
    }).strict()).optional(),
  }).strict().optional(),
  anomalyReview: AnomalyReview.optional(),
  vulnerabilityReview: VulnerabilityReview.optional(),
  surveillance: z.object({
    owner: z.string().optional(),
    method: z.string().optional().describe('how it is watched (advisory feeds, release notes, vendor bulletins …)'),
    frequency: z.string().optional().describe('ISO 8601 duration, e.g. P1M, P3M'),
    triggers: z.array(z.string()).optional().describe('what triggers a re-assessment'),
    updateStrategy: z.string().optional(),
  }).strict().optional(),
  support: z.object({
    level: z.string().optional().describe('level of support (FDA): e.g. actively maintained, community, end of life'),
    endOfSupport: IsoDate.optional(),
  }).strict().optional(),
  securityCategory: z.enum(['maintained', 'supported', 'required']).optional().describe('IEC 81001-5-1 category of the component'),
  approvals: z.array(Approval).optional(),
  history: z.array(HistoryEntry).optional().describe('append-only'),
  monitoring: Monitoring.optional().describe('machine-owned: the last `tureen monitor` run for this record'),
  status: z.enum(['active', 'removed']).default('active'),
}).strict();
export type SoupRecord = z.infer<typeof SoupRecord>;

/** Top-level keys Tureen owns and rewrites on every sync; every other key belongs to people. */
export const MACHINE_OWNED: readonly (keyof SoupRecord)[] = ['id', 'identification', 'evidence', 'members', 'monitoring'];
/** Inside `classification`, the keys the rules own; `override` belongs to people. */
export const MACHINE_OWNED_CLASSIFICATION: readonly string[] = ['soup', 'branch', 'kind', 'scope', 'rule', 'rationale'];
