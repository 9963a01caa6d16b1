import { severityOf, type CvssScore } from './cvss/index.js';
import { EpssClient } from './epss/index.js';
import { updateKev } from './enrich.js';
import type { KevClient } from './kev/index.js';
import { mergeAliases, matchAdvisory, nearestFix, type AffectedMatch, type PackageRef } from './match/index.js';
import { cpeAffects, NvdClient, nvdToOsvLike, parseCpe, parseNvdCve } from './nvd/index.js';
import { OsvApiClient } from './osv-api/index.js';
import { baseEcosystem } from './osv/names.js';
import type { Osv } from './osv/schema.js';
import type { AdvisoryStore } from './store/index.js';
import { isFallback, versioningFor } from '../versioning/index.js';

/**
 * The vulnerability review of a device's components for their exact versions: every advisory that affects each
 * component, merged across databases (one vulnerability = one finding with its CVE, GHSA … ids), ranked by CVSS,
 * KEV listing and EPSS, with the nearest version that fixes all of a component's findings.
 *
 * One path for online and air-gapped use: matching always reads the local store. Online, the OSV API (querybatch,
 * then each record) and NVD (for components known by CPE only) first refresh the store with what they know of these
 * components; offline, the store is all there is (`tureen db import` fills it from OSV's exports).
 */

import { SEVERITY_ORDER, type Severity } from './severity.js';

export { SEVERITY_ORDER, type Severity } from './severity.js';

/** A component to review. */
export interface VulnItem {
  ecosystem: string;
  name: string;
  version: string;
  purl: string;
  cpe?: string;
  sourceName?: string;
  commit?: string;
  soup: boolean;
}

export interface VulnFinding {
  id: string;
  aliases: string[];
  severity: Severity;
  cvss?: Pick<CvssScore, 'version' | 'vector' | 'baseScore'>;
  /** where the severity came from: "CVSS 3.1", "GitHub (MODERATE)" … */
  severitySource?: string;
  kev: boolean;
  epss?: { score: number; percentile: number; date: string };
  /** versions that fix it for this component */
  fixed: string[];
  summary?: string;
  /** matched through OSV records, or through an NVD CVE by CPE */
  via: 'osv' | 'nvd';
  /** the advisory names the source package, not this binary package */
  bySourcePackage?: boolean;
  warnings: string[];
}

export interface ComponentReview {
  item: VulnItem;
  findings: VulnFinding[];
  /** the least version that fixes every finding, when the advisories say */
  nearestFix?: string;
  /** its versions are ordered by the generic fallback (no ordering of its own is known to Tureen) */
  fallbackOrdering: boolean;
}

export interface VulnReview {
  components: ComponentReview[];
  /** some source of advisories was there: the OSV API answered, or the store holds advisories (false: nothing was checked) */
  consulted: boolean;
  /** the store's state after the run: advisories held and the newest `modified` among them */
  store: { advisories: number; newestModified?: string; kev: number; epss: number };
  /** where Tureen looked, for the record's `sources` */
  sources: string[];
  /** what could not be asked or read, and why */
  problems: string[];
}

export interface ReviewOptions {
  store: AdvisoryStore;
  /** never touch the network: the store only */
  offline: boolean;
  osv?: OsvApiClient;
  nvd?: NvdClient;
  epss?: EpssClient;
  kev?: KevClient;
  now?: () => Date;
}

/** OSV's ecosystems (the part before ":"): only these are asked of the OSV API. */
const OSV_ECOSYSTEMS = new Set(['npm', 'PyPI', 'crates.io', 'Go', 'Maven', 'NuGet', 'Packagist', 'RubyGems', 'Pub', 'Hex', 'SwiftURL', 'Hackage', 'CRAN', 'ConanCenter', 'Bitnami', 'Debian', 'Ubuntu', 'Alpine', 'Rocky Linux', 'AlmaLinux', 'Red Hat', 'SUSE', 'openSUSE', 'Wolfi', 'Chainguard', 'Photon OS', 'Mageia', 'GHC', 'Linux', 'Android', 'OSS-Fuzz', 'Julia']);

export function isOsvEcosystem(ecosystem: string): boolean {
  return OSV_ECOSYSTEMS.has(baseEcosystem(ecosystem));
}

