import { inVendorFolder } from '../vendored/extract.js';
import type { Component, Evidence, Hash, HashAlgorithm, License, Origin, Property, Scope } from '../../model/component.js';
import type { Kind } from '../../model/classification.js';
import { malformed } from '../../model/errors.js';
import { firstIssue } from '../../util/dict.js';
import { hexHash } from '../../util/hash.js';
import { parseJson, stripBom } from '../../util/json.js';
import { dedupeLicenses } from '../../util/license.js';
import { LineIndex } from '../../util/lines.js';
import { parseXml } from '../../util/xml.js';
import { DepGraph, type EdgeKind } from '../graph.js';
import { mergeComponents } from '../merge.js';
import type { ExtractResult } from '../source.js';
import { FindingList } from './findings.js';
import { EdgeSet, MAX_PATH_LABELS, pathCost, resolveScopes, type EdgeScope } from './sbom-graph.js';
import { cachedLicense, clip, sbomIdentity } from './identity.js';
import { CdxBomJson, CdxComponentJson, CdxDependencyJson } from './schema.js';

export const SOURCE_ID = 'cyclonedx';

/** Nested `components` deeper than this are not read (a finding says so): real BOMs nest a few levels. */
export const MAX_DEPTH = 32;
/** Properties kept per component (the rest are dropped with no finding: they are not identity). */
const MAX_PROPERTIES = 64;

export const CDX_NAMESPACE = 'http://cyclonedx.org/schema/bom/';

/** One component of the BOM, the same whether it came from JSON or XML. */
export interface CdxItem {
  ref?: string;
  type?: string;
  name: string;
  group?: string;
  version?: string;
  description?: string;
  purl?: string;
  cpe?: string;
  scope?: string;
  supplier?: string;
  licenses: License[];
  hashes: Hash[];
  /** hashes whose algorithm or value Tureen's model cannot hold, as "ALG:value" */
  otherHashes: string[];
  externalReferences: { type: string; url: string }[];
  properties: Property[];
  children: CdxItem[];
  /** where it is in the document, e.g. components[3].components[0] */
  locator: string;
  line?: number;
  depth: number;
}

export interface CdxBom {
  format: 'json' | 'xml';
  specVersion: string;
  root?: CdxItem;
  components: CdxItem[];
  dependencies: { ref: string; dependsOn: string[]; line?: number }[];
  /** true when the document has a dependencies list at all */
  hasDependencies: boolean;
  /** number of components not read because they were nested deeper than MAX_DEPTH */
  tooDeep: number;
  /** names of the tools that wrote the BOM (metadata.tools, either shape) */
  tools: string[];
}

export interface CycloneDxOptions {
  /**
   * Return no components (one info finding) for a BOM that Tureen itself wrote: a committed copy of Tureen's own
   * output is derived from the lockfiles (and may be stale), not a source. The scan sets it; tests that check the
   * round trip do not.
   */
  skipOwnOutput?: boolean;
}

/** The tool name Tureen writes into the BOMs it exports (package.json "name"). */
export const TUREEN_TOOL_NAME = 'tureen';

/** Read a CycloneDX BOM, JSON or XML (decided by its first character). */
export function extractCycloneDx(file: string, text: string, opts: CycloneDxOptions = {}): ExtractResult {
  const t = stripBom(text).trimStart();
  const bom = t.startsWith('<') ? readXmlBom(file, text) : readJsonBom(file, text);
  if (opts.skipOwnOutput && bom.tools.includes(TUREEN_TOOL_NAME)) {
    return {
      components: [],
      findings: [{ rule: 'cyclonedx.own-output', severity: 'info', message: `${file} was written by Tureen itself; it was not read as a source (its items come from the files Tureen reads)`, file, line: 1, fix: 'Nothing to do. To keep it out of the scan entirely, add it to scan.exclude in tureen.config.yaml.' }],
    };
  }
  return fromBom(file, bom);
}

/** Tool names in metadata.tools: the 1.2–1.4 list of tools, or the 1.5+ {components, services}. */
function toolNamesJson(tools: unknown): string[] {
  const out: string[] = [];
  const take = (list: unknown) => {
    if (!Array.isArray(list)) return;
    for (const t of list.slice(0, 100)) {
      const n = t && typeof t === 'object' ? (t as { name?: unknown }).name : undefined;
      if (typeof n === 'string') out.push(n);
    }
  };
  if (Array.isArray(tools)) take(tools);
  else if (tools && typeof tools === 'object') {
    take((tools as { components?: unknown }).components);
    take((tools as { services?: unknown }).services);
  }
  return out;
}

