import { posix } from 'node:path';
import type { ExtractResult, RepoView, Source } from '../source.js';
import { readText } from '../source.js';
import { extractBunLock, SOURCE_ID, type ManifestLookup } from './extract.js';

const base = (p: string) => p.slice(p.lastIndexOf('/') + 1);
const inNodeModules = (p: string) => p.split('/').includes('node_modules');

/** What to tell a user whose repository has only bun's binary lockfile. */
export const LOCKB_FIX =
  'Run `bun install --save-text-lockfile` (bun ≥ 1.1.39; the default from bun 1.2) to write the text lockfile bun.lock, commit it, and delete bun.lockb.';

export const source: Source = {
  id: SOURCE_ID,
  ecosystem: 'npm',
  description: "bun's text lockfile bun.lock (lockfileVersion 0–2, bun ≥ 1.1.39); a binary bun.lockb gets a warning",
  matches(path) {
    const b = base(path);
    return (b === 'bun.lock' || b === 'bun.lockb') && !inNodeModules(path);
  },
  extract(path, repo) {
    if (base(path) === 'bun.lockb') return extractLockb(path, repo);
    const text = readText(repo, path);
    return extractBunLock({ file: path, text, manifests: manifestsBelow(path, repo) });
  },
};

/** bun.lockb is a binary format that Tureen does not decode: say what to do instead. */
function extractLockb(path: string, repo: RepoView): ExtractResult {
  const dir = posix.dirname(path);
  const text = posix.join(dir, 'bun.lock');
  if (repo.has(text)) {
    return {
      components: [],
      findings: [{
        rule: 'bun.binary-lockfile',
        severity: 'info',
        message: `bun.lockb is bun's old binary lockfile; ${text} beside it was read instead`,
        file: path,
        fix: 'Delete bun.lockb once every developer and CI uses bun ≥ 1.2 and bun.lock.',
      }],
    };
  }
  return {
    components: [],
    findings: [{
      rule: 'bun.binary-lockfile',
      severity: 'warning',
      message: "bun.lockb is bun's binary lockfile, which Tureen cannot read: the packages it locks are not in this inventory",
      file: path,
      fix: LOCKB_FIX,
    }],
  };
}

/** Lazy lookup of the package.json files at or below the lockfile's folder (outside node_modules). */
function manifestsBelow(lockfile: string, repo: RepoView): ManifestLookup {
  const dir = posix.dirname(lockfile);
  const prefix = dir === '.' ? '' : `${dir}/`;
  return {
    get: (f) => (base(f) === 'package.json' && f.startsWith(prefix) && !inNodeModules(f) ? repo.read(f) : undefined),
  };
}
