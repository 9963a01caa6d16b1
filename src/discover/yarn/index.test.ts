import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TureenError } from '../../model/errors.js';
import { memoryRepo } from '../source.js';
import { extractYarnBerry } from '../yarn-berry/extract.js';
import { extractYarnV1 } from './extract.js';
import { source } from './index.js';
import { matchWorkspaces } from './manifest.js';
import { BERRY_FIXTURES, YARN_FIXTURES, read } from './test-support/expected.js';

const WS = path.join(YARN_FIXTURES, 'workspaces');
const v1Files = {
  'yarn.lock': read(path.join(WS, 'yarn.lock')),
  'package.json': read(path.join(WS, 'package.json')),
  'packages/lib-a/package.json': read(path.join(WS, 'packages/lib-a/package.json')),
  'vendor/local-thing/package.json': read(path.join(WS, 'vendor/local-thing/package.json')),
};

describe('the yarn source', () => {
  it('reads files named yarn.lock, in any folder, and nothing else', () => {
    expect(['yarn.lock', 'web/app/yarn.lock'].every((p) => source.matches(p))).toBe(true);
    expect(['yarn.lock.bak', 'package.json', 'myyarn.lock', 'yarn.lock/x'].some((p) => source.matches(p))).toBe(false);
  });

  it('a v1 lockfile: finds the package.json beside it and the workspaces its globs select', () => {
    const viaRepo = source.extract('yarn.lock', memoryRepo(v1Files));
    const direct = extractYarnV1({
      lockfile: { file: 'yarn.lock', text: v1Files['yarn.lock'] },
      manifest: { file: 'package.json', text: v1Files['package.json'] },
      workspaces: [{ file: 'packages/lib-a/package.json', text: v1Files['packages/lib-a/package.json'] }],
    });
    expect(viaRepo).toEqual(direct);
    // vendor/local-thing is a file: dependency, not a workspace
    expect(viaRepo.components.filter((c) => c.firstParty).map((c) => c.name)).toEqual(['v1-fixture-root', 'lib-a']);
  });

  it('a lockfile in a sub-folder: the manifests are looked up there, and paths stay repository-relative', () => {
    const files = Object.fromEntries(Object.entries(v1Files).map(([k, v]) => [`web/${k}`, v]));
    const res = source.extract('web/yarn.lock', memoryRepo(files));
    expect(res.components.find((c) => c.name === 'lib-a')?.evidence[0]?.file).toBe('web/packages/lib-a/package.json');
    expect(res.components.find((c) => c.name === 'debug')?.evidence[0]?.file).toBe('web/yarn.lock');
    expect(res.findings).toEqual([]);
  });

  it('a workspaces pattern that selects nothing is reported', () => {
    const manifest = JSON.parse(v1Files['package.json']) as Record<string, unknown>;
    manifest['workspaces'] = { packages: ['packages/*', 'tools/*'] };
    const res = source.extract('yarn.lock', memoryRepo({ ...v1Files, 'package.json': JSON.stringify(manifest) }));
    expect(res.findings.map((f) => [f.rule, f.message.includes('"tools/*"')])).toEqual([['yarn.workspace-unmatched', true]]);
    expect(res.components.some((c) => c.name === 'lib-a' && c.firstParty)).toBe(true);
  });

  it('a berry lockfile goes to the berry reader, with the package.json of each workspace it lists', () => {
    const dir = path.join(BERRY_FIXTURES, 'yarn4');
    const files = {
      'yarn.lock': read(path.join(dir, 'yarn.lock')),
      'package.json': read(path.join(dir, 'package.json')),
      'packages/lib-a/package.json': read(path.join(dir, 'packages/lib-a/package.json')),
    };
    const viaRepo = source.extract('yarn.lock', memoryRepo(files));
    const direct = extractYarnBerry({
      lockfile: { file: 'yarn.lock', text: files['yarn.lock'] },
      manifests: new Map([
        ['.', { file: 'package.json', text: files['package.json'] }],
        ['packages/lib-a', { file: 'packages/lib-a/package.json', text: files['packages/lib-a/package.json'] }],
      ]),
    });
    expect(viaRepo).toEqual(direct);
    expect(viaRepo.components.length).toBeGreaterThan(0);
  });

  it('a berry workspace path that leaves the scanned tree is not read', () => {
    const lock = '__metadata:\n  version: 8\n\n"evil@workspace:../../etc":\n  version: 0.0.0-use.local\n  resolution: "evil@workspace:../../etc"\n  languageName: unknown\n  linkType: soft\n';
    const reads: string[] = [];
    const repo = memoryRepo({ 'yarn.lock': lock });
    const spy = { ...repo, read: (p: string) => (reads.push(p), repo.read(p)), has: (p: string) => (reads.push(p), repo.has(p)) };
    const res = source.extract('yarn.lock', spy);
    expect(reads.filter((p) => p !== 'yarn.lock')).toEqual([]);
    expect(res.findings.map((f) => f.rule)).toEqual(['yarn.manifest-missing']);
  });

  it('an unreadable file is an input.unreadable error; an unrecognisable one is malformed', () => {
    const repo = memoryRepo({});
    expect(() => source.extract('yarn.lock', repo)).toThrow(TureenError);
    try {
      source.extract('yarn.lock', memoryRepo({ 'yarn.lock': 'hello: world\n' }));
      throw new Error('expected an error');
    } catch (e) {
      expect(e).toBeInstanceOf(TureenError);
      expect((e as TureenError).code).toBe('input.malformed');
    }
  });
});

describe('workspace globs', () => {
  const files = [
    'package.json', 'packages/a/package.json', 'packages/b/package.json', 'packages/b/node_modules/x/package.json',
    'packages/deep/c/package.json', 'tools/t/package.json', 'other/package.json', 'packages/a/src/index.js',
  ];
  it('select workspace folders the way yarn v1 globs do; node_modules never; negations remove', () => {
    expect(matchWorkspaces('', ['packages/*'], files)).toEqual({
      manifests: ['packages/a/package.json', 'packages/b/package.json'], unmatched: [],
    });
    expect(matchWorkspaces('', ['packages/**', '!packages/b'], files).manifests).toEqual([
      'packages/a/package.json', 'packages/deep/c/package.json',
    ]);
    expect(matchWorkspaces('', ['./tools/t/', 'none/*'], files)).toEqual({ manifests: ['tools/t/package.json'], unmatched: ['none/*'] });
  });
  it('are relative to the folder of the root package.json', () => {
    expect(matchWorkspaces('web', ['packages/*'], ['web/packages/a/package.json', 'packages/a/package.json']).manifests).toEqual([
      'web/packages/a/package.json',
    ]);
  });
});
