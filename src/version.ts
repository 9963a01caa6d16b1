import { readFileSync } from 'node:fs';

/** Tureen's own name and version, from its package.json. */
export const TOOL = (() => {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { name: string; version: string };
  return { name: pkg.name, version: pkg.version };
})();
