import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Component } from '../../model/component.js';
import { source as cmake } from '../cmake/index.js';
import { source as conan } from '../conan/index.js';
import { source as platformio } from '../platformio/index.js';
import { discover } from '../scan.js';
import { source as vcpkg } from '../vcpkg/index.js';
import { source as west } from '../west/index.js';
import { source as submodules } from './index.js';

/**
 * The six C/C++ and embedded sources in a real scan of a git repository on disk: corpus and fixture files copied
 * into one tree, a real submodule, and copies in places that must not be read.
 */
const HERE = import.meta.dirname;
const CORPUS = join(HERE, '../../../test/fixtures/corpus');
const dir = mkdtempSync(join(tmpdir(), 'tureen-cpp-'));
const repo = join(dir, 'device');
const put = (from: string, to: string) => {
  mkdirSync(join(repo, to, '..'), { recursive: true });
  cpSync(from, join(repo, to));
};
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.org', '-c', 'protocol.file.allow=always', '-c', 'init.defaultBranch=main', ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

put(join(CORPUS, 'conan/RespiraWorks__Ventilator__software__gui__conanfile.txt'), 'gui/conanfile.txt');
put(join(HERE, '../conan/fixtures/swan/conan.lock'), 'swan/conan.lock');
put(join(HERE, '../conan/fixtures/swan/conanfile.py'), 'swan/conanfile.py');
put(join(CORPUS, 'platformio/RespiraWorks__Ventilator__software__controller__platformio.ini'), 'controller/platformio.ini');
put(join(HERE, '../west/fixtures/anjay-zephyr-client/west.yml'), 'zephyr-app/west.yml');
put(join(HERE, '../vcpkg/fixtures/reference/vcpkg.json'), 'host/vcpkg.json');
put(join(HERE, '../vcpkg/fixtures/reference/vcpkg-configuration.json'), 'host/vcpkg-configuration.json');
put(join(HERE, '../cmake/fixtures/j2fam/gtest.cmake'), 'cmake/gtest.cmake');
put(join(HERE, '../cmake/fixtures/vllm/dep.cmake'), 'cmake/dep.cmake');
// not to be read: a build tree's fetched copy, a vcpkg port definition, a CI workflow that is named west.yml
put(join(HERE, '../cmake/fixtures/rikkipatcher/sha.cmake'), 'build/_deps/sha-src/CMakeLists.txt');
put(join(HERE, '../cmake/fixtures/rikkipatcher/sha.cmake'), 'cmake-build-debug/_deps/x.cmake');
put(join(HERE, '../vcpkg/fixtures/avif-format/vcpkg.json'), 'third_party/vcpkg/ports/lcms/vcpkg.json');
mkdirSync(join(repo, '.github/workflows'), { recursive: true });
writeFileSync(join(repo, '.github/workflows/west.yml'), 'on: push\njobs: {}\n');

// a real submodule, pinned to a tagged commit
const up = join(dir, 'tinyusb');
mkdirSync(up);
git(up, 'init', '-q');
writeFileSync(join(up, 'tusb.c'), 'int t;\n');
git(up, 'add', '.');
git(up, 'commit', '-q', '-m', 'one');
git(up, 'tag', '0.16.0');
git(repo, 'init', '-q');
git(repo, 'submodule', 'add', '-q', up, 'lib/tinyusb');
git(repo, 'add', '.');
git(repo, 'commit', '-q', '-m', 'device');
const pinned = git(up, 'rev-parse', 'HEAD');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the C/C++ and embedded sources in a real scan of a folder on disk', () => {
  const r = discover(repo, { sources: [conan, platformio, west, vcpkg, cmake, submodules] });

  it('reads every file with its source, nothing fails, build trees and port definitions are skipped', () => {
    expect(r.files.map((f) => `${f.source}:${f.file}`).sort()).toEqual([
      'cmake:cmake/dep.cmake', 'cmake:cmake/gtest.cmake', 'conan:gui/conanfile.txt', 'conan:swan/conan.lock', 'conan:swan/conanfile.py',
      'git-submodules:.gitmodules', 'platformio:controller/platformio.ini', 'vcpkg:host/vcpkg.json',
      'west:.github/workflows/west.yml',
      'west:zephyr-app/west.yml',
    ].sort());
    expect(r.findings.filter((f) => f.severity === 'error')).toEqual([]);
    for (const c of r.components) expect(Component.safeParse(c).success).toBe(true);
  });

  it('finds each source\'s items (counts from the per-source tests)', () => {
    const by = (id: string) => r.components.filter((c) => c.evidence.some((e) => e.source === id)).length;
    // conan: 2 from the corpus conanfile.txt + 5 from the SWAN lock (its conanfile.py only notes the lock)
    expect(by('conan')).toBe(7);
    expect(by('platformio')).toBe(5);
    expect(by('west')).toBe(2);
    expect(by('vcpkg')).toBe(8);
    expect(by('cmake')).toBe(2);
    expect(by('git-submodules')).toBe(1);
  });

  it('pins the submodule to the commit git recorded and names its tag', () => {
    const t = r.components.find((c) => c.name === 'tinyusb');
    expect(t).toMatchObject({ version: '0.16.0', origin: { type: 'git', ref: pinned } });
  });
});
