import { posix } from 'node:path';

/**
 * Does the relative path `rel`, taken from a file in folder `dir`, stay inside the repository? Absolute paths,
 * drive letters, URLs and anything that climbs above the root do not: a path from a hostile file never leaves it.
 */
export function insideRepo(dir: string, rel: string): boolean {
  if (rel.startsWith('/') || /^[a-z]:/i.test(rel) || /^[a-z]+:\/\//i.test(rel)) return false;
  const p = posix.normalize(posix.join(dir || '.', rel));
  return !(p === '..' || p.startsWith('../'));
}
