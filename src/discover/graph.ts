import type { Component, Evidence, Hash, License, Origin, Property, Scope } from '../model/component.js';
import type { Finding } from '../model/finding.js';

/** Kind of a dependency edge, as the manifest or lockfile declares it. */
export type EdgeKind = 'prod' | 'dev' | 'optional' | 'peer';

/** What a source knows about one installed package before the graph decides scope, directness and paths. */
export interface NodeData {
  key: string;
  ecosystem: string;
  name: string;
  version: string;
  purl: string;
  licenses: License[];
  supplier?: string;
  hashes: Hash[];
  origin: Origin;
  firstParty: boolean;
  evidence: Evidence[];
  /** Further facts from the lockfile (e.g. prerequisites: `engines`, `os`, `cpu`), passed to the component. */
  properties?: Property[];
}

interface Edge {
  to: string;
  kind: EdgeKind;
}

/**
 * The dependency graph of one lockfile: nodes (installed packages and roots) and typed edges.
 * `resolve()` decides each package's scope the way a package manager's production install does:
 *  - runtime: reachable from a root through prod/peer edges only;
 *  - optional: reachable without dev edges, but only through at least one optional edge;
 *  - development: reachable only through a root's dev edge.
 * It also records direct dependencies of the roots and the shortest path from each root.
 */
export class DepGraph {
  private readonly nodes = new Map<string, NodeData>();
  private readonly edges = new Map<string, Edge[]>();
  private readonly roots: string[] = [];

  addNode(id: string, data: NodeData): void {
    if (!this.nodes.has(id)) this.nodes.set(id, data);
  }

  hasNode(id: string): boolean {
    return this.nodes.has(id);
  }

  node(id: string): NodeData | undefined {
    return this.nodes.get(id);
  }

  addEdge(from: string, to: string, kind: EdgeKind): void {
    let list = this.edges.get(from);
    if (!list) this.edges.set(from, (list = []));
    // a dependency named twice (e.g. in dependencies and optionalDependencies) keeps its strongest kind
    const existing = list.find((e) => e.to === to);
    if (existing) {
      if (rank(kind) < rank(existing.kind)) existing.kind = kind;
      return;
    }
    list.push({ to, kind });
  }

  addRoot(id: string): void {
    if (!this.roots.includes(id)) this.roots.push(id);
  }

  /**
   * Decide scope, directness and paths. `scopeOf` lets a source impose the package manager's own
   * verdict (e.g. npm's dev/optional flags); otherwise reachability decides. Nodes no root reaches
   * get `unreachableScope` (the caller decides what an orphan entry means for its package manager).
   */
  resolve(opts: { scopeOf?: (id: string) => Scope | undefined; unreachableScope?: Scope; maxPathsPerNode?: number } = {}): {
    components: Component[];
    /** The nodes no root reaches (lockfile entries nothing depends on), for the source to report. */
    unreachable: NodeData[];
  } {
    const runtime = this.reach(['prod', 'peer'], false);
    const nonDev = this.reach(['prod', 'peer', 'optional'], false);
    const all = this.reach(['prod', 'peer', 'optional', 'dev'], true);
    const direct = new Set<string>();
    for (const r of this.roots) for (const e of this.edges.get(r) ?? []) direct.add(e.to);

    const paths = this.shortestPaths(opts.maxPathsPerNode ?? 5);
    const unreachable: NodeData[] = [];
    const components: Component[] = [];
    for (const [id, n] of this.nodes) {
      let scope: Scope | undefined = opts.scopeOf?.(id);
      if (!scope) {
        if (runtime.has(id) || this.roots.includes(id)) scope = 'runtime';
        else if (nonDev.has(id)) scope = 'optional';
        else if (all.has(id)) scope = 'development';
        else {
          scope = opts.unreachableScope ?? 'runtime';
          unreachable.push(n);
        }
      }
      const deps = (this.edges.get(id) ?? [])
        .map((e) => this.nodes.get(e.to)?.key)
        .filter((k): k is string => k !== undefined && k !== n.key);
      components.push({
        key: n.key,
        ecosystem: n.ecosystem,
        name: n.name,
        version: n.version,
        purl: n.purl,
        licenses: n.licenses,
        ...(n.supplier ? { supplier: n.supplier } : {}),
        hashes: n.hashes,
        scope,
        direct: direct.has(id) && !this.roots.includes(id),
        firstParty: n.firstParty,
        origin: n.origin,
        paths: paths.get(id) ?? [],
        dependencies: [...new Set(deps)],
        evidence: n.evidence,
        ...(n.properties?.length ? { properties: n.properties } : {}),
      });
    }
    return { components, unreachable };
  }

