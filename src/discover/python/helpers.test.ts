import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TureenError } from '../../model/errors.js';
import { buildGraph } from './graph.js';
import { jsonKeyLines } from './jsonkeys.js';
import { arrayTableLines, keyLine } from './lines.js';
import { hashTable, isCommit, normalizeName, pipHash, pypiPurl, splitVcsUrl, versionFromFilename } from './names.js';
import { exactPin, parseRequirement } from './pep508.js';
import { declaredByName, readPyproject } from './pyproject.js';

interface Oracle {
  names: Record<string, string>;
  requirements: Record<string, { name: string; extras: string[]; specifier: string[]; url: string | null; marker: string | null } | null>;
}
const ORACLE = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'pep508-oracle.json'), 'utf8')) as Oracle;

describe('PEP 503 and PEP 508, checked against pip\'s vendored packaging (fixtures/pep508-oracle.json)', () => {
  it('normalises names as packaging.utils.canonicalize_name does', () => {
    for (const [raw, canon] of Object.entries(ORACLE.names)) expect(normalizeName(raw), raw).toBe(canon);
  });

  it('parses what packaging parses, the same way, and refuses what it refuses', () => {
    for (const [text, want] of Object.entries(ORACLE.requirements)) {
      const got = parseRequirement(text);
      // packaging 21.3 (legacy) accepts "a==" with an empty version; PEP 508 does not, nor does Tureen
      if (text === 'a==') {
        expect(got).toBeUndefined();
        continue;
      }
      if (want === null) {
        expect(got, JSON.stringify(text)).toBeUndefined();
        continue;
      }
      expect(got?.name, text).toBe(want.name);
      expect([...(got?.extras ?? [])].sort(), text).toEqual(want.extras);
      expect((got?.specifier ? got.specifier.split(',') : []).sort(), text).toEqual(want.specifier);
      expect(got?.url ?? null, text).toBe(want.url);
      expect(got?.marker ?? null, text).toBe(want.marker);
    }
  });

  it('exact pins: == without wildcard, ===, local labels kept', () => {
    expect(exactPin('==1.2.3')).toBe('1.2.3');
    expect(exactPin('===4.2.11')).toBe('4.2.11');
    expect(exactPin('==1.0+cpu')).toBe('1.0+cpu');
    expect(exactPin('==1.*')).toBe('');
    expect(exactPin('>=1,<2')).toBe('');
    expect(exactPin('')).toBe('');
  });
});

describe('names, hashes and URLs', () => {
  it('purls are pkg:pypi/<normalised>@<version> with encoded qualifiers', () => {
    expect(pypiPurl('Zope.Interface', '6.1')).toBe('pkg:pypi/zope-interface@6.1');
    expect(pypiPurl('x', '')).toBe('pkg:pypi/x');
    expect(pypiPurl('x', '1', { vcs_url: 'git+https://h/x.git@abc' })).toBe('pkg:pypi/x@1?vcs_url=git%2Bhttps%3A%2F%2Fh%2Fx.git%40abc');
  });

  it('reads pip-style and table hashes, refusing wrong lengths and unknown algorithms', () => {
    expect(pipHash(`sha256:${'A'.repeat(64)}`)).toEqual({ alg: 'SHA-256', content: 'a'.repeat(64) });
    expect(pipHash(`sha256:${'a'.repeat(63)}`)).toBeUndefined();
    expect(pipHash(`whirlpool:${'a'.repeat(64)}`)).toBeUndefined();
    expect(pipHash('nothing')).toBeUndefined();
    expect(hashTable(new Map([['sha256', 'b'.repeat(64)], ['md5', 'c'.repeat(32)], ['foo', 'x']]))).toHaveLength(2);
  });

  it('versions from wheel and sdist names only when the name matches', () => {
    expect(versionFromFilename('pydicom', 'https://h/p/pydicom-2.4.4-py3-none-any.whl')).toBe('2.4.4');
    expect(versionFromFilename('zope.interface', 'zope.interface-6.1.tar.gz')).toBe('6.1');
    expect(versionFromFilename('charset-normalizer', 'charset_normalizer-3.4.0-cp310-cp310-win32.whl')).toBe('3.4.0');
    expect(versionFromFilename('other', 'pydicom-2.4.4-py3-none-any.whl')).toBe('');
    expect(versionFromFilename('x', 'https://h/%E0%A4%A.whl')).toBe('');
  });

  it('splits VCS URLs at the ref, not at a user@host', () => {
    expect(splitVcsUrl('git+ssh://git@github.com/o/r.git@v1.2#egg=r')).toEqual({ url: 'ssh://git@github.com/o/r.git', ref: 'v1.2' });
    expect(splitVcsUrl('git+https://github.com/o/r')).toEqual({ url: 'https://github.com/o/r', ref: '' });
    expect(isCommit('0123456789abcdef0123456789abcdef01234567')).toBe(true);
    expect(isCommit('0123456')).toBe(false);
  });
});

