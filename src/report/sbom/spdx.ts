import parseSpdx from 'spdx-expression-parse';
import type { Kind } from '../../model/classification.js';
import type { Component, License } from '../../model/component.js';
import type { ScannedComponent } from '../../model/scanned.js';
import { uuidV5 } from '../cyclonedx.js';
import type { ReportData, ReportItem } from '../data.js';
import { decidedBranch, decidedKind, reportTimestamp } from './common.js';

/**
 * The device's SBOM as an SPDX 2.3 JSON document, from the report data: one package per component of the scan (SOUP
 * or not) and the device itself; DESCRIBES and DEPENDS_ON relationships from the dependency graph; declared licences
 * as SPDX expressions (a licence that is not one becomes a LicenseRef with its text in hasExtractedLicensingInfos);
 * purl and CPE as external references; hashes as checksums; and each SOUP item's record — the FDA fields (level of
 * support, end of support), safety class, branch and kind, security category — as package annotations.
 *
 * Choices, each because SPDX asks for what Tureen knows and no more:
 * - licenseConcluded is NOASSERTION: nobody concluded a licence; what the scan knows is what the package declares
 *   (licenseDeclared). Several declared licences are joined with AND (every one of them applies to what ships).
 * - copyrightText is NOASSERTION: copyright notices are not read.
 * - downloadLocation is the tarball or VCS location the lockfile names, else NOASSERTION.
 * - the end of support also goes to validUntilDate ("the end of the support period for a package from the supplier").
 * - creation time, annotation dates: the report date at 00:00 UTC; documentNamespace: a UUID of the content, so the
 *   same register and date give the same bytes.
 */

const NOASSERTION = 'NOASSERTION';

interface SpdxChecksum { algorithm: string; checksumValue: string }
interface SpdxExternalRef { referenceCategory: 'PACKAGE-MANAGER' | 'SECURITY' | 'PERSISTENT-ID' | 'OTHER'; referenceType: string; referenceLocator: string }
interface SpdxAnnotation { annotationDate: string; annotationType: 'OTHER' | 'REVIEW'; annotator: string; comment: string }
export interface SpdxPackage {
  SPDXID: string;
  name: string;
  versionInfo?: string;
  supplier?: string;
  downloadLocation: string;
  filesAnalyzed: false;
  homepage?: string;
  licenseConcluded: string;
  licenseDeclared: string;
  copyrightText: string;
  description?: string;
  externalRefs?: SpdxExternalRef[];
  checksums?: SpdxChecksum[];
  primaryPackagePurpose?: string;
  releaseDate?: string;
  validUntilDate?: string;
  annotations?: SpdxAnnotation[];
}
export interface SpdxDocument {
  spdxVersion: 'SPDX-2.3';
  dataLicense: 'CC0-1.0';
  SPDXID: 'SPDXRef-DOCUMENT';
  name: string;
  documentNamespace: string;
  creationInfo: { created: string; creators: string[]; comment?: string };
  packages: SpdxPackage[];
  relationships: { spdxElementId: string; relationshipType: string; relatedSpdxElement: string }[];
  hasExtractedLicensingInfos?: { licenseId: string; extractedText: string; name?: string; comment?: string }[];
}

/** Our hash names → SPDX 2.3 checksum algorithms (every one of ours has one). */
const CHECKSUM: Record<Component['hashes'][number]['alg'], string> = {
  MD5: 'MD5', 'SHA-1': 'SHA1', 'SHA-256': 'SHA256', 'SHA-384': 'SHA384', 'SHA-512': 'SHA512',
  'SHA3-256': 'SHA3-256', 'SHA3-512': 'SHA3-512', 'BLAKE2b-256': 'BLAKE2b-256', 'BLAKE2b-512': 'BLAKE2b-512', BLAKE3: 'BLAKE3',
};

