import { readFileSync } from 'node:fs';
import parseSpdx from 'spdx-expression-parse';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ScannedComponent } from '../../model/scanned.js';
import type { ReportData } from '../data.js';
import { renderSpdx, type SpdxDocument, type SpdxPackage } from './spdx.js';
import { exampleRegister, HOSTILE, HOSTILE_NAME, hostileRegister, RAW_CONTROL, WS_FILE } from './test-support/registers.js';
import { spdxValidator } from './test-support/validate.js';

const validate = spdxValidator();
const pkgVersion = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
/** SPDX 2.3 §3.2: "SPDXRef-" followed by letters, numbers, "." and "-" (the 2.3.1 schema makes it a pattern). */
const SPDX_ID = /^SPDXRef-[A-Za-z0-9.-]+$/;

let example: ReportData;
let doc: SpdxDocument;
beforeAll(async () => {
  example = (await exampleRegister()).data;
  doc = JSON.parse(renderSpdx(example)) as SpdxDocument;
});
const pkg = (purl: string) => doc.packages.find((p) => p.externalRefs?.some((r) => r.referenceType === 'purl' && r.referenceLocator === purl));
const comments = (p: SpdxPackage | undefined) => (p?.annotations ?? []).map((a) => a.comment);

/** The document with one component's licences replaced. */
function withLicenses(data: ReportData, purl: string, licenses: ScannedComponent['licenses']): ReportData {
  return { ...data, inventory: { ...data.inventory, components: data.inventory.components.map((c) => (c.purl === purl ? { ...c, licenses } : c)) } };
}

