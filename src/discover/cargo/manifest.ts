import { posix } from 'node:path';
import { parseToml } from '../../util/toml.js';
import { CargoDependency } from './schema.js';

/** How a Cargo.toml declares a dependency: cargo's dependency kinds. */
export type DeclKind = 'normal' | 'build' | 'dev';

export interface DepDecl {
  /** The key in the table: the name the code uses and features refer to. */
  key: string;
  /** The crate's real name (`package = "…"` renames). */
  crate: string;
  kind: DeclKind;
  optional: boolean;
  /** Version requirement, when declared. */
  req?: string;
  /** Repository-relative folder of a `path = …` dependency, when it stays inside the repository. */
  path?: string;
  /** `[target.'cfg(…)'.…]` it was declared under, if any. */
  target?: string;
  /** `git = …` repository, and the `rev`/`tag`/`branch` asked for ("rev=…"). */
  git?: string;
  gitRef?: string;
  /** Whether it came from `[workspace.dependencies]` (`dep = { workspace = true }`). */
  inherited?: boolean;
}

export interface CargoManifest {
  file: string;
  /** `[package]` name, when the file declares a package (a virtual workspace root does not). */
  name?: string;
  version?: string;
  deps: DepDecl[];
  /** Keys of optional dependencies that the `default` feature turns on. */
  defaultOn: Set<string>;
  workspace?: {
    members: string[];
    exclude: string[];
  };
  /** `[patch.<registry>]` entries: crates replaced by a path or git version everywhere in the graph. */
  patches: { crate: string; path?: string; git?: string }[];
}

const TABLES: ReadonlyArray<[string, DeclKind]> = [
  ['dependencies', 'normal'],
  ['build-dependencies', 'build'],
  ['build_dependencies', 'build'],
  ['dev-dependencies', 'dev'],
  ['dev_dependencies', 'dev'],
];

const own = (o: unknown, k: string): unknown =>
  o !== null && typeof o === 'object' && !Array.isArray(o) ? Object.getOwnPropertyDescriptor(o, k)?.value : undefined;
const isTable = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/**
 * Read a Cargo.toml: the package's name and version, every dependency table (plain and per target) with its kind,
 * and the `[workspace]` members. `workspaceRoot` is the root manifest, for `version.workspace = true` and
 * `dep = { workspace = true }`. Throws a TureenError when the TOML is not valid.
 */
export function readManifest(file: string, text: string, workspaceRoot?: CargoManifestRaw): CargoManifest {
  const raw = readRaw(file, text);
  return interpret(raw, workspaceRoot ?? raw);
}

/** The parsed TOML of a manifest, kept for the members that inherit from the workspace root. */
export interface CargoManifestRaw {
  file: string;
  data: Record<string, unknown>;
}

export function readRaw(file: string, text: string): CargoManifestRaw {
  return { file, data: parseToml(text, file) };
}

