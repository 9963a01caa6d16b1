/**
 * npm lockfiles (package-lock.json, npm-shrinkwrap.json; lockfileVersion 1, 2 and 3) → components.
 *
 * Hand-written on purpose. npm's own reader (@npmcli/arborist) loads a project from disk,
 * asynchronously, with its whole dependency tree of packages; lockfile parsers such as
 * snyk-nodejs-lockfile-parser build their own graph without install locations or line numbers.
 * Tureen needs a pure, synchronous text → components function with the line of every entry and
 * names kept as data. What it mirrors from npm, and where:
 *  - a package's name: the entry's `name`, else the last `node_modules/<name>` of its location;
 *  - module resolution (arborist Shrinkwrap#resolveMetaNode): `<loc>/node_modules/<dep>`, then upwards;
 *  - edge types (arborist Node#loadDeps): peer, peerOptional, prod, optional, and dev for top folders;
 *  - dev/optional flags (arborist calc-dep-flags): reachability from the root without dev edges /
 *    without optional edges; a package only an optional peer edge reaches is not installed;
 *  - v1 entries (arborist Shrinkwrap#metaFromLock): aliases, git and file specs in `version`, and
 *    tarball versions guessed from file names.
 */
import { posix } from 'node:path';
import type { Evidence, Scope } from '../../model/component.js';
import { malformed, TureenError } from '../../model/errors.js';
import type { Finding } from '../../model/finding.js';
import { firstIssue } from '../../util/dict.js';
import { sriToHashes } from '../../util/hash.js';
import { parseJson } from '../../util/json.js';
import { licensesFrom } from '../../util/license.js';
import { npmPlatform, prerequisiteProperties } from '../../model/prerequisites.js';
import { LineIndex } from '../../util/lines.js';
import { npmPurl, rootName } from '../../util/purl.js';
import { DepGraph, type EdgeKind, type NodeData } from '../graph.js';
import { mergeComponents, strongerScope } from '../merge.js';
import type { ExtractResult } from '../source.js';
import { workspaceMatcher as globMatcher } from './glob.js';
import { JsonKeys } from './jsonkeys.js';
import { Lockfile, Manifest, PackageEntry, V1Entry } from './schema.js';
import {
  gitSource, isGitSpec, isTarballPath, nameFromFolder, parseAlias, sourceFromResolved, stripCredentials,
  versionFromTgz, type SourceInfo,
} from './spec.js';

export const SOURCE_ID = 'npm';

export interface NpmLockInput {
  /** repository-relative POSIX path of package-lock.json or npm-shrinkwrap.json */
  file: string;
  text: string;
  /** the package.json beside the lockfile, when there is one (root name; root edges of a v1 lockfile) */
  manifest?: { file: string; text: string };
}

/** npm never nests this deep; a deeper v1 tree is treated as malformed rather than walked. */
const MAX_V1_DEPTH = 256;
/** Upper bound on the folders tried when resolving one dependency (node_modules levels of a location). */
const MAX_RESOLVE_STEPS = 512;

const REGENERATE = 'Regenerate the lockfile with npm (`npm install --package-lock-only`) and commit it unedited.';

/**
 * An edge as npm types it. `peerOptional` (a peer dependency marked optional in peerDependenciesMeta)
 * counts as optional for scope, but, as in npm, it alone does not make a package part of the tree:
 * npm prunes a package that only an optional peer edge reaches.
 */
type NpmEdgeKind = EdgeKind | 'peerOptional';

interface Edge {
  to: string;
  kind: NpmEdgeKind;
}

/** What both lockfile shapes produce before the graph decides direct dependencies and paths. */
interface Built {
  nodes: Map<string, NodeData>;
  edges: Map<string, Edge[]>;
  roots: string[];
  scopes: Map<string, Scope>;
}

