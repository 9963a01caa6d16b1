import type { Component, Evidence, Hash, Property } from '../../model/component.js';
import { malformed } from '../../model/errors.js';
import type { Finding } from '../../model/finding.js';
import { firstIssue } from '../../util/dict.js';
import { parseJson } from '../../util/json.js';
import { LineIndex } from '../../util/lines.js';
import { rootName } from '../../util/purl.js';
import { parseXml } from '../../util/xml.js';
import { component } from '../component.js';
import { DepGraph, nodeFinding } from '../graph.js';
import type { ExtractResult } from '../source.js';
import { clip, ECOSYSTEM, nugetPurl, SOURCE_ID } from './common.js';
import { PackagesConfig, PackagesLock } from './schema.js';

export { SOURCE_ID } from './common.js';

/** Newest packages.lock.json version this reader knows. */
export const KNOWN_LOCK_VERSION = 2;

export interface PackagesLockInput {
  /** Repository-relative path of packages.lock.json. */
  file: string;
  text: string;
  /** Name of the project the lock belongs to (its project file's name); else the folder name. */
  project?: string;
  /**
   * Ids (any case) the project file references with PrivateAssets="all" (analyzers, build tools): they and what
   * only they pull in are development. packages.lock.json itself does not record this.
   */
  developmentIds?: ReadonlySet<string>;
}

