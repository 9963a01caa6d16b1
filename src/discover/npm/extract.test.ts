import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Component } from '../../model/component.js';
import { extractNpmLock } from './extract.js';
import { expectedScope, fixture, installedScope, listing, locationOf, nv, sriHex } from './test-support/expected.js';

/**
 * The same small project (scoped package, alias, dev, optional, git, file tarball bundling a
 * dependency, http tarball, peer dependency, workspace) locked by npm 6 (v1), npm 8 (v2) and npm 11
 * (v3); every expectation comes from what those npm versions installed or read (fixtures/README.md).
 */

function run(c: string, opts: { manifest?: boolean } = {}) {
  return extractNpmLock({
    file: 'package-lock.json',
    text: fixture(`${c}/package-lock.json`),
    ...(opts.manifest === false ? {} : { manifest: { file: 'package.json', text: fixture(`${c}/package.json`) } }),
  });
}

const byName = (cs: Component[], name: string) => cs.filter((c) => c.name === name);
const one = (cs: Component[], name: string, version?: string): Component => {
  const found = cs.filter((c) => c.name === name && (version === undefined || c.version === version));
  expect(found, `${name}@${version ?? '*'}`).toHaveLength(1);
  return found[0] as Component;
};
/** a lockfile's own `resolved`/`integrity` for a location, read with JSON.parse (v2/v3) */
const entry = (c: string, loc: string) =>
  (JSON.parse(fixture(`${c}/package-lock.json`)) as { packages: Record<string, Record<string, string>> }).packages[loc] as Record<string, string>;

