import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { TureenError } from '../model/errors.js';

/** Write a file (text as UTF-8, or bytes) so that readers see either the old content or the new, never a part: temp file + fsync + rename. */
export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    const fd = openSync(tmp, 'wx', 0o644);
    try {
      const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
      // writeSync may write less than asked: loop until every byte is down
      for (let off = 0; off < bytes.byteLength;) off += writeSync(fd, bytes, off, bytes.byteLength - off);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new TureenError({ code: 'output.write', file: path, message: `cannot write the output (${(e as Error).message})`, fix: 'Check that the folder exists and is writable.', cause: e });
  }
}