class Ctx {
  readonly findings: Finding[] = [];
  readonly lines: LineIndex;
  /** How deep keys are indexed: v2/v3 look up only top-level keys and the `packages` entries (depth 2);
   * v1 down to the deepest entry Tureen reads. Set before the first look-up. */
  keyDepth = 2 * MAX_V1_DEPTH + 8;
  private keyIndex: JsonKeys | undefined;
  constructor(readonly file: string, readonly text: string) {
    this.lines = new LineIndex(text);
  }
  /** Built on first use: indexing every key of a large lockfile is a large share of the extract's time. */
  get keys(): JsonKeys {
    this.keyIndex ??= new JsonKeys(this.text, this.keyDepth);
    return this.keyIndex;
  }
  lineAt(offset: number | undefined): number | undefined {
    return offset === undefined ? undefined : this.lines.lineAt(offset);
  }
  evidence(offset: number | undefined, key: string): Evidence {
    const line = this.lineAt(offset);
    return { file: this.file, ...(line !== undefined ? { line } : {}), key, source: SOURCE_ID };
  }
  finding(f: Omit<Finding, 'file'> & { line?: number | undefined }): void {
    const { line, ...rest } = f;
    this.findings.push({ ...rest, file: this.file, ...(line !== undefined ? { line } : {}) });
  }
}

/**
 * Read an npm lockfile (package-lock.json or npm-shrinkwrap.json, lockfileVersion 1, 2 or 3) into
 * one component per installed package and exact version. Pure: text in, components out.
 */
export function extractNpmLock(input: NpmLockInput): ExtractResult {
  const raw = parseJson(input.text, input.file);
  const ctx = new Ctx(input.file, input.text);
  const top = Lockfile.safeParse(raw);
  if (!top.success) {
    const { path, message } = firstIssue(top.error);
    const head = path.split('.')[0] ?? '';
    throw malformed(
      input.file,
      `not an npm lockfile: ${path || 'top level'}: ${message}`,
      { key: path || undefined, line: ctx.lineAt(ctx.keys.find(-1, head)) ?? 1 },
      'Point Tureen at a package-lock.json or npm-shrinkwrap.json written by npm; regenerate it if it was edited by hand.',
    );
  }
  const lock = top.data;
  const manifest = readManifest(input.manifest, ctx);

  let built: Built;
  if (lock.lockfileVersion >= 2 && lock.packages) {
    if (lock.lockfileVersion > 3) {
      ctx.finding({
        rule: 'npm.lockfile-version',
        severity: 'info',
        message: `lockfileVersion ${lock.lockfileVersion} is newer than the versions Tureen knows (1-3); it was read as version 3.`,
        line: ctx.lineAt(ctx.keys.find(-1, 'lockfileVersion')),
        fix: 'Check the inventory of this file by hand, and report the new lockfile version to the Tureen maintainers.',
      });
    }
    ctx.keyDepth = 2;
    built = fromPackages(lock.packages, lock, manifest, ctx);
  } else if (lock.dependencies || lock.lockfileVersion === 1) {
    built = fromV1(lock.dependencies ?? new Map(), lock, manifest, ctx);
  } else {
    throw malformed(input.file, `lockfileVersion ${lock.lockfileVersion} without a "packages" map`, {
      key: 'packages',
      line: ctx.lineAt(ctx.keys.find(-1, 'lockfileVersion')) ?? 1,
    }, REGENERATE);
  }

  const graph = new DepGraph();
  for (const [id, data] of built.nodes) graph.addNode(id, data);
  for (const [from, list] of built.edges) for (const e of list) graph.addEdge(from, e.to, e.kind === 'peerOptional' ? 'optional' : e.kind);
  for (const r of built.roots) graph.addRoot(r);
  const { components } = graph.resolve({ scopeOf: (id) => built.scopes.get(id) });
  return { components: mergeComponents(components), findings: ctx.findings };
}

