import { apkVersioning } from './apk.js';
import { composerVersioning } from './composer.js';
import { debianVersioning } from './debian.js';
import { fallback } from './fallback.js';
import { goVersioning } from './go.js';
import { mavenVersioning } from './maven.js';
import { nugetVersioning } from './nuget.js';
import { pep440Versioning } from './pep440.js';
import { rpmVersioning } from './rpm.js';
import { rubygemsVersioning } from './rubygems.js';
import { cratesSemver, npmSemver, semverRanges } from './semver.js';
import type { Versioning } from './types.js';

export type { Versioning } from './types.js';
export { fallbackCompare } from './fallback.js';

/**
 * OSV ecosystem (without its ":release" suffix, case-insensitive) → its ordering. Anything not listed is ordered by
 * the generic fallback, and `isFallback` says so.
 */
const BY_ECOSYSTEM: ReadonlyMap<string, Versioning> = new Map([
  ['npm', npmSemver],
  ['crates.io', cratesSemver],
  // SemVer 2.0 ecosystems; Pub orders build metadata ("1.0.0+1" > "1.0.0"), which SemVer ignores
  ['hex', cratesSemver],
  ['pub', npmSemver],
  ['swifturl', npmSemver],
  ['pypi', pep440Versioning],
  ['maven', mavenVersioning],
  ['go', goVersioning],
  ['nuget', nugetVersioning],
  ['rubygems', rubygemsVersioning],
  ['packagist', composerVersioning],
  ['debian', debianVersioning],
  ['ubuntu', debianVersioning],
  ['alpine', apkVersioning],
  // apk-based distributions
  ['wolfi', apkVersioning],
  ['chainguard', apkVersioning],
  // rpm-based distributions, by OSV's ecosystem names
  ['red hat', rpmVersioning],
  ['rocky linux', rpmVersioning],
  ['almalinux', rpmVersioning],
  ['suse', rpmVersioning],
  ['opensuse', rpmVersioning],
  ['mageia', rpmVersioning],
  ['openeuler', rpmVersioning],
  ['azure linux', rpmVersioning],
  ['mariner', rpmVersioning],
  // an rpm package URL of a vendor OSV does not name ("rpm:fedora", see util/ecosystem.ts)
  ['rpm', rpmVersioning],
  ['photon os', rpmVersioning],
]);

/** The ordering of an OSV ecosystem ("npm", "PyPI", "Debian:12", "Ubuntu:22.04:LTS", "Alpine:v3.19", …). */
export function versioningFor(ecosystem: string): Versioning {
  if (typeof ecosystem !== 'string') return fallback;
  const i = ecosystem.indexOf(':');
  const base = (i < 0 ? ecosystem : ecosystem.slice(0, i)).trim().toLowerCase();
  return BY_ECOSYSTEM.get(base) ?? fallback;
}

/** True when the versions are ordered by the generic fallback (no scheme of their own is known). */
export function isFallback(v: Versioning): boolean {
  return v === fallback;
}

/** The ordering of OSV's SEMVER range type, whatever the ecosystem. */
export const SEMVER: Versioning = semverRanges;

export { fallback };
