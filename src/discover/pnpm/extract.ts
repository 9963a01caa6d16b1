import { posix } from 'node:path';
import { isMap, isScalar, parseDocument, type Document } from 'yaml';
import type { Component, Evidence, Origin, Scope } from '../../model/component.js';
import { malformed, TureenError } from '../../model/errors.js';
import type { Finding } from '../../model/finding.js';
import { firstIssue } from '../../util/dict.js';
import { sriToHashes } from '../../util/hash.js';
import { stripBom } from '../../util/json.js';
import { LineIndex } from '../../util/lines.js';
import { npmPlatform, prerequisiteProperties } from '../../model/prerequisites.js';
import { npmPurl, rootName } from '../../util/purl.js';
import { DepGraph, type EdgeKind, type NodeData } from '../graph.js';
import { mergeComponents, strongerScope } from '../merge.js';
import type { ExtractResult } from '../source.js';
import { parseKey, refToDepPath, removePeersSuffix, type Syntax } from './deppath.js';
import { Lockfile, type Importer, type ImporterDep, type PackageEntry, type Resolution, type Snapshot } from './schema.js';

export const SOURCE_ID = 'pnpm';

export interface PnpmExtractOptions {
  /**
   * The text of the package.json in a folder given relative to the lockfile's folder ("." is the
   * lockfile's own folder), when the repository has it. Used for the names and versions of the
   * importers (workspace packages) and the versions of `file:` directory dependencies. Optional.
   */
  manifest?: (dir: string) => string | undefined;
}

/** Importer-level dependency fields and the edge each one makes. */
const IMPORTER_FIELDS: ReadonlyArray<readonly ['dependencies' | 'optionalDependencies' | 'devDependencies', EdgeKind]> = [
  ['dependencies', 'prod'],
  ['optionalDependencies', 'optional'],
  ['devDependencies', 'dev'],
];

const PKG = 'p:'; // node ids of packages (lockfile keys) ...
const IMP = 'i:'; // ... and of importers (folder paths): two namespaces, so no key can pose as the other

interface Ctx {
  file: string;
  /** The lockfile's folder, repository-relative ("." at the top). */
  dir: string;
  syntax: Syntax;
  findings: Finding[];
  lines: LineIndex;
  /** Offsets of the keys of the top-level sections, per section. */
  keyOffsets: Map<string, Map<string, number>>;
  topOffsets: Map<string, number>;
}

/**
 * Read a pnpm-lock.yaml (lockfileVersion 5.x, 6.0, 9.0; 7.0/8.0 tolerated): every package it installs,
 * one component per name@version (peer variants are one component), first-party components for the
 * importers, scope decided by reachability from the importers' dependencies, optionalDependencies and
 * devDependencies (and, in v5/v6, checked against pnpm's own dev/optional flags, which win).
 */