function readManifest(m: NpmLockInput['manifest'], ctx: Ctx): Manifest | undefined {
  if (!m) return undefined;
  let json: unknown;
  try {
    json = parseJson(m.text, m.file);
  } catch (e) {
    const why = e instanceof TureenError ? e.message : String(e);
    ctx.findings.push({
      rule: 'npm.manifest-unreadable', severity: 'warning', file: m.file,
      message: `the package.json beside ${ctx.file} could not be read (${why}); the root project's name and (for a v1 lockfile) its direct dependencies come from the lockfile alone`,
      fix: 'Fix the JSON of package.json.',
    });
    return undefined;
  }
  const r = Manifest.safeParse(json);
  if (!r.success) {
    const { path, message } = firstIssue(r.error);
    ctx.findings.push({
      rule: 'npm.manifest-unreadable', severity: 'warning', file: m.file,
      message: `package.json has an unexpected ${path || 'shape'} (${message}); it was not used`,
      fix: 'Make package.json valid for npm (`npm pkg fix`).',
    });
    return undefined;
  }
  return r.data;
}

function scopeFromFlags(f: { dev?: boolean | undefined; optional?: boolean | undefined; devOptional?: boolean | undefined }): Scope {
  // npm's flags: dev (and dev+optional) is left out by --omit=dev; optional and devOptional are kept by it
  if (f.dev) return 'development';
  if (f.optional || f.devOptional) return 'optional';
  return 'runtime';
}

function quote(key: string): string {
  return JSON.stringify(key);
}

function label(name: string, version: string): string {
  return version ? `${name}@${version}` : name;
}

/** Folder of a repository-relative file ('' for the repository root). */
function dirOf(file: string): string {
  const i = file.lastIndexOf('/');
  return i < 0 ? '' : file.slice(0, i);
}

/** A folder named in the lockfile, relative to the repository (string arithmetic only, never opened). */
function joinFolder(dir: string, folder: string): string {
  if (folder === '' || folder === '.') return dir || '.';
  return posix.normalize(dir ? `${dir}/${folder}` : folder);
}

/** The location npm would search next after `loc` (its parent package folder, or the folder above). */
function parentLocation(loc: string): string | undefined {
  if (loc === '') return undefined;
  const nm = loc.lastIndexOf('node_modules/');
  if (nm === 0) return '';
  if (nm > 0 && loc[nm - 1] === '/') return loc.slice(0, nm - 1);
  const slash = loc.lastIndexOf('/');
  return slash < 0 ? '' : loc.slice(0, slash);
}

/**
 * Where `name` required from the package at `loc` is installed: `<loc>/node_modules/<name>`, then the
 * same from each folder above, as node and npm resolve modules.
 */
function resolveLocation(has: (loc: string) => boolean, loc: string, name: string): string | undefined {
  let path: string | undefined = loc;
  for (let steps = 0; path !== undefined && steps < MAX_RESOLVE_STEPS; steps++) {
    const check = `${path}${path ? '/' : ''}node_modules/${name}`;
    if (has(check)) return check;
    path = parentLocation(path);
  }
  return undefined;
}

/** Name of the package a `node_modules/...` location holds (the last `node_modules/<name>` segment). */
function nameFromLocation(loc: string): string | undefined {
  const i = loc.lastIndexOf('node_modules/');
  if (i < 0 || (i > 0 && loc[i - 1] !== '/')) return undefined;
  return loc.slice(i + 'node_modules/'.length);
}

function isInsideNodeModules(loc: string): boolean {
  return loc.startsWith('node_modules/') || loc.includes('/node_modules/');
}

function normalizeFolder(resolved: string): string {
  let f = resolved.replace(/\\/g, '/');
  if (/^file:/i.test(f)) f = f.slice(5);
  while (f.startsWith('./')) f = f.slice(2);
  while (f.length > 1 && f.endsWith('/')) f = f.slice(0, -1);
  return f === '.' ? '' : f;
}

function workspaceMatcher(ws: PackageEntry['workspaces']): (folder: string) => boolean {
  return globMatcher(Array.isArray(ws) ? ws : ws?.packages ?? []);
}