const CVE = /^CVE-\d{4}-\d{4,}$/i;
/** The KEV catalogue and EPSS scores are refreshed online when older than this. */
const DAY_MS = 24 * 60 * 60 * 1000;

function refOf(item: VulnItem): PackageRef {
  return {
    ecosystem: item.ecosystem, name: item.name, version: item.version,
    ...(item.sourceName ? { sourceName: item.sourceName } : {}),
    ...(item.commit ? { commit: item.commit } : {}),
  };
}

function severityFields(osv: Osv): Pick<VulnFinding, 'severity' | 'cvss' | 'severitySource'> {
  const v = severityOf(osv);
  if (!v) return { severity: 'unknown' };
  if (v.source === 'cvss') return { severity: v.severity, cvss: { version: v.cvss.version, vector: v.cvss.vector, baseScore: v.cvss.baseScore }, severitySource: `CVSS ${v.cvss.version}` };
  return { severity: v.severity, severitySource: v.source === 'database_specific' ? `database rating (${v.label})` : `Ubuntu rating (${v.label})` };
}

/** The worst of several severities (a vulnerability several records describe takes the most severe rating). */
function worst(a: Pick<VulnFinding, 'severity' | 'cvss' | 'severitySource'>, b: Pick<VulnFinding, 'severity' | 'cvss' | 'severitySource'>) {
  const ra = SEVERITY_ORDER.indexOf(a.severity);
  const rb = SEVERITY_ORDER.indexOf(b.severity);
  if (ra !== rb) return ra < rb ? a : b;
  return (a.cvss?.baseScore ?? -1) >= (b.cvss?.baseScore ?? -1) ? a : b;
}

/** Online: ask OSV which records affect these components, and put every one of them (fresh) into the store. */
/** Returns true when the OSV API answered (even with no vulnerability). */
async function refreshFromOsv(items: readonly VulnItem[], opts: ReviewOptions, problems: string[]): Promise<boolean> {
  const osv = opts.osv ?? new OsvApiClient();
  const asked = items.filter((i) => isOsvEcosystem(i.ecosystem) && i.version);
  if (!asked.length) return false;
  try {
    const { ids, modified, rejected } = await osv.queryBatchDetailed(asked.map((i) => ({ ecosystem: i.ecosystem, name: i.name, version: i.version })));
    for (const r of rejected) problems.push(`the OSV API refused the query for ${asked[r.index]!.name}@${asked[r.index]!.version} (${r.error.message}); it was matched against the local store only`);
    const all = new Set([...ids.values()].flat());
    // only what the store does not hold as of the `modified` OSV names: a second run fetches only what changed
    const stale = [...all].filter((id) => { const m = modified.get(id); return !m || !opts.store.holdsCurrent(id, m); });
    const got = stale.length ? await osv.getVulns(stale) : undefined;
    for (const p of got?.problems ?? []) problems.push(`OSV record ${p.id} was refused: ${p.error.message}`);
    if (got) await opts.store.importOsv(got.vulns.values(), 'osv-api');
    opts.store.setSource('osv-api', { updatedAt: got?.fetchedAt ?? (opts.now?.() ?? new Date()).toISOString(), detail: `${all.size} records for ${asked.length} components, ${got?.vulns.size ?? 0} fetched (the others current in the store)` });
    return true;
  } catch (e) {
    problems.push(`the OSV API could not be asked (${(e as Error).message}); matched against the local store only`);
    return false;
  }
}

/** Online: NVD's CVEs for components known by CPE only (operating systems, commercial SDKs …), into the store. */
async function refreshFromNvd(items: readonly VulnItem[], opts: ReviewOptions, problems: string[]): Promise<void> {
  const byCpe = items.filter((i) => i.cpe && !isOsvEcosystem(i.ecosystem));
  if (!byCpe.length) return;
  const nvd = opts.nvd ?? new NvdClient();
  for (const i of byCpe) {
    try {
      const cves = await nvd.cvesByCpe(i.cpe!);
      opts.store.putNvd(cves, 'nvd-api');
    } catch (e) {
      problems.push(`NVD could not be asked about ${i.cpe} (${(e as Error).message}); matched against the local store only`);
    }
  }
  opts.store.setSource('nvd-api', { updatedAt: (opts.now?.() ?? new Date()).toISOString(), detail: `${byCpe.length} CPEs` });
}

