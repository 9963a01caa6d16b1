import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PackageURL } from 'packageurl-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { Component as ComponentSchema, type Component } from '../../model/component.js';
import { isTureenError, type TureenError } from '../../model/errors.js';
import { memoryRepo } from '../source.js';
import { extractPnpmLock } from './extract.js';
import { manifestPath, source } from './index.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const FIX = join(HERE, 'fixtures');
const CORPUS = join(HERE, '../../../test/fixtures/corpus/pnpm/InsightSoftwareConsortium__itk-wasm__pnpm-lock.yaml');

/** Lockfiles written by the real pnpm (see fixtures/README.md), with the pnpm version that wrote them. */
const WORKSPACES = ['ws-v5.3-pnpm6', 'ws-v5.4-pnpm7', 'ws-v6.0-pnpm8', 'ws-v9.0-pnpm9'] as const;
const SINGLES = ['single-v5.3-pnpm6', 'single-v6.0-pnpm8'] as const;
const ALL_CASES = [...WORKSPACES, ...SINGLES];

function lockText(c: string): string {
  return readFileSync(join(FIX, c, 'pnpm-lock.yaml'), 'utf8');
}

function manifestsOf(c: string) {
  return (dir: string) => {
    const p = join(FIX, c, dir, 'package.json');
    return existsSync(p) ? readFileSync(p, 'utf8') : undefined;
  };
}

function run(c: string, edit: (text: string) => string = (t) => t) {
  return extractPnpmLock(edit(lockText(c)), 'pnpm-lock.yaml', { manifest: manifestsOf(c) });
}

// --- what the real pnpm says: a plain walk of `pnpm list --json` output -----------------------

interface ListedDep {
  from?: string;
  version: string;
  dependencies?: Record<string, ListedDep>;
  optionalDependencies?: Record<string, ListedDep>;
}
interface ListedProject {
  dependencies?: Record<string, ListedDep>;
  devDependencies?: Record<string, ListedDep>;
  optionalDependencies?: Record<string, ListedDep>;
}

/**
 * "<name>@<version>" of every package in a `pnpm list -r --json --depth Infinity` output. pnpm 8/9
 * print a `file:` directory dependency's version as "file:<dir>": its version is the one in that
 * directory's package.json, read here from the fixture.
 */
function pnpmListed(c: string, listFile: string): Set<string> {
  const projects = JSON.parse(readFileSync(join(FIX, c, listFile), 'utf8')) as ListedProject[];
  const out = new Set<string>();
  const walk = (deps: Record<string, ListedDep> | undefined) => {
    for (const [alias, d] of Object.entries(deps ?? {})) {
      if (!d.version.startsWith('link:')) {
        let version = d.version;
        if (version.startsWith('file:')) {
          version = (JSON.parse(readFileSync(join(FIX, c, version.slice(5), 'package.json'), 'utf8')) as { version: string }).version;
        }
        out.add(`${d.from ?? alias}@${version}`);
      }
      walk(d.dependencies);
      walk(d.optionalDependencies);
    }
  };
  for (const p of projects) {
    walk(p.dependencies);
    walk(p.devDependencies);
    walk(p.optionalDependencies);
  }
  return out;
}

function names(cs: readonly Component[], keep: (c: Component) => boolean = () => true): Set<string> {
  return new Set(cs.filter((c) => !c.firstParty && keep(c)).map((c) => `${c.name}@${c.version}`));
}

function sorted(s: Set<string>): string[] {
  return [...s].sort();
}

function byName(cs: readonly Component[], name: string, version?: string): Component[] {
  return cs.filter((c) => c.name === name && (version === undefined || c.version === version));
}

function one(cs: readonly Component[], name: string, version?: string): Component {
  const found = byName(cs, name, version);
  expect(found, `${name}@${version ?? '*'}`).toHaveLength(1);
  return found[0] as Component;
}

function thrown(f: () => unknown): TureenError {
  try {
    f();
  } catch (e) {
    if (isTureenError(e)) return e;
    throw new Error(`expected a TureenError, got ${String(e)}`);
  }
  throw new Error('expected a TureenError, nothing was thrown');
}

// ------------------------------------------------------------------------------------------------