/** A NodeData, or undefined (with a finding) when the entry cannot make a valid package URL. */
function makeNode(
  ctx: Ctx,
  p: { name: string; version: string; source: SourceInfo; integrity?: string | undefined; license?: unknown; firstParty: boolean; evidence: Evidence; platform?: PackageEntry },
): NodeData | undefined {
  let purl: string;
  try {
    purl = npmPurl(p.name, p.version, p.firstParty ? undefined : p.source.qualifiers);
  } catch (e) {
    ctx.finding({
      rule: 'npm.invalid-entry', severity: 'warning',
      message: `${p.evidence.key ?? 'an entry'}: package name ${quote(p.name)} cannot be identified (${e instanceof Error ? e.message : String(e)}); the entry was skipped`,
      line: p.evidence.line,
      fix: REGENERATE,
    });
    return undefined;
  }
  return {
    key: purl,
    ecosystem: 'npm',
    name: p.name,
    version: p.version,
    purl,
    licenses: licensesFrom(p.license),
    hashes: sriToHashes(p.integrity),
    origin: p.source.origin,
    firstParty: p.firstParty,
    evidence: [p.evidence],
    ...(p.platform ? { properties: prerequisiteProperties(npmPlatform(p.platform)) } : {}),
  };
}

function reach(starts: readonly string[], edges: Map<string, Edge[]>, kinds: ReadonlySet<NpmEdgeKind>): Set<string> {
  const seen = new Set<string>(starts);
  const queue = [...starts];
  for (let i = 0; i < queue.length; i++) {
    for (const e of edges.get(queue[i] as string) ?? []) {
      if (kinds.has(e.kind) && !seen.has(e.to)) {
        seen.add(e.to);
        queue.push(e.to);
      }
    }
  }
  return seen;
}

// ---------------------------------------------------------------------------------------------
// lockfileVersion 2 and 3: the `packages` map
// ---------------------------------------------------------------------------------------------

