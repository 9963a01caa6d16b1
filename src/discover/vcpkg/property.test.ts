import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TureenError } from '../../model/errors.js';
import { resultOrTureenError } from '../test-support/property.js';
import { extractVcpkg } from './extract.js';

const REAL = readFileSync(join(import.meta.dirname, 'fixtures/reference/vcpkg.json'), 'utf8');
const CFG = readFileSync(join(import.meta.dirname, 'fixtures/reference/vcpkg-configuration.json'), 'utf8');
const run = (text: string, cfg?: string) => resultOrTureenError(() => extractVcpkg({ file: 'vcpkg.json', text, ...(cfg !== undefined ? { configuration: { file: 'vcpkg-configuration.json', text: cfg } } : {}) }));
const HOSTILE = ['__proto__', 'constructor', '../../x', 'a\u0000b', '\u001b[31m', '*', '#', ''];

describe('vcpkg parser under arbitrary input', () => {
  it('gives a result or a TureenError for any string and every truncation', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => { run(s); run(REAL, s); }), { numRuns: 300 });
    for (let n = 0; n <= REAL.length; n += 7) run(REAL.slice(0, n), CFG);
  });

  it('gives a result or a TureenError when any field holds any JSON value', () => {
    const data = JSON.parse(REAL) as Record<string, unknown>;
    fc.assert(fc.property(fc.constantFrom(...Object.keys(data)), fc.jsonValue({ maxDepth: 3 }), (key, value) => void run(JSON.stringify({ ...data, [key]: value }), CFG)), { numRuns: 300 });
  });

  it('keeps hostile names as data', () => {
    const part = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 10 }));
    fc.assert(fc.property(part, part, (name, feature) => {
      const text = `{"dependencies":[${JSON.stringify(name)}],"features":{${JSON.stringify(feature)}:{"dependencies":[${JSON.stringify(name)}]}},"overrides":[{"name":${JSON.stringify(name)},"version":"1#2"}]}`;
      const r = run(text);
      if (!(r instanceof TureenError)) for (const c of r.components) expect(c.name).toBe(name);
      expect(({} as Record<string, unknown>).dependencies).toBeUndefined();
    }), { numRuns: 300 });
  });
});
