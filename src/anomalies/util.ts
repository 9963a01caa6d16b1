import { clip } from '../util/text.js';

/** One line of foreign text fit for a title or a reason: control characters out, whitespace collapsed, clipped. */
export function oneLine(s: string, max = 200): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  return clip(s.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').replace(/\s+/g, ' ').trim(), max);
}

/** An http(s) URL from a foreign answer, or undefined (no javascript:, data: … in reports). */
export function webUrl(s: unknown): string | undefined {
  if (typeof s !== 'string' || s.length > 2000) return undefined;
  try {
    const u = new URL(s);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

/** Milliseconds since the epoch of an ISO date or timestamp; undefined when unreadable. */
export function timeOf(s: string | undefined): number | undefined {
  if (!s) return undefined;
  const t = Date.parse(s.trim());
  return Number.isNaN(t) ? undefined : t;
}

/** YYYY-MM-DD (UTC) of an ISO timestamp, or undefined. */
export function dayOf(s: string | undefined): string | undefined {
  const t = timeOf(s);
  return t === undefined ? undefined : new Date(t).toISOString().slice(0, 10);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Whether `text` names `version` as a version: "5.1.0", "v5.1.0", "@5.1.0" match; "15.1.0", "5.1.0.1", "5.1.01" and
 * "5.1.0-beta" do not (another version), "5.1.0." at the end of a sentence does.
 */
export function namesVersion(text: string | undefined | null, version: string): boolean {
  if (!text || !version.trim()) return false;
  const v = escapeRegExp(version.trim().replace(/^v(?=\d)/i, ''));
  return new RegExp(`(?<![\\w.])v?${v}(?![\\w]|[.\\-+][0-9A-Za-z])`, 'i').test(text);
}

/** Words in release notes and changelog lines that say something was fixed or is a known defect. */
export const FIX_WORDS = /\b(?:fix(?:e[sd]|ing)?|hotfix(?:es)?|bug(?:s|fix(?:es)?)?|regressions?|securit(?:y|ies)|vulnerabilit(?:y|ies)|CVE-\d{4}-\d{4,})\b/i;

/** The fix words a text contains, lower-case, in order of first appearance, for a reason ("fix, regression"). */
export function fixWords(text: string): string[] {
  const out = new Set<string>();
  const re = new RegExp(FIX_WORDS.source, 'gi');
  for (const m of text.matchAll(re)) {
    const w = m[0].toLowerCase();
    out.add(w.startsWith('cve-') ? 'CVE' : w.startsWith('fix') || w.startsWith('hotfix') ? 'fix' : w.startsWith('bug') ? 'bug' : w.startsWith('regression') ? 'regression' : w.startsWith('secur') ? 'security' : 'vulnerability');
    if (out.size >= 5) break;
  }
  return [...out];
}

/** Adds candidates not seen yet (by id); a repeated id adds its reason to the first one. */
export function mergeCandidates<T extends { id: string; reason: string }>(into: T[], more: readonly T[]): void {
  const byId = new Map(into.map((c) => [c.id, c]));
  for (const c of more) {
    const seen = byId.get(c.id);
    if (!seen) {
      into.push(c);
      byId.set(c.id, c);
    } else if (!seen.reason.includes(c.reason)) {
      seen.reason = `${seen.reason}; ${c.reason}`;
    }
  }
}

/**
 * Why an open bug is a candidate for the shipped version, or undefined when it is not: created on or after the
 * release, or naming the version; with no release date known, every open bug may affect it.
 */
export function bugReason(issue: { createdAt: string; title: string; body?: string | null }, version: string, releaseDate: string | undefined): string | undefined {
  const released = timeOf(releaseDate);
  const created = timeOf(issue.createdAt);
  if (released !== undefined && created !== undefined && created >= released) return `open bug created after ${version} was released (${dayOf(releaseDate)})`;
  if (namesVersion(issue.title, version) || namesVersion(issue.body, version)) return `open bug that names ${version}`;
  if (released === undefined) return `open bug; the release date of ${version} is not known, so it may affect it`;
  return undefined;
}
