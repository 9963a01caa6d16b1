import type { Hash } from '../../model/component.js';
import { hexHash } from '../../util/hash.js';
import { purlOf } from '../../util/purl.js';
import { clip } from '../../util/text.js';

/** A PEP 508 distribution name (before normalisation): letters/digits, inner runs of `.`, `_`, `-`. */
export const NAME_RE = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/;

/** True when `name` is a valid PEP 508 distribution name. */
export function isValidName(name: string): boolean {
  return name.length <= 200 && NAME_RE.test(name);
}

/** PEP 503 normalisation: lower case, every run of `-`, `_`, `.` becomes one `-` (the name OSV and the purl use). */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/**
 * The purl of a PyPI distribution: `pkg:pypi/<normalised>@<version>`, with `vcs_url` / `download_url` qualifiers
 * for packages installed from git or a URL (they are not the registry's package of that name and version).
 */
export function pypiPurl(name: string, version: string, qualifiers?: Record<string, string | undefined>): string {
  return purlOf('pypi', undefined, normalizeName(name), version || undefined, qualifiers);
}

/** "sha256:<hex>" (pip, uv, poetry) to a Hash; undefined for unknown algorithms or bad digests. */
export function pipHash(s: string | undefined): Hash | undefined {
  if (!s) return undefined;
  const colon = s.indexOf(':');
  const eq = s.indexOf('=');
  const cut = colon > 0 ? colon : eq > 0 ? eq : -1;
  if (cut <= 0) return undefined;
  const alg = ALGS.get(s.slice(0, cut).toLowerCase());
  return alg ? hexHash(alg, s.slice(cut + 1).trim()) : undefined;
}

/** A `{ sha256 = "…" }` table (PEP 751 hashes) to Hash[]. */
export function hashTable(t: ReadonlyMap<string, string> | undefined): Hash[] {
  const out: Hash[] = [];
  for (const [alg, hex] of t ?? []) {
    const a = ALGS.get(alg.toLowerCase());
    const h = a ? hexHash(a, hex) : undefined;
    if (h) out.push(h);
  }
  return out;
}

const ALGS = new Map<string, Hash['alg']>([
  ['md5', 'MD5'],
  ['sha1', 'SHA-1'],
  ['sha256', 'SHA-256'],
  ['sha384', 'SHA-384'],
  ['sha512', 'SHA-512'],
  ['sha3_256', 'SHA3-256'],
  ['sha3_512', 'SHA3-512'],
  ['blake2b', 'BLAKE2b-512'],
]);

export { clip };

/**
 * The version in a wheel or sdist file name (`name-1.2.3-py3-none-any.whl`, `name-1.2.3.tar.gz`, `name-1.2.3.zip`)
 * when the file name starts with the distribution's name; '' otherwise.
 */
export function versionFromFilename(name: string, location: string): string {
  const path = location.split(/[?#]/)[0] ?? '';
  const base = decodeURIComponentSafe(path.slice(path.lastIndexOf('/') + 1));
  const want = normalizeName(name);
  let m = /^([^-]+)-([^-]+)-.*\.whl$/i.exec(base);
  if (!m) m = /^(.+)-([0-9][^-]*?)\.(?:tar\.gz|tar\.bz2|tar\.xz|zip|tgz|tar)$/i.exec(base);
  if (!m || normalizeName(m[1] ?? '') !== want) return '';
  return m[2] ?? '';
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** A git URL as pip/uv/poetry write it, split: `git+https://host/x.git@ref#frag` → url, ref. */
export function splitVcsUrl(spec: string): { url: string; ref: string } {
  let s = spec.replace(/^git\+/, '');
  const hash = s.indexOf('#');
  if (hash !== -1) s = s.slice(0, hash);
  // the ref follows the last '@' after the path starts (not the user@ of ssh://git@host)
  const schemeEnd = s.indexOf('://');
  const pathStart = schemeEnd === -1 ? 0 : s.indexOf('/', schemeEnd + 3);
  const at = s.lastIndexOf('@');
  if (pathStart !== -1 && at > pathStart) return { url: s.slice(0, at), ref: s.slice(at + 1) };
  return { url: s, ref: '' };
}

/** True for a full git commit id (40 hex, or 64 for sha-256 repositories). */
export function isCommit(ref: string | undefined): boolean {
  return !!ref && /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i.test(ref);
}