describe('lockfiles written by the real pnpm 6, 7, 8 and 9 agree with `pnpm list`', () => {
  for (const c of ALL_CASES) {
    describe(c, () => {
      const result = () => run(c);

      it('lists exactly the packages pnpm installs (name@version, peer variants once)', () => {
        expect(sorted(names(result().components))).toEqual(sorted(pnpmListed(c, 'pnpm-list-all.json')));
      });

      it('keeps out of development exactly what `pnpm list --prod` shows, and calls optional what only --no-optional drops', () => {
        const cs = result().components;
        const prod = pnpmListed(c, 'pnpm-list-prod.json');
        const runtimeOnly = pnpmListed(c, 'pnpm-list-prod-no-optional.json');
        expect(sorted(names(cs, (x) => x.scope !== 'development'))).toEqual(sorted(prod));
        expect(sorted(names(cs, (x) => x.scope === 'runtime'))).toEqual(sorted(runtimeOnly));
        const all = pnpmListed(c, 'pnpm-list-all.json');
        expect(sorted(names(cs, (x) => x.scope === 'development'))).toEqual(sorted(new Set([...all].filter((n) => !prod.has(n)))));
      });

      it('produces components the model accepts, each with evidence lines that point at its lockfile entry', () => {
        const text = lockText(c).split('\n');
        for (const comp of result().components) {
          expect(ComponentSchema.safeParse(comp).success).toBe(true);
          for (const ev of comp.evidence) {
            expect(ev.file).toBe('pnpm-lock.yaml');
            expect(ev.source).toBe('pnpm');
            const m = /^\w+\["(.*)"\]$/.exec(ev.key ?? '');
            expect(m, ev.key).not.toBeNull();
            const key = JSON.parse(`"${(m as RegExpExecArray)[1]}"`) as string;
            const line = text[(ev.line as number) - 1] as string;
            if (key === '.') expect(line, ev.key).toMatch(/^ {2}\.:$|^(specifiers|dependencies|devDependencies|optionalDependencies):$/);
            else expect(line, `${ev.key} at line ${ev.line}`).toContain(key);
          }
        }
      });

      it("agrees with pnpm's own dev/optional flags where the lockfile has them (no scope-flag findings)", () => {
        expect(result().findings.filter((f) => f.rule === 'pnpm.scope-flag')).toEqual([]);
      });
    });
  }
});

