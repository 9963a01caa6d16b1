import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Component } from '../../model/component.js';
import { extractBunLock } from './extract.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const prereq = (c: Component, side: 'software' | 'hardware') => (c.properties ?? []).filter((p) => p.name === `prerequisite:${side}`).map((p) => p.value);

function one(cs: readonly Component[], name: string): Component {
  const found = cs.filter((c) => c.name === name);
  expect(found, name).toHaveLength(1);
  return found[0] as Component;
}

describe('prerequisites from a real bun.lock (atomic-ehr/framework, bun 1.2: os and cpu in each package\'s INFO object)', () => {
  const text = readFileSync(join(FIXTURES, 'atomic-ehr-framework', 'bun.lock'), 'utf8');
  const { components } = extractBunLock({ file: 'bun.lock', text });
  // an independent reading: drop trailing commas, JSON.parse; the INFO object of an npm entry is its third element
  const plain = JSON.parse(text.replace(/,(\s*[}\]])/g, '$1')) as { packages: Record<string, [string, ...unknown[]]> };
  const infos = Object.values(plain.packages).map((e) => ({ id: e[0], info: (e.find((x, i) => i > 0 && x !== null && typeof x === 'object' && !Array.isArray(x)) ?? {}) as Record<string, unknown> }));

  it('a platform binary needs its os (software) and its cpu (hardware)', () => {
    const mac = one(components, '@oven/bun-darwin-aarch64');
    expect(prereq(mac, 'software')).toEqual(['os: darwin']);
    expect(prereq(mac, 'hardware')).toEqual(['cpu: arm64']);
    expect(prereq(one(components, '@oven/bun-windows-x64'), 'software')).toEqual(['os: win32']);
  });

  it('lists become one statement each: bun itself runs on linux, win32 and darwin, on x64 and arm64', () => {
    const bun = one(components, 'bun');
    expect(prereq(bun, 'software')).toEqual(['os: linux, win32, darwin']);
    expect(prereq(bun, 'hardware')).toEqual(['cpu: x64, arm64']);
  });

  it('bun\'s "none" (no cpu npm knows: the manifest says "aarch64") is kept as the lockfile says it', () => {
    expect(prereq(one(components, '@oven/bun-linux-aarch64-musl'), 'hardware')).toEqual(['cpu: none']);
  });

  it('the entries with an os are exactly the components with an os statement (12), likewise cpu; nothing else has one', () => {
    const withOs = new Set(infos.filter((e) => e.info['os'] !== undefined).map((e) => e.id));
    const withCpu = new Set(infos.filter((e) => e.info['cpu'] !== undefined).map((e) => e.id));
    expect(withOs.size).toBe(12);
    expect(withCpu.size).toBe(12);
    const key = (c: Component) => `${c.name}@${c.version}`;
    expect(new Set(components.filter((c) => prereq(c, 'software').some((s) => s.startsWith('os: '))).map(key))).toEqual(withOs);
    expect(new Set(components.filter((c) => prereq(c, 'hardware').length).map(key))).toEqual(withCpu);
    expect(components.filter((c) => (c.properties ?? []).some((p) => p.name.startsWith('prerequisite:'))).length).toBe(12);
    for (const c of components.filter((x) => x.firstParty)) expect(c.properties ?? []).toEqual([]);
  });
});

describe('platform fields are read leniently', () => {
  const lock = (info: string) => `{"lockfileVersion": 1, "workspaces": {"": {"name": "root", "dependencies": {"a": "1.0.0"}}}, "packages": {"a": ["a@1.0.0", "", ${info}, "sha512-AAAA"]}}`;
  const a = (info: string) => one(extractBunLock({ file: 'bun.lock', text: lock(info) }).components, 'a');

  it('odd shapes never reject the lockfile; what is not a string or a list of strings says nothing', () => {
    expect(prereq(a('{"os": 7, "cpu": {"x": 1}, "libc": ["glibc"]}'), 'software')).toEqual(['libc: glibc']);
    expect(prereq(a('{"os": ["!win32", 3], "cpu": null}'), 'software')).toEqual(['os: not win32']);
    expect(a('{"cpu": null}').properties ?? []).toEqual([]);
  });

  it('a "__proto__" key in the INFO object stays data and adds nothing', () => {
    const c = a('{"__proto__": {"os": "linux"}, "cpu": "x64"}');
    expect(prereq(c, 'software')).toEqual([]);
    expect(prereq(c, 'hardware')).toEqual(['cpu: x64']);
    expect(({} as Record<string, unknown>)['os']).toBeUndefined();
  });
});
