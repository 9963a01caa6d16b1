import type { Evidence, Origin, Property } from '../../model/component.js';
import { malformed } from '../../model/errors.js';
import type { Finding } from '../../model/finding.js';
import { npmPlatform, prerequisiteProperties, type Prerequisites } from '../../model/prerequisites.js';
import { firstIssue } from '../../util/dict.js';
import { stripBom } from '../../util/json.js';
import { npmPurl } from '../../util/purl.js';
import { DepGraph, nodeFinding, type EdgeKind } from '../graph.js';
import { mergeComponents } from '../merge.js';
import type { ExtractResult } from '../source.js';
import { gitVcsUrl, isGitUrl, splitDescriptor } from '../yarn/descriptor.js';
import type { Identity } from '../yarn/extract.js';
import { STALE_FIX, entryLines, ownRecord, parseYarnLock, yarnLockFlavour } from '../yarn/lockfile.js';
import { readManifest, type Manifest, type TextFile } from '../yarn/manifest.js';
import { BerryEntry, Metadata } from './schema.js';

/** Evidence and findings name the `yarn` source: it reads every yarn.lock and hands berry ones to this module. */
const SOURCE_ID = 'yarn';
/** Highest `__metadata.version` this reader was checked against (yarn 4.18 writes 10). */
const KNOWN_MAX_VERSION = 10;

export interface ParsedEntry {
  /** The first descriptor of the entry's key, e.g. "lodash@npm:^4.17.0". */
  key: string;
  descriptors: string[];
  line?: number;
  entry: BerryEntry;
  name: string;
  reference: string;
}

export interface ParsedBerry {
  file: string;
  metadataVersion: number;
  entries: ParsedEntry[];
}

/** Parse and validate a berry lockfile (no graph yet). Throws TureenError on malformed input. */
export function parseBerryLock(text: string, file: string): ParsedBerry {
  const t = stripBom(text);
  if (yarnLockFlavour(t) !== 'berry') {
    throw malformed(file, 'not a yarn berry lockfile: it has no top-level "__metadata" entry', { line: 1 },
      'Regenerate the lockfile with `yarn install`.');
  }
  const raw = parseYarnLock(t, file);
  const lines = entryLines(t);
  const keys = Object.keys(raw);
  if (!keys.includes('__metadata')) {
    throw malformed(file, 'the "__metadata" entry is missing or not at the top level', { line: 1 });
  }
  const meta = Metadata.safeParse(ownRecord(raw['__metadata']));
  if (!meta.success) {
    const issue = firstIssue(meta.error);
    throw malformed(file, `__metadata${issue.path ? `.${issue.path}` : ''} ${issue.message}`, { line: lines.get('__metadata'), key: '__metadata' });
  }
  const entries: ParsedEntry[] = [];
  for (const key of keys) {
    if (key === '__metadata') continue;
    const line = lines.get(key);
    const descriptors = key.split(/ *, */).filter(Boolean);
    const first = descriptors[0];
    if (!first) throw malformed(file, 'an entry has an empty key', { line });
    for (const d of descriptors) {
      if (!splitDescriptor(d)) throw malformed(file, `entry key "${d}" is not of the form name@range`, { line, key: d });
    }
    const parsed = BerryEntry.safeParse(ownRecord(raw[key]));
    if (!parsed.success) {
      const issue = firstIssue(parsed.error);
      throw malformed(file, `entry "${first}" ${issue.path ? `(${issue.path}) ` : ''}${issue.message}`, { line, key: first });
    }
    const locator = splitDescriptor(parsed.data.resolution);
    if (!locator) {
      throw malformed(file, `entry "${first}" has a resolution "${parsed.data.resolution}" that is not name@reference`, { line, key: first });
    }
    entries.push({
      key: first,
      descriptors,
      ...(line !== undefined ? { line } : {}),
      entry: parsed.data,
      name: locator.name,
      reference: locator.range,
    });
  }
  return { file, metadataVersion: Number(meta.data.version), entries };
}

/** The workspaces a berry lockfile lists: their path (relative to the lockfile's folder) and entry. */
export function berryWorkspaces(lock: ParsedBerry): { path: string; entry: ParsedEntry }[] {
  return lock.entries
    .filter((e) => protocolOf(e.reference) === 'workspace')
    .map((e) => ({ path: e.reference.slice('workspace:'.length) || '.', entry: e }));
}

export interface BerryInput {
  lockfile: TextFile;
  /** package.json of each workspace, keyed by the workspace path the lockfile gives ("." for the root). */
  manifests?: Map<string, TextFile>;
}

