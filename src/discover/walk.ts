import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { TureenError } from '../model/errors.js';
import type { RepoView } from './source.js';

/** Folders that never hold the device's own declarations: installed packages, VCS data, build output, caches. */
export const SKIPPED_DIRS: readonly string[] = [
  'node_modules', '.git', '.hg', '.svn', '.tureen', 'dist', 'build', 'out', '.next', '.nuxt', '.svelte-kit',
  'coverage', '.cache', '.parcel-cache', '.turbo', '.yarn', '.pnpm-store', 'bower_components',
];

/** Files larger than this are reported, not read: no lockfile is this big. */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;

export interface WalkOptions {
  /** Extra gitignore-style patterns (from the config or the command line). */
  exclude?: readonly string[];
}

/**
 * Every file below `root`, as sorted repository-relative POSIX paths, honouring `.gitignore` files at every level
 * (and `.git/info/exclude`), skipping SKIPPED_DIRS. Symbolic links are not followed, so a link cannot lead the walk
 * out of the repository or into a loop.
 */
export function walk(root: string, opts: WalkOptions = {}): string[] {
  let st;
  try {
    st = statSync(root);
  } catch (e) {
    throw new TureenError({ code: 'usage', file: root, message: 'this folder does not exist or cannot be read', fix: 'Give the path of the device repository to scan.', cause: e });
  }
  if (!st.isDirectory()) {
    throw new TureenError({ code: 'usage', file: root, message: 'not a folder', fix: 'Give the folder of the device repository (the one that holds its lockfiles), not a file.' });
  }
  const out: string[] = [];
  const base = ignore();
  if (opts.exclude?.length) base.add([...opts.exclude]);
  const infoExclude = readIfExists(join(root, '.git', 'info', 'exclude'));
  if (infoExclude) base.add(infoExclude);
  // Each level: the matchers of the folders above it, each with its own base folder.
  type Layer = { dir: string; ig: Ignore };
  const visit = (rel: string, layers: Layer[]) => {
    const abs = rel ? join(root, rel) : root;
    let entries: Dirent[];
    try {
      entries = readdirSync(abs, { withFileTypes: true });
    } catch {
      return; // unreadable folder: nothing to find there
    }
    const gi = readIfExists(join(abs, '.gitignore'));
    const here = gi ? [...layers, { dir: rel, ig: ignore().add(gi) }] : layers;
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const ent of entries) {
      const childRel = rel ? `${rel}/${ent.name}` : ent.name;
      const isDir = ent.isDirectory();
      if (!isDir && !ent.isFile()) continue; // symlinks, sockets, devices
      if (isDir && SKIPPED_DIRS.includes(ent.name)) continue;
      if (isIgnored(childRel, isDir, here)) continue;
      if (isDir) visit(childRel, here);
      else out.push(childRel);
    }
  };
  const isIgnored = (rel: string, isDir: boolean, layers: Layer[]) => {
    const test = isDir ? `${rel}/` : rel;
    if (base.ignores(test)) return true;
    for (const l of layers) {
      const sub = l.dir ? test.slice(l.dir.length + 1) : test;
      if (sub && l.ig.ignores(sub)) return true;
    }
    return false;
  };
  visit('', []);
  return out;
}

function readIfExists(p: string): string | undefined {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
}

/** A RepoView over a folder on disk: reads lazily, once, through a cache. */
export function diskRepo(root: string, files: readonly string[]): RepoView & { readOrThrow(path: string): string } {
  const set = new Set(files);
  const cache = new Map<string, string | undefined>();
  const absOf = (p: string) => join(root, ...p.split('/'));
  const checkSize = (p: string, abs: string) => {
    const size = statSync(abs).size;
    if (size > MAX_FILE_BYTES) {
      throw new TureenError({ code: 'input.too-large', file: p, message: `file is ${Math.round(size / 1048576)} MiB, more than Tureen reads (${MAX_FILE_BYTES / 1048576} MiB)`, fix: 'Exclude it in tureen.config.yaml (scan.exclude) if it is not a lockfile.' });
    }
  };
  const load = (p: string): string => {
    const abs = absOf(p);
    checkSize(p, abs);
    return readFileSync(abs, 'utf8');
  };
  return {
    files,
    has: (p) => set.has(p),
    bytes(p) {
      if (!set.has(p)) return undefined;
      try {
        const abs = absOf(p);
        checkSize(p, abs);
        return readFileSync(abs);
      } catch {
        return undefined;
      }
    },
    head(p, n = 4096) {
      if (!set.has(p)) return undefined;
      const hit = cache.get(p);
      if (hit !== undefined) return hit.slice(0, n);
      let fd: number | undefined;
      try {
        fd = openSync(absOf(p), 'r');
        const buf = Buffer.alloc(n);
        const got = readSync(fd, buf, 0, n, 0);
        return buf.subarray(0, got).toString('utf8');
      } catch {
        return undefined;
      } finally {
        if (fd !== undefined) closeSync(fd);
      }
    },
    size(p) {
      if (!set.has(p)) return undefined;
      try {
        return statSync(absOf(p)).size;
      } catch {
        return undefined;
      }
    },
    abs: (p) => (set.has(p) ? absOf(p) : undefined),
    read(p) {
      if (!set.has(p)) return undefined;
      if (!cache.has(p)) {
        try {
          cache.set(p, load(p));
        } catch {
          cache.set(p, undefined);
        }
      }
      return cache.get(p);
    },
    readOrThrow(p) {
      const hit = cache.get(p);
      if (hit !== undefined) return hit;
      try {
        const text = load(p);
        cache.set(p, text);
        return text;
      } catch (e) {
        if (e instanceof TureenError) throw e;
        throw new TureenError({ code: 'input.unreadable', file: p, message: `cannot read the file (${(e as Error).message})`, fix: 'Check the file exists and is readable by this user.', cause: e });
      }
    },
  };
}