describe('pyproject.toml declarations', () => {
  const text = `[project]
name = "App"
version = "1.0"
dependencies = ["requests[socks]>=2", "numpy"]

[project.optional-dependencies]
plot = ["matplotlib>=3"]

[dependency-groups]
test = ["pytest"]
dev = [{include-group = "test"}, "ruff", {include-group = "dev"}]

[tool.poetry.dependencies]
python = "^3.11"
Flask = {version = "^3", extras = ["async"]}
PyYAML = {version = "^6", optional = true}

[tool.poetry.group.docs.dependencies]
sphinx = "^7"

[tool.pdm.dev-dependencies]
lint = ["flake8"]
`;
  const py = readPyproject(text, 'pyproject.toml');

  it('reads PEP 621, PEP 735 (include-group followed, cycles stopped), Poetry and PDM declarations with their lines', () => {
    const byName = declaredByName(py.deps);
    expect(Object.fromEntries([...byName].map(([n, d]) => [n, d.kind]))).toEqual({
      requests: 'main', numpy: 'main', matplotlib: 'optional', pytest: 'dev', ruff: 'dev', flask: 'main', pyyaml: 'optional', sphinx: 'dev', flake8: 'dev',
    });
    expect([...(byName.get('requests')?.extras ?? [])]).toEqual(['socks']);
    expect([...(byName.get('flask')?.extras ?? [])]).toEqual(['async']);
    const lines = text.split('\n');
    for (const d of py.deps) expect(lines[(d.line as number) - 1]?.toLowerCase(), d.name).toContain(d.name.replace('-', ''));
    expect(py.name).toBe('App');
  });

  it('a TOML syntax error is a TureenError', () => {
    expect(() => readPyproject('[project\n', 'pyproject.toml')).toThrow(TureenError);
  });
});

describe('line helpers and the graph', () => {
  it('finds [[table]] headers and keys', () => {
    const t = 'a = 1\n[[package]]\nname = "x"\n[[package.wheels]]\n[[package]] # c\n[tool.poetry.dependencies]\nFlask = "1"\n';
    expect(arrayTableLines(t, 'package')).toEqual([2, 5]);
    expect(keyLine(t, 'flask', { table: 'tool.poetry.dependencies' })).toBe(7);
  });

  it('finds depth-2 JSON keys of each section', () => {
    const k = jsonKeyLines('{\n "default": {\n  "a\\"b": {"x": 1},\n  "c": {}\n },\n "develop": {"d": [1, {"e": 2}]}\n}');
    expect(k.top.get('develop')).toBe(6);
    expect(k.sections.get('default')?.get('a"b')).toBe(3);
    expect(k.sections.get('default')?.get('c')).toBe(4);
    expect(k.sections.get('develop')?.get('e')).toBeUndefined();
  });

  it('follows a package\'s extra only when an edge asks for it, and reports unresolved references', () => {
    const node = (name: string) => ({ key: name, ecosystem: 'PyPI', name, version: '1', purl: name, licenses: [], hashes: [], origin: { type: 'registry' as const }, firstParty: false, evidence: [{ file: 'f', source: 's' }] });
    const { graph, missing } = buildGraph(
      [{ id: 'r', node: node('root'), edges: [{ name: 'a', extras: ['x'], kind: 'prod' }, { name: 'gone', extras: [], kind: 'dev' }] }],
      [
        { id: 'a', name: 'a', node: node('a'), deps: [], extras: new Map([['x', [{ name: 'b', extras: [] }]], ['y', [{ name: 'c', extras: [] }]]]) },
        { id: 'b', name: 'b', node: node('b'), deps: [] },
        { id: 'c', name: 'c', node: node('c'), deps: [] },
      ],
    );
    const { components, unreachable } = graph.resolve({ unreachableScope: 'development' });
    expect(components.find((c) => c.name === 'b')?.scope).toBe('runtime');
    expect(unreachable.map((n) => n.name)).toEqual(['c']);
    expect(missing).toEqual([{ from: 'r', name: 'gone' }]);
  });
});
