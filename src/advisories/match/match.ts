import type { Osv, OsvAffected, OsvRange } from '../osv/schema.js';
import { advisoryEcosystems, normalizeName } from '../osv/names.js';
import { SEMVER, versioningFor, type Versioning } from '../../versioning/index.js';

/**
 * Does an OSV record affect one package version? The evaluation of the OSV schema ("Evaluation",
 * https://ossf.github.io/osv-schema/#evaluation), exactly:
 * - a withdrawn record never matches;
 * - an affected[] entry applies when its package's ecosystem is one the package's ecosystem reads advisories from
 *   (`advisoryEcosystems`: "Debian:12" also reads "Debian") and its name, normalised per ecosystem, is the package's
 *   name — or its source package's name (OS advisories name source packages);
 * - the version is affected if it is in `versions`, or inside any range: events sorted by version ("introduced: 0"
 *   first; events at the same version keep the record's order), `introduced` opens, `fixed` closes (exclusive),
 *   `last_affected` closes after itself (inclusive), and the version must be below at least one `limit` if there is
 *   any ("*" is infinity);
 * - SEMVER ranges use SemVer order whatever the ecosystem, ECOSYSTEM ranges the ecosystem's own (src/versioning);
 * - GIT ranges need the repository's commit graph, which Tureen does not have. With `pkg.commit` given, a GIT range
 *   decides only when the commit is one of its events: an `introduced` or `last_affected` commit is affected (unless
 *   the same range also fixes or limits at that very commit), a `fixed` or `limit` commit is not; any other commit is
 *   undecided and a warning says so. Without `pkg.commit`, GIT ranges are not evaluated (the `versions` list, which
 *   OSV fills with the affected tags, still is).
 * A version or event the ordering cannot read never crashes: that range is skipped and a warning says which.
 */

export interface PackageRef {
  ecosystem: string;
  name: string;
  version: string;
  /** the source package of an OS binary package (Debian, Alpine advisories name source packages) */
  sourceName?: string;
  /** the git commit the package was built from, when known (GIT ranges) */
  commit?: string;
}

export interface AffectedMatch {
  /** the record */
  advisory: Osv;
  /** the affected[] entries that matched this package version */
  affected: OsvAffected[];
  /** versions that fix the range(s) this version is in (the next `fixed` event above it in each matching range), sorted */
  fixed: string[];
  /** matched by the package's own name, or by its source package's name */
  by: 'name' | 'source';
  /** the first evidence found, in this order: an ECOSYSTEM/SEMVER range, the versions list, a GIT range */
  how: 'versions' | 'range' | 'git';
  /** ranges that could not be evaluated, and why (an unreadable version, an undecidable commit) */
  warnings: string[];
}

/** The full answer: the match if any, and the warnings even when there is no match (a skipped range may hide one). */
export interface Evaluation {
  match: AffectedMatch | undefined;
  warnings: string[];
}

type Event = { kind: 'introduced' | 'fixed' | 'last_affected' | 'limit'; value: string };

function eventOf(e: Record<string, string>): Event | undefined {
  for (const kind of ['introduced', 'fixed', 'last_affected', 'limit'] as const) {
    const value = e[kind];
    if (typeof value === 'string') return { kind, value };
  }
  return undefined;
}

const isZero = (e: Event) => e.kind === 'introduced' && e.value === '0';
const isInfinity = (e: Event) => e.kind === 'limit' && e.value.includes('*');

interface RangeResult {
  affected: boolean;
  /** the next fix above the version, when affected */
  fix?: string;
  warning?: string;
}

/** IncludedInRanges for one ordered (SEMVER or ECOSYSTEM) range. */
export function evaluateOrderedRange(range: OsvRange, version: string, order: Versioning, where: string): RangeResult {
  const events = range.events.map((e) => eventOf(e as Record<string, string>)).filter((e): e is Event => e !== undefined);
  if (!order.isValid(version)) {
    return { affected: false, warning: `${where} not evaluated: "${version}" is not a ${order.scheme} version` };
  }
  const unreadable = events.find((e) => !isZero(e) && !isInfinity(e) && !order.isValid(e.value));
  if (unreadable) {
    return { affected: false, warning: `${where} skipped: its ${unreadable.kind} "${unreadable.value}" is not a ${order.scheme} version` };
  }
  const limits = events.filter((e) => e.kind === 'limit');
  if (limits.length > 0 && !limits.some((e) => isInfinity(e) || order.compare(version, e.value) < 0)) return { affected: false };

  // stable sort by version ("0" before everything); ties keep the record's order
  const sorted = events
    .filter((e) => e.kind !== 'limit')
    .map((e, i) => ({ e, i }))
    .sort((a, b) => {
      if (isZero(a.e) || isZero(b.e)) return isZero(a.e) === isZero(b.e) ? a.i - b.i : isZero(a.e) ? -1 : 1;
      return order.compare(a.e.value, b.e.value) || a.i - b.i;
    })
    .map((x) => x.e);

  let affected = false;
  for (const e of sorted) {
    if (e.kind === 'introduced' && (isZero(e) || order.compare(version, e.value) >= 0)) affected = true;
    else if (e.kind === 'fixed' && order.compare(version, e.value) >= 0) affected = false;
    else if (e.kind === 'last_affected' && order.compare(version, e.value) > 0) affected = false;
  }
  if (!affected) return { affected };
  const fix = sorted.find((e) => e.kind === 'fixed' && order.compare(e.value, version) > 0);
  return fix ? { affected, fix: fix.value } : { affected };
}

const normCommit = (c: string) => c.trim().toLowerCase();

