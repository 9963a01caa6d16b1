import { posix } from 'node:path';
import type { Source } from '../source.js';
import { readText } from '../source.js';
import { extractVcpkg, SOURCE_ID } from './extract.js';

const base = (p: string) => p.slice(p.lastIndexOf('/') + 1);
/** Port definitions (a vcpkg checkout, overlay ports) and install trees hold vcpkg.json files that are not the project's manifest. */
const SKIP_DIRS = new Set(['ports', 'vcpkg_installed', 'buildtrees', 'node_modules', '.git']);

export const source: Source = {
  id: SOURCE_ID,
  ecosystem: 'vcpkg',
  description: 'vcpkg manifest vcpkg.json (with vcpkg-configuration.json): dependencies, overrides and baselines',
  matches(path) {
    return base(path) === 'vcpkg.json' && !path.split('/').some((s) => SKIP_DIRS.has(s));
  },
  extract(path, repo) {
    const text = readText(repo, path);
    const dir = posix.dirname(path) === '.' ? '' : `${posix.dirname(path)}/`;
    const cfgFile = `${dir}vcpkg-configuration.json`;
    const cfg = repo.read(cfgFile);
    return extractVcpkg({ file: path, text, ...(cfg !== undefined ? { configuration: { file: cfgFile, text: cfg } } : {}) });
  },
};
