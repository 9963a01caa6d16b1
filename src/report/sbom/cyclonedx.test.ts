import { XMLParser } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import type { ReportData } from '../data.js';
import { renderCycloneDx } from './cyclonedx.js';
import { asInXml, DATE, exampleRegister, HOSTILE, HOSTILE_NAME, hostileRegister, RAW_CONTROL, WS_FILE } from './test-support/registers.js';
import { cycloneDxXsdErrors } from './test-support/validate.js';

interface Prop { name: string; value: string }
interface CdxComponent { 'bom-ref': string; name: string; group?: string; version?: string; purl?: string; scope?: string; supplier?: { name: string }; licenses?: unknown[]; hashes?: { alg: string; content: string }[]; properties?: Prop[] }
interface CdxVulnerability {
  'bom-ref': string; id: string; source?: { name: string; url: string }; references?: { id: string; source: { name: string; url: string } }[];
  ratings?: { score?: number; severity?: string; method?: string; vector?: string }[]; description?: string; recommendation?: string;
  analysis?: { state?: string; justification?: string; response?: string[]; detail?: string };
  affects?: { ref: string; versions?: { version: string; status: string }[] }[]; properties?: Prop[];
}
interface CdxDoc {
  serialNumber: string;
  metadata: { timestamp: string; component: { 'bom-ref': string; name: string }; properties?: Prop[] };
  components: CdxComponent[];
  dependencies: { ref: string; dependsOn?: string[] }[];
  vulnerabilities?: CdxVulnerability[];
}

const jsonValidator = new Validation.JsonStrictValidator(Spec.Version.v1dot6);
const props = (c: { properties?: Prop[] } | undefined, name: string) => (c?.properties ?? []).filter((p) => p.name === name).map((p) => p.value);

let example: ReportData;
let doc: CdxDoc;
beforeAll(async () => {
  example = (await exampleRegister()).data;
  doc = JSON.parse(renderCycloneDx(example, 'json')) as CdxDoc;
});
const ws = () => doc.components.find((c) => c.purl === 'pkg:npm/ws@8.23.0');
const vuln = (id: string) => doc.vulnerabilities?.find((v) => v.id === id);

