import { DepGraph, type EdgeKind, type NodeData } from '../graph.js';

/** A dependency reference inside a lockfile: a normalised name, the extras it asks for, and (uv) the exact version. */
export interface DepRef {
  name: string;
  extras: readonly string[];
  version?: string;
}

/** One locked package for the graph: its node, required dependencies, and optional ones per extra. */
export interface LockedPackage {
  id: string;
  node: NodeData;
  /** Normalised name. */
  name: string;
  deps: readonly DepRef[];
  /** extra → the dependencies it adds (only followed when some edge asks for that extra). */
  extras?: ReadonlyMap<string, readonly DepRef[]>;
}

/** An edge from a root project (or workspace member) to a dependency it declares. */
export interface RootEdge extends DepRef {
  kind: EdgeKind;
}

export interface Root {
  id: string;
  node: NodeData;
  /** Normalised name, when other packages may depend on the root (uv workspace members). */
  name?: string;
  edges: readonly RootEdge[];
}

/**
 * A DepGraph over locked Python packages: roots' declared edges (prod / optional / dev), packages' required
 * dependencies (prod), and a package's extra dependencies only for the extras some edge asks for. A reference
 * resolves to the package(s) of that name (of that version when the reference gives one). Returns the references
 * no package resolves, for the source to report.
 */
export function buildGraph(roots: readonly Root[], packages: readonly LockedPackage[]): { graph: DepGraph; missing: { from: string; name: string }[] } {
  const graph = new DepGraph();
  const byName = new Map<string, LockedPackage[]>();
  const byId = new Map<string, LockedPackage>();
  for (const r of roots) {
    graph.addNode(r.id, r.node);
    graph.addRoot(r.id);
  }
  const rootByName = new Map(roots.filter((r) => r.name).map((r) => [r.name as string, r.id]));
  for (const p of packages) {
    graph.addNode(p.id, p.node);
    byId.set(p.id, p);
    const list = byName.get(p.name);
    if (list) list.push(p);
    else byName.set(p.name, [p]);
  }
  const missing: { from: string; name: string }[] = [];
  const extrasDone = new Map<string, Set<string>>();
  const queue: { id: string; extra: string }[] = [];

  const resolve = (ref: DepRef): LockedPackage[] => {
    const all = byName.get(ref.name) ?? [];
    if (ref.version) {
      const exact = all.filter((p) => p.node.version === ref.version);
      if (exact.length) return exact;
    }
    return all;
  };
  const link = (from: string, ref: DepRef, kind: EdgeKind) => {
    const targets = resolve(ref);
    const rootTarget = targets.length ? undefined : rootByName.get(ref.name);
    if (rootTarget !== undefined) {
      if (rootTarget !== from) graph.addEdge(from, rootTarget, kind);
      return;
    }
    if (!targets.length) {
      missing.push({ from, name: ref.name });
      return;
    }
    for (const t of targets) {
      if (t.id !== from) graph.addEdge(from, t.id, kind);
      for (const e of ref.extras) {
        let done = extrasDone.get(t.id);
        if (!done) extrasDone.set(t.id, (done = new Set()));
        if (!done.has(e)) {
          done.add(e);
          queue.push({ id: t.id, extra: e });
        }
      }
    }
  };

  for (const r of roots) for (const e of r.edges) link(r.id, e, e.kind);
  for (const p of packages) for (const d of p.deps) link(p.id, d, 'prod');
  for (let i = 0; i < queue.length; i++) {
    const { id, extra } = queue[i] as { id: string; extra: string };
    const p = byId.get(id);
    for (const d of p?.extras?.get(extra) ?? []) link(id, d, 'prod');
  }
  return { graph, missing };
}
