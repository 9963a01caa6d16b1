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

  it('never turns a declaration into a licence it does not state', () => {
    // npm's UNLICENSED grants nothing; the Unlicense grants everything
    expect(toLicense('UNLICENSED')).toEqual({ name: 'UNLICENSED' });
    // no variant or version was declared: which BSD or GPL is not for Tureen to guess
    expect(toLicense('BSD')).toEqual({ name: 'BSD' });
    expect(toLicense('GPL')).toEqual({ name: 'GPL' });
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

describe('toLicense never changes what was declared', () => {
  it('keeps "or later" and the numbers; keeps the text when a correction would change its meaning', () => {
    // Debian short names, as in copyright files (these were mangled by a plain spdx-correct)
    expect(toLicense('GPL-2+')).toEqual({ expression: 'GPL-2.0-or-later' });
    expect(toLicense('LGPL-2.1+')).toEqual({ expression: 'LGPL-2.1+' }); // already a valid SPDX expression
    expect(toLicense('GPL-2+ with OpenSSL exception')).toEqual({ name: 'GPL-2+ with OpenSSL exception' });
    expect(toLicense('GPL-1+ or Artistic')).toEqual({ name: 'GPL-1+ or Artistic' });
    expect(toLicense('BSD-4-clause-UC')).toEqual({ name: 'BSD-4-clause-UC' });
    // corrections that keep the meaning still apply
    expect(toLicense('Apache 2.0')).toEqual({ expression: 'Apache-2.0' });
    // spdx-correct alone turns this into "Apache-2.0", dropping MIT
    expect(toLicense('MIT or Apache 2.0')).not.toEqual({ expression: 'Apache-2.0' });
  });
});
