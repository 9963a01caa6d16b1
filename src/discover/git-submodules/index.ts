import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, posix } from 'node:path';
import type { Source } from '../source.js';
import { readText } from '../source.js';
import { extractGitmodules, parseGitmodules, SOURCE_ID } from './extract.js';

const base = (p: string) => p.slice(p.lastIndexOf('/') + 1);

/** Run git without a shell; stdout, or undefined when git fails or is missing. */
function git(cwd: string, args: string[]): string | undefined {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 15_000, maxBuffer: 16 * 1024 * 1024 });
  } catch {
    return undefined;
  }
}

/**
 * The gitlink commits HEAD records for these paths: `git ls-tree -z HEAD -- <paths>` lines
 * "160000 commit <sha>\t<path>". Undefined when `cwd` is not in a git work tree or has no HEAD.
 */
export function pinnedCommits(cwd: string, paths: string[]): Map<string, string> | undefined {
  if (!paths.length) return new Map();
  // literal pathspecs: a path written in .gitmodules is a path, never pathspec magic such as ":(glob)"
  const out = git(cwd, ['--literal-pathspecs', '-c', 'core.quotepath=off', 'ls-tree', '-z', 'HEAD', '--', ...paths]);
  if (out === undefined) return undefined;
  const map = new Map<string, string>();
  for (const rec of out.split('\0')) {
    const m = /^160000 commit ([0-9a-f]{40,64})\t(.+)$/.exec(rec);
    if (m) map.set(m[2] as string, m[1] as string);
  }
  return map;
}

export const source: Source = {
  id: SOURCE_ID,
  ecosystem: 'GIT',
  description: 'git submodules: .gitmodules, with the commit HEAD pins for each (git ls-tree) and its exact tag when checked out',
  matches(path) {
    return base(path) === '.gitmodules';
  },
  extract(path, repo, ctx) {
    const text = readText(repo, path);
    const dir = posix.dirname(path) === '.' ? '' : posix.dirname(path);
    const root = ctx?.root;
    if (!root) return extractGitmodules({ file: path, text, noCommitsReason: 'the repository was not scanned from a folder on disk, so git could not be asked' });
    const cwd = join(root, dir);
    const paths = parseGitmodules(text, path).flatMap((s) => (s.path ? [s.path.replace(/^\.\//, '').replace(/\/+$/, '')] : []));
    const commits = pinnedCommits(cwd, paths);
    if (!commits) return extractGitmodules({ file: path, text, noCommitsReason: 'the scanned folder is not a git repository with a commit (git ls-tree HEAD failed)' });
    const tags = new Map<string, string>();
    for (const [p, commit] of commits) {
      const sub = join(cwd, p);
      if (!existsSync(join(sub, '.git'))) continue;
      const tag = git(sub, ['describe', '--tags', '--exact-match', commit])?.trim();
      if (tag) tags.set(p, tag);
    }
    return extractGitmodules({ file: path, text, commits, tags });
  },
};