export function extractPnpmLock(text: string, file: string, opts: PnpmExtractOptions = {}): ExtractResult {
  const body = stripBom(text);
  const lines = new LineIndex(body);
  const doc = loadYaml(body, file, lines);
  const raw = toJs(doc, file);
  if (raw === null || raw === undefined) throw malformed(file, 'the file is empty: a pnpm lockfile starts with "lockfileVersion"', { line: 1 });
  if (typeof raw !== 'object' || Array.isArray(raw)) throw malformed(file, 'not a pnpm lockfile: the top level is not a map of sections', { line: 1 });
  const parsed = Lockfile.safeParse(raw);
  if (!parsed.success) {
    const issue = firstIssue(parsed.error);
    const path = parsed.error.issues[0]?.path.map(String) ?? [];
    throw malformed(file, `unexpected content at ${issue.path || 'the top level'}: ${issue.message}`, { line: lineOfPath(doc, lines, path), key: issue.path || undefined });
  }
  const lock = parsed.data;
  const syntax = syntaxOf(lock, file, doc, lines);
  const ctx: Ctx = { file, dir: posix.dirname(file), syntax, findings: [], lines, keyOffsets: sectionKeyOffsets(doc), topOffsets: topKeyOffsets(doc) };

  const graph = new DepGraph();
  const importers = importersOf(lock);
  const importerIds = new Set(importers.keys());
  const manifests = new ManifestReader(opts.manifest);

  // packages (v5/v6) or snapshots + packages (v9): one graph node per key, peers included in the key
  const flagScopes = new Map<string, Scope>(); // purl → pnpm's dev/optional verdict (v5/v6)
  let hasFlags = false;
  const nodeDeps: Array<{ id: string; owner: string; deps: Map<string, string> | null | undefined; kind: EdgeKind }> = [];
  if (syntax === 'v9') {
    const metas = lock.packages ?? new Map<string, PackageEntry | null | undefined>();
    const used = new Set<string>();
    for (const [key, snap] of lock.snapshots ?? new Map<string, Snapshot | null | undefined>()) {
      const parsedKey = parseKey(key, syntax);
      const meta = metas.get(parsedKey.base) ?? metas.get(key);
      if (meta !== undefined) used.add(metas.has(parsedKey.base) ? parsedKey.base : key);
      else note(ctx, 'pnpm.missing-entry', 'warning', `snapshot ${JSON.stringify(key)} has no entry in "packages": its resolution (and so its source and hash) is unknown`, lineOf(ctx, 'snapshots', key), 'Run `pnpm install` to repair the lockfile.');
      const data = nodeData(ctx, key, parsedKey, meta ?? null, importerIds, manifests, [
        evidence(ctx, 'snapshots', key),
        ...(meta !== undefined ? [evidence(ctx, 'packages', metas.has(parsedKey.base) ? parsedKey.base : key)] : []),
      ]);
      if (!data) continue;
      graph.addNode(PKG + key, data);
      nodeDeps.push({ id: PKG + key, owner: key, deps: snap?.dependencies, kind: 'prod' }, { id: PKG + key, owner: key, deps: snap?.optionalDependencies, kind: 'optional' });
    }
    // a package entry no snapshot uses: still in the lockfile, reported (unreachable) rather than lost
    for (const [key, meta] of metas) {
      if (used.has(key)) continue;
      const data = nodeData(ctx, key, parseKey(key, syntax), meta ?? null, importerIds, manifests, [evidence(ctx, 'packages', key)]);
      if (data) graph.addNode(PKG + key, data);
    }
  } else {
    for (const [key, entry] of lock.packages ?? new Map<string, PackageEntry | null | undefined>()) {
      const data = nodeData(ctx, key, parseKey(key, syntax), entry ?? null, importerIds, manifests, [evidence(ctx, 'packages', key)]);
      if (!data) continue;
      graph.addNode(PKG + key, data);
      if (entry?.dev != null) hasFlags = true;
      const flagScope: Scope = entry?.dev === 'true' ? 'development' : entry?.optional === 'true' ? 'optional' : 'runtime';
      const prev = flagScopes.get(data.key);
      flagScopes.set(data.key, prev ? strongerScope(prev, flagScope) : flagScope);
      nodeDeps.push({ id: PKG + key, owner: key, deps: entry?.dependencies, kind: 'prod' }, { id: PKG + key, owner: key, deps: entry?.optionalDependencies, kind: 'optional' });
    }
  }

  // importers: first-party roots, their dependencies the roots' edges
  for (const [imp, importer] of importers) {
    const id = IMP + imp;
    const manifest = manifests.read(imp);
    const name = rootName(posix.join(ctx.dir, imp, 'pnpm-lock.yaml'), manifest?.name);
    const version = manifest?.version ?? '';
    graph.addNode(id, {
      key: npmPurl(name, version),
      ecosystem: 'npm',
      name,
      version,
      purl: npmPurl(name, version),
      licenses: [],
      hashes: [],
      origin: imp === '.' ? { type: 'file', ref: ctx.dir } : { type: 'workspace', ref: repoPath(ctx, imp) },
      firstParty: true,
      evidence: [lock.importers ? evidence(ctx, 'importers', imp) : { file, line: topLine(ctx, ['specifiers', 'dependencies', 'devDependencies', 'optionalDependencies']), key: 'importers["."]', source: SOURCE_ID }],
    });
    graph.addRoot(id);
    for (const [field, kind] of IMPORTER_FIELDS) {
      for (const [alias, dep] of importer[field] ?? new Map<string, ImporterDep>()) {
        const { version: ref, specifier } = importerRef(importer, alias, dep);
        checkCatalog(ctx, lock.catalogs, imp, alias, specifier, ref);
        const target = resolveTarget(ctx, graph, ref, alias, imp, importerIds);
        if (target === undefined) {
          note(ctx, 'pnpm.missing-entry', 'warning', `importer "${imp}" depends on ${alias} ${JSON.stringify(ref)}, which the lockfile does not list`, lineOf(ctx, 'importers', imp), 'Run `pnpm install` to repair the lockfile.');
        } else if (target !== null && target !== id) {
          graph.addEdge(id, target, kind);
        }
      }
    }
  }

  for (const { id, owner, deps, kind } of nodeDeps) {
    for (const [alias, ref] of deps ?? new Map<string, string>()) {
      const target = resolveTarget(ctx, graph, ref, alias, '.', importerIds);
      if (target === undefined) {
        note(ctx, 'pnpm.missing-entry', 'warning', `${owner} depends on ${alias} ${JSON.stringify(ref)}, which the lockfile does not list`, lineOf(ctx, syntax === 'v9' ? 'snapshots' : 'packages', owner), 'Run `pnpm install` to repair the lockfile.');
      } else if (target !== null && target !== id) {
        graph.addEdge(id, target, kind);
      }
    }
  }

  const { components: resolved, unreachable } = graph.resolve({ unreachableScope: 'runtime' });
  for (const n of unreachable) {
    note(ctx, 'pnpm.unreachable', 'warning', `${n.name}@${n.version} is in the lockfile but no importer depends on it, so pnpm would not install it; it is listed as runtime until that is settled`, n.evidence[0]?.line, 'Run `pnpm install` to prune the lockfile, or check that every workspace package is listed as an importer.', n.key);
  }
  const components = mergeComponents(resolved);
  if (hasFlags) applyFlags(ctx, components, flagScopes);
  return { components, findings: ctx.findings };
}