export function interpret(raw: CargoManifestRaw, root: CargoManifestRaw): CargoManifest {
  const { file, data } = raw;
  const dir = posix.dirname(file) === '.' ? '' : posix.dirname(file);
  const rootDir = posix.dirname(root.file) === '.' ? '' : posix.dirname(root.file);
  const pkg = own(data, 'package');
  const ws = own(data, 'workspace');
  const wsPackage = own(own(root.data, 'workspace'), 'package');
  const wsDeps = own(own(root.data, 'workspace'), 'dependencies');

  const name = typeof own(pkg, 'name') === 'string' ? (own(pkg, 'name') as string) : undefined;
  let version: string | undefined;
  const v = own(pkg, 'version');
  if (typeof v === 'string') version = v;
  else if (own(v, 'workspace') === true && typeof own(wsPackage, 'version') === 'string') version = own(wsPackage, 'version') as string;

  const deps: DepDecl[] = [];
  const readTables = (holder: unknown, target?: string) => {
    for (const [table, kind] of TABLES) {
      const t = own(holder, table);
      if (!isTable(t)) continue;
      for (const key of Object.keys(t)) {
        const parsed = CargoDependency.safeParse(own(t, key));
        if (!parsed.success) continue;
        let d = parsed.data;
        let base = dir;
        let optional = typeof d === 'object' && d.optional === true;
        let inherited = false;
        if (typeof d === 'object' && d.workspace === true) {
          inherited = true;
          const fromWs = CargoDependency.safeParse(own(wsDeps, key));
          if (fromWs.success) {
            d = fromWs.data;
            base = rootDir;
            optional = optional || (typeof d === 'object' && d.optional === true);
          }
        }
        const crate = typeof d === 'object' && d.package ? d.package : key;
        const req = typeof d === 'string' ? d : d.version;
        const path = typeof d === 'object' && d.path !== undefined ? insideRepo(base, d.path) : undefined;
        const git = typeof d === 'object' && typeof d.git === 'string' ? d.git : undefined;
        const gitRef = typeof d === 'object' ? (['rev', 'tag', 'branch'] as const).map((k) => (typeof own(d, k) === 'string' ? `${k}=${own(d, k) as string}` : undefined)).find((x) => x !== undefined) : undefined;
        deps.push({
          key, crate, kind, optional,
          ...(req !== undefined ? { req } : {}),
          ...(path !== undefined ? { path } : {}),
          ...(target !== undefined ? { target } : {}),
          ...(git !== undefined ? { git } : {}),
          ...(gitRef !== undefined ? { gitRef } : {}),
          ...(inherited ? { inherited } : {}),
        });
      }
    }
  };
  readTables(data);
  const targets = own(data, 'target');
  if (isTable(targets)) for (const cfg of Object.keys(targets)) readTables(own(targets, cfg), cfg);

  const patches: CargoManifest['patches'] = [];
  const patch = own(data, 'patch');
  if (isTable(patch)) {
    for (const registry of Object.keys(patch)) {
      const t = own(patch, registry);
      if (!isTable(t)) continue;
      for (const key of Object.keys(t)) {
        const parsed = CargoDependency.safeParse(own(t, key));
        if (!parsed.success || typeof parsed.data === 'string') continue;
        const d = parsed.data;
        const path = d.path !== undefined ? insideRepo(dir, d.path) : undefined;
        patches.push({ crate: d.package ?? key, ...(path !== undefined ? { path } : {}), ...(typeof d.git === 'string' ? { git: d.git } : {}) });
      }
    }
  }

  return {
    file,
    patches,
    ...(name !== undefined ? { name } : {}),
    ...(version !== undefined ? { version } : {}),
    deps,
    defaultOn: defaultFeatures(own(data, 'features'), deps),
    ...(isTable(ws) ? { workspace: { members: strings(own(ws, 'members')), exclude: strings(own(ws, 'exclude')) } } : {}),
  };
}

/**
 * The optional dependencies the `default` feature turns on, following cargo's feature rules: a feature lists other
 * features, `dep:x` (turns on the optional dependency x), `x/feat` (turns on x and its feature), `x?/feat` (does not
 * turn on x), or the name of an optional dependency (its implicit feature, unless some feature uses `dep:x`).
 */
function defaultFeatures(features: unknown, deps: readonly DepDecl[]): Set<string> {
  const on = new Set<string>();
  if (!isTable(features)) return on;
  const optional = new Set(deps.filter((d) => d.optional).map((d) => d.key));
  const seen = new Set<string>();
  const queue = ['default'];
  for (let i = 0; i < queue.length && i < 10_000; i++) {
    const f = queue[i] as string;
    if (seen.has(f)) continue;
    seen.add(f);
    const list = own(features, f);
    if (list === undefined) {
      if (optional.has(f)) on.add(f);
      continue;
    }
    for (const item of strings(list)) {
      if (item.startsWith('dep:')) on.add(item.slice(4));
      else if (item.includes('/')) {
        const dep = item.slice(0, item.indexOf('/'));
        if (!dep.endsWith('?') && optional.has(dep)) on.add(dep);
      } else queue.push(item);
    }
  }
  return on;
}

/** A repository-relative folder below `base`, or undefined when the path leaves the repository. */
export function insideRepo(base: string, rel: string): string | undefined {
  if (rel.startsWith('/') || /^[a-z]:/i.test(rel) || rel.includes('\\')) return undefined;
  const p = posix.normalize(posix.join(base || '.', rel));
  if (p === '..' || p.startsWith('../') || p.startsWith('/')) return undefined;
  return p === '.' ? '' : p.replace(/\/$/, '');
}

