import { isFallback, SEMVER, versioningFor } from '../versioning/index.js';
import type { VersionCompare } from './types.js';

/**
 * Version order for anomaly work: which releases and changelog sections are newer than the version shipped. The
 * ecosystem's own ordering (src/versioning) where both versions are valid in it; else SemVer (most release tags);
 * else plain dotted numbers ("12", "3.19", "1.2.3.4"); undefined when none applies, so callers can fall back to dates.
 */

/** "v1.2.3" → "1.2.3"; "1.2.3" unchanged. */
export function stripV(v: string): string {
  return v.trim().replace(/^v(?=\d)/i, '');
}

function dotted(a: string, b: string): number | undefined {
  if (!/^\d+(?:\.\d+)*$/.test(a) || !/^\d+(?:\.\d+)*$/.test(b)) return undefined;
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

/** The comparison for an ecosystem (OSV names). */
export function compareFor(ecosystem: string): VersionCompare {
  const own = versioningFor(ecosystem);
  return (rawA, rawB) => {
    const a = stripV(rawA);
    const b = stripV(rawB);
    if (!isFallback(own) && own.isValid(a) && own.isValid(b)) return Math.sign(own.compare(a, b));
    if (SEMVER.isValid(a) && SEMVER.isValid(b)) return Math.sign(SEMVER.compare(a, b));
    return dotted(a, b);
  };
}