// ---------------------------------------------------------------------------------------------
// YAML

function loadYaml(text: string, file: string, lines: LineIndex): Document {
  let doc: Document;
  try {
    // failsafe: every scalar stays the string that was written (no "1.10" → 1.1); duplicate keys are errors
    doc = parseDocument(text, { schema: 'failsafe', uniqueKeys: true, prettyErrors: true });
  } catch (e) {
    throw malformed(file, `not valid YAML (${e instanceof Error ? e.message : String(e)})`);
  }
  const err = doc.errors[0];
  if (err) {
    const offset = err.pos[0];
    throw malformed(file, `not valid YAML: ${err.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '')}`, {
      line: lines.lineAt(offset),
      column: lines.columnAt(offset),
    });
  }
  return doc;
}

function toJs(doc: Document, file: string): unknown {
  try {
    // the yaml package's default alias limit (maxAliasCount 100) stops "billion laughs" alias bombs
    return doc.toJS();
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    throw malformed(file, `the YAML cannot be loaded: ${msg}`, undefined, 'A pnpm lockfile has no YAML aliases; regenerate it with `pnpm install`.');
  }
}

/** Offsets of the keys of each top-level map section (importers, packages, snapshots). */
function sectionKeyOffsets(doc: Document): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  if (!isMap(doc.contents)) return out;
  for (const pair of doc.contents.items) {
    if (!isScalar(pair.key) || !isMap(pair.value)) continue;
    const m = new Map<string, number>();
    for (const item of pair.value.items) {
      if (isScalar(item.key) && item.key.range) m.set(String(item.key.value), item.key.range[0]);
    }
    out.set(String(pair.key.value), m);
  }
  return out;
}

function topKeyOffsets(doc: Document): Map<string, number> {
  const out = new Map<string, number>();
  if (!isMap(doc.contents)) return out;
  for (const pair of doc.contents.items) if (isScalar(pair.key) && pair.key.range) out.set(String(pair.key.value), pair.key.range[0]);
  return out;
}

