import { posix } from 'node:path';
import type { Source } from '../source.js';
import { readText } from '../source.js';
import { extractPnpmLock, SOURCE_ID } from './extract.js';

/** The repository-relative package.json of a folder given relative to the lockfile's folder, or undefined when it would leave the repository. */
export function manifestPath(lockfile: string, dir: string): string | undefined {
  const p = posix.normalize(posix.join(posix.dirname(lockfile), dir, 'package.json'));
  if (p.startsWith('../') || p === '..' || posix.isAbsolute(p)) return undefined;
  return p;
}

export const source: Source = {
  id: SOURCE_ID,
  ecosystem: 'npm',
  description: 'pnpm-lock.yaml (lockfileVersion 5.x, 6.0, 9.0): every installed package, scope from the importers (workspace packages)',
  matches: (path) => path === 'pnpm-lock.yaml' || path.endsWith('/pnpm-lock.yaml'),
  extract(path, repo) {
    const text = readText(repo, path);
    return extractPnpmLock(text, path, {
      manifest: (dir) => {
        const p = manifestPath(path, dir);
        return p !== undefined && repo.has(p) ? repo.read(p) : undefined;
      },
    });
  },
};
