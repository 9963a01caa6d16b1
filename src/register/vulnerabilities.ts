import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { reviewVulnerabilities, type ComponentReview, type ReviewOptions, type VulnFinding, type VulnItem } from '../advisories/review.js';
import { AdvisoryStore, defaultStorePath } from '../advisories/store/index.js';
import { readRecordFolder } from '../check/load.js';
import { TureenError } from '../model/errors.js';
import type { Inventory } from '../model/inventory.js';
import type { SoupRecord } from '../model/record.js';
import type { ScannedComponent } from '../model/scanned.js';
import { scan, type ScanOptions } from '../scan.js';
import { editRecords } from './edit.js';
import { recordsFolder } from './sync.js';
import { addFindings, entryFor, idsOf } from './vulns.js';

/** The team's assessment of a finding, as its record states it (for this exact version). */
export interface Assessment {
  state: NonNullable<SoupRecord['vulnerabilityReview']>['entries'][number]['state'];
  source?: string;
  justification?: string;
  mitigation?: string;
  file: string;
}

export interface ReportedFinding extends VulnFinding {
  assessment?: Assessment;
}

export interface ReportedComponent extends Omit<ComponentReview, 'findings'> {
  findings: ReportedFinding[];
  /** the record of this item and version, when there is one */
  record?: string;
  /** where the scan found it (first evidence), for SARIF locations */
  evidence?: { file: string; line?: number };
}

export interface VulnsResult {
  inventory: Inventory;
  components: ReportedComponent[];
  sources: string[];
  problems: string[];
  /** the store file, and what it held */
  store: { path: string; advisories: number; newestModified?: string; kev: number; epss: number };
  /** records written by --record */
  recorded: string[];
}

export interface VulnsOptions extends Pick<ScanOptions, 'config' | 'exclude'> {
  /** every component, not only SOUP items */
  all?: boolean;
  offline?: boolean;
  /** the advisory store file (default: the user's cache folder, or TUREEN_DB) */
  db?: string;
  /** add new findings to the records as in_triage (and draft a review where there is none) */
  record?: boolean;
  /** clients and clock for tests (the replay server) */
  clients?: Pick<ReviewOptions, 'osv' | 'nvd' | 'epss' | 'kev' | 'now'>;
}

function itemOf(c: ScannedComponent): VulnItem {
  const commit = c.properties?.find((p) => p.name === 'git:commit')?.value;
  return {
    ecosystem: c.ecosystem, name: c.name, version: c.version, purl: c.purl,
    ...(c.cpe ? { cpe: c.cpe } : {}),
    ...(c.sourceName ? { sourceName: c.sourceName } : {}),
    ...(commit ? { commit } : {}),
    soup: c.classification.soup,
  };
}

/** The record's entry for a finding (by any id), for the record's current version. */
function assessmentOf(record: SoupRecord, file: string, f: VulnFinding): Assessment | undefined {
  const e = entryFor(record, idsOf(f), record.identification.version)?.entry;
  if (!e) return undefined;
  return { state: e.state, file, ...(e.source ? { source: e.source } : {}), ...(e.justification ? { justification: e.justification } : {}), ...(e.mitigation ? { mitigation: e.mitigation } : {}) };
}

/** Open the store: offline, a missing store is an error that says how to make one. */
export function openStore(path: string, offline: boolean): AdvisoryStore {
  if (!existsSync(path)) {
    if (offline) {
      throw new TureenError({ code: 'usage', file: path, message: 'there is no advisory store here, and --offline forbids asking the network', fix: 'Import OSV\'s exports first: `tureen db import <ecosystem>/all.zip …` (see the README\'s air-gapped section), or give --db, or run without --offline.' });
    }
    mkdirSync(dirname(path), { recursive: true });
  }
  return AdvisoryStore.open(path);
}