/**
 * Kind → SPDX 2.3 primaryPackagePurpose. The JSON schema spells the operating-system value OPERATING_SYSTEM (the
 * specification text writes OPERATING-SYSTEM); the schema is what validators check. A model has no purpose of its own
 * in 2.3 (OTHER); a driver, BSP or SDK is a library the device software links.
 */
function purpose(kind: Kind): string {
  switch (kind) {
    case 'framework': return 'FRAMEWORK';
    case 'operating-system': return 'OPERATING_SYSTEM';
    case 'container-image': return 'CONTAINER';
    case 'firmware': return 'FIRMWARE';
    case 'ml-model': return 'OTHER';
    default: return 'LIBRARY';
  }
}

/** Ids that are unique in the document, made of the characters SPDX allows (letters, digits, ".", "-"). */
class IdAllocator {
  private readonly used = new Set<string>();
  constructor(reserved: Iterable<string> = []) {
    for (const r of reserved) this.used.add(r);
  }
  /** An id taken as it is (one the input itself uses). */
  reserve(id: string): void {
    this.used.add(id);
  }
  take(prefix: string, wanted: string): string {
    const clean = wanted.replace(/[^A-Za-z0-9.]+/g, '-').replace(/^[-.]+|[-.]+$/g, '').slice(0, 120) || 'unnamed';
    const base = `${prefix}${clean}`;
    let id = base;
    for (let i = 2; this.used.has(id); i++) id = `${base}-${i}`;
    this.used.add(id);
    return id;
  }
}

type SpdxNode = { license: string; plus?: true; exception?: string } | { left: SpdxNode; conjunction: 'and' | 'or'; right: SpdxNode };

function parseExpression(text: string): SpdxNode | undefined {
  try {
    return parseSpdx(text) as SpdxNode;
  } catch {
    return undefined;
  }
}
function licenseIds(node: SpdxNode, out: string[] = []): string[] {
  if ('license' in node) out.push(node.license);
  else {
    licenseIds(node.left, out);
    licenseIds(node.right, out);
  }
  return out;
}

/**
 * Declared licences → one SPDX expression, and the LicenseRefs it needs. An expression that parses (ids checked
 * against the SPDX licence list by spdx-expression-parse) is kept; a declared name, or an expression pointing into
 * another document (DocumentRef-…, which this document cannot define), becomes a LicenseRef-… whose extracted text is
 * the declared text. Licence names were corrected where it was safe when the scan read them (src/util/license.ts).
 */
class Licenses {
  private readonly refs = new IdAllocator();
  private readonly byText = new Map<string, string>();
  readonly extracted = new Map<string, { licenseId: string; extractedText: string; name?: string; comment?: string }>();

  constructor(all: readonly (readonly License[])[]) {
    // LicenseRefs the packages themselves declare come first, so a generated one never takes their name
    for (const ls of all) for (const l of ls) {
      const tree = 'expression' in l ? parseExpression(l.expression) : undefined;
      for (const id of tree ? licenseIds(tree) : []) {
        if (id.startsWith('LicenseRef-') && !this.extracted.has(id)) {
          this.refs.reserve(id);
          this.extracted.set(id, { licenseId: id, extractedText: `The package declares ${id}; its licence text was not extracted by the scan.`, name: id });
        }
      }
    }
  }

  private refFor(text: string): string {
    const known = this.byText.get(text);
    if (known) return known;
    const id = this.refs.take('LicenseRef-', text);
    this.byText.set(text, id);
    this.extracted.set(id, { licenseId: id, extractedText: text, name: text, comment: 'The licence as the package declares it: not an SPDX licence identifier or expression.' });
    return id;
  }

  expression(licenses: readonly License[]): string {
    const parts: { text: string; compound: boolean }[] = [];
    for (const l of licenses) {
      const text = 'expression' in l ? l.expression : l.name;
      const tree = 'expression' in l ? parseExpression(text) : undefined;
      if (tree && !licenseIds(tree).some((id) => id.startsWith('DocumentRef-'))) parts.push({ text, compound: !('license' in tree) });
      else parts.push({ text: this.refFor(text), compound: false });
    }
    const unique = [...new Map(parts.map((p) => [p.text, p])).values()];
    if (unique.length === 0) return NOASSERTION;
    if (unique.length === 1) return unique[0]?.text ?? NOASSERTION;
    return unique.map((p) => (p.compound && !parenthesised(p.text) ? `(${p.text})` : p.text)).join(' AND ');
  }
}

