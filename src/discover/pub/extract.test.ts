import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Component } from '../../model/component.js';
import { TureenError } from '../../model/errors.js';
import { memoryRepo } from '../source.js';
import { extractPubspecLock } from './extract.js';
import { source } from './index.js';

const FIX = join(import.meta.dirname, 'fixtures');
const read = (p: string) => readFileSync(join(FIX, p), 'utf8');

/** Independent reading by regex: each two-space-indented package key, its dependency kind, source and version. */
function regexPackages(text: string) {
  const out: { name: string; dependency: string; source: string; version: string }[] = [];
  const re = /^ {2}([a-z0-9_]+):\n {4}dependency: "?([^"\n]+)"?\n[\s\S]*?^ {4}source: (\w+)\n {4}version: "([^"]*)"/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push({ name: m[1] as string, dependency: m[2] as string, source: m[3] as string, version: m[4] as string });
  return out;
}

describe('pubspec.lock of a real Flutter app (MedProdigy)', () => {
  const text = read('medprodigy/pubspec.lock');
  const r = extractPubspecLock('pubspec.lock', text);
  const expected = regexPackages(text);

  it('lists every package: 71, as the independent regex counts', () => {
    expect(expected).toHaveLength(71);
    expect(r.components).toHaveLength(71);
    for (const c of r.components) expect(Component.safeParse(c).success).toBe(true);
  });

  it('gives hosted packages their exact version and pkg:pub purl', () => {
    const hosted = expected.filter((p) => p.source === 'hosted');
    expect(hosted).toHaveLength(67);
    for (const p of hosted) {
      const c = r.components.find((x) => x.name === p.name) as Component;
      expect(c.version).toBe(p.version);
      // packageurl-js leaves "+" (build metadata, e.g. 2.2.1+1) unencoded in the version
      expect(c.purl).toBe(`pkg:pub/${p.name}@${p.version}`);
      expect(c.origin).toEqual({ type: 'registry', url: 'https://pub.dartlang.org' });
    }
  });

  it('marks the 3 "direct dev" packages development and the 12 direct ones direct', () => {
    const dev = r.components.filter((c) => c.scope === 'development').map((c) => c.name).sort();
    expect(dev).toEqual(expected.filter((p) => p.dependency === 'direct dev').map((p) => p.name).sort());
    expect(dev).toEqual(['flutter_launcher_icons', 'flutter_lints', 'flutter_test']);
    expect(r.components.filter((c) => c.direct)).toHaveLength(expected.filter((p) => p.dependency.startsWith('direct')).length);
  });

  it('lists the 4 Flutter SDK packages as framework without a version, warning for the 3 that ship', () => {
    const sdk = r.components.filter((c) => c.kind === 'framework');
    expect(sdk.map((c) => c.name).sort()).toEqual(['flutter', 'flutter_test', 'flutter_web_plugins', 'sky_engine']);
    expect(sdk.every((c) => c.version === '')).toBe(true);
    expect(r.components.find((c) => c.name === 'flutter')?.properties).toContainEqual({ name: 'declared-range', value: '>=3.0.0' });
    expect(r.findings.map((f) => f.rule)).toEqual(['pub.unpinned', 'pub.unpinned', 'pub.unpinned']);
  });

  it('points each package at the line of its key', () => {
    const lines = text.split('\n');
    for (const c of r.components) expect(lines[(c.evidence[0]?.line as number) - 1]).toBe(`  ${c.name}:`);
  });
});

describe('pubspec.lock with git, path, overridden and sha256 (written from the format)', () => {
  const r = extractPubspecLock('app/pubspec.lock', read('spec-sources/pubspec.lock'));
  const by = new Map(r.components.map((c) => [c.name, c]));

  it('reads the sha256 of hosted packages', () => {
    expect(by.get('async')?.hashes).toEqual([{ alg: 'SHA-256', content: '947bfcf187f74dbc5e146c9eb9c0f10c9f8b30743e341481c1e2ed3ecc18c20c' }]);
  });
  it('gives git packages their commit', () => {
    expect(by.get('ble_kit')?.origin).toEqual({ type: 'git', url: 'https://github.com/example-org/ble_kit.git', ref: '3f1c2a9d7b8e6f5a4c3b2a1d0e9f8a7b6c5d4e3f' });
  });
  it('takes a relative path package inside the repository as first-party', () => {
    expect(by.get('device_core')).toMatchObject({ firstParty: true, origin: { type: 'file', ref: '../device_core' } });
    const outside = extractPubspecLock('pubspec.lock', read('spec-sources/pubspec.lock'));
    expect(outside.components.find((c) => c.name === 'device_core')?.firstParty).toBe(false);
  });
  it('keeps "direct overridden" direct and runtime, "direct dev" development', () => {
    expect(by.get('http')).toMatchObject({ direct: true, scope: 'runtime' });
    expect(by.get('mocktail')).toMatchObject({ direct: true, scope: 'development' });
  });
});

describe('pub source', () => {
  it('matches pubspec.lock outside pub caches', () => {
    expect(source.matches('pubspec.lock')).toBe(true);
    expect(source.matches('app/pubspec.lock')).toBe(true);
    expect(source.matches('.dart_tool/x/pubspec.lock')).toBe(false);
    expect(source.matches('pubspec.yaml')).toBe(false);
  });
  it('reads through the repo view', () => {
    expect(source.extract('pubspec.lock', memoryRepo({ 'pubspec.lock': read('spec-sources/pubspec.lock') })).components).toHaveLength(7);
  });
  it('turns bad input into TureenErrors', () => {
    expect(() => extractPubspecLock('pubspec.lock', 'packages: [1')).toThrow(TureenError);
    expect(() => extractPubspecLock('pubspec.lock', 'packages:\n  x: 3\n')).toThrow(TureenError);
    expect(() => extractPubspecLock('pubspec.lock', 'packages:\n  "../x":\n    dependency: transitive\n    description: {}\n    source: hosted\n    version: "1"\n')).toThrow(TureenError);
  });
});