/** The line of the deepest node of `path` that exists, for error messages. */
function lineOfPath(doc: Document, lines: LineIndex, path: readonly string[]): number | undefined {
  for (let n = path.length; n > 0; n--) {
    const node = doc.getIn(path.slice(0, n), true);
    if (node && typeof node === 'object' && 'range' in node) {
      const range = (node as { range?: [number, number, number] | null }).range;
      if (range) return lines.lineAt(range[0]);
    }
  }
  return undefined;
}

function lineOf(ctx: Ctx, section: string, key: string): number | undefined {
  const off = ctx.keyOffsets.get(section)?.get(key);
  return off === undefined ? undefined : ctx.lines.lineAt(off);
}

function topLine(ctx: Ctx, keys: readonly string[]): number {
  for (const k of keys) {
    const off = ctx.topOffsets.get(k);
    if (off !== undefined) return ctx.lines.lineAt(off);
  }
  return 1;
}

/** A folder given relative to the lockfile's folder, as a repository-relative path. */
function repoPath(ctx: Ctx, dir: string): string {
  return posix.normalize(posix.join(ctx.dir, dir));
}

function evidence(ctx: Ctx, section: string, key: string): Evidence {
  const line = lineOf(ctx, section, key);
  return { file: ctx.file, ...(line !== undefined ? { line } : {}), key: `${section}[${JSON.stringify(key)}]`, source: SOURCE_ID };
}

// ---------------------------------------------------------------------------------------------
// Lockfile structure

function syntaxOf(lock: Lockfile, file: string, doc: Document, lines: LineIndex): Syntax {
  const v = lock.lockfileVersion.trim();
  const major = /^(\d+)(\.\d+)?$/.exec(v) ? Number.parseInt(v, 10) : NaN;
  if (major === 5) return 'v5';
  if (major === 6) return 'v6';
  if (major >= 7 && major <= 9) return lock.snapshots ? 'v9' : 'v6';
  throw new TureenError({
    code: 'input.unsupported',
    file,
    place: { line: lineOfPath(doc, lines, ['lockfileVersion']) ?? 1, key: 'lockfileVersion' },
    message: `pnpm lockfileVersion ${JSON.stringify(v)} is not supported (Tureen reads 5.x, 6.0 and 9.0)`,
    fix: 'Regenerate the lockfile with a current pnpm (`pnpm install`), or report the version if pnpm writes it today.',
  });
}

/** The importers: the `importers` section, or (v5/v6 single project) the top-level fields as ".". */
function importersOf(lock: Lockfile): Map<string, Importer> {
  const out = new Map<string, Importer>();
  if (lock.importers) {
    for (const [path, imp] of lock.importers) out.set(normalizeImporter(path), imp ?? {});
    return out;
  }
  out.set('.', {
    specifiers: lock.specifiers,
    dependencies: lock.dependencies,
    devDependencies: lock.devDependencies,
    optionalDependencies: lock.optionalDependencies,
  });
  return out;
}

function normalizeImporter(path: string): string {
  const n = posix.normalize(path || '.');
  return n.endsWith('/') && n.length > 1 ? n.slice(0, -1) : n;
}

function importerRef(importer: Importer, alias: string, dep: ImporterDep): { version: string; specifier: string | undefined } {
  if (typeof dep === 'string') return { version: dep, specifier: importer.specifiers?.get(alias) };
  return { version: dep.version, specifier: dep.specifier ?? undefined };
}

/**
 * The node a reference points to: a package node id, null for a link to the importer itself or to a
 * folder that is not an importer (a finding says so), undefined when the lockfile does not list it.
 */
function resolveTarget(ctx: Ctx, graph: DepGraph, ref: string, alias: string, fromImporter: string, importers: ReadonlySet<string>): string | null | undefined {
  if (ref.startsWith('link:')) {
    const target = normalizeImporter(posix.join(fromImporter, ref.slice('link:'.length)));
    if (importers.has(target)) return IMP + target;
    note(ctx, 'pnpm.link-outside-workspace', 'info', `${alias} is linked from the folder ${JSON.stringify(ref.slice(5))}, which is not an importer of this lockfile: its own dependencies are not recorded here`, lineOf(ctx, 'importers', fromImporter), 'If that folder belongs to this repository, list it in pnpm-workspace.yaml; otherwise make sure it is inventoried on its own.');
    return null;
  }
  const depPath = refToDepPath(ref, alias, ctx.syntax);
  if (depPath === null) return null;
  for (const candidate of candidates(depPath, ctx.syntax)) if (graph.hasNode(PKG + candidate)) return PKG + candidate;
  return undefined;
}

