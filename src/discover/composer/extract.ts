import { posix } from 'node:path';
import type { Component, Evidence, Hash, License, Origin, Property } from '../../model/component.js';
import { malformed } from '../../model/errors.js';
import type { Finding } from '../../model/finding.js';
import { composerPlatform, prerequisiteProperties } from '../../model/prerequisites.js';
import { firstIssue } from '../../util/dict.js';
import { hexHash } from '../../util/hash.js';
import { parseJson } from '../../util/json.js';
import { toLicense } from '../../util/license.js';
import { LineIndex } from '../../util/lines.js';
import { purlOf, rootName } from '../../util/purl.js';
import { component } from '../component.js';
import { DepGraph } from '../graph.js';
import type { ExtractResult } from '../source.js';
import { ComposerJson, ComposerLock, type ComposerPackage } from './schema.js';
import { clip } from '../../util/text.js';
import { insideRepo } from '../../util/path.js';

export const SOURCE_ID = 'composer';
export const ECOSYSTEM = 'Packagist';

/** Platform requirements (PHP itself, extensions, system libraries, Composer's APIs): never lock entries. */
export const isPlatform = (name: string) =>
  /^(php(-64bit|-ipv6|-zts|-debug)?|hhvm|ext-.+|lib-.+|composer(-plugin-api|-runtime-api)?)$/i.test(name) || !name.includes('/');

/** The purl of a Packagist package "vendor/name": vendor is the purl namespace; names are case-insensitive (lower-cased). */
export function composerPurl(name: string, version: string): string {
  const lower = name.toLowerCase();
  const slash = lower.indexOf('/');
  return purlOf('composer', slash > 0 ? lower.slice(0, slash) : undefined, slash > 0 ? lower.slice(slash + 1) : lower, version);
}

/** Composer's `license` array is a disjunction ("either"): one SPDX OR-expression when every part is SPDX. */
export function composerLicenses(value: string | string[] | null | undefined): License[] {
  const list = (Array.isArray(value) ? value : value ? [value] : []).map((s) => s.trim()).filter(Boolean);
  if (list.length === 0) return [];
  const each = list.map(toLicense).filter((l): l is License => l !== undefined);
  if (each.length > 1 && each.every((l) => 'expression' in l)) {
    const joined = toLicense(each.map((l) => `(${(l as { expression: string }).expression})`).join(' OR '));
    if (joined && 'expression' in joined) return [joined];
  }
  return each;
}

export interface ComposerInput {
  /** Repository-relative path of composer.lock. */
  file: string;
  text: string;
  /** The composer.json beside it, when there is one: gives the root's name and which packages are direct. */
  manifest?: { file: string; text: string };
}

/**
 * Read a composer.lock into components (ecosystem Packagist, purl pkg:composer/vendor/name@version).
 * Scope is Composer's own verdict: `packages` → runtime (what `composer install --no-dev` installs),
 * `packages-dev` → development. The `require` maps give the graph (paths, dependencies); the root
 * composer.json, when beside the lock, is the first-party root and says which packages are direct.
 * Versions are kept as the lock records them ("v1.27.0" stays "v1.27.0": that is the tag published on
 * Packagist; OSV's Packagist versions have no "v", so the property composer:normalized holds the version
 * without it).
 */
