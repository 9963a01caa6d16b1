import { posix } from 'node:path';
import { isTureenError } from '../../model/errors.js';
import type { RepoView, Source } from '../source.js';
import { readText } from '../source.js';
import { extractGoMod, SOURCE_ID, type GoModInput } from './extract.js';
import { parseModLines } from './modfile.js';

const base = (p: string) => p.slice(p.lastIndexOf('/') + 1);
const dirOf = (p: string) => (posix.dirname(p) === '.' ? '' : posix.dirname(p));

/** go.mod files Go itself ignores: in vendor/ (copies) and testdata/ (test inputs), and in the module cache. */
function ignored(path: string): boolean {
  const parts = path.split('/').slice(0, -1);
  return parts.some((p) => p === 'vendor' || p === 'testdata' || p.startsWith('_') || (p.startsWith('.') && p !== '.' && p !== '..')) || path.includes('pkg/mod/');
}

export const source: Source = {
  id: SOURCE_ID,
  ecosystem: 'Go',
  description: 'go.mod with go.sum (and the go.work that uses it): the main module, the standard library and every required module',
  matches(path) {
    return base(path) === 'go.mod' && !ignored(path);
  },
  extract(path, repo) {
    const text = readText(repo, path);
    const sumFile = posix.join(dirOf(path) || '.', 'go.sum');
    const sumText = repo.read(sumFile);
    const workspace = findWorkspace(path, repo);
    const vendorFile = posix.join(dirOf(path) || '.', 'vendor/modules.txt');
    const vendorText = repo.read(vendorFile);
    return extractGoMod({
      file: path,
      text,
      ...(sumText !== undefined ? { sum: { file: sumFile, text: sumText } } : {}),
      ...(workspace ? { workspace } : {}),
      ...(vendorText !== undefined ? { vendor: { file: vendorFile, text: vendorText } } : {}),
    });
  },
};

/**
 * The go.work in the go.mod's folder or the nearest one above it (as the go command finds it), when its `use`
 * lists this module's folder; with the module path of every module it uses.
 */
function findWorkspace(modFile: string, repo: RepoView): GoModInput['workspace'] | undefined {
  const modDir = dirOf(modFile);
  for (let d = modDir; ; d = dirOf(d)) {
    const f = posix.join(d || '.', 'go.work');
    const text = repo.has(f) ? repo.read(f) : undefined;
    if (text !== undefined) {
      let lines;
      try {
        lines = parseModLines(text, f);
      } catch (e) {
        if (isTureenError(e)) return undefined; // the go.work's own problem; the go.mod is still read alone
        throw e;
      }
      const uses = lines.filter((l) => l.verb === 'use' && l.args[0] !== undefined).map((l) => normal(d, l.args[0] as string));
      if (!uses.includes(modDir)) return undefined;
      const modules = new Map<string, string>();
      for (const u of uses) {
        if (u === undefined) continue;
        const path = modulePathOf(repo.read(posix.join(u || '.', 'go.mod')), u);
        if (path !== undefined) modules.set(path, u);
      }
      return { file: f, text, modules };
    }
    if (d === '') return undefined;
  }
}

function normal(dir: string, rel: string): string | undefined {
  if (rel.startsWith('/') || /^[A-Za-z]:/.test(rel)) return undefined;
  const p = posix.normalize(posix.join(dir || '.', rel.replace(/\\/g, '/')));
  if (p === '..' || p.startsWith('../')) return undefined;
  return p === '.' ? '' : p.replace(/\/$/, '');
}

function modulePathOf(text: string | undefined, dir: string): string | undefined {
  if (text === undefined) return undefined;
  try {
    return parseModLines(text, posix.join(dir || '.', 'go.mod')).find((l) => l.verb === 'module')?.args[0];
  } catch (e) {
    if (isTureenError(e)) return undefined; // reported when that go.mod itself is read
    throw e;
  }
}
