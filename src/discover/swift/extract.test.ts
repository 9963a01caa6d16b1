import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Component } from '../../model/component.js';
import { TureenError } from '../../model/errors.js';
import { memoryRepo } from '../source.js';
import { extractPackageResolved, swiftUrlName } from './extract.js';
import { source } from './index.js';

const CORPUS = join(import.meta.dirname, '../../../test/fixtures/corpus/swiftpm/nightscout__Trio__Trio.xcworkspace__xcshareddata__swiftpm__Package.resolved');
const FIX = join(import.meta.dirname, 'fixtures');
const read = (p: string) => readFileSync(p, 'utf8');

/** Independent reading: every "location" and the "version" inside the same pin, by regex over the raw text. */
function regexPins(text: string): { location: string; version: string | undefined }[] {
  const out: { location: string; version: string | undefined }[] = [];
  const re = /"(?:location|repositoryURL)"\s*:\s*"([^"]*)"[\s\S]*?"state"\s*:\s*\{([^}]*)\}/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const v = /"version"\s*:\s*"([^"]+)"/.exec(m[2] as string);
    out.push({ location: m[1] as string, version: v?.[1] });
  }
  return out;
}

describe('Package.resolved v3 (Trio corpus)', () => {
  const text = read(CORPUS);
  const r = extractPackageResolved('Trio.xcworkspace/xcshareddata/swiftpm/Package.resolved', text);
  const expected = regexPins(text);

  it('gives one SwiftURL component per pin: 31 pins, 4 of them without a version (SOURCES.md)', () => {
    expect(expected).toHaveLength(31);
    expect(r.components).toHaveLength(31);
    expect(r.components.filter((c) => c.version === '')).toHaveLength(4);
    expect(r.components.every((c) => c.ecosystem === 'SwiftURL' && c.scope === 'runtime')).toBe(true);
    for (const c of r.components) expect(Component.safeParse(c).success).toBe(true);
  });

  it('names each pin by its URL without scheme and .git, with the version the file pins', () => {
    const got = r.components.map((c) => `${c.name}@${c.version}`).sort();
    const want = expected.map((p) => `${p.location.replace(/^https?:\/\//, '').replace(/\.git$/, '')}@${p.version ?? ''}`).sort();
    expect(got).toEqual(want);
  });

  it('warns once per version-less pin, keeps its commit as the git ref, and points at its line', () => {
    const unpinned = r.findings.filter((f) => f.rule === 'swift.unpinned');
    expect(unpinned).toHaveLength(4);
    const lines = text.split('\n');
    for (const f of unpinned) {
      const c = r.components.find((x) => x.key === f.item) as Component;
      expect(c.version).toBe('');
      expect(c.origin.type).toBe('git');
      expect(c.origin.ref).toMatch(/^[0-9a-f]{40}$/);
      expect(lines[(f.line as number) - 1]).toContain('"identity"');
    }
  });

  it('builds pkg:swift purls with the host/owner namespace', () => {
    const nio = r.components.find((c) => c.version && c.name.startsWith('github.com/')) as Component;
    expect(nio.purl).toBe(`pkg:swift/${nio.name.slice(0, nio.name.lastIndexOf('/'))}/${nio.name.slice(nio.name.lastIndexOf('/') + 1)}@${nio.version}`);
  });
});

describe('Package.resolved v1 (LicensePlist) and v2 (written from the format)', () => {
  it('reads v1 object.pins: 8 pins, all versioned (counted by hand)', () => {
    const r = extractPackageResolved('Package.resolved', read(join(FIX, 'licenseplist-v1/Package.resolved')));
    expect(r.components.map((c) => `${c.name}@${c.version}`)).toEqual([
      'github.com/ishkawa/APIKit@3.1.2',
      'github.com/kylef/Commander@0.6.1',
      'github.com/IBM-Swift/HeliumLogger@1.7.0',
      'github.com/ikesyo/Himotoki@3.1.0',
      'github.com/IBM-Swift/LoggerAPI@1.7.0',
      'github.com/antitypical/Result@3.2.3',
      'github.com/kylef/Spectre@0.7.2',
      'github.com/behrang/YamlSwift@3.4.0',
    ]);
    expect(r.components[0]?.purl).toBe('pkg:swift/github.com/ishkawa/APIKit@3.1.2');
    expect(r.components[0]?.evidence[0]?.line).toBe(5);
    expect(r.findings).toEqual([]);
  });

  it('reads a real v2 file: 18 pins, compared with the independent regex reading', () => {
    const text = read(join(FIX, 'tca-v2/Package.resolved'));
    const r = extractPackageResolved('Package.resolved', text);
    const want = regexPins(text);
    expect(want).toHaveLength(18);
    expect(r.components.map((c) => `${c.name}@${c.version}`)).toEqual(want.map((p) => `${p.location.replace(/^https:\/\//, '')}@${p.version}`));
    expect(r.findings).toEqual([]);
  });

  it('reads v2 registry, scp-style git and local pins', () => {
    const r = extractPackageResolved('Package.resolved', read(join(FIX, 'spec-v2/Package.resolved')));
    const by = new Map(r.components.map((c) => [c.properties?.find((p) => p.name === 'swift:identity')?.value, c]));
    expect(by.get('swift-nio')?.purl).toBe('pkg:swift/github.com/apple/swift-nio@2.54.0');
    expect(by.get('mona.linkedlist')).toMatchObject({ ecosystem: 'SwiftRegistry', purl: 'pkg:swift/mona/linkedlist@1.2.0', version: '1.2.0' });
    expect(by.get('internal-kit')).toMatchObject({ name: 'git.example.com/device/internal-kit', version: '', origin: { type: 'git', ref: '0123456789abcdef0123456789abcdef01234567' } });
    expect(by.get('local-utils')?.origin).toEqual({ type: 'file', ref: '/Users/dev/src/local-utils' });
    expect(r.findings.map((f) => f.rule)).toEqual(['swift.unpinned']);
  });
});

describe('swift source', () => {
  it('matches Package.resolved, also inside Xcode workspaces, but not in checkout folders', () => {
    expect(source.matches('Package.resolved')).toBe(true);
    expect(source.matches('App.xcworkspace/xcshareddata/swiftpm/Package.resolved')).toBe(true);
    expect(source.matches('App.xcodeproj/project.xcworkspace/xcshareddata/swiftpm/Package.resolved')).toBe(true);
    expect(source.matches('.build/checkouts/swift-nio/Package.resolved')).toBe(false);
    expect(source.matches('Package.swift')).toBe(false);
  });

  it('reads through the repo view', () => {
    const r = source.extract('Package.resolved', memoryRepo({ 'Package.resolved': read(join(FIX, 'licenseplist-v1/Package.resolved')) }));
    expect(r.components).toHaveLength(8);
  });

  it('turns bad input into TureenErrors', () => {
    expect(() => extractPackageResolved('Package.resolved', '{')).toThrow(TureenError);
    expect(() => extractPackageResolved('Package.resolved', '{"version": 2}')).toThrow(TureenError);
    expect(() => extractPackageResolved('Package.resolved', '[]')).toThrow(TureenError);
  });

  it('normalises URLs the way OSV names SwiftURL packages', () => {
    expect(swiftUrlName('https://github.com/apple/swift-nio.git')).toBe('github.com/apple/swift-nio');
    expect(swiftUrlName('git@github.com:apple/swift-nio.git')).toBe('github.com/apple/swift-nio');
    expect(swiftUrlName('ssh://git@github.com/apple/swift-nio/')).toBe('github.com/apple/swift-nio');
  });
});
