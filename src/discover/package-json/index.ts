import type { Source } from '../source.js';
import { readText } from '../source.js';
import { lockfileCovering } from './coverage.js';
import { extractPackageJson, SOURCE_ID } from './extract.js';

const isManifest = (p: string) => (p === 'package.json' || p.endsWith('/package.json')) && !p.split('/').includes('node_modules');

export const source: Source = {
  id: SOURCE_ID,
  ecosystem: 'npm',
  description: 'package.json that no lockfile covers: its declared dependencies, unresolved (exact pins keep their version)',
  matches: isManifest,
  extract(path, repo) {
    // a lockfile beside it, or an ancestor's lockfile whose workspaces include it, is the better source
    if (lockfileCovering(path, repo)) return { components: [], findings: [] };
    const text = readText(repo, path);
    return extractPackageJson({ file: path, text, manifests: { get: (p) => (isManifest(p) ? repo.read(p) : undefined) } });
  },
};
