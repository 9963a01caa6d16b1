import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Component } from '../../model/component.js';
import { TureenError } from '../../model/errors.js';
import type { TextFile } from '../yarn/manifest.js';
import { BERRY_FIXTURES, YARN_FIXTURES, berryNameVersions, installedList, read } from '../yarn/test-support/expected.js';
import { extractYarnBerry, parseBerryLock } from './extract.js';

const nv = (c: Component) => `${c.name}@${c.version}`;
const third = (cs: Component[]) => cs.filter((c) => !c.firstParty);
const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();
const byNv = (cs: Component[], id: string) => {
  const c = cs.find((x) => nv(x) === id);
  if (!c) throw new Error(`${id} not found`);
  return c;
};

function fixture(name: string, opts: { withoutLibManifest?: boolean } = {}) {
  const dir = path.join(BERRY_FIXTURES, name);
  const lock = read(path.join(dir, 'yarn.lock'));
  const manifests = new Map<string, TextFile>([['.', { file: 'package.json', text: read(path.join(dir, 'package.json')) }]]);
  if (!opts.withoutLibManifest) {
    manifests.set('packages/lib-a', { file: 'packages/lib-a/package.json', text: read(path.join(dir, 'packages/lib-a/package.json')) });
  }
  return { dir, lock, res: extractYarnBerry({ lockfile: { file: 'yarn.lock', text: lock }, manifests }) };
}

const VERSIONS: [string, number][] = [['yarn2', 4], ['yarn3', 6], ['yarn4.0', 8], ['yarn4', 10]];

describe.each(VERSIONS)('yarn berry lockfile written by the real yarn (%s)', (name, metadataVersion) => {
  const { dir, lock, res } = fixture(name);

  it(`is read as __metadata.version ${metadataVersion}`, () => {
    expect(parseBerryLock(lock, 'yarn.lock').metadataVersion).toBe(metadataVersion);
  });

  it('what the production install keeps is exactly the non-development set; the rest is development', () => {
    const installed = sorted(installedList(path.join(dir, 'production-installed.txt')));
    const all = sorted(berryNameVersions(lock));
    expect(sorted(third(res.components).map(nv))).toEqual(all);
    expect(sorted(third(res.components).filter((c) => c.scope !== 'development').map(nv))).toEqual(installed);
    expect(sorted(third(res.components).filter((c) => c.scope === 'development').map(nv))).toEqual(
      all.filter((x) => !installed.includes(x)),
    );
  });

  it('optional through dependenciesMeta, dev through the workspace manifests, workspaces first-party', () => {
    const cs = res.components;
    expect(byNv(cs, 'is-even@1.0.0')).toMatchObject({ scope: 'optional', direct: true });
    expect(byNv(cs, 'is-odd@0.1.2').scope).toBe('optional');
    expect(byNv(cs, 'left-pad@1.3.0')).toMatchObject({ scope: 'development', direct: true });
    expect(byNv(cs, 'is-odd@3.0.1')).toMatchObject({ scope: 'development', direct: true });
    expect(byNv(cs, 'once@1.4.0')).toMatchObject({ scope: 'runtime', direct: true });
    expect(cs.filter((c) => c.firstParty).map((c) => [c.purl, c.origin.ref]).sort()).toEqual([
      ['pkg:npm/berry-fixture-root@1.0.0', '.'],
      ['pkg:npm/lib-a@1.0.0', 'packages/lib-a'],
    ]);
  });

  it('alias, tarball URL and file: folder keep their identity; resolve and its builtin patch are one component', () => {
    const cs = res.components;
    expect(byNv(cs, 'ms@2.0.0').evidence.map((e) => e.key)).toEqual(['my-ms@npm:ms@2.0.0']);
    const tarball = byNv(cs, 'is-number@7.0.0');
    expect(tarball.origin).toEqual({ type: 'tarball', url: 'https://registry.npmjs.org/is-number/-/is-number-7.0.0.tgz' });
    expect(tarball.purl).toContain('?download_url=https%3A%2F%2Fregistry.npmjs.org%2Fis-number%2F-%2Fis-number-7.0.0.tgz');
    expect(byNv(cs, 'local-thing@0.1.0').origin).toEqual({ type: 'file', ref: './vendor/local-thing' });
    const resolve = cs.filter((c) => c.name === 'resolve');
    expect(resolve.map((c) => [c.purl, c.scope])).toEqual([['pkg:npm/resolve@1.22.14', 'runtime']]);
    expect(resolve[0]?.evidence.map((e) => (e.key ?? '').includes('@patch:'))).toEqual([false, true]);
    expect(res.findings.filter((f) => f.rule !== 'yarn.patched')).toEqual([]);
  });

  it('has no hashes: berry checksums hash yarn\'s cache zip, not the registry tarball', () => {
    expect(res.components.every((c) => c.hashes.length === 0)).toBe(true);
  });

  it('evidence names the line of the entry key', () => {
    const lines = lock.split('\n');
    for (const c of res.components) {
      for (const ev of c.evidence) expect(lines[(ev.line ?? 0) - 1]).toMatch(new RegExp(`^"?${(ev.key ?? '\u0000').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[",:]`));
    }
  });
});

