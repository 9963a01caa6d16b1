import type { Component, Property } from '../../model/component.js';
import { malformed } from '../../model/errors.js';
import type { Finding } from '../../model/finding.js';
import { firstIssue } from '../../util/dict.js';
import { parseToml } from '../../util/toml.js';
import { component } from '../component.js';
import { clip, mavenPurl, validCoordPart } from '../maven/coords.js';
import type { ExtractResult } from '../source.js';
import { Catalog, type RichVersion, type VersionSpec } from './schema.js';

export const SOURCE_ID = 'gradle-catalog';

/** A version as the catalog states it: the exact version when there is one, else '' and the declared text. */
export interface CatalogVersion {
  exact: string;
  /** The declared text when it is not one exact version (a range, a rich version, a dynamic version). */
  declared?: string;
  /** The [versions] key it came from (version.ref). */
  ref?: string;
}

export interface CatalogLibrary {
  alias: string;
  group: string;
  name: string;
  version: CatalogVersion;
  line?: number;
}

export interface CatalogPlugin {
  alias: string;
  id: string;
  version: CatalogVersion;
  line?: number;
}

export interface ParsedCatalog {
  file: string;
  libraries: Map<string, CatalogLibrary>;
  bundles: Map<string, string[]>;
  plugins: Map<string, CatalogPlugin>;
  versions: Map<string, CatalogVersion>;
  findings: Finding[];
}

/** Gradle's accessor for an alias: '-', '_' and '.' all separate sub-groups (libs.androidx.room.compiler). */
export function accessorOf(alias: string): string {
  return alias.replace(/[-_.]/g, '.');
}

/** Exact means one concrete version: no range brackets, no '+', no "latest.*", no spaces. */
export function isExactVersion(v: string): boolean {
  return v !== '' && !/[[\]()+,\s]/.test(v) && !/^latest\./.test(v) && !v.includes('$');
}

function fromRich(r: RichVersion, refs: Map<string, CatalogVersion>): CatalogVersion {
  if (r.ref !== undefined) return { ...(refs.get(r.ref) ?? { exact: '', declared: `version.ref=${r.ref} (not in [versions])` }), ref: r.ref };
  // strictly wins, then require, then prefer (Gradle "Rich versions"); an exact one is what resolves when nothing else constrains it
  for (const v of [r.strictly, r.require, r.prefer]) {
    if (v !== undefined && isExactVersion(v)) {
      const others = Object.entries(r).filter(([k]) => k !== 'ref').map(([k, x]) => `${k}=${Array.isArray(x) ? x.join('|') : String(x)}`);
      return others.length > 1 ? { exact: v, declared: others.join(' ') } : { exact: v };
    }
  }
  const text = Object.entries(r).map(([k, x]) => `${k}=${Array.isArray(x) ? x.join('|') : String(x)}`).join(' ');
  return { exact: '', declared: text };
}

function versionOf(spec: VersionSpec | undefined, refs: Map<string, CatalogVersion>): CatalogVersion {
  if (spec === undefined) return { exact: '' };
  if (typeof spec === 'string') return isExactVersion(spec) ? { exact: spec } : { exact: '', declared: spec };
  return fromRich(spec, refs);
}

/** Line of each `key =` in each [table] of a TOML text (table name → key → 1-based line). */
function keyLines(text: string): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  let table = '';
  text.split('\n').forEach((line, i) => {
    const h = /^\s*\[\s*([A-Za-z0-9_.-]+)\s*\]/.exec(line);
    if (h) {
      table = h[1] as string;
      return;
    }
    const k = /^\s*(?:"([^"]*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*[=.]/.exec(line);
    if (k) {
      const key = (k[1] ?? k[2] ?? k[3]) as string;
      let m = out.get(table);
      if (!m) out.set(table, (m = new Map()));
      if (!m.has(key)) m.set(key, i + 1);
    }
  });
  return out;
}

