import { malformed } from '../../model/errors.js';
import { firstIssue } from '../../util/dict.js';
import { parseJson } from '../../util/json.js';
import { LineIndex } from '../../util/lines.js';
import { clip } from '../cyclonedx/identity.js';
import type { SpdxDoc, SpdxPackage, SpdxRelationship } from './extract.js';
import { Spdx3DocumentJson } from './schema.js';

/**
 * SPDX 3.0 JSON-LD (https://spdx.github.io/spdx-spec/v3.0.1/serializations/): one `@graph` of elements that name
 * each other by `spdxId`. Read into the same shape as an SPDX 2 document so that scope, directness and findings
 * are decided the same way:
 *  - `software_Package` → a package (name, software_packageVersion, software_packageUrl or an externalIdentifier
 *    of type packageUrl, cpe23/cpe22 identifiers, verifiedUsing hashes, suppliedBy → the agent's name,
 *    software_primaryPurpose, software_downloadLocation);
 *  - `SpdxDocument.rootElement` → what the document describes;
 *  - `Relationship` / `LifecycleScopedRelationship` (`from`, `to[]`, `relationshipType`, `scope`) → the SPDX 2
 *    relationship with the same meaning (dependsOn with scope development → DEV_DEPENDENCY_OF, …);
 *  - hasDeclaredLicense / hasConcludedLicense → the licence expression of the element they point to.
 * cdxgen keeps CycloneDX properties in an extension; its `cdx:npm:package:development` marks a dev dependency.
 */

type El = Record<string, unknown>;
const isEl = (v: unknown): v is El => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
/** An element reference: a spdxId string, or an inlined element with one. */
const ref = (v: unknown): string | undefined => str(v) ?? (isEl(v) ? str(v.spdxId) ?? str(v['@id']) : undefined);

/** SPDX 3 relationship type (+ lifecycle scope) → the SPDX 2 type and whether A/B swap. */
function toSpdx2(type: string, scope: string | undefined): { type: string; swap: boolean } | undefined {
  switch (type) {
    case 'dependsOn':
      switch (scope) {
        case 'development':
          return { type: 'DEV_DEPENDENCY_OF', swap: true };
        case 'build':
          return { type: 'BUILD_DEPENDENCY_OF', swap: true };
        case 'test':
          return { type: 'TEST_DEPENDENCY_OF', swap: true };
        default:
          return { type: 'DEPENDS_ON', swap: false };
      }
    case 'contains':
      return { type: 'CONTAINS', swap: false };
    case 'hasDynamicLink':
      return { type: 'DYNAMIC_LINK', swap: false };
    case 'hasStaticLink':
      return { type: 'STATIC_LINK', swap: false };
    case 'hasPrerequisite':
      return { type: 'HAS_PREREQUISITE', swap: false };
    case 'hasOptionalDependency':
      return { type: 'OPTIONAL_DEPENDENCY_OF', swap: true };
    case 'hasOptionalComponent':
      return { type: 'OPTIONAL_COMPONENT_OF', swap: true };
    case 'hasProvidedDependency':
      return { type: 'PROVIDED_DEPENDENCY_OF', swap: true };
    case 'hasTest':
      return { type: 'TEST_OF', swap: true };
    case 'describes':
      return { type: 'DESCRIBES', swap: false };
    default:
      return undefined;
  }
}

const HASH_ALG: Readonly<Record<string, string>> = {
  md5: 'MD5', sha1: 'SHA1', sha256: 'SHA256', sha384: 'SHA384', sha512: 'SHA512', sha3_256: 'SHA3-256', sha3_512: 'SHA3-512',
  blake2b256: 'BLAKE2b-256', blake2b512: 'BLAKE2b-512', blake3: 'BLAKE3',
};