/** Parse + resolve: the components of a berry lockfile. */
export function extractYarnBerry(input: BerryInput): ExtractResult {
  const t = stripBom(input.lockfile.text);
  if (yarnLockFlavour(t) === 'empty') return { components: [], findings: [] };
  return berryComponents(parseBerryLock(t, input.lockfile.file), input.manifests ?? new Map());
}

/**
 * The graph of a parsed berry lockfile. Roots are the workspaces (`workspace:` entries, first-party);
 * their `dependencies` in the lockfile merge prod and dev, so each one is typed from the workspace's
 * package.json (devDependencies → dev edge; unknown → prod, when in doubt SOUP). `dependenciesMeta`
 * optional → optional edge. A `patch:` entry is the patched package itself and stands for its source
 * entry (they are linked both ways, so yarn's automatic builtin patches do not look stale).
 */
export function berryComponents(lock: ParsedBerry, manifests: Map<string, TextFile>): ExtractResult {
  const { file } = lock;
  const findings: Finding[] = [];
  if (lock.metadataVersion > KNOWN_MAX_VERSION) {
    findings.push({
      rule: 'yarn.lockfile-version',
      severity: 'info',
      message: `${file} has __metadata.version ${lock.metadataVersion}, newer than the versions Tureen was checked against (up to ${KNOWN_MAX_VERSION})`,
      file,
      fix: 'Check the inventory of this lockfile by hand, and report the version to the Tureen maintainers.',
    });
  }
  const graph = new DepGraph();
  const byDescriptor = new Map<string, number>();
  const byStripped = new Map<string, number[]>();
  const byResolution = new Map<string, number>();
  lock.entries.forEach((e, i) => {
    for (const d of e.descriptors) {
      if (!byDescriptor.has(d)) byDescriptor.set(d, i);
      const s = stripParams(d);
      byStripped.set(s, [...(byStripped.get(s) ?? []), i]);
    }
    if (!byResolution.has(e.entry.resolution)) byResolution.set(e.entry.resolution, i);
  });
  const nodeId = (i: number) => `entry:${i}`;

  const resolveDep = (name: string, range: string, parent: string): number | undefined => {
    const direct = byDescriptor.get(`${name}@${range}`);
    if (direct !== undefined) return direct;
    if (!protocolOf(range)) {
      const npm = byDescriptor.get(`${name}@npm:${range}`);
      if (npm !== undefined) return npm;
    }
    // file:/portal:/patch: descriptors are bound to the package that depends on them
    const bound = byDescriptor.get(`${name}@${range}${range.includes('::') ? '&' : '::'}locator=${encodeURIComponent(parent)}`);
    if (bound !== undefined) return bound;
    const loose = byStripped.get(stripParams(`${name}@${range}`));
    return loose && loose.length === 1 ? loose[0] : undefined;
  };

  // Workspaces first: their manifests decide versions and dev edges.
  const workspaceManifest = new Map<number, Manifest | undefined>();
  for (const ws of berryWorkspaces(lock)) {
    const idx = lock.entries.indexOf(ws.entry);
    const f = manifests.get(ws.path);
    let m: Manifest | undefined;
    if (f) {
      try {
        m = readManifest(f);
      } catch (e) {
        findings.push({
          rule: 'yarn.manifest-unreadable',
          severity: 'warning',
          message: `${f.file} could not be read (${e instanceof Error ? e.message : String(e)}): the dependencies of workspace "${ws.entry.name}" are all treated as runtime`,
          file: f.file,
          fix: 'Fix the package.json so that it is valid JSON.',
        });
      }
    } else {
      findings.push({
        rule: 'yarn.manifest-missing',
        severity: 'warning',
        message: `the package.json of workspace "${ws.entry.name}" (${ws.path}) was not found: its devDependencies cannot be told from its dependencies, so all are treated as runtime`,
        file,
        ...(ws.entry.line !== undefined ? { line: ws.entry.line } : {}),
        fix: 'Scan the whole project, including every workspace folder listed in yarn.lock.',
      });
    }
    workspaceManifest.set(idx, m);
  }

  // A patch: entry is the same package as the entry it patches: one node for both, so the patch's
  // evidence joins the source's and neither looks stale (yarn's builtin patches are never depended on).
  const canonical = lock.entries.map((e, i) => {
    const src = patchSourceOf(e, resolveDep, byResolution);
    return src !== undefined && src !== i && protocolOf(lock.entries[src]?.reference ?? '') !== 'patch' ? src : i;
  });
  const nodeOf = (i: number) => nodeId(canonical[i] ?? i);
  const evidence = new Map<number, Evidence[]>();
  const conditionsOf = new Map<number, string>();
  lock.entries.forEach((e, i) => {
    const c = canonical[i] ?? i;
    const list = evidence.get(c) ?? [];
    list.push({ file, ...(e.line !== undefined ? { line: e.line } : {}), key: e.key, source: SOURCE_ID });
    evidence.set(c, list);
    if (typeof e.entry.conditions === 'string' && !conditionsOf.has(c)) conditionsOf.set(c, e.entry.conditions);
  });

  lock.entries.forEach((e, i) => {
    const ident = berryIdentity(e.name, e.reference, e.entry.version);
    if (ident.patch && !ident.patch.builtin) {
      findings.push({
        rule: 'yarn.patched',
        severity: 'info',
        message: `${ident.name}@${ident.version} is modified by the local patch ${ident.patch.path}: the item that ships is the patched package`,
        file,
        ...(e.line !== undefined ? { line: e.line } : {}),
        item: ident.purl,
        fix: 'Assess the patch together with the package (its anomalies and CVE reviews may not apply as-is), and keep the patch file under review.',
      });
    }
    if (canonical[i] !== i) return;
    const isWorkspace = workspaceManifest.has(i);
    const version = isWorkspace ? workspaceManifest.get(i)?.version ?? '' : ident.version;
    const purl = isWorkspace ? npmPurl(ident.name, version) : ident.purl;
    // the package's `conditions` (its os / cpu / libc) are its prerequisites; a patch entry repeats its source's
    const properties: Property[] = isWorkspace ? [] : prerequisiteProperties(conditionsPlatform(conditionsOf.get(i)));
    graph.addNode(nodeId(i), {
      key: purl,
      ecosystem: 'npm',
      name: ident.name,
      version,
      purl,
      licenses: [],
      hashes: [],
      origin: ident.origin,
      firstParty: isWorkspace,
      evidence: evidence.get(i) ?? [],
      ...(properties.length ? { properties } : {}),
    });
    if (isWorkspace) graph.addRoot(nodeId(i));
  });

  lock.entries.forEach((e, i) => {
    const optional = optionalNames(e.entry.dependenciesMeta);
    const ws = workspaceManifest.has(i) ? { manifest: workspaceManifest.get(i) } : undefined;
    for (const [name, range] of e.entry.dependencies ?? []) {
      const to = resolveDep(name, range, e.entry.resolution);
      if (to === undefined) {
        findings.push({
          rule: 'yarn.unresolved',
          severity: 'warning',
          message: `${e.key} depends on "${name}@${range}", which has no entry in the lockfile`,
          file,
          ...(e.line !== undefined ? { line: e.line } : {}),
          fix: 'Run `yarn install` and commit the updated yarn.lock.',
        });
        continue;
      }
      let kind: EdgeKind = optional.has(name) ? 'optional' : 'prod';
      if (ws && kind === 'prod') kind = workspaceEdgeKind(ws.manifest, name);
      graph.addEdge(nodeOf(i), nodeOf(to), kind);
    }
    // peerDependencies are provided by the dependent, never installed for this entry: no edge.
  });

  const hasRoots = workspaceManifest.size > 0;
  if (!hasRoots) {
    findings.push({
      rule: 'yarn.roots-unknown',
      severity: 'warning',
      message: `${file} lists no workspace: which packages are development-only cannot be told, so every entry is listed as runtime`,
      file,
      fix: 'Regenerate the lockfile with `yarn install`; yarn berry always lists the project itself as a workspace.',
    });
  }
  const { components, unreachable } = graph.resolve({ unreachableScope: hasRoots ? 'development' : 'runtime' });
  if (hasRoots) {
    for (const n of unreachable) {
      findings.push(nodeFinding(n, file, {
        rule: 'yarn.stale-entry',
        severity: 'info',
        message: `${n.name}@${n.version} is in ${file} but no workspace's dependencies lead to it; listed as development`,
        fix: STALE_FIX,
      }));
    }
  }
  return { components: mergeComponents(components), findings };
}

