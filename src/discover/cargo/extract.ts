import { posix } from 'node:path';
import semver from 'semver';
import type { Component, Evidence, Hash, Origin, Property, Scope } from '../../model/component.js';
import { isTureenError, malformed } from '../../model/errors.js';
import type { Finding } from '../../model/finding.js';
import { firstIssue } from '../../util/dict.js';
import { hexHash } from '../../util/hash.js';
import { purlOf } from '../../util/purl.js';
import { parseToml } from '../../util/toml.js';
import { DepGraph, nodeFinding, type EdgeKind } from '../graph.js';
import { mergeComponents } from '../merge.js';
import { workspaceMatcher } from '../npm/glob.js';
import type { ExtractResult } from '../source.js';
import { insideRepo, interpret, readRaw, type CargoManifest, type DepDecl } from './manifest.js';
import { CargoLock, type CargoPackage } from './schema.js';
import { clip } from '../../util/text.js';

export const SOURCE_ID = 'cargo';
export const ECOSYSTEM = 'crates.io';
/** Newest Cargo.lock `version` this reader knows. */
export const KNOWN_LOCK_VERSION = 4;

const CRATES_IO_INDEXES = new Set([
  'registry+https://github.com/rust-lang/crates.io-index',
  'sparse+https://index.crates.io/',
]);

/** Read access to the Cargo.toml files of the repository (repository-relative POSIX paths). */
export interface ManifestLookup {
  get(path: string): string | undefined;
  /** Every Cargo.toml the repository holds, for `[workspace] members` globs. */
  readonly paths: readonly string[];
}

export interface CargoLockInput {
  /** Repository-relative POSIX path of the Cargo.lock. */
  file: string;
  text: string;
  /** The workspace's Cargo.toml files, for the dependency kinds; without them every edge counts as a normal one. */
  manifests?: ManifestLookup;
}

/** Cargo's edge kinds, plus `optional` for an optional dependency the default features leave off. */
type Edge = 'normal' | 'optional' | 'build' | 'dev';

interface Pkg {
  idx: number;
  name: string;
  version: string;
  source?: string;
  checksum?: string;
  deps: string[];
  line?: number;
  /** Manifest of a local (no source) package: a workspace member or a path dependency. */
  manifest?: CargoManifest;
  member: boolean;
  /** Repository-relative folder of a local package, when known. */
  dir?: string;
}

/**
 * Read a Cargo.lock (v1–v4) into components: one per `[[package]]`. Workspace members (and the root package) are
 * first-party roots; the kinds of their dependencies come from their Cargo.toml files: `[dependencies]` → runtime,
 * optional ones the default features leave off → optional, `[build-dependencies]` → build, `[dev-dependencies]` →
 * development. Dependencies of crates from a registry or git count as normal (Cargo.lock does not record their
 * kinds), so a build-only dependency of a third-party crate shows as runtime: over-inclusion, never omission.
 */
