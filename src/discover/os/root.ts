import { isTureenError } from '../../model/errors.js';
import type { RepoView } from '../source.js';
import { readOsRelease, type OsInfo } from './release.js';

/**
 * The root-filesystem prefix of a path that ends in `suffix` ("var/lib/dpkg/status" → "" or "rootfs/"),
 * or undefined when the path does not end in it at a folder boundary.
 */
export function rootPrefix(path: string, suffix: string): string | undefined {
  if (path === suffix) return '';
  if (path.endsWith(`/${suffix}`)) return path.slice(0, path.length - suffix.length);
  return undefined;
}

/** os-release(5): /etc/os-release takes precedence over /usr/lib/os-release; the two are never merged. */
export const OS_RELEASE_PATHS = ['etc/os-release', 'usr/lib/os-release'] as const;

/**
 * The OS of the root filesystem at `prefix`, read through the RepoView, with the file it came from; undefined when
 * the root has no os-release, or it cannot be read (the os-release source reports that file itself).
 */
export function osOfRoot(repo: RepoView, prefix: string): { os: OsInfo; file: string } | undefined {
  for (const rel of OS_RELEASE_PATHS) {
    const file = `${prefix}${rel}`;
    const text = repo.has(file) ? repo.read(file) : undefined;
    if (text === undefined) continue;
    try {
      return { os: readOsRelease(text, file), file };
    } catch (e) {
      if (isTureenError(e)) return undefined;
      throw e;
    }
  }
  return undefined;
}
