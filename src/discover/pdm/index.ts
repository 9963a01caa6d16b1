import type { Source } from '../source.js';
import { base, beside, inIgnoredDir, readText } from '../python/repo.js';
import { extractPdmLock, SOURCE_ID } from './extract.js';

export const source: Source = {
  id: SOURCE_ID,
  ecosystem: 'PyPI',
  description: "PDM's pdm.lock (lock_version 4), scope from the per-package groups or from the pyproject.toml beside it",
  matches: (path) => base(path) === 'pdm.lock' && !inIgnoredDir(path),
  extract(path, repo) {
    const pyproject = beside(repo, path, 'pyproject.toml');
    return extractPdmLock({ file: path, text: readText(repo, path), ...(pyproject ? { pyproject } : {}) });
  },
};
