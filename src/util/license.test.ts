import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { licensesFrom, toLicense } from './license.js';

describe('toLicense', () => {
  it('keeps a valid SPDX expression', () => {
    expect(toLicense('(MIT OR Apache-2.0)')).toEqual({ expression: '(MIT OR Apache-2.0)' });
  });

  it('corrects a sloppy id only when spdx-correct is sure', () => {
    expect(toLicense('Apache 2.0')).toEqual({ expression: 'Apache-2.0' });
  });

  it('keeps a text that is not SPDX as a name, inventing nothing', () => {
    expect(toLicense('SEE LICENSE IN LICENSE.txt')).toEqual({ name: 'SEE LICENSE IN LICENSE.txt' });
  });

  it('reads the shapes package.json has known', () => {
    expect(licensesFrom({ type: 'MIT' })).toEqual([{ expression: 'MIT' }]);
    expect(licensesFrom([{ type: 'MIT' }, { type: 'ISC' }, 'MIT'])).toEqual([{ expression: 'MIT' }, { expression: 'ISC' }]);
    expect(licensesFrom(42)).toEqual([]);
  });

  it('never throws, whatever the text (spdx-correct itself throws on "+")', () => {
    expect(licensesFrom(['+'])).toEqual([{ name: '+' }]);
    fc.assert(fc.property(fc.string(), (s) => {
      const l = toLicense(s);
      expect(l === undefined || 'expression' in l || 'name' in l).toBe(true);
    }), { numRuns: 300 });
  });
});