export function extractCargoLock(input: CargoLockInput): ExtractResult {
  const { file, text } = input;
  const data = parseToml(text, file);
  const res = CargoLock.safeParse(data);
  if (!res.success) {
    const { path, message } = firstIssue(res.error);
    throw malformed(file, `not a Cargo.lock: ${path ? `${path}: ` : ''}${message}`, path ? { key: path } : undefined);
  }
  const lock = res.data;
  const findings: Finding[] = [];
  const dir = posix.dirname(file) === '.' ? '' : posix.dirname(file);

  const v1Checksums = metadataChecksums(lock.metadata);
  const lockVersion = lock.version ?? (v1Checksums.size > 0 || (lock.package ?? []).some((p) => (p.dependencies ?? []).some((d) => d.includes(' ('))) ? 1 : 2);
  if (lockVersion > KNOWN_LOCK_VERSION) {
    findings.push({
      rule: 'cargo.lockfile-version',
      severity: 'warning',
      message: `Cargo.lock version ${lockVersion} is newer than the versions Tureen knows (1–${KNOWN_LOCK_VERSION}); it was read as version ${KNOWN_LOCK_VERSION}`,
      file,
      line: new LineScan(text).versionLine ?? 1,
      fix: 'Check the inventory of this lockfile by hand, and update Tureen.',
    });
  }

  // ---- packages, with the line of each `name =` --------------------------------------------------------------
  const raw: CargoPackage[] = [...(lock.root ? [lock.root] : []), ...(lock.package ?? [])];
  const lines = new LineScan(text).packageLines(Boolean(lock.root), raw.length);
  const pkgs: Pkg[] = raw.map((p, idx) => {
    const line = lines?.[idx];
    return {
      idx,
      name: p.name,
      version: p.version,
      ...(p.source !== undefined ? { source: p.source } : {}),
      ...(p.checksum !== undefined ? { checksum: p.checksum } : {}),
      deps: p.dependencies ?? [],
      ...(line !== undefined ? { line } : {}),
      member: false,
    };
  });
  for (const p of pkgs) {
    if (p.checksum === undefined && p.source !== undefined) {
      const c = v1Checksums.get(`${p.name} ${p.version} (${p.source})`);
      if (c !== undefined) p.checksum = c;
    }
  }

  // ---- the workspace: members and local path packages, from the Cargo.toml files ------------------------------
  const ws = input.manifests ? readWorkspace(dir, input.manifests, findings) : undefined;
  const local = pkgs.filter((p) => p.source === undefined);
  if (ws) {
    for (const [mdir, m] of ws.manifests) {
      const p = local.find((x) => x.name === m.name && (m.version === undefined || x.version === m.version) && x.manifest === undefined)
        ?? local.find((x) => x.name === m.name && x.manifest === undefined);
      if (!p) continue;
      p.manifest = m;
      p.dir = mdir;
      p.member = ws.members.has(mdir);
    }
  }
  if (!ws || !local.some((p) => p.member)) {
    // no Cargo.toml (or none that matches): every package without a source is the project's own
    for (const p of local) p.member = true;
    findings.push({
      rule: 'cargo.no-manifest',
      severity: 'info',
      message: `${ws ? 'the Cargo.toml beside the lockfile names no package of it' : 'no Cargo.toml beside the lockfile'}: dependencies of the project cannot be told apart as normal, build or dev dependencies, so every package counts as runtime`,
      file,
      fix: `Keep ${posix.join(dir, 'Cargo.toml')} (and the Cargo.toml of each workspace member) in the repository beside ${file}.`,
    });
  }

  // ---- dependency references: "name", "name version", "name version (source)" ----------------------------------
  const byName = new Map<string, Pkg[]>();
  for (const p of pkgs) {
    const list = byName.get(p.name);
    if (list) list.push(p);
    else byName.set(p.name, [p]);
  }
  const resolveRef = (ref: string): Pkg | undefined => {
    const m = /^(\S+)(?: (\S+))?(?: \((.+)\))?$/.exec(ref.trim());
    if (!m) return undefined;
    const [, name, version, source] = m;
    let cands = byName.get(name as string) ?? [];
    if (version !== undefined) cands = cands.filter((c) => c.version === version);
    if (source !== undefined) cands = cands.filter((c) => c.source !== undefined && sameSource(c.source, source));
    return cands[0];
  };

  // ---- graph ---------------------------------------------------------------------------------------------------
  const graph = new DepGraph();
  const edges = new Map<number, { to: number; kind: Edge }[]>();
  const nodeId = (p: Pkg) => `p:${p.idx}`;
  const identities = new Map<number, Identity>();
  for (const p of pkgs) {
    let ident: Identity;
    try {
      ident = identify(p);
    } catch {
      throw malformed(file, `the package "${clip(p.name)}" ${clip(p.version)} cannot be identified`, p.line !== undefined ? { line: p.line } : undefined);
    }
    identities.set(p.idx, ident);
    const evidence: Evidence[] = [{ file, ...(p.line !== undefined ? { line: p.line } : {}), key: `package[${JSON.stringify(`${p.name}@${p.version}`)}]`, source: SOURCE_ID }];
    if (p.member && p.manifest) evidence.push({ file: p.manifest.file, ...(lineOfPackage(input.manifests, p.manifest.file)), source: SOURCE_ID });
    graph.addNode(nodeId(p), {
      key: ident.purl,
      ecosystem: ECOSYSTEM,
      name: p.name,
      version: p.version,
      purl: ident.purl,
      licenses: [],
      hashes: ident.hashes,
      origin: ident.origin,
      firstParty: p.member,
      evidence,
    });
    if (p.member) graph.addRoot(nodeId(p));
  }
  for (const p of pkgs) {
    const list: { to: number; kind: Edge }[] = [];
    const targets = p.deps.map((ref) => {
      const t = resolveRef(ref);
      if (!t) {
        findings.push({
          rule: 'cargo.unresolved',
          severity: 'warning',
          message: `${clip(p.name)} ${clip(p.version)} depends on "${clip(ref)}", which Cargo.lock does not list`,
          file,
          ...(p.line !== undefined ? { line: p.line } : {}),
          fix: 'Run `cargo generate-lockfile` (or any cargo build) so that Cargo.lock is complete, and commit it.',
        });
      }
      return t;
    });
    for (const t of targets) {
      if (!t) continue;
      const kind = p.manifest ? edgeKind(p.manifest, t, targets, p.member) : 'normal';
      list.push({ to: t.idx, kind });
      graph.addEdge(nodeId(p), nodeId(t), GRAPH_KIND[kind]);
    }
    edges.set(p.idx, list);
  }

  const scopes = decideScopes(pkgs.filter((p) => p.member).map((p) => p.idx), edges);
  const { components, unreachable } = graph.resolve({
    scopeOf: (id) => scopes.get(Number(id.slice(2))),
    unreachableScope: 'runtime',
  });
  for (const n of unreachable) {
    findings.push(nodeFinding(n, file, {
      rule: 'cargo.unreachable',
      severity: 'info',
      message: `${clip(n.name)} ${n.version} is in Cargo.lock but no workspace member depends on it; it is listed as runtime`,
      fix: 'Run `cargo update --workspace` to prune Cargo.lock, and commit it.',
    }));
  }
  const props = new Map<string, Property[]>();
  for (const p of pkgs) {
    const ident = identities.get(p.idx) as Identity;
    if (ident.properties.length) props.set(ident.purl, ident.properties);
  }
  const out: Component[] = components.map((c) => {
    const ps = props.get(c.key);
    return ps ? { ...c, properties: ps } : c;
  });
  // crates replaced through [patch]: modified (or unreleased) third-party code
  for (const patch of ws?.patches ?? []) {
    for (const p of pkgs) {
      if (p.name !== patch.crate || p.member || (p.source !== undefined && CRATES_IO_INDEXES.has(p.source))) continue;
      const ident = identities.get(p.idx) as Identity;
      findings.push({
        rule: 'cargo.patched',
        severity: 'info',
        message: `${clip(p.name)} ${clip(p.version)} is replaced through [patch] in ${ws?.rootFile ?? 'Cargo.toml'} by ${patch.path !== undefined ? `the folder ${clip(patch.path || '.')}` : `the git repository ${clip(patch.git ?? '?')}`}: the shipped code is not the published crate`,
        file,
        ...(p.line !== undefined ? { line: p.line } : {}),
        item: ident.purl,
        fix: 'Describe the patch in the SOUP record of this item (what differs from the published crate and why) and verify the patched behaviour.',
      });
    }
  }
  return { components: mergeComponents(out), findings };
}

