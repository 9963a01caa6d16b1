import path from 'node:path';
import { parseSyml } from '@yarnpkg/parsers';
import { describe, expect, it } from 'vitest';
import type { Component } from '../../model/component.js';
import { TureenError } from '../../model/errors.js';
import { extractYarnV1 } from './extract.js';
import { CORPUS_LOCK, YARN_FIXTURES, installedList, read, v1NameVersions } from './test-support/expected.js';

const nv = (c: Component) => `${c.name}@${c.version}`;
const third = (cs: Component[]) => cs.filter((c) => !c.firstParty);
const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();
const byNv = (cs: Component[], id: string) => {
  const c = cs.find((x) => nv(x) === id);
  if (!c) throw new Error(`${id} not found`);
  return c;
};

const WS = path.join(YARN_FIXTURES, 'workspaces');
function workspacesFixture() {
  return extractYarnV1({
    lockfile: { file: 'yarn.lock', text: read(path.join(WS, 'yarn.lock')) },
    manifest: { file: 'package.json', text: read(path.join(WS, 'package.json')) },
    workspaces: [{ file: 'packages/lib-a/package.json', text: read(path.join(WS, 'packages/lib-a/package.json')) }],
  });
}

describe('yarn v1 on a project locked by the real yarn 1.22 (fixtures/workspaces)', () => {
  const res = workspacesFixture();
  const lockText = read(path.join(WS, 'yarn.lock'));

  it('what `yarn install --production` installs is exactly the non-development set; the rest is development', () => {
    const installed = sorted(installedList(path.join(WS, 'production-installed.txt')));
    const all = sorted(v1NameVersions(lockText));
    expect(sorted(third(res.components).map(nv))).toEqual(all);
    expect(sorted(third(res.components).filter((c) => c.scope !== 'development').map(nv))).toEqual(installed);
    expect(sorted(third(res.components).filter((c) => c.scope === 'development').map(nv))).toEqual(
      all.filter((x) => !installed.includes(x)),
    );
    expect(res.findings).toEqual([]);
  });

  it('optional only through the optional dependency; dev only through root or workspace devDependencies', () => {
    const cs = res.components;
    expect(byNv(cs, 'is-even@1.0.0')).toMatchObject({ scope: 'optional', direct: true });
    for (const id of ['is-odd@0.1.2', 'is-number@3.0.0', 'kind-of@3.2.2', 'is-buffer@1.1.6']) {
      expect(byNv(cs, id)).toMatchObject({ scope: 'optional', direct: false });
    }
    expect(byNv(cs, 'left-pad@1.3.0')).toMatchObject({ scope: 'development', direct: true });
    expect(byNv(cs, 'is-odd@3.0.1')).toMatchObject({ scope: 'development', direct: true });
    expect(byNv(cs, 'is-number@6.0.0')).toMatchObject({ scope: 'development', direct: false });
    expect(byNv(cs, 'once@1.4.0')).toMatchObject({ scope: 'runtime', direct: true });
    expect(byNv(cs, 'ms@2.1.3').paths[0]).toEqual(['v1-fixture-root@1.0.0', 'debug@4.4.3', 'ms@2.1.3']);
    expect(byNv(cs, 'once@1.4.0').paths[0]).toEqual(['lib-a@1.0.0', 'once@1.4.0']);
  });

  it('an alias is the real package; a tarball URL and a file: folder keep their source; registry entries carry the tarball hashes', () => {
    const cs = res.components;
    const alias = byNv(cs, 'ms@2.0.0');
    expect(alias.purl).toBe('pkg:npm/ms@2.0.0');
    expect(alias.evidence[0]?.key).toBe('my-ms@npm:ms@2.0.0');

    const tarball = byNv(cs, 'is-number@7.0.0');
    expect(tarball.origin).toEqual({ type: 'tarball', url: 'https://registry.npmjs.org/is-number/-/is-number-7.0.0.tgz' });
    expect(tarball.purl).toBe(
      'pkg:npm/is-number@7.0.0?download_url=https%3A%2F%2Fregistry.npmjs.org%2Fis-number%2F-%2Fis-number-7.0.0.tgz',
    );
    expect(tarball.hashes).toEqual([{ alg: 'SHA-1', content: '7535345b896734d5f80c4d06c50955527a14f12b' }]);

    expect(byNv(cs, 'local-thing@0.1.0').origin).toEqual({ type: 'file', ref: './vendor/local-thing' });

    const debug = byNv(cs, 'debug@4.4.3');
    expect(debug.purl).toBe('pkg:npm/debug@4.4.3');
    expect(debug.origin).toEqual({ type: 'registry', url: 'https://registry.yarnpkg.com/debug/-/debug-4.4.3.tgz' });
    // the lockfile's integrity (sha512, base64) and the #sha1 of the resolved URL, as hex
    const sri = /debug@\^4\.3\.4:\n(?:.*\n)*?\s+integrity sha512-(\S+)/.exec(lockText)?.[1] ?? '';
    expect(debug.hashes).toEqual([
      { alg: 'SHA-512', content: Buffer.from(sri, 'base64').toString('hex') },
      { alg: 'SHA-1', content: 'c6ae432d9bd9662582fce08709b038c58e9e3d6a' },
    ]);
  });

  it('the project and its workspace are first-party components named from their package.json', () => {
    const fp = res.components.filter((c) => c.firstParty);
    expect(fp.map((c) => [c.purl, c.origin.type, c.origin.ref, c.evidence[0]?.file])).toEqual([
      ['pkg:npm/v1-fixture-root@1.0.0', 'workspace', '.', 'package.json'],
      ['pkg:npm/lib-a@1.0.0', 'workspace', 'packages/lib-a', 'packages/lib-a/package.json'],
    ]);
    expect(fp.every((c) => c.scope === 'runtime')).toBe(true);
  });

  it('evidence names the lockfile and the line of the entry key', () => {
    const lines = lockText.split('\n');
    for (const c of third(res.components)) {
      const ev = c.evidence[0];
      expect(ev?.file).toBe('yarn.lock');
      expect(ev?.source).toBe('yarn');
      const keyLine = lines[(ev?.line ?? 0) - 1] ?? '';
      expect(keyLine.startsWith(ev?.key ?? '\u0000') || keyLine.startsWith(`"${ev?.key}"`)).toBe(true);
    }
  });
});