describe('what the workspace fixtures exercise', () => {
  it('a peer dependency: the same name@version with two peer sets is ONE component with both entries as evidence', () => {
    for (const c of WORKSPACES) {
      const cs = run(c).components;
      const uses = one(cs, 'use-sync-external-store', '1.2.0');
      expect(uses.evidence.length, c).toBeGreaterThanOrEqual(2);
      const reacts = byName(cs, 'react').map((r) => r.key);
      expect(reacts).toHaveLength(2);
      expect(new Set(uses.dependencies)).toEqual(new Set(reacts));
    }
  });

  it('an alias ("my-ms": "npm:ms@2.1.3") is the real package ms, direct, runtime', () => {
    for (const c of [...WORKSPACES, ...SINGLES]) {
      const cs = run(c).components;
      expect(byName(cs, 'my-ms'), c).toEqual([]);
      const ms = one(cs, 'ms', '2.1.3');
      expect(ms.purl).toBe('pkg:npm/ms@2.1.3');
      expect(ms.direct).toBe(true);
      expect(ms.scope).toBe('runtime');
      expect(ms.origin.type).toBe('registry');
    }
  });

  it('a scoped package gets the scope as purl namespace and the sha512 of its integrity', () => {
    for (const c of WORKSPACES) {
      const is = one(run(c).components, '@sindresorhus/is', '4.6.0');
      expect(is.purl).toBe('pkg:npm/%40sindresorhus/is@4.6.0');
      const integrity = /t09vSN3M[A-Za-z0-9+/=]+/.exec(lockText(c))?.[0] as string;
      expect(is.hashes).toEqual([{ alg: 'SHA-512', content: Buffer.from(integrity, 'base64').toString('hex') }]);
    }
  });

  it('a git dependency is identified by repository and commit, a remote tarball by its URL', () => {
    for (const c of WORKSPACES) {
      const cs = run(c).components;
      const git = one(cs, 'git-dep', '0.1.0');
      expect(git.origin).toEqual({ type: 'git', url: 'http://127.0.0.1:18947/git-dep.git', ref: 'c2da19ba667cc9952c9b63a0ccfc011f73e3cf60' });
      expect(PackageURL.fromString(git.purl).qualifiers).toEqual({ vcs_url: 'git+http://127.0.0.1:18947/git-dep.git#c2da19ba667cc9952c9b63a0ccfc011f73e3cf60' });
      const tgz = one(cs, 'ms', '2.0.0');
      expect(tgz.origin).toEqual({ type: 'tarball', url: 'http://127.0.0.1:18947/ms-2.0.0.tgz' });
      expect(PackageURL.fromString(tgz.purl).qualifiers).toEqual({ download_url: 'http://127.0.0.1:18947/ms-2.0.0.tgz' });
      expect(tgz.key).not.toBe(one(cs, 'ms', '2.1.3').key);
    }
  });

  it('workspace packages are first-party roots named from their package.json; a workspace link adds no SOUP', () => {
    for (const c of WORKSPACES) {
      const cs = run(c).components;
      const fp = cs.filter((x) => x.firstParty).map((x) => `${x.name}@${x.version}`).sort();
      expect(fp, c).toEqual(['@fixture/app@1.0.0', '@fixture/lib@1.0.0', 'fixture-root@1.0.0']);
      const lib = one(cs, '@fixture/lib');
      expect(lib.origin).toEqual({ type: 'workspace', ref: 'packages/lib' });
      // lib's own dependencies are runtime (it is a root), and its devDependency is development
      expect(one(cs, 'react', '17.0.2').scope).toBe('runtime');
      expect(one(cs, 'is-number', '7.0.0').scope).toBe('development');
    }
  });

  it('a file: directory dependency takes its version from the directory (lockfile or package.json)', () => {
    for (const c of ['ws-v5.4-pnpm7', 'ws-v6.0-pnpm8', 'ws-v9.0-pnpm9']) {
      const local = one(run(c).components, 'local-dep');
      expect(local.version).toBe('1.0.0');
      expect(local.origin).toEqual({ type: 'file', ref: 'local-dep' });
      expect(local.firstParty).toBe(false);
    }
    // without its package.json, v9 cannot tell the version: the component stays, with a finding
    const bare = extractPnpmLock(lockText('ws-v9.0-pnpm9'), 'pnpm-lock.yaml');
    expect(one(bare.components, 'local-dep').version).toBe('');
    expect(bare.findings.map((f) => f.rule)).toContain('pnpm.version-unknown');
  });

  it('pnpm 6 links a file: folder instead of installing it: a finding says its dependencies are not in the lockfile', () => {
    const r = run('ws-v5.3-pnpm6');
    expect(byName(r.components, 'local-dep')).toEqual([]);
    const f = r.findings.find((x) => x.rule === 'pnpm.link-outside-workspace');
    expect(f?.message).toContain('../../local-dep');
  });

  it('optional: an optionalDependency and everything only it pulls in is optional, however deep', () => {
    for (const c of ALL_CASES) {
      const cs = run(c).components;
      for (const [n, v] of [['is-even', '1.0.0'], ['is-odd', '0.1.2'], ['is-number', '3.0.0'], ['kind-of', '3.2.2'], ['is-buffer', '1.1.6']]) {
        expect(one(cs, n as string, v).scope, `${c} ${n}@${v}`).toBe('optional');
      }
      expect(one(cs, 'is-even', '1.0.0').direct).toBe(true);
      expect(one(cs, 'kind-of', '3.2.2').direct).toBe(false);
      expect(one(cs, 'kind-of', '3.2.2').paths[0]?.slice(-2)).toEqual(['is-number@3.0.0', 'kind-of@3.2.2']);
    }
  });
});

describe('catalogs (pnpm 9.5+)', () => {
  it("an importer's catalog: specifier resolves through the lockfile's catalogs without findings", () => {
    const r = run('ws-v9.0-pnpm9');
    expect(lockText('ws-v9.0-pnpm9')).toContain("specifier: 'catalog:'");
    expect(r.findings).toEqual([]);
    expect(one(r.components, 'ms', '2.1.3').scope).toBe('runtime');
  });

  it('a catalog entry that disagrees with the importer, or is missing, is reported', () => {
    const mismatch = run('ws-v9.0-pnpm9', (t) => t.replace(/(catalogs:\n {2}default:\n {4}ms:\n {6}specifier: \^2\.1\.3\n {6}version:) 2\.1\.3/, '$1 2.1.2'));
    expect(mismatch.findings.map((f) => f.rule)).toEqual(['pnpm.catalog-mismatch']);
    const missing = run('ws-v9.0-pnpm9', (t) => t.replace(/catalogs:\n {2}default:\n {4}ms:\n {6}specifier: \^2\.1\.3\n {6}version: 2\.1\.3\n/, ''));
    expect(missing.findings.map((f) => f.rule)).toEqual(['pnpm.catalog-missing']);
    expect(missing.findings[0]?.line).toBe(lockText('ws-v9.0-pnpm9').replace(/catalogs:\n( {2}.*\n)+/, '').split('\n').indexOf('  packages/lib:') + 1);
  });
});