describe('yarn berry details', () => {
  it('a user patch is reported and its evidence kept; the patched package is the same component', () => {
    const { res } = fixture('yarn4');
    const once = byNv(res.components, 'once@1.4.0');
    expect(once.evidence.map((e) => e.key)).toEqual([
      'once@npm:1.4.0',
      'once@patch:once@npm%3A1.4.0#~/.yarn/patches/once-npm-1.4.0-ccf03ef07a.patch',
    ]);
    const patched = res.findings.filter((f) => f.rule === 'yarn.patched');
    expect(patched.map((f) => [f.item, f.message.includes('.yarn/patches/once-npm-1.4.0-ccf03ef07a.patch')])).toEqual([
      ['pkg:npm/once@1.4.0', true],
    ]);
  });

  it('the checksum differs from the registry tarball SHA-512 that yarn 1 recorded for the same package', () => {
    const berry = read(path.join(BERRY_FIXTURES, 'yarn4', 'yarn.lock'));
    const checksum = /"ms@npm:\^2\.1\.3":\n(?:.*\n)*?\s+checksum: 10c0\/([0-9a-f]+)/.exec(berry)?.[1];
    const v1 = read(path.join(YARN_FIXTURES, 'workspaces', 'yarn.lock'));
    const sri = /ms@\^2\.1\.3:\n(?:.*\n)*?\s+integrity sha512-(\S+)/.exec(v1)?.[1] ?? '';
    expect(checksum).toMatch(/^[0-9a-f]{128}$/);
    expect(Buffer.from(sri, 'base64').toString('hex')).not.toBe(checksum);
  });

  it('without a workspace package.json, its dependencies are all runtime and a warning says why', () => {
    const { res } = fixture('yarn4', { withoutLibManifest: true });
    expect(byNv(res.components, 'is-odd@3.0.1').scope).toBe('runtime');
    expect(byNv(res.components, 'lib-a@').firstParty).toBe(true);
    expect(res.findings.filter((f) => f.rule === 'yarn.manifest-missing').map((f) => f.message)).toEqual([
      expect.stringContaining('"lib-a" (packages/lib-a)'),
    ]);
  });

  it('a git resolution is identified by repository and commit (entry in the form yarn berry writes it)', () => {
    const text = '__metadata:\n  version: 8\n  cacheKey: 10c0\n\n'
      + '"app@workspace:.":\n  version: 0.0.0-use.local\n  resolution: "app@workspace:."\n  dependencies:\n    left-pad: "https://github.com/left-pad/left-pad.git#commit=5b8a3a7765dfe001261dde915589e782f8c94d1e"\n  languageName: unknown\n  linkType: soft\n\n'
      + '"left-pad@https://github.com/left-pad/left-pad.git#commit=5b8a3a7765dfe001261dde915589e782f8c94d1e":\n  version: 1.3.0\n  resolution: "left-pad@https://github.com/left-pad/left-pad.git#commit=5b8a3a7765dfe001261dde915589e782f8c94d1e"\n  checksum: 10c0/00\n  languageName: node\n  linkType: hard\n';
    const res = extractYarnBerry({ lockfile: { file: 'yarn.lock', text } });
    const c = byNv(res.components, 'left-pad@1.3.0');
    expect(c.origin).toEqual({ type: 'git', url: 'https://github.com/left-pad/left-pad.git', ref: '5b8a3a7765dfe001261dde915589e782f8c94d1e' });
    expect(c.purl).toBe('pkg:npm/left-pad@1.3.0?vcs_url=git%2Bhttps%3A%2F%2Fgithub.com%2Fleft-pad%2Fleft-pad.git%235b8a3a7765dfe001261dde915589e782f8c94d1e');
    expect(c.scope).toBe('runtime');
  });

  it('an entry nothing depends on is stale: development, and reported', () => {
    const text = '__metadata:\n  version: 8\n\n"app@workspace:.":\n  version: 0.0.0-use.local\n  resolution: "app@workspace:."\n  languageName: unknown\n  linkType: soft\n\n'
      + '"left-pad@npm:^1.3.0":\n  version: 1.3.0\n  resolution: "left-pad@npm:1.3.0"\n  languageName: node\n  linkType: hard\n';
    const res = extractYarnBerry({ lockfile: { file: 'yarn.lock', text } });
    expect(byNv(res.components, 'left-pad@1.3.0').scope).toBe('development');
    expect(res.findings.map((f) => [f.rule, f.line])).toEqual([['yarn.manifest-missing', 4], ['yarn.stale-entry', 10]]);
  });
});

