import { inVendorFolder } from '../vendored/extract.js';
import type { Component, Evidence, Hash, HashAlgorithm, License, Origin, Property } from '../../model/component.js';
import type { Kind } from '../../model/classification.js';
import { malformed } from '../../model/errors.js';
import type { Finding } from '../../model/finding.js';
import { firstIssue } from '../../util/dict.js';
import { hexHash } from '../../util/hash.js';
import { parseJson, stripBom } from '../../util/json.js';
import { LineIndex } from '../../util/lines.js';
import { FindingList } from '../cyclonedx/findings.js';
import { cachedLicense, clip, sbomIdentity } from '../cyclonedx/identity.js';
import { EdgeSet, MAX_PATH_LABELS, pathCost, resolveScopes, type EdgeScope } from '../cyclonedx/sbom-graph.js';
import { DepGraph, type EdgeKind } from '../graph.js';
import { mergeComponents } from '../merge.js';
import type { ExtractResult } from '../source.js';
import { SpdxDocumentJson, SpdxPackageJson, SpdxRelationshipJson } from './schema.js';
import { readSpdx3Doc } from './spdx3.js';

export const SOURCE_ID = 'spdx';

/** One package of an SPDX document, the same whether it came from JSON or tag-value. */
export interface SpdxPackage {
  id: string;
  name: string;
  version?: string;
  supplier?: string;
  originator?: string;
  downloadLocation?: string;
  licenseConcluded?: string;
  licenseDeclared?: string;
  checksums: { algorithm: string; value: string }[];
  externalRefs: { category: string; type: string; locator: string }[];
  purpose?: string;
  description?: string;
  line?: number;
  /** where it is in the document, e.g. packages[3] */
  locator: string;
}

export interface SpdxRelationship {
  from: string;
  type: string;
  to: string;
  line?: number;
}

export interface SpdxDoc {
  format: 'json' | 'tag-value';
  spdxVersion: string;
  documentId: string;
  describes: string[];
  packages: SpdxPackage[];
  relationships: SpdxRelationship[];
  /** SPDX ids of files and snippets (relationships may name them; they are not packages) */
  otherIds: Set<string>;
  /** problems met while reading (tag-value lines that are not "Tag: value") */
  readFindings: Finding[];
  /** ids of packages the document marks as development-only by a property (SPDX 3 from cdxgen) */
  development?: Set<string>;
}

/** Read an SPDX 2.x document, JSON or tag-value (decided by its first character). */
export function extractSpdx(file: string, text: string): ExtractResult {
  const t = stripBom(text).trimStart();
  if (!t.startsWith('{')) return fromDoc(file, readTagValueDoc(file, text));
  return fromDoc(file, SPDX3_HEAD.test(t.slice(0, 8192)) ? readSpdx3Doc(file, text) : readJsonDoc(file, text));
}

/** The start of an SPDX 3 JSON-LD document. */
export const SPDX3_HEAD = /"@context"\s*:\s*"https:\/\/spdx\.org\/rdf\/3|"@graph"\s*:/;