/** Parse a libs.versions.toml into its libraries, bundles and plugins, versions resolved through [versions]. */
export function parseCatalog(text: string, file: string): ParsedCatalog {
  const raw = parseToml(text, file);
  const res = Catalog.safeParse(raw);
  if (!res.success) {
    const { path, message } = firstIssue(res.error);
    throw malformed(file, `not a Gradle version catalog: ${path ? `${path}: ` : ''}${message}`, path ? { key: path } : undefined, 'Check the catalog against the Gradle manual (Version Catalogs, TOML file format).');
  }
  const cat = res.data;
  const lines = keyLines(text);
  const lineOf = (table: string, key: string) => lines.get(table)?.get(key);
  const findings: Finding[] = [];

  const versions = new Map<string, CatalogVersion>();
  for (const [k, v] of cat.versions ?? []) versions.set(k, typeof v === 'string' ? versionOf(v, new Map()) : fromRich({ ...v, ref: undefined } as RichVersion, new Map()));

  const libraries = new Map<string, CatalogLibrary>();
  for (const [alias, lib] of cat.libraries ?? []) {
    let group: string | undefined;
    let name: string | undefined;
    let version: CatalogVersion = { exact: '' };
    if (typeof lib === 'string') {
      const parts = lib.split(':');
      [group, name] = parts;
      if (parts.length >= 3) version = versionOf(parts.slice(2).join(':'), versions);
    } else {
      if (lib.module) [group, name] = lib.module.split(':');
      else {
        group = lib.group;
        name = lib.name;
      }
      version = versionOf(lib.version, versions);
    }
    const line = lineOf('libraries', alias);
    if (!group || !name || !validCoordPart(group) || !validCoordPart(name)) {
      findings.push({ rule: `${SOURCE_ID}.bad-library`, severity: 'warning', message: `the library "${clip(alias)}" has no readable group and name`, file, ...(line ? { line } : {}), fix: 'Write the library as "group:name:version" or { module = "group:name", version = … }.' });
      continue;
    }
    libraries.set(alias, { alias, group, name, version, ...(line ? { line } : {}) });
  }

  const plugins = new Map<string, CatalogPlugin>();
  for (const [alias, p] of cat.plugins ?? []) {
    let id: string;
    let version: CatalogVersion;
    if (typeof p === 'string') {
      const i = p.indexOf(':');
      id = i === -1 ? p : p.slice(0, i);
      version = i === -1 ? { exact: '' } : versionOf(p.slice(i + 1), versions);
    } else {
      id = p.id;
      version = versionOf(p.version, versions);
    }
    const line = lineOf('plugins', alias);
    if (!validCoordPart(id)) {
      findings.push({ rule: `${SOURCE_ID}.bad-plugin`, severity: 'warning', message: `the plugin "${clip(alias)}" has no readable id`, file, ...(line ? { line } : {}), fix: 'Write the plugin as { id = "…", version = "…" }.' });
      continue;
    }
    plugins.set(alias, { alias, id, version, ...(line ? { line } : {}) });
  }
  const bundles = new Map<string, string[]>(cat.bundles ?? []);
  return { file, libraries, bundles, plugins, versions, findings };
}

/** A Gradle plugin as a Maven item: its plugin marker artifact <id>:<id>.gradle.plugin, as Gradle resolves it. */
export function pluginComponent(id: string, version: string, evidence: Component['evidence'], properties: Property[] = []): Component {
  const name = `${id}:${id}.gradle.plugin`;
  return component({
    ecosystem: 'Maven', name, version, purl: mavenPurl(id, `${id}.gradle.plugin`, version), scope: 'build', direct: true, kind: 'tool',
    evidence, properties: [{ name: 'gradle:plugin-id', value: id }, ...properties],
  });
}

export interface CatalogInput {
  file: string;
  text: string;
  /** True when a gradle.lockfile of the repository pins the resolved versions. */
  locked?: boolean;
  /**
   * group:name of every module the repository's Gradle lockfiles hold: those libraries are listed from the lockfiles,
   * at the version Gradle resolved, and not again here at the catalog's (possibly different) version.
   */
  lockedModules?: ReadonlySet<string>;
}

/**
 * The catalog's libraries (declared, scope runtime, direct) and plugins (build tools). A catalog declares; it does
 * not prove use, nor pin what Gradle resolves: an info finding says so when no lockfile pins the build.
 */
