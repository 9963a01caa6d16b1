import { posix } from 'node:path';
import type { RepoView, Source } from '../source.js';
import { readText } from '../source.js';
import { extractCargoLock, SOURCE_ID } from './extract.js';
import { extractCargoManifest } from './manifest-only.js';

const base = (p: string) => p.slice(p.lastIndexOf('/') + 1);
const dirOf = (p: string) => (posix.dirname(p) === '.' ? '' : posix.dirname(p));

/** Folders whose files are not the project's: cargo's build output and crates `cargo vendor` copied in. */
function isForeign(path: string, has: (p: string) => boolean): boolean {
  const parts = path.split('/');
  if (parts.includes('target') || parts.includes('.cargo')) return true;
  return has(posix.join(posix.dirname(path), '.cargo-checksum.json'));
}

/** The Cargo.lock in the folder of `file` or the nearest one above it, if any. */
function lockAbove(file: string, repo: RepoView): string | undefined {
  for (let d = dirOf(file); ; d = dirOf(d)) {
    const lock = posix.join(d || '.', 'Cargo.lock');
    if (repo.has(lock)) return lock;
    if (d === '') return undefined;
  }
}

/** The nearest Cargo.toml above `file` that declares `[workspace]` (a cheap text check, then parsed by the reader). */
function workspaceRootAbove(file: string, repo: RepoView): { file: string; text: string } | undefined {
  if (dirOf(file) === '') return undefined;
  for (let d = dirOf(dirOf(file)); ; d = dirOf(d)) {
    const f = posix.join(d || '.', 'Cargo.toml');
    if (repo.has(f)) {
      const text = repo.read(f);
      if (text !== undefined && /^\s*\[workspace[\].]/m.test(text)) return { file: f, text };
    }
    if (d === '') return undefined;
  }
}


export const source: Source = {
  id: SOURCE_ID,
  ecosystem: 'crates.io',
  description: "Cargo.lock (versions 1–4) with the workspace's Cargo.toml files for normal, build and dev dependencies; a Cargo.toml no Cargo.lock covers lists its declared dependencies",
  matches(path, repo) {
    const b = base(path);
    const has = (p: string) => repo?.has(p) ?? false;
    if (b === 'Cargo.lock') return !isForeign(path, has);
    // a Cargo.toml counts on its own only when no Cargo.lock at or above its folder covers it
    return b === 'Cargo.toml' && repo !== undefined && !isForeign(path, has) && lockAbove(path, repo) === undefined;
  },
  extract(path, repo) {
    const text = readText(repo, path);
    if (base(path) === 'Cargo.toml') {
      const root = workspaceRootAbove(path, repo);
      return extractCargoManifest({ file: path, text, ...(root ? { workspaceRoot: root } : {}) });
    }
    const dir = dirOf(path);
    const prefix = dir === '' ? '' : `${dir}/`;
    const paths = repo.files.filter((f) => base(f) === 'Cargo.toml' && f.startsWith(prefix));
    return extractCargoLock({
      file: path,
      text,
      manifests: { paths, get: (f) => (base(f) === 'Cargo.toml' ? repo.read(f) : undefined) },
    });
  },
};