// ---- JSON --------------------------------------------------------------------------------------------

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function readJsonDoc(file: string, text: string): SpdxDoc {
  const data = parseJson(text, file);
  const res = SpdxDocumentJson.safeParse(data);
  if (!res.success) {
    const { path, message } = firstIssue(res.error);
    throw malformed(file, `not an SPDX 2 JSON document: ${path ? `${path}: ` : ''}${message}`, path ? { key: path } : undefined, 'Check that the file is a complete SPDX 2.2/2.3 JSON document (with "spdxVersion").');
  }
  const doc = res.data;
  const idx = new LineIndex(text);
  let cursor = 0;
  /** line of `"SPDXID" : "<id>"`, searching forward from the previous package */
  const lineOfId = (id: string): number | undefined => {
    if (id.length > 500) return undefined;
    const re = new RegExp(`"SPDXID"\\s*:\\s*${escapeRe(JSON.stringify(id))}`, 'g');
    re.lastIndex = cursor;
    // forward only: a search from the start for every miss would be quadratic on a hostile file
    const m = re.exec(text);
    if (!m) return undefined;
    cursor = m.index + 1;
    return idx.lineAt(m.index);
  };

  const packages: SpdxPackage[] = [];
  (doc.packages ?? []).forEach((raw, i) => {
    const r = SpdxPackageJson.safeParse(raw);
    if (!r.success) {
      const { path, message } = firstIssue(r.error);
      throw malformed(file, `not an SPDX package at packages[${i}]${path ? `.${path}` : ''}: ${message}`, { key: `packages[${i}]` });
    }
    const p = r.data;
    const line = lineOfId(p.SPDXID);
    packages.push({
      id: p.SPDXID,
      name: p.name,
      ...(p.versionInfo !== undefined ? { version: p.versionInfo } : {}),
      ...(p.supplier !== undefined ? { supplier: p.supplier } : {}),
      ...(p.originator !== undefined ? { originator: p.originator } : {}),
      ...(p.downloadLocation !== undefined ? { downloadLocation: p.downloadLocation } : {}),
      ...(p.licenseConcluded !== undefined ? { licenseConcluded: p.licenseConcluded } : {}),
      ...(p.licenseDeclared !== undefined ? { licenseDeclared: p.licenseDeclared } : {}),
      checksums: (p.checksums ?? []).map((c) => ({ algorithm: c.algorithm, value: c.checksumValue })),
      externalRefs: (p.externalRefs ?? []).map((e) => ({ category: e.referenceCategory, type: e.referenceType, locator: e.referenceLocator })),
      ...(p.primaryPackagePurpose !== undefined ? { purpose: p.primaryPackagePurpose } : {}),
      ...(p.description !== undefined ? { description: p.description } : p.summary !== undefined ? { description: p.summary } : {}),
      ...(line !== undefined ? { line } : {}),
      locator: `packages[${i}]`,
    });
  });

  const relationships: SpdxRelationship[] = [];
  let relCursor = text.indexOf('"relationships"');
  (doc.relationships ?? []).forEach((raw, i) => {
    const r = SpdxRelationshipJson.safeParse(raw);
    if (!r.success) {
      const { path, message } = firstIssue(r.error);
      throw malformed(file, `not an SPDX relationship at relationships[${i}]${path ? `.${path}` : ''}: ${message}`, { key: `relationships[${i}]` });
    }
    let line: number | undefined;
    if (relCursor !== -1) {
      const at = text.indexOf('"relationshipType"', relCursor);
      if (at !== -1) {
        line = idx.lineAt(at);
        relCursor = at + 1;
      }
    }
    relationships.push({ from: r.data.spdxElementId, type: r.data.relationshipType, to: r.data.relatedSpdxElement, ...(line !== undefined ? { line } : {}) });
  });

  const otherIds = new Set<string>();
  for (const f of doc.files ?? []) if (f.SPDXID) otherIds.add(f.SPDXID);
  for (const s of doc.snippets ?? []) if (s.SPDXID) otherIds.add(s.SPDXID);
  return {
    format: 'json',
    spdxVersion: doc.spdxVersion,
    documentId: doc.SPDXID ?? 'SPDXRef-DOCUMENT',
    describes: doc.documentDescribes ?? [],
    packages,
    relationships,
    otherIds,
    readFindings: [],
  };
}

// ---- tag-value ---------------------------------------------------------------------------------------

/**
 * SPDX 2.x tag-value (spec clause 5 / annex "tag-value format"): "Tag: value" lines, `<text>…</text>` values
 * that may span lines, `#` comments. `PackageName:` starts a package; `FileName:`, `SnippetSPDXID:` and
 * `LicenseID:` end it (they start a file, snippet or extracted-licence section).
 */
