import { describe, expect, it } from 'vitest';
import { DepGraph, MAX_PATH_DEPTH, type NodeData } from './graph.js';

function node(name: string, version = '1.0.0', firstParty = false): NodeData {
  return {
    key: `pkg:npm/${name}@${version}`, ecosystem: 'npm', name, version, purl: `pkg:npm/${name}@${version}`,
    licenses: [], hashes: [], origin: { type: firstParty ? 'workspace' : 'registry' }, firstParty,
    evidence: [{ file: 'package-lock.json', source: 'test' }],
  };
}

/** root → a (prod) → b (prod); root → c (optional) → b; root → d (dev) → e → f; d → a; root → p (peer) */
function sample(): DepGraph {
  const g = new DepGraph();
  for (const n of ['a', 'b', 'c', 'd', 'e', 'f', 'p', 'orphan']) g.addNode(n, node(n));
  g.addNode('root', node('app', '2.0.0', true));
  g.addRoot('root');
  g.addEdge('root', 'a', 'prod');
  g.addEdge('a', 'b', 'prod');
  g.addEdge('root', 'c', 'optional');
  g.addEdge('c', 'b', 'prod');
  g.addEdge('root', 'd', 'dev');
  g.addEdge('d', 'e', 'prod');
  g.addEdge('e', 'f', 'optional');
  g.addEdge('d', 'a', 'prod');
  g.addEdge('root', 'p', 'peer');
  // a dev edge of an installed package is never installed
  g.addEdge('a', 'orphan', 'dev');
  return g;
}

describe('DepGraph.resolve', () => {
  const { components, unreachable } = sample().resolve({ unreachableScope: 'development' });
  const by = new Map(components.map((c) => [c.name, c]));

  it('gives runtime to what a production install reaches through prod and peer edges', () => {
    expect(by.get('a')?.scope).toBe('runtime');
    expect(by.get('b')?.scope).toBe('runtime'); // also reachable through the optional c, but a prod path wins
    expect(by.get('p')?.scope).toBe('runtime');
    expect(by.get('app')?.scope).toBe('runtime');
  });

  it('gives optional to what only an optional edge brings into a production install', () => {
    expect(by.get('c')?.scope).toBe('optional');
  });

  it('gives development to what only the roots\' dev edges reach', () => {
    expect(by.get('d')?.scope).toBe('development');
    expect(by.get('e')?.scope).toBe('development');
    expect(by.get('f')?.scope).toBe('development');
  });

  it('never follows dev edges of installed packages, and reports what no root reaches', () => {
    expect(unreachable.map((n) => n.name)).toEqual(['orphan']);
    expect(by.get('orphan')?.scope).toBe('development');
  });

  it('marks the roots\' own dependencies direct, and the root itself not', () => {
    expect(['a', 'c', 'd', 'p'].every((n) => by.get(n)?.direct)).toBe(true);
    expect(by.get('b')?.direct).toBe(false);
    expect(by.get('app')?.direct).toBe(false);
  });

  it('records the shortest path from the root and the dependency keys', () => {
    expect(by.get('b')?.paths[0]).toEqual(['app@2.0.0', 'a@1.0.0', 'b@1.0.0']);
    expect(by.get('f')?.paths[0]).toEqual(['app@2.0.0', 'd@1.0.0', 'e@1.0.0', 'f@1.0.0']);
    expect(by.get('a')?.dependencies).toEqual(['pkg:npm/b@1.0.0', 'pkg:npm/orphan@1.0.0']);
  });

  it('lets the package manager\'s own verdict win when the source supplies one', () => {
    const { components: cs } = sample().resolve({ scopeOf: (id) => (id === 'a' ? 'development' : undefined) });
    expect(cs.find((c) => c.name === 'a')?.scope).toBe('development');
  });

  it('keeps the strongest kind when one dependency is declared twice', () => {
    const g = new DepGraph();
    g.addNode('root', node('app', '1.0.0', true));
    g.addNode('x', node('x'));
    g.addRoot('root');
    g.addEdge('root', 'x', 'dev');
    g.addEdge('root', 'x', 'prod');
    expect(g.resolve().components.find((c) => c.name === 'x')?.scope).toBe('runtime');
  });
});

describe('DepGraph on a hostile chain', () => {
  it('keeps paths bounded: a chain of 5,000 packages gives paths of at most MAX_PATH_DEPTH labels, root first', () => {
    const g = new DepGraph();
    const node = (i: number) => ({ key: `pkg:npm/p${i}@1.0.0`, ecosystem: 'npm', name: `p${i}`, version: '1.0.0', purl: `pkg:npm/p${i}@1.0.0`, licenses: [], hashes: [], origin: { type: 'registry' as const }, firstParty: i === 0, evidence: [{ file: 'x', source: 't' }] });
    for (let i = 0; i < 5000; i++) g.addNode(`n${i}`, node(i));
    g.addRoot('n0');
    for (let i = 0; i + 1 < 5000; i++) g.addEdge(`n${i}`, `n${i + 1}`, 'prod');
    const { components } = g.resolve();
    const last = components.find((c) => c.name === 'p4999')!;
    expect(last.paths[0]).toHaveLength(MAX_PATH_DEPTH);
    expect(last.paths[0]![0]).toBe('p0@1.0.0');
    expect(last.paths[0]![1]).toBe('…');
    expect(last.paths[0]!.at(-1)).toBe('p4999@1.0.0');
    // short paths are whole
    expect(components.find((c) => c.name === 'p3')!.paths[0]).toEqual(['p0@1.0.0', 'p1@1.0.0', 'p2@1.0.0', 'p3@1.0.0']);
    expect(components.find((c) => c.name === 'p63')!.paths[0]).toHaveLength(64);
    expect(components.find((c) => c.name === 'p63')!.paths[0]).not.toContain('…');
  });
});
