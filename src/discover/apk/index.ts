import type { Source } from '../source.js';
import { readText } from '../source.js';
import { osOfRoot, rootPrefix } from '../os/root.js';
import { extractApkInstalled, SOURCE_ID } from './extract.js';

export const DB_PATH = 'lib/apk/db/installed';
/** The packages the administrator asked for (`apk add` writes them here). */
export const WORLD = 'etc/apk/world';

/** Alpine's installed-package database at any depth (`<root>/lib/apk/db/installed`). */
export const source: Source = {
  id: SOURCE_ID,
  ecosystem: 'Alpine',
  description: "packages installed in an Alpine root filesystem (apk's lib/apk/db/installed), in the OSV ecosystem of its os-release",
  matches(path) {
    return rootPrefix(path, DB_PATH) !== undefined;
  },
  extract(path, repo) {
    const text = readText(repo, path);
    let prefix = rootPrefix(path, DB_PATH) ?? '';
    // a merged-/usr root keeps the database at usr/lib/apk/db/installed: its root is one level up
    if (prefix.endsWith('usr/') && !repo.has(`${prefix}${WORLD}`) && osOfRoot(repo, prefix) === undefined) prefix = prefix.slice(0, -4);
    const found = osOfRoot(repo, prefix);
    const world = repo.has(`${prefix}${WORLD}`) ? repo.read(`${prefix}${WORLD}`) : undefined;
    return extractApkInstalled({ file: path, text, ...(found ? { os: found.os, osFile: found.file } : {}), ...(world !== undefined ? { world } : {}) });
  },
};
