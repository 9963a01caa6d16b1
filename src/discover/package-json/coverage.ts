import { posix } from 'node:path';
import picomatch from 'picomatch';
import { parse as parseYaml } from 'yaml';
import type { RepoView } from '../source.js';
import { PnpmWorkspace, WorkspaceDecl } from './schema.js';

/** Lockfiles that pin the dependencies of the package.json in their folder (and of its workspaces). */
export const LOCKFILES = ['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lock', 'bun.lockb'] as const;

export interface Coverage {
  lockfile: string;
  /**
   * 'folder': the lockfile is beside the manifest; 'workspace': an ancestor's lockfile whose workspaces
   * include it; 'local-dependency': an ancestor's project (or one of its workspaces) depends on this folder
   * with a file:/link: spec, so that lockfile installs it and records its dependencies.
   */
  via: 'folder' | 'workspace' | 'local-dependency';
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
    const globs = workspaceGlobs(a, repo);
    if (inWorkspaces(rel, globs)) return { lockfile: lock, via: 'workspace' };
    // the project of that lockfile, or one of its workspaces, may install this folder as a local dependency
    const projects = [join(a, 'package.json'), ...repo.files.filter((f) => {
      if (!f.endsWith('/package.json') || f.split('/').includes('node_modules')) return false;
      const fdir = dirOf(f);
      return (a === '' || fdir.startsWith(`${a}/`)) && fdir !== a && inWorkspaces(a ? fdir.slice(a.length + 1) : fdir, globs);
    })];
    if (projects.some((p) => localDependencyDirs(p, repo).includes(dir))) return { lockfile: lock, via: 'local-dependency' };
  }
  return undefined;
}

/** Folders (repository-relative) that a package.json depends on through file:/link: specs or plain paths. */
export function localDependencyDirs(manifestPath: string, repo: RepoView): string[] {
  const text = repo.read(manifestPath);
  if (text === undefined) return [];
  let data: unknown;
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    return [];
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) return [];
  const dir = dirOf(manifestPath);
  const out: string[] = [];
  for (const section of ['dependencies', 'optionalDependencies', 'devDependencies', 'peerDependencies']) {
    const deps = Object.getOwnPropertyDescriptor(data, section)?.value as unknown;
    if (!deps || typeof deps !== 'object' || Array.isArray(deps)) continue;
    for (const name of Object.keys(deps)) {
      const spec = Object.getOwnPropertyDescriptor(deps, name)?.value as unknown;
      if (typeof spec !== 'string') continue;
      const m = /^(?:file:|link:)?(\.{1,2}\/.*|\.{1,2})$|^(?:file:|link:)([^/].*)$/.exec(spec.trim());
      const rel = m?.[1] ?? m?.[2];
      if (rel === undefined || /\.(tgz|tar\.gz|tar)$/i.test(rel)) continue;
      const p = posix.normalize(dir ? `${dir}/${rel}` : rel).replace(/\/+$/, '');
      if (p !== '..' && !p.startsWith('../') && !p.startsWith('/')) out.push(p === '.' ? '' : p);
    }
  }
  return out;
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
