import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { resultOrTureenError } from '../test-support/property.js';
import { extractPackageResolved } from './extract.js';

const SMALL = readFileSync(join(import.meta.dirname, 'fixtures/spec-v2/Package.resolved'), 'utf8');
const run = (text: string) => resultOrTureenError(() => extractPackageResolved('Package.resolved', text));
const HOSTILE = ['__proto__', 'constructor', '../../x', 'a\u0000b', '\u001b[31m', '', 'git@:', 'https://'];

describe('Package.resolved parser under arbitrary input', () => {
  it('returns a result or a TureenError for any string and every truncation', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => void run(s)), { numRuns: 300 });
    for (let i = 0; i <= SMALL.length; i += 7) run(SMALL.slice(0, i));
  });

  it('returns a result or a TureenError for random pins', () => {
    const str = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 20 }));
    const pin = fc.record({ identity: str, kind: fc.constantFrom('remoteSourceControl', 'registry', 'localSourceControl', 'x'), location: str, state: fc.record({ version: fc.option(str), revision: fc.option(str), branch: fc.option(str) }) });
    fc.assert(fc.property(fc.array(pin, { maxLength: 5 }), fc.integer({ min: 1, max: 9 }), (pins, version) => {
      run(JSON.stringify(version === 1 ? { object: { pins: pins.map((p) => ({ package: p.identity, repositoryURL: p.location, state: p.state })) }, version } : { pins, version }));
    }), { numRuns: 300 });
  });

  it('survives deep nesting and huge numbers', () => {
    run(`${'['.repeat(5000)}${']'.repeat(5000)}`);
    run('{"version": 1e400, "pins": []}');
  });
});
