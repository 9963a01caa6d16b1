import { posix } from 'node:path';
import picomatch from 'picomatch';
import { parse as parseYaml } from 'yaml';
import type { RepoView } from '../source.js';
import { PnpmWorkspace, WorkspaceDecl } from './schema.js';

/** Lockfiles that pin the dependencies of the package.json in their folder (and of its workspaces). */
export const LOCKFILES = ['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lock', 'bun.lockb'] as const;

export interface Coverage {
  lockfile: string;
  /** 'folder': the lockfile is beside the manifest; 'workspace': an ancestor's lockfile whose workspaces include it. */
  via: 'folder' | 'workspace';
}

const dirOf = (p: string) => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '');
const join = (dir: string, name: string) => (dir ? `${dir}/${name}` : name);

/**
 * The lockfile that covers a package.json, if any: one in its own folder, or one in an ancestor folder
 * whose workspace declarations (package.json "workspaces", pnpm-workspace.yaml "packages") include the
 * manifest's folder. Only the repository view is read.
 */
export function lockfileCovering(manifestPath: string, repo: RepoView): Coverage | undefined {
  const dir = dirOf(manifestPath);
  const own = LOCKFILES.map((l) => join(dir, l)).find((p) => repo.has(p));
  if (own) return { lockfile: own, via: 'folder' };
  for (let a = dir; a !== ''; ) {
    a = dirOf(a);
    const lock = LOCKFILES.map((l) => join(a, l)).find((p) => repo.has(p));
    if (!lock) continue;
    const rel = a ? dir.slice(a.length + 1) : dir;
    if (inWorkspaces(rel, workspaceGlobs(a, repo))) return { lockfile: lock, via: 'workspace' };
  }
  return undefined;
}

/** The workspace globs declared in a folder, as strings; unreadable declarations count as none. */
export function workspaceGlobs(dir: string, repo: RepoView): string[] {
  const out: string[] = [];
  const strings = (xs: unknown[] | undefined) => (xs ?? []).filter((x): x is string => typeof x === 'string');
  const pkg = repo.read(join(dir, 'package.json'));
  if (pkg !== undefined) {
    try {
      const r = WorkspaceDecl.safeParse(JSON.parse(pkg.charCodeAt(0) === 0xfeff ? pkg.slice(1) : pkg));
      const ws = r.success ? r.data.workspaces : undefined;
      out.push(...strings(Array.isArray(ws) ? ws : ws?.packages));
    } catch {
      // a broken package.json is reported by the source that reads it
    }
  }
  const yaml = repo.read(join(dir, 'pnpm-workspace.yaml'));
  if (yaml !== undefined) {
    try {
      const r = PnpmWorkspace.safeParse(parseYaml(yaml));
      if (r.success) out.push(...strings(r.data.packages));
    } catch {
      // the pnpm source reports a broken pnpm-workspace.yaml
    }
  }
  return out;
}

/** Does the folder `rel` (relative to the workspace root) match the globs, negations ("!x") excluded? */
export function inWorkspaces(rel: string, globs: readonly string[]): boolean {
  const norm = (g: string) => posix.normalize(g.trim().replace(/^\.\//, '')).replace(/\/+$/, '');
  const positive = globs.filter((g) => !g.trim().startsWith('!')).map(norm);
  const negative = globs.filter((g) => g.trim().startsWith('!')).map((g) => norm(g.trim().slice(1)));
  const hit = (patterns: string[]) => patterns.some((p) => p !== '' && p !== '.' && picomatch.isMatch(rel, p, { dot: false }));
  return hit(positive) && !hit(negative);
}
