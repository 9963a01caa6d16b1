import type { Source } from '../source.js';
import { base, beside, inIgnoredDir, readText } from '../python/repo.js';
import { extractPipfileLock, SOURCE_ID } from './extract.js';

export const source: Source = {
  id: SOURCE_ID,
  ecosystem: 'PyPI',
  description: "pipenv's Pipfile.lock (default → runtime, develop and other categories → development), with the Pipfile for direct dependencies",
  matches: (path) => base(path) === 'Pipfile.lock' && !inIgnoredDir(path),
  extract(path, repo) {
    const pipfile = beside(repo, path, 'Pipfile');
    return extractPipfileLock({ file: path, text: readText(repo, path), ...(pipfile ? { pipfile } : {}) });
  },
};