// ---------------------------------------------------------------------------------------------------------------

const GRAPH_KIND: Record<Edge, EdgeKind> = { normal: 'prod', optional: 'optional', build: 'dev', dev: 'dev' };

/**
 * Scope of each package from the members: runtime when reachable through normal edges only; optional when an
 * optional dependency (off by default) is on the way; build when a build-dependency is; development when only a
 * member's dev-dependencies reach it. Packages no member reaches get no scope here.
 */
function decideScopes(roots: number[], edges: Map<number, { to: number; kind: Edge }[]>): Map<number, Scope> {
  const reach = (kinds: readonly Edge[]) => {
    const seen = new Set<number>(roots);
    const queue = [...roots];
    for (let i = 0; i < queue.length; i++) {
      for (const e of edges.get(queue[i] as number) ?? []) {
        if (kinds.includes(e.kind) && !seen.has(e.to)) {
          seen.add(e.to);
          queue.push(e.to);
        }
      }
    }
    return seen;
  };
  const runtime = reach(['normal']);
  const optional = reach(['normal', 'optional']);
  const build = reach(['normal', 'optional', 'build']);
  const all = reach(['normal', 'optional', 'build', 'dev']);
  const out = new Map<number, Scope>();
  for (const id of all) out.set(id, runtime.has(id) ? 'runtime' : optional.has(id) ? 'optional' : build.has(id) ? 'build' : 'development');
  return out;
}