describe('yarn v1 on the corpus lockfile (pez-globo/pufferfish-software frontend)', () => {
  const lock = read(CORPUS_LOCK);
  const manifest = read(path.join(YARN_FIXTURES, 'pufferfish', 'package.json'));
  // The one line without which yarn accepts --frozen-lockfile (see fixtures/pufferfish/README.md).
  const MISSING = '    "eslint-plugin-react": "^7.20.0",\n';
  const run = (text: string) =>
    extractYarnV1({ lockfile: { file: 'frontend/yarn.lock', text: lock }, manifest: { file: 'frontend/package.json', text } });
  const accepted = run(manifest.replace(MISSING, ''));
  const P = path.join(YARN_FIXTURES, 'pufferfish');

  it('lists every entry once: the name@version set equals a line scan of the file (1750)', () => {
    const expected = v1NameVersions(lock);
    expect(expected.length).toBe(1750);
    expect(new Set(expected).size).toBe(1750);
    const found = third(accepted.components).map(nv);
    expect(found.length).toBe(1750);
    expect(sorted(found)).toEqual(sorted(expected));
  });

  it('non-development = what yarn 1.22 --production installs (platform checks off); development = the rest', () => {
    expect(manifest.includes(MISSING)).toBe(true);
    const installed = sorted(installedList(path.join(P, 'production-installed-ignore-platform.txt')));
    expect(installed.length).toBe(1546);
    const comps = third(accepted.components);
    expect(sorted(comps.filter((c) => c.scope !== 'development').map(nv))).toEqual(installed);
    expect(sorted(comps.filter((c) => c.scope === 'development').map(nv))).toEqual(
      sorted(v1NameVersions(lock)).filter((x) => !installed.includes(x)),
    );
  });

  it('what yarn skips on Linux only for its platform (fsevents and its deps) is optional, never development', () => {
    const onLinux = new Set(installedList(path.join(P, 'production-installed.txt')));
    const skipped = installedList(path.join(P, 'production-installed-ignore-platform.txt')).filter((x) => !onLinux.has(x));
    expect(skipped.length).toBe(6);
    for (const id of skipped) expect(byNv(accepted.components, id).scope).toBe('optional');
  });

  it('stale entries are exactly the entries yarn prunes, and are reported', () => {
    // entries whose key lines yarn deleted outright (the "d" hunks of yarn-prune.diff)
    const diff = read(path.join(P, 'yarn-prune.diff')).split('\n');
    const removedKeys: string[] = [];
    let deleting = false;
    for (const l of diff) {
      if (/^\d+(,\d+)?[acd]\d+/.test(l)) deleting = /d/.test(l);
      else if (deleting && /^< \S.*:$/.test(l)) removedKeys.push(l.slice(2, -1));
    }
    const removed = sorted(
      removedKeys.map((k) => {
        const i = lock.split('\n').indexOf(`${k}:`);
        const version = /^ {2}version "(.*)"$/.exec(lock.split('\n')[i + 1] ?? '')?.[1];
        return `${k.slice(0, k.indexOf('@', 1)).replace(/^"/, '')}@${version}`;
      }),
    );
    expect(removed.length).toBe(7);
    const stale = accepted.findings.filter((f) => f.rule === 'yarn.stale-entry');
    expect(sorted(stale.map((f) => accepted.components.find((c) => c.key === f.item)).map((c) => (c ? nv(c) : '')))).toEqual(removed);
    for (const id of removed) expect(byNv(accepted.components, id).scope).toBe('development');
  });

  it('with the package.json as published, the dependency the lockfile lacks is reported, nothing is invented for it', () => {
    const res = run(manifest);
    const unresolved = res.findings.filter((f) => f.rule === 'yarn.unresolved');
    expect(unresolved).toHaveLength(1);
    expect(unresolved[0]?.message).toContain('"eslint-plugin-react": "^7.20.0"');
    expect(unresolved[0]?.file).toBe('frontend/yarn.lock');
    expect(sorted(third(res.components).map(nv))).toEqual(sorted(third(accepted.components).map(nv)));
  });
});