function fromPackages(rawPackages: Map<string, unknown>, lock: Lockfile, manifest: Manifest | undefined, ctx: Ctx): Built {
  const pkgOffset = ctx.keys.find(-1, 'packages');
  const entryOffset = (loc: string) => ctx.keys.find(pkgOffset, loc);
  const entries = new Map<string, PackageEntry>();
  for (const [loc, value] of rawPackages) {
    const r = PackageEntry.safeParse(value);
    if (!r.success) {
      const { path, message } = firstIssue(r.error);
      throw malformed(ctx.file, `packages[${quote(loc)}]${path ? `.${path}` : ''}: ${message}`, {
        key: `packages[${quote(loc)}]${path ? `.${path}` : ''}`,
        line: ctx.lineAt(entryOffset(loc)) ?? 1,
      }, REGENERATE);
    }
    entries.set(loc, r.data);
  }

  const root: PackageEntry = entries.get('') ?? {};
  const isWorkspace = workspaceMatcher(root.workspaces);
  const lockDir = dirOf(ctx.file);

  // a link entry stands for its target folder's entry; follow a few hops at most (a loop is malformed data)
  const target = (loc: string): string => {
    let cur = loc;
    for (let hops = 0; hops < 8; hops++) {
      const e = entries.get(cur);
      if (!e?.link) return cur;
      const t = normalizeFolder(e.resolved ?? '');
      if (t === cur || !entries.has(t)) return cur;
      cur = t;
    }
    return cur;
  };

  const nodes = new Map<string, NodeData>();
  const workspaces: string[] = [];
  const flagScopes = new Map<string, Scope>();
  const entryKey = (loc: string) => `packages[${quote(loc)}]`;

  for (const [loc, e] of entries) {
    if (e.link) {
      const t = normalizeFolder(e.resolved ?? '');
      if (entries.has(t) && t !== loc) continue; // the target's own entry is the package
      // a link to a folder the lockfile does not describe: npm installs whatever is there
      const name = nameFromLocation(loc) ?? nameFromFolder(loc);
      const node = makeNode(ctx, {
        name, version: '', firstParty: false,
        source: { origin: { type: 'link', ref: joinFolder(lockDir, t) }, qualifiers: { download_url: `file:${t}` } },
        evidence: ctx.evidence(entryOffset(loc), entryKey(loc)),
      });
      if (node) {
        nodes.set(loc, node);
        flagScopes.set(loc, scopeFromFlags(e));
        ctx.finding({
          rule: 'npm.link-target-missing', severity: 'warning',
          message: `${entryKey(loc)} links to ${quote(t)}, which the lockfile does not describe: its name and version are unknown`,
          line: node.evidence[0]?.line, item: node.key,
          fix: 'Run `npm install` so that the lockfile records the linked folder, or record the package by hand.',
        });
      }
      continue;
    }

    const top = loc === '' || !isInsideNodeModules(loc);
    const evidence = ctx.evidence(entryOffset(loc), entryKey(loc));
    let node: NodeData | undefined;
    if (loc === '') {
      const name = root.name || lock.name || manifest?.name || rootName(ctx.file);
      const version = root.version || lock.version || manifest?.version || '';
      node = makeNode(ctx, {
        name, version, license: e.license, firstParty: true, evidence,
        source: { origin: { type: 'workspace', ref: lockDir || '.' }, qualifiers: {} },
      });
    } else if (top) {
      // a folder of the project: a workspace, or the target of a `file:` folder dependency
      const ws = isWorkspace(loc);
      if (ws) workspaces.push(loc);
      const name = e.name ?? nameFromFolder(loc);
      node = makeNode(ctx, {
        name, version: e.version ?? '', license: e.license, integrity: e.integrity, firstParty: ws, evidence,
        source: ws
          ? { origin: { type: 'workspace', ref: joinFolder(lockDir, loc) }, qualifiers: {} }
          : { origin: { type: 'link', ref: joinFolder(lockDir, loc) }, qualifiers: { download_url: `file:${loc}` } },
      });
    } else {
      const name = e.name ?? nameFromLocation(loc) ?? '';
      if (name === '') {
        ctx.finding({
          rule: 'npm.invalid-entry', severity: 'warning',
          message: `${entryKey(loc)} has no package name; the entry was skipped`,
          line: evidence.line, fix: REGENERATE,
        });
        continue;
      }
      let source = sourceFromResolved(e.resolved);
      // bundled packages come inside their parent's tarball, from wherever its author took them
      if (e.inBundle && e.resolved === undefined) source = { origin: { type: 'unknown' }, qualifiers: {} };
      if (e.version === undefined || e.version === '') {
        ctx.finding({
          rule: 'npm.unknown-version', severity: 'warning',
          message: `${entryKey(loc)} (${name}) records no version`,
          line: evidence.line, fix: REGENERATE,
        });
      }
      node = makeNode(ctx, {
        name, version: e.version ?? '', license: e.license, integrity: e.integrity, firstParty: false, evidence, source, platform: e,
      });
    }
    if (!node) continue;
    nodes.set(loc, node);
    flagScopes.set(loc, loc === '' ? 'runtime' : scopeFromFlags(e));
  }

  // edges, in npm's order (arborist Node#loadDeps: peer, peerOptional, prod, optional, then dev for
  // top-level folders only); a later kind replaces an earlier one for the same name
  const edges = new Map<string, Edge[]>();
  const has = (l: string) => entries.has(l);
  for (const [loc, e] of entries) {
    if (e.link || !nodes.has(loc)) continue;
    const kinds = new Map<string, NpmEdgeKind>();
    for (const [name] of e.peerDependencies ?? []) kinds.set(name, e.peerDependenciesMeta?.get(name)?.optional ? 'peerOptional' : 'peer');
    for (const [name] of e.dependencies ?? []) kinds.set(name, 'prod');
    for (const [name] of e.optionalDependencies ?? []) kinds.set(name, 'optional');
    const top = loc === '' || !isInsideNodeModules(loc);
    if (top) for (const [name] of e.devDependencies ?? []) kinds.set(name, 'dev');
    const list: Edge[] = [];
    for (const [name, kind] of kinds) {
      const at = resolveLocation(has, loc, name);
      const to = at === undefined ? undefined : target(at);
      if (to === undefined || !nodes.has(to)) {
        if (kind === 'prod' || kind === 'dev') {
          ctx.finding({
            rule: 'npm.unresolved-dependency', severity: 'warning',
            message: `${entryKey(loc)} depends on ${quote(name)}${kind === 'dev' ? ' (dev)' : ''}, which the lockfile does not install`,
            line: ctx.lineAt(entryOffset(loc)), item: nodes.get(loc)?.key,
            fix: 'Run `npm install` to bring the lockfile in line with package.json, then commit it.',
          });
        }
        continue;
      }
      list.push({ to, kind });
    }
    edges.set(loc, list);
  }

  const roots = nodes.has('') ? [''] : [];
  // npm's root has a workspace edge (a prod edge) to each workspace
  const scopeEdges = new Map(edges);
  scopeEdges.set('', [...(edges.get('') ?? []), ...workspaces.filter((w) => nodes.has(w)).map((w) => ({ to: w, kind: 'prod' as const }))]);
  const scopes = decideScopes(nodes, scopeEdges, roots, flagScopes, ctx, entryKey);
  return { nodes, edges, roots: [...roots, ...workspaces.filter((w) => nodes.has(w))], scopes };
}

