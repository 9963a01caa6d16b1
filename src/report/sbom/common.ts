import { TureenError } from '../../model/errors.js';
import type { SoupRecord } from '../../model/record.js';
import type { ReportData, ReportItem } from '../data.js';

/**
 * What the three exchange-format writers (CycloneDX, SPDX, OpenVEX) share: the document's time, the vulnerability
 * entries that speak about the version shipped, where a vulnerability id is published, the decided classification
 * of a record, and the XML 1.0 character rule.
 */

export type VulnerabilityEntry = NonNullable<SoupRecord['vulnerabilityReview']>['entries'][number];

/** The report date at 00:00 UTC, as every document's creation time (writers never read the clock). */
export function reportTimestamp(data: Pick<ReportData, 'date'>): string {
  const d = data.date;
  const t = /^\d{4}-\d{2}-\d{2}$/.test(d) ? Date.parse(`${d}T00:00:00Z`) : Number.NaN;
  // Date.parse rolls 2026-02-31 over to March: a date must come back as itself
  if (Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== d) {
    throw new TureenError({ code: 'usage', message: `the report date "${d}" is not a date (YYYY-MM-DD)`, fix: 'Give the report date as YYYY-MM-DD, e.g. 2026-11-26.' });
  }
  return `${d}T00:00:00Z`;
}

/**
 * The assessed vulnerabilities of the version shipped: entries whose own version, else their review's, is the
 * record's version (the rule data.ts counts by). A review of another version says nothing about this one.
 */
export function currentEntries(item: Pick<ReportItem, 'record'>): VulnerabilityEntry[] {
  const v = item.record.vulnerabilityReview;
  if (!v) return [];
  const version = item.record.identification.version;
  return v.entries.filter((e) => (e.version ?? v.version) === version);
}

/** The database that publishes an id, with the id's page there: NVD for CVE ids, GitHub for GHSA, OSV otherwise. */
export function vulnerabilitySource(id: string): { name: string; url: string } {
  const enc = encodeURIComponent(id);
  if (/^CVE-\d{4}-\d+$/i.test(id)) return { name: 'NVD', url: `https://nvd.nist.gov/vuln/detail/${enc}` };
  if (/^GHSA(-[23456789cfghjmpqrvwx]{4}){3}$/i.test(id)) return { name: 'GitHub', url: `https://github.com/advisories/${enc}` };
  return { name: 'OSV', url: `https://osv.dev/vulnerability/${enc}` };
}

/** The branch and kind in force: a person's override wins over the rule's. */
export function decidedBranch(r: SoupRecord): string | null {
  return r.classification.override?.branch ?? r.classification.branch;
}
export function decidedKind(r: SoupRecord): SoupRecord['classification']['kind'] {
  return r.classification.override?.kind ?? r.classification.kind;
}

/**
 * Characters XML 1.0 cannot carry, not even as a character reference: C0 controls other than tab, newline and
 * carriage return, unpaired surrogates, U+FFFE and U+FFFF.
 */
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The text with every character XML 1.0 forbids replaced by U+FFFD, the Unicode replacement character. */
export function xmlSafe(s: string): string {
  return s.replace(NOT_XML, '\uFFFD');
}

/**
 * A deep copy of plain data (arrays and plain objects) with every string value passed through `f`. Keys are kept as
 * they are (lookups by key must still work) and copied as own properties (`__proto__` stays a key, never a prototype);
 * an object reached twice is copied once, so shared references (a report item's component is one of the inventory's)
 * stay shared.
 */
export function mapStrings<T>(value: T, f: (s: string) => string): T {
  const seen = new Map<object, unknown>();
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return f(v);
    if (v === null || typeof v !== 'object') return v;
    const done = seen.get(v);
    if (done !== undefined) return done;
    if (Array.isArray(v)) {
      const out: unknown[] = [];
      seen.set(v, out);
      for (const x of v) out.push(walk(x));
      return out;
    }
    const proto = Object.getPrototypeOf(v) as unknown;
    if (proto !== Object.prototype && proto !== null) return v; // not plain data (Date, Map …): left as it is
    const out: Record<string, unknown> = {};
    seen.set(v, out);
    for (const [k, x] of Object.entries(v)) Object.defineProperty(out, k, { value: walk(x), enumerable: true, writable: true, configurable: true });
    return out;
  };
  return walk(value) as T;
}
