import { posix } from 'node:path';
import { TureenError } from '../../model/errors.js';
import type { Source } from '../source.js';
import { extractCargoLock, SOURCE_ID } from './extract.js';

const base = (p: string) => p.slice(p.lastIndexOf('/') + 1);

/** Folders whose lockfiles are not the project's: cargo's build output and crates `cargo vendor` copied in. */
function isForeign(path: string, has: (p: string) => boolean): boolean {
  const parts = path.split('/');
  if (parts.includes('target') || parts.includes('.cargo')) return true;
  return has(posix.join(posix.dirname(path), '.cargo-checksum.json'));
}

export const source: Source = {
  id: SOURCE_ID,
  ecosystem: 'crates.io',
  description: "Cargo.lock (versions 1–4) with the workspace's Cargo.toml files for normal, build and dev dependencies",
  matches(path, repo) {
    return base(path) === 'Cargo.lock' && !isForeign(path, (p) => repo?.has(p) ?? false);
  },
  extract(path, repo) {
    const text = repo.read(path);
    if (text === undefined) {
      throw new TureenError({ code: 'input.unreadable', file: path, message: 'cannot read the file', fix: 'Check that the file exists and is readable.' });
    }
    const dir = posix.dirname(path);
    const prefix = dir === '.' ? '' : `${dir}/`;
    const paths = repo.files.filter((f) => base(f) === 'Cargo.toml' && f.startsWith(prefix));
    return extractCargoLock({
      file: path,
      text,
      manifests: { paths, get: (f) => (base(f) === 'Cargo.toml' ? repo.read(f) : undefined) },
    });
  },
};