describe('renderSpdx: the device SBOM as SPDX 2.3', () => {
  it('validates against the official SPDX 2.3 JSON schema', () => {
    expect(validate(doc), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  });

  it('the same validator refuses a broken document, so its pass means something', () => {
    const noId = structuredClone(doc) as unknown as { packages: Record<string, unknown>[] };
    delete noId.packages[1]?.SPDXID;
    expect(validate(noId)).toBe(false);
    const badRel = structuredClone(doc);
    (badRel.relationships[0] as { relationshipType: string }).relationshipType = 'USES';
    expect(validate(badRel)).toBe(false);
  });

  it('says who made it, when, and for which device', () => {
    expect(doc.spdxVersion).toBe('SPDX-2.3');
    expect(doc.dataLicense).toBe('CC0-1.0');
    expect(doc.creationInfo.created).toBe('2026-11-26T00:00:00Z');
    expect(doc.creationInfo.creators).toEqual([`Tool: tureen-${pkgVersion}`, 'Organization: Example Medical Ltd']);
    expect(doc.name).toBe('Infusion pump controller 2.4.0 SBOM (SOUP-INFUSION-PUMP-CONTROLLER revision 1)');
    expect(doc.documentNamespace).toMatch(/^https:\/\/spdx\.org\/spdxdocs\/Infusion-pump-controller-2\.4\.0-[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(doc.relationships[0]).toEqual({ spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: 'SPDXRef-Device' });
    expect(doc.packages[0]).toMatchObject({ SPDXID: 'SPDXRef-Device', name: 'Infusion pump controller', versionInfo: '2.4.0', supplier: 'Organization: Example Medical Ltd', primaryPackagePurpose: 'APPLICATION' });
  });

  it('has one package per scanned component plus the device, with unique SPDX ids', () => {
    expect(doc.packages).toHaveLength(example.inventory.components.length + 1);
    const ids = doc.packages.map((p) => p.SPDXID);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(SPDX_ID);
    for (const c of example.inventory.components) expect(pkg(c.purl), c.purl).toBeDefined();
  });

  it('writes name, version, supplier, download location, purl, CPE and checksums', () => {
    const ws = pkg('pkg:npm/ws@8.23.0');
    const c = example.inventory.components.find((x) => x.purl === 'pkg:npm/ws@8.23.0');
    expect(ws).toMatchObject({ name: 'ws', versionInfo: '8.23.0', supplier: 'Organization: Einar Otto Stangvik', downloadLocation: 'NOASSERTION', filesAnalyzed: false, licenseConcluded: 'NOASSERTION', licenseDeclared: 'MIT', primaryPackagePurpose: 'LIBRARY' });
    expect(ws?.externalRefs).toEqual([{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: 'pkg:npm/ws@8.23.0' }]);
    expect(ws?.checksums).toEqual(c?.hashes.map((h) => ({ algorithm: 'SHA512', checksumValue: h.content })));
    expect(c?.hashes.map((h) => h.alg)).toEqual(['SHA-512']);
    const debian = pkg('pkg:generic/debian@12');
    expect(debian?.externalRefs).toContainEqual({ referenceCategory: 'SECURITY', referenceType: 'cpe23Type', referenceLocator: 'cpe:2.3:o:debian:debian_linux:12:*:*:*:*:*:*:*' });
    expect(debian?.primaryPackagePurpose).toBe('OPERATING_SYSTEM');
    // declared items name their supplier in the config
    expect(pkg('pkg:generic/pumpcloud-device-telemetry-service@2024-06')?.supplier).toBe('Organization: Example Cloud Services GmbH');
  });

  it('gives the SOUP item its record as annotations and the end of support as validUntilDate', () => {
    const ws = pkg('pkg:npm/ws@8.23.0');
    expect(ws?.validUntilDate).toBe('2028-12-31T00:00:00Z');
    for (const a of ws?.annotations ?? []) expect(a).toMatchObject({ annotationType: 'OTHER', annotator: `Tool: tureen-${pkgVersion}`, annotationDate: '2026-11-26T00:00:00Z' });
    expect(comments(ws)).toEqual([
      'SOUP: yes', 'scope: runtime',
      `SOUP record: ${WS_FILE}`, 'safety class: B', 'SOUP branch: off-the-shelf', 'SOUP kind: library',
      'support level: actively maintained', 'end of support: 2028-12-31', 'security category: maintained',
      'hazard: H-12', 'hazard: RC-31', 'record complete: no', 'record approved: yes',
      'vulnerability review: reviewed 2026-11-21: 7 known, 1 in triage', 'anomaly review: reviewed 2026-11-20: 0 relevant of 1',
    ]);
    expect(comments(pkg('pkg:npm/eslint@9.39.5'))).toEqual(['SOUP: no', 'scope: development']);
  });

  it('writes the dependency graph: DEPENDS_ON for each edge of the scan, the device on its direct dependencies', () => {
    const idOf = new Map(doc.packages.map((p) => [p.externalRefs?.find((r) => r.referenceType === 'purl')?.referenceLocator, p.SPDXID]));
    const edges = new Set(doc.relationships.filter((r) => r.relationshipType === 'DEPENDS_ON').map((r) => `${r.spdxElementId} ${r.relatedSpdxElement}`));
    const keys = new Map(example.inventory.components.map((c) => [c.key, c.purl]));
    let expected = 0;
    for (const c of example.inventory.components) {
      for (const d of new Set(c.dependencies)) {
        if (!keys.has(d) || d === c.key) continue;
        expected++;
        expect(edges.has(`${idOf.get(c.purl)} ${idOf.get(keys.get(d))}`), `${c.key} → ${d}`).toBe(true);
      }
    }
    const fromDevice = [...edges].filter((e) => e.startsWith('SPDXRef-Device '));
    expect(edges.size).toBe(expected + fromDevice.length);
    expect(edges.has(`SPDXRef-Device ${idOf.get('pkg:npm/fastify@5.12.8')}`)).toBe(true);
    expect(edges.has(`${idOf.get('pkg:npm/fastify@5.12.8')} ${idOf.get('pkg:npm/avvio@9.3.1')}`)).toBe(true);
    // every relationship points at an element of the document
    const known = new Set(['SPDXRef-DOCUMENT', ...doc.packages.map((p) => p.SPDXID)]);
    for (const r of doc.relationships) expect(known.has(r.spdxElementId) && known.has(r.relatedSpdxElement)).toBe(true);
  });

  it('writes each licence as a valid SPDX expression, a LicenseRef with its text, or NOASSERTION', () => {
    let data = withLicenses(example, 'pkg:npm/ws@8.23.0', [{ expression: '(MIT OR Apache-2.0)' }, { name: 'Custom: see LICENSE file' }, { name: 'Custom: see LICENSE file' }]);
    data = withLicenses(data, 'pkg:npm/ms@2.1.3', [{ expression: 'LicenseRef-Acme-EULA' }, { expression: 'DocumentRef-other:LicenseRef-x' }]);
    data = withLicenses(data, 'pkg:npm/debug@4.4.3', [{ expression: '(MIT) OR (ISC)' }, { expression: 'BSD-3-Clause' }]);
    const d = JSON.parse(renderSpdx(data)) as SpdxDocument;
    expect(validate(d)).toBe(true);
    const p = (purl: string) => d.packages.find((x) => x.externalRefs?.some((r) => r.referenceLocator === purl));
    expect(p('pkg:npm/ws@8.23.0')?.licenseDeclared).toBe('(MIT OR Apache-2.0) AND LicenseRef-Custom-see-LICENSE-file');
    // a LicenseRef the package declares stays; a reference into another document (undefinable here) becomes one of ours
    expect(p('pkg:npm/ms@2.1.3')?.licenseDeclared).toBe('LicenseRef-Acme-EULA AND LicenseRef-DocumentRef-other-LicenseRef-x');
    // a compound expression joined to another is parenthesised as a whole
    expect(p('pkg:npm/debug@4.4.3')?.licenseDeclared).toBe('((MIT) OR (ISC)) AND BSD-3-Clause');
    expect(d.hasExtractedLicensingInfos).toEqual(expect.arrayContaining([
      expect.objectContaining({ licenseId: 'LicenseRef-Custom-see-LICENSE-file', extractedText: 'Custom: see LICENSE file' }),
      expect.objectContaining({ licenseId: 'LicenseRef-DocumentRef-other-LicenseRef-x', extractedText: 'DocumentRef-other:LicenseRef-x' }),
      expect.objectContaining({ licenseId: 'LicenseRef-Acme-EULA' }),
    ]));
    expect(d.hasExtractedLicensingInfos).toHaveLength(3);
    // every licence field of the example parses (spdx-expression-parse checks ids against the SPDX list), and every
    // LicenseRef it names is defined in the document
    const defined = new Set((doc.hasExtractedLicensingInfos ?? []).map((x) => x.licenseId));
    for (const x of [...doc.packages, ...d.packages]) {
      for (const field of [x.licenseDeclared, x.licenseConcluded]) {
        if (field === 'NOASSERTION') continue;
        expect(() => parseSpdx(field), field).not.toThrow();
        for (const ref of field.match(/LicenseRef-[A-Za-z0-9.-]+/g) ?? []) expect(defined.has(ref) || d.hasExtractedLicensingInfos?.some((e) => e.licenseId === ref), ref).toBe(true);
      }
      expect(x.licenseConcluded).toBe('NOASSERTION');
    }
    // a package that declares nothing
    expect(pkg('pkg:docker/library/node@22.12.0-bookworm-slim')?.licenseDeclared).toBe('NOASSERTION');
  });

  it('is reproducible: the same register and date give the same bytes; another date another namespace', () => {
    expect(renderSpdx(example)).toBe(renderSpdx(example));
    const later = JSON.parse(renderSpdx({ ...example, date: '2026-12-01' })) as SpdxDocument;
    expect(later.creationInfo.created).toBe('2026-12-01T00:00:00Z');
    expect(later.documentNamespace).not.toBe(doc.documentNamespace);
  });

  it('a SOUP item the scan did not find is still a package the device depends on', () => {
    const missing: ReportData = { ...example, inventory: { ...example.inventory, components: example.inventory.components.filter((c) => c.purl !== 'pkg:npm/ws@8.23.0') } };
    const d = JSON.parse(renderSpdx(missing)) as SpdxDocument;
    expect(validate(d)).toBe(true);
    const ws = d.packages.filter((p) => p.name === 'ws' && p.versionInfo === '8.23.0');
    expect(ws).toHaveLength(1);
    expect(ws[0]?.licenseDeclared).toBe('MIT');
    expect(comments(ws[0])).toContain('in scan: no (known from its record only)');
    expect(comments(ws[0])).toContain('support level: actively maintained');
    expect(d.relationships).toContainEqual({ spdxElementId: 'SPDXRef-Device', relationshipType: 'DEPENDS_ON', relatedSpdxElement: ws[0]?.SPDXID });
  });
});

describe('renderSpdx on a hostile register', () => {
  it('keeps every hostile string as data, with ids still safe, and validates', async () => {
    const { data } = await hostileRegister();
    const json = renderSpdx(data);
    const d = JSON.parse(json) as SpdxDocument;
    expect(validate(d), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    for (const p of d.packages) expect(p.SPDXID).toMatch(SPDX_ID);
    expect(d.packages[0]?.name).toBe(`Pump ${HOSTILE}`);
    expect(d.creationInfo.creators).toContain(`Organization: Acme ${HOSTILE}`);
    const declared = d.packages.find((p) => p.name === HOSTILE_NAME);
    expect(declared?.versionInfo).toBe(`1.0${HOSTILE}`);
    expect(declared?.supplier).toBe(`Organization: ${HOSTILE}`);
    // a licence that is no SPDX expression: a safe LicenseRef id, the text kept verbatim
    expect(declared?.licenseDeclared).toMatch(/^LicenseRef-[A-Za-z0-9.-]+$/);
    expect(d.hasExtractedLicensingInfos?.find((x) => x.licenseId === declared?.licenseDeclared)?.extractedText).toBe(HOSTILE);
    const ws = d.packages.find((p) => p.name === 'ws' && p.versionInfo === '8.23.0');
    expect(comments(ws)).toContain(`support level: actively maintained ${HOSTILE}`);
    expect(RAW_CONTROL.test(json)).toBe(false);
  });
});
