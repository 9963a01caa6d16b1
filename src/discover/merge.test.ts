import { describe, expect, it } from 'vitest';
import type { Component } from '../model/component.js';
import { mergeComponents } from './merge.js';

function comp(over: Partial<Component>): Component {
  return {
    key: 'pkg:npm/ws@8.17.1', ecosystem: 'npm', name: 'ws', version: '8.17.1', purl: 'pkg:npm/ws@8.17.1',
    licenses: [], hashes: [], scope: 'development', direct: false, firstParty: false, origin: { type: 'registry' },
    paths: [], dependencies: [], evidence: [{ file: 'a/package-lock.json', line: 10, source: 'npm' }], ...over,
  };
}

describe('mergeComponents', () => {
  it('makes one component of the same purl seen in several files, with all evidence and the strongest scope', () => {
    const merged = mergeComponents([
      comp({}),
      comp({ scope: 'runtime', direct: true, evidence: [{ file: 'b/yarn.lock', line: 3, source: 'yarn' }], licenses: [{ expression: 'MIT' }] }),
      comp({ evidence: [{ file: 'a/package-lock.json', line: 10, source: 'npm' }] }),
    ]);
    expect(merged).toHaveLength(1);
    const [m] = merged;
    expect(m?.scope).toBe('runtime');
    expect(m?.direct).toBe(true);
    expect(m?.licenses).toEqual([{ expression: 'MIT' }]);
    expect(m?.evidence.map((e) => e.file)).toEqual(['a/package-lock.json', 'b/yarn.lock']);
  });

  it('keeps different versions apart', () => {
    const merged = mergeComponents([comp({}), comp({ key: 'pkg:npm/ws@7.5.10', version: '7.5.10', purl: 'pkg:npm/ws@7.5.10' })]);
    expect(merged.map((c) => c.version)).toEqual(['8.17.1', '7.5.10']);
  });

  it('prefers optional over development, and runtime over optional', () => {
    expect(mergeComponents([comp({ scope: 'development' }), comp({ scope: 'optional' })])[0]?.scope).toBe('optional');
    expect(mergeComponents([comp({ scope: 'optional' }), comp({ scope: 'runtime' })])[0]?.scope).toBe('runtime');
  });
});
