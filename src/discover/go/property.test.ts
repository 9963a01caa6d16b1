import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TureenError } from '../../model/errors.js';
import { memoryRepo } from '../source.js';
import { resultOrTureenError } from '../test-support/property.js';
import { extractGoMod } from './extract.js';
import { source } from './index.js';

const CORPUS = join(import.meta.dirname, '../../../test/fixtures/corpus/go');
const MOD = readFileSync(join(CORPUS, 'tidepool-org__platform__go.mod'), 'utf8');
const SUM = readFileSync(join(CORPUS, 'tidepool-org__platform__go.sum'), 'utf8');
const DIRECTIVES = readFileSync(join(import.meta.dirname, 'fixtures/directives/go.mod'), 'utf8');

const run = (text: string, sum?: string) => resultOrTureenError(() => extractGoMod({ file: 'go.mod', text, ...(sum !== undefined ? { sum: { file: 'go.sum', text: sum } } : {}) }));
const HOSTILE = ['__proto__', 'constructor', '../../x', '..', './x', '/abs', 'a\u0000b', '\u001b[31mred', 'toString', 'a//b', '@', '%2F', 'C:\\x'];

describe('go.mod parser under arbitrary input', () => {
  it('returns a result or a TureenError for any string, and for go.mod-ish token soup', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => void run(s, s)), { numRuns: 300 });
    const token = fc.constantFrom('module', 'require', 'replace', 'go', 'toolchain', '(', ')', '=>', '//', 'indirect', '"', '`', 'v1.0.0', 'a.b/c', './x', '\n', '\t', ' ');
    fc.assert(fc.property(fc.array(token, { maxLength: 60 }), (ts) => void run(`module m\n${ts.join(' ')}`)), { numRuns: 400 });
  });

  it('returns a result or a TureenError for sampled truncations of the real files', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: MOD.length }), fc.integer({ min: 0, max: SUM.length }), (n, m) => void run(MOD.slice(0, n), SUM.slice(0, m))), { numRuns: 150 });
    for (let i = DIRECTIVES.indexOf('\n'); i !== -1; i = DIRECTIVES.indexOf('\n', i + 1)) run(DIRECTIVES.slice(0, i));
  });

  it('keeps hostile module paths, versions and replace targets as data', () => {
    const str = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 10 }));
    fc.assert(
      fc.property(str, str, str, (path, version, target) => {
        const q = (s: string) => JSON.stringify(s);
        const r = run(`module ${q(path)}\nrequire ${q(path)} ${q(version)}\nreplace ${q(path)} => ${q(target)} v1.0.0\nreplace ${q(target)} => ${q(target)}\n`, `${path} ${version} h1:x\n`);
        if (!(r instanceof TureenError)) for (const c of r.components) expect(typeof c.name).toBe('string');
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });

  it('returns a result or a TureenError whatever vendor/modules.txt holds', () => {
    const line = fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom(...HOSTILE).map((h) => `# ${h} v1.0.0`), fc.constant('## explicit'), fc.constant('# a.b/c v1.0.0 => ./x'));
    fc.assert(fc.property(fc.array(line, { maxLength: 12 }), (ls) => {
      const text = `${ls.join('\n')}\npkg/line\n`;
      for (const go of ['1.16', '1.22']) void resultOrTureenError(() => extractGoMod({ file: 'go.mod', text: `module m\ngo ${go}\nrequire a.b/c v1.0.0\n`, vendor: { file: 'vendor/modules.txt', text } }));
    }), { numRuns: 300 });
  });

  it('survives a huge file of requires and deep go.work nesting through the source', () => {
    const big = `module m\ngo 1.22\nrequire (\n${Array.from({ length: 20000 }, (_, i) => `\tex.com/m${i} v1.0.${i}`).join('\n')}\n)\n`;
    const r = run(big, '');
    expect(r instanceof TureenError ? 0 : r.components.length).toBe(20002);
    const files: Record<string, string> = { 'go.work': 'use ./a/b/c\n', 'a/b/c/go.mod': 'module x\n' };
    for (let d = 0, p = 'a'; d < 50; d++, p += '/z') files[`${p}/go.work`] = 'use (\n  .\n  ../../../../../..\n)\n';
    expect(resultOrTureenError(() => source.extract('a/b/c/go.mod', memoryRepo(files)))).toBeDefined();
  });
});
