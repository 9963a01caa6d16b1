import { posix } from 'node:path';
import type { Evidence } from '../../model/component.js';
import { malformed } from '../../model/errors.js';
import type { Finding } from '../../model/finding.js';
import { LineIndex } from '../../util/lines.js';
import { parseXml } from '../../util/xml.js';
import { DepGraph } from '../graph.js';
import type { ExtractResult } from '../source.js';
import { clip, ECOSYSTEM, nugetPurl, SOURCE_ID, versionSpec } from './common.js';
import { findAttr } from './extract.js';

export interface XmlFile {
  /** Repository-relative path. */
  file: string;
  text: string;
}

export interface ProjectInput extends XmlFile {
  /** Directory.Packages.props files from the project's folder upwards, nearest first. */
  centralProps?: XmlFile[];
}

type Obj = Record<string, unknown>;
const ARRAYS = ['ItemGroup', 'PropertyGroup', 'PackageReference', 'ProjectReference', 'PackageVersion', 'GlobalPackageReference', 'Import'];

const own = (o: unknown, k: string): unknown => (o && typeof o === 'object' ? Object.getOwnPropertyDescriptor(o, k)?.value : undefined);
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter((x): x is Obj => !!x && typeof x === 'object') : v && typeof v === 'object' ? [v as Obj] : []);
/** An attribute or a child element's text (MSBuild allows both), case as written. */
function field(item: Obj, name: string): string | undefined {
  const a = own(item, `@_${name}`);
  if (typeof a === 'string') return a.trim();
  const c = own(item, name);
  if (typeof c === 'string') return c.trim();
  if (c && typeof c === 'object' && typeof own(c, '#text') === 'string') return (own(c, '#text') as string).trim();
  return undefined;
}

interface ParsedProject {
  properties: Map<string, string>;
  packageRefs: Obj[];
  projectRefs: Obj[];
  packageVersions: Obj[];
  globalRefs: Obj[];
  imports: Obj[];
}

function readProject(x: XmlFile): ParsedProject {
  const doc = parseXml(x.text, x.file, { arrays: ARRAYS });
  const project = own(doc, 'Project');
  if (project === undefined || typeof project !== 'object' || project === null) {
    throw malformed(x.file, 'not an MSBuild project: the root element must be <Project>', { line: 1 }, 'Check that the file is an SDK-style or classic MSBuild project (.csproj, .fsproj, .vbproj, .props).');
  }
  const properties = new Map<string, string>();
  for (const pg of list(own(project, 'PropertyGroup'))) {
    for (const k of Object.keys(pg)) {
      const v = own(pg, k);
      if (!k.startsWith('@_') && typeof v === 'string') properties.set(k.toLowerCase(), v.trim());
    }
  }
  const items = list(own(project, 'ItemGroup'));
  const all = (tag: string) => items.flatMap((g) => list(own(g, tag)));
  return { properties, packageRefs: all('PackageReference'), projectRefs: all('ProjectReference'), packageVersions: all('PackageVersion'), globalRefs: all('GlobalPackageReference'), imports: list(own(project, 'Import')) };
}

/** "$(Name)" → the property's value when the project or a props file defines it literally. */
function expand(value: string, props: Map<string, string>): string | undefined {
  let unresolved = false;
  const out = value.replace(/\$\(([A-Za-z_][\w.-]*)\)/g, (_, n: string) => {
    const v = props.get(n.toLowerCase());
    if (v === undefined || v.includes('$(')) unresolved = true;
    return v ?? '';
  });
  return unresolved ? undefined : out;
}

/**
 * Read an MSBuild project (.csproj/.fsproj/.vbproj) that has no packages.lock.json beside it: its
 * PackageReferences (version from the Version attribute or element, VersionOverride, or Central Package
 * Management's PackageVersion in the nearest Directory.Packages.props; GlobalPackageReference too), with
 * PrivateAssets="all" → development; ProjectReferences and the project itself as first-party items. Without a
 * lock the transitive packages are unknown (an info finding says so); floating, ranged or unresolved versions
 * give `nuget.unpinned` warnings.
 */
