/**
 * Dependency paths cost memory in proportion to their length: DepGraph keeps up to five paths per node, each as
 * long as the node is deep. An SBOM that chains thousands of packages one after another (hostile, or generated
 * wrongly) would need gigabytes. This estimates that cost with the same breadth-first search DepGraph does, so a
 * source can leave the paths out (and say so) instead of running out of memory.
 */
export const MAX_PATH_LABELS = 2_000_000;

export function pathCost(roots: readonly string[], edges: ReadonlyMap<string, Iterable<string>>, maxPathsPerNode = 5): number {
  let total = 0;
  const counted = new Map<string, number>();
  for (const root of roots) {
    const depth = new Map<string, number>([[root, 0]]);
    const queue = [root];
    for (let i = 0; i < queue.length; i++) {
      const id = queue[i] as string;
      const d = depth.get(id) as number;
      for (const to of edges.get(id) ?? []) {
        if (depth.has(to)) continue;
        depth.set(to, d + 1);
        queue.push(to);
        const n = counted.get(to) ?? 0;
        if (n < maxPathsPerNode) {
          counted.set(to, n + 1);
          total += d + 2;
          if (total > MAX_PATH_LABELS) return total;
        }
      }
    }
  }
  return total;
}

/** Scope an SBOM edge gives to what it leads to. */
export type EdgeScope = 'runtime' | 'optional' | 'peer' | 'development' | 'test' | 'build';

export const SCOPE_RANK: Readonly<Record<EdgeScope, number>> = { runtime: 0, peer: 0, optional: 1, build: 2, test: 3, development: 4 };
const BY_RANK = ['runtime', 'optional', 'build', 'test', 'development'] as const;

/**
 * The scope of every node reached from the roots: the strongest over all paths, where a path is as weak as its
 * weakest edge (runtime > optional > build > test > development). A label-correcting search: a node is visited
 * again only when it gets a stronger scope, so it ends after at most five visits per node.
 */
export function resolveScopes(roots: readonly string[], edges: ReadonlyMap<string, ReadonlyMap<string, EdgeScope>>): Map<string, (typeof BY_RANK)[number]> {
  const best = new Map<string, number>();
  const queue: [string, number][] = [];
  for (const r of roots) {
    best.set(r, 0);
    queue.push([r, 0]);
  }
  for (let i = 0; i < queue.length; i++) {
    const [id, rank] = queue[i] as [string, number];
    if ((best.get(id) ?? Infinity) < rank) continue;
    for (const [to, s] of edges.get(id) ?? []) {
      const r = Math.max(rank, SCOPE_RANK[s]);
      if (r < (best.get(to) ?? Infinity)) {
        best.set(to, r);
        queue.push([to, r]);
      }
    }
  }
  const out = new Map<string, (typeof BY_RANK)[number]>();
  for (const [id, r] of best) out.set(id, BY_RANK[r] as (typeof BY_RANK)[number]);
  return out;
}

/** Typed edges of an SBOM, the strongest scope kept when the same edge is stated twice. */
export class EdgeSet {
  readonly edges = new Map<string, Map<string, EdgeScope>>();
  add(from: string, to: string, scope: EdgeScope): void {
    let m = this.edges.get(from);
    if (!m) this.edges.set(from, (m = new Map()));
    const prev = m.get(to);
    if (prev === undefined || SCOPE_RANK[scope] < SCOPE_RANK[prev]) m.set(to, scope);
  }
  /** Adjacency as plain target lists (for pathCost). */
  targets(): Map<string, Iterable<string>> {
    return new Map([...this.edges].map(([k, v]) => [k, v.keys()]));
  }
}
