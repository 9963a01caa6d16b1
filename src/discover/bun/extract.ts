import { posix } from 'node:path';
import semver from 'semver';
import type { Evidence, Hash, Origin } from '../../model/component.js';
import { malformed } from '../../model/errors.js';
import type { Finding } from '../../model/finding.js';
import { npmPlatform, prerequisiteProperties } from '../../model/prerequisites.js';
import { firstIssue } from '../../util/dict.js';
import { sriToHashes } from '../../util/hash.js';
import { npmPurl, rootName } from '../../util/purl.js';
import { DepGraph, nodeFinding, type EdgeKind } from '../graph.js';
import { mergeComponents } from '../merge.js';
import type { ExtractResult } from '../source.js';
import { parseJsonc, type ParsedJsonc } from './jsonc.js';
import { BunLock, BunPackageInfo, type BunWorkspace } from './schema.js';
import { clip } from '../../util/text.js';

export const SOURCE_ID = 'bun';

/** Newest lockfileVersion whose content this reader knows (bun 1.4 writes 2, same content as 1). */
export const KNOWN_LOCKFILE_VERSION = 2;

export interface BunLockInput {
  /** Repository-relative POSIX path of the bun.lock. */
  file: string;
  text: string;
  /**
   * package.json texts by repository-relative path, for what the lockfile does not record: the root
   * project's version and the version of `file:` folder dependencies. Missing ones leave the version empty.
   */
  manifests?: ManifestLookup;
}

/** Read access to package.json texts by repository-relative path. */
export interface ManifestLookup {
  get(path: string): string | undefined;
}

type Kind = 'npm' | 'remote-tarball' | 'local-tarball' | 'folder' | 'symlink' | 'workspace' | 'git' | 'github' | 'root';

interface Resolution {
  name: string;
  kind: Kind;
  /** npm: the version; tarball: URL or path; folder/symlink/workspace: path; git/github: the spec. */
  value: string;
}

/**
 * Read a bun.lock into components: one per installed package (per exact name@version and source), the
 * root project and workspaces as first-party roots, scope decided by reachability the way
 * `bun install --production` decides it (verified against real bun installs in ./fixtures).
 */
