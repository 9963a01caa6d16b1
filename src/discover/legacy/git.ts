import { execFileSync } from 'node:child_process';

/**
 * The few git queries the branch-2 source needs, run with execFileSync (no shell) in the scanned folder.
 * Each returns undefined when git is missing or the folder is not in a git work tree.
 */
function git(root: string, args: string[], maxBuffer = 256 * 1024 * 1024): string | undefined {
  try {
    return execFileSync('git', ['-c', 'core.quotepath=off', ...args], { cwd: root, encoding: 'utf8', maxBuffer, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
}

export function isGitWorkTree(root: string): boolean {
  return git(root, ['rev-parse', '--is-inside-work-tree'])?.trim() === 'true';
}

/** Per file (relative to `root`): the author times (Unix seconds) of its first and last commit. */
export interface FileSpan {
  first: number;
  last: number;
  commits: number;
}

/** One `git log` over the whole history, parsed into first/last author time per path (paths relative to root). */
export function fileSpans(root: string): Map<string, FileSpan> | undefined {
  const out = git(root, ['log', '--format=%x00%at', '--name-only', '--no-renames', '--relative', '--', '.']);
  if (out === undefined) return undefined;
  const spans = new Map<string, FileSpan>();
  for (const block of out.split('\u0000')) {
    if (!block) continue;
    const nl = block.indexOf('\n');
    const t = Number(nl === -1 ? block : block.slice(0, nl));
    if (!Number.isFinite(t)) continue;
    for (const f of (nl === -1 ? '' : block.slice(nl + 1)).split('\n')) {
      if (!f) continue;
      const s = spans.get(f);
      if (!s) spans.set(f, { first: t, last: t, commits: 1 });
      else {
        if (t < s.first) s.first = t;
        if (t > s.last) s.last = t;
        s.commits++;
      }
    }
  }
  return spans;
}

/** `git blame` of one file at HEAD: how many lines, and how many were authored before `before` (Unix seconds). */
export function blameAges(root: string, file: string, before: number): { lines: number; older: number } | undefined {
  const out = git(root, ['blame', '--line-porcelain', 'HEAD', '--', file], 64 * 1024 * 1024);
  if (out === undefined) return undefined;
  let lines = 0;
  let older = 0;
  for (const m of out.matchAll(/^author-time (\d+)$/gm)) {
    lines++;
    if (Number(m[1]) < before) older++;
  }
  return { lines, older };
}

/** The newest commit that touched a path: the exact identity of legacy code (short hash), or undefined. */
export function lastCommit(root: string, path: string): { hash: string; time: number } | undefined {
  const out = git(root, ['log', '-1', '--format=%H %at', '--', path])?.trim();
  if (!out) return undefined;
  const [hash, time] = out.split(' ');
  return hash ? { hash, time: Number(time) } : undefined;
}