/** pnpm 7.0/8.0-era lockfiles mixed key styles; try the other spelling before giving up. */
function candidates(depPath: string, syntax: Syntax): string[] {
  if (syntax === 'v5') return [depPath];
  return depPath.startsWith('/') ? [depPath, depPath.slice(1)] : [depPath, `/${depPath}`];
}

function checkCatalog(ctx: Ctx, catalogs: Lockfile['catalogs'], imp: string, alias: string, specifier: string | undefined, ref: string): void {
  if (!specifier?.startsWith('catalog:')) return;
  const name = specifier.slice('catalog:'.length).trim() || 'default';
  const entry = catalogs?.get(name)?.get(alias);
  const line = lineOf(ctx, 'importers', imp);
  if (!entry) {
    note(ctx, 'pnpm.catalog-missing', 'warning', `importer "${imp}" takes ${alias} from the catalog "${name}", which the lockfile's catalogs do not list`, line, 'Run `pnpm install` so that the lockfile records the catalog entry.');
    return;
  }
  const plain = removePeersSuffix(ref, ctx.syntax);
  if (entry.version && entry.version !== plain && !plain.endsWith(`@${entry.version}`)) {
    note(ctx, 'pnpm.catalog-mismatch', 'warning', `importer "${imp}" resolves ${alias} to ${plain}, but the catalog "${name}" resolves it to ${entry.version}`, line, 'Run `pnpm install` to bring the lockfile in line with the catalog.');
  }
}

// ---------------------------------------------------------------------------------------------
// Packages

class ManifestReader {
  private readonly cache = new Map<string, { name?: string; version?: string } | undefined>();
  constructor(private readonly read_: PnpmExtractOptions['manifest']) {}

  read(dir: string): { name?: string; version?: string } | undefined {
    if (!this.read_) return undefined;
    if (this.cache.has(dir)) return this.cache.get(dir);
    let out: { name?: string; version?: string } | undefined;
    const text = this.read_(dir);
    if (text !== undefined) {
      try {
        const v: unknown = JSON.parse(stripBom(text));
        if (v && typeof v === 'object' && !Array.isArray(v)) {
          const o = v as Record<string, unknown>;
          out = {
            ...(typeof o.name === 'string' && o.name.trim() ? { name: o.name.trim() } : {}),
            ...(typeof o.version === 'string' && o.version.trim() ? { version: o.version.trim() } : {}),
          };
        }
      } catch {
        out = undefined; // a broken package.json is the package-json source's finding, not this one's
      }
    }
    this.cache.set(dir, out);
    return out;
  }
}

const GITHUB_CODELOAD = /^https:\/\/codeload\.github\.com\/([^/]+)\/([^/]+)\/tar\.gz\/([0-9a-f]{7,40})$/i;

/** Where the package comes from and the purl qualifiers that make that source its identity. */
function originOf(res: Resolution | null | undefined, registryKey: boolean): { origin: Origin; qualifiers?: Record<string, string> } {
  if (res?.type === 'git' && res.repo) {
    const repo = res.repo.startsWith('git+') ? res.repo : `git+${res.repo}`;
    return { origin: { type: 'git', url: res.repo, ...(res.commit ? { ref: res.commit } : {}) }, qualifiers: { vcs_url: res.commit ? `${repo}#${res.commit}` : repo } };
  }
  if (res?.type === 'directory' || res?.directory !== undefined) {
    return { origin: { type: 'file', ...(res.directory !== undefined ? { ref: res.directory } : {}) } };
  }
  if (res?.tarball && !registryKey) {
    const gh = GITHUB_CODELOAD.exec(res.tarball);
    if (gh) {
      // pnpm resolves github: dependencies to codeload tarballs of one commit
      const url = `https://github.com/${gh[1]}/${gh[2]}.git`;
      return { origin: { type: 'git', url, ref: gh[3] }, qualifiers: { vcs_url: `git+${url}#${gh[3]}` } };
    }
    if (res.tarball.startsWith('file:')) return { origin: { type: 'file', ref: res.tarball.slice(5) } };
    return { origin: { type: 'tarball', url: res.tarball }, qualifiers: { download_url: res.tarball } };
  }
  return { origin: { type: 'registry', ...(res?.tarball ? { url: res.tarball } : {}) } };
}

