import type { Component, Evidence, Scope } from '../model/component.js';
import { mergeHashes } from '../util/hash.js';
import { dedupeLicenses } from '../util/license.js';

/** Strongest first: a component that ships anywhere ships. */
const SCOPE_ORDER: readonly Scope[] = ['runtime', 'optional', 'build', 'test', 'development'];

export function strongerScope(a: Scope, b: Scope): Scope {
  return SCOPE_ORDER.indexOf(a) <= SCOPE_ORDER.indexOf(b) ? a : b;
}

const MAX_PATHS = 10;

/**
 * One component per key (purl): the same package at the same version seen at several places of a
 * lockfile, or in several files, becomes one component carrying all its evidence, the strongest scope,
 * every dependency, and the shortest paths. Order of first appearance is kept.
 */
export function mergeComponents(components: readonly Component[]): Component[] {
  const byKey = new Map<string, Component>();
  for (const c of components) {
    const prev = byKey.get(c.key);
    if (!prev) {
      byKey.set(c.key, { ...c, evidence: dedupeEvidence(c.evidence), paths: [...c.paths], dependencies: [...c.dependencies], ...(c.properties ? { properties: [...c.properties] } : {}) });
      continue;
    }
    prev.scope = strongerScope(prev.scope, c.scope);
    prev.direct = prev.direct || c.direct;
    prev.firstParty = prev.firstParty || c.firstParty;
    prev.licenses = dedupeLicenses([...prev.licenses, ...c.licenses]);
    prev.hashes = mergeHashes(prev.hashes, c.hashes);
    if (!prev.supplier && c.supplier) prev.supplier = c.supplier;
    if (!prev.cpe && c.cpe) prev.cpe = c.cpe;
    // a tool that also ships (a library on a build classpath and on the runtime one) is what ships, not a tool
    if (prev.kind === 'tool' && c.kind !== 'tool' && (c.scope === 'runtime' || c.scope === 'optional')) {
      if (c.kind) prev.kind = c.kind;
      else delete prev.kind;
    } else if (!prev.kind && c.kind && !(c.kind === 'tool' && (prev.scope === 'runtime' || prev.scope === 'optional'))) prev.kind = c.kind;
    if (!prev.sourceName && c.sourceName) prev.sourceName = c.sourceName;
    if (!prev.description && c.description) prev.description = c.description;
    if (!prev.decision && c.decision) prev.decision = c.decision;
    if (c.properties?.length) {
      const seenProps = new Set((prev.properties ?? []).map((p) => `${p.name}\u0000${p.value}`));
      prev.properties = [...(prev.properties ?? []), ...c.properties.filter((p) => !seenProps.has(`${p.name}\u0000${p.value}`))];
    }
    prev.evidence = dedupeEvidence([...prev.evidence, ...c.evidence]);
    prev.dependencies = [...new Set([...prev.dependencies, ...c.dependencies])];
    const seen = new Set(prev.paths.map((p) => p.join('\u0000')));
    for (const p of c.paths) {
      const k = p.join('\u0000');
      if (!seen.has(k)) {
        seen.add(k);
        prev.paths.push(p);
      }
    }
    prev.paths.sort((a, b) => a.length - b.length);
    if (prev.paths.length > MAX_PATHS) prev.paths.length = MAX_PATHS;
  }
  return [...byKey.values()];
}

function dedupeEvidence(list: readonly Evidence[]): Evidence[] {
  const seen = new Set<string>();
  const out: Evidence[] = [];
  for (const e of list) {
    const k = `${e.file}\u0000${e.line ?? ''}\u0000${e.key ?? ''}\u0000${e.source}`;
    if (!seen.has(k)) {
      seen.add(k);
      out.push(e);
    }
  }
  return out;
}