/** A GIT range, decided only when the commit is one of its events. */
function evaluateGitRange(range: OsvRange, commit: string, where: string): RangeResult {
  const events = range.events.map((e) => eventOf(e as Record<string, string>)).filter((e): e is Event => e !== undefined);
  const c = normCommit(commit);
  const at = events.filter((e) => normCommit(e.value) === c);
  if (at.some((e) => e.kind === 'fixed' || e.kind === 'limit')) return { affected: false };
  if (at.some((e) => e.kind === 'introduced' || e.kind === 'last_affected')) return { affected: true };
  return { affected: false, warning: `${where} (GIT) not decided: commit ${commit} is none of its events, and commit ancestry is not known` };
}

/** A repository URL reduced for comparison: no scheme, user, ".git" or trailing "/", lower case. */
export function normalizeRepo(url: string): string {
  return url
    .trim()
    .toLowerCase()
    .replace(/^[a-z+]+:\/\//, '')
    .replace(/^[^@/]+@/, '')
    .replace(/^([^/:]+):(?!\d)/, '$1/')
    .replace(/\/+$/, '')
    .replace(/\.git$/, '');
}

function sameRepo(repo: string, name: string): boolean {
  const r = normalizeRepo(repo);
  const n = normalizeRepo(name);
  if (r === n) return true;
  // Tureen names GIT packages "owner/repo" (from purls); the record names the whole URL
  const firstSegment = n.split('/')[0] ?? '';
  return n.includes('/') && !firstSegment.includes('.') && r.slice(r.indexOf('/') + 1) === n;
}

/** How an affected[] entry names this package: by its name, its source package's name, or not at all. */
function namedBy(a: OsvAffected, pkg: PackageRef): 'name' | 'source' | undefined {
  if (a.package) {
    if (!advisoryEcosystems(pkg.ecosystem).includes(a.package.ecosystem)) return undefined;
    const name = normalizeName(a.package.ecosystem, a.package.name);
    if (name === normalizeName(pkg.ecosystem, pkg.name)) return 'name';
    if (pkg.sourceName !== undefined && name === normalizeName(pkg.ecosystem, pkg.sourceName)) return 'source';
    return undefined;
  }
  // no package: GIT-only entries, named by their ranges' repository
  if (pkg.ecosystem !== 'GIT') return undefined;
  const repos = (a.ranges ?? []).filter((r) => r.type === 'GIT' && r.repo).map((r) => r.repo!);
  if (repos.some((r) => sameRepo(r, pkg.name))) return 'name';
  if (pkg.sourceName !== undefined && repos.some((r) => sameRepo(r, pkg.sourceName!))) return 'source';
  return undefined;
}

/** Is the version one of `versions`? The same string, or the same version in the ecosystem's order. */
function listed(versions: string[], version: string, order: Versioning): boolean {
  if (versions.includes(version)) return true;
  if (order.scheme === 'fallback') {
    // the fallback is too loose to call two strings one version; only a "v" prefix is forgiven (GIT tags)
    const bare = version.replace(/^v(?=\d)/, '');
    return versions.some((v) => v.replace(/^v(?=\d)/, '') === bare);
  }
  return order.isValid(version) && versions.some((v) => order.isValid(v) && order.compare(v, version) === 0);
}

function sortVersions(list: string[], order: Versioning): string[] {
  return [...new Set(list)].sort((a, b) => order.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** The evaluation of one record for one package version, with its warnings. */
export function evaluateAdvisory(osv: Osv, pkg: PackageRef): Evaluation {
  const warnings: string[] = [];
  if (osv.withdrawn) return { match: undefined, warnings };
  const matched: OsvAffected[] = [];
  const fixes: string[] = [];
  let by: 'name' | 'source' | undefined;
  let how: AffectedMatch['how'] | undefined;
  const rank = { range: 0, versions: 1, git: 2 } as const;
  const found = (h: AffectedMatch['how']) => {
    if (how === undefined || rank[h] < rank[how]) how = h;
  };

  (osv.affected ?? []).forEach((a, ai) => {
    const named = namedBy(a, pkg);
    if (!named) return;
    const ecosystem = a.package?.ecosystem ?? pkg.ecosystem;
    const order = versioningFor(ecosystem);
    let hit = false;
    (a.ranges ?? []).forEach((range, ri) => {
      const where = `${osv.id} affected[${ai}].ranges[${ri}]`;
      if (range.type === 'GIT') {
        if (pkg.commit === undefined || pkg.commit.trim() === '') return;
        const r = evaluateGitRange(range, pkg.commit, where);
        if (r.warning) warnings.push(r.warning);
        if (r.affected) {
          hit = true;
          found('git');
        }
        return;
      }
      const r = evaluateOrderedRange(range, pkg.version, range.type === 'SEMVER' ? SEMVER : order, where);
      if (r.warning) warnings.push(r.warning);
      if (r.affected) {
        hit = true;
        found('range');
        if (r.fix) fixes.push(r.fix);
      }
    });
    if (a.versions && listed(a.versions, pkg.version, order)) {
      hit = true;
      found('versions');
    }
    if (hit) {
      matched.push(a);
      if (by !== 'name') by = named;
    }
  });

  if (matched.length === 0 || by === undefined || how === undefined) return { match: undefined, warnings };
  return {
    match: { advisory: osv, affected: matched, fixed: sortVersions(fixes, versioningFor(pkg.ecosystem)), by, how, warnings },
    warnings,
  };
}

/** The match of one record for one package version, or undefined when the version is not affected. */
export function matchAdvisory(osv: Osv, pkg: PackageRef): AffectedMatch | undefined {
  return evaluateAdvisory(osv, pkg).match;
}
