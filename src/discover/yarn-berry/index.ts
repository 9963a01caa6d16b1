import path from 'node:path';
import type { ExtractResult, RepoView } from '../source.js';
import type { TextFile } from '../yarn/manifest.js';
import { berryComponents, berryWorkspaces, parseBerryLock } from './extract.js';

/**
 * Read a yarn berry (v2–v4) lockfile and the package.json of each workspace it lists.
 *
 * There is no separate `source` for berry: both yarn flavours are named yarn.lock, so the `yarn`
 * source (../yarn/index.ts) reads every yarn.lock once, tells the flavour from its content and hands
 * berry files to this function. One file, one reader, one report; an unrecognisable yarn.lock is
 * reported once.
 */
export function readYarnBerry(file: string, text: string, repo: RepoView): ExtractResult {
  const lock = parseBerryLock(text, file);
  const dir = path.posix.dirname(file);
  const manifests = new Map<string, TextFile>();
  for (const ws of berryWorkspaces(lock)) {
    const p = path.posix.normalize(path.posix.join(dir, ws.path, 'package.json'));
    // a workspace path comes from the file: never read outside the scanned tree
    if (p.startsWith('../') || path.posix.isAbsolute(p) || !repo.has(p)) continue;
    const t = repo.read(p);
    if (t !== undefined) manifests.set(ws.path, { file: p, text: t });
  }
  return berryComponents(lock, manifests);
}
