import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { repoOf } from './repo.js';

const gh = (owner: string, repo: string) => ({ host: 'github', owner, repo, baseUrl: 'https://github.com' });
const gl = (owner: string, repo: string, baseUrl = 'https://gitlab.com') => ({ host: 'gitlab', owner, repo, baseUrl });

describe('repoOf: the issue tracker a source URL names', () => {
  it('reads the spellings package metadata uses for GitHub', () => {
    expect(repoOf('https://github.com/expressjs/express')).toEqual(gh('expressjs', 'express'));
    expect(repoOf('git+https://github.com/acornjs/acorn.git')).toEqual(gh('acornjs', 'acorn'));
    expect(repoOf('git://github.com/minimistjs/minimist.git')).toEqual(gh('minimistjs', 'minimist'));
    expect(repoOf('git+ssh://git@github.com/npm/cli.git')).toEqual(gh('npm', 'cli'));
    expect(repoOf('ssh://git@github.com/npm/cli')).toEqual(gh('npm', 'cli'));
    expect(repoOf('git@github.com:stevemao/left-pad.git')).toEqual(gh('stevemao', 'left-pad'));
    expect(repoOf('github:isaacs/node-semver')).toEqual(gh('isaacs', 'node-semver'));
    expect(repoOf('https://www.github.com/Owner/Repo.js/')).toEqual(gh('Owner', 'Repo.js'));
    expect(repoOf('http://github.com/owner/repo#readme')).toEqual(gh('owner', 'repo'));
  });

  it('drops /tree/…, /blob/… and other pages of a monorepo URL', () => {
    expect(repoOf('https://github.com/babel/babel/tree/main/packages/babel-core')).toEqual(gh('babel', 'babel'));
    expect(repoOf('https://github.com/facebook/react/blob/main/packages/react/package.json')).toEqual(gh('facebook', 'react'));
    expect(repoOf('https://github.com/owner/repo/issues?q=is%3Aopen')).toEqual(gh('owner', 'repo'));
  });

  it('reads GitLab, with subgroups and "/-/" pages', () => {
    expect(repoOf('https://gitlab.com/gitlab-org/gitlab')).toEqual(gl('gitlab-org', 'gitlab'));
    expect(repoOf('https://gitlab.com/pump-team/drivers/serial-io.git')).toEqual(gl('pump-team/drivers', 'serial-io'));
    expect(repoOf('https://gitlab.com/pump-team/drivers/serial-io/-/tree/main/src')).toEqual(gl('pump-team/drivers', 'serial-io'));
    expect(repoOf('git@gitlab.com:pump-team/drivers/serial-io.git')).toEqual(gl('pump-team/drivers', 'serial-io'));
    expect(repoOf('gitlab:inkscape/inkscape')).toEqual(gl('inkscape', 'inkscape'));
    expect(repoOf('https://gitlab.com/group/project/tree/v1.2')).toEqual(gl('group', 'project')); // old URLs without "/-/"
  });

  it('reads self-hosted GitLab only when its host is configured', () => {
    expect(repoOf('https://git.example.org/devices/firmware-utils')).toBeUndefined();
    expect(repoOf('https://git.example.org/devices/firmware-utils', { gitlabHosts: ['git.example.org'] })).toEqual(gl('devices', 'firmware-utils', 'https://git.example.org'));
    expect(repoOf('git@git.example.org:devices/sub/firmware-utils.git', { gitlabHosts: ['https://git.example.org/'] })).toEqual(gl('devices/sub', 'firmware-utils', 'https://git.example.org'));
  });

  it('reads GitHub Enterprise Server only when its host is configured', () => {
    expect(repoOf('https://github.example.org/devices/pump-io')).toBeUndefined();
    expect(repoOf('https://github.example.org/devices/pump-io/tree/main', { githubHosts: ['github.example.org'] })).toEqual({ host: 'github', owner: 'devices', repo: 'pump-io', baseUrl: 'https://github.example.org' });
    expect(repoOf('git@github.example.org:devices/pump-io.git', { githubHosts: ['https://github.example.org/'] })).toEqual({ host: 'github', owner: 'devices', repo: 'pump-io', baseUrl: 'https://github.example.org' });
    // github.com stays github.com whatever is configured
    expect(repoOf('https://github.com/octo/lib', { githubHosts: ['github.example.org'] })!.baseUrl).toBe('https://github.com');
  });

  it('refuses what is not a repository of a known host', () => {
    for (const u of [undefined, '', 'https://bitbucket.org/owner/repo', 'https://github.com/owner', 'https://github.com/', 'not a url',
      'javascript:alert(1)', 'https://github.com/%2e%2e/repo', 'git@github.com:../x/y', 'https://github.com/own%2Fer/repo', 'https://gitlab.com/single',
      'file:///github.com/owner/repo', 'https://github.com/-bad-/repo']) {
      expect(repoOf(u), String(u)).toBeUndefined();
    }
  });

  it('never throws, and what it returns is a plain owner/repo (property)', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.webUrl(), fc.string().map((x) => `https://github.com/${x}`), fc.string().map((x) => `git@gitlab.com:${x}`)), (u) => {
      const r = repoOf(u);
      return r === undefined || (!r.repo.includes('/') && r.repo !== '..' && !/[\s?#]/.test(`${r.owner}/${r.repo}`));
    }));
  });
});
