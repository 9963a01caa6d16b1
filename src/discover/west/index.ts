import type { Source } from '../source.js';
import { readText } from '../source.js';
import { extractWest, SOURCE_ID } from './extract.js';

const base = (p: string) => p.slice(p.lastIndexOf('/') + 1);
/** west.yml, and manifests named after it (west-frozen.yml, frozen-west.yml, west.resolved.yml …). */
const NAME = /^(?:.*[-_.])?west(?:[-_.].*)?\.ya?ml$/i;

export const source: Source = {
  id: SOURCE_ID,
  ecosystem: 'GIT',
  description: "Zephyr west manifests (west.yml): each project's repository at its revision",
  matches(path) {
    return NAME.test(base(path)) && !path.split('/').includes('node_modules');
  },
  extract(path, repo) {
    const text = readText(repo, path);
    // a YAML file merely named like a manifest (a CI workflow "west.yml") is not one: skip it quietly
    if (!/^manifest\s*:/m.test(text)) return { components: [], findings: [] };
    return extractWest({ file: path, text });
  },
};
