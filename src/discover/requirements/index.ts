import type { Source } from '../source.js';
import { inIgnoredDir, readText } from '../python/repo.js';
import { extractRequirements, isRequirementsFile, SOURCE_ID } from './extract.js';

export const source: Source = {
  id: SOURCE_ID,
  ecosystem: 'PyPI',
  description: 'pip requirements files (requirements*.txt, *-requirements.txt, requirements/*.txt) with their -r/-c includes',
  matches: (path) => isRequirementsFile(path) && !inIgnoredDir(path),
  extract(path, repo) {
    return extractRequirements({
      file: path,
      text: readText(repo, path),
      read: (p) => (repo.has(p) ? repo.read(p) : undefined),
      scannedAlone: (p) => isRequirementsFile(p) && !inIgnoredDir(p),
    });
  },
};