export function readTagValueDoc(file: string, text: string): SpdxDoc {
  const src = stripBom(text);
  const lines = src.split(/\r?\n/);
  const readFindings: Finding[] = [];
  let spdxVersion: string | undefined;
  let documentId: string | undefined;
  const packages: SpdxPackage[] = [];
  const relationships: SpdxRelationship[] = [];
  const otherIds = new Set<string>();
  let section: 'document' | 'package' | 'file' | 'snippet' | 'license' = 'document';
  let pkg: SpdxPackage | undefined;
  let badLines = 0;

  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const raw = lines[i] as string;
    if (raw.trim() === '' || raw.trimStart().startsWith('#')) continue;
    const m = /^\s*([A-Za-z][A-Za-z0-9_-]*)\s*:\s?(.*)$/.exec(raw);
    if (!m) {
      if (++badLines <= 5) {
        readFindings.push({ rule: 'spdx.unreadable-line', severity: 'warning', message: `line ${lineNo} is not an SPDX "Tag: value" line and was skipped`, file, line: lineNo, fix: 'Check that the file is a complete SPDX tag-value document; regenerate it if it was edited by hand.' });
      }
      continue;
    }
    const tag = m[1] as string;
    let value = (m[2] as string).trim();
    if (value.startsWith('<text>')) {
      // a <text> value: up to the matching </text>, possibly lines later
      let body = value.slice('<text>'.length);
      let j = i;
      while (!body.includes('</text>')) {
        j++;
        if (j >= lines.length) throw malformed(file, `the <text> value of ${clip(tag)} is not closed by </text>`, { line: lineNo, key: tag });
        body += `\n${lines[j] as string}`;
      }
      value = body.slice(0, body.indexOf('</text>'));
      i = j;
    }

    switch (tag) {
      case 'SPDXVersion':
        if (spdxVersion === undefined) spdxVersion = value;
        break;
      case 'PackageName':
        section = 'package';
        pkg = { id: '', name: value, checksums: [], externalRefs: [], line: lineNo, locator: `PackageName line ${lineNo}` };
        packages.push(pkg);
        break;
      case 'FileName':
        section = 'file';
        pkg = undefined;
        break;
      case 'SnippetSPDXID':
        section = 'snippet';
        pkg = undefined;
        otherIds.add(value);
        break;
      case 'LicenseID':
        section = 'license';
        pkg = undefined;
        break;
      case 'SPDXID':
        if (section === 'document' && documentId === undefined) documentId = value;
        else if (section === 'package' && pkg && !pkg.id) pkg.id = value;
        else if (section === 'file') otherIds.add(value);
        break;
      case 'Relationship': {
        const parts = value.split(/\s+/);
        if (parts.length >= 3) relationships.push({ from: parts[0] as string, type: parts[1] as string, to: parts[2] as string, line: lineNo });
        else if (++badLines <= 5) readFindings.push({ rule: 'spdx.unreadable-line', severity: 'warning', message: `line ${lineNo}: a Relationship needs "<element> <TYPE> <element>"`, file, line: lineNo, fix: 'Correct the relationship line.' });
        break;
      }
      default:
        if (section === 'package' && pkg) packageTag(pkg, tag, value);
    }
  }
  if (spdxVersion === undefined) throw malformed(file, 'not an SPDX tag-value document: there is no SPDXVersion line', { line: 1 }, 'Check that the file is an SPDX 2.2/2.3 tag-value document.');
  packages.forEach((p, n) => {
    if (!p.id) throw malformed(file, `the package ${clip(p.name)} has no SPDXID`, { ...(p.line !== undefined ? { line: p.line } : {}), key: 'SPDXID' });
    p.locator = `package ${n + 1} (${clip(p.id, 200)})`;
  });
  if (badLines > 5) readFindings.push({ rule: 'spdx.unreadable-line', severity: 'warning', message: `${badLines - 5} more line(s) were not "Tag: value" lines and were skipped`, file, fix: 'Check that the file is a complete SPDX tag-value document.' });
  return { format: 'tag-value', spdxVersion, documentId: documentId ?? 'SPDXRef-DOCUMENT', describes: [], packages, relationships, otherIds, readFindings };
}

function packageTag(p: SpdxPackage, tag: string, value: string): void {
  switch (tag) {
    case 'PackageVersion':
      p.version = value;
      break;
    case 'PackageSupplier':
      p.supplier = value;
      break;
    case 'PackageOriginator':
      p.originator = value;
      break;
    case 'PackageDownloadLocation':
      p.downloadLocation = value;
      break;
    case 'PackageLicenseConcluded':
      p.licenseConcluded = value;
      break;
    case 'PackageLicenseDeclared':
      p.licenseDeclared = value;
      break;
    case 'PackageChecksum': {
      const m = /^([A-Za-z0-9-]+)\s*:\s*(\S+)/.exec(value);
      if (m) p.checksums.push({ algorithm: m[1] as string, value: m[2] as string });
      break;
    }
    case 'ExternalRef': {
      const parts = value.split(/\s+/);
      if (parts.length >= 3) p.externalRefs.push({ category: parts[0] as string, type: parts[1] as string, locator: parts[2] as string });
      break;
    }
    case 'PrimaryPackagePurpose':
      p.purpose = value;
      break;
    case 'PackageDescription':
      p.description = value;
      break;
    case 'PackageSummary':
      if (p.description === undefined) p.description = value;
      break;
  }
}