export function extractBunLock(input: BunLockInput): ExtractResult {
  const { file } = input;
  const parsed = parseJsonc(input.text, file);
  const res = BunLock.safeParse(parsed.value);
  if (!res.success) {
    const { path, message } = firstIssue(res.error);
    const issuePath = res.error.issues[0]?.path ?? [];
    throw malformed(file, `not a bun lockfile: ${path ? `${path}: ` : ''}${message}`, {
      line: lineOfIssue(parsed, issuePath),
      ...(path ? { key: path } : {}),
    });
  }
  const lock = res.data;
  const findings: Finding[] = [];
  const lineOf = (path: readonly (string | number)[]) => parsed.lineOf(path);
  const dir = posix.dirname(file) === '.' ? '' : posix.dirname(file);
  const manifests: ManifestLookup = input.manifests ?? new Map<string, string>();

  if (lock.lockfileVersion > KNOWN_LOCKFILE_VERSION) {
    findings.push({
      rule: 'bun.lockfile-version',
      severity: 'warning',
      message: `lockfileVersion ${lock.lockfileVersion} is newer than the versions Tureen knows (0–${KNOWN_LOCKFILE_VERSION}); it was read as version ${KNOWN_LOCKFILE_VERSION}`,
      file,
      line: lineOf(['lockfileVersion']) ?? 1,
      fix: 'Check the inventory of this lockfile by hand, and update Tureen.',
    });
  }

  const rootWs = lock.workspaces.get('');
  if (!rootWs) {
    throw malformed(file, 'not a bun lockfile: "workspaces" has no root entry ("")', { line: lineOf(['workspaces']), key: 'workspaces' });
  }

  const graph = new DepGraph();
  const evidence = (path: (string | number)[], key: string): Evidence[] => {
    const line = lineOf(path);
    return [{ file, ...(line !== undefined ? { line } : {}), key, source: SOURCE_ID }];
  };

  // ---- roots: the project and each workspace -------------------------------------------------
  const wsIdByPath = new Map<string, string>();
  const wsPathByName = new Map<string, string>();
  for (const [path, ws] of lock.workspaces) {
    const id = `w:${path}`;
    wsIdByPath.set(path, id);
    const manifest = readManifest(manifests, posix.join(dir, path, 'package.json'));
    let name = (ws.name && ws.name.trim()) || (path === '' ? rootName(file, manifest?.name) : manifest?.name ?? path);
    if (path !== '' && ws.name) wsPathByName.set(ws.name, path);
    const version = (ws.version ?? manifest?.version ?? '').trim();
    const exact = semver.valid(version) ? version : '';
    let purl: string;
    try {
      purl = npmPurl(name, exact);
    } catch {
      name = rootName(posix.join(dir, path || '.', 'bun.lock'));
      purl = npmPurl(name, exact);
    }
    graph.addNode(id, {
      key: purl,
      ecosystem: 'npm',
      name,
      version: exact,
      purl,
      licenses: [],
      hashes: [],
      origin: { type: 'workspace', ref: path === '' ? '.' : path },
      firstParty: true,
      evidence: evidence(['workspaces', path], `workspaces[${JSON.stringify(path)}]`),
    });
    graph.addRoot(id);
  }

  // ---- packages: one node per install path ----------------------------------------------------
  const packages = lock.packages ?? new Map<string, unknown[]>();
  /** install path (package key) → graph node id */
  const nodeOf = new Map<string, string>();
  const infoOf = new Map<string, BunPackageInfo>();

  for (const [key, entry] of packages) {
    const at = ['packages', key];
    const place = { line: lineOf(at), key: `packages[${JSON.stringify(key)}]` };
    const head = entry[0];
    if (typeof head !== 'string') throw malformed(file, 'a package entry must start with a "name@resolution" string', place);
    const r = parseResolution(head);
    if (!r) throw malformed(file, `cannot read the resolution "${clip(head)}"`, place);

    if (r.kind === 'workspace' || r.kind === 'root') {
      const wsPath = r.kind === 'root' ? '' : r.value;
      const id = wsIdByPath.get(wsPath);
      if (!id) {
        findings.push({
          rule: 'bun.unknown-workspace',
          severity: 'warning',
          message: `package "${clip(key)}" points to the workspace "${clip(wsPath)}", which the lockfile's "workspaces" does not list`,
          file,
          ...(place.line !== undefined ? { line: place.line } : {}),
          fix: 'Run `bun install` so that bun.lock matches the workspaces of package.json, and commit it.',
        });
        continue;
      }
      nodeOf.set(key, id);
      continue;
    }

    const layout = entryLayout(r.kind, entry, lock.lockfileVersion);
    if (typeof layout === 'string') throw malformed(file, layout, place);
    const infoRes = BunPackageInfo.safeParse(layout.info ?? {});
    if (!infoRes.success) {
      const { path, message } = firstIssue(infoRes.error);
      throw malformed(file, `package "${clip(key)}": ${path ? `${path}: ` : ''}${message}`, place);
    }
    infoOf.set(key, infoRes.data);

    let ident: ReturnType<typeof identify>;
    try {
      ident = identify(r, layout, dir, manifests);
    } catch {
      throw malformed(file, `the package name "${clip(r.name)}" cannot be identified`, place);
    }
    const id = `p:${key}`;
    nodeOf.set(key, id);
    // the package's os / cpu (libc) from its INFO object are its prerequisites; bun.lock keeps no engines
    const properties = prerequisiteProperties(npmPlatform(infoRes.data));
    graph.addNode(id, {
      key: ident.purl,
      ecosystem: 'npm',
      name: r.name,
      version: ident.version,
      purl: ident.purl,
      licenses: [],
      hashes: ident.hashes,
      origin: ident.origin,
      firstParty: false,
      evidence: evidence(at, place.key),
      ...(properties.length ? { properties } : {}),
    });
    if (!ident.version) {
      findings.push({
        rule: 'bun.version-unknown',
        severity: 'warning',
        message: `bun.lock does not record the version of "${clip(r.name)}" (${r.kind} "${clip(r.value)}"); a SOUP item needs an exact version`,
        file,
        ...(place.line !== undefined ? { line: place.line } : {}),
        item: ident.purl,
        fix: r.kind === 'folder' || r.kind === 'symlink'
          ? 'Keep the package.json of that folder in the repository (with its "version"), or depend on a registry version.'
          : 'Depend on a registry version, or name the tarball <name>-<version>.tgz.',
      });
    }
  }

  // ---- edges ------------------------------------------------------------------------------------
  const unresolved = (from: string, dep: string, line: number | undefined) =>
    findings.push({
      rule: 'bun.unresolved',
      severity: 'warning',
      message: `${from} depends on "${clip(dep)}", which bun.lock does not resolve`,
      file,
      ...(line !== undefined ? { line } : {}),
      fix: 'Run `bun install` so that bun.lock is complete, and commit it.',
    });

  for (const [path, ws] of lock.workspaces) {
    const from = wsIdByPath.get(path) as string;
    const prefix = path === '' ? undefined : ws.name;
    for (const [dep, kind] of declaredEdges(ws, true)) {
      const target =
        (prefix !== undefined ? nodeOf.get(`${prefix}/${dep}`) : undefined) ??
        nodeOf.get(dep) ??
        // a workspace named only in "workspaces" (v1+ writes no packages entry for an unused one)
        (wsPathByName.has(dep) ? wsIdByPath.get(wsPathByName.get(dep) as string) : undefined);
      if (target) graph.addEdge(from, target, kind);
      else if (kind !== 'optional') unresolved(path === '' ? 'the root project' : `workspace "${clip(path)}"`, dep, lineOf(['workspaces', path]));
    }
  }
  for (const [key, info] of infoOf) {
    const from = nodeOf.get(key) as string;
    for (const [dep, kind] of declaredEdges(info, false)) {
      const targetKey = findResolution(key, dep, nodeOf);
      const target = targetKey === undefined ? undefined : nodeOf.get(targetKey);
      if (target) graph.addEdge(from, target, kind);
      else if (kind !== 'optional') unresolved(`package "${clip(key)}"`, dep, lineOf(['packages', key]));
    }
  }

  const { components, unreachable } = graph.resolve({ unreachableScope: 'runtime' });
  for (const n of unreachable) {
    findings.push(nodeFinding(n, file, {
      rule: 'bun.unreachable',
      severity: 'info',
      message: `${clip(n.name)}@${n.version} is in bun.lock but no workspace depends on it; it is listed as runtime until bun.lock is refreshed`,
      fix: 'Run `bun install` to prune bun.lock, and commit it.',
    }));
  }

  const merged = mergeComponents(components);

  // patched dependencies are modified SOUP: say so on the item
  const patched = readPatched(parsed.value);
  for (const c of merged) {
    const patch = patched.get(`${c.name}@${c.version}`);
    if (patch === undefined || c.firstParty) continue;
    findings.push({
      rule: 'bun.patched',
      severity: 'info',
      message: `${clip(c.name)}@${c.version} is installed with the patch ${clip(patch)}: the shipped code differs from the published package`,
      file,
      line: lineOf(['patchedDependencies', `${c.name}@${c.version}`]) ?? 1,
      item: c.key,
      fix: 'Describe the patch in the SOUP record of this item and verify the patched behaviour.',
    });
  }
  return { components: merged, findings };
}

