import { posix } from 'node:path';
import type { Source } from '../source.js';
import { readText } from '../source.js';
import { extractConanfile, extractConanLock, parseConanfilePy, parseConanfileTxt, SOURCE_ID, type Declared } from './extract.js';

const base = (p: string) => p.slice(p.lastIndexOf('/') + 1);
const dirOf = (p: string) => (posix.dirname(p) === '.' ? '' : `${posix.dirname(p)}/`);
const NAMES = new Set(['conanfile.txt', 'conanfile.py', 'conan.lock']);


export const source: Source = {
  id: SOURCE_ID,
  ecosystem: 'ConanCenter',
  description: 'Conan: conan.lock (Conan 2 and Conan 1 lockfiles), else conanfile.txt / conanfile.py requirements (read, not run)',
  matches(path) {
    return NAMES.has(base(path)) && !path.split('/').some((s) => s === 'test_package' || s === 'node_modules');
  },
  extract(path, repo) {
    const dir = dirOf(path);
    if (base(path) === 'conan.lock') {
      let declared: Declared[] | undefined;
      const txt = repo.read(`${dir}conanfile.txt`);
      const py = repo.read(`${dir}conanfile.py`);
      if (py !== undefined) declared = parseConanfilePy(py).declared;
      else if (txt !== undefined) declared = parseConanfileTxt(txt);
      return extractConanLock({ file: path, text: readText(repo, path), ...(declared ? { declared } : {}) });
    }
    const lock = `${dir}conan.lock`;
    if (repo.has(lock)) {
      return {
        components: [],
        findings: [{
          rule: 'conan.lockfile-used',
          severity: 'info',
          message: `${lock} beside ${base(path)} holds the exact versions Conan installs; it was read instead`,
          file: path,
          fix: 'Keep conan.lock up to date (`conan lock create .`) whenever the requirements change.',
        }],
      };
    }
    return extractConanfile({ file: path, text: readText(repo, path) });
  },
};
