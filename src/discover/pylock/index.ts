import type { Source } from '../source.js';
import { base, beside, inIgnoredDir, readText } from '../python/repo.js';
import { extractPylock, SOURCE_ID } from './extract.js';

/** PEP 751 file names: pylock.toml or pylock.<name>.toml (name without dots). */
export const PYLOCK_NAME = /^pylock\.(?:[^.]+\.)?toml$/;

export const source: Source = {
  id: SOURCE_ID,
  ecosystem: 'PyPI',
  description: 'PEP 751 lock files (pylock.toml, pylock.<name>.toml), scope from each package marker',
  matches: (path) => PYLOCK_NAME.test(base(path)) && !inIgnoredDir(path),
  extract(path, repo) {
    const pyproject = beside(repo, path, 'pyproject.toml');
    return extractPylock({ file: path, text: readText(repo, path), ...(pyproject ? { pyproject } : {}) });
  },
};
