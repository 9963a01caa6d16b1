import { jsonPaths, replaceAt, resultOrTureenError } from '../test-support/property.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TureenError } from '../../model/errors.js';
import { extractBunLock } from './extract.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const REAL = readFileSync(join(FIXTURES, 'atomic-ehr-framework', 'bun.lock'), 'utf8');
const SMALL = readFileSync(join(FIXTURES, 'workspace-v2', 'bun.lock'), 'utf8');
// the small lockfile as plain data (no string in it contains ",}" or ",]")
const SMALL_DATA = JSON.parse(SMALL.replace(/,(\s*[}\]])/g, '$1')) as Record<string, unknown>;

const run = (text: string) => resultOrTureenError(() => extractBunLock({ file: 'bun.lock', text }));

const HOSTILE = ['__proto__', 'constructor', 'prototype', '../../x', '..', 'a\u0000b', '\u001b[31mred', '@s/__proto__', 'toString', ''];

describe('bun.lock parser under arbitrary input', () => {
  it('returns a result or a TureenError for any string', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => void run(s)), { numRuns: 300 });
  });

  it('returns a result or a TureenError for every sampled truncation of a real lockfile', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: REAL.length }), (n) => void run(REAL.slice(0, n))), { numRuns: 150 });
    // and at every line end of the small one
    for (let i = SMALL.indexOf('\n'); i !== -1; i = SMALL.indexOf('\n', i + 1)) run(SMALL.slice(0, i));
  });

  it('returns a result or a TureenError when any field holds a random JSON value', () => {
    const all = jsonPaths(SMALL_DATA);
    fc.assert(
      fc.property(fc.constantFrom(...all), fc.jsonValue({ maxDepth: 3 }), (path, value) => {
        const r = run(JSON.stringify(replaceAt(SMALL_DATA, path, value), null, 2));
        if (!(r instanceof TureenError)) expect(r.components.length).toBeGreaterThan(0);
      }),
      { numRuns: 400 },
    );
  });

  it('keeps hostile package names as data, never as object keys or paths', () => {
    const name = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 12 }));
    fc.assert(
      fc.property(fc.uniqueArray(name, { minLength: 1, maxLength: 6 }), fc.constantFrom(...HOSTILE), (names, dep) => {
        const packages = Object.fromEntries(names.map((n) => [n, [`${n}@1.0.0`, '', { dependencies: { [dep]: '1' } }, 'sha512-AAAA']]));
        const text = JSON.stringify({
          lockfileVersion: 1,
          workspaces: { '': { name: 'root', dependencies: Object.fromEntries(names.map((n) => [n, '1'])) } },
          packages,
        });
        // JSON.stringify of an object literal built with fromEntries keeps "__proto__" as a key
        const r = run(text);
        if (!(r instanceof TureenError)) {
          for (const c of r.components) if (!c.firstParty) expect(names).toContain(c.name);
        }
        expect(({} as Record<string, unknown>).dependencies).toBeUndefined();
        expect(Object.prototype.hasOwnProperty.call(Object.prototype, '1.0.0')).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});