describe.each(['v2', 'v3', 'v3-stale-flags', 'v3-edited-flags'])('npm ≥ 7 lockfile %s', (c) => {
  const { components } = run(c);
  const thirdParty = components.filter((x) => !x.firstParty);

  it('finds exactly the name@version set npm reads from the lockfile (npm query), by real package name', () => {
    const expected = listing(`${c}/expected/lockfile-nodes.txt`);
    const firstPartyLocs = new Set(components.filter((x) => x.firstParty).flatMap((x) => x.evidence.map((e) => locationOf(e.key ?? ''))));
    const expectedThirdParty = new Set([...expected].filter(([loc]) => !firstPartyLocs.has(loc)).map(([, v]) => v));
    expect(new Set(thirdParty.map(nv))).toEqual(expectedThirdParty);
    // one component per name@version, whatever the number of node_modules folders holding it
    expect(thirdParty.length).toBe(expectedThirdParty.size);
    // every install location npm reads is evidence of exactly one component
    const evidenced = components.flatMap((x) => x.evidence.map((e) => locationOf(e.key ?? ''))).filter((l) => l !== '');
    expect(new Set(evidenced)).toEqual(new Set(expected.keys()));
    expect(evidenced).toHaveLength(expected.size);
  });

  it('marks the root project and the workspace first-party, and nothing else', () => {
    expect(components.filter((x) => x.firstParty).map(nv).sort()).toEqual(['@demo/ui@0.1.0', 'demo-app@1.0.0']);
    expect(one(components, '@demo/ui').origin).toEqual({ type: 'workspace', ref: 'packages/ui' });
  });

  it('gives each package the scope of what a production install of that npm leaves out', () => {
    // npm 11 recomputes dev/optional from the graph, npm 8 installs by the flags written in the lockfile;
    // for the stale-flags lockfile the two disagree on ms@2.0.0, and Tureen keeps what either installs
    const prodLists = c === 'v3-stale-flags' ? ['installed-prod.txt', 'installed-prod-npm8.txt'] : ['installed-prod.txt'];
    const runtimeLists = c === 'v3-stale-flags' ? ['installed-runtime.txt', 'installed-runtime-npm8.txt'] : ['installed-runtime.txt'];
    const prod = new Set(prodLists.flatMap((f) => [...listing(`${c}/expected/${f}`).keys()]));
    const runtime = new Set(runtimeLists.flatMap((f) => [...listing(`${c}/expected/${f}`).keys()]));
    for (const x of thirdParty) expect(x.scope, nv(x)).toBe(expectedScope(x, (l) => installedScope(l, prod, runtime)));
    // the set sizes, so a wrong expectation cannot hide behind an empty loop
    expect(thirdParty.filter((x) => x.scope === 'development').map(nv).sort()).toEqual(
      c === 'v3' || c === 'v3-edited-flags' ? ['@types/ms@0.7.31', 'ms@2.0.0'] : ['@types/ms@0.7.31'],
    );
    expect(thirdParty.filter((x) => x.scope === 'optional').map(nv).sort()).toEqual(['is-number@6.0.0', 'is-odd@3.0.1']);
  });

  it('says when the lockfile flags and the dependency graph disagree', () => {
    const { findings } = run(c);
    const stale = findings.filter((f) => f.rule === 'npm.stale-flags');
    // npm 8 (v2) and npm 11's first install wrote no dev flag on ms@2.0.0; npm 11's second install did;
    // the edited lockfile claims picocolors and is-number are dev, which npm 11 ignores when installing
    const expected: Record<string, string[]> = {
      v2: ['pkg:npm/ms@2.0.0'], v3: [], 'v3-stale-flags': ['pkg:npm/ms@2.0.0'],
      'v3-edited-flags': ['pkg:npm/is-number@6.0.0', 'pkg:npm/picocolors@1.0.0'],
    };
    expect(stale.map((f) => f.item).sort()).toEqual(expected[c]);
    expect(findings.filter((f) => f.rule !== 'npm.stale-flags')).toEqual([]);
  });

  it('identifies an alias by the real package, and git, tarball and file sources by where they came from', () => {
    const lodash = one(components, 'lodash');
    expect(byName(components, 'my-lodash')).toEqual([]);
    expect(lodash.purl).toBe('pkg:npm/lodash@4.17.21');
    expect(lodash.evidence.map((e) => e.key)).toEqual(['packages["node_modules/my-lodash"]']);

    const git = one(components, 'tiny-git');
    const gitResolved = entry(c, 'node_modules/tiny-git').resolved as string;
    const commit = gitResolved.slice(gitResolved.indexOf('#') + 1);
    expect(commit).toMatch(/^[0-9a-f]{40}$/);
    expect(git.version).toBe('1.0.0');
    expect(git.origin).toEqual({ type: 'git', url: 'git+file:///tmp/npmfx/git/tiny-git.git', ref: commit });
    expect(git.purl).toBe(`pkg:npm/tiny-git@1.0.0?vcs_url=${encodeURIComponent(gitResolved)}`);

    const remote = one(components, 'remote-tgz');
    expect(remote.origin).toEqual({ type: 'tarball', url: 'http://127.0.0.1:8765/tarballs/remote-tgz-2.0.0.tgz' });
    expect(remote.purl).toBe(`pkg:npm/remote-tgz@2.0.0?download_url=${encodeURIComponent('http://127.0.0.1:8765/tarballs/remote-tgz-2.0.0.tgz')}`);

    const local = one(components, 'local-tgz');
    expect(local.origin).toEqual({ type: 'file', url: 'file:vendor/local-tgz-1.0.0.tgz', ref: 'vendor/local-tgz-1.0.0.tgz' });
    expect(local.purl).toContain('download_url=');

    const scoped = one(components, '@sindresorhus/is');
    expect(scoped.purl).toBe('pkg:npm/%40sindresorhus/is@4.6.0');
    expect(scoped.origin).toEqual({ type: 'registry', url: entry(c, 'node_modules/@sindresorhus/is').resolved });

    // bundled inside local-tgz's tarball: same package identity, but npm does not know where it came from
    const bundled = one(components, 'ms', '2.1.1');
    expect(bundled.origin.type).toBe('unknown');
    expect(bundled.evidence.map((e) => e.key)).toEqual(['packages["node_modules/local-tgz/node_modules/ms"]']);
  });

  it('carries the lockfile integrity as hashes and the declared licence', () => {
    for (const loc of ['node_modules/my-lodash', 'node_modules/debug/node_modules/ms', 'node_modules/remote-tgz']) {
      const e = entry(c, loc);
      const found = components.find((x) => x.evidence.some((ev) => locationOf(ev.key ?? '') === loc)) as Component;
      expect(found.hashes).toEqual([{ alg: 'SHA-512', content: sriHex(e.integrity as string) }]);
      expect(found.licenses).toEqual([{ expression: e.license }]);
    }
    expect(one(components, 'tiny-git').hashes).toEqual([]); // npm records no integrity for git dependencies
  });

  it('marks as direct what the root and workspace package.json files declare, and gives paths from them', () => {
    const rootPkg = JSON.parse(fixture(`${c}/package.json`)) as Record<string, Record<string, string> | undefined>;
    const uiPkg = JSON.parse(fixture(`${c}/packages/ui/package.json`)) as Record<string, Record<string, string> | undefined>;
    const nodes = listing(`${c}/expected/lockfile-nodes.txt`);
    const declared = new Set<string>();
    for (const pkg of [rootPkg, uiPkg]) {
      for (const field of ['dependencies', 'devDependencies', 'optionalDependencies']) {
        for (const dep of Object.keys(pkg[field] ?? {})) declared.add(nodes.get(`node_modules/${dep}`) as string);
      }
    }
    expect(new Set(thirdParty.filter((x) => x.direct).map(nv))).toEqual(declared);
    // react comes in as use-sync-external-store's peer dependency (npm ls shows the same chain)
    expect(one(components, 'js-tokens').paths[0]).toEqual([
      '@demo/ui@0.1.0', 'use-sync-external-store@1.2.0', 'react@18.3.1', 'loose-envify@1.4.0', 'js-tokens@4.0.0',
    ]);
    expect(one(components, 'ms', '2.1.2').paths[0]).toEqual(['demo-app@1.0.0', 'debug@4.3.4', 'ms@2.1.2']);
    expect(one(components, 'debug').dependencies).toEqual(['pkg:npm/ms@2.1.2']);
  });

  it("points each evidence at the line of the entry's key", () => {
    const lines = fixture(`${c}/package-lock.json`).split('\n');
    for (const x of components) {
      for (const e of x.evidence) {
        expect(lines[(e.line as number) - 1]?.trim().startsWith(`${JSON.stringify(locationOf(e.key ?? ''))}:`), `${e.key} at ${e.line}`).toBe(true);
        expect(e).toMatchObject({ file: 'package-lock.json', source: 'npm' });
      }
    }
  });
});

