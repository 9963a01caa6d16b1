import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TureenError } from '../../model/errors.js';
import { resultOrTureenError } from '../test-support/property.js';
import { extractWest } from './extract.js';

const REAL = readFileSync(join(import.meta.dirname, 'fixtures/anjay-zephyr-client/west.yml'), 'utf8');
const run = (text: string) => resultOrTureenError(() => extractWest({ file: 'west.yml', text }));
const HOSTILE = ['__proto__', 'constructor', '../../x', 'a\u0000b', '\u001b[31m', '*', '(', '[', '\\', ''];

describe('west parser under arbitrary input', () => {
  it('gives a result or a TureenError for any string and every truncation', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => void run(s)), { numRuns: 300 });
    for (let n = 0; n <= REAL.length; n += 5) run(REAL.slice(0, n));
  });

  it('gives a result or a TureenError when project fields hold any JSON value', () => {
    fc.assert(fc.property(fc.constantFrom('name', 'url', 'remote', 'revision', 'groups', 'import', 'repo-path'), fc.jsonValue({ maxDepth: 3 }), (key, value) => {
      const project: Record<string, unknown> = { name: 'p', url: 'https://github.com/o/p', revision: 'v1' };
      project[key] = value;
      run(JSON.stringify({ manifest: { remotes: [{ name: 'r', 'url-base': 'https://x' }], projects: [project], 'group-filter': ['-g'] } }));
    }), { numRuns: 300 });
  });

  it('keeps hostile names as data', () => {
    const part = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 10 }));
    fc.assert(fc.property(part, part, (name, rev) => {
      const r = run(JSON.stringify({ manifest: { remotes: [{ name, 'url-base': 'https://x' }], projects: [{ name, remote: name, revision: rev }] } }));
      if (!(r instanceof TureenError)) for (const c of r.components) expect(c.name).toBe(name);
      expect(({} as Record<string, unknown>)['url-base']).toBeUndefined();
    }), { numRuns: 300 });
  });
});