// ---- JSON --------------------------------------------------------------------------------------------

const CDX_HASH: ReadonlyMap<string, HashAlgorithm> = new Map([
  ['MD5', 'MD5'], ['SHA-1', 'SHA-1'], ['SHA-256', 'SHA-256'], ['SHA-384', 'SHA-384'], ['SHA-512', 'SHA-512'],
  ['SHA3-256', 'SHA3-256'], ['SHA3-512', 'SHA3-512'], ['BLAKE2B-256', 'BLAKE2b-256'], ['BLAKE2B-512', 'BLAKE2b-512'], ['BLAKE3', 'BLAKE3'],
]);

function hashInto(item: Pick<CdxItem, 'hashes' | 'otherHashes'>, alg: string, content: string): void {
  const a = CDX_HASH.get(alg.trim().toUpperCase());
  const h = a ? hexHash(a, content.trim()) : undefined;
  if (h) {
    if (!item.hashes.some((x) => x.alg === h.alg && x.content === h.content)) item.hashes.push(h);
  } else item.otherHashes.push(`${clip(alg, 20)}:${clip(content, 200)}`);
}

/** A CycloneDX `license.id` or `expression` is SPDX: read it as such (one that is not valid SPDX is kept as a name). */
function addLicense(out: License[], raw: string | undefined): void {
  if (raw === undefined) return;
  const l = cachedLicense(raw);
  if (l) out.push(l);
}

/** A CycloneDX `license.name` is free text (e.g. a trove classifier): kept as the name, never "corrected". */
function addLicenseName(out: License[], raw: string | undefined): void {
  const s = raw?.trim();
  if (s) out.push({ name: s });
}

/** Finds lines of values in document order: each search starts where the previous one matched. */
class Locator {
  private readonly idx: LineIndex;
  private cursor = 0;
  constructor(readonly text: string) {
    this.idx = new LineIndex(text);
  }
  line(needles: (string | undefined)[]): number | undefined {
    for (const n of needles) {
      if (!n) continue;
      // forward only: a search from the start for every miss would be quadratic on a hostile file
      const i = this.text.indexOf(n, this.cursor);
      if (i !== -1) {
        this.cursor = i + 1;
        return this.idx.lineAt(i);
      }
    }
    return undefined;
  }
}

