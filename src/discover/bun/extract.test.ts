import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Component } from '../../model/component.js';
import { TureenError } from '../../model/errors.js';
import { memoryRepo } from '../source.js';
import { extractBunLock, findResolution, parseResolution, versionFromTarball } from './extract.js';
import { source } from './index.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');

/** Every file of a fixture case, as the walk would hand it over (repository-relative paths). */
function caseRepo(name: string, prefix = '') {
  const files: Record<string, string> = {};
  const walk = (dir: string, rel: string) => {
    for (const e of readdirSync(dir)) {
      const p = join(dir, e);
      const r = rel ? `${rel}/${e}` : e;
      if (statSync(p).isDirectory()) walk(p, r);
      else files[`${prefix}${r}`] = readFileSync(p, 'utf8');
    }
  };
  walk(join(FIXTURES, name), '');
  return memoryRepo(files);
}

/** name@version lines that the real bun installed (see fixtures/README.md). */
function installed(name: string, mode: 'all' | 'production' | 'production-no-optional'): string[] {
  return readFileSync(join(FIXTURES, name, `installed-${mode}.txt`), 'utf8').trim().split('\n').sort();
}

function scan(name: string, prefix = '') {
  const repo = caseRepo(name, prefix);
  return source.extract(`${prefix}bun.lock`, repo);
}

const ids = (cs: Component[]) => [...new Set(cs.map((c) => `${c.name}@${c.version}`))].sort();
const soup = (cs: Component[]) => cs.filter((c) => !c.firstParty);

describe('bun.lock written by the real bun, compared with what bun installs', () => {
  for (const name of ['workspace-v0', 'workspace-v1', 'workspace-v2', 'peer-dev-optional']) {
    describe(name, () => {
      const { components, findings } = scan(name);

      it('lists exactly the package versions `bun install` puts in node_modules', () => {
        expect(ids(soup(components))).toEqual(installed(name, 'all'));
        expect(findings).toEqual([]);
      });

      it('lists each package version once (one component per purl)', () => {
        const keys = components.map((c) => c.key);
        expect(new Set(keys).size).toBe(keys.length);
      });

      it('marks as development exactly what `bun install --production` leaves out', () => {
        const shipped = soup(components).filter((c) => c.scope !== 'development');
        expect(ids(shipped)).toEqual(installed(name, 'production'));
      });

      it('marks as optional exactly what `--production --omit optional` also leaves out', () => {
        const runtime = soup(components).filter((c) => c.scope === 'runtime');
        expect(ids(runtime)).toEqual(installed(name, 'production-no-optional'));
      });

      it('produces components that satisfy the model', () => {
        for (const c of components) expect(Component.safeParse(c).success, c.key).toBe(true);
      });
    });
  }
});

describe('a real bun.lock: atomic-ehr/framework (FHIR framework, 9 workspaces)', () => {
  const name = 'atomic-ehr-framework';
  const { components, findings } = scan(name);
  const lockText = readFileSync(join(FIXTURES, name, 'bun.lock'), 'utf8');
  // an independent, much simpler reading of the same file: drop trailing commas, JSON.parse
  const plain = JSON.parse(lockText.replace(/,(\s*[}\]])/g, '$1')) as { packages: Record<string, [string, string, { os?: string | string[]; cpu?: string | string[] }]> };
  const platformOf = new Map(Object.values(plain.packages).map((e) => [e[0], e[2]]));
  const fitsLinuxX64 = (id: string) => {
    const info = platformOf.get(id) ?? {};
    const has = (v: string | string[] | undefined, want: string) => v === undefined || (Array.isArray(v) ? v : [v]).includes(want);
    return has(info.os, 'linux') && has(info.cpu, 'x64');
  };

  it('finds every installed package version, plus only the platform binaries bun skips on Linux x64', () => {
    const ours = ids(soup(components));
    const bun = installed(name, 'all');
    expect(bun.filter((x) => !ours.includes(x))).toEqual([]);
    const extra = ours.filter((x) => !bun.includes(x));
    expect(extra).toHaveLength(7);
    for (const x of extra) expect(fitsLinuxX64(x), x).toBe(false);
    expect(ours).toHaveLength(185);
    expect(findings).toEqual([]);
  });

  it('agrees with `bun install --production` and `--omit optional` (apart from the other platforms)', () => {
    const linux = soup(components).filter((c) => fitsLinuxX64(`${c.name}@${c.version}`));
    expect(ids(linux.filter((c) => c.scope !== 'development'))).toEqual(installed(name, 'production'));
    expect(ids(linux.filter((c) => c.scope === 'runtime'))).toEqual(installed(name, 'production-no-optional'));
    const others = soup(components).filter((c) => !fitsLinuxX64(`${c.name}@${c.version}`));
    expect(new Set(others.map((c) => c.scope))).toEqual(new Set(['optional']));
  });

  it('makes the project and its 8 workspaces first-party roots', () => {
    const fp = components.filter((c) => c.firstParty);
    expect(fp.map((c) => c.name).sort()).toEqual(
      ['@atomic-fhir/core', '@atomic/framework', 'basic-fhir-server', 'custom-handlers-server', 'manual-fhir-server', 'minimal-fhir-server', 'package-aware-fhir-server', 'r4-core-server', 'us-core-fhir-server'].sort(),
    );
    // the root's version is not in bun.lock: it comes from the package.json beside it
    expect(fp.find((c) => c.name === '@atomic/framework')?.version).toBe('0.1.0');
    for (const c of fp) expect(c.origin.type).toBe('workspace');
  });

  it('points each component at the line of its entry in bun.lock', () => {
    const lines = lockText.split('\n');
    for (const c of components) {
      for (const e of c.evidence) {
        const quoted = JSON.parse((/\[(.*)\]$/.exec(e.key ?? '') as RegExpExecArray)[1] as string) as string;
        expect(lines[(e.line as number) - 1], e.key).toContain(`"${quoted}": `);
      }
    }
  });
});

