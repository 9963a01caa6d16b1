import type { Source } from '../source.js';
import { readText } from '../source.js';
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
    const text = readText(repo, path);
    return extractPlatformio({ file: path, text });
  },
};