function sourceAge(store: AdvisoryStore, name: string, now: Date): number {
  const s = store.summary().sources.find((x) => x.name === name);
  const t = s ? Date.parse(s.updatedAt) : NaN;
  return Number.isNaN(t) ? Infinity : now.getTime() - t;
}

/** Online: the KEV catalogue when the store's copy is older than a day, and EPSS scores for these CVEs. */
async function refreshRanking(cves: readonly string[], opts: ReviewOptions, problems: string[]): Promise<void> {
  const now = opts.now?.() ?? new Date();
  if (sourceAge(opts.store, 'kev', now) > DAY_MS) {
    try {
      await updateKev(opts.store, opts.kev, now);
    } catch (e) {
      problems.push(`CISA's KEV catalogue could not be fetched (${(e as Error).message}); the stored copy (if any) was used`);
    }
  }
  const missing = cves.filter((c) => !opts.store.epss(c));
  if (!missing.length) return;
  try {
    const scores = await (opts.epss ?? new EpssClient()).scores(missing);
    opts.store.putEpss([...scores.entries.values()].map((e) => ({ cve: e.cve, epss: e.epss, percentile: e.percentile, date: e.date })));
  } catch (e) {
    problems.push(`EPSS scores could not be fetched (${(e as Error).message})`);
  }
}

/** Findings of one component from the store's OSV records. */
function osvFindings(item: VulnItem, store: AdvisoryStore): { findings: VulnFinding[]; matches: AffectedMatch[] } {
  const ref = refOf(item);
  const records = new Map<string, Osv>();
  for (const r of store.candidates(item.ecosystem, item.name)) records.set(r.id, r);
  if (item.sourceName && item.sourceName !== item.name) for (const r of store.candidates(item.ecosystem, item.sourceName)) records.set(r.id, r);
  const matches: AffectedMatch[] = [];
  for (const r of records.values()) {
    const m = matchAdvisory(r, ref);
    if (m) matches.push(m);
  }
  const findings = mergeAliases(matches).map((f): VulnFinding => {
    let sev: Pick<VulnFinding, 'severity' | 'cvss' | 'severitySource'> = { severity: 'unknown' };
    for (const m of f.matches) sev = worst(sev, severityFields(m.advisory));
    const fixed = [...new Set(f.matches.flatMap((m) => m.fixed))];
    const summary = f.matches.map((m) => m.advisory.summary).find((s) => s && s.trim());
    return {
      id: f.id, aliases: f.aliases, ...sev, kev: false, fixed,
      ...(summary ? { summary: summary.trim() } : {}),
      via: 'osv',
      ...(f.matches.every((m) => m.by === 'source') ? { bySourcePackage: true } : {}),
      warnings: [...new Set(f.matches.flatMap((m) => m.warnings))],
    };
  });
  return { findings, matches };
}

/** Findings of one component from NVD CVEs by its CPE (stored by `db update` or an online run). */
function nvdFindings(item: VulnItem, store: AdvisoryStore): VulnFinding[] {
  if (!item.cpe) return [];
  const cpe = parseCpe(item.cpe);
  const { vendor, product } = cpe?.attrs ?? {};
  if (vendor?.kind !== 'value' || product?.kind !== 'value') return [];
  const compare = versioningFor(item.ecosystem).compare;
  const out: VulnFinding[] = [];
  for (const raw of store.nvdByCpe(vendor.text, product.text)) {
    const parsed = parseNvdCve(raw);
    if (!parsed.ok) continue;
    const cve = parsed.cve;
    const a = cpeAffects(item.cpe, cve, compare);
    if (!a.affected) continue;
    const osv = nvdToOsvLike(cve);
    out.push({
      id: osv.id, aliases: [], ...severityFields(osv), kev: false,
      fixed: a.fixed ? [a.fixed] : [],
      ...(osv.summary ? { summary: osv.summary } : {}),
      via: 'nvd',
      warnings: a.match?.uncertain ? ['the CPE\'s version could not be ordered against NVD\'s ranges: listed in case it applies'] : [],
    });
  }
  return out;
}