export function extractComposerLock(input: ComposerInput): ExtractResult {
  const { file, text } = input;
  const res = ComposerLock.safeParse(parseJson(text, file));
  if (!res.success) {
    const { path, message } = firstIssue(res.error);
    throw malformed(file, `not a composer.lock: ${path ? `${path}: ` : ''}${message}`, path ? { key: path } : undefined);
  }
  const lock = res.data;
  const lines = new LineIndex(text);
  const dir = posix.dirname(file) === '.' ? '' : posix.dirname(file);
  const findings: Finding[] = [];
  const graph = new DepGraph();

  const manifest = input.manifest ? readManifest(input.manifest.file, input.manifest.text) : undefined;
  const ROOT = '\u0000root';
  const root = rootComponent(manifest?.data, input.manifest?.file ?? file, rootName(file, manifest?.data.name));
  graph.addNode(ROOT, { ...root, key: root.key });
  graph.addRoot(ROOT);

  const devSet = new Set<string>();
  const entries: { pkg: ComposerPackage; dev: boolean }[] = [
    ...lock.packages.map((pkg) => ({ pkg, dev: false })),
    ...(lock['packages-dev'] ?? []).map((pkg) => ({ pkg, dev: true })),
  ];
  const props = new Map<string, Property[]>();
  const kinds = new Map<string, Component['kind']>();
  let cursor = 0;
  for (const { pkg, dev } of entries) {
    const id = pkg.name.toLowerCase();
    const needle = `"name": ${JSON.stringify(pkg.name)}`;
    let at = text.indexOf(needle, cursor);
    if (at === -1) at = text.indexOf(JSON.stringify(pkg.name), cursor);
    if (at !== -1) cursor = at + 1;
    const line = at === -1 ? undefined : lines.lineAt(at);
    const place = line !== undefined ? { line } : {};
    if (graph.hasNode(id)) {
      findings.push({ rule: `${SOURCE_ID}.duplicate`, severity: 'warning', message: `${clip(pkg.name)} is listed twice in composer.lock; the first entry is kept`, file, ...place, fix: 'Run `composer update --lock` to rewrite composer.lock, and commit it.' });
      continue;
    }
    if (dev) devSet.add(id);
    const version = pkg.version.trim();
    let purl: string;
    try {
      purl = composerPurl(pkg.name, version);
    } catch {
      throw malformed(file, `"${clip(pkg.name)}" cannot be identified as a Composer package`, { ...place, key: `packages[${clip(pkg.name)}]` });
    }
    const { origin, hashes } = originOf(pkg);
    const p: Property[] = [];
    if (/^v\d/i.test(version)) p.push({ name: 'composer:normalized', value: version.slice(1) });
    if (pkg.type && pkg.type !== 'library') p.push({ name: 'composer:type', value: pkg.type });
    const ref = pkg.source?.reference ?? pkg.dist?.reference;
    if (ref) p.push({ name: 'composer:reference', value: ref });
    props.set(id, p);
    if (pkg.type === 'composer-plugin') kinds.set(id, 'tool');
    const firstParty = origin.type === 'file' && pkg.dist?.type === 'path' && origin.ref !== undefined && insideRepo(dir, origin.ref);
    // the php version and the extensions / system libraries a third-party package requires are its prerequisites
    if (!firstParty) p.push(...prerequisiteProperties(composerPlatform(pkg.require)));
    const evidence: Evidence[] = [{ file, ...place, key: `${dev ? 'packages-dev' : 'packages'}[${clip(pkg.name)}]`, source: SOURCE_ID }];
    graph.addNode(id, {
      key: purl, ecosystem: ECOSYSTEM, name: pkg.name, version, purl,
      licenses: composerLicenses(pkg.license), hashes, origin, firstParty, evidence,
    });
    if (/^dev-|\.x-dev$|-dev$/i.test(version) && !firstParty) {
      findings.push({
        rule: `${SOURCE_ID}.unpinned`,
        severity: 'warning',
        message: `${clip(pkg.name)} is installed from the development branch "${clip(version)}" (commit ${clip(ref ?? 'unknown')}), not a release`,
        file, ...place, item: purl,
        fix: 'Require a tagged release of this package in composer.json and run `composer update`; or record the commit as the version in the SOUP list.',
      });
    }
  }

  for (const { pkg, dev } of entries) {
    const from = pkg.name.toLowerCase();
    for (const dep of pkg.require?.keys() ?? []) {
      if (isPlatform(dep)) continue;
      const to = dep.toLowerCase();
      if (graph.hasNode(to)) graph.addEdge(from, to, 'prod');
      else if (!dev) findings.push({ rule: `${SOURCE_ID}.unresolved`, severity: 'info', message: `${clip(pkg.name)} requires ${clip(dep)}, which composer.lock does not list (replaced or provided by another package)`, file, fix: 'Nothing to do if another package replaces or provides it; otherwise run `composer update --lock`.' });
    }
  }
  // the root's edges: composer.json when present, else every package nothing else requires
  if (manifest) {
    for (const [deps, kind] of [[manifest.data.require, 'prod'], [manifest.data['require-dev'], 'dev']] as const) {
      for (const dep of deps?.keys() ?? []) if (!isPlatform(dep) && graph.hasNode(dep.toLowerCase())) graph.addEdge(ROOT, dep.toLowerCase(), kind);
    }
  } else {
    const required = new Set(entries.flatMap(({ pkg }) => [...(pkg.require?.keys() ?? [])].map((d) => d.toLowerCase())));
    for (const { pkg, dev } of entries) if (!required.has(pkg.name.toLowerCase())) graph.addEdge(ROOT, pkg.name.toLowerCase(), dev ? 'dev' : 'prod');
  }

  const { components } = graph.resolve({ scopeOf: (id) => (id === ROOT ? 'runtime' : devSet.has(id) ? 'development' : 'runtime') });
  const out = components.map((c) => {
    if (c.key === root.key && c.firstParty && c.origin.type === 'workspace') return { ...c, ...(root.description ? { description: root.description } : {}) };
    const id = c.name.toLowerCase();
    const p = props.get(id) ?? [];
    const kind = kinds.get(id);
    return { ...c, direct: manifest ? c.direct : false, ...(p.length ? { properties: p } : {}), ...(kind ? { kind } : {}) };
  });
  return { components: out, findings };
}