/**
 * The kind of the edge from a local package to one of its lockfile dependencies, from its Cargo.toml: the strongest
 * of the declarations that name the crate (normal > optional > build > dev). When the crate is there in two
 * versions, each declaration's version requirement picks its version. Not declared at all (a stale manifest):
 * normal. Dev-dependencies only count for workspace members (cargo does not resolve those of other packages).
 */
function edgeKind(m: CargoManifest, target: Pkg, siblings: readonly (Pkg | undefined)[], member: boolean): Edge {
  let decls = m.deps.filter((d) => d.crate === target.name && (member || d.kind !== 'dev'));
  if (decls.length === 0) return 'normal';
  const versions = new Set(siblings.filter((s): s is Pkg => s !== undefined && s.name === target.name).map((s) => s.version));
  if (versions.size > 1) {
    const fitting = decls.filter((d) => d.req === undefined || satisfiesCargo(target.version, d.req));
    if (fitting.length) decls = fitting;
  }
  const rank = (d: DepDecl): [number, Edge] =>
    d.kind === 'normal' ? (d.optional && !m.defaultOn.has(d.key) ? [1, 'optional'] : [0, 'normal']) : d.kind === 'build' ? [2, 'build'] : [3, 'dev'];
  return decls.map(rank).sort((a, b) => a[0] - b[0])[0]?.[1] ?? 'normal';
}

/** Cargo's requirement syntax on top of semver's: a bare "1.2" means "^1.2"; comparators are comma-separated. */
export function satisfiesCargo(version: string, req: string): boolean {
  const range = req
    .split(',')
    .map((part) => part.trim())
    .map((part) => (/^\d/.test(part) ? `^${part}` : part))
    .join(' ');
  try {
    return semver.satisfies(version, range, { includePrerelease: true });
  } catch {
    return true;
  }
}

interface Identity {
  purl: string;
  origin: Origin;
  hashes: Hash[];
  properties: Property[];
}