/** software_primaryPurpose (camelCase) → the SPDX 2 purpose names kindOfPurpose reads. */
const purpose = (p: string | undefined) => p?.replace(/([a-z])([A-Z])/g, '$1-$2').toUpperCase();

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function readSpdx3Doc(file: string, text: string): SpdxDoc {
  const data = parseJson(text, file);
  const res = Spdx3DocumentJson.safeParse(data);
  if (!res.success) {
    const { path, message } = firstIssue(res.error);
    throw malformed(file, `not an SPDX 3 JSON-LD document: ${path ? `${path}: ` : ''}${message}`, path ? { key: path } : undefined, 'Check that the file is a complete SPDX 3.0 JSON-LD document (with "@context" and "@graph").');
  }
  const graph = res.data['@graph'].filter(isEl);
  const byId = new Map<string, El>();
  for (const el of graph) {
    const id = ref(el);
    if (id !== undefined && !byId.has(id)) byId.set(id, el);
  }
  const idx = new LineIndex(text);
  let cursor = 0;
  const lineOfId = (id: string): number | undefined => {
    if (id.length > 500) return undefined;
    const re = new RegExp(`"spdxId"\\s*:\\s*${escapeRe(JSON.stringify(id))}`, 'g');
    re.lastIndex = cursor;
    const m = re.exec(text);
    if (!m) return undefined;
    cursor = m.index + 1;
    return idx.lineAt(m.index);
  };

  let specVersion = '3.0';
  const docEl = graph.find((e) => e.type === 'SpdxDocument');
  const creation = graph.find((e) => e.type === 'CreationInfo');
  if (creation && str(creation.specVersion)) specVersion = str(creation.specVersion) as string;
  const documentId = (docEl && ref(docEl)) ?? 'SPDXRef-DOCUMENT';
  // the document's root elements; a root that is itself an SBOM (software_Sbom, Bom, Bundle) stands for its own roots
  const describes: string[] = [];
  const pending = docEl ? list(docEl.rootElement).map(ref).filter((x): x is string => x !== undefined) : [];
  const seenRoots = new Set<string>();
  while (pending.length && seenRoots.size < 10_000) {
    const id = pending.shift() as string;
    if (seenRoots.has(id)) continue;
    seenRoots.add(id);
    const el = byId.get(id);
    if (el && (el.type === 'software_Sbom' || el.type === 'Bom' || el.type === 'Bundle')) {
      for (const r of list(el.rootElement)) {
        const rid = ref(r);
        if (rid !== undefined) pending.push(rid);
      }
    } else describes.push(id);
  }

  // licences: element → expression, through hasDeclaredLicense / hasConcludedLicense
  const declared = new Map<string, string>();
  const concluded = new Map<string, string>();
  const licenseText = (el: El | undefined): string | undefined =>
    el ? str(el.simplelicensing_licenseExpression) ?? str(el.expandedlicensing_licenseId) ?? str(el.name) : undefined;
  const relationships: SpdxRelationship[] = [];
  for (const el of graph) {
    if (el.type !== 'Relationship' && el.type !== 'LifecycleScopedRelationship') continue;
    const type = str(el.relationshipType);
    const from = ref(el.from);
    if (!type || !from) continue;
    const tos = list(el.to).map(ref).filter((x): x is string => x !== undefined);
    if (type === 'hasDeclaredLicense' || type === 'hasConcludedLicense') {
      const t = tos.map((id) => licenseText(byId.get(id))).filter((x): x is string => !!x).join(' AND ');
      if (t) (type === 'hasDeclaredLicense' ? declared : concluded).set(from, tos.length > 1 ? `(${t})` : t);
      continue;
    }
    const m = toSpdx2(type, str(el.scope));
    if (!m) continue;
    for (const to of tos) relationships.push(m.swap ? { from: to, type: m.type, to: from } : { from, type: m.type, to });
  }

  const packages: SpdxPackage[] = [];
  const otherIds = new Set<string>();
  const devFlags = new Set<string>();
  graph.forEach((el, i) => {
    const id = ref(el);
    if (id === undefined) return;
    if (el.type !== 'software_Package') {
      otherIds.add(id);
      return;
    }
    const name = str(el.name);
    if (name === undefined) throw malformed(file, `the software_Package ${clip(id)} has no name`, { key: `@graph[${i}]` });
    const ids = list(el.externalIdentifier).filter(isEl);
    const purlId = ids.find((x) => x.externalIdentifierType === 'packageUrl');
    const cpe = ids.find((x) => x.externalIdentifierType === 'cpe23' || x.externalIdentifierType === 'cpe22');
    const purl = str(el.software_packageUrl) ?? (purlId ? str(purlId.identifier) : undefined);
    const externalRefs: SpdxPackage['externalRefs'] = [];
    if (purl) externalRefs.push({ category: 'PACKAGE-MANAGER', type: 'purl', locator: purl });
    const cpeText = cpe ? str(cpe.identifier) : undefined;
    if (cpeText) externalRefs.push({ category: 'SECURITY', type: cpe?.externalIdentifierType === 'cpe22' ? 'cpe22Type' : 'cpe23Type', locator: cpeText });
    const checksums: SpdxPackage['checksums'] = [];
    for (const h of list(el.verifiedUsing).filter(isEl)) {
      const alg = str(h.algorithm);
      const value = str(h.hashValue);
      if (alg && value) checksums.push({ algorithm: HASH_ALG[alg] ?? alg, value });
    }
    const supplierEl = byId.get(ref(el.suppliedBy) ?? '');
    const supplier = supplierEl ? str(supplierEl.name) : undefined;
    const originator = list(el.originatedBy).map((o) => byId.get(ref(o) ?? '')).find(isEl);
    const version = str(el.software_packageVersion);
    const download = str(el.software_downloadLocation);
    const p = purpose(str(el.software_primaryPurpose));
    const description = str(el.description) ?? str(el.summary);
    const line = lineOfId(id);
    packages.push({
      id,
      name,
      ...(version !== undefined ? { version } : {}),
      ...(supplier ? { supplier } : {}),
      ...(originator && str(originator.name) ? { originator: str(originator.name) as string } : {}),
      ...(download !== undefined ? { downloadLocation: download } : {}),
      ...(declared.has(id) ? { licenseDeclared: declared.get(id) as string } : {}),
      ...(concluded.has(id) ? { licenseConcluded: concluded.get(id) as string } : {}),
      checksums,
      externalRefs,
      ...(p ? { purpose: p } : {}),
      ...(description !== undefined ? { description } : {}),
      ...(line !== undefined ? { line } : {}),
      locator: `@graph[${i}]`,
    });
    if (cdxDevelopment(el)) devFlags.add(id);
  });

  return {
    format: 'json',
    spdxVersion: `SPDX-${specVersion}`,
    documentId,
    describes,
    packages,
    relationships,
    otherIds,
    readFindings: [],
    development: devFlags,
  };
}

/** cdxgen's extension that carries CycloneDX properties: is `cdx:npm:package:development` true? */
function cdxDevelopment(el: El): boolean {
  for (const ext of list(el.extension).filter(isEl)) {
    for (const p of list(ext.extension_cdxProperty).filter(isEl)) {
      const n = str(p.extension_cdxPropName);
      if ((n === 'properties.cdx:npm:package:development' || n === 'cdx:npm:package:development') && p.extension_cdxPropValue === 'true') return true;
    }
  }
  return false;
}
