/**
 * Small string helpers for yarn descriptors ("name@range") and the URLs yarn resolves them to.
 * Hand-written: @yarnpkg/parsers does not parse descriptors, and @yarnpkg/core (which does) is a
 * whole package manager; these are a few lines each.
 */
import semver from 'semver';

/** "name@range" → { name, range }; a scoped "@scope/name@range" keeps its leading "@". */
export function splitDescriptor(descriptor: string): { name: string; range: string } | undefined {
  const at = descriptor.indexOf('@', descriptor.startsWith('@') ? 1 : 0);
  if (at <= 0) return undefined;
  const name = descriptor.slice(0, at);
  if (name === '@' || name.endsWith('/')) return undefined;
  return { name, range: descriptor.slice(at + 1) };
}

/** A range that the npm registry answers (semver range, dist-tag, or empty), as yarn v1 sees it. */
export function isRegistryRange(range: string): boolean {
  const r = range.trim();
  if (r === '' || r === '*') return true;
  if (semver.validRange(r) !== null) return true;
  // a dist-tag such as "latest" or "next": no path, no protocol
  return /^[A-Za-z][\w.-]*$/.test(r);
}

/** True when a resolved URL or range designates a git repository rather than a tarball. */
export function isGitUrl(url: string): boolean {
  if (/^git(\+[a-z]+)?:/i.test(url) || /^ssh:/i.test(url)) return true;
  if (/^[\w.-]+@[\w.-]+:(?!\/)/.test(url)) return true; // scp-like git@github.com:user/repo.git
  const beforeHash = url.split('#')[0] ?? url;
  return /^https?:/i.test(url) && /\.git\/?$/i.test(beforeHash);
}

/**
 * A purl `vcs_url` qualifier value: "git+<transport>://host/path#<commit>" (the form the purl spec
 * borrows from pip). scp-like "git@host:path" becomes "git+ssh://git@host/path".
 */
export function gitVcsUrl(url: string, commit: string | undefined): string {
  let u = url.split('#')[0] ?? url;
  const scp = /^([\w.-]+@)([\w.-]+):(?!\/)(.+)$/.exec(u);
  if (scp) u = `ssh://${scp[1]}${scp[2]}/${scp[3]}`;
  if (!/^git\+/i.test(u) && !/^git:/i.test(u)) u = `git+${u}`;
  return commit ? `${u}#${commit}` : u;
}

/** The fragment of a URL ("…#abc" → "abc"), if any. */
export function urlFragment(url: string): string | undefined {
  const i = url.indexOf('#');
  return i === -1 ? undefined : url.slice(i + 1);
}