/** base64 SHA-512 (NuGet's contentHash) → hex Hash, or undefined when it is not one. */
export function contentHash(b64: string | undefined): Hash | undefined {
  if (!b64 || !/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return undefined;
  const hex = Buffer.from(b64, 'base64').toString('hex');
  return hex.length === 128 ? { alg: 'SHA-512', content: hex } : undefined;
}

/**
 * Read a packages.lock.json into components: one per package id and resolved version across all target
 * frameworks and runtime identifiers (properties nuget:targetFramework list them). Type Direct → direct,
 * Transitive and CentralTransitive → through the `dependencies` graph, Project → the project's own referenced
 * projects (first-party). Scope runtime, except what only PrivateAssets="all" references pull in (development),
 * as named by `developmentIds`. contentHash (base64 SHA-512) → hash.
 */
export function extractPackagesLock(input: PackagesLockInput): ExtractResult {
  const { file, text } = input;
  const res = PackagesLock.safeParse(parseJson(text, file));
  if (!res.success) {
    const { path, message } = firstIssue(res.error);
    throw malformed(file, `not a NuGet packages.lock.json: ${path ? `${path}: ` : ''}${message}`, path ? { key: path } : undefined);
  }
  const lock = res.data;
  const lines = new LineIndex(text);
  const findings: Finding[] = [];
  if (lock.version > KNOWN_LOCK_VERSION) {
    findings.push({
      rule: `${SOURCE_ID}.lockfile-version`,
      severity: 'warning',
      message: `packages.lock.json version ${lock.version} is newer than the versions Tureen knows (1–${KNOWN_LOCK_VERSION}); it was read as version ${KNOWN_LOCK_VERSION}`,
      file,
      line: lines.lineOf('"version"') ?? 1,
      fix: 'Check the inventory of this lockfile by hand, and update Tureen.',
    });
  }
  const dev = new Set([...(input.developmentIds ?? [])].map((s) => s.toLowerCase()));
  const graph = new DepGraph();
  const ROOT = '\u0000root';
  const projectName = input.project ?? rootName(file);
  graph.addNode(ROOT, { key: ROOT, ecosystem: ECOSYSTEM, name: projectName, version: '', purl: ROOT, licenses: [], hashes: [], origin: { type: 'workspace' }, firstParty: true, evidence: [{ file, source: SOURCE_ID }] });
  graph.addRoot(ROOT);

  const frameworks = new Map<string, Set<string>>();
  const requested = new Map<string, string>();
  for (const [tfm, entries] of lock.dependencies) {
    const tfmAt = Math.max(0, text.indexOf(JSON.stringify(tfm)));
    /** lower-cased id → node id, within this target */
    const local = new Map<string, string>();
    for (const [id, e] of entries) {
      const lower = id.toLowerCase();
      const project = e.type === 'Project';
      const version = project ? '' : (e.resolved ?? '').trim();
      const nodeId = project ? `project:${lower}` : `${lower}@${version}`;
      local.set(lower, nodeId);
      if (!frameworks.has(nodeId)) frameworks.set(nodeId, new Set());
      frameworks.get(nodeId)?.add(tfm);
      if (e.requested && !requested.has(nodeId)) requested.set(nodeId, e.requested);
      if (graph.hasNode(nodeId)) continue;
      // the entry's own key (an object), not a mention of it in another entry's "dependencies" (a string)
      const re = new RegExp(`${JSON.stringify(id).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*:\\s*\\{`, 'g');
      re.lastIndex = tfmAt;
      const at = re.exec(text)?.index ?? -1;
      const line = at === -1 ? undefined : lines.lineAt(at);
      let purl: string;
      try {
        purl = nugetPurl(id, version);
      } catch {
        throw malformed(file, `the package id "${clip(id)}" cannot be identified`, { ...(line !== undefined ? { line } : {}), key: `dependencies.${clip(tfm)}.${clip(id)}` });
      }
      const h = contentHash(e.contentHash);
      const evidence: Evidence[] = [{ file, ...(line !== undefined ? { line } : {}), key: `dependencies[${clip(tfm)}][${clip(id)}]`, source: SOURCE_ID }];
      graph.addNode(nodeId, {
        key: purl, ecosystem: ECOSYSTEM, name: id, version, purl, licenses: [], hashes: h ? [h] : [],
        origin: project ? { type: 'workspace', ref: id } : { type: 'registry' }, firstParty: project, evidence,
      });
      if (!project && !version) {
        findings.push({
          rule: `${SOURCE_ID}.unpinned`,
          severity: 'warning',
          message: `${clip(id)} has no resolved version in packages.lock.json (target ${clip(tfm)})`,
          file, ...(line !== undefined ? { line } : {}), item: purl,
          fix: 'Run `dotnet restore --force-evaluate` to rewrite packages.lock.json, and commit it.',
        });
      }
    }
    for (const [id, e] of entries) {
      const from = local.get(id.toLowerCase()) as string;
      if (e.type === 'Direct' || e.type === 'Project') graph.addEdge(ROOT, from, e.type === 'Direct' && dev.has(id.toLowerCase()) ? 'dev' : 'prod');
      for (const dep of e.dependencies?.keys() ?? []) {
        const to = local.get(dep.toLowerCase());
        if (to) graph.addEdge(from, to, 'prod');
      }
    }
  }

  const { components, unreachable } = graph.resolve({ unreachableScope: 'runtime' });
  for (const n of unreachable) {
    findings.push(nodeFinding(n, file, {
      rule: `${SOURCE_ID}.unreachable`,
      severity: 'info',
      message: `${clip(n.name)} ${n.version} is in packages.lock.json but no direct package or project leads to it; it is listed as runtime`,
      fix: 'Run `dotnet restore --force-evaluate` to rewrite packages.lock.json, and commit it.',
    }));
  }
  const byKey = new Map<string, string>();
  for (const id of frameworks.keys()) {
    const k = graph.node(id)?.key;
    if (k) byKey.set(k, id);
  }
  const out: Component[] = components.filter((c) => c.key !== ROOT).map((c) => {
    const id = byKey.get(c.key) as string;
    const props: Property[] = [{ name: 'nuget:targetFramework', value: [...(frameworks.get(id) ?? [])].join(';') }];
    const req = requested.get(id);
    if (req) props.push({ name: 'nuget:requested', value: req });
    return { ...c, properties: props };
  });
  return { components: out, findings };
}

export interface PackagesConfigInput {
  file: string;
  text: string;
}

/**
 * Read a packages.config (NuGet's older, flat list of every installed package, transitive ones included):
 * one component per package; developmentDependency="true" → development. packages.config does not tell
 * direct from transitive packages, so none is marked direct.
 */
export function extractPackagesConfig(input: PackagesConfigInput): ExtractResult {
  const { file, text } = input;
  const xml = parseXml(text, file, { arrays: ['package'] });
  const res = PackagesConfig.safeParse(xml);
  if (!res.success) {
    const { path, message } = firstIssue(res.error);
    throw malformed(file, `not a NuGet packages.config: ${path ? `${path}: ` : ''}${message}`, path ? { key: path } : undefined);
  }
  const lines = new LineIndex(text);
  const components: Component[] = [];
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const pkgs = res.data.packages === '' ? [] : res.data.packages.package ?? [];
  let cursor = 0;
  for (const p of pkgs) {
    const id = p['@_id'];
    const raw = (p['@_version'] ?? '').trim();
    const at = findAttr(text, 'id', id, cursor);
    if (at !== -1) cursor = at + 1;
    const line = at === -1 ? undefined : lines.lineAt(at);
    const version = /^[0-9][0-9A-Za-z.+-]*$/.test(raw) ? raw : '';
    let purl: string;
    try {
      purl = nugetPurl(id, version);
    } catch {
      throw malformed(file, `the package id "${clip(id)}" cannot be identified`, line !== undefined ? { line } : undefined);
    }
    if (seen.has(purl)) continue;
    seen.add(purl);
    const devDep = (p['@_developmentDependency'] ?? '').toLowerCase() === 'true';
    components.push(component({
      ecosystem: ECOSYSTEM, name: id, version, purl, scope: devDep ? 'development' : 'runtime',
      evidence: [{ file, ...(line !== undefined ? { line } : {}), key: `package[${clip(id)}]`, source: SOURCE_ID }],
      ...(p['@_targetFramework'] ? { properties: [{ name: 'nuget:targetFramework', value: p['@_targetFramework'] }] } : {}),
    }));
    if (!version) {
      findings.push({
        rule: `${SOURCE_ID}.unpinned`,
        severity: 'warning',
        message: `${clip(id)} has ${raw ? `the version "${clip(raw)}", which is not an exact version` : 'no version'} in packages.config`,
        file, ...(line !== undefined ? { line } : {}), item: purl,
        fix: 'Reinstall the package with the NuGet package manager so that packages.config records its exact version.',
      });
    }
  }
  return { components, findings };
}

/** Offset of `attr="value"` (either quote, case-insensitive attribute name) at or after `from`, or -1. */
export function findAttr(text: string, attr: string, value: string, from = 0): number {
  const esc = value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/&/g, '(?:&|&amp;)');
  const re = new RegExp(`\\b${attr}\\s*=\\s*["']${esc}["']`, 'gi');
  re.lastIndex = from;
  const m = re.exec(text);
  return m ? m.index : -1;
}
