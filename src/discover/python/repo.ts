import { posix } from 'node:path';
import type { RepoView } from '../source.js';
export { readText } from '../source.js';

export const base = (p: string): string => p.slice(p.lastIndexOf('/') + 1);

/** Paths a Python source never reads: virtual environments, site-packages, tool caches. */
export function inIgnoredDir(p: string): boolean {
  return p.split('/').some((s) => s === 'site-packages' || s === '.venv' || s === 'venv' || s === '.tox' || s === '.nox' || s === '__pypackages__' || s === 'node_modules');
}

/** A file beside `path` (same folder), when the repository has it. */
export function beside(repo: RepoView, path: string, name: string): { file: string; text: string } | undefined {
  const dir = posix.dirname(path);
  const file = dir === '.' ? name : `${dir}/${name}`;
  const text = repo.has(file) ? repo.read(file) : undefined;
  return text === undefined ? undefined : { file, text };
}