export function extractProject(input: ProjectInput): ExtractResult {
  const { file, text } = input;
  const proj = readProject(input);
  const lines = new LineIndex(text);
  const findings: Finding[] = [];
  const base = posix.basename(file).replace(/\.(cs|fs|vb)proj$/i, '');

  // central package management: the nearest Directory.Packages.props, and its parents when it imports them
  const props = new Map<string, string>();
  const central = new Map<string, { version: string; file: string; line?: number }>();
  const globals: { id: string; version: string; file: string; line?: number }[] = [];
  for (const p of input.centralProps ?? []) {
    const parsed = readProject(p);
    const pl = new LineIndex(p.text);
    for (const [k, v] of parsed.properties) if (!props.has(k)) props.set(k, v);
    for (const pv of parsed.packageVersions) {
      const id = field(pv, 'Include');
      const v = field(pv, 'Version');
      if (id && v !== undefined && !central.has(id.toLowerCase())) {
        const at = findAttr(p.text, 'Include', id);
        central.set(id.toLowerCase(), { version: v, file: p.file, ...(at !== -1 ? { line: pl.lineAt(at) } : {}) });
      }
    }
    for (const g of parsed.globalRefs) {
      const id = field(g, 'Include');
      const at = id ? findAttr(p.text, 'Include', id) : -1;
      if (id) globals.push({ id, version: field(g, 'Version') ?? '', file: p.file, ...(at !== -1 ? { line: pl.lineAt(at) } : {}) });
    }
    if (!parsed.imports.some((i) => /Directory\.Packages\.props/i.test(field(i, 'Project') ?? ''))) break;
  }
  for (const [k, v] of proj.properties) props.set(k, v);
  const cpm = (props.get('managepackageversionscentrally') ?? '').toLowerCase() === 'true';

  const graph = new DepGraph();
  const ROOT = '\u0000root';
  const name = expand(proj.properties.get('packageid') ?? proj.properties.get('assemblyname') ?? base, props) || base;
  const ownVersion = expand(proj.properties.get('version') ?? '', props) ?? '';
  const rootVersion = versionSpec(ownVersion).kind === 'exact' ? ownVersion : '';
  const rootPurl = safePurl(file, name, rootVersion);
  graph.addNode(ROOT, { key: rootPurl, ecosystem: ECOSYSTEM, name, version: rootVersion, purl: rootPurl, licenses: [], hashes: [], origin: { type: 'workspace', ref: file }, firstParty: true, evidence: [{ file, line: 1, source: SOURCE_ID }] });
  graph.addRoot(ROOT);

  const add = (id: string, raw: string | undefined, from: { file: string; line?: number }, dev: boolean, declaredIn: string) => {
    const expanded = raw === undefined ? undefined : expand(raw, props);
    const spec = expanded === undefined || expanded === '' ? undefined : versionSpec(expanded);
    const version = spec?.kind === 'exact' ? spec.version : '';
    const purl = safePurl(file, id, version);
    const nodeId = `pkg:${id.toLowerCase()}`;
    const evidence: Evidence[] = [{ file: from.file, ...(from.line !== undefined ? { line: from.line } : {}), key: `PackageReference[${clip(id)}]`, source: SOURCE_ID }];
    graph.addNode(nodeId, { key: purl, ecosystem: ECOSYSTEM, name: id, version, purl, licenses: [], hashes: [], origin: { type: 'registry' }, firstParty: false, evidence });
    graph.addEdge(ROOT, nodeId, dev ? 'dev' : 'prod');
    if (!version) {
      const why = raw === undefined
        ? `has no version (${cpm ? 'no PackageVersion in Directory.Packages.props' : 'no Version attribute'})`
        : expanded === undefined
          ? `takes its version from the MSBuild property expression "${clip(raw)}", which Tureen cannot resolve`
          : `is declared with the range "${clip(expanded)}" in ${declaredIn}`;
      findings.push({
        rule: `${SOURCE_ID}.unpinned`,
        severity: 'warning',
        message: `${clip(id)} ${why}: the installed version is unknown`,
        file: from.file, ...(from.line !== undefined ? { line: from.line } : {}), item: purl,
        fix: 'Give the package an exact version, and enable `<RestorePackagesWithLockFile>true</RestorePackagesWithLockFile>` and commit packages.lock.json.',
      });
    }
    return nodeId;
  };

  const ranges = new Map<string, string>();
  let cursor = 0;
  for (const ref of proj.packageRefs) {
    const id = field(ref, 'Include');
    if (!id) continue; // Update/Remove items change references declared elsewhere
    const at = findAttr(text, 'Include', id, cursor);
    if (at !== -1) cursor = at + 1;
    const line = at === -1 ? undefined : lines.lineAt(at);
    const override = field(ref, 'VersionOverride');
    const direct = field(ref, 'Version');
    const c = central.get(id.toLowerCase());
    const raw = override ?? direct ?? (cpm ? c?.version : undefined);
    const from = override !== undefined || direct !== undefined || !c ? { file, ...(line !== undefined ? { line } : {}) } : { file: c.file, ...(c.line !== undefined ? { line: c.line } : {}) };
    const dev = (field(ref, 'PrivateAssets') ?? '').toLowerCase() === 'all';
    const nodeId = add(id, raw, from, dev, from.file);
    if (raw && versionSpec(raw).kind === 'range') ranges.set(nodeId, raw);
  }
  // GlobalPackageReference: every project references it, with PrivateAssets="all" (analyzers, versioning tools)
  if (cpm) for (const g of globals) add(g.id, g.version, g, true, g.file);

  for (const pr of proj.projectRefs) {
    const inc = field(pr, 'Include');
    if (!inc) continue;
    const path = posix.normalize(posix.join(posix.dirname(file), inc.replace(/\\/g, '/')));
    const refName = posix.basename(path).replace(/\.[^.]+$/, '');
    const at = findAttr(text, 'Include', inc);
    const purl = safePurl(file, refName, '');
    const nodeId = `project:${path.toLowerCase()}`;
    graph.addNode(nodeId, { key: purl, ecosystem: ECOSYSTEM, name: refName, version: '', purl, licenses: [], hashes: [], origin: { type: 'workspace', ref: path }, firstParty: true, evidence: [{ file, ...(at !== -1 ? { line: lines.lineAt(at) } : {}), key: `ProjectReference[${clip(inc)}]`, source: SOURCE_ID }] });
    graph.addEdge(ROOT, nodeId, 'prod');
  }

  if (proj.packageRefs.length > 0) {
    findings.push({
      rule: `${SOURCE_ID}.no-lockfile`,
      severity: 'info',
      message: `${file} has no packages.lock.json beside it: the packages its references pull in transitively are not listed`,
      file,
      fix: 'Add `<RestorePackagesWithLockFile>true</RestorePackagesWithLockFile>` to the project (or Directory.Build.props), run `dotnet restore`, and commit packages.lock.json.',
    });
  }
  const { components } = graph.resolve();
  return {
    components: components.map((c) => {
      const range = [...ranges.entries()].find(([id]) => graph.node(id)?.key === c.key)?.[1];
      return range ? { ...c, properties: [{ name: 'declared-range', value: range }] } : c;
    }),
    findings,
  };
}

/** Ids (as written) of a project's PackageReferences with PrivateAssets="all": development-only packages. */
export function developmentReferences(x: XmlFile): Set<string> {
  const out = new Set<string>();
  for (const ref of readProject(x).packageRefs) {
    const id = field(ref, 'Include');
    if (id && (field(ref, 'PrivateAssets') ?? '').toLowerCase() === 'all') out.add(id);
  }
  return out;
}

function safePurl(file: string, id: string, version: string): string {
  try {
    return nugetPurl(id, version);
  } catch {
    throw malformed(file, `the package id "${clip(id)}" cannot be identified`);
  }
}
