import type { AffectedMatch } from './match.js';

/** One vulnerability: every record that names it (GHSA ↔ CVE ↔ PYSEC …) becomes one finding. */
export interface Finding {
  /** the preferred id (see `preferredId`) */
  id: string;
  /** every other id of the vulnerability, sorted */
  aliases: string[];
  /** the matches that make it up, in the order given */
  matches: AffectedMatch[];
}

/**
 * The id a finding goes by: a GitHub advisory id (GHSA-…) first, then any other database's id (PYSEC, RUSTSEC, GO,
 * OSV, DSA, …), a CVE id last; within a kind, the smallest. Why: every reviewed package advisory has a GHSA id and it
 * names the package's own record, while a CVE may be assigned (or added as an alias) later — a review filed under the
 * finding's id should not change id when a new alias appears.
 */
export function preferredId(ids: Iterable<string>): string | undefined {
  const rank = (id: string) => (/^GHSA-/i.test(id) ? 0 : /^CVE-/i.test(id) ? 2 : 1);
  let best: string | undefined;
  for (const id of ids) {
    if (best === undefined || rank(id) < rank(best) || (rank(id) === rank(best) && id < best)) best = id;
  }
  return best;
}

/**
 * Records that alias each other, directly or through others (A lists B, C lists B: one vulnerability), become one
 * finding. `related` and `upstream` are not aliases and do not merge. Call it with the matches of one package.
 */
export function mergeAliases(matches: AffectedMatch[]): Finding[] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root)!;
    let cur = x;
    while (cur !== root) {
      const next = parent.get(cur)!;
      parent.set(cur, root);
      cur = next;
    }
    return root;
  };
  const add = (x: string) => {
    if (!parent.has(x)) parent.set(x, x);
  };
  const union = (a: string, b: string) => {
    add(a);
    add(b);
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra, rb);
  };
  for (const m of matches) {
    add(m.advisory.id);
    for (const alias of m.advisory.aliases ?? []) if (alias.trim() !== '') union(m.advisory.id, alias);
  }
  const groups = new Map<string, AffectedMatch[]>();
  for (const m of matches) {
    const root = find(m.advisory.id);
    const list = groups.get(root) ?? [];
    list.push(m);
    groups.set(root, list);
  }
  const members = new Map<string, Set<string>>();
  for (const id of parent.keys()) {
    const root = find(id);
    const set = members.get(root) ?? new Set<string>();
    set.add(id);
    members.set(root, set);
  }
  const findings: Finding[] = [];
  for (const [root, list] of groups) {
    const ids = members.get(root)!;
    const id = preferredId(ids)!;
    findings.push({ id, aliases: [...ids].filter((x) => x !== id).sort(), matches: list });
  }
  return findings.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
