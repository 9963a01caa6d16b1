import type { Source } from '../source.js';
import { base, inIgnoredDir, readText } from '../python/repo.js';
import { extractUvLock, SOURCE_ID } from './extract.js';

export const source: Source = {
  id: SOURCE_ID,
  ecosystem: 'PyPI',
  description: "uv's uv.lock (version 1): the project and workspace members as roots, scope from their dependency groups",
  matches: (path) => base(path) === 'uv.lock' && !inIgnoredDir(path),
  extract: (path, repo) => extractUvLock({ file: path, text: readText(repo, path) }),
};
