import { purlOf } from '../../util/purl.js';
import { clip } from '../../util/text.js';

/**
 * What a git reference pins, for the sources that fetch code from git (git submodules, west, CMake
 * FetchContent/ExternalProject/CPM). Shared by those sources so that one repository gets the same
 * identity whichever file names it.
 */
export type RefKind = 'commit' | 'tag' | 'branch';

/** Branch names that are never tags, whatever they look like. */
const BRANCHES = new Set(['main', 'master', 'develop', 'development', 'dev', 'trunk', 'head', 'latest', 'stable', 'next', 'nightly', 'release', 'default']);

/**
 * A full or abbreviated commit (7–40 hex, at least one letter or 40 long so that "1234567" stays a tag-like
 * number only when it is short and all digits).
 */
export function isCommit(ref: string): boolean {
  if (!/^[0-9a-f]{7,40}$/i.test(ref)) return false;
  return ref.length === 40 || /[a-f]/i.test(ref);
}

/**
 * A commit, a tag, or a branch. A tag is told from a branch by containing a digit (v1.2.3, release-1.2,
 * VER-2-13-0, 2024.01.15) and not being a known branch name; `refs/tags/x` is a tag and `refs/heads/x`
 * a branch. Git itself cannot tell without the remote; this is the usual convention.
 */
export function refKind(ref: string): RefKind {
  const r = ref.trim();
  if (r.startsWith('refs/tags/')) return 'tag';
  if (r.startsWith('refs/heads/') || r.startsWith('origin/')) return 'branch';
  if (isCommit(r)) return 'commit';
  if (BRANCHES.has(r.toLowerCase())) return 'branch';
  if (/^[a-z]+\/\S+$/i.test(r) && !/\d/.test(r.slice(0, r.indexOf('/')))) {
    // "feature/x", "release/1.2" — a branch path
    return 'branch';
  }
  return /\d/.test(r) ? 'tag' : 'branch';
}

/** The version a pinned ref names: a commit as-is (lower case), a tag without refs/tags/ and a leading "v" before a digit. */
export function versionOfRef(ref: string): string {
  let r = ref.trim();
  if (r.startsWith('refs/tags/')) r = r.slice('refs/tags/'.length);
  if (isCommit(r)) return r.toLowerCase();
  return /^[vV]\d/.test(r) ? r.slice(1) : r;
}

/** owner and repository of a GitHub URL (https, ssh, git@, with or without .git), else undefined. */
export function githubRepo(url: string): { owner: string; repo: string } | undefined {
  const m = /^(?:git\+)?(?:(?:https?|ssh|git):\/\/(?:[^@/]+@)?github\.com[:/]|git@github\.com:)([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+?)(?:\.git)?\/?$/.exec(url.trim());
  if (!m) return undefined;
  return { owner: m[1] as string, repo: m[2] as string };
}

/** The last path segment of a repository URL without ".git": "https://x/y/zlib.git" → "zlib". */
export function repoBaseName(url: string): string {
  const clean = url.trim().replace(/[?#].*$/, '').replace(/\/+$/, '').replace(/\.git$/, '');
  const seg = clean.slice(Math.max(clean.lastIndexOf('/'), clean.lastIndexOf(':')) + 1);
  return seg || clean || 'unknown';
}

/**
 * The purl of code fetched from git: `pkg:github/<owner>/<repo>@<ref>` for GitHub (the purl spec's github type,
 * which vulnerability databases match on), else `pkg:generic/<name>@<ref>?vcs_url=<url>`. `ref` is the tag or
 * commit as written (empty for a branch: a branch is no version).
 */
export function gitPurl(url: string, name: string, ref: string): string {
  const gh = githubRepo(url);
  if (gh) return purlOf('github', gh.owner, gh.repo, ref);
  return purlOf('generic', undefined, name.trim() || repoBaseName(url) || 'unknown', ref, { vcs_url: url ? `git+${url.replace(/^git\+/, '')}` : undefined });
}

export { clip };

/** "…/Foo-1.2.3.zip", "…/archive/v1.2.3.tar.gz", "…/archive/refs/tags/v1.2.3.zip" → "1.2.3"; else ''. */
export function versionFromUrl(url: string): string {
  const base = url.replace(/[?#].*$/, '').replace(/\/+$/, '');
  const file = base.slice(base.lastIndexOf('/') + 1).replace(/\.(zip|tar\.gz|tgz|tar\.bz2|tar\.xz|tar)$/i, '');
  const m = /(?:^|[-_ ]|^v)v?(\d+(?:\.\d+)+(?:[-+][0-9A-Za-z.]+)?)$/.exec(file);
  return m ? (m[1] as string) : '';
}
