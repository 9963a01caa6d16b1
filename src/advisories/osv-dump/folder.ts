import { lstat, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TureenError } from '../../model/errors.js';
import type { DumpEntry } from '../store/entry.js';
import { documentEntries } from './document.js';

/** Largest JSON file read from a folder (the same bound as a zip entry). */
export const DEFAULT_MAX_FILE_BYTES = 32 * 1024 * 1024;

/**
 * Every `*.json` under `dir` (a clone of github/advisory-database, an unzipped export), recursively, in name order.
 * Symbolic links are not followed (a link could lead out of the folder, or in a circle); `.git` is skipped. A file
 * over `maxFileBytes`, not UTF-8 or not JSON is yielded as a problem.
 */
export async function* readOsvFolder(dir: string, opts: { maxFileBytes?: number } = {}): AsyncGenerator<DumpEntry> {
  const max = opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const top = await lstat(dir).catch((e: NodeJS.ErrnoException) => {
    throw new TureenError({ code: 'input.unreadable', file: dir, message: `cannot read the folder (${e.code ?? e.message})`, fix: 'Check the path.', cause: e });
  });
  if (!top.isDirectory()) throw new TureenError({ code: 'usage', file: dir, message: 'not a folder', fix: 'Name a folder of OSV JSON files, a .zip export or a .json file.' });
  yield* walk(dir, max);
}

/** Depth first, in name order (a folder's files and subfolders interleaved, as `ls -R | sort` would list them). */
async function* walk(current: string, max: number): AsyncGenerator<DumpEntry> {
  const names = await readdir(current, { withFileTypes: true });
  names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const d of names) {
    const path = join(current, d.name);
    // readdir's types are lstat's: a symbolic link is neither a directory nor a file here
    if (d.isSymbolicLink()) continue;
    if (d.isDirectory()) {
      if (d.name !== '.git') yield* walk(path, max);
      continue;
    }
    if (!d.isFile() || !d.name.toLowerCase().endsWith('.json')) continue;
    const st = await lstat(path);
    if (!st.isFile()) continue;
    if (st.size > max) {
      yield* documentEntries(path, undefined, `the file is ${st.size} bytes, more than the ${max} Tureen reads`);
      continue;
    }
    let body: Buffer;
    try {
      body = await readFile(path);
    } catch (e) {
      yield* documentEntries(path, undefined, `cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
      continue;
    }
    // the file may have grown since lstat
    if (body.length > max) {
      yield* documentEntries(path, undefined, `the file is more than the ${max} bytes Tureen reads`);
      continue;
    }
    yield* documentEntries(path, body);
  }
}

/** One JSON file (an OSV record, or an array of them). */
export async function* readOsvFile(file: string, opts: { maxFileBytes?: number } = {}): AsyncGenerator<DumpEntry> {
  const max = opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const st = await lstat(file);
  if (st.size > max) {
    yield* documentEntries(file, undefined, `the file is ${st.size} bytes, more than the ${max} Tureen reads`);
    return;
  }
  yield* documentEntries(file, await readFile(file));
}
