import { PackageURL } from 'packageurl-js';
import { isMap, isSeq, type Document } from 'yaml';
import type { SoupRecord } from '../model/record.js';
import type { VexDocument, VexStatement } from '../advisories/vex/parse.js';
import { appendIn, startReviewOfCurrentVersion, type EditableRecord } from './edit.js';

type Entry = NonNullable<SoupRecord['vulnerabilityReview']>['entries'][number];

/** A vulnerability found for a record's exact version, as `tureen vulns` reports it. */
export interface FoundVulnerability {
  id: string;
  aliases: string[];
  severity: NonNullable<Entry['severity']>;
  cvss?: string;
  summary?: string;
  fixed: string[];
  kev?: boolean;
}

/** A vulnerability's ids — its own and its aliases — in upper case, as entries and findings are compared. */
export const idsOf = (e: { id: string; aliases?: string[] | undefined }) => [e.id, ...(e.aliases ?? [])].map((x) => x.toUpperCase());

/** The entry of the record's review about this vulnerability (by id or alias) for `version`, with its index. */
export function entryFor(record: SoupRecord, ids: readonly string[], version: string): { entry: Entry; index: number } | undefined {
  const review = record.vulnerabilityReview;
  if (!review) return undefined;
  const wanted = new Set(ids.map((x) => x.toUpperCase()));
  const index = review.entries.findIndex((e) => (e.version ?? review.version) === version && idsOf(e).some((x) => wanted.has(x)));
  return index >= 0 ? { entry: review.entries[index]!, index } : undefined;
}

/** Start a draft review for the current version when the record has none (Tureen never writes a reviewer or a conclusion). */
function ensureReview(r: EditableRecord, sources: readonly string[]): void {
  if (r.doc.hasIn(['vulnerabilityReview'])) {
    // name the sources Tureen looked at, once each, after the person's own
    const have = new Set(r.record.vulnerabilityReview?.sources ?? []);
    for (const s of sources) if (!have.has(s)) appendIn(r.doc, ['vulnerabilityReview', 'sources'], s);
    if (!r.doc.hasIn(['vulnerabilityReview', 'entries'])) r.doc.setIn(['vulnerabilityReview', 'entries'], r.doc.createNode([]));
    return;
  }
  r.doc.setIn(['vulnerabilityReview'], r.doc.createNode({ version: r.record.identification.version, sources: [...sources], entries: [] }));
}

/**
 * `tureen vulns --record`: add each vulnerability found for the record's exact version that the review does not list
 * yet (by id or any alias), as `in_triage`, with what the advisory says (severity, CVSS vector, summary, fixed
 * versions, KEV). Entries already there — the team's assessments — are never changed. A record without a review gets
 * a draft one (version, sources, entries; no reviewer, date or conclusion: `check` asks for them). Returns true when
 * the document changed.
 */
export function addFindings(r: EditableRecord, found: readonly FoundVulnerability[], sources: readonly string[]): boolean {
  const version = r.record.identification.version;
  // a review of another version: the current version's draft starts when sync's history holds the old one unchanged;
  // otherwise it stays as the person wrote it, and runVulns says which records wait for the person
  if (r.record.vulnerabilityReview && r.record.vulnerabilityReview.version !== version && !startReviewOfCurrentVersion(r, 'vulnerabilityReview', sources)) return false;
  const fresh = found.filter((f) => !entryFor(r.record, [f.id, ...f.aliases], version));
  const hadReview = !!r.record.vulnerabilityReview;
  if (!fresh.length && hadReview && sources.every((s) => r.record.vulnerabilityReview!.sources.includes(s))) return false;
  ensureReview(r, sources);
  for (const f of fresh) {
    const entry: Entry = {
      id: f.id,
      ...(f.aliases.length ? { aliases: [...f.aliases] } : {}),
      state: 'in_triage',
      severity: f.severity,
      ...(f.cvss ? { cvss: f.cvss } : {}),
      ...(f.summary ? { summary: f.summary } : {}),
      ...(f.fixed.length ? { fixedIn: [...f.fixed] } : {}),
      ...(f.kev ? { kev: true } : {}),
      version,
    };
    appendIn(r.doc, ['vulnerabilityReview', 'entries'], entry);
  }
  return true;
}

// ------------------------------------------------------------------------------------------------- VEX

/** How a VEX statement was applied to a record. */
export interface VexOutcome {
  file: string;
  vulnerability: string;
  action: 'added' | 'updated' | 'kept-team-assessment' | 'unchanged' | 'review-of-other-version';
}

/** purl type, namespace and name as one key, compared the way the type compares names. */
function purlKey(p: PackageURL): string {
  const lower = ['npm', 'pypi', 'nuget', 'composer', 'github', 'golang', 'deb', 'apk'].includes(p.type);
  const name = p.type === 'pypi' ? p.name.toLowerCase().replace(/[-_.]+/g, '-') : lower ? p.name.toLowerCase() : p.name;
  return `${p.type}/${(lower ? p.namespace?.toLowerCase() : p.namespace) ?? ''}/${name}`;
}