describe("v5/v6 dev flags: pnpm's verdict", () => {
  it('a flag that contradicts the importers wins, with a finding that says why', () => {
    for (const [c, key] of [['ws-v6.0-pnpm8', '/react@18.2.0:'], ['ws-v5.4-pnpm7', '/react/18.2.0:']] as const) {
      const r = run(c, (t) => {
        const at = t.indexOf(`  ${key}\n`);
        const end = t.indexOf('dev: false', at);
        return t.slice(0, end) + 'dev: true' + t.slice(end + 'dev: false'.length);
      });
      expect(one(r.components, 'react', '18.2.0').scope, c).toBe('development');
      const f = r.findings.filter((x) => x.rule === 'pnpm.scope-flag');
      expect(f).toHaveLength(1);
      expect(f[0]?.item).toBe('pkg:npm/react@18.2.0');
      expect(f[0]?.message).toContain('runtime');
    }
  });
});

describe('injected workspace packages (hand-made v6 lockfile, in the shape pnpm 8 writes for dependenciesMeta.injected)', () => {
  it('a file: copy of an importer is first-party, not SOUP', () => {
    const y = [
      "lockfileVersion: '6.0'",
      'importers:',
      '  packages/app:',
      '    dependencies:',
      "      '@x/lib':",
      "        specifier: 'workspace:*'",
      '        version: file:packages/lib',
      '  packages/lib:',
      '    dependencies:',
      '      ms:',
      '        specifier: ^2.1.3',
      '        version: 2.1.3',
      'packages:',
      '  /ms@2.1.3:',
      '    resolution: {integrity: sha512-AAAA}',
      '    dev: false',
      '  file:packages/lib:',
      '    resolution: {directory: packages/lib, type: directory}',
      "    name: '@x/lib'",
      '    dependencies:',
      '      ms: 2.1.3',
      '    dev: false',
      '',
    ].join('\n');
    const r = extractPnpmLock(y, 'pnpm-lock.yaml', { manifest: (d) => (d === 'packages/lib' ? '{"name":"@x/lib","version":"2.0.0"}' : undefined) });
    const libs = byName(r.components, '@x/lib');
    expect(libs.every((c) => c.firstParty)).toBe(true);
    expect(libs.map((c) => c.origin.type)).toContain('workspace');
    expect(one(r.components, 'ms', '2.1.3').scope).toBe('runtime');
    expect(r.components.filter((c) => !c.firstParty).map((c) => c.name)).toEqual(['ms']);
  });
});

describe('inconsistent lockfiles', () => {
  it('a package no importer reaches is still listed, as runtime, with a warning', () => {
    const r = run('ws-v9.0-pnpm9', (t) => t.replace("      '@sindresorhus/is':\n        specifier: 4.6.0\n        version: 4.6.0\n", ''));
    expect(one(r.components, '@sindresorhus/is', '4.6.0').scope).toBe('runtime');
    expect(r.findings.map((f) => [f.rule, f.item])).toEqual([['pnpm.unreachable', 'pkg:npm/%40sindresorhus/is@4.6.0']]);
  });

  it('a reference to a package the lockfile does not list is a warning, not a crash', () => {
    const r = run('ws-v9.0-pnpm9', (t) => t.replace('      is-odd: 0.1.2\n', '      is-odd: 0.1.3\n'));
    expect(r.findings.map((f) => f.rule)).toContain('pnpm.missing-entry');
    expect(one(r.components, 'is-even', '1.0.0').scope).toBe('optional');
  });
});