export function extractCatalog(input: CatalogInput): ExtractResult {
  const { file } = input;
  const cat = parseCatalog(input.text, file);
  const findings = [...cat.findings];
  const components: Component[] = [];
  const ev = (line: number | undefined, key: string) => [{ file, ...(line ? { line } : {}), key, source: SOURCE_ID }];
  const props = (alias: string, v: CatalogVersion): Property[] => [
    { name: 'gradle:catalog-alias', value: alias },
    ...(v.ref ? [{ name: 'gradle:version-ref', value: v.ref }] : []),
    ...(v.declared ? [{ name: 'declared-range', value: v.declared }] : []),
  ];
  const unpinned = (purl: string, what: string, line: number | undefined, v: CatalogVersion) => {
    findings.push({
      rule: `${SOURCE_ID}.unpinned`,
      severity: 'warning',
      message: v.declared
        ? `${what} is declared with "${clip(v.declared)}", not one exact version (${clip(file)}${line ? `:${line}` : ''})`
        : `${what} has no version in the catalog (${clip(file)}${line ? `:${line}` : ''}): a platform/BOM or a plugin supplies it at build time`,
      file, ...(line ? { line } : {}), item: purl,
      fix: 'Pin an exact version in the catalog, or enable dependency locking (`./gradlew dependencies --write-locks`) and commit gradle.lockfile.',
    });
  };
  let fromLocks = 0;
  for (const lib of cat.libraries.values()) {
    if (input.lockedModules?.has(`${lib.group}:${lib.name}`)) {
      fromLocks++;
      continue;
    }
    const purl = mavenPurl(lib.group, lib.name, lib.version.exact);
    components.push(component({
      ecosystem: 'Maven', name: `${lib.group}:${lib.name}`, version: lib.version.exact, purl, scope: 'runtime', direct: true,
      evidence: ev(lib.line, `libraries.${lib.alias}`), properties: props(lib.alias, lib.version),
    }));
    if (!lib.version.exact && !input.locked) unpinned(purl, `the library ${clip(lib.group)}:${clip(lib.name)}`, lib.line, lib.version);
  }
  for (const p of cat.plugins.values()) {
    const c = pluginComponent(p.id, p.version.exact, ev(p.line, `plugins.${p.alias}`), props(p.alias, p.version));
    components.push(c);
    if (!p.version.exact && p.version.declared) unpinned(c.purl, `the plugin ${clip(p.id)}`, p.line, p.version);
  }
  for (const [name, aliases] of cat.bundles) {
    const missing = aliases.filter((a) => !cat.libraries.has(a));
    if (missing.length) {
      findings.push({ rule: `${SOURCE_ID}.bad-bundle`, severity: 'warning', message: `the bundle "${clip(name)}" names libraries the catalog does not declare: ${missing.map((m) => clip(m, 40)).join(', ')}`, file, fix: 'Correct the bundle to name aliases of [libraries].' });
    }
  }
  if (fromLocks > 0) {
    findings.push({
      rule: `${SOURCE_ID}.from-lockfiles`,
      severity: 'info',
      message: `${fromLocks} of the catalog's ${cat.libraries.size} libraries are in the repository's gradle.lockfile files, which list them at the version Gradle resolved; the other ${cat.libraries.size - fromLocks} are listed here as declared`,
      file,
      fix: 'Nothing to do; to have every library pinned, lock every configuration of every project.',
    });
  }
  if (!input.locked && cat.libraries.size > 0) {
    findings.push({
      rule: `${SOURCE_ID}.not-locked`,
      severity: 'info',
      message: `the catalog declares ${cat.libraries.size} libraries; it does not say which ones the build uses, nor the versions Gradle resolves (conflict resolution and platforms can change them), and no gradle.lockfile in the repository pins them`,
      file,
      fix: 'Enable dependency locking (`dependencyLocking { lockAllConfigurations() }`, then `./gradlew dependencies --write-locks`) and commit the gradle.lockfile files.',
    });
  }
  return { components, findings };
}
