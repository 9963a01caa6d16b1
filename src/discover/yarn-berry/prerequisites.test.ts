import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Component } from '../../model/component.js';
import type { TextFile } from '../yarn/manifest.js';
import { BERRY_FIXTURES, read } from '../yarn/test-support/expected.js';
import { conditionsPlatform, extractYarnBerry } from './extract.js';

const prereq = (c: Component, side: 'software' | 'hardware') => (c.properties ?? []).filter((p) => p.name === `prerequisite:${side}`).map((p) => p.value);
const nv = (c: Component) => `${c.name}@${c.version}`;

function byNv(cs: readonly Component[], id: string): Component {
  const found = cs.filter((c) => nv(c) === id);
  expect(found, id).toHaveLength(1);
  return found[0] as Component;
}

describe('prerequisites from a yarn.lock written by the real yarn 4.18.1 (rollup 4.24.0: `conditions` per platform package)', () => {
  const dir = path.join(BERRY_FIXTURES, 'yarn4-platform');
  const text = read(path.join(dir, 'yarn.lock'));
  const manifests = new Map<string, TextFile>([['.', { file: 'package.json', text: read(path.join(dir, 'package.json')) }]]);
  const { components, findings } = extractYarnBerry({ lockfile: { file: 'yarn.lock', text }, manifests });

  // an independent reading: each entry is a block starting with an unindented key; its resolution's name@version
  // (a patch: resolution names the package it patches) and its conditions line
  const blocks = text.split(/\n(?=\S)/).filter((b) => /^\s+conditions: /m.test(b));
  const withConditions = blocks.map((b) => {
    const version = /^\s+version: (.+)$/m.exec(b)?.[1] as string;
    const name = /^\s+resolution: "((?:@[^/@"]+\/)?[^@"]+)@/m.exec(b)?.[1] as string;
    return { id: `${name}@${version}`, conditions: /^\s+conditions: (.+)$/m.exec(b)?.[1] as string };
  });

  it('the lockfile reads without findings', () => {
    expect(findings).toEqual([]);
  });

  it('os and libc are software, cpu is hardware', () => {
    const gnu = byNv(components, '@rollup/rollup-linux-x64-gnu@4.24.0');
    expect(prereq(gnu, 'software')).toEqual(['os: linux', 'libc: glibc']);
    expect(prereq(gnu, 'hardware')).toEqual(['cpu: x64']);
    const mac = byNv(components, '@rollup/rollup-darwin-arm64@4.24.0');
    expect(prereq(mac, 'software')).toEqual(['os: darwin']);
    expect(prereq(mac, 'hardware')).toEqual(['cpu: arm64']);
  });

  it('fsevents and its builtin patch are one component with its conditions once', () => {
    const fsevents = byNv(components, 'fsevents@2.3.3');
    expect(fsevents.evidence).toHaveLength(2);
    expect(prereq(fsevents, 'software')).toEqual(['os: darwin']);
    expect(prereq(fsevents, 'hardware')).toEqual([]);
  });

  it('the entries with conditions (18, fsevents twice) are exactly the 17 components with prerequisites; libc and cpu counted alike', () => {
    expect(blocks).toHaveLength(18);
    const ids = new Set(withConditions.map((e) => e.id));
    expect(ids.size).toBe(17);
    const carrying = components.filter((c) => (c.properties ?? []).some((p) => p.name.startsWith('prerequisite:')));
    expect(new Set(carrying.map(nv))).toEqual(ids);
    expect(new Set(components.filter((c) => prereq(c, 'hardware').length).map(nv))).toEqual(new Set(withConditions.filter((e) => e.conditions.includes('cpu=')).map((e) => e.id)));
    const libc = new Set(withConditions.filter((e) => e.conditions.includes('libc=')).map((e) => e.id));
    expect(libc.size).toBe(9);
    expect(new Set(components.filter((c) => prereq(c, 'software').some((s) => s.startsWith('libc: '))).map(nv))).toEqual(libc);
  });
});

describe('conditionsPlatform: yarn\'s condition line back to npm-style lists', () => {
  it('reads several values, exclusions and every field', () => {
    expect(conditionsPlatform('(os=linux | os=darwin) & !cpu=ia32 & libc=musl')).toEqual({ software: ['os: linux, darwin', 'libc: musl'], hardware: ['cpu: not ia32'] });
    expect(conditionsPlatform('(!os=win32 | !os=aix)')).toEqual({ software: ['os: not win32, aix'] });
  });

  it('says nothing for what is not a condition line, and never throws', () => {
    for (const v of [undefined, null, 7, {}, [], '', 'invalid', 'gpu=x', '(((', 'os=', '__proto__=x']) expect(conditionsPlatform(v)).toEqual({ software: [] });
  });

  it('an odd conditions value never rejects the lockfile', () => {
    const lock = (conditions: string) => `__metadata:\n  version: 8\n\n"a@npm:1.0.0":\n  version: 1.0.0\n  resolution: "a@npm:1.0.0"\n  conditions: ${conditions}\n  languageName: node\n  linkType: hard\n`;
    for (const c of ['[os, linux]', '{ os: linux }', 'os=linux']) {
      const r = extractYarnBerry({ lockfile: { file: 'yarn.lock', text: lock(c) } });
      expect(r.components.map(nv)).toEqual(['a@1.0.0']);
    }
  });
});
