import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryRepo } from '../source.js';
import { extractPdmLock } from './extract.js';
import { source } from './index.js';

const DIR = join(import.meta.dirname, 'fixtures', 'mpd-now-playable');
const LOCK = readFileSync(join(DIR, 'pdm.lock'), 'utf8');
const PY = readFileSync(join(DIR, 'pyproject.toml'), 'utf8');
const pep503 = (n: string) => n.toLowerCase().replace(/[-_.]+/g, '-');
/** name of a PEP 508 string, by regex */
const reqName = (s: string) => pep503(/^\s*"([A-Za-z0-9._-]+)/.exec(s)?.[1] ?? '');
/** the quoted strings of the array `key = [ … ]` that starts at `from` */
const arrayAfter = (text: string, key: string) => {
  const at = text.indexOf(`${key} = [`);
  return at === -1 ? [] : text.slice(at, text.indexOf('\n]', at)).split('\n').slice(1).map(reqName);
};

describe('pdm.lock 4.4: 00dani/mpd-now-playable (real, no per-package groups) with its pyproject.toml', () => {
  const r = source.extract('pdm.lock', memoryRepo({ 'pdm.lock': LOCK, 'pyproject.toml': PY }));
  // independent: package blocks and their dependency names by regex, then a walk from pyproject's lists
  const blocks = LOCK.split(/^\[\[package\]\]$/m).slice(1);
  const graph = new Map(blocks.map((b) => [pep503(/^name = "([^"]+)"/m.exec(b)?.[1] ?? ''), arrayAfter(b, 'dependencies')]));
  const walk = (start: string[]) => {
    const seen = new Set(start);
    const q = [...start];
    for (let i = 0; i < q.length; i++) for (const d of graph.get(q[i] as string) ?? []) if (!seen.has(d)) { seen.add(d); q.push(d); }
    return seen;
  };
  const runtime = walk(arrayAfter(PY, 'dependencies'));
  const dev = walk(arrayAfter(PY, 'dev'));

  it('lists the 14 locked packages and the project', () => {
    expect(graph.size).toBe(14);
    expect(r.components.filter((c) => !c.firstParty).map((c) => c.name).sort()).toEqual([...graph.keys()].sort());
    expect(r.components.filter((c) => c.firstParty).map((c) => `${c.name}@${c.version}`)).toEqual(['mpd-now-playable@0.0.1']);
  });

  it('scope from the pyproject walk: 10 runtime, 4 development (mypy, mypy-extensions, ruff, typing-extensions)', () => {
    for (const c of r.components.filter((k) => !k.firstParty)) expect(c.scope, c.name).toBe(runtime.has(c.name) ? 'runtime' : dev.has(c.name) ? 'development' : '?');
    expect(r.components.filter((c) => c.scope === 'development').map((c) => c.name).sort()).toEqual(['mypy', 'mypy-extensions', 'ruff', 'typing-extensions']);
  });

  it('hashes from files, evidence at [[package]], direct = the pyproject lists', () => {
    expect(r.components.reduce((n, c) => n + c.hashes.length, 0)).toBe((LOCK.match(/, hash = "sha256:/g) ?? []).length); // not content_hash
    const lines = LOCK.split('\n');
    for (const c of r.components.filter((k) => !k.firstParty)) expect(lines[(c.evidence[0]?.line as number) - 1]).toBe('[[package]]');
    expect(r.components.filter((c) => c.direct).map((c) => c.name).sort()).toEqual([...arrayAfter(PY, 'dependencies'), ...arrayAfter(PY, 'dev')].sort());
  });

  it('without the pyproject: everything runtime, with a finding', () => {
    const alone = extractPdmLock({ file: 'pdm.lock', text: LOCK });
    expect(alone.components.every((c) => c.scope === 'runtime')).toBe(true);
    expect(alone.findings.map((f) => f.rule)).toEqual(['pdm.scope-unknown']);
  });
});

describe('pdm.lock 4.5 with per-package groups (written from the PDM lockfile format)', () => {
  const text = `# written for Tureen's tests
[metadata]
groups = ["default", "dev", "plot"]
strategy = ["inherit_metadata"]
lock_version = "4.5.0"
content_hash = "sha256:0000"

[[package]]
name = "requests"
version = "2.32.3"
groups = ["default"]
dependencies = ["urllib3<3,>=1.21.1"]
files = [{file = "requests-2.32.3-py3-none-any.whl", hash = "sha256:${'1'.repeat(64)}"}]

[[package]]
name = "requests"
version = "2.32.3"
extras = ["socks"]
groups = ["default"]
dependencies = ["PySocks!=1.5.7,>=1.5.6", "requests==2.32.3"]
files = [{file = "requests-2.32.3-py3-none-any.whl", hash = "sha256:${'1'.repeat(64)}"}]

[[package]]
name = "urllib3"
version = "2.2.2"
groups = ["default", "dev"]

[[package]]
name = "pysocks"
version = "1.7.1"
groups = ["default"]

[[package]]
name = "matplotlib"
version = "3.9.0"
groups = ["plot"]

[[package]]
name = "pytest"
version = "8.2.2"
groups = ["dev"]

[[package]]
name = "devlib"
version = "0.3.0"
groups = ["default"]
git = "https://github.com/example/devlib.git"
ref = "main"
revision = "fedcba9876543210fedcba9876543210fedcba98"
`;
  const py = '[project]\nname = "app"\nversion = "1.0"\ndependencies = ["requests[socks]", "devlib @ git+https://github.com/example/devlib.git@main"]\n\n[project.optional-dependencies]\nplot = ["matplotlib"]\n\n[dependency-groups]\ndev = ["pytest"]\n';
  const r = extractPdmLock({ file: 'pdm.lock', text, pyproject: { file: 'pyproject.toml', text: py } });
  const get = (n: string) => r.components.filter((c) => c.name === n);

  it('groups decide: default → runtime, an extra of the project → optional, dev → development', () => {
    expect(get('urllib3')[0]?.scope).toBe('runtime');
    expect(get('matplotlib')[0]?.scope).toBe('optional');
    expect(get('pytest')[0]?.scope).toBe('development');
  });

  it('an entry with extras is the same distribution: one component', () => {
    expect(get('requests')).toHaveLength(1);
    expect(get('requests')[0]?.evidence).toHaveLength(2);
  });

  it('a git package is identified by its revision', () => {
    const g = get('devlib')[0];
    expect(g?.origin).toEqual({ type: 'git', url: 'https://github.com/example/devlib.git', ref: 'fedcba9876543210fedcba9876543210fedcba98' });
    expect(g?.purl).toContain('vcs_url=');
    expect(g?.direct).toBe(true);
  });

  it('matches pdm.lock only', () => {
    expect(source.matches('pdm.lock')).toBe(true);
    expect(source.matches('x/pdm.lock')).toBe(true);
    expect(source.matches('pdm.toml')).toBe(false);
  });
});