describe('the real corpus: itk-wasm (lockfile v9.0, 25 importers)', () => {
  let cs: Component[];
  let findings: unknown[];
  const listed = (f: string) => new Set(readFileSync(join(FIX, 'corpus-itk-wasm', f), 'utf8').split('\n').filter(Boolean));
  beforeAll(() => {
    const r = extractPnpmLock(readFileSync(CORPUS, 'utf8'), 'test/fixtures/corpus/pnpm/itk-wasm/pnpm-lock.yaml');
    cs = r.components;
    findings = r.findings;
  });

  it('lists the 1312 packages `pnpm list -r` shows, once each, and the 25 importers as first-party', () => {
    const all = listed('pnpm-list-all.txt');
    expect(all.size).toBe(1312);
    expect(cs.filter((c) => !c.firstParty)).toHaveLength(1312);
    expect(sorted(names(cs))).toEqual(sorted(all));
    expect(cs.filter((c) => c.firstParty)).toHaveLength(25);
    expect(findings).toEqual([]);
  });

  it('the development set is exactly what `pnpm list -r --prod` leaves out; optional what --no-optional drops', () => {
    const all = listed('pnpm-list-all.txt');
    const prod = listed('pnpm-list-prod.txt');
    const runtime = listed('pnpm-list-prod-no-optional.txt');
    expect(sorted(names(cs, (c) => c.scope === 'development'))).toEqual(sorted(new Set([...all].filter((n) => !prod.has(n)))));
    expect(sorted(names(cs, (c) => c.scope !== 'development'))).toEqual(sorted(prod));
    expect(sorted(names(cs, (c) => c.scope === 'runtime'))).toEqual(sorted(runtime));
    expect(names(cs, (c) => c.scope === 'development').size).toBe(755);
  });

  it('peer variants collapse: vite@4.5.3 with its peer suffix is one component whose evidence names both sections', () => {
    const vite = one(cs, 'vite', '4.5.3');
    expect(vite.evidence.map((e) => e.key)).toEqual(expect.arrayContaining(['packages["vite@4.5.3"]', 'snapshots["vite@4.5.3(@types/node@20.12.10)(terser@5.31.0)"]']));
  });
});

describe('the source (index.ts) reads through the RepoView', () => {
  it('matches pnpm-lock.yaml at any depth, and nothing else', () => {
    expect(source.matches('pnpm-lock.yaml')).toBe(true);
    expect(source.matches('web/app/pnpm-lock.yaml')).toBe(true);
    expect(source.matches('pnpm-lock.yml')).toBe(false);
    expect(source.matches('my-pnpm-lock.yaml')).toBe(false);
  });

  it('reads the importers\' package.json files beside a lockfile in a sub-folder, evidence paths as given', () => {
    const c = 'ws-v9.0-pnpm9';
    const files: Record<string, string> = { 'web/pnpm-lock.yaml': lockText(c) };
    for (const d of ['.', 'packages/app', 'packages/lib', 'local-dep']) files[`web/${d === '.' ? '' : `${d}/`}package.json`] = manifestsOf(c)(d) as string;
    const r = source.extract('web/pnpm-lock.yaml', memoryRepo(files));
    expect(r.components.filter((x) => x.firstParty).map((x) => x.name).sort()).toEqual(['@fixture/app', '@fixture/lib', 'fixture-root']);
    expect(one(r.components, 'local-dep').version).toBe('1.0.0');
    expect(new Set(r.components.flatMap((x) => x.evidence.map((e) => e.file)))).toEqual(new Set(['web/pnpm-lock.yaml']));
  });

  it('without package.json files the importers are named after their repository folders', () => {
    const r = source.extract('web/pnpm-lock.yaml', memoryRepo({ 'web/pnpm-lock.yaml': lockText('ws-v9.0-pnpm9') }));
    expect(r.components.filter((x) => x.firstParty).map((x) => x.name).sort()).toEqual(['web', 'web/packages/app', 'web/packages/lib']);
    expect(one(r.components, 'web/packages/lib').origin).toEqual({ type: 'workspace', ref: 'web/packages/lib' });
    expect(one(r.components, 'local-dep').origin).toEqual({ type: 'file', ref: 'web/local-dep' });
  });

  it('never reads outside the repository for a hostile directory path', () => {
    expect(manifestPath('pnpm-lock.yaml', '../../etc')).toBeUndefined();
    expect(manifestPath('a/pnpm-lock.yaml', '../x')).toBe('x/package.json');
    expect(manifestPath('pnpm-lock.yaml', '/etc')).toBe('etc/package.json');
  });

  it('an unreadable lockfile is a TureenError', () => {
    const repo = { ...memoryRepo({}), files: ['pnpm-lock.yaml'], has: () => true, read: () => undefined };
    expect(thrown(() => source.extract('pnpm-lock.yaml', repo)).code).toBe('input.unreadable');
  });
});

