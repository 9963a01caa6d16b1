import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Component } from '../../model/component.js';
import { TureenError } from '../../model/errors.js';
import { memoryRepo } from '../source.js';
import { extractConanfile, extractConanLock, parseConanfilePy, parseConanfileTxt } from './extract.js';
import { source } from './index.js';
import { parseConanRef } from './ref.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const CORPUS = join(import.meta.dirname, '../../../test/fixtures/corpus/conan/RespiraWorks__Ventilator__software__gui__conanfile.txt');
const SWAN_LOCK = readFileSync(join(FIXTURES, 'swan/conan.lock'), 'utf8');
const SWAN_PY = readFileSync(join(FIXTURES, 'swan/conanfile.py'), 'utf8');
const ids = (cs: Component[]) => cs.map((c) => `${c.name}@${c.version}:${c.scope}`).sort();

describe('conan references', () => {
  it('reads name/version@user/channel#rrev%timestamp', () => {
    expect(parseConanRef('zlib/1.3.2#7785cdb3a85f7c138a9c4f91f36ba701%1785828272.6947718')).toEqual({
      name: 'zlib', version: '1.3.2', rrev: '7785cdb3a85f7c138a9c4f91f36ba701', timestamp: '1785828272.6947718',
    });
    expect(parseConanRef('pkga/0.1@user/testing')).toEqual({ name: 'pkga', version: '0.1', user: 'user', channel: 'testing' });
    expect(parseConanRef('zlib/1.2.11@_/_')).toEqual({ name: 'zlib', version: '1.2.11' });
    expect(parseConanRef('zlib/[>=1.2.11 <2]')).toEqual({ name: 'zlib', version: '', range: '[>=1.2.11 <2]' });
    expect(parseConanRef('protobuf/<host_version>')).toMatchObject({ version: '', range: '<host_version>' });
    expect(parseConanRef('not a ref')).toBeUndefined();
    expect(parseConanRef('/1.0')).toBeUndefined();
  });
});

