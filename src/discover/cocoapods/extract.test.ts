import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Component } from '../../model/component.js';
import { TureenError } from '../../model/errors.js';
import { memoryRepo } from '../source.js';
import { extractPodfileLock, splitEntry } from './extract.js';
import { source } from './index.js';

const FIX = join(import.meta.dirname, 'fixtures');
const read = (p: string) => readFileSync(join(FIX, p), 'utf8');

/** Independent reading: top-level PODS entries ("  - X (v)") → root name → version, by regex. */
function regexRoots(text: string): Map<string, string> {
  const pods = text.slice(0, text.indexOf('\nDEPENDENCIES:'));
  const out = new Map<string, string>();
  for (const m of pods.matchAll(/^ {2}- "?([^/ ("]+)[^ (]* \(([^)]+)\)/gm)) out.set(m[1] as string, m[2] as string);
  return out;
}
function regexSection(text: string, header: string): string[] {
  const start = text.indexOf(`\n${header}:\n`);
  const end = text.indexOf('\n\n', start + 1);
  return text.slice(start, end).split('\n').filter((l) => /^ {2}- /.test(l)).map((l) => (/^ {2}- "?([^/ ("]+)/.exec(l)?.[1] as string));
}

describe('Podfile.lock of a real app (DogeChat)', () => {
  const text = read('dogechat/Podfile.lock');
  const r = extractPodfileLock('Podfile.lock', text);
  const roots = regexRoots(text);

  it('gives one component per root pod (24 PODS entries → 17 pods), subspecs merged', () => {
    expect(text.match(/^ {2}- /gm)).toHaveLength(24 + 16); // 24 PODS entries + 16 DEPENDENCIES entries
    expect(roots.size).toBe(17);
    expect(new Map(r.components.map((c) => [c.name, c.version]))).toEqual(roots);
    expect(r.components.find((c) => c.name === 'AFNetworking')?.properties).toContainEqual({ name: 'cocoapods:subspecs', value: 'NSURLSession,Reachability,Security,Serialization,UIKit' });
    for (const c of r.components) {
      expect(Component.safeParse(c).success).toBe(true);
      expect(c.ecosystem).toBe('CocoaPods');
      expect(c.purl).toBe(`pkg:cocoapods/${c.name}@${c.version}`);
    }
  });

  it('marks the DEPENDENCIES direct and the rest (Starscream) transitive, with paths through the graph', () => {
    const direct = new Set(regexSection(text, 'DEPENDENCIES'));
    expect(direct.size).toBe(16);
    expect(new Set(r.components.filter((c) => c.direct).map((c) => c.name))).toEqual(direct);
    const star = r.components.find((c) => c.name === 'Starscream') as Component;
    expect(star.direct).toBe(false);
    expect(star.paths[0]).toEqual(['root', 'DogeChatNetwork@0.1.0', 'Starscream@4.0.4']);
    expect(r.components.every((c) => c.scope === 'runtime')).toBe(true);
    expect(r.findings).toEqual([]);
  });

  it('reads SPEC CHECKSUMS as SHA-1 and external sources as origins', () => {
    const by = new Map(r.components.map((c) => [c.name, c]));
    expect(by.get('AFNetworking')?.hashes).toEqual([{ alg: 'SHA-1', content: '7864c38297c79aaca1500c33288e429c3451fdce' }]);
    expect(r.components.filter((c) => c.hashes.length === 1)).toHaveLength(17);
    expect(by.get('SwiftyJSON')?.origin).toEqual({ type: 'git', url: 'https://github.com/SwiftyJSON/SwiftyJSON.git', ref: '2b6054efa051565954e1d2b9da831680026cd768' });
    expect(by.get('Masonry')?.origin).toEqual({ type: 'file', ref: '../Masonry' });
    expect(by.get('YYText')?.origin).toEqual({ type: 'registry' });
    expect(r.components.filter((c) => c.origin.type === 'file')).toHaveLength(7);
  });

  it('points each pod at its first PODS line', () => {
    const lines = text.split('\n');
    for (const c of r.components) expect(lines[(c.evidence[0]?.line as number) - 1]).toMatch(new RegExp(`^ {2}- ${c.name}[ /]`));
  });
});

describe('Podfile.lock with quoted entries, Flutter and a git tag (written from the format)', () => {
  const r = extractPodfileLock('ios/Podfile.lock', read('spec-quoted/Podfile.lock'));
  const by = new Map(r.components.map((c) => [c.name, c]));
  it('merges quoted subspecs and reads tags', () => {
    expect([...by.keys()].sort()).toEqual(['Flutter', 'GoogleUtilities', 'TrendChart', 'nanopb', 'shared_preferences_foundation']);
    expect(by.get('GoogleUtilities')?.properties).toContainEqual({ name: 'cocoapods:subspecs', value: 'Environment,Logger,NSData+zlib,Privacy' });
    expect(by.get('TrendChart')?.origin).toEqual({ type: 'git', url: 'https://github.com/example-org/TrendChart.git', ref: '0.4.2' });
    expect(by.get('Flutter')?.kind).toBe('framework');
    expect(by.get('GoogleUtilities')).toMatchObject({ direct: true, paths: [['ios', 'GoogleUtilities@7.13.3']] });
  });
});

describe('cocoapods source', () => {
  it('matches Podfile.lock but not Pods/Manifest.lock', () => {
    expect(source.matches('ios/Podfile.lock')).toBe(true);
    expect(source.matches('ios/Pods/Manifest.lock')).toBe(false);
    expect(source.matches('Podfile')).toBe(false);
  });
  it('reads through the repo view', () => {
    expect(source.extract('Podfile.lock', memoryRepo({ 'Podfile.lock': read('dogechat/Podfile.lock') })).components).toHaveLength(17);
  });
  it('splits entries', () => {
    expect(splitEntry('Firebase/Core (10.1.0)')).toEqual({ name: 'Firebase/Core', paren: '10.1.0' });
    expect(splitEntry('X (from `../x`)')).toEqual({ name: 'X', paren: 'from `../x`' });
    expect(splitEntry('Y')).toEqual({ name: 'Y' });
  });
  it('turns bad input into TureenErrors', () => {
    expect(() => extractPodfileLock('Podfile.lock', 'PODS: 3')).toThrow(TureenError);
    expect(() => extractPodfileLock('Podfile.lock', 'PODS:\n  - A (1.0)\n  - A/B (2.0)\n')).toThrow(TureenError);
    expect(() => extractPodfileLock('Podfile.lock', '')).toThrow(TureenError);
  });
});
