import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TureenError } from '../../model/errors.js';
import { resultOrTureenError } from '../test-support/property.js';
import { extractGitmodules } from './extract.js';

const run = (text: string) => resultOrTureenError(() => extractGitmodules({ file: '.gitmodules', text, commits: new Map([['__proto__', 'b'.repeat(40)]]) }));
const HOSTILE = ['__proto__', 'constructor', '../../x', 'a\u0000b', '\u001b[31m', '"', '\\', ';', '#', ''];

describe('.gitmodules parser under arbitrary input', () => {
  it('gives a result or a TureenError for any string', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => void run(s)), { numRuns: 300 });
  });

  it('keeps hostile names, paths and URLs as data', () => {
    const part = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 12 }));
    fc.assert(fc.property(part, part, part, (name, path, url) => {
      const r = run(`[submodule "${name}"]\n\tpath = ${path}\n\turl = ${url}\n`);
      if (!(r instanceof TureenError)) for (const c of r.components) expect(c.name.length).toBeGreaterThan(0);
      expect(({} as Record<string, unknown>).path).toBeUndefined();
    }), { numRuns: 300 });
  });
});