describe('yarn v1 without a usable package.json', () => {
  const lock = read(path.join(WS, 'yarn.lock'));

  it('with no package.json beside it, every entry is runtime and a warning says the roots are unknown', () => {
    const res = extractYarnV1({ lockfile: { file: 'app/yarn.lock', text: lock } });
    expect(sorted(res.components.map(nv))).toEqual(sorted(v1NameVersions(lock)));
    expect(res.components.every((c) => c.scope === 'runtime' && !c.firstParty)).toBe(true);
    expect(res.findings.map((f) => [f.rule, f.severity])).toEqual([['yarn.roots-unknown', 'warning']]);
  });

  it('with a package.json that is not JSON, the same, with a warning naming that file', () => {
    const res = extractYarnV1({ lockfile: { file: 'yarn.lock', text: lock }, manifest: { file: 'package.json', text: '{ "name": ' } });
    expect(res.components.every((c) => c.scope === 'runtime')).toBe(true);
    expect(res.findings.map((f) => [f.rule, f.file])).toEqual([['yarn.manifest-unreadable', 'package.json']]);
  });
});

describe('yarn v1 identities not in the fixtures (entries in the form yarn v1 writes them)', () => {
  const HEADER = '# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.\n# yarn lockfile v1\n\n\n';

  it('a git dependency is identified by repository and commit (vcs_url)', () => {
    const text = `${HEADER}"left-pad@git+https://github.com/left-pad/left-pad.git#v1.3.0":\n  version "1.3.0"\n  resolved "git+https://github.com/left-pad/left-pad.git#5b8a3a7765dfe001261dde915589e782f8c94d1e"\n`;
    const [c] = extractYarnV1({ lockfile: { file: 'yarn.lock', text } }).components;
    expect(c?.origin).toEqual({ type: 'git', url: 'git+https://github.com/left-pad/left-pad.git', ref: '5b8a3a7765dfe001261dde915589e782f8c94d1e' });
    expect(c?.purl).toBe(
      'pkg:npm/left-pad@1.3.0?vcs_url=git%2Bhttps%3A%2F%2Fgithub.com%2Fleft-pad%2Fleft-pad.git%235b8a3a7765dfe001261dde915589e782f8c94d1e',
    );
    expect(c?.hashes).toEqual([]);
  });

  it('a scoped alias resolves to the scoped real package', () => {
    const text = `${HEADER}"types-node@npm:@types/node@^20":\n  version "20.1.0"\n  resolved "https://registry.yarnpkg.com/@types/node/-/node-20.1.0.tgz"\n`;
    const [c] = extractYarnV1({ lockfile: { file: 'yarn.lock', text } }).components;
    expect([c?.name, c?.purl]).toEqual(['@types/node', 'pkg:npm/%40types/node@20.1.0']);
  });
});