export function readJsonBom(file: string, text: string): CdxBom {
  const data = parseJson(text, file);
  const res = CdxBomJson.safeParse(data);
  if (!res.success) {
    const { path, message } = firstIssue(res.error);
    throw malformed(file, `not a CycloneDX JSON BOM: ${path ? `${path}: ` : ''}${message}`, path ? { key: path } : undefined, 'Check that the file is a complete CycloneDX BOM (bomFormat "CycloneDX", specVersion 1.2–1.6).');
  }
  const bom = res.data;
  const loc = new Locator(text);
  let tooDeep = 0;

  const readComponent = (raw: unknown, locator: string, depth: number): CdxItem | undefined => {
    if (depth > MAX_DEPTH) {
      tooDeep++;
      return undefined;
    }
    const r = CdxComponentJson.safeParse(raw);
    if (!r.success) {
      const { path, message } = firstIssue(r.error);
      throw malformed(file, `not a CycloneDX component at ${clip(locator)}${path ? `.${path}` : ''}: ${message}`, { key: locator });
    }
    const c = r.data;
    const licenses: License[] = [];
    for (const choice of c.licenses ?? []) {
      addLicense(licenses, choice.license?.id);
      if (choice.license?.id === undefined) addLicenseName(licenses, choice.license?.name);
      addLicense(licenses, choice.expression);
    }
    const item: CdxItem = {
      name: c.name,
      licenses: dedupeLicenses(licenses),
      hashes: [],
      otherHashes: [],
      externalReferences: (c.externalReferences ?? []).map((e) => ({ type: e.type, url: e.url })),
      properties: (c.properties ?? []).slice(0, MAX_PROPERTIES).map((p) => ({ name: p.name, value: p.value ?? '' })).filter((p) => p.name !== ''),
      children: [],
      locator,
      depth,
    };
    if (c['bom-ref'] !== undefined) item.ref = c['bom-ref'];
    if (c.type !== undefined) item.type = c.type;
    if (c.group) item.group = c.group;
    if (c.version !== undefined) item.version = c.version;
    if (c.description !== undefined) item.description = c.description;
    if (c.purl !== undefined) item.purl = c.purl;
    if (c.cpe !== undefined) item.cpe = c.cpe;
    if (c.scope !== undefined) item.scope = c.scope;
    const supplier = c.supplier?.name ?? c.manufacturer?.name ?? c.publisher ?? c.author ?? c.authors?.find((a) => a.name)?.name;
    if (supplier?.trim()) item.supplier = supplier.trim();
    for (const h of c.hashes ?? []) hashInto(item, h.alg, h.content);
    const line = loc.line([
      item.ref !== undefined ? JSON.stringify(item.ref) : undefined,
      item.purl !== undefined ? JSON.stringify(item.purl) : undefined,
      JSON.stringify(item.name),
    ]);
    if (line !== undefined) item.line = line;
    (c.components ?? []).forEach((child, i) => {
      const ci = readComponent(child, `${locator}.components[${i}]`, depth + 1);
      if (ci) item.children.push(ci);
    });
    return item;
  };

  const root = bom.metadata?.component !== undefined ? readComponent(bom.metadata.component, 'metadata.component', 0) : undefined;
  const components: CdxItem[] = [];
  (bom.components ?? []).forEach((raw, i) => {
    const c = readComponent(raw, `components[${i}]`, 0);
    if (c) components.push(c);
  });
  const dependencies: CdxBom['dependencies'] = [];
  (bom.dependencies ?? []).forEach((raw, i) => {
    const r = CdxDependencyJson.safeParse(raw);
    if (!r.success) {
      const { path, message } = firstIssue(r.error);
      throw malformed(file, `not a CycloneDX dependency at dependencies[${i}]${path ? `.${path}` : ''}: ${message}`, { key: `dependencies[${i}]` });
    }
    const line = loc.line([`"ref"`]);
    dependencies.push({ ref: r.data.ref, dependsOn: r.data.dependsOn ?? [], ...(line !== undefined ? { line } : {}) });
  });
  return {
    format: 'json',
    specVersion: bom.specVersion,
    ...(root ? { root } : {}),
    components,
    dependencies,
    hasDependencies: bom.dependencies !== undefined,
    tooDeep,
    tools: toolNamesJson(bom.metadata?.tools),
  };
}

// ---- XML ---------------------------------------------------------------------------------------------

type XmlEl = Record<string, unknown>;

const isEl = (v: unknown): v is XmlEl => typeof v === 'object' && v !== null && !Array.isArray(v);
const asList = (v: unknown): unknown[] => (v === undefined || v === null || v === '' ? [] : Array.isArray(v) ? v : [v]);