function identify(p: Pkg): Identity {
  const hash = p.checksum !== undefined ? hexHash('SHA-256', p.checksum) : undefined;
  const hashes = hash ? [hash] : [];
  const src = p.source;
  if (src === undefined) {
    const origin: Origin = p.member ? { type: 'workspace', ref: p.dir || '.' } : { type: 'file', ...(p.dir !== undefined ? { ref: p.dir || '.' } : {}) };
    return { purl: purlOf('cargo', undefined, p.name, p.version), origin, hashes, properties: [] };
  }
  if (CRATES_IO_INDEXES.has(src)) {
    return { purl: purlOf('cargo', undefined, p.name, p.version), origin: { type: 'registry', url: 'https://crates.io' }, hashes, properties: [] };
  }
  if (src.startsWith('registry+') || src.startsWith('sparse+')) {
    const url = src.slice(src.indexOf('+') + 1);
    return {
      purl: purlOf('cargo', undefined, p.name, p.version, { repository_url: url }),
      origin: { type: 'registry', url },
      hashes,
      properties: [{ name: 'cargo:registry', value: url }],
    };
  }
  if (src.startsWith('git+')) {
    const g = gitSource(src);
    const vcs = `git+${g.url}${g.commit ? `#${g.commit}` : ''}`;
    const properties: Property[] = g.ref ? [{ name: 'cargo:git-ref', value: g.ref }] : [];
    return {
      purl: purlOf('cargo', undefined, p.name, p.version, { vcs_url: vcs }),
      origin: { type: 'git', url: g.url, ...(g.commit ? { ref: g.commit } : {}) },
      hashes,
      properties,
    };
  }
  return {
    purl: purlOf('cargo', undefined, p.name, p.version, { download_url: src }),
    origin: { type: 'unknown', url: src },
    hashes,
    properties: [{ name: 'cargo:source', value: src }],
  };
}

/** "git+https://host/repo?tag=v1#<commit>" → url, the requested ref ("tag=v1") and the locked commit. */
export function gitSource(src: string): { url: string; ref: string; commit: string } {
  const body = src.slice('git+'.length);
  const hash = body.indexOf('#');
  const beforeHash = hash === -1 ? body : body.slice(0, hash);
  const commit = hash === -1 ? '' : body.slice(hash + 1);
  const q = beforeHash.indexOf('?');
  const url = q === -1 ? beforeHash : beforeHash.slice(0, q);
  let ref = q === -1 ? '' : beforeHash.slice(q + 1);
  try {
    ref = decodeURIComponent(ref);
  } catch {
    // keep it as written
  }
  return { url, ref, commit: /^[0-9a-f]{7,64}$/i.test(commit) ? commit.toLowerCase() : '' };
}

