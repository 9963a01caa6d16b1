import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TureenError } from '../../model/errors.js';
import { resultOrTureenError } from '../test-support/property.js';
import { extractCmake } from './extract.js';

const REAL = readFileSync(join(import.meta.dirname, 'fixtures/simplekernel/3rd.cmake'), 'utf8');
const run = (text: string) => resultOrTureenError(() => extractCmake({ file: 'CMakeLists.txt', text }));
const HOSTILE = ['__proto__', 'constructor', '../../x', 'a\u0000b', '\u001b[31m', '${__proto__}', '[[', ']]', '"', '#[[', '(', ')', ''];

describe('CMake parser under arbitrary input', () => {
  it('gives a result or a TureenError for any string', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => void run(s)), { numRuns: 300 });
    fc.assert(fc.property(fc.string({ maxLength: 100 }), fc.string({ maxLength: 40 }), (a, b) => void run(`FetchContent_Declare(${a} GIT_REPOSITORY ${b} GIT_TAG ${a})\nCPMAddPackage("${b}")\n`)), { numRuns: 300 });
  });

  it('survives every truncation of a real file, and deep nesting', () => {
    for (let n = 0; n <= REAL.length; n += 13) run(REAL.slice(0, n));
    run(`FetchContent_Declare(x ${'('.repeat(50_000)} GIT_REPOSITORY https://a/b.git)`);
    run(`set(A \${A}\${A}\${A}\${A})\n`.repeat(30) + 'FetchContent_Declare(x URL ${A})');
  });

  it('keeps hostile names as data', () => {
    const part = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 10 }));
    fc.assert(fc.property(part, part, (name, tag) => {
      const r = run(`set(${name} v1)\nFetchContent_Declare("${name}" GIT_REPOSITORY https://github.com/o/r.git GIT_TAG "${tag}")\nExternalProject_Add(${name} URL "https://x/${tag}-1.0.zip")`);
      if (!(r instanceof TureenError)) for (const c of r.components) expect(typeof c.version).toBe('string');
      expect(({} as Record<string, unknown>).v1).toBeUndefined();
    }), { numRuns: 300 });
  });
});
