import type { Source } from '../source.js';
import { base, beside, inIgnoredDir, readText } from '../python/repo.js';
import { extractPoetryLock, SOURCE_ID } from './extract.js';

export const source: Source = {
  id: SOURCE_ID,
  ecosystem: 'PyPI',
  description: "Poetry's poetry.lock (lock-version 1.x and 2.x), with the pyproject.toml beside it for the dependency groups",
  matches: (path) => base(path) === 'poetry.lock' && !inIgnoredDir(path),
  extract(path, repo) {
    const pyproject = beside(repo, path, 'pyproject.toml');
    return extractPoetryLock({ file: path, text: readText(repo, path), ...(pyproject ? { pyproject } : {}) });
  },
};