describe('malformed and hostile input', () => {
  it('broken YAML names the line', () => {
    const e = thrown(() => extractPnpmLock("lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies: [\n", 'pnpm-lock.yaml'));
    expect(e.code).toBe('input.malformed');
    expect(e.place?.line).toBeGreaterThanOrEqual(4);
  });

  it('a duplicate key is an error, not a silent overwrite', () => {
    const e = thrown(() => extractPnpmLock("lockfileVersion: '9.0'\npackages:\n  a@1.0.0: {}\n  a@1.0.0: {}\n", 'pnpm-lock.yaml'));
    expect(e.place?.line).toBe(4);
  });

  it('an empty file, a list, an unknown or missing lockfileVersion are TureenErrors that say so', () => {
    expect(thrown(() => extractPnpmLock('', 'x')).message).toContain('empty');
    expect(thrown(() => extractPnpmLock('- a\n- b\n', 'x')).message).toContain('not a pnpm lockfile');
    const old = thrown(() => extractPnpmLock('lockfileVersion: 3.9\n', 'x'));
    expect(old.code).toBe('input.unsupported');
    expect(old.place?.line).toBe(1);
    expect(thrown(() => extractPnpmLock('importers: {}\n', 'x')).message).toContain('lockfileVersion');
  });

  it('a section of the wrong shape names the place', () => {
    const e = thrown(() => extractPnpmLock("lockfileVersion: '9.0'\nsnapshots:\n  a@1.0.0:\n    dependencies: [x, y]\n", 'pnpm-lock.yaml'));
    expect(e.place?.line).toBe(4);
    expect(e.message).toContain('snapshots');
  });

  it('a YAML alias bomb is stopped by the yaml package\'s alias limit', () => {
    let y = "lockfileVersion: '9.0'\nx0: &x0 [a, a, a, a, a, a, a, a, a, a]\n";
    for (let i = 1; i < 12; i++) y += `x${i}: &x${i} [${Array.from({ length: 10 }, () => `*x${i - 1}`).join(', ')}]\n`;
    const e = thrown(() => extractPnpmLock(y, 'pnpm-lock.yaml'));
    expect(e.message).toMatch(/alias/i);
  });

  it('package names __proto__, constructor, ../../x and control characters are plain data', () => {
    const hostile = ['__proto__', 'constructor', '../../x', 'a\u0001b', 'toString'];
    const y = [
      "lockfileVersion: '9.0'",
      'importers:',
      '  .:',
      '    dependencies:',
      ...hostile.map((n) => `      ${JSON.stringify(n)}:\n        specifier: 1.0.0\n        version: 1.0.0`),
      'packages:',
      ...hostile.map((n) => `  ${JSON.stringify(`${n}@1.0.0`)}:\n    resolution: {integrity: sha512-AAAA}`),
      'snapshots:',
      ...hostile.map((n) => `  ${JSON.stringify(`${n}@1.0.0`)}: {}`),
      '',
    ].join('\n');
    const r = extractPnpmLock(y, 'pnpm-lock.yaml');
    expect(r.components.filter((c) => !c.firstParty).map((c) => c.name).sort()).toEqual([...hostile].sort());
    for (const c of r.components.filter((x) => !x.firstParty)) {
      expect(c.scope).toBe('runtime');
      expect(c.direct).toBe(true);
    }
    expect(({} as Record<string, unknown>).version).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, '1.0.0')).toBe(false);
  });

  it('versions that YAML 1.1/1.2 would turn into numbers stay as written', () => {
    const y = "lockfileVersion: 5.4\nspecifiers:\n  a: 1.10\ndependencies:\n  a: 1.10\npackages:\n  /a/1.10:\n    resolution: {integrity: sha512-AAAA}\n    dev: false\n";
    const r = extractPnpmLock(y, 'pnpm-lock.yaml');
    expect(one(r.components, 'a').version).toBe('1.10');
  });
});