describe('conanfile.txt', () => {
  it('reads the corpus file: the [requires] lines, runtime and direct', () => {
    const text = readFileSync(CORPUS, 'utf8');
    const r = extractConanfile({ file: 'software/gui/conanfile.txt', text });
    // independent count: the non-empty lines between "[requires]" and the next section
    const section = /\[requires\]\n([\s\S]*?)\n\[/.exec(text)?.[1] ?? '';
    const expected = section.split('\n').filter((l) => l.trim()).map((l) => `${l.split('/')[0]}@${l.split('/')[1]}:runtime`);
    expect(expected).toHaveLength(2);
    expect(ids(r.components)).toEqual(expected.sort());
    expect(r.components.every((c) => c.direct && c.ecosystem === 'ConanCenter')).toBe(true);
    expect(r.components.find((c) => c.name === 'spdlog')).toMatchObject({
      purl: 'pkg:conan/spdlog@1.13.0',
      evidence: [{ file: 'software/gui/conanfile.txt', line: 2, source: 'conan' }],
    });
    expect(r.findings).toEqual([]);
    for (const c of r.components) expect(Component.safeParse(c).success).toBe(true);
  });

  it('puts [tool_requires]/[build_requires] in build and [test_requires] in test, and flags ranges', () => {
    const text = '[requires]\nzlib/1.3.1 # comment\nboost/[>=1.80 <2]\n\n[tool_requires]\ncmake/3.28.1\n[build_requires]\nninja/1.11.1\n[test_requires]\ngtest/1.14.0\n[options]\nzlib/*:shared=True\n';
    expect(parseConanfileTxt(text).map((d) => d.kind)).toEqual(['requires', 'requires', 'tool_requires', 'build_requires', 'test_requires']);
    const r = extractConanfile({ file: 'conanfile.txt', text });
    expect(ids(r.components)).toEqual(['boost@:runtime', 'cmake@3.28.1:build', 'gtest@1.14.0:test', 'ninja@1.11.1:build', 'zlib@1.3.1:runtime']);
    expect(r.findings).toEqual([expect.objectContaining({ rule: 'conan.unpinned', severity: 'warning', line: 3, item: 'pkg:conan/boost' })]);
    expect(r.components.find((c) => c.name === 'boost')?.properties).toContainEqual({ name: 'declared-range', value: '[>=1.80 <2]' });
    expect(r.components.find((c) => c.name === 'cmake')?.kind).toBe('tool');
  });
});

describe('conanfile.py (read, not run)', () => {
  it('reads the real SWAN recipe: four self.requires, one a range', () => {
    const r = extractConanfile({ file: 'conanfile.py', text: SWAN_PY });
    // hand-counted in fixtures/swan/conanfile.py: lines 10–13 call self.requires with a literal
    const calls = [...SWAN_PY.matchAll(/self\.requires\("([^"]+)"\)/g)].map((m) => m[1]);
    expect(calls).toHaveLength(4);
    expect(ids(r.components)).toEqual(['hdf5@1.14.2:runtime', 'netcdf-fortran@4.6.2:runtime', 'netcdf@4.9.2:runtime', 'zlib@:runtime']);
    expect(r.components.find((c) => c.name === 'hdf5')?.evidence[0]?.line).toBe(11);
    expect(r.findings.map((f) => [f.rule, f.line])).toEqual([['conan.unpinned', 10]]);
  });

  it('reads attribute tuples and lists, ignores comments, reports computed requirements', () => {
    const text = [
      'class P(ConanFile):',
      '    requires = "fmt/10.2.1", "spdlog/1.13.0"',
      '    tool_requires = ("cmake/3.28.1",',
      '                     "ninja/1.11.1")  # "x/9"',
      '    test_requires = ["gtest/1.14.0"]',
      '    # requires = "old/1.0"',
      '    def requirements(self):',
      "        self.requires('openssl/3.2.1', transitive_headers=True)",
      '        self.requires(f"boost/{self.version}")',
      '        self.tool_requires(self.tested_reference_str)',
      '        x = "self.requires(\\"fake/1.0\\")"',
      '    def build_requirements(self):',
      '        self.test_requires("catch2/3.5.0")',
    ].join('\n');
    const { declared, dynamic } = parseConanfilePy(text);
    expect(declared.map((d) => `${d.kind}:${d.ref}:${d.line}`)).toEqual([
      'requires:fmt/10.2.1:2', 'requires:spdlog/1.13.0:2', 'tool_requires:cmake/3.28.1:3', 'tool_requires:ninja/1.11.1:4',
      'test_requires:gtest/1.14.0:5', 'requires:openssl/3.2.1:8', 'test_requires:catch2/3.5.0:13',
    ]);
    expect(dynamic.map((d) => `${d.kind}:${d.line}`)).toEqual(['requires:9', 'tool_requires:10']);
    const r = extractConanfile({ file: 'conanfile.py', text });
    expect(r.findings.filter((f) => f.rule === 'conan.dynamic-requirement').map((f) => f.line)).toEqual([9, 10]);
  });
});

describe('conan.lock', () => {
  it('Conan 2: the real SWAN lockfile, with the conanfile.py beside it saying what is direct', () => {
    const r = extractConanLock({ file: 'conan.lock', text: SWAN_LOCK, declared: parseConanfilePy(SWAN_PY).declared });
    // independent count: references in each JSON list
    const data = JSON.parse(SWAN_LOCK) as { requires: string[]; build_requires: string[] };
    expect(data.requires).toHaveLength(4);
    expect(data.build_requires).toHaveLength(1);
    const expected = [
      ...data.requires.map((s) => `${s.split('/')[0]}@${s.split('/')[1]?.split('#')[0]}:runtime`),
      ...data.build_requires.map((s) => `${s.split('/')[0]}@${s.split('/')[1]?.split('#')[0]}:build`),
    ];
    expect(ids(r.components)).toEqual(expected.sort());
    const zlib = r.components.find((c) => c.name === 'zlib');
    expect(zlib).toMatchObject({ version: '1.3.2', direct: true, purl: 'pkg:conan/zlib@1.3.2?rrev=7785cdb3a85f7c138a9c4f91f36ba701', evidence: [{ line: 4 }] });
    expect(zlib?.properties).toContainEqual({ name: 'conan:timestamp', value: '1785828272.6947718' });
    expect(r.components.find((c) => c.name === 'cmake')).toMatchObject({ direct: false, kind: 'tool' });
    expect(r.findings).toEqual([]);
  });

  it('the index reads the lock and only notes the conanfile beside it', () => {
    const repo = memoryRepo({ 'swan/conan.lock': SWAN_LOCK, 'swan/conanfile.py': SWAN_PY });
    expect(source.extract('swan/conan.lock', repo).components).toHaveLength(5);
    const r = source.extract('swan/conanfile.py', repo);
    expect(r.components).toEqual([]);
    expect(r.findings.map((f) => [f.rule, f.severity])).toEqual([['conan.lockfile-used', 'info']]);
    expect(source.matches('a/conanfile.txt')).toBe(true);
    expect(source.matches('conan.lock')).toBe(true);
    expect(source.matches('recipe/test_package/conanfile.py')).toBe(false);
    expect(source.matches('conanfile.txt.bak')).toBe(false);
  });

  it('Conan 1: the documentation lockfile; the consumer node is the root, not an item', () => {
    const text = readFileSync(join(FIXTURES, 'conan1-docs/pkgb_deps.lock'), 'utf8');
    const r = extractConanLock({ file: 'locks/pkgb_deps.lock', text });
    expect(r.components).toHaveLength(1);
    expect(r.components[0]).toMatchObject({
      name: 'pkga', version: '0.1', scope: 'runtime', direct: true, purl: 'pkg:conan/user/pkga@0.1?channel=testing&user=user',
    });
  });

  it('Conan 1: a package reached only through build_requires is build', () => {
    const text = JSON.stringify({
      graph_lock: {
        nodes: {
          0: { path: 'conanfile.txt', requires: ['1'], build_requires: ['3'] },
          1: { ref: 'openssl/1.1.1k#deadbeef', requires: ['2'] },
          2: { ref: 'zlib/1.2.11', requires: [] },
          3: { ref: 'cmake/3.20.0', requires: ['2'] },
        },
      },
      version: '0.4',
    }, null, 1);
    const r = extractConanLock({ file: 'conan.lock', text });
    expect(ids(r.components)).toEqual(['cmake@3.20.0:build', 'openssl@1.1.1k:runtime', 'zlib@1.2.11:runtime']);
    expect(r.components.find((c) => c.name === 'zlib')?.paths[0]).toEqual(['conanfile.txt', 'openssl@1.1.1k', 'zlib@1.2.11']);
    const openssl = r.components.find((c) => c.name === 'openssl');
    expect(openssl?.purl).toBe('pkg:conan/openssl@1.1.1k?rrev=deadbeef');
    expect(openssl?.properties).toContainEqual({ name: 'conan:rrev', value: 'deadbeef' });
    expect(openssl?.dependencies).toEqual(['pkg:conan/zlib@1.2.11']);
  });

  it('throws a TureenError for what is not a lockfile', () => {
    expect(() => extractConanLock({ file: 'conan.lock', text: '[1]' })).toThrow(TureenError);
    expect(() => extractConanLock({ file: 'conan.lock', text: '{"version":"0.5","requires":["zlib/[>1]"]}' })).toThrow(TureenError);
    expect(() => extractConanLock({ file: 'conan.lock', text: '{' })).toThrow(TureenError);
  });
});
