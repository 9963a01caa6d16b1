import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { stringify } from 'yaml';
import { resultOrTureenError } from '../test-support/property.js';
import { extractPodfileLock } from './extract.js';

const SMALL = readFileSync(join(import.meta.dirname, 'fixtures/spec-quoted/Podfile.lock'), 'utf8');
const run = (text: string) => resultOrTureenError(() => extractPodfileLock('Podfile.lock', text));
const HOSTILE = ['__proto__', 'constructor', '../../x', 'a\u0000b', '\u001b[31m', '', 'toString', '/', '(', ')'];

describe('Podfile.lock parser under arbitrary input', () => {
  it('returns a result or a TureenError for any string and every truncation', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => void run(s)), { numRuns: 300 });
    for (let i = 0; i <= SMALL.length; i += 5) run(SMALL.slice(0, i));
  });

  it('returns a result or a TureenError for random pods', () => {
    const str = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 12 }));
    const entry = fc.tuple(str, str).map(([n, v]) => `${n} (${v})`);
    const pods = fc.array(fc.oneof(entry, fc.tuple(entry, fc.array(str, { maxLength: 3 })).map(([k, d]) => ({ [k]: d }))), { maxLength: 6 });
    const ext = fc.dictionary(str, fc.dictionary(fc.constantFrom(':git', ':path', ':commit', ':tag', ':podspec', '__proto__'), str));
    fc.assert(fc.property(pods, fc.array(str, { maxLength: 4 }), ext, fc.dictionary(str, str), (PODS, DEPENDENCIES, ex, sums) => {
      run(stringify({ PODS, DEPENDENCIES, 'EXTERNAL SOURCES': ex, 'CHECKOUT OPTIONS': ex, 'SPEC CHECKSUMS': sums }));
    }), { numRuns: 300 });
  });

  it('survives deep nesting', () => {
    run(`PODS: ${'['.repeat(2000)}${']'.repeat(2000)}`);
  });
});