/** "(a OR b)" is one parenthesised whole; "(a) OR (b)" is not. */
function parenthesised(s: string): boolean {
  const t = s.trim();
  if (!t.startsWith('(')) return false;
  let depth = 0;
  for (let i = 0; i < t.length; i++) {
    if (t[i] === '(') depth++;
    else if (t[i] === ')' && --depth === 0) return i === t.length - 1;
  }
  return false;
}

/** A record's licence text as a License: an expression when it parses, else the name as written. */
function recordLicense(text: string | undefined): License[] {
  const t = text?.trim();
  if (!t) return [];
  return parseExpression(t) ? [{ expression: t }] : [{ name: t }];
}

function downloadLocation(c: Component): string {
  const { type, url, ref } = c.origin;
  if (!url) return NOASSERTION;
  if (type === 'tarball') return url;
  if (type === 'git') {
    // SPDX's VCS form: <vcs>+<transport>://<host>/<path>[@<revision>]
    const vcs = url.startsWith('git+') ? url : `git+${url}`;
    return ref ? `${vcs}@${ref}` : vcs;
  }
  return NOASSERTION;
}

function cpeRef(cpe: string | undefined): SpdxExternalRef[] {
  if (!cpe) return [];
  if (cpe.startsWith('cpe:2.3:')) return [{ referenceCategory: 'SECURITY', referenceType: 'cpe23Type', referenceLocator: cpe }];
  if (cpe.startsWith('cpe:/')) return [{ referenceCategory: 'SECURITY', referenceType: 'cpe22Type', referenceLocator: cpe }];
  return [];
}

const yesNo = (b: boolean) => (b ? 'yes' : 'no');

/** The record's fields as annotation comments ("<field>: <value>"; README.md lists them). */
function recordComments(item: ReportItem): string[] {
  const r = item.record;
  const out = [`SOUP record: ${item.file}`];
  if (r.safetyClass) out.push(`safety class: ${r.safetyClass}`);
  const branch = decidedBranch(r);
  if (branch) out.push(`SOUP branch: ${branch}`);
  out.push(`SOUP kind: ${decidedKind(r)}`);
  if (r.support?.level) out.push(`support level: ${r.support.level}`);
  if (r.support?.endOfSupport) out.push(`end of support: ${r.support.endOfSupport}`);
  if (r.monitoring?.endOfSupport) out.push(`monitored end of support: ${r.monitoring.endOfSupport}`);
  if (r.securityCategory) out.push(`security category: ${r.securityCategory}`);
  for (const h of r.hazards ?? []) out.push(`hazard: ${h}`);
  out.push(`record complete: ${yesNo(item.complete)}`, `record approved: ${yesNo(item.approved)}`);
  out.push(`vulnerability review: ${item.vulnerabilities.text}`, `anomaly review: ${item.anomalies.text}`);
  return out;
}

