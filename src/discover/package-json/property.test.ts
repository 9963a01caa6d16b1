import { resultOrTureenError } from '../test-support/property.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TureenError } from '../../model/errors.js';
import { extractPackageJson } from './extract.js';

const OREF0 = readFileSync(join(import.meta.dirname, 'fixtures', 'oref0', 'package.json'), 'utf8');
const OREF0_DATA = JSON.parse(OREF0) as Record<string, unknown>;

const run = (text: string) => resultOrTureenError(() => extractPackageJson({ file: 'package.json', text }));

const HOSTILE = ['__proto__', 'constructor', 'prototype', '../../x', 'a\u0000b', '\u001b[2J', '@s/__proto__', 'toString', ''];
const SPECS = ['1.2.3', '^1', '*', '', 'npm:__proto__@1.0.0', 'npm:@@@', 'github:a/b', 'git+ssh://x', 'file:../../..', 'link:', 'workspace:^', 'catalog:x', 'http://', 'a/b/c', '\u0000'];

describe('package.json reader under arbitrary input', () => {
  it('returns a result or a TureenError for any string', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => void run(s)), { numRuns: 300 });
  });

  it('returns a result or a TureenError for every truncation of a real manifest', () => {
    for (let n = 0; n <= OREF0.length; n += 7) run(OREF0.slice(0, n));
  });

  it('returns a result or a TureenError when a field holds a random JSON value', () => {
    const fields = ['name', 'version', 'license', 'dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies', 'workspaces'];
    fc.assert(
      fc.property(fc.constantFrom(...fields), fc.jsonValue({ maxDepth: 3 }), (field, value) => void run(JSON.stringify({ ...OREF0_DATA, [field]: value }))),
      { numRuns: 300 },
    );
  });

  it('keeps hostile names and odd specs as data and lists each declared name once', () => {
    const name = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 10 }));
    const spec = fc.oneof(fc.constantFrom(...SPECS), fc.string({ maxLength: 20 }));
    fc.assert(
      fc.property(fc.dictionary(name, spec, { maxKeys: 8 }), fc.dictionary(name, spec, { maxKeys: 4 }), (deps, dev) => {
        // fc.dictionary builds with defineProperty, so "__proto__" is an own key that JSON.stringify writes
        const r = run(JSON.stringify({ name: 'root', dependencies: deps, devDependencies: dev }));
        expect(r).not.toBeInstanceOf(TureenError);
        if (r instanceof TureenError) return;
        const own = (o: Record<string, string>, k: string) => Object.getOwnPropertyDescriptor(o, k)?.value as string | undefined;
        const declared = new Set([...Object.keys(deps), ...Object.keys(dev)]);
        const workspaceSpecs = [...declared].filter((n) => (own(deps, n) ?? own(dev, n) ?? '').trim().startsWith('workspace:'));
        const invalid = r.findings.filter((f) => f.rule === 'package-json.invalid-name').length;
        // every declared name is accounted for exactly once: listed (evidence), skipped as workspace:, or refused
        const evidence = r.components.filter((c) => !c.firstParty).flatMap((c) => c.evidence);
        expect(evidence.length + workspaceSpecs.length + invalid).toBe(declared.size);
        expect(({} as Record<string, unknown>).root).toBeUndefined();
      }),
      { numRuns: 200 },
    );
  });
});
