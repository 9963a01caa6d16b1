import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Component } from '../../model/component.js';
import { extractCmake, parseCpmShorthand } from './extract.js';
import { source } from './index.js';
import { tokenize } from './tokenize.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const read = (p: string) => readFileSync(join(FIXTURES, p), 'utf8');
const show = (cs: Component[]) => cs.map((c) => `${c.name}@${c.version}:${c.scope}`).sort();

describe('CMake tokenizer', () => {
  it('reads quoted, bracket and unquoted arguments and skips comments', () => {
    const text = [
      '#[[ FetchContent_Declare(no GIT_REPOSITORY x) ]]',
      'set(A "a b" [=[x]]y]=] c;d) # comment (',
      'foo(x (nested y) "q\\"uote" z\\;w)',
    ].join('\n');
    const cmds = tokenize(text);
    expect(cmds.map((c) => c.name)).toEqual(['set', 'foo']);
    expect(cmds[0]?.args.map((a) => a.value)).toEqual(['A', 'a b', 'x]]y', 'c', 'd']);
    expect(cmds[1]?.args.map((a) => a.value)).toEqual(['x', 'nested', 'y', 'q"uote', 'z;w']);
  });
});

describe('CPM shorthand', () => {
  it('reads gh:/gl:/URL forms', () => {
    expect(parseCpmShorthand('gh:nlohmann/json@3.10.5')).toEqual({ name: 'json', gitUrl: 'https://github.com/nlohmann/json.git', tag: 'v3.10.5', version: '3.10.5' });
    expect(parseCpmShorthand('gh:fmtlib/fmt#7.1.3')).toEqual({ name: 'fmt', gitUrl: 'https://github.com/fmtlib/fmt.git', tag: '7.1.3' });
    expect(parseCpmShorthand('gl:group/proj@1.0#abc1234def')).toMatchObject({ gitUrl: 'https://gitlab.com/group/proj.git', tag: 'abc1234def', version: '1.0' });
    expect(parseCpmShorthand('https://example.com/x/lib.git@2.0.0')).toMatchObject({ name: 'lib', gitUrl: 'https://example.com/x/lib.git', version: '2.0.0' });
    expect(parseCpmShorthand('fmt')).toBeUndefined();
  });
});