describe('npm 6 lockfile (lockfileVersion 1)', () => {
  const { components, findings } = run('v1');
  const thirdParty = components.filter((x) => !x.firstParty);
  const installed = listing('v1/expected/installed-all.txt');
  const lockJson = JSON.parse(fixture('v1/package-lock.json')) as { dependencies: Record<string, { version: string }> };

  it('finds every package npm 6 installed, at the same locations', () => {
    const locs = thirdParty.flatMap((x) => x.evidence.map((e) => locationOf(e.key ?? '')));
    expect(new Set(locs)).toEqual(new Set(installed.keys()));
    expect(locs).toHaveLength(installed.size);
  });

  it('has the versions npm installed, except a git dependency, known only by its commit in v1', () => {
    const gitSpec = lockJson.dependencies['tiny-git']?.version as string;
    const commit = gitSpec.slice(gitSpec.indexOf('#') + 1);
    for (const x of thirdParty) {
      const at = installed.get(locationOf(x.evidence[0]?.key ?? '')) as string;
      if (x.name === 'tiny-git') {
        expect(at).toBe('tiny-git@1.0.0'); // what the installed package.json says; the v1 lockfile does not
        expect(x.version).toBe(commit);
        expect(x.purl).toBe(`pkg:npm/tiny-git@${commit}?vcs_url=${encodeURIComponent(gitSpec)}`);
      } else {
        expect(nv(x)).toBe(at);
      }
    }
    // the file and http tarballs' versions come from their file names, as npm itself reads v1 (npm query)
    const npmReads = listing('v1/expected/lockfile-nodes.txt');
    expect(npmReads.get('node_modules/local-tgz')).toBe(nv(one(components, 'local-tgz')));
    expect(npmReads.get('node_modules/remote-tgz')).toBe(nv(one(components, 'remote-tgz')));
    expect(findings).toEqual([]);
  });

  it("gives each package the scope of npm 6's production installs (its own flags)", () => {
    const prod = new Set(listing('v1/expected/installed-prod.txt').keys());
    const runtime = new Set(listing('v1/expected/installed-runtime.txt').keys());
    for (const x of thirdParty) expect(x.scope, nv(x)).toBe(expectedScope(x, (l) => installedScope(l, prod, runtime)));
    expect(thirdParty.filter((x) => x.scope !== 'runtime').map((x) => `${nv(x)}:${x.scope}`).sort()).toEqual([
      'is-odd@3.0.1:optional', 'ms@2.0.0:development',
    ]);
  });

  it('reads the alias and the bundled dependency', () => {
    expect(one(components, 'lodash').evidence[0]?.key).toBe('dependencies["my-lodash"]');
    expect(one(components, 'ms', '2.1.1').evidence[0]?.key).toBe('dependencies["local-tgz"].dependencies["ms"]');
    expect(one(components, 'ms', '2.1.1').origin.type).toBe('unknown');
  });

  it('takes direct dependencies from package.json; without it, guesses them from what nothing else requires', () => {
    const rootPkg = JSON.parse(fixture('v1/package.json')) as Record<string, Record<string, string> | undefined>;
    const declared = ['dependencies', 'devDependencies', 'optionalDependencies'].flatMap((f) => Object.keys(rootPkg[f] ?? {}));
    const expected = new Set(declared.map((d) => installed.get(`node_modules/${d}`) as string).map((s) => (s.startsWith('tiny-git@') ? 'tiny-git' : s)));
    const got = (cs: Component[]) => new Set(cs.filter((x) => x.direct && !x.firstParty).map((x) => (x.name === 'tiny-git' ? 'tiny-git' : nv(x))));
    expect(got(components)).toEqual(expected);

    const bare = run('v1', { manifest: false });
    // is-number is declared by the root and also required by is-odd: the guess misses it, and says so
    expect(got(bare.components)).toEqual(new Set([...expected].filter((s) => s !== 'is-number@6.0.0')));
    expect(bare.findings.map((f) => f.rule)).toEqual(['npm.v1-no-manifest']);
  });

  it("points each evidence at the line of the entry's key", () => {
    const lines = fixture('v1/package-lock.json').split('\n');
    for (const x of thirdParty) {
      for (const e of x.evidence) {
        const name = /\["((?:[^"\\]|\\.)*)"\]$/.exec(e.key ?? '')?.[1] as string;
        expect(lines[(e.line as number) - 1]?.trim().startsWith(`"${name}":`), `${e.key} at ${e.line}`).toBe(true);
      }
    }
  });
});

