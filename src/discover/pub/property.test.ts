import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { stringify } from 'yaml';
import { resultOrTureenError } from '../test-support/property.js';
import { extractPubspecLock } from './extract.js';

const SMALL = readFileSync(join(import.meta.dirname, 'fixtures/spec-sources/pubspec.lock'), 'utf8');
const run = (text: string) => resultOrTureenError(() => extractPubspecLock('pubspec.lock', text));
const HOSTILE = ['__proto__', 'constructor', '../../x', 'a\u0000b', '\u001b[31m', '', 'toString'];

describe('pubspec.lock parser under arbitrary input', () => {
  it('returns a result or a TureenError for any string and every truncation', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => void run(s)), { numRuns: 300 });
    for (let i = 0; i <= SMALL.length; i += 5) run(SMALL.slice(0, i));
  });

  it('returns a result or a TureenError for random packages', () => {
    const str = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 12 }));
    const pkg = fc.record({
      dependency: fc.oneof(fc.constantFrom('direct main', 'direct dev', 'transitive'), str),
      description: fc.oneof(str, fc.record({ name: str, url: str, sha256: str, path: str, relative: fc.boolean() }, { requiredKeys: [] })),
      source: fc.oneof(fc.constantFrom('hosted', 'git', 'path', 'sdk'), str),
      version: fc.oneof(str, fc.double()),
    });
    fc.assert(fc.property(fc.dictionary(str, pkg, { maxKeys: 5 }), (packages) => void run(stringify({ packages, sdks: { flutter: '>=3.0.0' } }))), { numRuns: 300 });
  });

  it('survives deep nesting and alias bombs', () => {
    run(`packages: ${'['.repeat(2000)}${']'.repeat(2000)}`);
    run('a: &a [x, x]\nb: &b [*a, *a, *a, *a]\nc: &c [*b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n');
  });
});