/**
 * Scope of each package, as a production install decides it. npm recomputes its dev/optional flags
 * from the dependency graph when it installs (npm 11), while npm 8 installs by the flags written in
 * the lockfile; they differ only when the lockfile's flags are stale. Tureen takes the graph's answer
 * and the flags' answer, keeps the stronger one (the package ships with at least one npm), and says so.
 */
function decideScopes(
  nodes: Map<string, NodeData>, edges: Map<string, Edge[]>, roots: string[], flags: Map<string, Scope>, ctx: Ctx,
  keyOf: (loc: string) => string,
): Map<string, Scope> {
  const runtime = reach(roots, edges, new Set<NpmEdgeKind>(['prod', 'peer']));
  const nonDev = reach(roots, edges, new Set<NpmEdgeKind>(['prod', 'peer', 'optional', 'peerOptional']));
  const all = reach(roots, edges, new Set<NpmEdgeKind>(['prod', 'peer', 'optional', 'dev']));
  const scopes = new Map<string, Scope>();
  for (const [id, node] of nodes) {
    const flagged = flags.get(id) ?? 'runtime';
    if (!all.has(id)) {
      scopes.set(id, flagged);
      ctx.finding({
        rule: 'npm.extraneous', severity: 'warning',
        message: `${keyOf(id)} (${label(node.name, node.version)}) is not a dependency of the project or of any of its packages: npm would not install it; its scope (${flagged}) comes from the lockfile's flags`,
        line: node.evidence[0]?.line, item: node.key,
        fix: 'Run `npm install` to remove it from the lockfile (or `npm prune`), then commit the lockfile.',
      });
      continue;
    }
    const graphScope: Scope = runtime.has(id) ? 'runtime' : nonDev.has(id) ? 'optional' : 'development';
    const scope = strongerScope(graphScope, flagged);
    scopes.set(id, scope);
    if (graphScope !== flagged) {
      ctx.finding({
        rule: 'npm.stale-flags', severity: 'warning',
        message: `${keyOf(id)} (${label(node.name, node.version)}): the lockfile's flags say ${flagged}, its dependency graph says ${graphScope}; npm versions differ on which one they install, so it is counted as ${scope}`,
        line: node.evidence[0]?.line, item: node.key,
        fix: 'Run `npm install` with a current npm to rewrite the flags, then commit the lockfile.',
      });
    }
  }
  return scopes;
}

// ---------------------------------------------------------------------------------------------
// lockfileVersion 1: the nested `dependencies` tree
// ---------------------------------------------------------------------------------------------

interface V1Pending {
  /** install location, as v2 would name it */
  loc: string;
  /** key inside the parent's "dependencies" (the folder name; an alias for aliased packages) */
  name: string;
  raw: unknown;
  /** offset of the "dependencies" key that holds this entry (-1: the top level's) */
  owner: number | undefined;
  /** locator for evidence: dependencies["a"].dependencies["b"] */
  path: string;
  depth: number;
}