function parsePurl(s: string): PackageURL | undefined {
  try {
    return PackageURL.fromString(s);
  } catch {
    return undefined;
  }
}

/** Does a statement's product name this record's item and exact version (a product without a version: any version)? */
export function productMatches(product: string, record: SoupRecord): boolean {
  const id = record.identification;
  if (product.startsWith('cpe:')) return !!id.cpe && id.cpe.toLowerCase() === product.toLowerCase();
  const p = parsePurl(product);
  const mine = parsePurl(id.purl);
  if (!p || !mine || purlKey(p) !== purlKey(mine)) return false;
  return !p.version || p.version === id.version || p.version === mine.version;
}

/** A placeholder Tureen added (in triage, no person's words yet): a supplier's statement may fill it. */
function isPlaceholder(e: Entry): boolean {
  return e.state === 'in_triage' && !e.reviewer && !e.detail && !e.mitigation && !e.justification && !e.source;
}

/**
 * `tureen vex import`: each statement of a supplier's VEX document that names this record's item and version becomes
 * (or updates) an entry of its vulnerability review, marked with its source ("vex: <author or file>"). A statement
 * never overwrites the team's own assessment; re-importing the same document updates the entries it wrote before.
 */
export function applyVex(r: EditableRecord, vex: VexDocument, source: string, outcomes: VexOutcome[]): boolean {
  const version = r.record.identification.version;
  // one statement per vulnerability: a later statement in the document overrides an earlier one (OpenVEX's rule)
  const byVuln = new Map<string, VexStatement>();
  for (const s of vex.statements) if (s.products.some((p) => productMatches(p, r.record))) byVuln.set(s.vulnerability.toUpperCase(), s);
  const statements = [...byVuln.values()];
  if (!statements.length) return false;
  if (r.record.vulnerabilityReview && r.record.vulnerabilityReview.version !== version && !startReviewOfCurrentVersion(r, 'vulnerabilityReview', [source])) {
    for (const s of statements) outcomes.push({ file: r.file, vulnerability: s.vulnerability, action: 'review-of-other-version' });
    return false;
  }
  let changed = false;
  for (const s of statements) {
    const existing = entryFor(r.record, [s.vulnerability, ...s.aliases], version);
    const fields = vexFields(s);
    if (!existing) {
      if (!r.doc.hasIn(['vulnerabilityReview', 'entries'])) ensureReview(r, [source]);
      appendIn(r.doc, ['vulnerabilityReview', 'entries'], { id: s.vulnerability, ...(s.aliases.length ? { aliases: s.aliases } : {}), ...fields, version, source });
      outcomes.push({ file: r.file, vulnerability: s.vulnerability, action: 'added' });
      changed = true;
      continue;
    }
    const e = existing.entry;
    if (e.source !== source && !isPlaceholder(e)) {
      outcomes.push({ file: r.file, vulnerability: s.vulnerability, action: 'kept-team-assessment' });
      continue;
    }
    const node = r.doc.getIn(['vulnerabilityReview', 'entries', existing.index], true);
    if (!isMap(node)) continue;
    let touched = false;
    for (const [k, v] of Object.entries({ ...fields, source })) {
      const cur = node.get(k, true);
      const same = isSeq(cur) ? JSON.stringify(cur.toJSON()) === JSON.stringify(v) : node.get(k) === v;
      if (!same) {
        node.set(k, r.doc.createNode(v));
        touched = true;
      }
    }
    outcomes.push({ file: r.file, vulnerability: s.vulnerability, action: touched ? 'updated' : 'unchanged' });
    changed ||= touched;
  }
  if (changed) ensureSourceListed(r.doc, r.record, source);
  return changed;
}

function ensureSourceListed(doc: Document, record: SoupRecord, source: string): void {
  if (record.vulnerabilityReview && !record.vulnerabilityReview.sources.includes(source) && doc.hasIn(['vulnerabilityReview', 'sources'])) {
    const seq = doc.getIn(['vulnerabilityReview', 'sources'], true);
    if (isSeq(seq) && !seq.items.some((i) => String((i as { value?: unknown }).value ?? i) === source)) appendIn(doc, ['vulnerabilityReview', 'sources'], source);
  }
}

function vexFields(s: VexStatement): Partial<Entry> & { state: Entry['state'] } {
  return {
    state: s.state,
    ...(s.justification ? { justification: s.justification } : {}),
    ...(s.response?.length ? { response: s.response } : {}),
    ...(s.detail ? { detail: s.detail } : {}),
    ...(s.date ? { date: s.date } : {}),
  };
}
