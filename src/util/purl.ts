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