/** v1 writes git sources with their locked commit in the package but without it in references. */
function sameSource(pkgSource: string, refSource: string): boolean {
  if (pkgSource === refSource) return true;
  const strip = (s: string) => (s.startsWith('git+') ? s.replace(/#.*$/, '') : s);
  return strip(pkgSource) === strip(refSource);
}

/** The `[metadata]` checksums of a v1 lockfile: "name version (source)" → hex. "<none>" (git, path) is skipped. */
function metadataChecksums(metadata: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) return out;
  for (const k of Object.keys(metadata)) {
    const v = Object.getOwnPropertyDescriptor(metadata, k)?.value as unknown;
    if (k.startsWith('checksum ') && typeof v === 'string' && v !== '<none>') out.set(k.slice('checksum '.length), v);
  }
  return out;
}

interface Workspace {
  /** The root Cargo.toml's `[patch]` entries. */
  patches: CargoManifest['patches'];
  rootFile: string;
  /** Every local package's manifest by repository-relative folder (members and path dependencies). */
  manifests: Map<string, CargoManifest>;
  /** Folders of the workspace members. */
  members: Set<string>;
}

/**
 * The workspace of the Cargo.toml beside the lockfile, the way cargo finds it: the root package, `[workspace]
 * members` globs minus `exclude`, and path dependencies below the workspace root (which cargo makes members too).
 * Path dependencies elsewhere are local packages, not members. Undefined without the root Cargo.toml.
 */
function readWorkspace(dir: string, lookup: ManifestLookup, findings: Finding[]): Workspace | undefined {
  const rootFile = posix.join(dir, 'Cargo.toml');
  const rootText = lookup.get(rootFile);
  if (rootText === undefined) return undefined;
  const rootRaw = readRaw(rootFile, rootText);
  const root = interpret(rootRaw, rootRaw);
  const manifests = new Map<string, CargoManifest>();
  const members = new Set<string>();
  const rel = (d: string) => (dir ? (d === dir ? '' : d.startsWith(`${dir}/`) ? d.slice(dir.length + 1) : undefined) : d);
  const excluded = (d: string) => {
    const r = rel(d);
    return r === undefined || (root.workspace?.exclude ?? []).some((e) => {
      const x = insideRepo('', e);
      return x !== undefined && x !== '' && (r === x || r.startsWith(`${x}/`));
    });
  };
  const failed = new Set<string>();
  const read = (d: string): CargoManifest | undefined => {
    const f = posix.join(d || '.', 'Cargo.toml');
    const t = failed.has(f) ? undefined : lookup.get(f);
    if (t === undefined) return undefined;
    try {
      return interpret(readRaw(f, t), rootRaw);
    } catch (e) {
      if (!isTureenError(e)) throw e;
      failed.add(f);
      findings.push({ rule: 'cargo.manifest-unreadable', severity: 'warning', message: `${f} cannot be read (${e.message}); the kinds of its dependencies are unknown`, file: f, ...(e.place?.line !== undefined ? { line: e.place.line } : {}), fix: 'Fix the TOML syntax of this Cargo.toml.' });
      return undefined;
    }
  };
  const queue: string[] = [];
  const add = (d: string, m: CargoManifest, member: boolean) => {
    if (manifests.has(d)) return;
    manifests.set(d, m);
    if (member) members.add(d);
    queue.push(d);
  };
  if (root.name !== undefined) add(dir, root, true);
  if (root.workspace) {
    const match = workspaceMatcher(root.workspace.members);
    for (const f of lookup.paths) {
      if (posix.basename(f) !== 'Cargo.toml') continue;
      const d = posix.dirname(f) === '.' ? '' : posix.dirname(f);
      const r = rel(d);
      if (r === undefined || r === '' || !match(r) || excluded(d)) continue;
      const m = read(d);
      if (m?.name !== undefined) add(d, m, true);
    }
  }
  for (const p of root.patches) {
    if (p.path === undefined || manifests.has(p.path)) continue;
    const m = read(p.path);
    if (m?.name !== undefined) add(p.path, m, false);
  }
  for (let i = 0; i < queue.length; i++) {
    const from = manifests.get(queue[i] as string) as CargoManifest;
    const fromMember = members.has(queue[i] as string);
    for (const dep of from.deps) {
      if (dep.path === undefined || manifests.has(dep.path)) continue;
      const m = read(dep.path);
      if (m?.name === undefined) continue;
      add(dep.path, m, fromMember && root.workspace !== undefined && !excluded(dep.path));
    }
  }
  return { manifests, members, patches: root.patches, rootFile };
}

/** Lines of the `[[package]]` blocks' `name =` keys, in file order, when the text's blocks match the parsed ones. */
class LineScan {
  private readonly lines: string[];
  constructor(text: string) {
    this.lines = text.split('\n');
  }

  get versionLine(): number | undefined {
    const i = this.lines.findIndex((l) => /^version\s*=/.test(l));
    return i === -1 ? undefined : i + 1;
  }

  packageLines(hasRoot: boolean, count: number): (number | undefined)[] | undefined {
    const out: (number | undefined)[] = [];
    let inBlock = false;
    let rootLine: number | undefined;
    let rootBlock = false;
    for (let i = 0; i < this.lines.length; i++) {
      const l = (this.lines[i] as string).trim();
      if (l.startsWith('[')) {
        inBlock = l === '[[package]]';
        rootBlock = l === '[root]';
        if (inBlock) out.push(i + 1);
        continue;
      }
      if ((inBlock || rootBlock) && /^name\s*=/.test(l)) {
        if (rootBlock) rootLine = i + 1;
        else out[out.length - 1] = i + 1;
      }
    }
    const all = hasRoot ? [rootLine, ...out] : out;
    return all.length === count ? all : undefined;
  }
}

function lineOfPackage(lookup: ManifestLookup | undefined, f: string): { line?: number } {
  const t = lookup?.get(f);
  if (t === undefined) return {};
  const i = t.split('\n').findIndex((l) => l.trim() === '[package]');
  return i === -1 ? {} : { line: i + 1 };
}

