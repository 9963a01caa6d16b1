import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isTureenError } from '../../model/errors.js';
import { extractNpmLock } from './extract.js';
import { CORPUS, fixture } from './test-support/expected.js';

/** The parser's contract on any input: a result, or a TureenError; never another exception. */
function resultOrTureenError(text: string, manifest?: string): 'ok' | 'error' {
  try {
    const r = extractNpmLock({ file: 'package-lock.json', text, ...(manifest !== undefined ? { manifest: { file: 'package.json', text: manifest } } : {}) });
    expect(Array.isArray(r.components)).toBe(true);
    for (const c of r.components) expect(c.evidence.length).toBeGreaterThan(0);
    return 'ok';
  } catch (e) {
    if (isTureenError(e)) {
      expect(e.file).toBe('package-lock.json');
      expect(e.place?.line ?? 1).toBeLessThanOrEqual(text.split('\n').length);
      return 'error';
    }
    throw e;
  }
}

const REAL = {
  v1: fixture('v1/package-lock.json'),
  v2: fixture('v2/package-lock.json'),
  v3: fixture('v3/package-lock.json'),
  nightscout: readFileSync(`${CORPUS}nightscout__cgm-remote-monitor__package-lock.json`, 'utf8'),
};

describe('any input gives a result or a TureenError', () => {
  it('arbitrary strings and arbitrary JSON', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => { resultOrTureenError(s); }), { numRuns: 300 });
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 5 }), (v) => { resultOrTureenError(JSON.stringify(v)); }), { numRuns: 300 });
    // JSON that looks like a lockfile at the top
    const lockish = fc.record({ lockfileVersion: fc.oneof(fc.constantFrom(1, 2, 3, 4), fc.jsonValue()), packages: fc.jsonValue(), dependencies: fc.jsonValue() }, { requiredKeys: [] });
    fc.assert(fc.property(lockish, fc.option(fc.jsonValue()), (v, m) => {
      resultOrTureenError(JSON.stringify(v), m === null ? undefined : JSON.stringify(m));
    }), { numRuns: 300 });
  });

  it.each(Object.keys(REAL))('every sampled truncation of the real %s lockfile', (which) => {
    const text = REAL[which as keyof typeof REAL];
    const points = new Set<number>([0, 1, text.length - 1]);
    for (let i = 1; i < 120; i++) points.add(Math.floor((text.length * i) / 120));
    fc.assert(fc.property(fc.integer({ min: 0, max: text.length - 1 }), (n) => { points.add(n); }), { numRuns: 40 });
    // a cut inside the JSON is an error naming the place; only the trailing newline may go
    const end = text.trimEnd().length;
    for (const n of points) expect(resultOrTureenError(text.slice(0, n)), `cut at ${n}`).toBe(n < end ? 'error' : 'ok');
    expect(resultOrTureenError(text)).toBe('ok');
  });

  it('random JSON values in place of the fields of real v2/v3 entries', () => {
    const fields = ['name', 'version', 'resolved', 'integrity', 'link', 'dev', 'optional', 'devOptional', 'peer', 'inBundle',
      'license', 'dependencies', 'optionalDependencies', 'peerDependencies', 'peerDependenciesMeta', 'devDependencies', 'workspaces', 'extraneous'];
    for (const which of ['v2', 'v3'] as const) {
      const lock = JSON.parse(REAL[which]) as { packages: Record<string, Record<string, unknown>> };
      const locs = Object.keys(lock.packages);
      fc.assert(fc.property(fc.constantFrom(...locs), fc.constantFrom(...fields), fc.jsonValue({ maxDepth: 3 }), (loc, field, value) => {
        const copy = structuredClone(lock);
        (copy.packages[loc] as Record<string, unknown>)[field] = value;
        resultOrTureenError(JSON.stringify(copy, null, 2));
      }), { numRuns: 300 });
      // whole entries replaced, and keys renamed to hostile strings
      fc.assert(fc.property(fc.constantFrom(...locs), fc.jsonValue({ maxDepth: 3 }), fc.string(), (loc, value, newKey) => {
        const copy = structuredClone(lock);
        const entry = copy.packages[loc];
        copy.packages[loc] = value as Record<string, unknown>;
        copy.packages[`node_modules/${newKey}`] = entry as Record<string, unknown>;
        resultOrTureenError(JSON.stringify(copy));
      }), { numRuns: 200 });
    }
  });

  it('random JSON values in place of the fields of real v1 entries', () => {
    const lock = JSON.parse(REAL.v1) as { dependencies: Record<string, Record<string, unknown>> };
    const names = Object.keys(lock.dependencies);
    const fields = ['version', 'resolved', 'integrity', 'from', 'dev', 'optional', 'bundled', 'requires', 'dependencies'];
    fc.assert(fc.property(fc.constantFrom(...names), fc.constantFrom(...fields), fc.jsonValue({ maxDepth: 3 }), (name, field, value) => {
      const copy = structuredClone(lock);
      (copy.dependencies[name] as Record<string, unknown>)[field] = value;
      resultOrTureenError(JSON.stringify(copy, null, 2), fixture('v1/package.json'));
    }), { numRuns: 300 });
  });
});

