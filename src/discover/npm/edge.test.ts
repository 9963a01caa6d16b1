import { describe, expect, it } from 'vitest';
import type { Component } from '../../model/component.js';
import { isTureenError, TureenError } from '../../model/errors.js';
import { extractNpmLock } from './extract.js';

/**
 * Cases the recorded projects do not cover, written by hand in the format npm documents
 * (docs.npmjs.com/cli/configuring-npm/package-lock-json); each says which rule it checks.
 */

const FILE = 'app/package-lock.json';
const lockText = (packages: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ name: 'app', version: '1.0.0', lockfileVersion: 3, requires: true, ...extra, packages }, null, 2);
const read = (packages: Record<string, unknown>, extra?: Record<string, unknown>) => extractNpmLock({ file: FILE, text: lockText(packages, extra) });
const find = (cs: Component[], name: string) => cs.find((c) => c.name === name) as Component;

function thrown(f: () => unknown): TureenError {
  try {
    f();
  } catch (e) {
    if (isTureenError(e)) return e;
    throw e;
  }
  throw new Error('expected a TureenError');
}

describe('git and registry identities', () => {
  it('names a GitHub ssh dependency by its https repository and commit, and keeps tokens out', () => {
    const sha = 'b6b3b1ec7eb7d8d1e2f3a4b5c6d7e8f9a0b1c2d3';
    const { components } = read({
      '': { name: 'app', version: '1.0.0', dependencies: { ini: 'github:npm/ini', priv: '^1.0.0' } },
      'node_modules/ini': { version: '4.1.3', resolved: `git+ssh://git@github.com/npm/ini.git#${sha}`, license: 'ISC' },
      'node_modules/priv': { version: '1.0.0', resolved: 'https://ci:s3cr3t-token@npm.example.com/priv/-/priv-1.0.0.tgz' },
    });
    const ini = find(components, 'ini');
    expect(ini.origin).toEqual({ type: 'git', url: 'git+https://github.com/npm/ini.git', ref: sha });
    expect(ini.purl).toBe(`pkg:npm/ini@4.1.3?vcs_url=${encodeURIComponent(`git+https://github.com/npm/ini.git#${sha}`)}`);
    expect(find(components, 'priv')).toMatchObject({ purl: 'pkg:npm/priv@1.0.0', origin: { type: 'registry', url: 'https://npm.example.com/priv/-/priv-1.0.0.tgz' } });
    expect(JSON.stringify(components)).not.toContain('s3cr3t');
  });

  it('keeps a registry package and a git package of the same name@version apart', () => {
    const { components } = read({
      '': { dependencies: { a: '1.0.0', b: '1.0.0' } },
      'node_modules/a': { version: '1.0.0', dependencies: { c: '1.0.0' } },
      'node_modules/a/node_modules/c': { version: '1.0.0', resolved: 'git+ssh://git@github.com/o/c.git#abc' },
      'node_modules/b': { version: '1.0.0', dependencies: { c: '1.0.0' } },
      'node_modules/c': { version: '1.0.0', resolved: 'https://registry.npmjs.org/c/-/c-1.0.0.tgz' },
    });
    expect(components.filter((c) => c.name === 'c').map((c) => c.purl).sort()).toEqual([
      'pkg:npm/c@1.0.0',
      `pkg:npm/c@1.0.0?vcs_url=${encodeURIComponent('git+https://github.com/o/c.git#abc')}`,
    ]);
  });
});

describe('scope', () => {
  it('treats dev+optional as development, devOptional as optional, and follows nested node_modules', () => {
    const { components, findings } = read({
      '': { dependencies: { a: '1' }, devDependencies: { tool: '1' }, optionalDependencies: { opt: '1' } },
      'node_modules/a': { version: '1.0.0', dependencies: { b: '2' } },
      'node_modules/a/node_modules/b': { version: '2.0.0' },
      'node_modules/b': { version: '1.0.0', dev: true },
      'node_modules/tool': { version: '1.0.0', dev: true, dependencies: { b: '1', shared: '1' }, optionalDependencies: { fsevents: '2' } },
      'node_modules/fsevents': { version: '2.3.3', dev: true, optional: true },
      'node_modules/opt': { version: '1.0.0', optional: true, dependencies: { shared: '1' } },
      'node_modules/shared': { version: '1.0.0', devOptional: true },
    });
    const scopes = Object.fromEntries(components.map((c) => [`${c.name}@${c.version}`, c.scope]));
    expect(scopes).toEqual({
      'app@1.0.0': 'runtime', 'a@1.0.0': 'runtime', 'b@2.0.0': 'runtime', 'b@1.0.0': 'development',
      'tool@1.0.0': 'development', 'fsevents@2.3.3': 'development', 'opt@1.0.0': 'optional', 'shared@1.0.0': 'optional',
    });
    expect(findings).toEqual([]);
  });

  it('keeps a package that only an optional peer edge reaches out of the tree, as npm prunes it', () => {
    const { components, findings } = read({
      '': { dependencies: { debug: '4' } },
      'node_modules/debug': { version: '4.3.4', peerDependencies: { 'supports-color': '*' }, peerDependenciesMeta: { 'supports-color': { optional: true } } },
      'node_modules/supports-color': { version: '8.1.1', extraneous: true },
    });
    expect(findings.map((f) => [f.rule, f.item])).toEqual([['npm.extraneous', 'pkg:npm/supports-color@8.1.1']]);
    expect(find(components, 'supports-color').scope).toBe('runtime'); // no flag says otherwise
  });

  it('reports entries no root reaches and dependencies the lockfile lacks', () => {
    const { components, findings } = read({
      '': { dependencies: { a: '1', gone: '1' } },
      'node_modules/a': { version: '1.0.0' },
      'node_modules/orphan': { version: '1.0.0', dev: true },
    });
    expect(findings.map((f) => f.rule).sort()).toEqual(['npm.extraneous', 'npm.unresolved-dependency']);
    expect(findings.find((f) => f.rule === 'npm.unresolved-dependency')?.message).toContain('"gone"');
    expect(find(components, 'orphan').scope).toBe('development');
  });
});

describe('workspaces and links', () => {
  it('reads workspaces given as {packages}, honours negated patterns, and links to folders that are not workspaces', () => {
    const { components } = read({
      '': { name: 'mono', workspaces: { packages: ['./libs/*', '!libs/skip'] }, dependencies: { vendored: 'file:third_party/vendored' } },
      'node_modules/@m/core': { resolved: 'libs/core', link: true },
      'node_modules/skip': { resolved: 'libs/skip', link: true },
      'node_modules/vendored': { resolved: 'third_party/vendored', link: true },
      'libs/core': { name: '@m/core', version: '2.0.0', dependencies: { left: '1' }, devDependencies: { jest: '1' } },
      'libs/skip': { name: 'skip', version: '0.0.1' },
      'third_party/vendored': { name: 'vendored', version: '0.3.0', license: 'BSD-3-Clause' },
      'node_modules/left': { version: '1.0.0' },
      'node_modules/jest': { version: '29.0.0', dev: true },
    });
    expect(find(components, '@m/core')).toMatchObject({ firstParty: true, origin: { type: 'workspace', ref: 'app/libs/core' }, purl: 'pkg:npm/%40m/core@2.0.0' });
    expect(find(components, 'vendored')).toMatchObject({
      firstParty: false, scope: 'runtime', direct: true, origin: { type: 'link', ref: 'app/third_party/vendored' }, licenses: [{ expression: 'BSD-3-Clause' }],
    });
    expect(find(components, 'skip').firstParty).toBe(false);
    expect(find(components, 'left')).toMatchObject({ scope: 'runtime', direct: true, paths: [['@m/core@2.0.0', 'left@1.0.0']] });
    expect(find(components, 'jest').scope).toBe('development');
  });

  it('reports a link whose folder the lockfile does not describe, and still lists it', () => {
    const { components, findings } = read({
      '': { dependencies: { ext: 'file:../ext' } },
      'node_modules/ext': { resolved: '../ext', link: true },
    });
    expect(find(components, 'ext')).toMatchObject({ version: '', origin: { type: 'link', ref: 'ext' } });
    expect(findings.map((f) => f.rule)).toEqual(['npm.link-target-missing']);
  });

  it('names the root from the lockfile, else package.json, else its folder', () => {
    const bare = JSON.stringify({ lockfileVersion: 3, packages: { '': {} } });
    expect(extractNpmLock({ file: 'svc/package-lock.json', text: bare }).components.map((c) => c.name)).toEqual(['svc']);
    expect(extractNpmLock({ file: 'package-lock.json', text: bare }).components.map((c) => c.name)).toEqual(['root']);
    const withManifest = extractNpmLock({ file: 'package-lock.json', text: bare, manifest: { file: 'package.json', text: '{"name":"from-pkg","version":"3.1.0"}' } });
    expect(withManifest.components.map((c) => `${c.name}@${c.version}`)).toEqual(['from-pkg@3.1.0']);
  });
});

describe('lockfile version 1 specifics', () => {
  const v1 = (dependencies: Record<string, unknown>) => JSON.stringify({ name: 'old', version: '1.0.0', lockfileVersion: 1, requires: true, dependencies }, null, 2);

  it('reads a GitHub shorthand, a folder link and a dev+optional entry', () => {
    const { components, findings } = extractNpmLock({
      file: 'package-lock.json',
      text: v1({
        ini: { version: 'github:npm/ini#abc123', from: 'github:npm/ini' },
        lib: { version: 'file:lib', requires: { left: '^1.0.0' } },
        left: { version: '1.0.0', resolved: 'https://registry.npmjs.org/left/-/left-1.0.0.tgz' },
        fsevents: { version: '2.3.3', dev: true, optional: true },
      }),
      manifest: { file: 'package.json', text: JSON.stringify({ dependencies: { ini: 'github:npm/ini', lib: 'file:lib' }, devDependencies: { fsevents: '2' } }) },
    });
    expect(find(components, 'ini')).toMatchObject({ version: 'abc123', origin: { type: 'git', url: 'git+https://github.com/npm/ini.git', ref: 'abc123' } });
    expect(find(components, 'lib')).toMatchObject({ version: '', origin: { type: 'link', ref: 'lib' }, direct: true });
    expect(find(components, 'left')).toMatchObject({ scope: 'runtime', direct: false, paths: [['old@1.0.0', 'lib', 'left@1.0.0']] });
    expect(find(components, 'fsevents').scope).toBe('development');
    expect(findings.map((f) => [f.rule, f.message.includes('"file:lib"')])).toEqual([['npm.unknown-version', true]]);
  });

  it('refuses a tree nested deeper than npm ever writes, without overflowing the stack', () => {
    const deep = (n: number) =>
      `{"lockfileVersion": 1,\n"dependencies": ${'{"n": {"version": "1.0.0",\n"dependencies": '.repeat(n)}{}${'}}'.repeat(n)}}`;
    const e = thrown(() => extractNpmLock({ file: 'package-lock.json', text: deep(5000) }));
    expect(e.message).toContain('nested more than 256 levels');
    expect(e.place?.line).toBe(258);
    // much deeper: still a TureenError, found fast
    expect(thrown(() => extractNpmLock({ file: 'package-lock.json', text: deep(100_000) })).code).toBe('input.malformed');
  });
});

describe('malformed input', () => {
  it('names the entry, field and line of a wrong value', () => {
    const text = lockText({ '': {}, 'node_modules/a': { version: '1.0.0' }, 'node_modules/b': { version: 5 } });
    const e = thrown(() => extractNpmLock({ file: FILE, text }));
    expect(e.code).toBe('input.malformed');
    expect(e.file).toBe(FILE);
    expect(e.place?.key).toBe('packages["node_modules/b"].version');
    expect(text.split('\n')[(e.place?.line as number) - 1]).toContain('"node_modules/b"');
    expect(e.fix).toMatch(/npm install/);
  });

  it('explains JSON that is not a lockfile, and broken JSON with its line', () => {
    expect(thrown(() => extractNpmLock({ file: FILE, text: '[1,2]' })).message).toMatch(/not an npm lockfile/);
    expect(thrown(() => extractNpmLock({ file: FILE, text: '{"packages": {}}' })).message).toMatch(/lockfileVersion/);
    const broken = thrown(() => extractNpmLock({ file: FILE, text: '{\n "lockfileVersion": 3,\n "packages": {\n' }));
    expect(broken.message).toMatch(/not valid JSON/);
    expect(broken.place?.line).toBe(4);
  });

  it('reads a newer lockfileVersion as version 3, and says so', () => {
    const { components, findings } = extractNpmLock({ file: FILE, text: lockText({ '': { dependencies: { a: '1' } }, 'node_modules/a': { version: '1.0.0' } }, { lockfileVersion: 4 }) });
    expect(components.map((c) => c.name)).toEqual(['app', 'a']);
    expect(findings.map((f) => [f.rule, f.severity])).toEqual([['npm.lockfile-version', 'info']]);
  });

  it('ignores an unreadable package.json beside the lockfile, with a warning', () => {
    const { components, findings } = extractNpmLock({ file: 'package-lock.json', text: JSON.stringify({ lockfileVersion: 3, packages: { '': {} } }), manifest: { file: 'package.json', text: '{oops' } });
    expect(components.map((c) => c.name)).toEqual(['root']);
    expect(findings.map((f) => [f.rule, f.file])).toEqual([['npm.manifest-unreadable', 'package.json']]);
  });
});