/** Text content of an element (plain string, or '#text' of an element with attributes). */
function textOf(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (isEl(v)) {
    const t = v['#text'];
    if (typeof t === 'string') return t;
    if (typeof t === 'number') return String(t);
    return Object.keys(v).every((k) => k.startsWith('@_')) ? '' : undefined;
  }
  return undefined;
}

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function readXmlBom(file: string, text: string): CdxBom {
  const doc = parseXml(text, file);
  const rootKey = Object.keys(doc).find((k) => k === 'bom' || k.endsWith(':bom'));
  const bomEl = rootKey !== undefined ? doc[rootKey] : undefined;
  if (!rootKey || !isEl(bomEl)) throw malformed(file, 'not a CycloneDX XML BOM: the root element is not <bom>', { line: 1 });
  const prefix = rootKey.includes(':') ? rootKey.slice(0, rootKey.indexOf(':') + 1) : '';
  const nsAttr = bomEl[prefix ? `@_xmlns:${prefix.slice(0, -1)}` : '@_xmlns'];
  const ns = typeof nsAttr === 'string' ? nsAttr : '';
  if (!ns.startsWith(CDX_NAMESPACE)) {
    throw malformed(file, `not a CycloneDX XML BOM: the <bom> namespace is "${clip(ns)}", not ${CDX_NAMESPACE}<version>`, { line: 1 });
  }
  const specVersion = ns.slice(CDX_NAMESPACE.length);
  const child = (el: XmlEl, name: string): unknown => el[prefix + name] ?? (prefix ? el[name] : undefined);
  const str = (el: XmlEl, name: string): string | undefined => textOf(child(el, name));
  const attr = (el: XmlEl, name: string): string | undefined => {
    const v = el[`@_${name}`];
    return typeof v === 'string' ? v : undefined;
  };
  const loc = new Locator(text);
  let tooDeep = 0;

  const readComponent = (el: unknown, locator: string, depth: number): CdxItem | undefined => {
    if (depth > MAX_DEPTH) {
      tooDeep++;
      return undefined;
    }
    if (!isEl(el)) throw malformed(file, `not a CycloneDX component at ${clip(locator)}: expected an element with a <name>`, { key: locator });
    const name = str(el, 'name');
    if (name === undefined) throw malformed(file, `not a CycloneDX component at ${clip(locator)}: <name> is missing`, { key: locator });
    const licenses: License[] = [];
    const lic = child(el, 'licenses');
    if (isEl(lic)) {
      for (const l of asList(child(lic, 'license'))) {
        if (!isEl(l)) continue;
        const id = str(l, 'id');
        if (id !== undefined) addLicense(licenses, id);
        else addLicenseName(licenses, str(l, 'name'));
      }
      for (const e of asList(child(lic, 'expression'))) addLicense(licenses, textOf(e));
    }
    const item: CdxItem = { name, licenses: dedupeLicenses(licenses), hashes: [], otherHashes: [], externalReferences: [], properties: [], children: [], locator, depth };
    const set = <K extends keyof CdxItem>(k: K, v: CdxItem[K] | undefined) => {
      if (v !== undefined) item[k] = v;
    };
    set('ref', attr(el, 'bom-ref'));
    set('type', attr(el, 'type'));
    const group = str(el, 'group');
    if (group) item.group = group;
    set('version', str(el, 'version'));
    set('description', str(el, 'description'));
    set('purl', str(el, 'purl'));
    set('cpe', str(el, 'cpe'));
    set('scope', str(el, 'scope'));
    const supplierEl = child(el, 'supplier');
    const authorsEl = child(el, 'authors');
    const firstAuthor = isEl(authorsEl) ? asList(child(authorsEl, 'author')).find(isEl) : undefined;
    const manufacturerEl = child(el, 'manufacturer');
    const supplier = (isEl(supplierEl) ? str(supplierEl, 'name') : undefined) ?? (isEl(manufacturerEl) ? str(manufacturerEl, 'name') : undefined) ?? str(el, 'publisher') ?? str(el, 'author') ?? (firstAuthor ? str(firstAuthor, 'name') : undefined);
    if (supplier?.trim()) item.supplier = supplier.trim();
    const hashes = child(el, 'hashes');
    if (isEl(hashes)) {
      for (const h of asList(child(hashes, 'hash'))) {
        const alg = isEl(h) ? attr(h, 'alg') : undefined;
        const content = textOf(h);
        if (alg !== undefined && content !== undefined) hashInto(item, alg, content);
      }
    }
    const refs = child(el, 'externalReferences');
    if (isEl(refs)) {
      for (const r of asList(child(refs, 'reference'))) {
        if (!isEl(r)) continue;
        const type = attr(r, 'type');
        const url = str(r, 'url');
        if (type !== undefined && url !== undefined) item.externalReferences.push({ type, url });
      }
    }
    const props = child(el, 'properties');
    if (isEl(props)) {
      for (const p of asList(child(props, 'property')).slice(0, MAX_PROPERTIES)) {
        if (!isEl(p)) continue;
        const n = attr(p, 'name');
        if (n) item.properties.push({ name: n, value: textOf(p) ?? '' });
      }
    }
    const line = loc.line([
      item.ref !== undefined ? `bom-ref="${xmlEscape(item.ref)}"` : undefined,
      item.purl !== undefined ? `>${xmlEscape(item.purl)}<` : undefined,
      item.purl !== undefined ? `<![CDATA[${item.purl}]]>` : undefined,
      `>${xmlEscape(name)}<`,
      `<![CDATA[${name}]]>`,
    ]);
    if (line !== undefined) item.line = line;
    const kids = child(el, 'components');
    if (isEl(kids)) {
      asList(child(kids, 'component')).forEach((k, i) => {
        const ci = readComponent(k, `${locator}.components[${i}]`, depth + 1);
        if (ci) item.children.push(ci);
      });
    }
    return item;
  };

  const metadata = child(bomEl, 'metadata');
  const rootEl = isEl(metadata) ? child(metadata, 'component') : undefined;
  const root = rootEl !== undefined ? readComponent(rootEl, 'metadata.component', 0) : undefined;
  const components: CdxItem[] = [];
  const compsEl = child(bomEl, 'components');
  if (isEl(compsEl)) {
    asList(child(compsEl, 'component')).forEach((c, i) => {
      const ci = readComponent(c, `components[${i}]`, 0);
      if (ci) components.push(ci);
    });
  }
  const dependencies: CdxBom['dependencies'] = [];
  const depsEl = child(bomEl, 'dependencies');
  if (isEl(depsEl)) {
    for (const d of asList(child(depsEl, 'dependency'))) {
      if (!isEl(d)) continue;
      const ref = attr(d, 'ref');
      if (ref === undefined) continue;
      const dependsOn = asList(child(d, 'dependency')).map((x) => (isEl(x) ? attr(x, 'ref') : undefined)).filter((x): x is string => x !== undefined);
      const line = loc.line([`ref="${xmlEscape(ref)}"`]);
      dependencies.push({ ref, dependsOn, ...(line !== undefined ? { line } : {}) });
    }
  }
  // metadata.tools: <tool><name> (1.2–1.4) or <components><component><name> (1.5+)
  const tools: string[] = [];
  const toolsEl = isEl(metadata) ? child(metadata, 'tools') : undefined;
  if (isEl(toolsEl)) {
    const compsOfTools = child(toolsEl, 'components');
    const list = [...asList(child(toolsEl, 'tool')), ...(isEl(compsOfTools) ? asList(child(compsOfTools, 'component')) : [])];
    for (const t of list.slice(0, 100)) {
      const n = isEl(t) ? str(t, 'name') : undefined;
      if (n !== undefined) tools.push(n);
    }
  }
  return { format: 'xml', specVersion, ...(root ? { root } : {}), components, dependencies, hasDependencies: depsEl !== undefined, tooDeep, tools };
}

