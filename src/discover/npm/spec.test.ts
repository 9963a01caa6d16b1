import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gitSource, isRegistryUrl, normalizeGit, parseAlias, sourceFromResolved, stripCredentials, versionFromTgz } from './spec.js';

describe('git sources', () => {
  // the forms npm writes in `resolved` (v2/v3) and `version`/`from` (v1) for a GitHub dependency
  it.each([
    ['git+ssh://git@github.com/npm/ini.git#0123abc', 'git+https://github.com/npm/ini.git'],
    ['git+ssh://git@github.com:npm/ini.git#0123abc', 'git+https://github.com/npm/ini.git'],
    ['git+https://github.com/npm/ini.git#0123abc', 'git+https://github.com/npm/ini.git'],
    ['git://github.com/npm/ini.git#0123abc', 'git+https://github.com/npm/ini.git'],
    ['github:npm/ini#0123abc', 'git+https://github.com/npm/ini.git'],
    ['git@github.com:npm/ini.git#0123abc', 'git+https://github.com/npm/ini.git'],
    ['git+ssh://git@git.example.com:2222/team/lib.git#0123abc', 'git+https://git.example.com/team/lib.git'],
    ['gitlab:team/lib#0123abc', 'git+https://gitlab.com/team/lib.git'],
    ['bitbucket:team/lib#0123abc', 'git+https://bitbucket.org/team/lib.git'],
  ])('%s is the https repository %s at its commit', (spec, url) => {
    expect(normalizeGit(spec)).toEqual({ url, committish: '0123abc' });
    expect(gitSource(spec)).toEqual({ origin: { type: 'git', url, ref: '0123abc' }, qualifiers: { vcs_url: `${url}#0123abc` } });
  });

  it('keeps local git repositories as they are, and drops credentials', () => {
    expect(normalizeGit('git+file:///srv/git/x.git#abc')).toEqual({ url: 'git+file:///srv/git/x.git', committish: 'abc' });
    expect(normalizeGit('git+https://user:ghp_secret@github.com/o/r.git#abc')).toEqual({ url: 'git+https://github.com/o/r.git', committish: 'abc' });
  });

  it('never throws and never keeps a password, whatever the text', () => {
    // RFC 3986: "/", "#", "?" and "@" in user info are percent-encoded
    const userinfo = fc.string().filter((x) => !/[/#?@]/.test(x));
    fc.assert(fc.property(userinfo, userinfo, (a, b) => {
      const spec = `git+https://u:${a}PASSWORD${b}@host/x.git#c`;
      expect(gitSource(spec).origin.url).not.toContain('PASSWORD');
      expect(() => normalizeGit(a)).not.toThrow();
    }));
  });
});

describe('resolved URLs', () => {
  it('tells registry tarballs (the /-/ path) from other tarballs', () => {
    expect(isRegistryUrl('https://registry.npmjs.org/@babel/core/-/core-7.28.5.tgz')).toBe(true);
    expect(isRegistryUrl('https://artifactory.example.com/api/npm/npm-remote/lodash/-/lodash-4.17.21.tgz')).toBe(true);
    expect(isRegistryUrl('https://example.com/downloads/lodash-4.17.21.tgz')).toBe(false);
    expect(sourceFromResolved(undefined)).toEqual({ origin: { type: 'registry' }, qualifiers: {} });
    expect(sourceFromResolved('https://example.com/x-1.0.0.tgz')).toEqual({
      origin: { type: 'tarball', url: 'https://example.com/x-1.0.0.tgz' }, qualifiers: { download_url: 'https://example.com/x-1.0.0.tgz' },
    });
    expect(sourceFromResolved('file:vendor/x-1.0.0.tgz').origin).toEqual({ type: 'file', url: 'file:vendor/x-1.0.0.tgz', ref: 'vendor/x-1.0.0.tgz' });
  });

  it('removes user:password@ from URLs', () => {
    expect(stripCredentials('https://me:tok@npm.example.com/a/-/a-1.tgz')).toBe('https://npm.example.com/a/-/a-1.tgz');
    expect(sourceFromResolved('https://me:tok@example.com/a.tgz').qualifiers.download_url).toBe('https://example.com/a.tgz');
  });
});

describe('aliases and tarball names', () => {
  it('reads npm: aliases, scoped or not', () => {
    expect(parseAlias('npm:lodash@4.17.21')).toEqual({ name: 'lodash', version: '4.17.21' });
    expect(parseAlias('npm:@types/node@20.1.0')).toEqual({ name: '@types/node', version: '20.1.0' });
    expect(parseAlias('4.17.21')).toBeUndefined();
  });

  it("guesses a tarball's version from its file name the way npm does for v1 lockfiles", () => {
    expect(versionFromTgz('local-tgz', 'vendor/local-tgz-1.0.0.tgz')).toEqual({ name: 'local-tgz', version: '1.0.0' });
    expect(versionFromTgz('x', 'https://r.example.com/@s/y/-/y-2.0.0-beta.1.tgz')).toEqual({ name: '@s/y', version: '2.0.0-beta.1' });
    expect(versionFromTgz('x', 'https://example.com/other-1.0.0.tgz')).toBeUndefined();
    expect(versionFromTgz('x', 'x-notaversion.tgz')).toBeUndefined();
  });
});