/**
 * A composer.json with no composer.lock beside it: the project as a first-party item, and each required
 * package as a declared range (version '') with a `composer.unpinned` warning.
 */
export function extractComposerJson(file: string, text: string): ExtractResult {
  const m = readManifest(file, text);
  const lines = new LineIndex(text);
  const root = rootComponent(m.data, file, rootName(file, m.data.name));
  const components: Component[] = [root];
  const findings: Finding[] = [];
  for (const [deps, scope, section] of [[m.data.require, 'runtime', 'require'], [m.data['require-dev'], 'development', 'require-dev']] as const) {
    for (const [name, range] of deps ?? new Map<string, unknown>()) {
      if (isPlatform(name)) continue;
      let purl: string;
      try {
        purl = composerPurl(name, '');
      } catch {
        throw malformed(file, `"${clip(name)}" cannot be identified as a Composer package`, { key: `${section}.${clip(name)}` });
      }
      const line = lines.lineOf(JSON.stringify(name), Math.max(0, text.indexOf(`"${section}"`)));
      const place = line !== undefined ? { line } : {};
      components.push(component({
        ecosystem: ECOSYSTEM, name, version: '', purl, scope, direct: true,
        origin: { type: 'registry' },
        evidence: [{ file, ...place, key: `${section}.${clip(name)}`, source: SOURCE_ID }],
        properties: [{ name: 'declared-range', value: typeof range === 'string' ? range : JSON.stringify(range) ?? '' }],
      }));
      findings.push({
        rule: `${SOURCE_ID}.unpinned`,
        severity: 'warning',
        message: `${clip(name)} is declared as "${clip(String(range))}" in ${file}, and there is no composer.lock: the installed version is unknown`,
        file, ...place, item: purl,
        fix: 'Run `composer update` to write composer.lock beside composer.json, and commit it.',
      });
    }
  }
  return { components, findings };
}

function readManifest(file: string, text: string): { data: ComposerJson } {
  const r = ComposerJson.safeParse(parseJson(text, file));
  if (!r.success) {
    const { path, message } = firstIssue(r.error);
    throw malformed(file, `not a composer.json: ${path ? `${path}: ` : ''}${message}`, path ? { key: path } : undefined);
  }
  return { data: r.data };
}

function rootComponent(m: ComposerJson | undefined, file: string, name: string): Component {
  const version = (m?.version ?? '').trim();
  let purl: string;
  try {
    purl = m?.name ? composerPurl(m.name, version) : purlOf('generic', undefined, name, version);
  } catch {
    purl = purlOf('generic', undefined, 'root', '');
  }
  return component({
    ecosystem: ECOSYSTEM, name, version, purl, scope: 'runtime', firstParty: true,
    origin: { type: 'workspace', ref: posix.dirname(file) },
    licenses: composerLicenses(m?.license),
    evidence: [{ file, line: 1, source: SOURCE_ID }],
    ...(m?.description ? { description: m.description } : {}),
  });
}

function originOf(pkg: ComposerPackage): { origin: Origin; hashes: Hash[] } {
  const hashes: Hash[] = [];
  const sum = pkg.dist?.shasum ? hexHash('SHA-1', pkg.dist.shasum) : undefined;
  if (sum) hashes.push(sum);
  const dist = pkg.dist;
  if (dist?.type === 'path') return { origin: { type: 'file', ...(dist.url ? { ref: dist.url } : {}) }, hashes };
  if (dist?.url && dist.type !== 'path') {
    // Packagist serves GitHub/GitLab archives; any dist with a URL is a downloaded archive
    const packagist = /^https:\/\/(api\.github\.com|gitlab\.com|bitbucket\.org|repo\.packagist\.org|packagist\.org)\//.test(dist.url);
    return { origin: packagist ? { type: 'registry', url: dist.url } : { type: 'tarball', url: dist.url }, hashes };
  }
  if (pkg.source?.url) return { origin: { type: pkg.source.type === 'git' ? 'git' : 'unknown', url: pkg.source.url, ...(pkg.source.reference ? { ref: pkg.source.reference } : {}) }, hashes };
  if (pkg.type === 'metapackage') return { origin: { type: 'registry' }, hashes };
  return { origin: { type: 'unknown' }, hashes };
}

