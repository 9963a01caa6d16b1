import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resultOrTureenError } from '../test-support/property.js';
import { extractCatalog } from './extract.js';

const TEXT = readFileSync(join(import.meta.dirname, '../../../test/fixtures/corpus/gradle-catalog/nightscout__AndroidAPS__gradle__libs.versions.toml'), 'utf8');
const run = (text: string) => resultOrTureenError(() => extractCatalog({ file: 'libs.versions.toml', text }));
const HOSTILE = ['__proto__', 'constructor', '../x', 'a\u0000b', '\u001b[2J', '', 'toString', '${x}'];

describe('version catalog parser under arbitrary input', () => {
  it('returns a result or a TureenError for any string and every truncation sampled', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => void run(s)), { numRuns: 300 });
    fc.assert(fc.property(fc.integer({ min: 0, max: TEXT.length }), (n) => void run(TEXT.slice(0, n))), { numRuns: 200 });
  });
  it('keeps hostile aliases and coordinates as data', () => {
    const s = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 8 }));
    fc.assert(fc.property(s, s, s, s, (alias, g, a, v) => {
      const q = (x: string) => JSON.stringify(x);
      const r = run(`[versions]\n${q(alias)} = ${q(v)}\n[libraries]\n${q(alias)} = { group = ${q(g)}, name = ${q(a)}, version.ref = ${q(alias)} }\n[plugins]\n${q(alias)} = { id = ${q(g)}, version = ${q(v)} }\n[bundles]\n${q(alias)} = [${q(alias)}]\n`);
      expect(r).toBeDefined();
      expect(({} as Record<string, unknown>).ref).toBeUndefined();
    }), { numRuns: 300 });
  });
});
