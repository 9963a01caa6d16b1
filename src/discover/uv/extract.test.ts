import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { TureenError } from '../../model/errors.js';
import { memoryRepo } from '../source.js';
import { extractUvLock } from './extract.js';
import { source } from './index.js';

const CORPUS = join(import.meta.dirname, '../../../test/fixtures/corpus/uv');
const LOCK = readFileSync(join(CORPUS, 'canvas-medical__canvas-plugins__uv.lock'), 'utf8');
const PYPROJECT = readFileSync(join(CORPUS, 'canvas-medical__canvas-plugins__pyproject.toml'), 'utf8');

interface Dep { name: string; extra?: string[] }
interface Pkg { name: string; version?: string; source: Record<string, string>; dependencies?: Dep[]; 'optional-dependencies'?: Record<string, Dep[]>; 'dev-dependencies'?: Record<string, Dep[]> }

/**
 * The expected scopes, computed here from the TOML data (smol-toml directly) with a walk written for the test: from
 * the editable root, `dependencies` → runtime, its extras → optional, its dev groups → development; a package's own
 * extras are followed when an edge asks for them.
 */
function expectedScopes(text: string): Map<string, string> {
  const pkgs = (parse(text) as unknown as { package: Pkg[] }).package;
  const byName = new Map(pkgs.map((p) => [p.name, p]));
  const root = pkgs.find((p) => p.source.editable === '.') as Pkg;
  const walk = (start: Dep[]) => {
    const seen = new Set<string>();
    const queue = [...start];
    while (queue.length) {
      const d = queue.shift() as Dep;
      const p = byName.get(d.name);
      if (!p) continue;
      const key = `${d.name}[${(d.extra ?? []).join(',')}]`;
      if (seen.has(key)) continue;
      seen.add(key);
      queue.push(...(p.dependencies ?? []));
      for (const e of d.extra ?? []) queue.push(...(p['optional-dependencies']?.[e] ?? []));
    }
    return new Set([...seen].map((k) => k.slice(0, k.indexOf('['))));
  };
  const runtime = walk(root.dependencies ?? []);
  const optional = walk(Object.values(root['optional-dependencies'] ?? {}).flat());
  const dev = walk(Object.values(root['dev-dependencies'] ?? {}).flat());
  const out = new Map<string, string>();
  for (const p of pkgs) {
    if (p === root) continue;
    out.set(p.name, runtime.has(p.name) ? 'runtime' : optional.has(p.name) ? 'optional' : dev.has(p.name) ? 'development' : 'unreached');
  }
  return out;
}