describe('identity on workspace-v2 (bun 1.4.5)', () => {
  const repo = caseRepo('workspace-v2');
  const lockText = repo.read('bun.lock') as string;
  const { components } = source.extract('bun.lock', repo);
  const byKey = new Map(components.map((c) => [c.key, c]));
  const get = (key: string) => {
    const c = byKey.get(key);
    expect(c, key).toBeDefined();
    return c as Component;
  };

  it('names an alias by the real package: "my-ms": "npm:ms@2.1.1" is ms@2.1.1', () => {
    const c = get('pkg:npm/ms@2.1.1');
    expect(c.name).toBe('ms');
    expect(c.evidence[0]?.key).toBe('packages["my-ms"]');
    expect(c.direct).toBe(true);
    expect(components.some((x) => x.name === 'my-ms')).toBe(false);
  });

  it('puts the scope of a scoped package in the purl namespace', () => {
    const c = get('pkg:npm/%40isaacs/string-locale-compare@1.1.0');
    expect(c.name).toBe('@isaacs/string-locale-compare');
  });

  it('identifies a remote tarball by its URL and takes the version from its file name', () => {
    const url = 'https://registry.npmjs.org/left-pad/-/left-pad-1.2.0.tgz';
    const c = get(`pkg:npm/left-pad@1.2.0?download_url=${encodeURIComponent(url)}`);
    expect(c.origin).toEqual({ type: 'tarball', url });
    expect(c.hashes[0]?.alg).toBe('SHA-512');
  });

  it('reads the version of a file: folder from that folder\'s package.json', () => {
    const c = get('pkg:npm/local-pkg@0.0.1');
    expect(c.origin).toEqual({ type: 'file', ref: 'vendor/local-pkg' });
    expect(c.scope).toBe('runtime');
  });

  it('resolves a workspace dependency to the copy nested under the workspace', () => {
    const c = get('pkg:npm/left-pad@1.3.0');
    expect(c.evidence.map((e) => e.key)).toEqual(['packages["@fx/lib/left-pad"]']);
    expect(c.paths[0]).toEqual(['@fx/lib@0.2.0', 'left-pad@1.3.0']);
    expect(get('pkg:npm/left-pad@1.1.3').paths[0]).toEqual(['fx-root@1.0.0', 'left-pad@1.1.3']);
  });

  it('keeps registry integrity as a hex SHA-512 of the same bytes', () => {
    const sri = /"ms@2\.1\.3", "", \{\}, "sha512-([^"]+)"/.exec(lockText)?.[1] as string;
    expect(get('pkg:npm/ms@2.1.3').hashes).toEqual([{ alg: 'SHA-512', content: Buffer.from(sri, 'base64').toString('hex') }]);
  });

  it('makes the root and the workspace first-party, with their versions', () => {
    expect(get('pkg:npm/fx-root@1.0.0')).toMatchObject({ firstParty: true, scope: 'runtime', direct: false });
    expect(get('pkg:npm/%40fx/lib@0.2.0')).toMatchObject({ firstParty: true, origin: { type: 'workspace', ref: 'packages/lib' } });
  });

  it('records direct dependencies and the path to a transitive development one', () => {
    expect(get('pkg:npm/debug@4.3.4')).toMatchObject({ direct: true, scope: 'development' });
    const ms = get('pkg:npm/ms@2.1.2');
    expect(ms).toMatchObject({ direct: false, scope: 'development' });
    expect(ms.paths[0]).toEqual(['fx-root@1.0.0', 'debug@4.3.4', 'ms@2.1.2']);
    expect(get('pkg:npm/debug@4.3.4').dependencies).toEqual(['pkg:npm/ms@2.1.2']);
  });
});

