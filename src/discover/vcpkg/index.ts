import { posix } from 'node:path';
import { TureenError } from '../../model/errors.js';
import type { Source } from '../source.js';
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
    const text = repo.read(path);
    if (text === undefined) throw new TureenError({ code: 'input.unreadable', file: path, message: 'cannot read the file', fix: 'Check that the file exists and is readable.' });
    const dir = posix.dirname(path) === '.' ? '' : `${posix.dirname(path)}/`;
    const cfgFile = `${dir}vcpkg-configuration.json`;
    const cfg = repo.read(cfgFile);
    return extractVcpkg({ file: path, text, ...(cfg !== undefined ? { configuration: { file: cfgFile, text: cfg } } : {}) });
  },
};
