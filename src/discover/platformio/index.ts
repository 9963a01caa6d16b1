import { TureenError } from '../../model/errors.js';
import type { Source } from '../source.js';
import { extractPlatformio, SOURCE_ID } from './extract.js';

const base = (p: string) => p.slice(p.lastIndexOf('/') + 1);

export const source: Source = {
  id: SOURCE_ID,
  ecosystem: 'PlatformIO',
  description: 'PlatformIO platformio.ini: per environment, the platform, platform_packages, framework and lib_deps',
  matches(path) {
    return base(path) === 'platformio.ini' && !path.split('/').some((s) => s === '.pio' || s === 'node_modules');
  },
  extract(path, repo) {
    const text = repo.read(path);
    if (text === undefined) throw new TureenError({ code: 'input.unreadable', file: path, message: 'cannot read the file', fix: 'Check that the file exists and is readable.' });
    return extractPlatformio({ file: path, text });
  },
};
