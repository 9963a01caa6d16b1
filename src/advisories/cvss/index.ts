import cvssLib from 'ae-cvss-calculator';
import type { Osv } from '../osv/schema.js';

/**
 * CVSS scores for advisories: a vector (OSV `severity[]`, NVD `cvssMetricV*`) becomes a version, a base score and a
 * qualitative rating. The arithmetic is ae-cvss-calculator's (FIRST's formulas for 2.0, 3.0, 3.1 and the 4.0
 * macro-vector tables); this module decides which vector to trust and refuses malformed ones, which the library
 * accepts too readily (it keeps the last of two `AV:` and scores a vector with missing base metrics as 0.0).
 */

// ae-cvss-calculator is a CommonJS bundle: Node's ESM loader exposes its exports only as the default export
const { Cvss2, Cvss3P0, Cvss3P1, Cvss4P0 } = cvssLib;

export type CvssVersion = '2.0' | '3.0' | '3.1' | '4.0';
export type Severity = 'none' | 'low' | 'medium' | 'high' | 'critical';

export interface CvssScore {
  version: CvssVersion;
  /** The vector as given (trimmed). */
  vector: string;
  /** The base score (CVSS-B for 4.0): what NVD and GitHub show as "the" score; severity is rated from it. */
  baseScore: number;
  /** The score of the whole vector: temporal/environmental (2.0, 3.x) or CVSS-BT/BE/BTE (4.0); = baseScore when the vector holds base metrics only. */
  score: number;
  severity: Severity;
}

/** One `{ type, score }` as OSV writes it: CVSS_V2 | CVSS_V3 | CVSS_V4 | Ubuntu | … */
export interface SeverityEntry {
  type: string;
  score: string;
}

const BASE: Record<CvssVersion, readonly string[]> = {
  '2.0': ['AV', 'AC', 'Au', 'C', 'I', 'A'],
  '3.0': ['AV', 'AC', 'PR', 'UI', 'S', 'C', 'I', 'A'],
  '3.1': ['AV', 'AC', 'PR', 'UI', 'S', 'C', 'I', 'A'],
  '4.0': ['AV', 'AC', 'AT', 'PR', 'UI', 'VC', 'VI', 'VA', 'SC', 'SI', 'SA'],
};
const OPTIONAL: Record<CvssVersion, readonly string[]> = {
  '2.0': ['E', 'RL', 'RC', 'CDP', 'TD', 'CR', 'IR', 'AR'],
  '3.0': ['E', 'RL', 'RC', 'CR', 'IR', 'AR', 'MAV', 'MAC', 'MPR', 'MUI', 'MS', 'MC', 'MI', 'MA'],
  '3.1': ['E', 'RL', 'RC', 'CR', 'IR', 'AR', 'MAV', 'MAC', 'MPR', 'MUI', 'MS', 'MC', 'MI', 'MA'],
  '4.0': ['E', 'CR', 'IR', 'AR', 'MAV', 'MAC', 'MAT', 'MPR', 'MUI', 'MVC', 'MVI', 'MVA', 'MSC', 'MSI', 'MSA', 'S', 'AU', 'R', 'V', 'RE', 'U'],
};

/** Which OSV severity type may carry which vector versions. */
const TYPE_VERSIONS: ReadonlyMap<string, readonly CvssVersion[]> = new Map([
  ['CVSS_V2', ['2.0']],
  ['CVSS_V3', ['3.0', '3.1']],
  ['CVSS_V4', ['4.0']],
]);

const RANK: Record<CvssVersion, number> = { '2.0': 0, '3.0': 1, '3.1': 2, '4.0': 3 };

/** Longest vector accepted; the longest legal 4.0 vector with every optional metric is about 240 characters. */
const MAX_VECTOR = 400;

/**
 * The qualitative rating of a score. 3.x and 4.0: FIRST's scale (0 none, 0.1–3.9 low, 4.0–6.9 medium, 7.0–8.9
 * high, 9.0–10 critical). 2.0 has no official scale; NVD's is used (0–3.9 low, 4.0–6.9 medium, 7.0–10 high).
 */
export function severityFromScore(version: CvssVersion, score: number): Severity {
  if (version === '2.0') return score >= 7 ? 'high' : score >= 4 ? 'medium' : 'low';
  if (score === 0) return 'none';
  if (score < 4) return 'low';
  if (score < 7) return 'medium';
  if (score < 9) return 'high';
  return 'critical';
}

/** The version a vector declares by its prefix; a vector without prefix is 2.0 (NVD and OSV write 2.0 vectors bare). */
function versionOf(vector: string): { version: CvssVersion; body: string } | undefined {
  const m = /^CVSS:(\d\.\d)\/(.*)$/.exec(vector);
  if (!m) return { version: '2.0', body: vector.startsWith('(') && vector.endsWith(')') ? vector.slice(1, -1) : vector };
  const v = m[1];
  if (v === '2.0' || v === '3.0' || v === '3.1' || v === '4.0') return { version: v, body: m[2] ?? '' };
  return undefined;
}

/** Syntax the library does not check: known metric names only, each at most once, every base metric present. */
function wellFormed(version: CvssVersion, body: string): boolean {
  const allowed = new Set([...BASE[version], ...OPTIONAL[version]]);
  const seen = new Set<string>();
  for (const part of body.split('/')) {
    const m = /^([A-Za-z]{1,3}):([A-Za-z]{1,8})$/.exec(part);
    if (!m || !allowed.has(m[1]!) || seen.has(m[1]!)) return false;
    seen.add(m[1]!);
  }
  return BASE[version].every((k) => seen.has(k));
}

