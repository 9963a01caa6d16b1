import { posix } from 'node:path';
import type { RepoView, Source } from '../source.js';
import { readText } from '../source.js';
import { extractComposerJson, extractComposerLock, SOURCE_ID } from './extract.js';

const base = (p: string) => p.slice(p.lastIndexOf('/') + 1);
/** vendor/ is Composer's install folder: the packages' own composer.json files are not the project's. */
const inVendor = (p: string) => p.split('/').includes('vendor');


/** True when a composer.lock in a parent folder names this composer.json's package. */
function lockedAbove(path: string, text: string, repo: RepoView): boolean {
  const name = /"name"\s*:\s*("(?:[^"\\]|\\.)*")/.exec(text)?.[1];
  if (!name) return false;
  let dir = posix.dirname(posix.dirname(path));
  for (;;) {
    const lock = dir === '.' ? 'composer.lock' : `${dir}/composer.lock`;
    if (repo.has(lock) && (repo.read(lock) ?? '').includes(`"name": ${name}`)) return true;
    if (dir === '.' || dir === '/' || dir === '') return false;
    dir = posix.dirname(dir);
  }
}

export const source: Source = {
  id: SOURCE_ID,
  ecosystem: 'Packagist',
  description: "PHP Composer's composer.lock (packages / packages-dev), and composer.json where no lock is beside it",
  matches(path) {
    const b = base(path);
    return (b === 'composer.lock' || b === 'composer.json') && !inVendor(path);
  },
  extract(path, repo) {
    const dir = posix.dirname(path);
    if (base(path) === 'composer.json') {
      // the lock beside it is read instead (and takes this composer.json as its root)
      if (repo.has(posix.join(dir, 'composer.lock'))) return { components: [], findings: [] };
      const text = readText(repo, path);
      // a path package of a project higher up: that project's composer.lock lists it (and its dependencies)
      if (lockedAbove(path, text, repo)) return { components: [], findings: [] };
      return extractComposerJson(path, text);
    }
    const manifestPath = posix.join(dir, 'composer.json');
    const manifestText = repo.has(manifestPath) ? repo.read(manifestPath) : undefined;
    return extractComposerLock({ file: path, text: readText(repo, path), ...(manifestText !== undefined ? { manifest: { file: manifestPath, text: manifestText } } : {}) });
  },
};
