import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TureenError } from '../../model/errors.js';
import { memoryRepo } from '../source.js';
import { extractPoetryLock } from './extract.js';
import { source } from './index.js';

const CORPUS = join(import.meta.dirname, '../../../test/fixtures/corpus/poetry');
const LOCK2 = readFileSync(join(CORPUS, 'RespiraWorks__Ventilator__software__tools__poetry.lock'), 'utf8');
const PY2 = readFileSync(join(CORPUS, 'RespiraWorks__Ventilator__software__tools__pyproject.toml'), 'utf8');
const V1 = join(import.meta.dirname, 'fixtures', 'lock-v1');
const LOCK1 = readFileSync(join(V1, 'poetry.lock'), 'utf8');
const PY1 = readFileSync(join(V1, 'pyproject.toml'), 'utf8');

const pep503 = (n: string) => n.toLowerCase().replace(/[-_.]+/g, '-');

/**
 * An independent reading of a poetry.lock with regular expressions: each [[package]] block's name and the names in
 * its [package.dependencies] that are not `optional = true`.
 */
function regexLock(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const block of text.split(/^\[\[package\]\]$/m).slice(1)) {
    const name = pep503(/^name = "([^"]+)"/m.exec(block)?.[1] ?? '');
    const deps = /^\[package\.dependencies\]\n([\s\S]*?)(?:\n\[|(?![\s\S]))/m.exec(block)?.[1] ?? '';
    out.set(name, deps.split('\n').filter((l) => /^\S+ = /.test(l) && !/optional = true/.test(l)).map((l) => pep503(l.split(' = ')[0] as string)));
  }
  return out;
}
/** Names reachable from `start` through regexLock's edges. */
function reach(graph: Map<string, string[]>, start: string[]): Set<string> {
  const seen = new Set(start.filter((s) => graph.has(s)));
  const queue = [...seen];
  for (let i = 0; i < queue.length; i++) for (const d of graph.get(queue[i] as string) ?? []) if (graph.has(d) && !seen.has(d)) { seen.add(d); queue.push(d); }
  return seen;
}
const tableKeys = (text: string, table: string) =>
  (new RegExp(`^\\[${table.replace(/\./g, '\\.')}\\]\\n([\\s\\S]*?)(?:\\n\\[|(?![\\s\\S]))`, 'm').exec(text)?.[1] ?? '').split('\n').filter((l) => /^\S+ = /.test(l)).map((l) => pep503(l.split(' = ')[0] as string)).filter((n) => n !== 'python');