describe('renderCycloneDx: the device SBOM with the register and its VEX', () => {
  it('JSON validates against the official CycloneDX 1.6 JSON schema, XML against its XSD', async () => {
    expect(await jsonValidator.validate(renderCycloneDx(example, 'json'))).toBeNull();
    expect(cycloneDxXsdErrors(renderCycloneDx(example, 'xml'))).toBeNull();
  });

  it('the same validators refuse a broken document, so their pass means something', async () => {
    const broken = structuredClone(doc);
    (broken.vulnerabilities?.[0]?.analysis ?? {}).state = 'probably_fine';
    expect(await jsonValidator.validate(JSON.stringify(broken))).not.toBeNull();
    const xml = renderCycloneDx(example, 'xml');
    expect(cycloneDxXsdErrors(xml.replace('<state>resolved</state>', '<state>probably_fine</state>'))).toMatch(/state/);
  });

  it('lists every component of the scan, SOUP or not, by its key', () => {
    const refs = new Set(doc.components.map((c) => c['bom-ref']));
    for (const c of example.inventory.components) expect(refs.has(c.key), c.key).toBe(true);
    expect(doc.components).toHaveLength(example.inventory.components.length);
    // development tools are there too, marked not SOUP and out of the shipped scope
    const eslint = doc.components.find((c) => c.purl === 'pkg:npm/eslint@9.39.5');
    expect(eslint?.scope).toBe('excluded');
    expect(props(eslint, 'tureen:soup')).toEqual(['false']);
    expect(props(eslint, 'tureen:record')).toEqual([]);
  });

  it('gives the SOUP item its record: FDA support fields, class, branch, kind, security category, record file', () => {
    const c = ws();
    expect(c).toBeDefined();
    expect(props(c, 'tureen:record')).toEqual([WS_FILE]);
    expect(props(c, 'tureen:safety-class')).toEqual(['B']);
    expect(props(c, 'tureen:soup:branch')).toEqual(['off-the-shelf']);
    expect(props(c, 'tureen:soup:kind')).toEqual(['library']);
    expect(props(c, 'tureen:support:level')).toEqual(['actively maintained']);
    expect(props(c, 'tureen:support:end-of-support')).toEqual(['2028-12-31']);
    expect(props(c, 'tureen:security-category')).toEqual(['maintained']);
    expect(props(c, 'tureen:hazard')).toEqual(['H-12', 'RC-31']);
    expect(props(c, 'tureen:record:approved')).toEqual(['true']);
    // one entry is still in triage: check counts the record incomplete
    expect(props(c, 'tureen:record:complete')).toEqual(['false']);
    expect(props(c, 'tureen:review:vulnerabilities')).toEqual(['reviewed 2026-11-21: 7 known, 1 in triage']);
    // the scan's own facts stay: purl, hashes, licence, scope; the supplier the record knows fills the scan's gap
    expect(c?.scope).toBe('required');
    expect(c?.hashes?.map((h) => h.alg)).toEqual(['SHA-512']);
    expect(c?.licenses).toEqual([{ license: { id: 'MIT', acknowledgement: 'declared' } }]);
    expect(c?.supplier).toEqual({ name: 'Einar Otto Stangvik' });
    // every property is in Tureen's namespace
    for (const comp of doc.components) for (const p of comp.properties ?? []) expect(p.name.startsWith('tureen:')).toBe(true);
  });

  it('names the document in the metadata and dates it at the report date', () => {
    expect(doc.metadata.timestamp).toBe('2026-11-26T00:00:00.000Z');
    expect(props(doc.metadata, 'tureen:document:id')).toEqual(['SOUP-INFUSION-PUMP-CONTROLLER']);
    expect(props(doc.metadata, 'tureen:document:revision')).toEqual(['1']);
    expect(doc.metadata.component.name).toBe('Infusion pump controller');
  });

  it('writes one VEX entry per assessed vulnerability of the version shipped, on the component', () => {
    const ids = (doc.vulnerabilities ?? []).map((v) => v.id);
    // the entry about 8.22.0 says nothing about 8.23.0
    expect(ids).toEqual(['GHSA-3h5v-q93c-6h6q', 'CVE-2026-10001', 'GHSA-9wv6-86v2-598j', 'CVE-2026-10003', 'CVE-2026-10004', 'CVE-2026-10005', 'CVE-2026-10006']);
    const ref = ws()?.['bom-ref'];
    for (const v of doc.vulnerabilities ?? []) expect(v.affects?.map((a) => a.ref)).toEqual([ref]);
    expect((doc.vulnerabilities ?? []).map((v) => v.analysis?.state)).toEqual(['resolved', 'not_affected', 'exploitable', 'in_triage', 'false_positive', 'not_affected', 'not_affected']);
    // bom-refs stay unique across components, root and vulnerabilities
    const all = [...doc.components.map((c) => c['bom-ref']), doc.metadata.component['bom-ref'], ...(doc.vulnerabilities ?? []).map((v) => v['bom-ref'])];
    expect(new Set(all).size).toBe(all.length);
  });

  it('carries analysis, ratings from the CVSS vector, source, aliases and versions', () => {
    const fixed = vuln('GHSA-3h5v-q93c-6h6q');
    expect(fixed?.source).toEqual({ name: 'GitHub', url: 'https://github.com/advisories/GHSA-3h5v-q93c-6h6q' });
    expect(fixed?.references).toEqual([{ id: 'CVE-2024-37890', source: { name: 'NVD', url: 'https://nvd.nist.gov/vuln/detail/CVE-2024-37890' } }]);
    // NVD scores CVE-2024-37890 (this vector) 7.5 HIGH
    expect(fixed?.ratings).toEqual([{ method: 'CVSSv31', score: 7.5, severity: 'high', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H' }]);
    expect(fixed?.analysis).toEqual({ state: 'resolved', response: ['update'], detail: '8.23.0 contains the fix released in 8.17.1.' });
    expect(fixed?.affects?.[0]?.versions).toEqual([
      { version: '8.23.0', status: 'unaffected' }, { version: '8.17.1', status: 'unaffected' }, { version: '7.5.10', status: 'unaffected' },
    ]);
    expect(fixed?.description).toBe('ws affected by a DoS when handling a request with many HTTP headers');

    const na = vuln('CVE-2026-10001');
    expect(na?.analysis).toEqual({ state: 'not_affected', justification: 'code_not_reachable', detail: 'The device never calls the permessage-deflate extension: it is disabled in src/ws.ts.' });
    expect(na?.ratings).toEqual([{ method: 'CVSSv31', score: 5.3, severity: 'medium', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L' }]);
    expect(na?.source?.name).toBe('NVD');

    const ex = vuln('GHSA-9wv6-86v2-598j');
    expect(ex?.analysis?.response).toEqual(['workaround_available', 'update']);
    expect(ex?.recommendation).toBe('Port 8443 is closed on the device firewall until the update to 8.24.0 ships in release 2.4.1.');
    expect(ex?.ratings?.[0]).toMatchObject({ score: 10, severity: 'critical' });
    expect(ex?.affects?.[0]?.versions).toEqual([{ version: '8.23.0', status: 'affected' }, { version: '8.24.0', status: 'unaffected' }]);
    expect(props(ex, 'tureen:kev')).toEqual(['true']);
    expect(props(ex, 'tureen:assessment:reviewer')).toEqual(['A. Reviewer']);
    expect(props(ex, 'tureen:assessment:date')).toEqual(['2026-11-21']);

    const triage = vuln('CVE-2026-10003');
    expect(triage?.ratings).toEqual([{ severity: 'unknown' }]);
    expect(triage?.affects?.[0]?.versions).toEqual([{ version: '8.23.0', status: 'unknown' }]);

    const fp = vuln('CVE-2026-10004');
    expect(fp?.ratings).toEqual([{ severity: 'low' }]);
    expect(props(fp, 'tureen:assessment:source')).toEqual(['supplier VEX (websockets/ws)']);
    expect(props(fp, 'tureen:record')).toEqual([WS_FILE]);
  });

  it('XML holds the same document as JSON, with the same serial number', () => {
    const xml = renderCycloneDx(example, 'xml');
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseTagValue: false, isArray: (n) => ['component', 'vulnerability', 'property', 'version'].includes(n) })
      .parse(xml) as { bom: { '@_serialNumber': string; components: { component: { '@_bom-ref': string; properties?: { property: { '@_name': string; '#text': string }[] } }[] }; vulnerabilities: { vulnerability: { id: string; analysis: { state: string } }[] } } };
    expect(parsed.bom['@_serialNumber']).toBe(doc.serialNumber);
    expect(parsed.bom.components.component.map((c) => c['@_bom-ref'])).toEqual(doc.components.map((c) => c['bom-ref']));
    const xws = parsed.bom.components.component.find((c) => c['@_bom-ref'] === ws()?.['bom-ref']);
    expect(xws?.properties?.property.filter((p) => p['@_name'] === 'tureen:support:end-of-support').map((p) => p['#text'])).toEqual(['2028-12-31']);
    expect(parsed.bom.vulnerabilities.vulnerability.map((v) => [v.id, v.analysis.state])).toEqual((doc.vulnerabilities ?? []).map((v) => [v.id, v.analysis?.state]));
  });

  it('is reproducible: the same register and date give the same bytes; another date another time and serial', async () => {
    expect(renderCycloneDx(example, 'json')).toBe(renderCycloneDx(example, 'json'));
    expect(renderCycloneDx(example, 'xml')).toBe(renderCycloneDx(example, 'xml'));
    // a later scan of the same register (the inventory's own timestamp) changes nothing
    expect(renderCycloneDx({ ...example, inventory: { ...example.inventory, timestamp: '2030-01-01T00:00:00.000Z' } }, 'json')).toBe(renderCycloneDx(example, 'json'));
    const later = JSON.parse(renderCycloneDx({ ...example, date: '2026-12-01' }, 'json')) as CdxDoc;
    expect(later.metadata.timestamp).toBe('2026-12-01T00:00:00.000Z');
    expect(later.serialNumber).not.toBe(doc.serialNumber);
    expect(() => renderCycloneDx({ ...example, date: '2026-02-31' }, 'json')).toThrow(/not a date/);
    expect(DATE).toBe('2026-11-26');
  });

  it('a SOUP item the scan did not find still gets a component, on the device root, with its VEX', async () => {
    const missing: ReportData = {
      ...example,
      inventory: { ...example.inventory, components: example.inventory.components.filter((c) => c.purl !== 'pkg:npm/ws@8.23.0') },
    };
    const json = renderCycloneDx(missing, 'json');
    expect(await jsonValidator.validate(json)).toBeNull();
    const d = JSON.parse(json) as CdxDoc;
    const c = d.components.filter((x) => x.purl === 'pkg:npm/ws@8.23.0');
    expect(c).toHaveLength(1);
    expect(props(c[0], 'tureen:in-scan')).toEqual(['false']);
    expect(props(c[0], 'tureen:record')).toEqual([WS_FILE]);
    expect(c[0]?.licenses).toEqual([{ license: { id: 'MIT', acknowledgement: 'declared' } }]);
    expect(d.dependencies.find((x) => x.ref === d.metadata.component['bom-ref'])?.dependsOn).toContain(c[0]?.['bom-ref']);
    expect(d.vulnerabilities?.every((v) => v.affects?.[0]?.ref === c[0]?.['bom-ref'])).toBe(true);
    expect(cycloneDxXsdErrors(renderCycloneDx(missing, 'xml'))).toBeNull();
  });
});

describe('renderCycloneDx on a hostile register', () => {
  let hostile: ReportData;
  beforeAll(async () => {
    hostile = (await hostileRegister()).data;
  });

  it('JSON keeps every hostile string as data and validates', async () => {
    const json = renderCycloneDx(hostile, 'json');
    expect(await jsonValidator.validate(json)).toBeNull();
    const d = JSON.parse(json) as CdxDoc;
    expect(d.metadata.component.name).toBe(`Pump ${HOSTILE}`);
    expect(props(d.metadata, 'tureen:document:title')).toEqual([HOSTILE]);
    const declared = d.components.find((c) => c.name === HOSTILE_NAME);
    expect(declared?.version).toBe(`1.0${HOSTILE}`);
    expect(declared?.supplier).toEqual({ name: HOSTILE });
    const w = d.components.find((c) => c.purl === 'pkg:npm/ws@8.23.0');
    expect(props(w, 'tureen:support:level')).toEqual([`actively maintained ${HOSTILE}`]);
    expect(d.vulnerabilities?.find((v) => v.id === 'GHSA-9wv6-86v2-598j')?.recommendation).toBe(`Port 8443 is closed on the device firewall until the update to 8.24.0 ships in release 2.4.1. ${HOSTILE}`);
    // control characters are escaped in the JSON text, never raw
    expect(RAW_CONTROL.test(json)).toBe(false);
  });

  it('XML escapes markup and the CDATA end, replaces what XML 1.0 cannot hold, and validates', () => {
    const xml = renderCycloneDx(hostile, 'xml');
    expect(cycloneDxXsdErrors(xml)).toBeNull();
    // the markup is text: no element named script, no raw CDATA end, no raw control character
    expect(xml).not.toContain('<script');
    expect(xml).not.toContain(']]>');
    expect(RAW_CONTROL.test(xml)).toBe(false);
    // read back, every string is the original with the three control characters it held replaced by U+FFFD
    const inXml = asInXml(HOSTILE);
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseTagValue: false, trimValues: false, htmlEntities: false })
      .parse(xml) as { bom: { metadata: { component: { name: string } }; components: { component: { name: string; version: string; supplier?: { name: string } }[] } } };
    expect(parsed.bom.metadata.component.name).toBe(`Pump ${inXml}`);
    const declared = parsed.bom.components.component.find((c) => c.name === asInXml(HOSTILE_NAME));
    expect(declared?.version).toBe(`1.0${inXml}`);
    expect(declared?.supplier?.name).toBe(inXml);
    // RTL marks are legal XML and stay
    expect(xml).toContain('\u202eevil\u202c');
  });
});
