import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TureenError } from '../../model/errors.js';
import { resultOrTureenError } from '../test-support/property.js';
import { extractConanfile, extractConanLock } from './extract.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const LOCK = readFileSync(join(FIXTURES, 'swan/conan.lock'), 'utf8');
const PY = readFileSync(join(FIXTURES, 'swan/conanfile.py'), 'utf8');
const HOSTILE = ['__proto__', 'constructor', '../../x', 'a\u0000b', '\u001b[31m', '[>=1 <2]', '#', '@', '%', ''];

describe('conan parsers under arbitrary input', () => {
  it('give a result or a TureenError for any string, as txt, py and lock', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => {
      resultOrTureenError(() => extractConanfile({ file: 'conanfile.txt', text: `[requires]\n${s}` }));
      resultOrTureenError(() => extractConanfile({ file: 'conanfile.py', text: s }));
      resultOrTureenError(() => extractConanLock({ file: 'conan.lock', text: s }));
    }), { numRuns: 300 });
  });

  it('survive every truncation of the real files', () => {
    for (let n = 0; n <= LOCK.length; n += 7) resultOrTureenError(() => extractConanLock({ file: 'conan.lock', text: LOCK.slice(0, n) }));
    for (let n = 0; n <= PY.length; n += 5) resultOrTureenError(() => extractConanfile({ file: 'conanfile.py', text: PY.slice(0, n) }));
  });

  it('keep hostile names and versions as data', () => {
    const part = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 10 }));
    fc.assert(fc.property(part, part, fc.jsonValue({ maxDepth: 3 }), (name, version, junk) => {
      const ref = `${name}/${version}`;
      const r1 = resultOrTureenError(() => extractConanLock({ file: 'conan.lock', text: JSON.stringify({ version: '0.5', requires: [ref], build_requires: junk }) }));
      const r2 = resultOrTureenError(() => extractConanLock({ file: 'conan.lock', text: JSON.stringify({ graph_lock: { nodes: { 0: { requires: ['1'] }, 1: { ref }, [name]: junk } } }) }));
      const r3 = resultOrTureenError(() => extractConanfile({ file: 'conanfile.txt', text: `[requires]\n${ref}\n` }));
      for (const r of [r1, r2, r3]) if (!(r instanceof TureenError)) for (const c of r.components) expect(c.name).not.toContain('/');
      expect(({} as Record<string, unknown>).requires).toBeUndefined();
    }), { numRuns: 300 });
  });
});
