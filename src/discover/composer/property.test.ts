import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { resultOrTureenError } from '../test-support/property.js';
import { extractComposerJson, extractComposerLock } from './extract.js';

const LOCK = readFileSync(join(import.meta.dirname, 'fixtures/spec-app/composer.lock'), 'utf8');
const lock = (text: string, manifest?: string) => resultOrTureenError(() => extractComposerLock({ file: 'composer.lock', text, ...(manifest !== undefined ? { manifest: { file: 'composer.json', text: manifest } } : {}) }));
const HOSTILE = ['__proto__', 'constructor', '../../x', 'a\u0000b', '\u001b[31m', '', 'toString', 'a/__proto__', 'php', '/', 'v'];

describe('composer parsers under arbitrary input', () => {
  it('return a result or a TureenError for any string and every truncation', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => {
      lock(s);
      resultOrTureenError(() => extractComposerJson('composer.json', s));
    }), { numRuns: 300 });
    for (let i = 0; i <= LOCK.length; i += 37) lock(LOCK.slice(0, i));
  });

  it('return a result or a TureenError for random packages and manifests', () => {
    const str = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 12 }));
    const pkg = fc.record({
      name: str, version: fc.oneof(str, fc.double()),
      dist: fc.record({ type: fc.constantFrom('zip', 'path', 'tar'), url: str, shasum: str }, { requiredKeys: [] }),
      source: fc.record({ type: str, url: str, reference: str }, { requiredKeys: [] }),
      require: fc.dictionary(str, str), license: fc.oneof(str, fc.array(str)), type: str,
    }, { requiredKeys: ['name', 'version'] });
    const manifest = fc.record({ name: str, require: fc.dictionary(str, str), 'require-dev': fc.dictionary(str, str), license: str }, { requiredKeys: [] });
    fc.assert(fc.property(fc.array(pkg, { maxLength: 5 }), fc.array(pkg, { maxLength: 3 }), manifest, (packages, dev, m) => {
      lock(JSON.stringify({ packages, 'packages-dev': dev }), JSON.stringify(m));
      resultOrTureenError(() => extractComposerJson('composer.json', JSON.stringify(m)));
    }), { numRuns: 300 });
  });

  it('survive deep nesting and huge numbers', () => {
    lock(`${'['.repeat(5000)}${']'.repeat(5000)}`);
    lock('{"packages": [{"name": "a/b", "version": 1e400}]}');
  });
});