describe('CMake files → components (real files, see fixtures/README.md)', () => {
  it('FetchContent_Declare with a URL and URL_HASH (j2fam): GitHub archive of a commit, test framework', () => {
    const r = extractCmake({ file: 'cmake/gtest.cmake', text: read('j2fam/gtest.cmake') });
    expect(r.components).toHaveLength(1);
    expect(r.components[0]).toMatchObject({
      name: 'googletest', version: '5e6a533680fc8292c31f31664d80c48440d4a526', scope: 'test', ecosystem: 'GIT',
      purl: 'pkg:github/google/googletest@5e6a533680fc8292c31f31664d80c48440d4a526',
      hashes: [{ alg: 'SHA-256', content: 'bf5fa6ff9d9d5094d3967f93a08fe9558866605be6bb7e810b2052b2a01fd3ec' }],
      origin: { type: 'tarball', url: 'https://github.com/google/googletest/archive/5e6a533680fc8292c31f31664d80c48440d4a526.tar.gz' },
      evidence: [{ file: 'cmake/gtest.cmake', line: 1, source: 'cmake' }],
    });
    expect(r.findings).toEqual([]);
  });

  it('FetchContent_Declare with GIT_TAG a commit (vllm)', () => {
    const r = extractCmake({ file: 'cmake/dep.cmake', text: read('vllm/dep.cmake') });
    expect(r.components).toHaveLength(1);
    expect(r.components[0]).toMatchObject({
      name: 'cmake_git_version_tracking', version: '6c0cb87edd029ddfb403a8e24577c144a03605a6', scope: 'runtime', direct: true,
      purl: 'pkg:github/andrew-hardin/cmake-git-version-tracking@6c0cb87edd029ddfb403a8e24577c144a03605a6',
      origin: { type: 'git', url: 'https://github.com/andrew-hardin/cmake-git-version-tracking.git', ref: '6c0cb87edd029ddfb403a8e24577c144a03605a6' },
      evidence: [{ line: 2 }],
    });
    expect(r.findings).toEqual([]);
  });

  it('GIT_TAG master is unpinned (RikkiPatcher)', () => {
    const r = extractCmake({ file: 'cmake/sha.cmake', text: read('rikkipatcher/sha.cmake') });
    expect(r.components).toHaveLength(1);
    expect(r.components[0]).toMatchObject({ name: 'sha', version: '', purl: 'pkg:github/zeuno8/sha', origin: { ref: 'master' } });
    expect(r.findings).toEqual([expect.objectContaining({ rule: 'cmake.unpinned', severity: 'warning', line: 3, item: 'pkg:github/zeuno8/sha' })]);
  });

  it('calls inside a bracket comment are not items (ss-cpp)', () => {
    const text = read('ss-cpp/ConfigureCPMDeps.cmake');
    expect(text).toContain('CPMAddPackage("gh:nlohmann/json@3.10.5")');
    expect(extractCmake({ file: 'cmake/ConfigureCPMDeps.cmake', text })).toEqual({ components: [], findings: [] });
  });

  it('CPMAddPackage calls of SimpleKernel: line comments, SOURCE_DIR-only, URL, commit and VERSION → tag', () => {
    const text = read('simplekernel/3rd.cmake');
    const r = extractCmake({ file: 'cmake/3rd.cmake', text });
    // independent count: calls not in a comment line, minus the one with only SOURCE_DIR (ovmf)
    const calls = text.split('\n').filter((l) => /^\s*CPMAddPackage\(/.test(l));
    expect(calls).toHaveLength(7);
    expect(r.components).toHaveLength(calls.length - 1);
    expect(show(r.components)).toEqual([
      'CPMLicenses.cmake@0.0.7:runtime',
      'gdbinit@e5138c24226bdd05360ca41743d8315a9e366c40:runtime',
      'gnu-efi@3.0.17:runtime',
      'opensbi@1.4:runtime',
      'opensbi_interface@1.1.0:runtime',
      'printf_bare_metal@1.8.0:runtime',
    ]);
    expect(r.components.find((c) => c.name === 'CPMLicenses.cmake')).toMatchObject({
      purl: 'pkg:github/cpm-cmake/cpmlicenses.cmake@v0.0.7', origin: { type: 'git', url: 'https://github.com/cpm-cmake/CPMLicenses.cmake.git', ref: 'v0.0.7' },
    });
    expect(r.components.find((c) => c.name === 'gnu-efi')).toMatchObject({ ecosystem: 'generic', origin: { type: 'tarball' } });
    expect(r.findings.map((f) => `${f.rule}:${f.item}`)).toEqual(['cmake.no-hash:pkg:generic/gnu-efi@3.0.17?download_url=https%3A%2F%2Fsourceforge.net%2Fprojects%2Fgnu-efi%2Ffiles%2Fgnu-efi-3.0.17.tar.bz2']);
    for (const c of r.components) expect(Component.safeParse(c).success).toBe(true);
  });
});

describe('CMake variables, functions and unresolved values', () => {
  it('replaces ${VAR} from set() in the same file and skips function bodies', () => {
    const text = [
      'set(JSON_TAG v3.11.3)',
      'set(REPO "https://github.com/nlohmann/json.git")',
      'function(fetch name url tag)',
      '  FetchContent_Declare(${name} GIT_REPOSITORY ${url} GIT_TAG ${tag})',
      'endfunction()',
      'FetchContent_Declare(json GIT_REPOSITORY ${REPO} GIT_TAG ${JSON_TAG})',
      'ExternalProject_Add(zlib URL https://zlib.net/zlib-1.3.1.tar.gz URL_HASH SHA256=9A93B2B7DFDAC77CEBA5A558A580E74667DD6FEDE4585B91EEFB60F03B72DF23)',
      'FetchContent_Declare(other GIT_REPOSITORY ${SOMEWHERE_ELSE} GIT_TAG v1)',
      'FetchContent_Declare(tagged GIT_REPOSITORY https://gitlab.com/a/b.git GIT_TAG ${UNKNOWN_TAG})',
    ].join('\n');
    const r = extractCmake({ file: 'CMakeLists.txt', text });
    expect(show(r.components)).toEqual(['json@3.11.3:runtime', 'tagged@:runtime', 'zlib@1.3.1:runtime']);
    expect(r.components.find((c) => c.name === 'zlib')?.hashes).toEqual([{ alg: 'SHA-256', content: '9a93b2b7dfdac77ceba5a558a580e74667dd6fede4585b91eefb60f03b72df23' }]);
    expect(r.components.find((c) => c.name === 'tagged')?.purl).toBe('pkg:generic/tagged?vcs_url=git%2Bhttps%3A%2F%2Fgitlab.com%2Fa%2Fb.git');
    expect(r.findings.map((f) => `${f.rule}:${f.line}`)).toEqual(['cmake.unresolved:8', 'cmake.unpinned:9']);
  });

  it('a declaration inside if(BUILD_TESTING) is test scope, its else() branch is not', () => {
    const text = [
      'if(BUILD_TESTING)',
      '  FetchContent_Declare(mocklib GIT_REPOSITORY https://github.com/o/mocklib.git GIT_TAG v1.0.0)',
      'else()',
      '  FetchContent_Declare(shipped GIT_REPOSITORY https://github.com/o/shipped.git GIT_TAG v2.0.0)',
      'endif()',
      'if(NOT MYLIB_BUILD_TESTS)',
      '  FetchContent_Declare(other GIT_REPOSITORY https://github.com/o/other.git GIT_TAG v3.0.0)',
      'endif()',
      'if(${PROJECT_NAME}_ENABLE_TESTS)',
      '  if(WIN32)',
      '    FetchContent_Declare(nested GIT_REPOSITORY https://github.com/o/nested.git GIT_TAG v4.0.0)',
      '  endif()',
      'endif()',
    ].join('\n');
    expect(show(extractCmake({ file: 'CMakeLists.txt', text }).components)).toEqual(['mocklib@1.0.0:test', 'nested@4.0.0:test', 'other@3.0.0:runtime', 'shipped@2.0.0:runtime']);
  });

  it('matches CMakeLists.txt and *.cmake, not CPM itself or build trees', () => {
    expect(source.matches('CMakeLists.txt')).toBe(true);
    expect(source.matches('cmake/deps.cmake')).toBe(true);
    expect(source.matches('cmake/CPM.cmake')).toBe(false);
    expect(source.matches('cmake/CPM_0.38.2.cmake')).toBe(false);
    expect(source.matches('build/_deps/fmt-src/CMakeLists.txt')).toBe(false);
    expect(source.matches('cmake-build-debug/x.cmake')).toBe(false);
    expect(source.matches('CMakeLists.txt.in')).toBe(false);
  });
});