// ---- BOM → components --------------------------------------------------------------------------------

const CDX_SCOPE: ReadonlyMap<string, Scope> = new Map([
  ['required', 'runtime'],
  ['optional', 'optional'],
  ['excluded', 'development'],
]);

const TUREEN_SCOPES: ReadonlySet<string> = new Set(['runtime', 'optional', 'development', 'test', 'build']);

/** CycloneDX component type → Tureen kind, where the type says more than "library". */
export function kindOfType(type: string | undefined): Kind | undefined {
  switch (type) {
    case 'framework':
      return 'framework';
    case 'operating-system':
      return 'operating-system';
    case 'container':
      return 'container-image';
    case 'firmware':
    case 'device-driver':
      return 'driver-bsp';
    case 'machine-learning-model':
      return 'ml-model';
    default:
      return undefined;
  }
}

const edgeKind = (s: Scope | undefined): EdgeKind => (s === 'optional' ? 'optional' : s === undefined || s === 'runtime' ? 'prod' : 'dev');
const edgeScope = (s: Scope | undefined): EdgeScope => s ?? 'runtime';

/** Properties Tureen's own CycloneDX export writes that are its verdicts, not facts about the item. */
const TUREEN_VERDICTS = /^tureen:(soup|branch|kind|rule|rationale|scope|direct|first-party|override:.*|evidence|hash|cpe)$/;

interface Extra {
  item: CdxItem;
  kind?: Kind;
  properties: Property[];
}

/**
 * The components of a BOM: `metadata.component` is the product (first-party root), every component in
 * `components` (nested ones too, down to MAX_DEPTH) an item; the `dependencies` graph decides `direct`
 * (the product's dependsOn) and paths. Scope is the component's own CycloneDX scope (required → runtime,
 * optional → optional, excluded → development), inherited by nested components that declare none; a
 * component without one takes its scope from the graph, and is runtime (CycloneDX's default "required")
 * when the graph does not reach it.
 */
