import { describe, expect, it } from 'vitest';
import { memoryRepo } from '../source.js';
import { inWorkspaces, LOCKFILES, lockfileCovering } from './coverage.js';

const PJ = '{"name":"x"}';

describe('is a package.json covered by a lockfile?', () => {
  for (const lock of LOCKFILES) {
    it(`yes when ${lock} is in its own folder`, () => {
      expect(lockfileCovering('app/package.json', memoryRepo({ 'app/package.json': PJ, [`app/${lock}`]: '' }))).toEqual({ lockfile: `app/${lock}`, via: 'folder' });
    });
  }

  it('no when there is no lockfile anywhere', () => {
    expect(lockfileCovering('package.json', memoryRepo({ 'package.json': PJ }))).toBeUndefined();
    expect(lockfileCovering('a/b/package.json', memoryRepo({ 'a/b/package.json': PJ, 'a/package.json': PJ }))).toBeUndefined();
  });

  it('yes when an ancestor with a lockfile declares it as an npm/yarn/bun workspace', () => {
    const repo = memoryRepo({
      'package.json': '{"workspaces":["packages/*","tools/cli"]}',
      'package-lock.json': '{}',
      'packages/a/package.json': PJ,
      'tools/cli/package.json': PJ,
      'tools/other/package.json': PJ,
      'packages/a/nested/package.json': PJ,
    });
    expect(lockfileCovering('packages/a/package.json', repo)).toEqual({ lockfile: 'package-lock.json', via: 'workspace' });
    expect(lockfileCovering('tools/cli/package.json', repo)?.via).toBe('workspace');
    expect(lockfileCovering('tools/other/package.json', repo)).toBeUndefined();
    expect(lockfileCovering('packages/a/nested/package.json', repo)).toBeUndefined();
  });

  it("reads yarn 1's { packages: [...] } form and pnpm-workspace.yaml, negations included", () => {
    const yarn = memoryRepo({ 'mono/package.json': '{"workspaces":{"packages":["libs/**"]}}', 'mono/yarn.lock': '', 'mono/libs/x/y/package.json': PJ });
    expect(lockfileCovering('mono/libs/x/y/package.json', yarn)).toEqual({ lockfile: 'mono/yarn.lock', via: 'workspace' });
    const pnpm = memoryRepo({
      'pnpm-lock.yaml': '',
      'pnpm-workspace.yaml': "packages:\n  - 'apps/*'\n  - '!apps/legacy'\n",
      'apps/web/package.json': PJ,
      'apps/legacy/package.json': PJ,
    });
    expect(lockfileCovering('apps/web/package.json', pnpm)?.lockfile).toBe('pnpm-lock.yaml');
    expect(lockfileCovering('apps/legacy/package.json', pnpm)).toBeUndefined();
  });

  it('no when the ancestor has workspace declarations but no lockfile, or a lockfile but no declaration', () => {
    expect(lockfileCovering('p/a/package.json', memoryRepo({ 'package.json': '{"workspaces":["p/*"]}', 'p/a/package.json': PJ }))).toBeUndefined();
    expect(lockfileCovering('p/a/package.json', memoryRepo({ 'package.json': PJ, 'bun.lock': '', 'p/a/package.json': PJ }))).toBeUndefined();
  });

  it('looks past a nearer lockfile that does not include it to a farther one that does', () => {
    const repo = memoryRepo({
      'package.json': '{"workspaces":["x/y/z"]}',
      'yarn.lock': '',
      'x/package.json': PJ,
      'x/package-lock.json': '{}',
      'x/y/z/package.json': PJ,
    });
    expect(lockfileCovering('x/y/z/package.json', repo)).toEqual({ lockfile: 'yarn.lock', via: 'workspace' });
  });

  it('yes when the lockfile\'s project or one of its workspaces installs the folder as a file:/link: dependency', () => {
    const repo = memoryRepo({
      'package.json': '{"workspaces":["apps/*"],"dependencies":{"v":"file:./vendor/v","t":"file:vendor/t.tgz"}}',
      'bun.lock': '',
      'apps/ui/package.json': '{"dependencies":{"w":"link:../../third_party/w"}}',
      'vendor/v/package.json': PJ,
      'vendor/t/package.json': PJ,
      'third_party/w/package.json': PJ,
      'elsewhere/package.json': PJ,
    });
    expect(lockfileCovering('vendor/v/package.json', repo)).toEqual({ lockfile: 'bun.lock', via: 'local-dependency' });
    expect(lockfileCovering('third_party/w/package.json', repo)).toEqual({ lockfile: 'bun.lock', via: 'local-dependency' });
    expect(lockfileCovering('vendor/t/package.json', repo)).toBeUndefined();
    expect(lockfileCovering('elsewhere/package.json', repo)).toBeUndefined();
  });

  it('treats unreadable declarations as none', () => {
    const repo = memoryRepo({ 'package.json': '{ broken', 'pnpm-workspace.yaml': 'packages: [', 'pnpm-lock.yaml': '', 'a/package.json': PJ });
    expect(lockfileCovering('a/package.json', repo)).toBeUndefined();
  });

  it('matches workspace globs the way npm writes them', () => {
    expect(inWorkspaces('packages/a', ['./packages/*/'])).toBe(true);
    expect(inWorkspaces('packages/a/b', ['packages/*'])).toBe(false);
    expect(inWorkspaces('packages/a/b', ['packages/**'])).toBe(true);
    expect(inWorkspaces('a', ['.', ''])).toBe(false);
  });
});