/**
 * The prerequisites in a berry `conditions` line. Yarn writes it from the manifest (Manifest.getConditions): the
 * os, cpu and libc fields joined by " & ", each one token `field=value` (`!field=value` for an excluded value) or,
 * for several values, `(field=a | field=b)`. The values go back into npm-style lists ("!x" excludes x) for
 * npmPlatform; a token of another form ("invalid", an unknown field) says nothing.
 */
export function conditionsPlatform(conditions: unknown): Prerequisites {
  if (typeof conditions !== 'string') return { software: [] };
  const lists: Record<'os' | 'cpu' | 'libc', string[]> = { os: [], cpu: [], libc: [] };
  for (const token of conditions.split(/[&|()]/)) {
    const m = /^(!?)(os|cpu|libc)=(.+)$/.exec(token.trim());
    if (m) lists[m[2] as 'os' | 'cpu' | 'libc'].push(`${m[1] ?? ''}${(m[3] ?? '').trim()}`);
  }
  return npmPlatform(lists);
}

function workspaceEdgeKind(m: Manifest | undefined, name: string): EdgeKind {
  if (!m) return 'prod';
  if (m.dependencies.has(name)) return 'prod';
  if (m.optionalDependencies.has(name)) return 'optional';
  if (m.devDependencies.has(name)) return 'dev';
  return 'prod';
}

