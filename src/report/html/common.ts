import type { ReportItem, UnrecordedItem } from '../data.js';
import type { SoupRecord } from '../../model/record.js';

/**
 * Helpers the text writers share (HTML, Markdown, CSV, the company template): what makes register text inert, and the
 * SOUP list's columns, so every format shows the same list.
 */

/**
 * Characters that must not act in a document: C0/C1 controls (except tab and line feed), the bidirectional overrides
 * and isolates and the LRM/RLM marks (they reorder what a reader sees — "Trojan source"), the non-characters XML 1.0
 * forbids, and lone surrogates. Each is shown as `[U+XXXX]` text, as the Word writer shows them, so a reader sees it is
 * there (and a document never holds a character XML or a terminal would act on).
 */
// eslint-disable-next-line no-control-regex
const ACTIVE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Register text made inert: line ends normalised to `\n`, every active character above written as `[U+XXXX]`. */
export function inert(s: string): string {
  return s.replace(/\r\n?/g, '\n').replace(ACTIVE, (ch) => `[U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}]`);
}

/** HTML (and XML) text or attribute value: inert, then `& < > " '` escaped. */
export function escapeHtml(s: string): string {
  return inert(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/**
 * The link target for a URL from the register, or undefined: only absolute http(s) URLs become links (never
 * `javascript:`, `data:`, `file:` or a relative path), written as the URL parser normalises them (spaces, quotes and
 * brackets percent-encoded).
 */
export function httpUrl(s: string | undefined): string | undefined {
  if (!s || s !== s.trim()) return undefined;
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
  if (u.username || u.password) return undefined;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0020\u007f-\u009f]/.test(u.href)) return undefined;
  return u.href.replace(/[()'"<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The kind and branch a person decided, else the rule's. */
export const kindOf = (r: SoupRecord): string => r.classification.override?.kind ?? r.classification.kind;
export const branchOf = (r: SoupRecord): string => r.classification.override?.branch ?? r.classification.branch ?? '';

/** "complete, approved" / "3 errors, not approved": check's verdict on the record and whether it is signed. */
export function recordStatus(item: ReportItem): string {
  const errors = item.findings.filter((f) => f.severity === 'error').length;
  return `${item.complete ? 'complete' : `${errors} error${errors === 1 ? '' : 's'}`}, ${item.approved ? 'approved' : 'not approved'}`;
}

/** The SOUP list: one row per item, in the order of `data.items`. Cells are plain (unescaped) text. */
export const SOUP_LIST_COLUMNS = ['ID', 'Name', 'Version', 'Supplier', 'Licence', 'Kind', 'Branch', 'Safety class', 'Vulnerabilities', 'Anomalies', 'Record'] as const;

export function soupListRow(item: ReportItem): string[] {
  const r = item.record;
  const id = r.identification;
  return [
    r.id, id.name, id.version, id.supplier ?? '', id.license ?? '', kindOf(r), branchOf(r), r.safetyClass ?? 'not set',
    item.vulnerabilities.text, item.anomalies.text, recordStatus(item),
  ];
}

/** The SOUP components without a record: one row each, plain text, in every format. */
export const UNRECORDED_COLUMNS = ['Name', 'Version', 'Ecosystem', 'Kind', 'Branch', 'Found in', 'Record'] as const;
export const UNRECORDED_ABOUT = 'SOUP components the scan found in the device that no record covers at the version shipped, so they have no assessment yet: tureen sync creates or updates their records.';

export const unrecordedStatus = (u: UnrecordedItem): string =>
  `${u.recordRemoved ? 'record marked removed' : u.recordedVersion ? `record of ${u.recordedVersion}` : 'no record'}: run tureen sync`;

export function unrecordedRow(u: UnrecordedItem): string[] {
  return [u.name, u.version, u.ecosystem, u.kind, u.branch, u.evidence, unrecordedStatus(u)];
}

/** Severities from most to least severe, the order the charts and tables use. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'none', 'unknown'] as const;

/** A vulnerability analysis state as a reader says it ("in triage", "not affected"). */
export const stateText = (s: string): string => s.replace(/_/g, ' ');

/** Anomaly relevance as text. */
export const relevanceText = (r: boolean | undefined): string => (r === undefined ? 'not assessed' : r ? 'relevant' : 'not relevant');