describe('yarn v1 on malformed input', () => {
  const HEADER = '# yarn lockfile v1\n\n';
  const err = (text: string) => {
    try {
      extractYarnV1({ lockfile: { file: 'yarn.lock', text } });
    } catch (e) {
      expect(e).toBeInstanceOf(TureenError);
      return e as TureenError;
    }
    throw new Error('expected a TureenError');
  };

  it('a syntax error names its line and column', () => {
    const e = err(`${HEADER}foo@^1:\n  version "1.0.0\n`);
    expect(e.code).toBe('input.malformed');
    expect(e.place?.line).toBe(4);
    expect(e.place?.column).toBeGreaterThan(0);
  });

  it('an entry without a version names the entry and its line', () => {
    const e = err(`${HEADER}foo@^1:\n  version "1.0.0"\n\nbar@^2:\n  resolved "https://x/bar-2.0.0.tgz"\n`);
    expect(e.place).toMatchObject({ line: 6, key: 'bar@^2' });
    expect(e.message).toContain('version');
  });

  it('a key that is not name@range is refused', () => {
    expect(err(`${HEADER}justaname:\n  version "1.0.0"\n`).place?.key).toBe('justaname');
  });

  it('a file without the v1 header, or a berry file, is refused; an empty file gives nothing', () => {
    expect(err('foo@^1:\n  version "1.0.0"\n').place?.line).toBe(1);
    expect(err('__metadata:\n  version: 8\n').message).toContain('berry');
    expect(extractYarnV1({ lockfile: { file: 'yarn.lock', text: '\n\n' } })).toEqual({ components: [], findings: [] });
  });
});

describe('yarn v1: package names that are object keys in JavaScript', () => {
  const HEADER = '# yarn lockfile v1\n\n\n';

  it('@yarnpkg/parsers itself drops a dependency named "__proto__" (which is why the reader recovers it)', () => {
    const parsed = parseSyml(`${HEADER}a@^1:\n  version "1.0.0"\n  dependencies:\n    "__proto__" "^1.0.0"\n    b "^1.0.0"\n`);
    const deps = (parsed['a@^1'] as { dependencies: object }).dependencies;
    expect(Object.keys(deps)).toEqual(['b']);
  });

  it('"__proto__", "constructor" and "../../x" are packages like any other: found, linked, runtime', () => {
    const text = `${HEADER}"__proto__@^1.0.0":\n  version "1.0.0"\n  resolved "https://registry.yarnpkg.com/__proto__/-/__proto__-1.0.0.tgz"\n\n`
      + 'a@^1:\n  version "1.0.0"\n  dependencies:\n    "__proto__" "^1.0.0"\n    "../../x" "^1.0.0"\n  optionalDependencies:\n    "constructor" "^1.0.0"\n\n'
      + '"../../x@^1.0.0":\n  version "1.0.0"\n\n'
      + '"constructor@^1.0.0":\n  version "1.0.0"\n';
    const manifest = JSON.stringify({ name: 'app', version: '1.0.0', dependencies: { a: '^1' } });
    const res = extractYarnV1({ lockfile: { file: 'yarn.lock', text }, manifest: { file: 'package.json', text: manifest } });
    const scopes = third(res.components).map((c) => [c.name, c.scope]).sort();
    // __proto__ is reachable only through a's "__proto__" dependency line
    expect(scopes).toEqual([['../../x', 'runtime'], ['__proto__', 'runtime'], ['a', 'runtime'], ['constructor', 'optional']]);
    expect(byNv(res.components, 'a@1.0.0').dependencies).toContain('pkg:npm/__proto__@1.0.0');
    expect(byNv(res.components, '__proto__@1.0.0').paths[0]).toEqual(['app@1.0.0', 'a@1.0.0', '__proto__@1.0.0']);
    expect(res.findings).toEqual([]);
    expect(({} as Record<string, unknown>)['version']).toBeUndefined();
  });

  it('a package.json dependency named "__proto__" is a direct dependency like any other', () => {
    const text = `${HEADER}"__proto__@^1.0.0":\n  version "1.0.0"\n`;
    const manifest = `{"name":"app","version":"1.0.0","dependencies":{"__proto__":"^1.0.0"}}`;
    const res = extractYarnV1({ lockfile: { file: 'yarn.lock', text }, manifest: { file: 'package.json', text: manifest } });
    expect(byNv(res.components, '__proto__@1.0.0')).toMatchObject({ scope: 'runtime', direct: true });
    expect(res.findings).toEqual([]);
  });

  it('a top-level block named "__proto__" is refused, not merged into the prototype', () => {
    const text = `${HEADER}"__proto__":\n  version "1.0.0"\n`;
    expect(() => extractYarnV1({ lockfile: { file: 'yarn.lock', text } })).toThrow(TureenError);
    expect(({} as Record<string, unknown>)['version']).toBeUndefined();
  });
});