// ---- document → components ---------------------------------------------------------------------------

const SPDX_HASH: ReadonlyMap<string, HashAlgorithm> = new Map([
  ['MD5', 'MD5'], ['SHA1', 'SHA-1'], ['SHA256', 'SHA-256'], ['SHA384', 'SHA-384'], ['SHA512', 'SHA-512'],
  ['SHA3-256', 'SHA3-256'], ['SHA3-512', 'SHA3-512'], ['BLAKE2B-256', 'BLAKE2b-256'], ['BLAKE2B-512', 'BLAKE2b-512'], ['BLAKE3', 'BLAKE3'],
]);

/** primaryPackagePurpose → Tureen kind, where the purpose says more than "library". */
export function kindOfPurpose(purpose: string | undefined): Kind | undefined {
  switch (purpose?.toUpperCase().replace(/_/g, '-')) {
    case 'FRAMEWORK':
      return 'framework';
    case 'OPERATING-SYSTEM':
      return 'operating-system';
    case 'CONTAINER':
      return 'container-image';
    case 'FIRMWARE':
      return 'driver-bsp';
    default:
      return undefined;
  }
}

/** How a relationship type joins two elements: the edge (depender → dependency) and its scope. */
interface RelMeaning {
  /** true: A <TYPE> B means B depends on / contains A (edge B → A); false: edge A → B */
  reverse: boolean;
  scope: EdgeScope;
  provided?: boolean;
}

const RELATIONSHIPS: ReadonlyMap<string, RelMeaning> = new Map<string, RelMeaning>([
  ['DEPENDS_ON', { reverse: false, scope: 'runtime' }],
  ['DEPENDENCY_OF', { reverse: true, scope: 'runtime' }],
  ['RUNTIME_DEPENDENCY_OF', { reverse: true, scope: 'runtime' }],
  ['CONTAINS', { reverse: false, scope: 'runtime' }],
  ['CONTAINED_BY', { reverse: true, scope: 'runtime' }],
  ['STATIC_LINK', { reverse: false, scope: 'runtime' }],
  ['DYNAMIC_LINK', { reverse: false, scope: 'runtime' }],
  ['HAS_PREREQUISITE', { reverse: false, scope: 'peer' }],
  ['PREREQUISITE_FOR', { reverse: true, scope: 'peer' }],
  ['DEV_DEPENDENCY_OF', { reverse: true, scope: 'development' }],
  ['TEST_DEPENDENCY_OF', { reverse: true, scope: 'test' }],
  ['TEST_OF', { reverse: true, scope: 'test' }],
  ['TEST_TOOL_OF', { reverse: true, scope: 'test' }],
  ['BUILD_DEPENDENCY_OF', { reverse: true, scope: 'build' }],
  ['BUILD_TOOL_OF', { reverse: true, scope: 'build' }],
  ['DEV_TOOL_OF', { reverse: true, scope: 'build' }],
  ['OPTIONAL_DEPENDENCY_OF', { reverse: true, scope: 'optional' }],
  ['OPTIONAL_COMPONENT_OF', { reverse: true, scope: 'optional' }],
  ['PROVIDED_DEPENDENCY_OF', { reverse: true, scope: 'runtime', provided: true }],
]);

const EDGE_KIND: Record<EdgeScope, EdgeKind> = { runtime: 'prod', peer: 'peer', optional: 'optional', development: 'dev', test: 'dev', build: 'dev' };

const none = (v: string | undefined) => v === undefined || v.trim() === '' || /^(NOASSERTION|NONE)$/i.test(v.trim());

/** "Organization: Acme (x@acme.org)" → "Acme"; "Person: Jane Doe" → "Jane Doe"; NOASSERTION → undefined. */
export function partyName(v: string | undefined): string | undefined {
  if (none(v)) return undefined;
  const s = (v as string).trim().replace(/^(Organization|Person|Tool)\s*:\s*/i, '').replace(/\s*\([^()]*\)\s*$/, '').trim();
  return s || undefined;
}