function fromV1(top: Map<string, unknown>, lock: Lockfile, manifest: Manifest | undefined, ctx: Ctx): Built {
  const lockDir = dirOf(ctx.file);
  const nodes = new Map<string, NodeData>();
  const scopes = new Map<string, Scope>();
  const requires = new Map<string, Map<string, string>>();
  const flagsAt = new Map<string, { optional: boolean; dev: boolean }>();
  const locations = new Set<string>();
  /** a folder dependency's node_modules location → the folder (npm links it) */
  const linkTo = new Map<string, string>();

  const rootName0 = lock.name || manifest?.name || rootName(ctx.file);
  const rootVersion = lock.version || manifest?.version || '';
  const rootNode = makeNode(ctx, {
    name: rootName0, version: rootVersion, firstParty: true,
    source: { origin: { type: 'workspace', ref: lockDir || '.' }, qualifiers: {} },
    evidence: ctx.evidence(ctx.keys.find(-1, 'name') ?? ctx.keys.find(-1, 'lockfileVersion'), 'name'),
  });
  if (rootNode) {
    nodes.set('', rootNode);
    scopes.set('', 'runtime');
  }
  locations.add('');

  const depsOffset = ctx.keys.find(-1, 'dependencies');
  const queue: V1Pending[] = [...top].map(([name, raw]) => ({
    loc: `node_modules/${name}`, name, raw, owner: depsOffset, path: `dependencies[${quote(name)}]`, depth: 1,
  }));
  for (let i = 0; i < queue.length; i++) {
    const p = queue[i] as V1Pending;
    const offset = ctx.keys.find(p.owner, p.name);
    const line = ctx.lineAt(offset);
    if (p.depth > MAX_V1_DEPTH) {
      const tail = p.path.length > 120 ? `…${p.path.slice(-120)}` : p.path;
      throw malformed(ctx.file, `dependencies nested more than ${MAX_V1_DEPTH} levels deep (${tail})`, { line: line ?? 1 }, REGENERATE);
    }
    const r = V1Entry.safeParse(p.raw);
    if (!r.success) {
      const { path, message } = firstIssue(r.error);
      throw malformed(ctx.file, `${p.path}${path ? `.${path}` : ''}: ${message}`, { key: `${p.path}${path ? `.${path}` : ''}`, line: line ?? 1 }, REGENERATE);
    }
    const e = r.data;
    const evidence = ctx.evidence(offset, p.path);
    let loc = p.loc;
    let name = p.name;
    let version = '';
    let source: SourceInfo;
    const spec = e.version ?? '';
    const alias = parseAlias(spec);
    if (alias) {
      name = alias.name;
      version = alias.version;
      source = sourceFromResolved(e.resolved);
    } else if (isGitSpec(spec)) {
      source = gitSource(spec);
      // a v1 lockfile keeps the commit, not the package's own version: the commit identifies it
      version = source.origin.ref ?? '';
    } else if (/^file:/i.test(spec)) {
      const path = normalizeFolder(spec);
      if (isTarballPath(path)) {
        source = { origin: { type: 'file', url: spec, ref: path }, qualifiers: { download_url: spec } };
        const v = versionFromTgz(name, path);
        if (v) ({ name, version } = v);
      } else {
        // a folder dependency: npm links it, and its children live under the folder
        source = { origin: { type: 'link', ref: joinFolder(lockDir, path) }, qualifiers: { download_url: `file:${path}` } };
        linkTo.set(p.loc, path);
        locations.add(p.loc);
        loc = path;
      }
    } else if (/^https?:\/\//i.test(spec)) {
      const url = stripCredentials(spec);
      source = { origin: { type: 'tarball', url }, qualifiers: { download_url: url } };
      const v = versionFromTgz(name, spec);
      if (v) ({ name, version } = v);
    } else {
      version = spec;
      source = sourceFromResolved(e.resolved);
    }
    if (e.bundled && e.resolved === undefined && source.origin.type === 'registry') source = { origin: { type: 'unknown' }, qualifiers: {} };
    if (version === '') {
      ctx.finding({
        rule: 'npm.unknown-version', severity: 'warning',
        message: `${p.path} (${name}) records no version${spec ? ` (only ${quote(spec)})` : ''}: lockfileVersion 1 does not keep the version of ${source.origin.type} dependencies`,
        line, fix: 'Upgrade the lockfile with npm 7 or later (`npm install --package-lock-only`), which records every version.',
      });
    }
    const node = makeNode(ctx, { name, version, integrity: e.integrity, firstParty: false, evidence, source });
    if (node && !nodes.has(loc)) {
      nodes.set(loc, node);
      scopes.set(loc, scopeFromFlags(e));
      flagsAt.set(loc, { optional: !!e.optional, dev: !!e.dev });
      if (e.requires instanceof Map) requires.set(loc, e.requires);
    }
    locations.add(loc);
    const childOwner = ctx.keys.find(offset, 'dependencies');
    for (const [child, raw] of e.dependencies ?? []) {
      queue.push({
        loc: `${loc}/node_modules/${child}`, name: child, raw, owner: childOwner,
        path: `${p.path}.dependencies[${quote(child)}]`, depth: p.depth + 1,
      });
    }
  }

  // edges: `requires`, resolved like node; optional when the target is flagged optional and the
  // requirer is not (arborist's reading of v1 lockfiles)
  const has = (l: string) => locations.has(l);
  const edges = new Map<string, Edge[]>();
  const required = new Set<string>();
  for (const [loc, reqs] of requires) {
    const list: Edge[] = [];
    const mine = flagsAt.get(loc);
    for (const [name] of reqs) {
      const at = resolveLocation(has, loc, name);
      const to = at === undefined ? undefined : linkTo.get(at) ?? at;
      if (to === undefined || !nodes.has(to)) continue;
      required.add(to);
      list.push({ to, kind: flagsAt.get(to)?.optional && !mine?.optional ? 'optional' : 'prod' });
    }
    edges.set(loc, list);
  }

  // the root's edges: package.json says which packages it declares; without it, the top-level
  // entries nothing else requires must be its own (others it declares may be missed)
  const rootEdges: Edge[] = [];
  if (manifest) {
    const kinds = new Map<string, EdgeKind>();
    for (const [n] of manifest.dependencies ?? []) kinds.set(n, 'prod');
    for (const [n] of manifest.optionalDependencies ?? []) kinds.set(n, 'optional');
    for (const [n] of manifest.devDependencies ?? []) kinds.set(n, 'dev');
    for (const [n, kind] of kinds) {
      const at = `node_modules/${n}`;
      const to = linkTo.get(at) ?? at;
      if (nodes.has(to)) rootEdges.push({ to, kind });
    }
  } else {
    for (const at of locations) {
      if (!/^node_modules\/(@[^/]+\/)?[^/]+$/.test(at)) continue;
      const loc = linkTo.get(at) ?? at;
      if (!nodes.has(loc) || required.has(loc)) continue;
      const f = flagsAt.get(loc);
      rootEdges.push({ to: loc, kind: f?.dev ? 'dev' : f?.optional ? 'optional' : 'prod' });
    }
    if (nodes.size > 1) {
      ctx.finding({
        rule: 'npm.v1-no-manifest', severity: 'info',
        message: 'lockfileVersion 1 does not record which packages the project declares, and no package.json was found beside it: packages that are both declared and required by another package may not be marked direct',
        line: 1, fix: 'Keep package.json next to the lockfile, or upgrade the lockfile with npm 7 or later.',
      });
    }
  }
  if (nodes.has('')) edges.set('', rootEdges);
  // scope: npm 6 installs by the flags it wrote (`npm ci --only=production` leaves out `dev`)
  return { nodes, edges, roots: nodes.has('') ? [''] : [], scopes };
}
