import { describe, expect, it } from 'vitest';
import type { Component } from '../model/component.js';
import { mergeComponents } from './merge.js';

function comp(over: Partial<Component>): Component {
  return {
    key: 'pkg:npm/ws@8.17.1', ecosystem: 'npm', name: 'ws', version: '8.17.1', purl: 'pkg:npm/ws@8.17.1',
    licenses: [], hashes: [], scope: 'development', direct: false, firstParty: false, origin: { type: 'registry' },
    paths: [], dependencies: [], evidence: [{ file: 'a/package-lock.json', line: 10, source: 'npm' }], ...over,
  };
}

describe('mergeComponents', () => {
  it('makes one component of the same purl seen in several files, with all evidence and the strongest scope', () => {
    const merged = mergeComponents([
      comp({}),
      comp({ scope: 'runtime', direct: true, evidence: [{ file: 'b/yarn.lock', line: 3, source: 'yarn' }], licenses: [{ expression: 'MIT' }] }),
      comp({ evidence: [{ file: 'a/package-lock.json', line: 10, source: 'npm' }] }),
    ]);
    expect(merged).toHaveLength(1);
    const [m] = merged;
    expect(m?.scope).toBe('runtime');
    expect(m?.direct).toBe(true);
    expect(m?.licenses).toEqual([{ expression: 'MIT' }]);
    expect(m?.evidence.map((e) => e.file)).toEqual(['a/package-lock.json', 'b/yarn.lock']);
  });

  it('keeps different versions apart', () => {
    const merged = mergeComponents([comp({}), comp({ key: 'pkg:npm/ws@7.5.10', version: '7.5.10', purl: 'pkg:npm/ws@7.5.10' })]);
    expect(merged.map((c) => c.version)).toEqual(['8.17.1', '7.5.10']);
  });

  it('prefers optional over development, and runtime over optional', () => {
    expect(mergeComponents([comp({ scope: 'development' }), comp({ scope: 'optional' })])[0]?.scope).toBe('optional');
    expect(mergeComponents([comp({ scope: 'optional' }), comp({ scope: 'runtime' })])[0]?.scope).toBe('runtime');
  });
});

describe('mergeComponents keeps what each source knew', () => {
  it('takes kind, source package, description and properties from whichever source had them', () => {
    const base = { key: 'pkg:deb/debian/libc6@2.36-9', ecosystem: 'Debian:12', name: 'libc6', version: '2.36-9', purl: 'pkg:deb/debian/libc6@2.36-9', licenses: [], hashes: [], scope: 'runtime' as const, direct: false, firstParty: false, origin: { type: 'registry' as const }, paths: [], dependencies: [] };
    const [m] = mergeComponents([
      { ...base, evidence: [{ file: 'Dockerfile', line: 3, source: 'dockerfile' }], properties: [{ name: 'os', value: 'Debian:12' }] },
      { ...base, evidence: [{ file: 'rootfs/var/lib/dpkg/status', line: 9, source: 'dpkg' }], kind: 'os-package', sourceName: 'glibc', description: 'GNU C Library', properties: [{ name: 'os', value: 'Debian:12' }, { name: 'dpkg:priority', value: 'required' }] },
    ]);
    expect(m).toMatchObject({ kind: 'os-package', sourceName: 'glibc', description: 'GNU C Library' });
    expect(m!.properties).toEqual([{ name: 'os', value: 'Debian:12' }, { name: 'dpkg:priority', value: 'required' }]);
    expect(m!.evidence).toHaveLength(2);
  });
});

describe('mergeComponents: a tool that also ships', () => {
  it('is what ships, whichever source came first', () => {
    const base = { key: 'pkg:maven/org.liquibase/liquibase-core@4.31.1', ecosystem: 'Maven', name: 'org.liquibase:liquibase-core', version: '4.31.1', purl: 'pkg:maven/org.liquibase/liquibase-core@4.31.1', licenses: [], hashes: [], direct: true, firstParty: false, origin: { type: 'registry' as const }, paths: [], dependencies: [], evidence: [{ file: 'build.gradle', line: 3, source: 'gradle' }] };
    const tool = { ...base, scope: 'build' as const, kind: 'tool' as const };
    const lib = { ...base, scope: 'runtime' as const };
    for (const order of [[tool, lib], [lib, tool]]) {
      const [m] = mergeComponents(order);
      expect(m!.scope).toBe('runtime');
      expect(m!.kind).toBeUndefined();
    }
    const [onlyTool] = mergeComponents([tool, { ...tool, evidence: [{ file: 'pom.xml', line: 9, source: 'maven' }] }]);
    expect(onlyTool!.kind).toBe('tool');
  });
});