describe('yarn berry on malformed input', () => {
  const err = (text: string) => {
    try {
      extractYarnBerry({ lockfile: { file: 'yarn.lock', text } });
    } catch (e) {
      expect(e).toBeInstanceOf(TureenError);
      return e as TureenError;
    }
    throw new Error('expected a TureenError');
  };

  it('a YAML syntax error names its line and column', () => {
    const e = err('__metadata:\n  version: 8\n\n"a@npm:1":\n  version: [1\n');
    expect(e.place?.line).toBeGreaterThanOrEqual(5);
    expect(e.place?.column).toBeGreaterThan(0);
  });

  it('a missing or non-numeric __metadata.version is refused', () => {
    expect(err('__metadata:\n  cacheKey: 8\n').message).toContain('__metadata');
    expect(err('__metadata:\n  version: eight\n').place?.key).toBe('__metadata');
  });

  it('an entry without a resolution names the entry and its line', () => {
    const e = err('__metadata:\n  version: 8\n\n"a@npm:^1":\n  version: 1.0.0\n');
    expect(e.place).toMatchObject({ line: 4, key: 'a@npm:^1' });
  });

  it('an empty file gives nothing', () => {
    expect(extractYarnBerry({ lockfile: { file: 'yarn.lock', text: '' } })).toEqual({ components: [], findings: [] });
  });
});

describe('yarn berry: package names that are object keys in JavaScript', () => {
  it('"__proto__", "constructor" and "../../x" are packages like any other', () => {
    const entry = (n: string) =>
      `"${n}@npm:^1.0.0":\n  version: 1.0.0\n  resolution: "${n}@npm:1.0.0"\n  languageName: node\n  linkType: hard\n\n`;
    const text = '__metadata:\n  version: 8\n\n'
      + '"app@workspace:.":\n  version: 0.0.0-use.local\n  resolution: "app@workspace:."\n  dependencies:\n'
      + '    __proto__: "npm:^1.0.0"\n    constructor: "npm:^1.0.0"\n    "../../x": "npm:^1.0.0"\n  languageName: unknown\n  linkType: soft\n\n'
      + entry('__proto__') + entry('constructor') + entry('../../x');
    const manifest = '{"name":"app","version":"1.0.0","dependencies":{"__proto__":"^1.0.0","constructor":"^1.0.0"},"devDependencies":{"../../x":"^1.0.0"}}';
    const res = extractYarnBerry({ lockfile: { file: 'yarn.lock', text }, manifests: new Map([['.', { file: 'package.json', text: manifest }]]) });
    expect(third(res.components).map((c) => [c.name, c.scope, c.direct]).sort()).toEqual([
      ['../../x', 'development', true], ['__proto__', 'runtime', true], ['constructor', 'runtime', true],
    ]);
    expect(res.findings).toEqual([]);
    expect(({} as Record<string, unknown>)['version']).toBeUndefined();
  });
});