describe('uv.lock: canvas-plugins (corpus)', () => {
  const r = source.extract('uv.lock', memoryRepo({ 'uv.lock': LOCK, 'pyproject.toml': PYPROJECT }));

  it('lists the 140 packages of SOURCES.md: 138 registry, 1 git, 1 editable (the project, first-party)', () => {
    expect(r.components).toHaveLength((LOCK.match(/^\[\[package\]\]$/gm) ?? []).length);
    expect(r.components).toHaveLength(140);
    const by = (t: string) => r.components.filter((c) => c.origin.type === t).length;
    expect([by('registry'), by('git'), by('workspace')]).toEqual([138, 1, 1]);
    expect(r.components.filter((c) => c.firstParty).map((c) => `${c.name}@${c.version}`)).toEqual(['canvas@0.203.0']);
    expect(r.findings).toEqual([]);
  });

  it('scope of every package equals an independent walk of the lock data', () => {
    const expected = expectedScopes(LOCK);
    for (const c of r.components.filter((k) => !k.firstParty)) expect(c.scope, c.name).toBe(expected.get(c.name));
    const count = (s: string) => [...expected.values()].filter((v) => v === s).length;
    expect(r.components.filter((c) => c.scope === 'development')).toHaveLength(count('development'));
    expect(count('unreached')).toBe(0);
  });

  it('direct = the 33 dependencies + 15 dev + 1 extra of pyproject.toml, psutil being in both (48 names)', () => {
    const list = (start: string) => {
      const from = PYPROJECT.indexOf(start);
      const body = PYPROJECT.slice(from, PYPROJECT.indexOf('\n]', from));
      return [...body.matchAll(/^ {2}"([A-Za-z0-9._-]+)/gm)].map((m) => (m[1] as string).toLowerCase().replace(/[-_.]+/g, '-'));
    };
    const deps = [...list('\ndependencies = ['), ...list('\ndev = [')];
    expect(deps).toHaveLength(33 + 15);
    const expected = new Set([...deps, 'pytest-canvas']);
    expect(new Set(r.components.filter((c) => c.direct).map((c) => c.name))).toEqual(expected);
    expect(expected.size).toBe(48);
  });

  it('the git package is identified by its commit; hashes come from sdist and wheels', () => {
    const git = r.components.find((c) => c.origin.type === 'git');
    expect(git?.origin).toEqual({ type: 'git', url: 'https://github.com/carlsmedstad/HTTPretty.git', ref: '8e96b1e312d473429fbd08bc867376e9932ad42a' });
    expect(git?.purl).toMatch(/^pkg:pypi\/httpretty@1\.1\.4\?vcs_url=git%2Bhttps/);
    const hashes = (LOCK.match(/hash = "sha256:[0-9a-f]{64}"/g) ?? []).length;
    expect(r.components.reduce((n, c) => n + c.hashes.length, 0)).toBe(hashes);
  });
});

describe('uv.lock: workspaces, other sources and bad input (written from uv\'s lockfile format)', () => {
  const WS = `version = 1
revision = 2
requires-python = ">=3.12"

[manifest]
members = ["app", "lib"]

[[package]]
name = "app"
version = "0.1.0"
source = { virtual = "." }
dependencies = [{ name = "lib" }, { name = "anyio", extra = ["trio"] }]

[package.dev-dependencies]
test = [{ name = "pytest" }]

[[package]]
name = "lib"
version = "0.2.0"
source = { editable = "packages/lib" }
dependencies = [{ name = "local-wheel" }]

[[package]]
name = "anyio"
version = "4.4.0"
source = { registry = "https://pypi.org/simple" }
sdist = { url = "https://x/anyio-4.4.0.tar.gz", hash = "sha256:${'a'.repeat(64)}" }

[package.optional-dependencies]
trio = [{ name = "trio" }]

[[package]]
name = "trio"
version = "0.26.0"
source = { url = "https://example.org/trio-0.26.0.tar.gz" }

[[package]]
name = "local-wheel"
version = "1.0"
source = { path = "wheels/local_wheel-1.0-py3-none-any.whl" }

[[package]]
name = "pytest"
version = "8.3.3"
source = { registry = "https://pypi.org/simple" }
`;
  it('members are first-party roots; extras asked for are followed; url/path sources keep their origin', () => {
    const r = extractUvLock({ file: 'uv.lock', text: WS });
    const get = (n: string) => r.components.find((c) => c.name === n);
    expect(r.components.filter((c) => c.firstParty).map((c) => c.name)).toEqual(['app', 'lib']);
    expect(get('trio')?.scope).toBe('runtime');
    expect(get('trio')?.origin).toEqual({ type: 'tarball', url: 'https://example.org/trio-0.26.0.tar.gz' });
    expect(get('local-wheel')?.origin).toEqual({ type: 'file', ref: 'wheels/local_wheel-1.0-py3-none-any.whl' });
    expect(get('local-wheel')?.scope).toBe('runtime');
    expect(get('pytest')?.scope).toBe('development');
    expect(get('anyio')?.hashes).toHaveLength(1);
  });

  it('a newer lock version is read with a warning; a broken one is a TureenError with its line', () => {
    expect(extractUvLock({ file: 'uv.lock', text: WS.replace('version = 1\n', 'version = 2\n') }).findings.map((f) => f.rule)).toContain('uv.lockfile-version');
    try {
      extractUvLock({ file: 'uv.lock', text: WS.replace('name = "trio"\nversion', 'name = 5\nversion') });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(TureenError);
      expect((e as TureenError).place?.line).toBe(WS.split('\n').indexOf('name = "trio"') );
    }
  });

  it('matches uv.lock only', () => {
    expect(source.matches('uv.lock')).toBe(true);
    expect(source.matches('a/uv.lock')).toBe(true);
    expect(source.matches('uv.lock.orig')).toBe(false);
  });
});
