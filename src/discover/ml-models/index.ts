import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import type { RepoSource, RepoView } from '../source.js';
import { ECOSYSTEM, extractModels, SOURCE_ID, type ModelRepo } from './extract.js';

export { source as hubSource } from './hub.js';

const CHUNK = 1 << 20;

/** SHA-256 of a file on disk, streamed in 1 MiB chunks (model files can be many GB). */
export function sha256File(abs: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(abs, 'r');
    const h = createHash('sha256');
    const buf = Buffer.alloc(CHUNK);
    for (;;) {
      const n = readSync(fd, buf, 0, CHUNK, null);
      if (n === 0) break;
      h.update(buf.subarray(0, n));
    }
    return h.digest('hex');
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function headOf(abs: string, n: number): Uint8Array | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(abs, 'r');
    const buf = Buffer.alloc(n);
    const got = readSync(fd, buf, 0, n, 0);
    return buf.subarray(0, got);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The RepoView as the model reader needs it: from disk when the repository is on disk, else from memory. */
export function modelRepo(repo: RepoView): ModelRepo {
  return {
    files: repo.files,
    size: (p) => repo.size(p),
    head(p, n) {
      const abs = repo.abs(p);
      if (abs) return headOf(abs, n);
      return repo.bytes(p)?.subarray(0, n);
    },
    sha256(p) {
      const abs = repo.abs(p);
      if (abs) return sha256File(abs);
      const b = repo.bytes(p);
      return b ? createHash('sha256').update(b).digest('hex') : undefined;
    },
  };
}

export const repoSource: RepoSource = {
  id: SOURCE_ID,
  ecosystem: ECOSYSTEM,
  description: 'machine-learning model files (ONNX, PyTorch, safetensors, TFLite, Keras/HDF5, SavedModel, GGUF, Core ML, pickles) by the SHA-256 of their content; Git LFS pointers by their oid',
  extractRepo: (repo) => extractModels(modelRepo(repo)),
};
