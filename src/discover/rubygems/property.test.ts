import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { resultOrTureenError } from '../test-support/property.js';
import { extractGemfile, extractGemfileLock } from './extract.js';

const LOCK = readFileSync(join(import.meta.dirname, 'fixtures/spec-platforms/Gemfile.lock'), 'utf8');
const GEMFILE = readFileSync(join(import.meta.dirname, 'fixtures/spec-platforms/Gemfile'), 'utf8');
const run = (text: string, gemfile?: string) => resultOrTureenError(() => extractGemfileLock({ file: 'Gemfile.lock', text, ...(gemfile !== undefined ? { gemfile: { file: 'Gemfile', text: gemfile } } : {}) }));
const HOSTILE = ['__proto__', 'constructor', '../../x', 'a\u0000b', '\u001b[31m', 'toString', '(', ')', '-', '!'];

describe('Gemfile.lock and Gemfile parsers under arbitrary input', () => {
  it('return a result or a TureenError for any string and every truncation', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => {
      run(s, s);
      resultOrTureenError(() => extractGemfile('Gemfile', s));
    }), { numRuns: 300 });
    for (let i = 0; i <= LOCK.length; i += 11) run(LOCK.slice(0, i), GEMFILE);
  });

  it('return a result or a TureenError for random specs', () => {
    const str = fc.oneof(fc.constantFrom(...HOSTILE), fc.stringMatching(/^[^\s()]{1,10}$/));
    const spec = fc.tuple(str, str, fc.array(str, { maxLength: 3 })).map(([n, v, d]) => `    ${n} (${v})\n${d.map((x) => `      ${x}\n`).join('')}`);
    fc.assert(fc.property(fc.array(spec, { maxLength: 6 }), fc.array(str, { maxLength: 4 }), (specs, deps) => {
      const text = `GIT\n  remote: ../x\n  revision: abc\n  specs:\n${specs.join('')}\nPATH\n  remote: ../../..\n  specs:\n${specs.join('')}\nGEM\n  remote: https://rubygems.org/\n  specs:\n${specs.join('')}\nDEPENDENCIES\n${deps.map((d) => `  ${d}!\n`).join('')}\nCHECKSUMS\n${deps.map((d) => `  ${d} (1) sha256=zz\n`).join('')}\nRUBY VERSION\n   ruby x\n`;
      run(text, deps.map((d) => `group :test do\n gem "${d}"\nend\n`).join(''));
      resultOrTureenError(() => extractGemfile('Gemfile', deps.map((d) => `gem "${d}", "${d}"\nend\nend\n`).join('')));
    }), { numRuns: 300 });
  });
});
