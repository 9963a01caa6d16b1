/**
 * pnpm's dependency paths ("depPaths"): the keys of a lockfile's `packages` / `snapshots` sections and
 * the references importers and packages make to them, in the three syntaxes pnpm has written:
 *
 *   v5.x  /name/1.2.3   /@scope/name/1.2.3_peer@1.0.0+@types+react@17.0.0   (peers after "_")
 *   v6.0  /name@1.2.3   /@scope/name@1.2.3(peer@1.0.0)(@types/react@17.0.0) (peers in parentheses)
 *   v9.0  name@1.2.3(peer@1.0.0)   name@https://host/x.tgz   name@git+https://host/x.git#sha   name@file:dir
 *
 * In v5/v6 a key without the leading "/" is a non-registry package (git, tarball, directory) whose
 * name and version are fields of its entry.
 *
 * Hand-written on purpose: pnpm's own `@pnpm/dependency-path` reads a single syntax per major version
 * (Tureen would need three copies of it) and brings pnpm's internals with it; this is the small part
 * of it a reader of lockfiles needs, following its `refToRelative` / `indexOfPeersSuffix` rules.
 */

export type Syntax = 'v5' | 'v6' | 'v9';

/** Index where a trailing "(peer@1.0.0)(other@2.0.0)" suffix starts, or -1 (v6/v9 syntax). */
export function indexOfPeersSuffix(depPath: string): number {
  if (!depPath.endsWith(')')) return -1;
  let open = 1;
  for (let i = depPath.length - 2; i >= 0; i--) {
    const ch = depPath[i];
    if (ch === '(') open--;
    else if (ch === ')') open++;
    else if (open === 0) return i + 1;
  }
  return -1;
}

/** The depPath without its peer suffix: the package itself, whatever peers it was resolved with. */
export function removePeersSuffix(depPath: string, syntax: Syntax): string {
  if (syntax === 'v5') {
    // "/name/1.0.0_peer@1.0.0", "/@scope/name/1.0.0_peer@1.0.0": the suffix starts at the first "_"
    // after the name (names may hold "_", versions may not).
    if (!depPath.startsWith('/')) return depPath;
    const first = depPath.indexOf('/', 1);
    const nameEnd = depPath.startsWith('/@') && first !== -1 ? depPath.indexOf('/', first + 1) : first;
    if (nameEnd === -1) return depPath;
    const us = depPath.indexOf('_', nameEnd + 1);
    return us === -1 ? depPath : depPath.slice(0, us);
  }
  const i = indexOfPeersSuffix(depPath);
  return i === -1 ? depPath : depPath.slice(0, i);
}

export interface ParsedKey {
  /** The key without its peer suffix. */
  base: string;
  /** True when the key itself names a registry package (name and exact version). */
  registry: boolean;
  /** Package name, when the key carries it (always in v9; for registry keys in v5/v6). */
  name?: string;
  /** Exact version for registry keys; for v9 non-registry keys, the reference after "name@". */
  version?: string;
}

/** Split "name@rest" where name may be scoped ("@scope/name@rest"); undefined when there is no such "@". */
function splitNameAt(s: string): { name: string; rest: string } | undefined {
  const at = s.indexOf('@', s.startsWith('@') ? 1 : 0);
  if (at <= 0) return undefined;
  return { name: s.slice(0, at), rest: s.slice(at + 1) };
}

/** A reference that is a plain version ("1.2.3", "1.0.0-rc.1+build"), not a URL, path or protocol. */
function looksLikeVersion(ref: string): boolean {
  return ref.length > 0 && !ref.includes(':') && !ref.includes('/');
}

/** Read what a `packages` / `snapshots` key says about the package it stands for. */
export function parseKey(key: string, syntax: Syntax): ParsedKey {
  const base = removePeersSuffix(key, syntax);
  if (syntax === 'v5') {
    // "/name/1.2.3", "/@scope/name/1.2.3": the version is the last segment, the name all before it
    if (!base.startsWith('/')) return { base, registry: false };
    const slash = base.lastIndexOf('/');
    const name = base.slice(1, slash);
    const version = base.slice(slash + 1);
    if (slash <= 1 || !name || name.endsWith('/') || !looksLikeVersion(version)) return { base, registry: false };
    return { base, registry: true, name, version };
  }
  if (syntax === 'v6' && !base.startsWith('/')) return { base, registry: false };
  const body = base.startsWith('/') ? base.slice(1) : base;
  const split = splitNameAt(body);
  if (!split || !split.name || split.name.endsWith('/')) return { base, registry: false };
  if (looksLikeVersion(split.rest)) return { base, registry: true, name: split.name, version: split.rest };
  // v9 "name@https://…", "name@git+…", "name@file:…": the name is real, the version is in the entry.
  return syntax === 'v9' ? { base, registry: false, name: split.name, version: split.rest } : { base, registry: false };
}

/**
 * The depPath a dependency reference points to ("1.2.3(peer@1)" under alias "foo" → "foo@1.2.3(peer@1)"),
 * or null for a `link:` (a folder, not a package of the lockfile).
 */
export function refToDepPath(ref: string, alias: string, syntax: Syntax): string | null {
  if (ref.startsWith('link:')) return null;
  if (syntax === 'v9') {
    if (ref.startsWith('@')) return ref;
    const at = ref.indexOf('@');
    if (at === -1) return `${alias}@${ref}`;
    const colon = ref.indexOf(':');
    const paren = ref.indexOf('(');
    if ((colon === -1 || at < colon) && (paren === -1 || at < paren)) return ref; // "real-name@1.0.0" (an alias)
    return `${alias}@${ref}`;
  }
  if (ref.startsWith('file:')) return ref;
  const paren = ref.indexOf('(');
  const plain = !ref.includes('/') || (paren !== -1 && ref.lastIndexOf('/', paren) === -1);
  if (plain) return syntax === 'v5' ? `/${alias}/${ref}` : `/${alias}@${ref}`;
  return ref;
}
