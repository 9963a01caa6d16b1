import semver from 'semver';
import * as pep440 from '@renovatebot/pep440';
import { baseEcosystem } from '../advisories/osv/names.js';
import type { VersionCompare } from './types.js';

/**
 * Version order for anomaly work: which releases and changelog sections are newer than the version shipped.
 * semver where both versions parse (npm, crates.io, most tags), PEP 440 for PyPI, else plain dotted numbers
 * ("12", "3.19", "1.2.3.4"); undefined when neither reading applies, so callers can fall back to dates.
 * (A per-ecosystem ordering for Maven, Debian, … belongs in a shared versioning module; pass it as `compare`.)
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

function semverCompare(a: string, b: string): number | undefined {
  const x = semver.parse(a, { loose: true });
  const y = semver.parse(b, { loose: true });
  return x && y ? semver.compare(x, y) : undefined;
}

function pep440Compare(a: string, b: string): number | undefined {
  if (!pep440.valid(a) || !pep440.valid(b)) return undefined;
  return Math.sign(pep440.compare(a, b));
}

/** The comparison for an ecosystem (OSV names). */
export function compareFor(ecosystem: string): VersionCompare {
  const eco = baseEcosystem(ecosystem);
  return (rawA, rawB) => {
    const a = stripV(rawA);
    const b = stripV(rawB);
    if (eco === 'PyPI') return pep440Compare(a, b) ?? dotted(a, b);
    return semverCompare(a, b) ?? dotted(a, b) ?? pep440Compare(a, b);
  };
}