function licensesOf(p: SpdxPackage): License[] {
  const expr = !none(p.licenseDeclared) ? p.licenseDeclared : !none(p.licenseConcluded) ? p.licenseConcluded : undefined;
  const l = expr !== undefined ? cachedLicense(expr) : undefined;
  return l ? [l] : [];
}

/**
 * The packages of an SPDX document as components. The described packages (DESCRIBES / documentDescribes)
 * are the product (first-party roots). Relationships are edges from the depender to the dependency;
 * scope comes from the path from a root: runtime through DEPENDS_ON / DEPENDENCY_OF / CONTAINS (and their
 * inverses), optional through OPTIONAL_*, development / test / build through DEV_DEPENDENCY_OF, TEST_* and
 * BUILD_* / DEV_TOOL_OF; a package reached several ways takes the strongest. A package no root reaches is
 * runtime (an SBOM lists what ships unless it says otherwise), with one finding.
 */
export function fromDoc(file: string, doc: SpdxDoc): ExtractResult {
  const findings = new FindingList();
  for (const f of doc.readFindings) findings.push(f);
  const supplierSbom = inVendorFolder(file);
  if (supplierSbom) {
    findings.push({ rule: 'spdx.supplier-sbom', severity: 'info', message: `${file} sits in a third-party folder, so the package(s) it describes are listed as a supplier's items (SOUP), not as this device`, file, line: 1, fix: 'If this SBOM describes your own device, move it out of the third-party folder, or override its product as first-party in tureen.config.yaml.' });
  }
  if (!/^SPDX-(2\.[0-3]|3\.[01](\.\d+)?)$/.test(doc.spdxVersion)) {
    findings.push({ rule: 'spdx.version', severity: 'warning', message: `spdxVersion "${clip(doc.spdxVersion)}" is not one Tureen knows (SPDX-2.2, SPDX-2.3, SPDX 3.0/3.1); it was read as SPDX 2.3`, file, line: 1, fix: 'Check the inventory of this SBOM by hand, or export it as SPDX 2.3.' });
  }
  const graph = new DepGraph();
  const byId = new Map<string, string>();
  const extras = new Map<string, { kind?: Kind; description?: string; cpe?: string; properties: Property[] }>();
  const ids: string[] = [];
  const rootIds: string[] = [];
  const devNodes = new Set<string>();

  // roots: what the document describes
  const described = new Set<string>(doc.describes);
  for (const r of doc.relationships) {
    if (r.type === 'DESCRIBES' && r.from === doc.documentId) described.add(r.to);
    if (r.type === 'DESCRIBED_BY' && r.to === doc.documentId) described.add(r.from);
  }

  doc.packages.forEach((p) => {
    const id = `p${ids.length}`;
    // a duplicate SPDXID is not the described package again: relationships and DESCRIBES go to the first
    const isRoot = described.has(p.id) && !byId.has(p.id);
    const purlRef = p.externalRefs.find((e) => /^PACKAGE[-_]MANAGER$/i.test(e.category) && e.type === 'purl');
    // SPDX 2.2 JSON writes the type as a URL (http://spdx.org/rdf/references/cpe23Type)
    const cpeRef = p.externalRefs.find((e) => e.category === 'SECURITY' && /(^|\/)cpe2[23]Type$/.test(e.type));
    const ident = sbomIdentity({ purl: purlRef?.locator, name: p.name, version: none(p.version) ? undefined : p.version });
    const where = { file, ...(p.line !== undefined ? { line: p.line } : {}) };
    if (!isRoot && ident.how === 'generic') {
      findings.push({ rule: 'spdx.no-purl', severity: 'info', message: `package ${clip(p.name)}${ident.version ? `@${clip(ident.version)}` : ''} has no purl (externalRef PACKAGE-MANAGER purl): it is listed as ${clip(ident.purl)} and can only be matched to other findings and advisories by name`, ...where, item: ident.key, fix: 'Give the package its package URL in the SBOM (ExternalRef: PACKAGE-MANAGER purl pkg:…), or declare it in tureen.config.yaml with its ecosystem.' });
    } else if (ident.how === 'invalid') {
      findings.push({ rule: 'spdx.bad-purl', severity: 'warning', message: `package ${clip(p.name)} has the purl "${clip(purlRef?.locator ?? '')}", which is not a valid package URL: it is listed as ${clip(ident.purl)}`, ...where, item: ident.key, fix: 'Correct the purl in the SBOM (see https://github.com/package-url/purl-spec).' });
    }
    if (!isRoot && !ident.version) {
      findings.push({ rule: 'spdx.unpinned', severity: 'warning', message: `package ${clip(p.name)} has ${ident.range ? `only the version range "${clip(ident.range)}"` : 'no version'} in ${file}: a SOUP item needs the exact version shipped`, ...where, item: ident.key, fix: 'Regenerate the SBOM from the installed packages or the lockfile so that each package has its versionInfo (and purl).' });
    }

    const hashes: Hash[] = [];
    const properties: Property[] = [];
    for (const c of p.checksums) {
      const alg = SPDX_HASH.get(c.algorithm.trim().toUpperCase());
      const h = alg ? hexHash(alg, c.value.trim()) : undefined;
      if (h) {
        if (!hashes.some((x) => x.alg === h.alg && x.content === h.content)) hashes.push(h);
      } else properties.push({ name: 'hash', value: `${clip(c.algorithm, 20)}:${clip(c.value, 200)}` });
    }
    let origin: Origin = { type: ident.how === 'purl' && ident.ecosystem !== 'generic' ? 'registry' : 'unknown' };
    const dl = none(p.downloadLocation) ? undefined : (p.downloadLocation as string).trim();
    if (ident.qualifiers.vcs_url) origin = { type: 'git', url: ident.qualifiers.vcs_url };
    else if (ident.qualifiers.download_url) origin = { type: 'tarball', url: ident.qualifiers.download_url };
    else if (origin.type === 'unknown' && dl) {
      // SPDX VCS locations: <vcs>+<url>[@<ref>][#<path>]
      const vcs = /^git\+(.+?)(?:@([^@/#]+))?(?:#.*)?$/.exec(dl);
      origin = vcs ? { type: 'git', url: vcs[1] as string, ...(vcs[2] ? { ref: vcs[2] } : {}) } : /^https?:\/\//i.test(dl) ? { type: 'tarball', url: dl } : origin;
    }
    if (isRoot && !supplierSbom) origin = { type: 'workspace', ref: '.' };
    if (dl && origin.type !== 'git' && origin.type !== 'tarball') properties.push({ name: 'download-location', value: dl });
    if (p.purpose) properties.push({ name: 'spdx:purpose', value: p.purpose });
    if (ident.subpath) properties.push({ name: 'purl-subpath', value: ident.subpath });
    if (ident.range) properties.push({ name: 'declared-range', value: ident.range });
    const originator = partyName(p.originator);
    if (originator) properties.push({ name: 'spdx:originator', value: originator });
    properties.push({ name: 'spdx:id', value: p.id });
    const supplier = partyName(p.supplier);
    const evidence: Evidence[] = [{ file, ...(p.line !== undefined ? { line: p.line } : {}), key: p.locator, source: SOURCE_ID }];
    graph.addNode(id, {
      key: ident.key,
      ecosystem: ident.ecosystem,
      name: ident.name,
      version: ident.version,
      purl: ident.purl,
      licenses: licensesOf(p),
      ...(supplier ? { supplier } : {}),
      hashes,
      origin,
      // the product a supplier's SBOM describes (one kept in third_party/, vendor/ …) is their product: SOUP
      firstParty: isRoot && !supplierSbom,
      evidence,
    });
    ids.push(id);
    const kind = kindOfPurpose(p.purpose);
    extras.set(id, { ...(kind ? { kind } : {}), ...(p.description ? { description: p.description } : {}), ...(cpeRef ? { cpe: cpeRef.locator } : {}), properties });
    if (isRoot) rootIds.push(id);
    else if (doc.development?.has(p.id)) devNodes.add(id);
    if (byId.has(p.id)) {
      findings.push({ rule: 'spdx.duplicate-id', severity: 'warning', message: `the SPDXID "${clip(p.id)}" is used by more than one package; relationships naming it go to the first`, ...where, item: ident.key, fix: 'Give every element its own SPDXID (SPDX requires them to be unique in the document).' });
    } else byId.set(p.id, id);
  });

  // edges, each with the scope its relationship type gives
  const edgeSet = new EdgeSet();
  const provided = new Set<string>();
  const known = (el: string) => byId.has(el) || doc.otherIds.has(el) || el === doc.documentId || el.startsWith('DocumentRef-') || /^(NONE|NOASSERTION)$/.test(el);
  for (const r of doc.relationships) {
    const where = { file, ...(r.line !== undefined ? { line: r.line } : {}) };
    for (const el of [r.from, r.to]) {
      if (!known(el)) findings.push({ rule: 'spdx.dangling-ref', severity: 'warning', message: `the relationship ${clip(r.from)} ${clip(r.type)} ${clip(r.to)} names "${clip(el)}", which is no element of the document`, ...where, fix: 'Regenerate the SBOM, or correct the SPDXID so that it names a package.' });
    }
    const meaning = RELATIONSHIPS.get(r.type);
    if (!meaning) continue;
    const [from, to] = meaning.reverse ? [r.to, r.from] : [r.from, r.to];
    const a = byId.get(from);
    const b = byId.get(to);
    if (a === undefined || b === undefined || a === b) continue;
    edgeSet.add(a, b, meaning.scope);
    graph.addEdge(a, b, EDGE_KIND[meaning.scope]);
    if (meaning.provided) provided.add(b);
  }

  const scopes = resolveScopes(rootIds, edgeSet.edges);
  // paths from the roots, unless they would be too long to hold (a chain of thousands of packages)
  const withPaths = pathCost(rootIds, edgeSet.targets()) <= MAX_PATH_LABELS;
  if (withPaths) for (const r of rootIds) graph.addRoot(r);
  else findings.push({ rule: 'spdx.paths-omitted', severity: 'info', message: `the relationships of ${file} chain packages so deep that their dependency paths were left out (scope and direct dependencies are still given)`, file, fix: 'Check that the SBOM tool wrote the relationships it meant to; nothing else to do.' });
  const rootDirect = new Set(rootIds.flatMap((r) => [...(edgeSet.edges.get(r)?.keys() ?? [])]));
  const { components, unreachable: graphUnreachable } = graph.resolve({ scopeOf: (id) => (devNodes.has(id) ? 'development' : scopes.get(id)), unreachableScope: 'runtime' });
  const unreachable = withPaths ? graphUnreachable : ids.filter((id) => !scopes.has(id)).map((id) => graph.node(id)).filter((n) => n !== undefined);
  if (described.size === 0 || !doc.packages.some((p) => described.has(p.id))) {
    findings.push({ rule: 'spdx.no-root', severity: 'info', message: `${file} does not say which package it describes (DESCRIBES / documentDescribes naming a package): Tureen cannot tell the product's direct dependencies, so none is marked direct`, file, line: 1, fix: 'Have the SBOM tool write a DESCRIBES relationship from the document to the product package.' });
  } else {
    const orphans = unreachable.filter((n) => !n.firstParty);
    if (orphans.length > 0) {
      const names = orphans.slice(0, 5).map((n) => clip(n.version ? `${n.name}@${n.version}` : n.name, 80)).join(', ');
      findings.push({ rule: 'spdx.unreachable', severity: 'info', message: `${orphans.length} package(s) are not reachable from the described package(s) through relationships, e.g. ${names}; they are listed as runtime`, file, fix: 'Have the SBOM tool write the full relationship graph, or check these packages by hand.' });
    }
  }

  const out: Component[] = components.map((c, i) => {
    const id = ids[i] as string;
    const ex = extras.get(id);
    const props = [...(ex?.properties ?? [])];
    if (provided.has(id)) props.push({ name: 'spdx:provided', value: 'true' });
    return {
      ...c,
      ...(withPaths ? {} : { direct: rootDirect.has(id) && !c.firstParty }),
      ...(ex?.cpe ? { cpe: ex.cpe } : {}),
      ...(ex?.kind ? { kind: ex.kind } : {}),
      ...(ex?.description ? { description: ex.description } : {}),
      ...(props.length ? { properties: props } : {}),
    };
  });
  return { components: mergeComponents(out), findings: findings.done() };
}