/** Score one vector; undefined when it is not a complete, well-formed CVSS 2.0/3.0/3.1/4.0 vector. */
export function parseCvss(raw: string): CvssScore | undefined {
  if (typeof raw !== 'string') return undefined;
  const vector = raw.trim();
  if (vector.length === 0 || vector.length > MAX_VECTOR) return undefined;
  const head = versionOf(vector);
  if (!head || !wellFormed(head.version, head.body)) return undefined;
  try {
    const { version } = head;
    if (version === '4.0') {
      const v = new Cvss4P0(vector);
      if (!v.isBaseFullyDefined()) return undefined;
      const s = v.calculateScores();
      const base = s.baseMetricsOnly ?? s.base;
      if (base === undefined || !Number.isFinite(base)) return undefined;
      return { version, vector, baseScore: base, score: s.overall, severity: severityFromScore(version, base) };
    }
    // the 2.0 class does not take the unofficial "CVSS:2.0/" prefix some producers write
    const v = version === '2.0' ? new Cvss2(head.body) : version === '3.0' ? new Cvss3P0(vector) : new Cvss3P1(vector);
    if (!v.isBaseFullyDefined()) return undefined;
    const s = v.calculateScores();
    if (s.base === undefined || !Number.isFinite(s.base)) return undefined;
    return { version, vector, baseScore: s.base, score: s.overall, severity: severityFromScore(version, s.base) };
  } catch {
    // an unknown metric value ("AV:Q") throws inside the library
    return undefined;
  }
}

/**
 * The score to report from OSV-style severity entries: the newest CVSS version present wins (4.0 > 3.1 > 3.0 >
 * 2.0); among several vectors of that version, the highest base score. An entry whose type and vector disagree
 * (CVSS_V3 carrying a 4.0 vector), an invalid vector, and non-CVSS types (Ubuntu) are ignored, never thrown.
 */
export function scoreOf(severity: readonly SeverityEntry[] | undefined): CvssScore | undefined {
  let best: CvssScore | undefined;
  for (const entry of severity ?? []) {
    if (typeof entry?.type !== 'string' || typeof entry.score !== 'string') continue;
    const allowed = TYPE_VERSIONS.get(entry.type);
    if (!allowed) continue;
    const s = parseCvss(entry.score);
    if (!s || !allowed.includes(s.version)) continue;
    if (!best || RANK[s.version] > RANK[best.version] || (RANK[s.version] === RANK[best.version] && s.baseScore > best.baseScore)) best = s;
  }
  return best;
}

/** How an advisory's severity was decided, so a report can say so. */
export type SeverityVerdict =
  | { severity: Severity; source: 'cvss'; cvss: CvssScore; /** where the vector was: the record's own, or an affected package's */ from: 'record' | 'affected' }
  | { severity: Severity; source: 'database_specific'; /** as written, e.g. "MODERATE" */ label: string }
  | { severity: Severity; source: 'ubuntu'; label: string };

/** GHSA's words (LOW/MODERATE/HIGH/CRITICAL); MEDIUM is accepted as others write it. */
const DB_LABELS: ReadonlyMap<string, Severity> = new Map([
  ['NONE', 'none'],
  ['LOW', 'low'],
  ['MODERATE', 'medium'],
  ['MEDIUM', 'medium'],
  ['HIGH', 'high'],
  ['CRITICAL', 'critical'],
]);
/** OSV's "Ubuntu" severity type (schema 1.7): negligible is below low but still reported as low. */
const UBUNTU_LABELS: ReadonlyMap<string, Severity> = new Map([
  ['negligible', 'low'],
  ['low', 'low'],
  ['medium', 'medium'],
  ['high', 'high'],
  ['critical', 'critical'],
]);

function ownString(obj: unknown, key: string): string | undefined {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj) || !Object.hasOwn(obj, key)) return undefined;
  const v = (obj as Record<string, unknown>)[key];
  return typeof v === 'string' ? v : undefined;
}

/**
 * An OSV record's severity: a CVSS vector when one parses (the record's own `severity`, else its affected
 * packages'), else GHSA's `database_specific.severity`, else an "Ubuntu" rating; undefined when the record states
 * none. The verdict names which it used.
 */
export function severityOf(osv: Osv): SeverityVerdict | undefined {
  const own = scoreOf(osv.severity);
  if (own) return { severity: own.severity, source: 'cvss', cvss: own, from: 'record' };
  const affected = scoreOf((osv.affected ?? []).flatMap((a) => a.severity ?? []));
  if (affected) return { severity: affected.severity, source: 'cvss', cvss: affected, from: 'affected' };
  const label = ownString(osv.database_specific, 'severity');
  const db = label ? DB_LABELS.get(label.trim().toUpperCase()) : undefined;
  if (label && db) return { severity: db, source: 'database_specific', label };
  for (const s of [...(osv.severity ?? []), ...(osv.affected ?? []).flatMap((a) => a.severity ?? [])]) {
    const u = s.type === 'Ubuntu' ? UBUNTU_LABELS.get(s.score.trim().toLowerCase()) : undefined;
    if (u) return { severity: u, source: 'ubuntu', label: s.score };
  }
  return undefined;
}
