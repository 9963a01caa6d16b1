import type { Source } from '../source.js';
import { readText } from '../source.js';
import { extractCmake, SOURCE_ID } from './extract.js';

const base = (p: string) => p.slice(p.lastIndexOf('/') + 1);
/** CPM's own script (it defines CPMAddPackage and calls it with variables), and CMake's build trees. */
const SKIP_FILES = new Set(['cpm.cmake', 'get_cpm.cmake']);
const SKIP_DIRS = new Set(['_deps', 'CMakeFiles', 'node_modules', '.git']);

export const source: Source = {
  id: SOURCE_ID,
  ecosystem: 'GIT',
  description: 'CMake CMakeLists.txt / *.cmake: FetchContent_Declare, ExternalProject_Add and CPMAddPackage downloads (git or URL)',
  matches(path) {
    const b = base(path);
    if (b !== 'CMakeLists.txt' && !b.endsWith('.cmake')) return false;
    if (SKIP_FILES.has(b.toLowerCase()) || /^CPM_[\d.]+\.cmake$/i.test(b)) return false;
    return !path.split('/').some((s) => SKIP_DIRS.has(s) || s.startsWith('cmake-build-'));
  },
  extract(path, repo) {
    const text = readText(repo, path);
    return extractCmake({ file: path, text });
  },
};
