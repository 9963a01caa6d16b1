import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { readRecordFolder } from '../check/load.js';
import { checkRecords } from '../check/rules.js';
import type { Finding } from '../model/finding.js';
import type { Inventory } from '../model/inventory.js';
import type { SoupRecord } from '../model/record.js';
import type { ScannedComponent } from '../model/scanned.js';
import { evidenceText, unrecordedComponents, type UnrecordedItem } from '../check/coverage.js';
import { recordsFolder } from '../register/sync.js';
import { scan, type ScanOptions } from '../scan.js';
import { TOOL } from '../version.js';

/**
 * Everything every audit document is made from — the Word set, the company template, HTML/PDF, Markdown, CSV and
 * the exchange formats (CycloneDX, SPDX, OpenVEX) — built once per `tureen report` run from the register (the
 * records), a scan (the not-SOUP list, the dependency graph, hashes) and `check` (completeness). Pure data: the
 * writers never read files or the clock, so the same register and date give the same documents.
 */

type VulnState = NonNullable<SoupRecord['vulnerabilityReview']>['entries'][number]['state'];

/** A review's status as the SOUP list shows it. */
export interface ReviewStatus {
  /** one short phrase: "none", "draft", "2 open of 3", "reviewed 2026-11-20, 0 open" … */
  text: string;
  /** a review exists for the version identified */
  current: boolean;
  /** entries not decided yet (vulnerabilities in triage; anomalies without `relevant`) */
  open: number;
  total: number;
  /** anomalies: entries marked relevant; vulnerabilities: exploitable ones */
  relevant: number;
  reviewer?: string;
  date?: string;
  version?: string;
}

export interface ReportItem {
  /** record file, repository-relative */
  file: string;
  record: SoupRecord;
  /** the scanned component of this item and version, when the scan found it (hashes, dependencies, scope) */
  component?: ScannedComponent;
  /** `check`'s findings for this record */
  findings: Finding[];
  /** no error from check */
  complete: boolean;
  vulnerabilities: ReviewStatus & { byState: Partial<Record<VulnState, number>>; bySeverity: Partial<Record<string, number>> };
  anomalies: ReviewStatus;
  /** the approvals for the current version and content (check found no approval error) */
  approved: boolean;
}

export interface NotSoupItem {
  name: string;
  version: string;
  ecosystem: string;
  purl: string;
  kind: string;
  scope: string;
  rule: string;
  rationale: string;
  evidence: string;
}

export type { UnrecordedItem } from '../check/coverage.js';

export interface ReportData {
  /** YYYY-MM-DD: the document's date */
  date: string;
  tool: { name: string; version: string };
  device: { name: string; version?: string; manufacturer?: string };
  document: { id: string; revision: string; title: string };
  /** active SOUP records, by id */
  items: ReportItem[];
  /** SOUP components with no active record for their version (sync not run since they appeared or changed) */
  unrecorded: UnrecordedItem[];
  /** records of items no longer in the device */
  removed: { file: string; record: SoupRecord }[];
  /** components decided not SOUP (first-party code excluded), with the rationale */
  notSoup: NotSoupItem[];
  /** records that do not parse (listed so nothing disappears silently) */
  unreadable: { file: string; message: string }[];
  /** the scan the report was made from (the SBOM writers' source) */
  inventory: Inventory;
  summary: {
    /** active SOUP records (the SOUP components without one are `unrecorded`) */
    items: number;
    complete: number;
    byClass: Record<string, number>;
    byKind: Record<string, number>;
    byLicense: Record<string, number>;
    /** vulnerability entries of the current versions by severity ("unknown" when none was recorded) */
    bySeverity: Record<string, number>;
    openVulnerabilities: number;
    openAnomalies: number;
    /** SOUP components without a record */
    unrecorded: number;
  };
}

export interface ReportOptions extends Pick<ScanOptions, 'config' | 'exclude'> {
  /** the document's date (default today, UTC): the same date gives the same documents */
  date?: string;
  /** document id and revision (default: from the config's `report` section, else "SOUP-<device>", "1") */
  documentId?: string;
  revision?: string;
}

const count = (xs: readonly string[]): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const x of [...xs].sort()) out[x] = (out[x] ?? 0) + 1;
  return out;
};

function vulnStatus(r: SoupRecord): ReportItem['vulnerabilities'] {
  const v = r.vulnerabilityReview;
  const version = r.identification.version;
  if (!v) return { text: 'not reviewed', current: false, open: 0, total: 0, relevant: 0, byState: {}, bySeverity: {} };
  const entries = v.entries.filter((e) => (e.version ?? v.version) === version);
  const byState: ReportItem['vulnerabilities']['byState'] = {};
  for (const e of entries) byState[e.state] = (byState[e.state] ?? 0) + 1;
  const bySeverity = count(entries.map((e) => e.severity ?? 'unknown'));
  const open = byState.in_triage ?? 0;
  const current = v.version === version;
  const draft = !v.date || !v.reviewer || !v.conclusion;
  const text = !current ? `review of ${v.version}, not ${version}`
    : draft ? `draft: ${entries.length} known, ${open} in triage`
      : `reviewed ${v.date}: ${entries.length} known, ${open} in triage`;
  return {
    text, current, open, total: entries.length, relevant: byState.exploitable ?? 0, byState, bySeverity,
    ...(v.reviewer ? { reviewer: v.reviewer } : {}), ...(v.date ? { date: v.date } : {}), version: v.version,
  };
}