const lock = (packages: string, workspaces = '"": { "name": "app", "dependencies": { "x": "1" } }', extra = '') =>
  `{\n  "lockfileVersion": 1,${extra}\n  "workspaces": { ${workspaces} },\n  "packages": {\n${packages}\n  }\n}\n`;

describe('other resolution kinds (shapes from bun\'s writer and test suite)', () => {
  it('identifies a git dependency by repository and commit (entry from bun\'s test suite)', () => {
    // test/cli/install/__snapshots__/bun-install.test.ts.snap in oven-sh/bun
    const text =
      '{"lockfileVersion":0,"configVersion":1,"workspaces":{"":{"dependencies":{"jquery":"3.7.1"}}},"packages":{"jquery":["jquery@git+ssh://git@github.com/dylan-conway/install-test-8.git#3a1288830817d13da39e9231302261896f8721ea",{},"3a1288830817d13da39e9231302261896f8721ea"]}}';
    const { components } = extractBunLock({ file: 'bun.lock', text });
    const c = components.find((x) => x.name === 'jquery') as Component;
    const commit = '3a1288830817d13da39e9231302261896f8721ea';
    expect(c.version).toBe(commit);
    expect(c.origin).toEqual({ type: 'git', url: 'ssh://git@github.com/dylan-conway/install-test-8.git', ref: commit });
    expect(c.purl).toBe(`pkg:npm/jquery@${commit}?vcs_url=${encodeURIComponent(`git+ssh://git@github.com/dylan-conway/install-test-8.git#${commit}`)}`);
    expect(c.scope).toBe('runtime');
  });

  it('identifies a github: dependency by the commit in bun\'s resolved tag', () => {
    const text = lock('    "x": ["zod@github:colinhacks/zod#main", {}, "colinhacks-zod-e3a1e3a"],');
    const c = extractBunLock({ file: 'bun.lock', text }).components.find((x) => x.name === 'zod') as Component;
    expect(c.version).toBe('e3a1e3a');
    expect(c.origin).toEqual({ type: 'git', url: 'https://github.com/colinhacks/zod.git', ref: 'e3a1e3a' });
    expect(c.purl).toContain(`vcs_url=${encodeURIComponent('git+https://github.com/colinhacks/zod.git#e3a1e3a')}`);
  });

  it('reads a local tarball (entry from bun\'s test suite) and warns when no version is known', () => {
    // test/cli/install/__snapshots__/bun-lock.test.ts.snap: "dummy-package": ["bar@./bar-0.0.2.tgz", {}]
    const a = extractBunLock({ file: 'bun.lock', text: lock('    "x": ["bar@./bar-0.0.2.tgz", {}],') });
    expect(a.components.find((c) => c.name === 'bar')).toMatchObject({ version: '0.0.2', origin: { type: 'tarball', ref: './bar-0.0.2.tgz' } });
    expect(a.findings).toEqual([]);
    const b = extractBunLock({ file: 'bun.lock', text: lock('    "x": ["x@link:x", {}],') });
    expect(b.components.find((c) => c.name === 'x')).toMatchObject({ version: '', origin: { type: 'link', ref: 'x' } });
    expect(b.findings.map((f) => f.rule)).toEqual(['bun.version-unknown']);
  });

  it('accepts comments and trailing commas, as bun does', () => {
    const text = lock('    // the only package\n    "x": ["x@1.0.0", "", {}, "sha512-AAAA",], /* done */');
    expect(extractBunLock({ file: 'bun.lock', text }).components.map((c) => c.key)).toContain('pkg:npm/x@1.0.0');
  });
});

describe('rules of resolution and scope', () => {
  it('resolves a dependency from the deepest install path upwards, scoped names as one segment', () => {
    const known = new Map([['a', 1], ['a/b', 1], ['@s/p/b', 1], ['b', 1]]);
    expect(findResolution('a', 'b', known)).toBe('a/b');
    expect(findResolution('a/c', 'b', known)).toBe('a/b');
    expect(findResolution('@s/p', 'b', known)).toBe('@s/p/b');
    expect(findResolution('@s/q', 'b', known)).toBe('b');
    expect(findResolution('x', 'y', known)).toBeUndefined();
  });

  it('classifies resolutions like bun', () => {
    expect(parseResolution('@s/p@1.2.3')).toEqual({ name: '@s/p', kind: 'npm', value: '1.2.3' });
    expect(parseResolution('p@workspace:packages/p')?.kind).toBe('workspace');
    expect(parseResolution('p@file:../p')?.kind).toBe('folder');
    expect(parseResolution('p@https://h/p-1.0.0.tgz')?.kind).toBe('remote-tarball');
    expect(parseResolution('p@git+https://h/p.git#abc')?.kind).toBe('git');
    expect(parseResolution('p@latest')).toBeUndefined();
    expect(parseResolution('@only')).toBeUndefined();
    expect(versionFromTarball('@s/p', 'https://r/@s/p/-/p-2.0.0-rc.1.tgz')).toBe('2.0.0-rc.1');
    expect(versionFromTarball('p', 'https://h/other-1.0.0.tgz')).toBe('');
  });

  it('does not follow optional peers and reports an unresolvable required dependency', () => {
    const text = lock(
      '    "x": ["x@1.0.0", "", { "dependencies": { "gone": "1" }, "peerDependencies": { "opt": "*" }, "optionalPeers": ["opt"] }, "sha512-AAAA"],\n\n    "opt": ["opt@1.0.0", "", {}, "sha512-AAAA"],',
    );
    const r = extractBunLock({ file: 'bun.lock', text });
    expect(r.findings.map((f) => f.rule).sort()).toEqual(['bun.unreachable', 'bun.unresolved']);
    const xLine = text.split('\n').findIndex((l) => l.startsWith('    "x": [')) + 1;
    expect(r.findings.find((f) => f.rule === 'bun.unresolved')).toMatchObject({ line: xLine, severity: 'warning' });
    // opt is only an optional peer of x: no edge leads to it, so nothing installs it
    expect(r.findings.find((f) => f.rule === 'bun.unreachable')?.item).toBe('pkg:npm/opt@1.0.0');
    expect(r.components.find((c) => c.name === 'x')?.dependencies).toEqual([]);
  });

  it('says when a package is patched', () => {
    const text = lock('    "x": ["x@1.0.0", "", {}, "sha512-AAAA"],', undefined, '\n  "patchedDependencies": { "x@1.0.0": "patches/x@1.0.0.patch" },');
    const r = extractBunLock({ file: 'bun.lock', text });
    expect(r.findings).toMatchObject([{ rule: 'bun.patched', item: 'pkg:npm/x@1.0.0', line: 3 }]);
  });

  it('reads a newer lockfileVersion as the newest known one, with a warning', () => {
    const text = lock('    "x": ["x@1.0.0", "", {}, "sha512-AAAA"],').replace('"lockfileVersion": 1', '"lockfileVersion": 3');
    const r = extractBunLock({ file: 'bun.lock', text });
    expect(r.components.map((c) => c.name)).toContain('x');
    expect(r.findings.map((f) => f.rule)).toEqual(['bun.lockfile-version']);
  });
});

describe('hostile and broken input', () => {
  it('keeps package names such as __proto__, constructor and ../../x as plain data', () => {
    const text = lock(
      '    "__proto__": ["__proto__@1.0.0", "", {}, "sha512-AAAA"],\n    "constructor": ["constructor@1.0.0", "", { "dependencies": { "../../x": "1" } }, "sha512-AAAA"],\n    "../../x": ["../../x@1.0.0", "", {}, "sha512-AAAA"],',
      '"": { "name": "app", "dependencies": { "__proto__": "1", "constructor": "1" } }',
    );
    const r = extractBunLock({ file: 'bun.lock', text });
    expect(ids(soup(r.components))).toEqual(['../../x@1.0.0', '__proto__@1.0.0', 'constructor@1.0.0']);
    expect(r.components.every((c) => c.scope === 'runtime')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('does not read a file: manifest outside the repository', () => {
    const repo = memoryRepo({
      'app/bun.lock': lock('    "x": ["x@file:../../etc", {}],'),
      'etc/package.json': '{"name":"x","version":"6.6.6"}',
    });
    const c = source.extract('app/bun.lock', repo).components.find((x) => x.name === 'x');
    expect(c?.version).toBe('');
  });

  const bad: [string, string, number | undefined][] = [
    ['truncated JSON', '{\n  "lockfileVersion": 1,\n  "workspaces": {', 3],
    ['no workspaces', '{ "lockfileVersion": 1 }', 1],
    ['no root workspace', '{ "lockfileVersion": 1, "workspaces": { "a": {} } }', 1],
    ['npm entry without integrity', lock('    "x": ["x@1.0.0", "", {}],'), 5],
    ['entry that is not name@resolution', lock('    "x": ["x@latest", "", {}, "s"],'), 5],
    ['dependency map that is a list', lock('    "x": ["x@1.0.0", "", { "dependencies": ["y"] }, "s"],'), 5],
    ['empty file', '', 1],
  ];
  for (const [what, text, line] of bad) {
    it(`throws a TureenError with the place for ${what}`, () => {
      let err: unknown;
      try {
        extractBunLock({ file: 'sub/bun.lock', text });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(TureenError);
      expect((err as TureenError).file).toBe('sub/bun.lock');
      expect((err as TureenError).place?.line).toBe(line);
    });
  }
});
