import type { Source } from '../source.js';
import { readText } from '../source.js';
import { extractNpmLock, SOURCE_ID } from './extract.js';

const LOCKFILE = /(^|\/)(package-lock|npm-shrinkwrap)\.json$/;

function dirPrefix(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i + 1);
}

export const source: Source = {
  id: SOURCE_ID,
  ecosystem: 'npm',
  description: 'npm lockfiles: package-lock.json and npm-shrinkwrap.json (lockfileVersion 1, 2 and 3)',

  matches(path: string): boolean {
    // node_modules/.package-lock.json is npm's cache of what is installed, not the project's lockfile
    return LOCKFILE.test(path) && !/(^|\/)node_modules\//.test(path);
  },

  extract(path, repo) {
    const text = readText(repo, path);
    const dir = dirPrefix(path);
    // npm uses npm-shrinkwrap.json and ignores package-lock.json when both are present
    if (path.endsWith('package-lock.json') && repo.has(`${dir}npm-shrinkwrap.json`)) {
      return {
        components: [],
        findings: [{
          rule: 'npm.shrinkwrap-precedence',
          severity: 'info',
          file: path,
          message: `npm installs from ${dir}npm-shrinkwrap.json and ignores this package-lock.json; the inventory is read from the shrinkwrap`,
          fix: 'Delete the package-lock.json that npm ignores, so that the repository says what it installs.',
        }],
      };
    }
    const manifestPath = `${dir}package.json`;
    const manifestText = repo.has(manifestPath) ? repo.read(manifestPath) : undefined;
    return extractNpmLock({
      file: path,
      text,
      ...(manifestText !== undefined ? { manifest: { file: manifestPath, text: manifestText } } : {}),
    });
  },
};