  /** Nodes reachable from the roots' edges of `kinds` (then following `kinds` onwards). */
  private reach(kinds: EdgeKind[], includeRoots: boolean): Set<string> {
    const seen = new Set<string>(includeRoots ? this.roots : []);
    const queue: string[] = [];
    for (const r of this.roots) {
      for (const e of this.edges.get(r) ?? []) {
        if (kinds.includes(e.kind) && !seen.has(e.to)) {
          seen.add(e.to);
          queue.push(e.to);
        }
      }
    }
    const follow: EdgeKind[] = kinds.filter((k) => k !== 'dev');
    for (let i = 0; i < queue.length; i++) {
      const id = queue[i] as string;
      for (const e of this.edges.get(id) ?? []) {
        // dev edges of installed packages are never installed; only a root's dev edges count
        if (follow.includes(e.kind) && !seen.has(e.to)) {
          seen.add(e.to);
          queue.push(e.to);
        }
      }
    }
    return seen;
  }

  /** For each node, the shortest path from each root (BFS per root), as name@version labels. */
  private shortestPaths(max: number): Map<string, string[][]> {
    const out = new Map<string, string[][]>();
    const label = (id: string) => {
      const n = this.nodes.get(id);
      return n ? (n.version ? `${n.name}@${n.version}` : n.name) : id;
    };
    for (const root of this.roots) {
      const parent = new Map<string, string | null>([[root, null]]);
      const queue = [root];
      for (let i = 0; i < queue.length; i++) {
        const id = queue[i] as string;
        for (const e of this.edges.get(id) ?? []) {
          if (e.kind === 'dev' && id !== root) continue;
          if (!parent.has(e.to)) {
            parent.set(e.to, id);
            queue.push(e.to);
          }
        }
      }
      for (const id of queue) {
        if (id === root) continue;
        const list = out.get(id) ?? [];
        if (list.length >= max) continue;
        // A path longer than MAX_PATH_DEPTH keeps its root and its last steps around an ellipsis: real dependency
        // chains are far shorter, and a hostile chain of n packages must not cost n² labels.
        const path: string[] = [];
        let cur: string | null | undefined = id;
        for (; cur != null && path.length < MAX_PATH_DEPTH - 1; cur = parent.get(cur)) path.push(label(cur));
        if (cur === root) path.push(label(root));
        else if (cur != null) {
          path.length = MAX_PATH_DEPTH - 2;
          path.push('…', label(root));
        }
        list.push(path.reverse());
        out.set(id, list);
      }
    }
    for (const list of out.values()) list.sort((a, b) => a.length - b.length);
    return out;
  }
}

/** A finding about one package of the graph: placed at its first evidence line, naming its key. */
export function nodeFinding(n: NodeData, file: string, f: Pick<Finding, 'rule' | 'severity' | 'message' | 'fix'>): Finding {
  const line = n.evidence[0]?.line;
  return { rule: f.rule, severity: f.severity, message: f.message, file, ...(line !== undefined ? { line } : {}), item: n.key, fix: f.fix };
}

/** The most labels a dependency path keeps (see shortestPaths). */
export const MAX_PATH_DEPTH = 64;

function rank(k: EdgeKind): number {
  return k === 'prod' ? 0 : k === 'peer' ? 1 : k === 'optional' ? 2 : 3;
}