/** Merge findings that are one vulnerability (shared ids) from OSV and NVD. */
function mergeFindings(list: VulnFinding[]): VulnFinding[] {
  const out: VulnFinding[] = [];
  for (const f of list) {
    const ids = new Set([f.id, ...f.aliases].map((x) => x.toUpperCase()));
    const same = out.find((o) => [o.id, ...o.aliases].some((x) => ids.has(x.toUpperCase())));
    if (!same) {
      out.push(f);
      continue;
    }
    for (const a of [f.id, ...f.aliases]) if (a !== same.id && !same.aliases.includes(a)) same.aliases.push(a);
    same.aliases.sort();
    Object.assign(same, worst(same, f));
    same.fixed = [...new Set([...same.fixed, ...f.fixed])];
  }
  return out;
}

/** Review every item: refresh the store online (unless offline), then match, merge and rank from the store. */
export async function reviewVulnerabilities(items: readonly VulnItem[], opts: ReviewOptions): Promise<VulnReview> {
  const problems: string[] = [];
  let osvAnswered = false;
  if (!opts.offline) {
    osvAnswered = await refreshFromOsv(items, opts, problems);
    await refreshFromNvd(items, opts, problems);
  }
  const components: ComponentReview[] = [];
  for (const item of items) {
    const { findings: fromOsv, matches } = osvFindings(item, opts.store);
    const findings = mergeFindings([...fromOsv, ...nvdFindings(item, opts.store)]);
    const fix = nearestFix(refOf(item), matches);
    const nvdFixes = findings.filter((f) => f.via === 'nvd').flatMap((f) => f.fixed);
    const order = versioningFor(item.ecosystem);
    // NVD fixes join OSV's: the least version at or above every finding's fix
    const candidates = [fix, ...nvdFixes].filter((v): v is string => !!v);
    const nearest = findings.length && candidates.length && findings.every((f) => f.fixed.length)
      ? candidates.reduce((a, b) => (order.compare(a, b) >= 0 ? a : b))
      : fix;
    components.push({ item, findings, ...(nearest ? { nearestFix: nearest } : {}), fallbackOrdering: isFallback(order) });
  }
  const cves = [...new Set(components.flatMap((c) => c.findings.flatMap((f) => [f.id, ...f.aliases]).filter((x) => CVE.test(x))))];
  if (!opts.offline && cves.length) await refreshRanking(cves, opts, problems);
  for (const c of components) {
    for (const f of c.findings) {
      const ids = [f.id, ...f.aliases].filter((x) => CVE.test(x));
      f.kev = ids.some((x) => !!opts.store.kev(x.toUpperCase()));
      const scores = ids.map((x) => opts.store.epss(x.toUpperCase())).filter((s) => !!s);
      const best = scores.sort((a, b) => b!.epss - a!.epss)[0];
      if (best) f.epss = { score: best.epss, percentile: best.percentile, date: best.date };
    }
    c.findings.sort(rank);
  }
  // summary, not status: status() counts the advisories per ecosystem, a pass over the whole index
  const status = opts.store.summary();
  // stable names (a record lists them once; the store's dates go into the report, not the record)
  const sources = [
    'OSV (osv.dev)',
    ...(items.some((i) => i.cpe && !isOsvEcosystem(i.ecosystem)) ? ['NVD (by CPE)'] : []),
    ...(status.kev ? ['CISA KEV catalogue'] : []),
    ...(status.epss ? ['FIRST EPSS'] : []),
  ];
  if (!status.advisories && opts.offline) problems.push('the local advisory store is empty: import OSV\'s exports with `tureen db import` (or run online)');
  return { components, sources, problems, consulted: osvAnswered || status.advisories > 0 || !items.some((i) => isOsvEcosystem(i.ecosystem)), store: { advisories: status.advisories, ...(status.newestModified ? { newestModified: status.newestModified } : {}), kev: status.kev, epss: status.epss } };
}

/** Most urgent first: KEV-listed, then severity, then CVSS score, then EPSS, then id. */
export function rank(a: VulnFinding, b: VulnFinding): number {
  return Number(b.kev) - Number(a.kev)
    || SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity)
    || (b.cvss?.baseScore ?? -1) - (a.cvss?.baseScore ?? -1)
    || (b.epss?.score ?? -1) - (a.epss?.score ?? -1)
    || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