// ---------------------------------------------------------------------------------------------------

/** "name@resolution" → name and resolution kind, following bun's Resolution.fromTextLockfile. */
export function parseResolution(s: string): Resolution | undefined {
  const at = s.indexOf('@', 1);
  if (at <= 0) return undefined;
  const name = s.slice(0, at);
  const rest = s.slice(at + 1);
  if (!name || name === '@' || name.endsWith('/')) return undefined;
  if (rest.startsWith('root:')) return { name, kind: 'root', value: '' };
  if (rest.startsWith('link:')) return { name, kind: 'symlink', value: rest.slice(5) };
  if (rest.startsWith('workspace:')) return { name, kind: 'workspace', value: rest.slice(10) };
  if (rest.startsWith('file:')) return { name, kind: 'folder', value: rest.slice(5) };
  if (/^git\+|^git:\/\/|^ssh:\/\/|^git@/.test(rest)) return { name, kind: 'git', value: rest };
  if (rest.startsWith('github:')) return { name, kind: 'github', value: rest };
  if (/^https?:\/\//i.test(rest)) return { name, kind: 'remote-tarball', value: rest };
  if (/\.(tgz|tar\.gz|tar)$/i.test(rest)) return { name, kind: 'local-tarball', value: rest };
  if (semver.valid(rest)) return { name, kind: 'npm', value: rest };
  return undefined;
}

interface Layout {
  registry?: string;
  info?: unknown;
  integrity?: string;
  tag?: string;
}

/** Positions of the entry's parts for its kind; a string is the problem when the entry does not fit. */
function entryLayout(kind: Kind, e: unknown[], lockfileVersion: number): Layout | string {
  const str = (i: number) => (typeof e[i] === 'string' ? (e[i] as string) : undefined);
  const obj = (i: number) => e[i] !== null && typeof e[i] === 'object' && !Array.isArray(e[i]);
  switch (kind) {
    case 'npm':
      if (e.length < 4 || str(1) === undefined || !obj(2) || str(3) === undefined) {
        return 'an npm package entry must be [ "name@version", registry, { …info }, integrity ]';
      }
      return { registry: str(1) as string, info: e[2], integrity: str(3) as string };
    case 'git':
    case 'github':
      if (e.length < 3 || !obj(1) || str(2) === undefined) return `a ${kind} package entry must be [ "name@${kind === 'git' ? 'git+url' : 'github:owner/repo'}", { …info }, "<resolved tag>" ]`;
      return { info: e[1], tag: str(2) as string, ...(str(3) !== undefined ? { integrity: str(3) } : {}) };
    case 'remote-tarball':
    case 'local-tarball':
    case 'folder':
    case 'symlink':
      if (e.length < 2 || !obj(1)) return `a ${kind.replace('-', ' ')} package entry must be [ "name@…", { …info } ]`;
      return { info: e[1], ...(str(2) !== undefined ? { integrity: str(2) } : {}) };
    case 'workspace':
    case 'root':
      return lockfileVersion === 0 && obj(1) ? { info: e[1] } : {};
  }
}

function identify(r: Resolution, layout: Layout, dir: string, manifests: ManifestLookup): {
  version: string;
  purl: string;
  origin: Origin;
  hashes: Hash[];
} {
  const hashes = sriToHashes(layout.integrity);
  switch (r.kind) {
    case 'npm':
      return { version: r.value, purl: npmPurl(r.name, r.value), origin: { type: 'registry', ...(layout.registry ? { url: layout.registry } : {}) }, hashes };
    case 'remote-tarball': {
      const version = versionFromTarball(r.name, r.value);
      return { version, purl: npmPurl(r.name, version, { download_url: r.value }), origin: { type: 'tarball', url: r.value }, hashes };
    }
    case 'local-tarball': {
      const version = versionFromTarball(r.name, r.value);
      return { version, purl: npmPurl(r.name, version), origin: { type: 'tarball', ref: r.value }, hashes };
    }
    case 'folder':
    case 'symlink': {
      const m = r.kind === 'folder' ? readManifest(manifests, insideRepo(dir, r.value, 'package.json')) : undefined;
      const version = m?.version && semver.valid(m.version) ? m.version : '';
      return { version, purl: npmPurl(r.name, version), origin: { type: r.kind === 'folder' ? 'file' : 'link', ref: r.value }, hashes };
    }
    case 'git':
    case 'github': {
      const g = gitSource(r.kind, r.value, layout.tag ?? '');
      const vcs = `git+${g.url}${g.commit ? `#${g.commit}` : ''}`;
      return { version: g.commit, purl: npmPurl(r.name, g.commit, { vcs_url: vcs }), origin: { type: 'git', url: g.url, ...(g.commit ? { ref: g.commit } : {}) }, hashes };
    }
    default:
      return { version: '', purl: npmPurl(r.name, ''), origin: { type: 'unknown' }, hashes };
  }
}

/** Repository URL (without "git+") and the resolved commit of a git/github resolution. */
function gitSource(kind: 'git' | 'github', spec: string, tag: string): { url: string; commit: string } {
  const hash = spec.indexOf('#');
  const base = hash === -1 ? spec : spec.slice(0, hash);
  const ref = hash === -1 ? '' : spec.slice(hash + 1);
  const isSha = (s: string) => /^[0-9a-f]{7,64}$/i.test(s);
  if (kind === 'github') {
    const repo = base.slice('github:'.length).replace(/\.git$/, '');
    // bun's tag for github is "<owner>-<repo>-<short commit>"
    const last = tag.slice(tag.lastIndexOf('-') + 1);
    const commit = isSha(last) ? last : isSha(ref) ? ref : '';
    return { url: `https://github.com/${repo}.git`, commit: commit.toLowerCase() };
  }
  const url = base.replace(/^git\+/, '');
  const commit = isSha(tag) ? tag : isSha(ref) ? ref : '';
  return { url, commit: commit.toLowerCase() };
}

/** "…/left-pad-1.2.0.tgz" → "1.2.0" when the file name is <bare name>-<semver>.tgz, else "". */
export function versionFromTarball(name: string, location: string): string {
  const bare = name.includes('/') ? name.slice(name.lastIndexOf('/') + 1) : name;
  const path = location.split(/[?#]/)[0] ?? '';
  const base = path.slice(path.lastIndexOf('/') + 1);
  const m = /^(.*?)-(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)\.(?:tgz|tar\.gz|tar)$/i.exec(base);
  if (!m || m[1] !== bare) return '';
  return semver.valid(m[2] ?? '') ? (m[2] as string) : '';
}

/**
 * The dependencies a workspace or a package declares, one edge kind per name, the way bun installs
 * them: a name in optionalDependencies is optional even if also in dependencies; peers are installed
 * (and kept by --production) unless listed in optionalPeers; devDependencies only count for roots.
 * Checked against bun 1.4.5 (fixtures/peer-dev-optional).
 */
function declaredEdges(decl: BunWorkspace | BunPackageInfo, isRoot: boolean): Map<string, EdgeKind> {
  const out = new Map<string, EdgeKind>();
  const optionalPeers = new Set(decl.optionalPeers ?? []);
  const rank: Record<EdgeKind, number> = { optional: 0, prod: 1, peer: 2, dev: 3 };
  const put = (names: Map<string, string> | undefined, kind: EdgeKind) => {
    for (const name of names?.keys() ?? []) {
      const prev = out.get(name);
      if (prev === undefined || rank[kind] < rank[prev]) out.set(name, kind);
    }
  };
  put(decl.optionalDependencies, 'optional');
  put(decl.dependencies, 'prod');
  if (decl.peerDependencies) {
    put(new Map([...decl.peerDependencies].filter(([n]) => !optionalPeers.has(n))), 'peer');
  }
  if (isRoot) put(decl.devDependencies, 'dev');
  return out;
}

/**
 * The package key a dependency of the package at `pkgPath` resolves to: "<pkgPath>/<dep>", then each
 * parent install path, then "<dep>" at the top — bun's PkgMap.findResolution (scoped names count as one
 * path segment).
 */
export function findResolution(pkgPath: string, dep: string, known: ReadonlyMap<string, unknown>): string | undefined {
  const segs = pathSegments(pkgPath);
  for (let i = segs.length; i >= 0; i--) {
    const candidate = [...segs.slice(0, i), dep].join('/');
    if (known.has(candidate)) return candidate;
  }
  return undefined;
}

function pathSegments(path: string): string[] {
  const parts = path.split('/');
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i] as string;
    if (p.startsWith('@') && i + 1 < parts.length) {
      out.push(`${p}/${parts[i + 1] as string}`);
      i++;
    } else out.push(p);
  }
  return out;
}

/** A repository-relative path below the lockfile's folder, or undefined when it would leave the repository. */
function insideRepo(dir: string, rel: string, ...more: string[]): string | undefined {
  if (rel.startsWith('/') || /^[a-z]:/i.test(rel)) return undefined;
  const p = posix.normalize(posix.join(dir, rel, ...more));
  if (p.startsWith('../') || p === '..' || p.startsWith('/')) return undefined;
  return p;
}

function readManifest(manifests: ManifestLookup, path: string | undefined): { name?: string; version?: string } | undefined {
  if (path === undefined) return undefined;
  const text = manifests.get(path);
  if (text === undefined) return undefined;
  try {
    const v: unknown = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
    const o = v as Record<string, unknown>;
    return {
      ...(typeof o.name === 'string' ? { name: o.name } : {}),
      ...(typeof o.version === 'string' ? { version: o.version } : {}),
    };
  } catch {
    return undefined; // a broken package.json is the package-json source's to report
  }
}

function readPatched(value: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (!value || typeof value !== 'object') return out;
  const p = Object.getOwnPropertyDescriptor(value, 'patchedDependencies')?.value as unknown;
  if (!p || typeof p !== 'object' || Array.isArray(p)) return out;
  for (const k of Object.keys(p)) {
    const v = Object.getOwnPropertyDescriptor(p, k)?.value as unknown;
    if (typeof v === 'string') out.set(k, v);
  }
  return out;
}

function lineOfIssue(parsed: ParsedJsonc, path: readonly PropertyKey[]): number | undefined {
  // the deepest prefix of the issue's path that exists in the file
  const keys = path.filter((p): p is string | number => typeof p === 'string' || typeof p === 'number');
  for (let n = keys.length; n >= 0; n--) {
    const line = parsed.lineOf(keys.slice(0, n));
    if (line !== undefined) return line;
  }
  return 1;
}