/** Names that `dependenciesMeta` marks optional (keys are "name" or "name@version"). */
function optionalNames(meta: Map<string, unknown> | undefined): Set<string> {
  const out = new Set<string>();
  for (const [key, value] of meta ?? []) {
    const flag = ownRecord(value)?.['optional'];
    if (flag !== true && flag !== 'true') continue;
    out.add(splitDescriptor(key)?.name ?? key);
  }
  return out;
}

/** For a `patch:` entry, the entry of the package it patches. */
function patchSourceOf(
  e: ParsedEntry,
  resolveDep: (name: string, range: string, parent: string) => number | undefined,
  byResolution: Map<string, number>,
): number | undefined {
  if (protocolOf(e.reference) !== 'patch') return undefined;
  for (const d of e.descriptors) {
    const split = splitDescriptor(d);
    if (!split || protocolOf(split.range) !== 'patch') continue;
    const source = splitDescriptor(patchParts(split.range).source);
    if (!source) continue;
    const hit = resolveDep(source.name, source.range, e.entry.resolution);
    if (hit !== undefined) return hit;
  }
  const inner = patchParts(e.reference).source;
  return byResolution.get(inner);
}

function protocolOf(range: string): string | undefined {
  return /^([a-z][a-z0-9+.-]*):/i.exec(range)?.[1]?.toLowerCase();
}

/** A descriptor or reference without its "::key=value" binding parameters. */
function stripParams(s: string): string {
  const i = s.indexOf('::');
  return i === -1 ? s : s.slice(0, i);
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** "patch:<url-encoded source>#<patch path>::<params>" → its parts. */
function patchParts(range: string): { source: string; path: string } {
  const body = range.slice('patch:'.length);
  const hash = body.indexOf('#');
  const source = safeDecode(hash === -1 ? stripParams(body) : body.slice(0, hash));
  const path = hash === -1 ? '' : stripParams(body.slice(hash + 1));
  return { source, path };
}

export interface BerryIdentity extends Identity {
  patch?: { path: string; builtin: boolean };
}

/**
 * What a berry resolution ("name@<protocol>:<reference>") is. npm: → registry; patch: → the patched
 * package (identity of its source, the patch noted); git → vcs_url with the commit; http(s) tarball
 * → download_url; file:/link:/portal: → local; workspace: → first party.
 */
export function berryIdentity(name: string, reference: string, version: string, depth = 0): BerryIdentity {
  const proto = protocolOf(reference);
  if (proto === 'patch' && depth < 4) {
    const { source, path } = patchParts(reference);
    const inner = splitDescriptor(source);
    if (inner) {
      const ident = berryIdentity(inner.name, inner.range, version, depth + 1);
      return { ...ident, patch: { path, builtin: /builtin</.test(path) } };
    }
  }
  let origin: Origin;
  let qualifiers: Record<string, string> | undefined;
  if (proto === 'npm') {
    origin = { type: 'registry' };
  } else if (proto === 'workspace') {
    origin = { type: 'workspace', ref: reference.slice('workspace:'.length) || '.' };
  } else if (reference.includes('#commit=') || /^(git|git\+[a-z]+|ssh|github|gitlab|bitbucket):/i.test(reference) || isGitUrl(reference)) {
    const url = stripParams(reference).split('#')[0] ?? reference;
    const frag = reference.includes('#') ? reference.slice(reference.indexOf('#') + 1) : '';
    const commit = /(?:^|&)commit=([^&]+)/.exec(frag)?.[1];
    origin = { type: 'git', url, ...(commit ? { ref: commit } : {}) };
    qualifiers = { vcs_url: gitVcsUrl(url, commit) };
  } else if (proto === 'http' || proto === 'https') {
    const url = stripParams(reference);
    origin = { type: 'tarball', url };
    qualifiers = { download_url: url };
  } else if (proto === 'file') {
    origin = { type: 'file', ref: stripParams(reference.slice(5)).split('#')[0] ?? '' };
  } else if (proto === 'link' || proto === 'portal') {
    origin = { type: 'link', ref: stripParams(reference.slice(proto.length + 1)) };
  } else {
    origin = { type: 'unknown', ref: reference };
  }
  return { name, version, purl: npmPurl(name, version, qualifiers), origin, hashes: [] };
}