describe('hostile package names are data', () => {
  const HOSTILE = ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', '../../x', '..', 'a\u0000b', 'line\nbreak', '\u202eevil', '@scope/__proto__'];

  it('v3: names become components, never object keys or paths', () => {
    // written as text: an object literal would turn "__proto__" into a prototype
    const entries = HOSTILE.map((n, i) => `${JSON.stringify(`node_modules/${n}`)}: {"version": "1.0.${i}", "license": "MIT"}`);
    const rootDeps = HOSTILE.map((n) => `${JSON.stringify(n)}: "*"`).join(', ');
    const text = `{"lockfileVersion": 3, "packages": {"": {"name": "app", "dependencies": {${rootDeps}}},\n${entries.join(',\n')}}}`;
    const { components, findings } = extractNpmLock({ file: 'package-lock.json', text });
    expect(components.filter((c) => !c.firstParty).map((c) => c.name).sort()).toEqual([...HOSTILE].sort());
    for (const c of components) if (!c.firstParty) expect(c).toMatchObject({ direct: true, scope: 'runtime' });
    expect(findings).toEqual([]);
    expect(({} as Record<string, unknown>).version).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'license')).toBe(false);
  });

  it('v1: names in the tree and in requires are data too', () => {
    const deps = HOSTILE.map((n) => `${JSON.stringify(n)}: {"version": "2.0.0", "requires": {"__proto__": "1"}}`);
    const text = `{"lockfileVersion": 1, "dependencies": {${deps.join(',\n')}, "__proto__x": {"version": "1.0.0"}}}`;
    const { components } = extractNpmLock({ file: 'package-lock.json', text });
    expect(components.filter((c) => !c.firstParty).map((c) => c.name).sort()).toEqual([...HOSTILE, '__proto__x'].sort());
    // the "__proto__" entry is required by every other: only that edge exists
    const proto = components.find((c) => c.name === '__proto__');
    expect(proto?.direct).toBe(false);
  });

  it('arbitrary names in packages keys and dependency maps', () => {
    fc.assert(fc.property(fc.uniqueArray(fc.string({ minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 8 }), (names) => {
      const entries = names.map((n) => `${JSON.stringify(`node_modules/${n}`)}: {"version": "1.0.0", "dependencies": {${names.map((m) => `${JSON.stringify(m)}: "1"`).join(',')}}}`);
      const text = `{"lockfileVersion": 3, "packages": {"": {"dependencies": {${names.map((n) => `${JSON.stringify(n)}: "1"`).join(',')}}},\n${entries.join(',\n')}}}`;
      expect(resultOrTureenError(text)).toBe('ok');
    }), { numRuns: 200 });
  });
});