describe('poetry.lock 2.0: RespiraWorks Ventilator tools (corpus) with its pyproject.toml', () => {
  const r = extractPoetryLock({ file: 'software/tools/poetry.lock', text: LOCK2, pyproject: { file: 'software/tools/pyproject.toml', text: PY2 } });
  const graph = regexLock(LOCK2);
  const main = tableKeys(PY2, 'tool.poetry.dependencies');
  const dev = tableKeys(PY2, 'tool.poetry.group.dev.dependencies');
  const pkgs = r.components.filter((c) => !c.firstParty);

  it('lists the 45 locked packages (SOURCES.md), one per [[package]], and the project as first-party root', () => {
    expect(graph.size).toBe(45);
    expect(pkgs.map((c) => c.name).sort()).toEqual([...graph.keys()].sort());
    expect(r.components.filter((c) => c.firstParty).map((c) => `${c.name}@${c.version}`)).toEqual(['debug@0.1.0']);
  });

  it('scope: reachable from [tool.poetry.dependencies] is runtime, reachable only from the dev group is development', () => {
    expect(main).toHaveLength(6); // SOURCES.md: 7 entries including python
    expect(dev).toEqual(['pytest']);
    const runtime = reach(graph, main);
    const development = [...reach(graph, dev)].filter((n) => !runtime.has(n));
    expect(pkgs.filter((c) => c.scope === 'runtime').map((c) => c.name).sort()).toEqual([...runtime].sort());
    expect(pkgs.filter((c) => c.scope === 'development').map((c) => c.name).sort()).toEqual(development.sort());
    expect(runtime.size + development.length).toBe(45);
    expect(pkgs.filter((c) => c.direct).map((c) => c.name).sort()).toEqual([...main, ...dev].sort());
  });

  it('hashes come from each package\'s files, evidence from its [[package]] line', () => {
    const lines = LOCK2.split('\n');
    for (const c of pkgs) {
      const line = c.evidence[0]?.line as number;
      expect(lines[line - 1]).toBe('[[package]]');
      expect(lines[line]).toMatch(new RegExp(`^name = "`));
    }
    const hashCount = (LOCK2.match(/hash = "sha256:/g) ?? []).length;
    expect(pkgs.reduce((n, c) => n + c.hashes.length, 0)).toBe(hashCount);
  });

  it('without the pyproject, a 2.0 lock (no category, no groups) lists everything as runtime and says so', () => {
    const alone = source.extract('poetry.lock', memoryRepo({ 'poetry.lock': LOCK2 }));
    expect(alone.components).toHaveLength(45);
    expect(alone.components.every((c) => c.scope === 'runtime')).toBe(true);
    expect(alone.findings.map((f) => f.rule)).toEqual(['poetry.scope-unknown']);
  });
});

describe('poetry.lock 1.1 (written from the format, fixtures/lock-v1)', () => {
  const r = source.extract('poetry.lock', memoryRepo({ 'poetry.lock': LOCK1, 'pyproject.toml': PY1 }));
  /** category and optional of each package, read with a regex: Poetry's own verdict at lock time */
  const verdict = new Map(
    LOCK1.split(/^\[\[package\]\]$/m).slice(1).map((b) => [
      pep503(/^name = "([^"]+)"/m.exec(b)?.[1] ?? ''),
      /^optional = true/m.test(b) ? 'optional' : /^category = "main"/m.test(b) ? 'runtime' : 'development',
    ]),
  );

  it('agrees with Poetry\'s category/optional for every package (14, counted by hand: 7 main, 1 optional main, 6 dev)', () => {
    const pkgs = r.components.filter((c) => !c.firstParty);
    expect(pkgs).toHaveLength(14);
    for (const c of pkgs) expect(c.scope, c.name).toBe(verdict.get(c.name));
    expect([...verdict.values()].filter((v) => v === 'runtime')).toHaveLength(7);
  });

  it('follows requested extras only: requests[socks] brings pysocks', () => {
    const requests = r.components.find((c) => c.name === 'requests');
    expect(requests?.dependencies).toContain('pkg:pypi/pysocks@1.7.1');
    expect(r.components.find((c) => c.name === 'pysocks')?.paths[0]).toEqual(['infusion-monitor@1.4.0', 'requests@2.28.2', 'pysocks@1.7.1']);
  });

  it('reads [metadata.files] hashes and a git [package.source]', () => {
    expect(r.components.find((c) => c.name === 'attrs')?.hashes).toHaveLength(2);
    const git = r.components.find((c) => c.name === 'device-lib');
    expect(git?.origin).toEqual({ type: 'git', url: 'https://github.com/example/device-lib.git', ref: '0123456789abcdef0123456789abcdef01234567' });
    expect(git?.purl).toBe('pkg:pypi/device-lib@1.2.0?vcs_url=git%2Bhttps%3A%2F%2Fgithub.com%2Fexample%2Fdevice-lib.git%400123456789abcdef0123456789abcdef01234567');
    expect(r.components.filter((c) => c.direct).map((c) => c.name).sort()).toEqual(['device-lib', 'pytest', 'pyyaml', 'requests']);
  });

  it('without the pyproject, uses the category', () => {
    const alone = extractPoetryLock({ file: 'poetry.lock', text: LOCK1 });
    for (const c of alone.components) expect(c.scope, c.name).toBe(verdict.get(c.name));
    expect(alone.findings).toEqual([]);
  });
});

describe('poetry.lock 2.1 groups and bad input', () => {
  it('uses groups = [...] when there is no pyproject', () => {
    const text = '[[package]]\nname = "a"\nversion = "1.0"\ngroups = ["main", "dev"]\nfiles = []\n\n[[package]]\nname = "b"\nversion = "2.0"\ngroups = ["dev"]\nfiles = []\n\n[metadata]\nlock-version = "2.1"\n';
    const r = extractPoetryLock({ file: 'poetry.lock', text });
    expect(r.components.map((c) => [c.name, c.scope])).toEqual([['a', 'runtime'], ['b', 'development']]);
  });

  it('a package without a version, or with a hostile name, is a TureenError at its line', () => {
    for (const text of ['[[package]]\nname = "a"\n', '\n[[package]]\nname = "../x"\nversion = "1"\n']) {
      try {
        extractPoetryLock({ file: 'poetry.lock', text });
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(TureenError);
        expect((e as TureenError).place?.line).toBe(text.startsWith('\n') ? 2 : 1);
      }
    }
  });

  it('matches poetry.lock files only', () => {
    expect(source.matches('poetry.lock')).toBe(true);
    expect(source.matches('svc/poetry.lock')).toBe(true);
    expect(source.matches('poetry.lock.bak')).toBe(false);
    expect(source.matches('.venv/x/poetry.lock')).toBe(false);
  });
});