/**
 * `tureen vulns`: scan, review each SOUP item (every component with `all`) for known vulnerabilities of its exact
 * version, and say for each finding how the record assesses it. With `record`, new findings go into the records as
 * `in_triage` entries (a draft review where there is none).
 */
export async function runVulns(dir: string, opts: VulnsOptions = {}): Promise<VulnsResult> {
  const inventory = await scan(dir, { ...(opts.config ? { config: opts.config } : {}), ...(opts.exclude ? { exclude: opts.exclude } : {}) });
  const chosen = inventory.components.filter((c) => !c.firstParty && c.version && (opts.all || c.classification.soup));
  const storePath = resolve(opts.db ?? defaultStorePath());
  const store = openStore(storePath, !!opts.offline);
  let review;
  try {
    review = await reviewVulnerabilities(chosen.map(itemOf), { store, offline: !!opts.offline, ...opts.clients });
  } finally {
    store.close();
  }
  if (!review.consulted) {
    throw new TureenError({
      code: 'input.unreadable', file: storePath,
      message: `no vulnerability source could be consulted: ${opts.offline ? '--offline, and' : 'the OSV API could not be reached, and'} the local advisory store holds no advisory — nothing was checked`,
      fix: 'Import OSV\'s exports (`tureen db import <ecosystem>/all.zip`, see the README\'s air-gapped section) or check the network and proxy (HTTPS_PROXY), then run again.',
    });
  }
  // the records, by id and version, for the assessments
  const folder = recordsFolder(inventory.config, inventory.configFile);
  const records = existsSync(resolve(inventory.root, folder)) ? readRecordFolder(inventory.root, folder) : [];
  const byItem = new Map<string, { record: SoupRecord; file: string }>();
  for (const r of records) if (r.record && r.record.status !== 'removed') byItem.set(`${r.record.id}@${r.record.identification.version}`, { record: r.record, file: r.file });
  const components: ReportedComponent[] = review.components.map((c, i) => {
    const rec = byItem.get(`${c.item.ecosystem}/${c.item.name}@${c.item.version}`);
    const ev = chosen[i]!.evidence[0];
    return {
      ...c,
      findings: c.findings.map((f) => {
        const a = rec ? assessmentOf(rec.record, rec.file, f) : undefined;
        return a ? { ...f, assessment: a } : { ...f };
      }),
      ...(rec ? { record: rec.file } : {}),
      ...(ev ? { evidence: { file: ev.file, ...(ev.line !== undefined ? { line: ev.line } : {}) } } : {}),
    };
  });
  let recorded: string[] = [];
  const problems = [...review.problems];
  if (opts.record) {
    const stale = records.filter((r) => r.record && r.record.vulnerabilityReview && r.record.vulnerabilityReview.version !== r.record.identification.version).map((r) => r.file);
    if (stale.length) problems.push(`${stale.length} record${stale.length === 1 ? ' has' : 's have'} a vulnerability review of another version, so nothing was added to ${stale.length === 1 ? 'it' : 'them'} (${stale.slice(0, 5).join(', ')}${stale.length > 5 ? ', …' : ''}): start the review of the current version (sync keeps the old one in history), then run again`);
    const byKey = new Map(components.map((c) => [`${c.item.ecosystem}/${c.item.name}@${c.item.version}`, c]));
    recorded = editRecords(inventory.root, { ...(opts.config ? { config: opts.config } : {}) }, (r) => {
      if (r.record.status === 'removed') return false;
      const c = byKey.get(`${r.record.id}@${r.record.identification.version}`);
      if (!c) return false;
      return addFindings(r, c.findings.map((f) => ({
        id: f.id, aliases: f.aliases, severity: f.severity,
        ...(f.cvss ? { cvss: f.cvss.vector } : {}),
        ...(f.summary ? { summary: f.summary } : {}),
        fixed: f.fixed, ...(f.kev ? { kev: true } : {}),
      })), review.sources);
    }).changed;
  }
  return { inventory, components, sources: review.sources, problems, store: { path: storePath, ...review.store }, recorded };
}
