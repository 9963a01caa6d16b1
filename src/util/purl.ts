import { PackageURL } from 'packageurl-js';

/**
 * The purl of an npm package. Scoped names go to the purl namespace ("@scope"), per the purl spec;
 * git/tarball/file origins add vcs_url / download_url qualifiers so they are distinct identities.
 */
export function npmPurl(name: string, version: string, qualifiers?: Record<string, string>): string {
  let namespace: string | undefined;
  let bare = name;
  if (name.startsWith('@') && name.includes('/')) {
    const slash = name.indexOf('/');
    namespace = name.slice(0, slash);
    bare = name.slice(slash + 1);
  }
  return new PackageURL('npm', namespace, bare, version || undefined, qualifiers && Object.keys(qualifiers).length ? qualifiers : undefined, undefined).toString();
}

/**
 * Name of a root project for the inventory: its declared name, else the folder that holds its
 * manifest or lockfile (repository-relative), else "root".
 */
export function rootName(lockfilePath: string, declared?: string): string {
  if (declared && declared.trim()) return declared.trim();
  const dir = lockfilePath.includes('/') ? lockfilePath.slice(0, lockfilePath.lastIndexOf('/')) : '';
  return dir || 'root';
}

/**
 * A purl of any type, built with packageurl-js (which percent-encodes each part). `namespace` is the part
 * before the last slash for types that have one (maven group, golang module path prefix, github owner …).
 */
export function purlOf(type: string, namespace: string | undefined, name: string, version: string | undefined, qualifiers?: Record<string, string | undefined>, subpath?: string): string {
  const q: Record<string, string> = {};
  for (const [k, v] of Object.entries(qualifiers ?? {})) if (v !== undefined && v !== '') q[k] = v;
  return new PackageURL(type, namespace || undefined, name, version || undefined, Object.keys(q).length ? q : undefined, subpath || undefined).toString();
}