function anomalyStatus(r: SoupRecord): ReviewStatus {
  const a = r.anomalyReview;
  const version = r.identification.version;
  if (!a) return { text: 'not reviewed', current: false, open: 0, total: 0, relevant: 0 };
  const current = a.version === version;
  const open = a.entries.filter((e) => e.relevant === undefined).length;
  const relevant = a.entries.filter((e) => e.relevant === true).length;
  const draft = !a.date || !a.reviewer || !a.conclusion;
  const text = !current ? `review of ${a.version}, not ${version}`
    : draft ? `draft: ${a.entries.length} candidates, ${open} not assessed`
      : `reviewed ${a.date}: ${relevant} relevant of ${a.entries.length}${open ? `, ${open} not assessed` : ''}`;
  return { text, current, open, total: a.entries.length, relevant, ...(a.reviewer ? { reviewer: a.reviewer } : {}), ...(a.date ? { date: a.date } : {}), version: a.version };
}


/** Build the report's data: scan, read the records, check them. */
export async function buildReportData(dir: string, opts: ReportOptions = {}): Promise<ReportData> {
  const inventory = await scan(dir, { ...(opts.config ? { config: opts.config } : {}), ...(opts.exclude ? { exclude: opts.exclude } : {}) });
  const date = opts.date ?? new Date().toISOString().slice(0, 10);
  const folder = recordsFolder(inventory.config, inventory.configFile);
  const inputs = existsSync(resolve(inventory.root, folder)) ? readRecordFolder(inventory.root, folder) : [];
  const findings = checkRecords(inputs, { config: inventory.config, ...(inventory.configFile ? { configFile: inventory.configFile } : {}), now: new Date(`${date}T12:00:00Z`) });
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) if (f.file) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  const components = new Map(inventory.components.map((c) => [`${c.ecosystem}/${c.name}@${c.version}`, c]));

  const items: ReportItem[] = [];
  const removed: ReportData['removed'] = [];
  const unreadable: ReportData['unreadable'] = [];
  for (const input of inputs) {
    const r = input.record;
    if (!r) {
      unreadable.push({ file: input.file, message: input.parseError?.message ?? 'does not parse' });
      continue;
    }
    if (r.status === 'removed') {
      removed.push({ file: input.file, record: r });
      continue;
    }
    const soup = r.classification.override?.soup ?? r.classification.soup;
    if (!soup) continue;
    const fs = byFile.get(input.file) ?? [];
    const component = components.get(`${r.id}@${r.identification.version}`);
    items.push({
      file: input.file, record: r, ...(component ? { component } : {}), findings: fs,
      complete: !fs.some((f) => f.severity === 'error'),
      vulnerabilities: vulnStatus(r), anomalies: anomalyStatus(r),
      approved: !!r.approvals?.some((a) => a.role === 'approver' && a.version === r.identification.version) && !fs.some((f) => f.rule === 'check.approval-missing' || f.rule === 'check.approval-changed' || f.rule === 'check.approval-version'),
    });
  }
  items.sort((a, b) => (a.record.id < b.record.id ? -1 : a.record.id > b.record.id ? 1 : a.record.identification.version < b.record.identification.version ? -1 : 1));

  // SOUP components no active record covers at the version shipped: listed as gaps, never left out
  const unrecorded = unrecordedComponents(inventory.components, inputs);

  const notSoup: NotSoupItem[] = inventory.components
    .filter((c) => !c.classification.soup && !c.firstParty)
    .map((c) => ({
      name: c.name, version: c.version, ecosystem: c.ecosystem, purl: c.purl, kind: c.classification.kind, scope: c.scope,
      rule: c.classification.rule, rationale: c.classification.rationale,
      evidence: evidenceText(c),
    }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.version < b.version ? -1 : 1));

  const cfg = inventory.config as { device?: { name?: string; version?: string; manufacturer?: string }; report?: { documentId?: string; revision?: string; title?: string } };
  const deviceName = cfg.device?.name ?? inventory.root.split(/[\\/]/).pop() ?? 'device';
  const report = cfg.report ?? {};
  return {
    date,
    tool: { ...TOOL },
    device: { name: deviceName, ...(cfg.device?.version ? { version: cfg.device.version } : {}), ...(cfg.device?.manufacturer ? { manufacturer: cfg.device.manufacturer } : {}) },
    document: {
      id: opts.documentId ?? report.documentId ?? `SOUP-${deviceName.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').toUpperCase()}`,
      revision: opts.revision ?? report.revision ?? '1',
      title: report.title ?? 'SOUP register',
    },
    items, unrecorded, removed, notSoup, unreadable, inventory,
    summary: {
      items: items.length,
      complete: items.filter((i) => i.complete).length,
      byClass: count(items.map((i) => i.record.safetyClass ?? 'unset')),
      byKind: count(items.map((i) => i.record.classification.override?.kind ?? i.record.classification.kind)),
      byLicense: count(items.map((i) => i.record.identification.license ?? 'unknown')),
      bySeverity: count(items.flatMap((i) => Object.entries(i.vulnerabilities.bySeverity).flatMap(([k, n]) => Array<string>(n ?? 0).fill(k)))),
      openVulnerabilities: items.reduce((n, i) => n + i.vulnerabilities.open, 0),
      openAnomalies: items.reduce((n, i) => n + i.anomalies.open, 0),
      unrecorded: unrecorded.length,
    },
  };
}
