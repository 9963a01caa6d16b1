import { posix } from 'node:path';
import { TureenError } from '../../model/errors.js';
import type { RepoView, Source } from '../source.js';
import { extractComposerJson, extractComposerLock, SOURCE_ID } from './extract.js';

const base = (p: string) => p.slice(p.lastIndexOf('/') + 1);
/** vendor/ is Composer's install folder: the packages' own composer.json files are not the project's. */
const inVendor = (p: string) => p.split('/').includes('vendor');

function read(repo: RepoView, path: string): string {
  const text = repo.read(path);
  if (text === undefined) {
    throw new TureenError({ code: 'input.unreadable', file: path, message: 'cannot read the file', fix: 'Check that the file exists and is readable.' });
  }
  return text;
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
      return extractComposerJson(path, read(repo, path));
    }
    const manifestPath = posix.join(dir, 'composer.json');
    const manifestText = repo.has(manifestPath) ? repo.read(manifestPath) : undefined;
    return extractComposerLock({ file: path, text: read(repo, path), ...(manifestText !== undefined ? { manifest: { file: manifestPath, text: manifestText } } : {}) });
  },
};
