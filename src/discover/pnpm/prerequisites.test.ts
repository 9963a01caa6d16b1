import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { Component } from '../../model/component.js';
import { extractPnpmLock } from './extract.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const FIX = join(HERE, 'fixtures');
const CORPUS = join(HERE, '../../../test/fixtures/corpus/pnpm/InsightSoftwareConsortium__itk-wasm__pnpm-lock.yaml');

const prereq = (c: Component, side: 'software' | 'hardware') => (c.properties ?? []).filter((p) => p.name === `prerequisite:${side}`).map((p) => p.value);

function one(cs: readonly Component[], name: string, version: string): Component {
  const found = cs.filter((c) => c.name === name && c.version === version);
  expect(found, `${name}@${version}`).toHaveLength(1);
  return found[0] as Component;
}


describe('prerequisites from the real itk-wasm pnpm-lock.yaml (v9.0: engines, cpu, os in `packages`)', () => {
  const text = readFileSync(CORPUS, 'utf8');
  const { components } = extractPnpmLock(text, 'pnpm-lock.yaml');
  const raw = parseYaml(text) as { packages: Record<string, { engines?: Record<string, string>; cpu?: string[]; os?: string[]; libc?: string[] }> };
  const third = components.filter((c) => !c.firstParty);
  const key = (c: Component) => `${c.name}@${c.version}`;

  it('carries engines, os and cpu of a platform package as its prerequisites', () => {
    const aix = one(components, '@esbuild/aix-ppc64', '0.19.12');
    expect(prereq(aix, 'software')).toEqual(['node >=12', 'os: aix']);
    expect(prereq(aix, 'hardware')).toEqual(['cpu: ppc64']);
  });

  it('every engine of a package is one statement, in the lockfile\'s order', () => {
    expect(prereq(one(components, '@ipld/car', '5.3.0'), 'software')).toEqual(['node >=16.0.0', 'npm >=7.0.0']);
    expect(prereq(one(components, 'reusify', '1.0.4'), 'software')).toEqual(['iojs >=1.0.0', 'node >=0.10.0']);
    expect(prereq(one(components, 'reusify', '1.0.4'), 'hardware')).toEqual([]);
  });

  it('the packages with a cpu list are exactly the components with one hardware statement (84)', () => {
    const withCpu = new Set(Object.entries(raw.packages).filter(([, e]) => e.cpu?.length).map(([k]) => k));
    expect(withCpu.size).toBe(84);
    const hardware = third.filter((c) => prereq(c, 'hardware').length);
    expect(new Set(hardware.map(key))).toEqual(withCpu);
    for (const c of hardware) expect(prereq(c, 'hardware')).toHaveLength(1);
  });

  it('the packages with an os list are exactly the components with an "os:" statement; engines counted statement by statement', () => {
    const withOs = new Set(Object.entries(raw.packages).filter(([, e]) => e.os?.length).map(([k]) => k));
    expect(withOs.size).toBe(85);
    expect(new Set(third.filter((c) => prereq(c, 'software').some((s) => s.startsWith('os: '))).map(key))).toEqual(withOs);
    // engines whose range constrains something ("*" and ">=0" say nothing) are one statement each
    const engineStatements = Object.values(raw.packages).reduce((n, e) => n + Object.values(e.engines ?? {}).filter((r) => !/^(\*|>=\s*0(\.0)*)?$/.test(r.trim())).length, 0);
    const carried = third.reduce((n, c) => n + prereq(c, 'software').filter((s) => !s.startsWith('os: ') && !s.startsWith('libc: ')).length, 0);
    expect(carried).toBe(engineStatements);
    expect(engineStatements).toBeGreaterThan(800);
  });

  it('first-party importers carry none', () => {
    for (const c of components.filter((x) => x.firstParty)) expect(c.properties ?? []).toEqual([]);
  });
});

describe('prerequisites from the real pnpm 6 / 7 / 8 lockfiles (v5.3, v5.4, v6.0: engines in `packages`)', () => {
  for (const c of ['ws-v5.3-pnpm6', 'ws-v5.4-pnpm7', 'ws-v6.0-pnpm8', 'ws-v9.0-pnpm9']) {
    it(`${c}: is-number 7.0.0 needs node >=0.12.0, and each entry with engines gives one component with them`, () => {
      const text = readFileSync(join(FIX, c, 'pnpm-lock.yaml'), 'utf8');
      const { components } = extractPnpmLock(text, 'pnpm-lock.yaml');
      expect(prereq(one(components, 'is-number', '7.0.0'), 'software')).toEqual(['node >=0.12.0']);
      const entries = Object.values((parseYaml(text) as { packages: Record<string, { engines?: Record<string, string> }> }).packages);
      const withEngines = entries.filter((e) => e.engines && Object.keys(e.engines).length).length;
      expect(withEngines).toBeGreaterThan(0);
      expect(components.filter((x) => prereq(x, 'software').length)).toHaveLength(withEngines);
    });
  }
});

describe('platform fields are read leniently', () => {
  const lock = (pkg: string) => `lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies:\n      a:\n        specifier: 1.0.0\n        version: 1.0.0\npackages:\n  a@1.0.0:\n    resolution: {integrity: sha512-AAAA}\n${pkg}snapshots:\n  a@1.0.0: {}\n`;

  it('odd shapes (a string os, a list of engines, a map cpu) never reject the lockfile', () => {
    const r = extractPnpmLock(lock('    engines: [node]\n    os: linux\n    cpu: {a: b}\n    libc: [glibc]\n'), 'pnpm-lock.yaml');
    const a = r.components.find((c) => c.name === 'a') as Component;
    expect(prereq(a, 'software')).toEqual(['os: linux', 'libc: glibc']);
    expect(prereq(a, 'hardware')).toEqual([]);
  });

  it('an engine named __proto__ stays a name', () => {
    const r = extractPnpmLock(lock("    engines: {__proto__: '>=1', node: '>=18'}\n"), 'pnpm-lock.yaml');
    const a = r.components.find((c) => c.name === 'a') as Component;
    expect(prereq(a, 'software')).toEqual(['__proto__ >=1', 'node >=18']);
    expect(({} as Record<string, unknown>)['node']).toBeUndefined();
  });
});
