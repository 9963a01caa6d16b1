import fc from 'fast-check';
import { expect, it } from 'vitest';
import { TureenError } from '../../model/errors.js';
import type { ExtractResult } from '../source.js';
import { resultOrTureenError } from '../test-support/property.js';

/** Names that must stay data: prototype keys, paths, control characters, empty, long. */
export const HOSTILE_NAMES = ['__proto__', 'constructor', 'prototype', '../../x', '..', 'a\u0000b', '\u001b[31mred', 'toString', '', 'x'.repeat(300), 'a b', 'ñame', 'a/b'];

/**
 * The property tests every Python parser shares: for any text it returns valid components or throws a TureenError
 * (arbitrary strings, cuts of real files, hostile package names put into a template, deep nesting, huge numbers).
 */
export function parserProperties(run: (text: string) => ExtractResult, opts: { samples: string[]; withName: (name: string) => string }): void {
  const check = (text: string) => resultOrTureenError(() => run(text));

  it('returns a result or a TureenError for any string', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => void check(s)), { numRuns: 300 });
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => void check(s)), { numRuns: 100 });
  });

  it('returns a result or a TureenError for cuts of real files', () => {
    for (const sample of opts.samples) {
      fc.assert(fc.property(fc.integer({ min: 0, max: sample.length }), (n) => void check(sample.slice(0, n))), { numRuns: 60 });
      fc.assert(fc.property(fc.integer({ min: 0, max: sample.length - 1 }), fc.string({ maxLength: 5 }), (n, s) => void check(sample.slice(0, n) + s + sample.slice(n + 1))), { numRuns: 60 });
    }
  });

  it('keeps hostile package names as data: a result naming only valid names, or a TureenError', () => {
    const name = fc.oneof(fc.constantFrom(...HOSTILE_NAMES), fc.string({ maxLength: 12 }));
    fc.assert(
      fc.property(name, (n) => {
        const r = check(opts.withName(n));
        if (!(r instanceof TureenError)) {
          // eslint-disable-next-line no-control-regex
          for (const c of r.components) expect(c.name).not.toMatch(/[\u0000-\u001f/]|\.\./);
        }
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: 150 },
    );
    for (const n of HOSTILE_NAMES) check(opts.withName(n));
  });

  it('survives deep nesting and huge numbers', () => {
    check(`a = ${'['.repeat(5000)}${']'.repeat(5000)}\n`);
    check(`${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`);
    check(`version = 1${'0'.repeat(400)}\n`);
    check(opts.withName('a').replace(/1\.0\.0/g, '9'.repeat(400)));
  });
}