describe('prerequisites from the lockfile (the example device\'s real package-lock.json, written by npm 11)', () => {
  const text = readFileSync(new URL('../../../examples/infusion-pump/package-lock.json', import.meta.url), 'utf8');
  const { components } = extractNpmLock({ file: 'package-lock.json', text });
  const lock = JSON.parse(text) as { packages: Record<string, { engines?: Record<string, string>; cpu?: string[]; os?: string[] }> };
  const prereq = (c: Component, side: 'software' | 'hardware') => (c.properties ?? []).filter((p) => p.name === `prerequisite:${side}`).map((p) => p.value);

  it('carries engines, os and cpu of each package as its prerequisites', () => {
    const aix = one(components, '@esbuild/aix-ppc64');
    expect(prereq(aix, 'software')).toEqual(['node >=18', 'os: aix']);
    expect(prereq(aix, 'hardware')).toEqual(['cpu: ppc64']);
  });

  it('every third-party entry with a cpu list has exactly one hardware statement, and only those', () => {
    const withCpu = new Set(Object.entries(lock.packages).filter(([loc, e]) => loc !== '' && e.cpu?.length).map(([loc]) => loc.slice(loc.lastIndexOf('node_modules/') + 13)));
    const hardware = components.filter((c) => !c.firstParty && prereq(c, 'hardware').length);
    expect(new Set(hardware.map((c) => c.name))).toEqual(withCpu);
    for (const c of hardware) expect(prereq(c, 'hardware')).toHaveLength(1);
  });
});
