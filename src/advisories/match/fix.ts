import { versioningFor } from '../../versioning/index.js';
import { matchAdvisory, type AffectedMatch, type PackageRef } from './match.js';

/**
 * The least version ≥ pkg.version that none of the matches affects, checked by evaluating every matched record again
 * at that version; undefined when no such version is known. The candidates are the `fixed` events of the matched
 * affected[] entries' ordered ranges (a version no record names cannot be proposed: Tureen does not list the
 * registry's releases here). A candidate is evaluated without the package's commit: a new version is a new build.
 */
export function nearestFix(pkg: PackageRef, matches: AffectedMatch[]): string | undefined {
  const order = versioningFor(pkg.ecosystem);
  if (matches.length === 0 || !order.isValid(pkg.version)) return undefined;
  const candidates = new Set<string>();
  for (const m of matches) {
    for (const f of m.fixed) candidates.add(f);
    for (const a of m.affected) {
      for (const r of a.ranges ?? []) {
        if (r.type === 'GIT') continue;
        for (const e of r.events) if ('fixed' in e) candidates.add(e.fixed);
      }
    }
  }
  const sorted = [...candidates]
    .filter((c) => order.isValid(c) && order.compare(c, pkg.version) >= 0)
    .sort((a, b) => order.compare(a, b) || (a < b ? -1 : 1));
  const { commit: _commit, ...withoutCommit } = pkg;
  for (const c of sorted) {
    const at: PackageRef = { ...withoutCommit, version: c };
    if (matches.every((m) => matchAdvisory(m.advisory, at) === undefined)) return present(c, pkg);
  }
  return undefined;
}

/** Go writes versions with "v"; OSV's Go records without. The fix is shown the way the package's version is written. */
function present(version: string, pkg: PackageRef): string {
  if (pkg.ecosystem === 'Go' && pkg.version.startsWith('v') && /^\d/.test(version)) return `v${version}`;
  return version;
}
