import semver from 'semver';
import type { Origin } from '../../model/component.js';

/**
 * How npm obtained a package, read from a lockfile's `resolved` (v2/v3) or `version`/`resolved` (v1).
 *
 * Hand-written: npm's own readers (npm-package-arg, hosted-git-info) resolve file paths against the
 * working directory and need more than an identity; here only the identity is needed: which
 * registry/git/tarball/file source, the commit, and a URL without credentials. The rules follow
 * npm-package-arg's (git prefixes, hosted shortcuts, `.tgz`/`.tar`/`.tar.gz` means a tarball).
 */
export interface SourceInfo {
  origin: Origin;
  /** purl qualifiers that make a non-registry source a distinct identity */
  qualifiers: Record<string, string>;
}

const HOSTED: Record<string, string> = {
  github: 'github.com',
  gitlab: 'gitlab.com',
  bitbucket: 'bitbucket.org',
  gist: 'gist.github.com',
};

export function isGitSpec(s: string): boolean {
  return /^git(\+[a-z]+)?:/i.test(s) || /^(github|gitlab|bitbucket|gist):/i.test(s) || /^[^@/:\s]+@[^/:\s]+:[^\s]/.test(s);
}

/** Remove user:password@ from a URL (lockfiles sometimes carry tokens); unparsable text is kept as is. */
export function stripCredentials(url: string): string {
  // the authority runs to the first "/" or "#"; user info is everything up to its last "@"
  const m = /^([a-z][a-z0-9+.-]*:\/\/)([^/#]*)([\s\S]*)$/i.exec(url);
  if (!m) return url;
  const authority = m[2] as string;
  const at = authority.lastIndexOf('@');
  return at < 0 ? url : `${m[1]}${authority.slice(at + 1)}${m[3]}`;
}

/**
 * A git source as `git+https://host/path` (ssh, scp-like and git:// forms of a host turned into https,
 * hosted shortcuts expanded, credentials removed; git+file and other schemes kept) and its committish.
 */
export function normalizeGit(spec: string): { url: string; committish?: string } {
  const hash = spec.indexOf('#');
  const committish = hash >= 0 ? spec.slice(hash + 1) : undefined;
  let url = hash >= 0 ? spec.slice(0, hash) : spec;
  const short = /^(github|gitlab|bitbucket|gist):\/*(.+)$/i.exec(url);
  if (short) {
    const host = HOSTED[(short[1] as string).toLowerCase()] as string;
    let path = short[2] as string;
    if (!/\.git$/.test(path)) path += '.git';
    url = `git+https://${host}/${path}`;
  } else {
    const scp = /^(?:git\+ssh:\/\/|ssh:\/\/)?(?:[^@/\s]+@)?([^/:\s]+):(?!\d+\/)(?!\/)(.+)$/i.exec(url);
    const ssh = /^(?:git\+)?ssh:\/\/(?:[^@/]+@)?([^/:]+)(?::\d+)?\/(.+)$/i.exec(url);
    const gitProto = /^git:\/\/(?:[^@/]+@)?([^/:]+)(?::\d+)?\/(.+)$/i.exec(url);
    // order matters: ssh URLs first (a port after the host), then scp-like `user@host:path`
    if (ssh) url = `git+https://${ssh[1]}/${ssh[2]}`;
    else if (gitProto) url = `git+https://${gitProto[1]}/${gitProto[2]}`;
    else if (scp) url = `git+https://${scp[1]}/${scp[2]}`;
    else if (/^https?:\/\//i.test(url)) url = `git+${url}`;
    url = stripCredentials(url);
  }
  return committish ? { url, committish } : { url };
}

export function gitSource(spec: string): SourceInfo {
  const { url, committish } = normalizeGit(spec);
  return {
    origin: committish ? { type: 'git', url, ref: committish } : { type: 'git', url },
    qualifiers: { vcs_url: committish ? `${url}#${committish}` : url },
  };
}

/** A tarball path or URL (npm-package-arg: these extensions mean a tarball, anything else a folder). */
export function isTarballPath(s: string): boolean {
  return /\.(tgz|tar\.gz|tar)$/i.test(s.split(/[?#]/)[0] ?? s);
}

/** An http(s) URL served from a registry: npm registries put tarballs under `<name>/-/<file>`. */
export function isRegistryUrl(url: string): boolean {
  const m = /^https?:\/\/[^/]+(\/[^?#]*)/i.exec(url);
  return !!m && (m[1] as string).includes('/-/');
}

/**
 * Classify a v2/v3 `resolved` (absent for registry packages when npm was told to omit it).
 * Link entries are handled by the caller: their `resolved` is a folder.
 */
export function sourceFromResolved(resolved: string | undefined): SourceInfo {
  if (resolved === undefined || resolved === '') return { origin: { type: 'registry' }, qualifiers: {} };
  if (isGitSpec(resolved)) return gitSource(resolved);
  if (/^file:/i.test(resolved)) {
    const path = resolved.slice(5);
    return isTarballPath(path)
      ? { origin: { type: 'file', url: resolved, ref: path }, qualifiers: { download_url: resolved } }
      : { origin: { type: 'link', ref: path }, qualifiers: { download_url: resolved } };
  }
  if (/^https?:\/\//i.test(resolved)) {
    const url = stripCredentials(resolved);
    if (isRegistryUrl(resolved)) return { origin: { type: 'registry', url }, qualifiers: {} };
    return { origin: { type: 'tarball', url }, qualifiers: { download_url: url } };
  }
  return { origin: { type: 'unknown', url: stripCredentials(resolved) }, qualifiers: {} };
}

/** `npm:name@range` → the real name and its version (an alias); undefined when not an alias. */
export function parseAlias(spec: string): { name: string; version: string } | undefined {
  if (!spec.startsWith('npm:')) return undefined;
  const rest = spec.slice(4);
  const at = rest.indexOf('@', rest.startsWith('@') ? 1 : 0);
  if (at <= 0) return { name: rest, version: '' };
  return { name: rest.slice(0, at), version: rest.slice(at + 1) };
}

/**
 * npm's own guess of a tarball's version from its file name, as arborist does for v1 lockfiles
 * (version-from-tgz.js): `<name>-<semver>.tgz`, or a registry path `<name>/-/<name>-<semver>.tgz`.
 */
export function versionFromTgz(name: string, tgz: string): { name: string; version: string } | undefined {
  const clean = tgz.split(/[?#]/)[0] ?? tgz;
  const base = clean.slice(clean.lastIndexOf('/') + 1);
  if (!base.endsWith('.tgz')) return undefined;
  let project: string | undefined;
  let scope: string | undefined;
  const m = /^https?:\/\/[^/]+\/(.*)$/i.exec(clean);
  if (m) {
    const parts = (m[1] as string).split('/-/');
    if (parts.length > 1 && parts[parts.length - 1] === base) {
      const pre = (parts[parts.length - 2] as string).split(/\/|%2f/i);
      project = pre.pop();
      scope = pre.pop();
    }
  }
  if (project === undefined) {
    const split = name.split(/\/|%2f/i);
    project = split.pop();
    scope = split.pop();
  }
  if (!project || !base.startsWith(`${project}-`)) return undefined;
  const parsed = semver.parse(base.slice(project.length + 1, base.length - 4));
  if (!parsed) return undefined;
  return { name: scope && scope.startsWith('@') ? `${scope}/${project}` : project, version: parsed.version };
}

/** The package name a folder would give (npm's name-from-folder: `@scope/name` when the parent is a scope). */
export function nameFromFolder(folder: string): string {
  const parts = folder.split('/').filter((p) => p !== '' && p !== '.');
  const last = parts[parts.length - 1] ?? '';
  const parent = parts[parts.length - 2];
  return parent !== undefined && parent.startsWith('@') ? `${parent}/${last}` : last;
}
