import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Component } from '../../model/component.js';
import { TureenError } from '../../model/errors.js';
import { memoryRepo } from '../source.js';
import { extractGitmodules, parseGitmodules } from './extract.js';
import { gitPurl, refKind, versionOfRef } from './gitref.js';
import { source } from './index.js';

const PLOTJUGGLER = readFileSync(join(import.meta.dirname, 'fixtures/plotjuggler/.gitmodules'), 'utf8');
const CONFIG = { ignore: [], declared: [], overrides: [] } as never;

describe('.gitmodules reader', () => {
  it('reads the real PlotJuggler file: two submodules, one with a branch', () => {
    const subs = parseGitmodules(PLOTJUGGLER, '.gitmodules');
    // independent count: section headers
    expect(subs).toHaveLength(PLOTJUGGLER.match(/^\[submodule "/gm)?.length ?? -1);
    expect(subs[0]).toEqual({
      name: '3rdparty/Qt-Advanced-Docking', path: '3rdparty/Qt-Advanced-Docking',
      url: 'https://github.com/PlotJuggler/Qt-Advanced-Docking-System.git', branch: 'feature/wasm-unix-guards', line: 1,
    });
    expect(subs[1]).toMatchObject({ name: '3rdparty/doomgeneric', line: 5 });
  });

  it('without commits: version "" and an unpinned finding per submodule', () => {
    const r = extractGitmodules({ file: '.gitmodules', text: PLOTJUGGLER, noCommitsReason: 'not a git checkout' });
    expect(r.components.map((c) => [c.name, c.version, c.purl])).toEqual([
      ['PlotJuggler/Qt-Advanced-Docking-System', '', 'pkg:github/plotjuggler/qt-advanced-docking-system'],
      ['ozkl/doomgeneric', '', 'pkg:github/ozkl/doomgeneric'],
    ]);
    expect(r.findings.map((f) => [f.rule, f.line])).toEqual([['git-submodules.unpinned', 1], ['git-submodules.unpinned', 5]]);
    expect(r.findings[0]?.message).toContain('not a git checkout');
  });

  it('reads quoted values, comments, other sections, and rejects broken headers', () => {
    const text = '# c\n[core]\n\tbare = false\n[submodule "a b"]\n\tpath = "libs/a b" ; comment\n\turl = ../a.git\n[submodule "no-url"]\n\tpath = x\n';
    const r = extractGitmodules({ file: '.gitmodules', text, commits: new Map([['libs/a b', 'a'.repeat(40)]]) });
    expect(r.components).toHaveLength(1);
    expect(r.components[0]).toMatchObject({ name: 'a', version: 'a'.repeat(40), origin: { type: 'git', url: '../a.git', ref: 'a'.repeat(40) } });
    expect(r.findings.map((f) => f.rule).sort()).toEqual(['git-submodules.incomplete', 'git-submodules.relative-url']);
    expect(() => parseGitmodules('[submodule "x"\n', '.gitmodules')).toThrow(TureenError);
    expect(() => parseGitmodules('[submodule "x"]\n= y\n', '.gitmodules')).toThrow(TureenError);
  });
});

describe('git refs', () => {
  it('tells commits, tags and branches apart', () => {
    expect(refKind('6c0cb87edd029ddfb403a8e24577c144a03605a6')).toBe('commit');
    expect(refKind('v1.2.3')).toBe('tag');
    expect(refKind('VER-2-13-0')).toBe('tag');
    expect(refKind('main')).toBe('branch');
    expect(refKind('develop')).toBe('branch');
    expect(refKind('feature/wasm-unix-guards')).toBe('branch');
    expect(refKind('release/1.2')).toBe('branch');
    expect(refKind('refs/tags/x')).toBe('tag');
    expect(versionOfRef('v2.5.0')).toBe('2.5.0');
    expect(versionOfRef('refs/tags/v1.0')).toBe('1.0');
    expect(versionOfRef('boost-1.82.0')).toBe('boost-1.82.0');
    expect(gitPurl('git@github.com:zephyrproject-rtos/zephyr.git', 'zephyr', 'v3.6.0')).toBe('pkg:github/zephyrproject-rtos/zephyr@v3.6.0');
    expect(gitPurl('https://git.example.org/x/lib', 'lib', '')).toBe('pkg:generic/lib?vcs_url=git%2Bhttps%3A%2F%2Fgit.example.org%2Fx%2Flib');
  });
});

/** Real repositories made with git 2.39 (see fixtures/README.md). */
describe('git submodules in a real repository', () => {
  let dir: string;
  const run = (cwd: string, ...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.org', '-c', 'protocol.file.allow=always', '-c', 'init.defaultBranch=main', ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  let tagged = '';
  let untagged = '';

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tureen-submodules-'));
    for (const lib of ['liba', 'libb']) {
      const up = join(dir, lib);
      mkdirSync(up);
      run(up, 'init', '-q');
      writeFileSync(join(up, 'a.c'), 'int a;\n');
      run(up, 'add', '.');
      run(up, 'commit', '-q', '-m', 'one');
      if (lib === 'liba') run(up, 'tag', 'v1.2.0');
      writeFileSync(join(up, 'a.c'), 'int a, b;\n');
      run(up, 'commit', '-q', '-am', 'two');
    }
    const sup = join(dir, 'super');
    mkdirSync(sup);
    run(sup, 'init', '-q');
    run(sup, 'submodule', 'add', '-q', join(dir, 'liba'), 'third_party/liba');
    run(sup, 'submodule', 'add', '-q', join(dir, 'libb'), 'third_party/libb');
    run(join(sup, 'third_party/liba'), 'checkout', '-q', 'v1.2.0');
    run(sup, 'add', 'third_party/liba');
    run(sup, 'commit', '-q', '-m', 'add submodules');
    tagged = run(join(dir, 'liba'), 'rev-parse', 'v1.2.0');
    untagged = run(join(dir, 'libb'), 'rev-parse', 'HEAD');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('pins each submodule to the commit HEAD records, and names the exact tag when there is one', () => {
    const sup = join(dir, 'super');
    const text = readFileSync(join(sup, '.gitmodules'), 'utf8');
    const r = source.extract('.gitmodules', memoryRepo({ '.gitmodules': text }), { root: sup, config: CONFIG });
    expect(r.findings).toEqual([]);
    const a = r.components.find((c) => c.name === 'liba');
    const b = r.components.find((c) => c.name === 'libb');
    expect(a).toMatchObject({ version: '1.2.0', origin: { type: 'git', url: join(dir, 'liba'), ref: tagged }, scope: 'runtime', direct: true, ecosystem: 'GIT' });
    expect(a?.properties).toContainEqual({ name: 'git:tag', value: 'v1.2.0' });
    expect(b).toMatchObject({ version: untagged, origin: { ref: untagged } });
    for (const c of r.components) expect(Component.safeParse(c).success).toBe(true);
  });

  it('says so when the folder is not a git repository', () => {
    const plain = join(dir, 'plain');
    mkdirSync(plain, { recursive: true });
    const text = readFileSync(join(dir, 'super/.gitmodules'), 'utf8');
    writeFileSync(join(plain, '.gitmodules'), text);
    const r = source.extract('.gitmodules', memoryRepo({ '.gitmodules': text }), { root: plain, config: CONFIG });
    expect(r.components.map((c) => c.version)).toEqual(['', '']);
    expect(r.findings.map((f) => f.rule)).toEqual(['git-submodules.unpinned', 'git-submodules.unpinned']);
  });

  it('matches .gitmodules only', () => {
    expect(source.matches('.gitmodules')).toBe(true);
    expect(source.matches('sub/.gitmodules')).toBe(true);
    expect(source.matches('gitmodules')).toBe(false);
  });
});