export function fromBom(file: string, bom: CdxBom): ExtractResult {
  const findings = new FindingList();
  const graph = new DepGraph();
  const ids: string[] = [];
  const extras = new Map<string, Extra>();
  const byRef = new Map<string, string>();
  const declaredScope = new Map<string, Scope>();
  const edgeSet = new EdgeSet();
  const link = (from: string, to: string) => {
    const s = declaredScope.get(to);
    graph.addEdge(from, to, edgeKind(s));
    edgeSet.add(from, to, edgeScope(s));
  };

  if (!/^1\.[0-7]$/.test(bom.specVersion)) {
    findings.push({
      rule: 'cyclonedx.spec-version',
      severity: 'warning',
      message: `CycloneDX specVersion "${clip(bom.specVersion)}" is not one Tureen knows (1.2–1.6); it was read as 1.6`,
      file,
      line: 1,
      fix: 'Check the inventory of this SBOM by hand, or export it again as CycloneDX 1.6.',
    });
  }

  const supplierSbom = inVendorFolder(file);
  if (supplierSbom && bom.root) {
    findings.push({ rule: 'cyclonedx.supplier-sbom', severity: 'info', message: `${file} sits in a third-party folder, so the product it describes is listed as a supplier's item (SOUP), not as this device`, file, line: 1, fix: 'If this SBOM describes your own device, move it out of the third-party folder, or override its product as first-party in tureen.config.yaml.' });
  }
  const addItem = (item: CdxItem, isRoot: boolean, inherited: Scope | undefined): string => {
    const id = isRoot ? 'root' : `c${ids.length}`;
    const ident = sbomIdentity(item);
    const evidence: Evidence[] = [{ file, ...(item.line !== undefined ? { line: item.line } : {}), key: item.ref !== undefined ? `${item.locator} (bom-ref ${clip(item.ref, 200)})` : item.locator, source: SOURCE_ID }];
    const where = { file, ...(item.line !== undefined ? { line: item.line } : {}) };
    const tureenScope = item.properties.find((p) => p.name === 'tureen:scope')?.value;
    const tureenFirstParty = item.properties.some((p) => p.name === 'tureen:first-party' && p.value === 'true');
    // the product a supplier's SBOM describes (one kept in third_party/, vendor/ …) is their product: SOUP
    const firstParty = (isRoot && !supplierSbom) || tureenFirstParty;
    // CycloneDX property taxonomy: npm and cyclonedx-npm mark devDependencies "cdx:npm:package:development"
    // and give them the scope "optional"; the property is the more precise statement
    const npmDev = item.properties.some((p) => p.name === 'cdx:npm:package:development' && p.value === 'true');
    const ownScope = tureenScope !== undefined && TUREEN_SCOPES.has(tureenScope)
      ? (tureenScope as Scope)
      : npmDev ? 'development' : item.scope !== undefined ? CDX_SCOPE.get(item.scope) : undefined;
    if (item.scope !== undefined && !CDX_SCOPE.has(item.scope)) {
      findings.push({ rule: 'cyclonedx.scope', severity: 'warning', message: `component ${clip(item.name)} has the scope "${clip(item.scope)}", which CycloneDX does not define; it was read as "required"`, ...where, item: ident.key, fix: 'Use one of required, optional, excluded.' });
    }
    const scope = ownScope ?? inherited;
    if (scope !== undefined && !isRoot) declaredScope.set(id, scope);

    if (!isRoot && ident.how === 'generic') {
      findings.push({ rule: 'cyclonedx.no-purl', severity: 'info', message: `component ${clip(item.name)}${item.version ? `@${clip(item.version)}` : ''} has no purl: it is listed as ${clip(ident.purl)} and can only be matched to other findings and advisories by name`, ...where, item: ident.key, fix: 'Give the component its package URL (purl) in the SBOM, or declare it in tureen.config.yaml with its ecosystem.' });
    } else if (ident.how === 'invalid') {
      findings.push({ rule: 'cyclonedx.bad-purl', severity: 'warning', message: `component ${clip(item.name)} has the purl "${clip(item.purl ?? '')}", which is not a valid package URL: it is listed as ${clip(ident.purl)}`, ...where, item: ident.key, fix: 'Correct the purl in the SBOM (see https://github.com/package-url/purl-spec).' });
    }
    if (!isRoot && !firstParty && !ident.version) {
      findings.push({ rule: 'cyclonedx.unpinned', severity: 'warning', message: `component ${clip(item.name)} has ${ident.range ? `only the version range "${clip(ident.range)}"` : 'no version'} in ${file}: a SOUP item needs the exact version shipped`, ...where, item: ident.key, fix: 'Regenerate the SBOM from the installed packages or the lockfile so that each component has its version (and purl).' });
    }

    // origin: vcs for items that have no registry identity, else from purl qualifiers
    const vcs = item.externalReferences.find((e) => e.type === 'vcs')?.url;
    const dist = item.externalReferences.find((e) => e.type === 'distribution')?.url;
    let origin: Origin = { type: ident.how === 'purl' && ident.ecosystem !== 'generic' ? 'registry' : 'unknown' };
    if (ident.qualifiers.vcs_url) origin = { type: 'git', url: ident.qualifiers.vcs_url.replace(/#.*$/, ''), ...(/#(.+)$/.exec(ident.qualifiers.vcs_url)?.[1] ? { ref: /#(.+)$/.exec(ident.qualifiers.vcs_url)?.[1] as string } : {}) };
    else if (ident.qualifiers.download_url) origin = { type: 'tarball', url: ident.qualifiers.download_url };
    else if (origin.type === 'unknown' && vcs) origin = { type: 'git', url: vcs, ...(ident.version ? { ref: ident.version } : {}) };
    else if (origin.type === 'unknown' && dist) origin = { type: 'tarball', url: dist };
    if (isRoot) origin = { type: 'workspace', ref: '.' };

    const props: Property[] = [];
    if (item.type !== undefined && item.type !== 'library') props.push({ name: 'cdx:type', value: item.type });
    if (ident.subpath) props.push({ name: 'purl-subpath', value: ident.subpath });
    if (ident.range) props.push({ name: 'declared-range', value: ident.range });
    if (vcs && origin.type !== 'git') props.push({ name: 'vcs-url', value: vcs });
    if (item.scope === undefined && inherited !== undefined && ownScope === undefined) props.push({ name: 'cdx:scope-inherited', value: inherited });
    for (const h of item.otherHashes) props.push({ name: 'hash', value: h });
    for (const p of item.properties) if (!TUREEN_VERDICTS.test(p.name)) props.push(p);

    graph.addNode(id, {
      key: ident.key,
      ecosystem: ident.ecosystem,
      name: ident.name,
      version: ident.version,
      purl: ident.purl,
      licenses: item.licenses,
      ...(item.supplier ? { supplier: item.supplier } : {}),
      hashes: item.hashes,
      origin,
      firstParty,
      evidence,
    });
    ids.push(id);
    const kind = kindOfType(item.type);
    extras.set(id, { item, ...(kind ? { kind } : {}), properties: props });

    if (item.ref !== undefined) {
      const prev = byRef.get(item.ref);
      if (prev === undefined) byRef.set(item.ref, id);
      else if (prev !== 'root' || isRoot) {
        findings.push({ rule: 'cyclonedx.duplicate-ref', severity: 'warning', message: `the bom-ref "${clip(item.ref)}" is used by more than one component; dependencies naming it go to the first (${clip(graph.node(prev)?.name ?? '')})`, ...where, item: ident.key, fix: 'Give every component its own bom-ref (CycloneDX requires them to be unique in the BOM).' });
      }
    }
    return id;
  };

  /** Depth-first over nested components, parent → child edges typed by the child's scope. */
  const addTree = (top: CdxItem, parent: string | undefined, inherited: Scope | undefined) => {
    const stack: { item: CdxItem; parent: string | undefined; inherited: Scope | undefined }[] = [{ item: top, parent, inherited }];
    while (stack.length) {
      const { item, parent: p, inherited: inh } = stack.pop() as (typeof stack)[number];
      // a components[] entry that repeats the product's own bom-ref is the product itself
      if (item.ref !== undefined && byRef.get(item.ref) === 'root' && p === undefined) continue;
      const id = addItem(item, false, inh);
      const scope = declaredScope.get(id);
      if (p !== undefined) link(p, id);
      for (let i = item.children.length - 1; i >= 0; i--) stack.push({ item: item.children[i] as CdxItem, parent: id, inherited: scope });
    }
  };

  if (bom.root) {
    addItem({ ...bom.root, children: [] }, true, undefined);
    for (const child of bom.root.children) addTree(child, 'root', undefined);
  }
  for (const c of bom.components) addTree(c, undefined, undefined);

  if (bom.tooDeep > 0) {
    findings.push({ rule: 'cyclonedx.too-deep', severity: 'warning', message: `${bom.tooDeep} component subtree(s) nested more than ${MAX_DEPTH} levels deep were not read`, file, fix: 'Flatten the SBOM (list components at the top level and use dependencies for structure), or list the missing ones in tureen.config.yaml.' });
  }

  for (const d of bom.dependencies) {
    const where = { file, ...(d.line !== undefined ? { line: d.line } : {}) };
    const from = byRef.get(d.ref);
    if (from === undefined) {
      findings.push({ rule: 'cyclonedx.dangling-ref', severity: 'warning', message: `dependencies names "${clip(d.ref)}", which no component of the BOM has as its bom-ref`, ...where, fix: 'Regenerate the SBOM, or correct the ref so that it names a component.' });
      continue;
    }
    for (const t of d.dependsOn) {
      const to = byRef.get(t);
      if (to === undefined) {
        findings.push({ rule: 'cyclonedx.dangling-ref', severity: 'warning', message: `"${clip(d.ref)}" depends on "${clip(t)}", which no component of the BOM has as its bom-ref: that dependency is not in the inventory`, ...where, fix: 'Regenerate the SBOM, or add the missing component to it.' });
        continue;
      }
      link(from, to);
    }
  }

  const roots = bom.root ? ['root'] : [];
  const reached = resolveScopes(roots, edgeSet.edges);
  // paths from the product, unless they would be too long to hold (a chain of thousands of components)
  const withPaths = pathCost(roots, edgeSet.targets()) <= MAX_PATH_LABELS;
  if (withPaths) for (const r of roots) graph.addRoot(r);
  else findings.push({ rule: 'cyclonedx.paths-omitted', severity: 'info', message: `the dependencies of ${file} chain components so deep that their dependency paths were left out (scope and direct dependencies are still given)`, file, fix: 'Check that the SBOM tool wrote the dependency graph it meant to; nothing else to do.' });
  const rootDirect = new Set(edgeSet.edges.get('root')?.keys() ?? []);
  const { components, unreachable: graphUnreachable } = graph.resolve({
    scopeOf: (id) => (id === 'root' ? 'runtime' : declaredScope.get(id) ?? reached.get(id)),
    unreachableScope: 'runtime',
  });
  const unreachable = withPaths ? graphUnreachable : ids.filter((id) => id !== 'root' && !reached.has(id)).map((id) => graph.node(id)).filter((n) => n !== undefined);
  if (!bom.root) {
    findings.push({ rule: 'cyclonedx.no-root', severity: 'info', message: `${file} has no metadata.component: Tureen cannot tell which components the product depends on directly, so none is marked direct and no dependency paths are given`, file, line: 1, fix: 'Have the SBOM tool write metadata.component (the product) and its dependencies entry.' });
  } else if (!bom.hasDependencies && ids.length > 1) {
    findings.push({ rule: 'cyclonedx.no-dependencies', severity: 'info', message: `${file} has no dependencies list: Tureen cannot tell which components the product depends on directly, so none is marked direct and no dependency paths are given`, file, line: 1, fix: 'Have the SBOM tool write the dependencies of metadata.component and of each component.' });
  } else {
    const orphans = unreachable.filter((n) => !n.firstParty);
    if (orphans.length > 0) {
      const names = orphans.slice(0, 5).map((n) => clip(n.version ? `${n.name}@${n.version}` : n.name, 80)).join(', ');
      findings.push({ rule: 'cyclonedx.unreachable', severity: 'info', message: `${orphans.length} component(s) are not reachable from the product (metadata.component) through dependencies, e.g. ${names}; they are listed with their own scope (runtime when they declare none)`, file, fix: 'Have the SBOM tool write the full dependency graph, or check these components by hand.' });
    }
  }

  const out: Component[] = components.map((c, i) => {
    const ex = extras.get(ids[i] as string);
    if (!ex) return c;
    const { item } = ex;
    // Tureen's own export records the directness it found; the product's dependsOn also lists first-party roots
    const tureenDirect = item.properties.find((p) => p.name === 'tureen:direct')?.value;
    return {
      ...c,
      ...(withPaths ? {} : { direct: rootDirect.has(ids[i] as string) }),
      ...(tureenDirect === 'true' || tureenDirect === 'false' ? { direct: tureenDirect === 'true' } : {}),
      ...(item.cpe ? { cpe: item.cpe } : {}),
      ...(ex.kind ? { kind: ex.kind } : {}),
      ...(item.description ? { description: item.description } : {}),
      ...(ex.properties.length ? { properties: ex.properties } : {}),
    };
  });
  return { components: mergeComponents(out), findings: findings.done() };
}