function nodeData(
  ctx: Ctx,
  key: string,
  parsed: ReturnType<typeof parseKey>,
  entry: PackageEntry | null,
  importers: ReadonlySet<string>,
  manifests: ManifestReader,
  ev: Evidence[],
): NodeData | undefined {
  const res = entry?.resolution;
  const section = ctx.syntax === 'v9' ? 'snapshots' : 'packages';
  const name = parsed.registry ? parsed.name : (entry?.name ?? parsed.name);
  if (!name) {
    note(ctx, 'pnpm.entry-unnamed', 'warning', `the lockfile entry ${JSON.stringify(key)} names no package, so it cannot be listed`, lineOf(ctx, section, key), 'Run `pnpm install` to rewrite the lockfile.');
    return undefined;
  }
  const { origin, qualifiers } = originOf(res, parsed.registry);
  let version = parsed.registry ? (parsed.version ?? '') : (entry?.version ?? '');
  let firstParty = false;
  if (origin.type === 'file' && origin.ref !== undefined) {
    const dir = normalizeImporter(origin.ref); // relative to the lockfile's folder
    if (importers.has(dir)) {
      firstParty = true; // an injected copy of a workspace package
      origin.type = 'workspace';
    }
    if (!version) version = manifests.read(dir)?.version ?? '';
    origin.ref = repoPath(ctx, dir);
  }
  if (!version && !firstParty) {
    note(ctx, 'pnpm.version-unknown', 'warning', `the lockfile does not say which version of ${name} it installs (${JSON.stringify(key)})`, lineOf(ctx, section, key), 'Keep the package.json of the dependency in the repository, or pin a published version.');
  }
  let purl: string;
  try {
    purl = npmPurl(name, version, qualifiers);
  } catch (e) {
    note(ctx, 'pnpm.entry-unnamed', 'warning', `the lockfile entry ${JSON.stringify(key)} has a name no package URL can hold (${e instanceof Error ? e.message : String(e)})`, lineOf(ctx, section, key), 'Check the lockfile entry; regenerate the lockfile with `pnpm install`.');
    return undefined;
  }
  // the package's engines / os / cpu / libc (v9: in `packages`, the metadata half), as its prerequisites
  const properties = entry && !firstParty ? prerequisiteProperties(npmPlatform(entry)) : [];
  return {
    key: purl,
    ecosystem: 'npm',
    name,
    version,
    purl,
    licenses: [],
    hashes: sriToHashes(res?.integrity),
    origin,
    firstParty,
    evidence: ev,
    ...(properties.length ? { properties } : {}),
  };
}

/**
 * v5/v6 lockfiles carry pnpm's own verdict (`dev: true|false`, `optional: true`). The graph computed
 * from the importers should agree; where it does not (a hand-edited or partly merged lockfile), pnpm's
 * flag wins, because it is what `pnpm install --prod` acts on, and a finding says so.
 */
function applyFlags(ctx: Ctx, components: Component[], flags: ReadonlyMap<string, Scope>): void {
  for (const c of components) {
    const flag = flags.get(c.key);
    if (!flag || c.firstParty || flag === c.scope) continue;
    note(ctx, 'pnpm.scope-flag', 'info', `pnpm flags ${c.name}@${c.version} as ${flag} but the importers' dependencies make it ${c.scope}; pnpm's flag is used`, c.evidence[0]?.line, 'Nothing to do if the lockfile was written by pnpm; if it was edited or merged by hand, run `pnpm install` to rewrite it.', c.key);
    c.scope = flag;
  }
}

function note(ctx: Ctx, rule: string, severity: Finding['severity'], message: string, line: number | undefined, fix: string, item?: string): void {
  ctx.findings.push({ rule, severity, message, file: ctx.file, ...(line !== undefined ? { line } : {}), ...(item ? { item } : {}), fix });
}
