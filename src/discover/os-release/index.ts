import type { Source } from '../source.js';
import { readText } from '../source.js';
import { OS_RELEASE_PATHS, rootPrefix } from '../os/root.js';
import { extractOsRelease, SOURCE_ID } from './extract.js';

/**
 * etc/os-release and usr/lib/os-release at any depth (a root filesystem can sit in a folder, e.g. rootfs/).
 * os-release(5): etc/os-release takes precedence, so usr/lib/os-release is read only when its root has no etc/os-release.
 */
export const source: Source = {
  id: SOURCE_ID,
  ecosystem: 'Linux',
  description: 'the operating system of a root filesystem in the repository (etc/os-release, usr/lib/os-release)',
  matches(path, repo) {
    if (rootPrefix(path, 'etc/os-release') !== undefined) return true;
    const prefix = rootPrefix(path, 'usr/lib/os-release');
    if (prefix === undefined) return false;
    return !(repo?.has(`${prefix}${OS_RELEASE_PATHS[0]}`) ?? false);
  },
  extract(path, repo) {
    const text = readText(repo, path);
    return extractOsRelease(path, text);
  },
};