/** The SPDX 2.3 document of the report (see the notes at the top). */
export function buildSpdx(data: ReportData): SpdxDocument {
  const created = reportTimestamp(data);
  const tool = `Tool: ${data.tool.name}-${data.tool.version}`;
  const manufacturer = data.device.manufacturer?.trim() ? data.device.manufacturer : undefined;
  const annotation = (comment: string): SpdxAnnotation => ({ annotationDate: created, annotationType: 'OTHER', annotator: tool, comment });
  const inv = data.inventory;

  // the record-only items (a SOUP item the scan did not find) need licences too
  const scanned = new Set(inv.components);
  const orphans = data.items.filter((i) => !i.component || !scanned.has(i.component));
  const licenses = new Licenses([
    ...inv.components.map((c) => c.licenses),
    ...data.items.map((i) => recordLicense(i.record.identification.license)),
  ]);
  const ids = new IdAllocator(['SPDXRef-DOCUMENT', 'SPDXRef-Device']);
  const itemOf = new Map<ScannedComponent, ReportItem>();
  for (const i of data.items) if (i.component) itemOf.set(i.component, i);
  const memberOf = new Map<string, ReportItem>();
  for (const i of data.items) for (const m of i.record.members ?? []) if (!memberOf.has(m.purl)) memberOf.set(m.purl, i);

  const packages: SpdxPackage[] = [];
  const idOfKey = new Map<string, string>();
  const built: [ScannedComponent, string][] = [];
  for (const c of inv.components) {
    const item = itemOf.get(c);
    const id = item?.record.identification;
    const spdxId = ids.take('SPDXRef-Package-', `${c.name}-${c.version}`);
    if (!idOfKey.has(c.key)) idOfKey.set(c.key, spdxId);
    built.push([c, spdxId]);
    const supplier = c.supplier?.trim() ? c.supplier : id?.supplier?.trim() ? id.supplier : c.firstParty ? manufacturer : undefined;
    const declared = c.licenses.length ? c.licenses : recordLicense(id?.license);
    const comments = [`SOUP: ${yesNo(c.classification.soup)}`, `scope: ${c.scope}`];
    if (item) comments.push(...recordComments(item));
    const group = !item ? memberOf.get(c.purl) : undefined;
    if (group) comments.push(`covered by SOUP record: ${group.file}`, ...(group.record.safetyClass ? [`safety class: ${group.record.safetyClass}`] : []));
    const checksums = [...new Map(c.hashes.map((h) => [`${h.alg}:${h.content}`, { algorithm: CHECKSUM[h.alg], checksumValue: h.content }])).values()];
    const refs: SpdxExternalRef[] = [
      ...(c.purl ? [{ referenceCategory: 'PACKAGE-MANAGER' as const, referenceType: 'purl', referenceLocator: c.purl }] : []),
      ...cpeRef(c.cpe ?? id?.cpe),
    ];
    packages.push({
      SPDXID: spdxId,
      name: c.name,
      ...(c.version ? { versionInfo: c.version } : {}),
      supplier: supplier ? `Organization: ${supplier}` : NOASSERTION,
      downloadLocation: downloadLocation(c),
      filesAnalyzed: false,
      ...(id?.homepage ? { homepage: id.homepage } : {}),
      licenseConcluded: NOASSERTION,
      licenseDeclared: licenses.expression(declared),
      copyrightText: NOASSERTION,
      ...(c.description ? { description: c.description } : {}),
      ...(refs.length ? { externalRefs: refs } : {}),
      ...(checksums.length ? { checksums } : {}),
      primaryPackagePurpose: purpose(item ? decidedKind(item.record) : c.classification.kind),
      ...(id?.releaseDate ? { releaseDate: `${id.releaseDate}T00:00:00Z` } : {}),
      ...(item?.record.support?.endOfSupport ? { validUntilDate: `${item.record.support.endOfSupport}T00:00:00Z` } : {}),
      annotations: comments.map(annotation),
    });
  }
  const orphanIds: string[] = [];
  for (const item of orphans) {
    const id = item.record.identification;
    const spdxId = ids.take('SPDXRef-Package-', `${id.name}-${id.version}`);
    orphanIds.push(spdxId);
    packages.push({
      SPDXID: spdxId,
      name: id.name,
      ...(id.version ? { versionInfo: id.version } : {}),
      supplier: id.supplier?.trim() ? `Organization: ${id.supplier}` : NOASSERTION,
      downloadLocation: NOASSERTION,
      filesAnalyzed: false,
      ...(id.homepage ? { homepage: id.homepage } : {}),
      licenseConcluded: NOASSERTION,
      licenseDeclared: licenses.expression(recordLicense(id.license)),
      copyrightText: NOASSERTION,
      externalRefs: [
        ...(id.purl ? [{ referenceCategory: 'PACKAGE-MANAGER' as const, referenceType: 'purl', referenceLocator: id.purl }] : []),
        ...cpeRef(id.cpe),
      ],
      primaryPackagePurpose: purpose(decidedKind(item.record)),
      ...(id.releaseDate ? { releaseDate: `${id.releaseDate}T00:00:00Z` } : {}),
      ...(item.record.support?.endOfSupport ? { validUntilDate: `${item.record.support.endOfSupport}T00:00:00Z` } : {}),
      annotations: ['SOUP: yes', 'in scan: no (known from its record only)', ...recordComments(item)].map(annotation),
    });
  }

  const device = data.device;
  packages.unshift({
    SPDXID: 'SPDXRef-Device',
    name: device.name,
    ...(device.version ? { versionInfo: device.version } : {}),
    supplier: manufacturer ? `Organization: ${manufacturer}` : NOASSERTION,
    downloadLocation: NOASSERTION,
    filesAnalyzed: false,
    licenseConcluded: NOASSERTION,
    licenseDeclared: NOASSERTION,
    copyrightText: NOASSERTION,
    primaryPackagePurpose: 'APPLICATION',
  });

  const relationships: SpdxDocument['relationships'] = [{ spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: 'SPDXRef-Device' }];
  const seen = new Set<string>();
  const dependsOn = (from: string, to: string) => {
    const k = `${from}\u0000${to}`;
    if (from === to || seen.has(k)) return;
    seen.add(k);
    relationships.push({ spdxElementId: from, relationshipType: 'DEPENDS_ON', relatedSpdxElement: to });
  };
  // the device: its direct dependencies and the first-party packages nobody depends on (as the CycloneDX root)
  const dependedOn = new Set<string>();
  for (const [c] of built) for (const d of c.dependencies) if (idOfKey.has(d) && d !== c.key) dependedOn.add(d);
  for (const [c, id] of built) if (c.direct || (c.firstParty && !dependedOn.has(c.key))) dependsOn('SPDXRef-Device', id);
  for (const id of orphanIds) dependsOn('SPDXRef-Device', id);
  for (const [c, id] of built) for (const d of c.dependencies) {
    const target = idOfKey.get(d);
    if (target) dependsOn(id, target);
  }

  const deviceLabel = `${device.name}${device.version ? ` ${device.version}` : ''}`;
  const doc: SpdxDocument = {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name: `${deviceLabel} SBOM (${data.document.id} revision ${data.document.revision})`,
    documentNamespace: '',
    creationInfo: {
      created,
      creators: [tool, ...(manufacturer ? [`Organization: ${manufacturer}`] : [])],
      comment: `Made by Tureen from the SOUP register (${data.document.title}, ${data.document.id} revision ${data.document.revision}): every component the scan found, with each SOUP item's record as annotations.`,
    },
    packages,
    relationships,
    ...(licenses.extracted.size ? { hasExtractedLicensingInfos: [...licenses.extracted.values()] } : {}),
  };
  // a namespace unique to this content, the same for the same content (spdx.org/spdxdocs is SPDX's own prefix for tools without a domain)
  const slug = deviceLabel.replace(/[^A-Za-z0-9.]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'device';
  doc.documentNamespace = `https://spdx.org/spdxdocs/${slug}-${uuidV5(SPDX_NAMESPACE, JSON.stringify(doc))}`;
  return doc;
}

/** Namespace of the documents' UUIDs (a fixed random UUID). */
const SPDX_NAMESPACE = '8a1f3c52-9e07-4d6b-b2a4-5c13e9f07d21';

/** The SPDX 2.3 JSON text of the report. */
export function renderSpdx(data: ReportData): string {
  return `${JSON.stringify(buildSpdx(data), null, 2)}\n`;
}
