import type { Component } from '../../model/component.js';
import { DepGraph } from '../graph.js';

/**
 * Directness and dependency paths of installed OS packages, the way DepGraph gives them for lockfiles: one root (the
 * root filesystem) with an edge to each package the administrator asked for (apk's etc/apk/world, apt's manually
 * installed packages), package edges from `dependencies`. Scope stays as the source set it (an installed package
 * ships whether or not anything depends on it). Without a list of requested packages, nothing is marked direct.
 */
export function applyRequested(components: Component[], requested: ReadonlySet<string> | undefined, rootLabel: string): void {
  if (!requested) return;
  const g = new DepGraph();
  const ROOT = '\u0000root';
  g.addNode(ROOT, { key: ROOT, ecosystem: 'root', name: rootLabel, version: '', purl: ROOT, licenses: [], hashes: [], origin: { type: 'unknown' }, firstParty: true, evidence: [] });
  g.addRoot(ROOT);
  for (const c of components) {
    g.addNode(c.key, { key: c.key, ecosystem: c.ecosystem, name: c.name, version: c.version, purl: c.purl, licenses: [], hashes: [], origin: c.origin, firstParty: false, evidence: c.evidence });
  }
  for (const c of components) {
    if (requested.has(c.key)) g.addEdge(ROOT, c.key, 'prod');
    for (const d of c.dependencies) if (g.hasNode(d)) g.addEdge(c.key, d, 'prod');
  }
  const resolved = new Map(g.resolve({ scopeOf: () => 'runtime', maxPathsPerNode: 1 }).components.map((c) => [c.key, c]));
  for (const c of components) {
    const r = resolved.get(c.key);
    if (!r) continue;
    c.direct = r.direct;
    c.paths = r.paths;
  }
}
