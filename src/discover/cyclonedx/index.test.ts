import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toCycloneDxJson } from '../../report/cyclonedx.js';
import { scan } from '../../scan.js';
import { memoryRepo } from '../source.js';
import { source as npm } from '../npm/index.js';
import { source as packageJson } from '../package-json/index.js';
import { extractCycloneDx } from './extract.js';
import { source } from './index.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const CORPUS = join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'corpus', 'cyclonedx');
const EXAMPLE = join(import.meta.dirname, '..', '..', '..', 'examples', 'infusion-pump');

describe('cyclonedx source: recognised by content', () => {
  const lib16json = readFileSync(join(FIXTURES, 'lib-1.6.cdx.json'), 'utf8');
  const lib13xml = readFileSync(join(FIXTURES, 'lib-1.3.cdx.xml'), 'utf8');
  const careFe = readFileSync(join(CORPUS, 'ohcnetwork__care_fe__src__components__Licenses__be-sbom.json'), 'utf8');
  const repo = memoryRepo({
    'sbom/app.cdx.json': lib16json,
    'bom.xml': lib13xml,
    'docs/anything.json': lib16json,
    'src/components/Licenses/be-sbom.json': careFe,
    'package.json': '{"name":"x","version":"1.0.0"}',
    'pom.xml': '<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion></project>',
    'data.json': '{"components":[{"bom-ref":"x"}]}',
    'node_modules/x/bom.json': lib16json,
    'README.md': lib16json,
  });

  it('matches JSON and XML BOMs by their content, whatever their name', () => {
    expect(source.matches('sbom/app.cdx.json', repo)).toBe(true);
    expect(source.matches('bom.xml', repo)).toBe(true);
    expect(source.matches('docs/anything.json', repo)).toBe(true);
  });

  it('matches a BOM whose keys are sorted (bomFormat last) when its name says bom', () => {
    expect(careFe.slice(0, 8192)).not.toMatch(/bomFormat/);
    expect(source.matches('src/components/Licenses/be-sbom.json', repo)).toBe(true);
  });

  it('ignores other JSON and XML, node_modules, other extensions, and works without a repo', () => {
    for (const f of ['package.json', 'pom.xml', 'data.json', 'node_modules/x/bom.json', 'README.md']) expect(source.matches(f, repo), f).toBe(false);
    expect(source.matches('bom.json')).toBe(false);
  });

  it('extracts through the RepoView', () => {
    const r = source.extract('sbom/app.cdx.json', repo);
    expect(r.components.length).toBe(14);
    expect(r.components[0]?.evidence[0]?.file).toBe('sbom/app.cdx.json');
  });
});

describe("round trip: Tureen's own CycloneDX export of the example device", () => {
  it('imports every exported component with its purl, scope, directness and first-party flag', async () => {
    const inv = await scan(EXAMPLE, { sources: [npm, packageJson], repoSources: [] });
    expect(inv.components.length).toBeGreaterThan(10);
    const text = toCycloneDxJson(inv);
    const r = extractCycloneDx('tureen.cdx.json', text);
    const got = new Map(r.components.map((c) => [c.purl, c]));
    for (const c of inv.components) {
      const back = got.get(c.purl);
      expect(back, c.purl).toBeDefined();
      expect([back?.scope, back?.direct, back?.firstParty, back?.version], c.purl).toEqual([c.scope, c.direct, c.firstParty, c.version]);
      expect(back?.licenses, c.purl).toEqual(c.licenses);
    }
    // plus the device itself (metadata.component), which has no purl
    expect(r.components.length).toBe(inv.components.length + 1);
    expect(r.findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });

  it('the scan does not read a committed copy of Tureen\'s own output as a source', async () => {
    const inv = await scan(EXAMPLE, { sources: [npm, packageJson], repoSources: [] });
    const text = toCycloneDxJson(inv);
    const r = source.extract('sbom.cdx.json', memoryRepo({ 'sbom.cdx.json': text }));
    expect(r.components).toEqual([]);
    expect(r.findings.map((f) => f.rule)).toEqual(['cyclonedx.own-output']);
    // other tools' BOMs are read: the library-written fixture names its tools differently
    expect(source.extract('a.cdx.json', memoryRepo({ 'a.cdx.json': readFileSync(join(FIXTURES, 'lib-1.6.cdx.json'), 'utf8') })).components.length).toBe(14);
  });
});

describe('an SBOM kept in a third-party folder', () => {
  it('describes a supplier product: SOUP, not first-party; the same file elsewhere is the device itself', () => {
    const bom = JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.6', metadata: { component: { type: 'library', name: 'acme-sdk', version: '4.2.0', purl: 'pkg:generic/acme-sdk@4.2.0', 'bom-ref': 'sdk' } }, components: [{ type: 'library', name: 'zlib', version: '1.3.1', purl: 'pkg:generic/zlib@1.3.1', 'bom-ref': 'z' }], dependencies: [{ ref: 'sdk', dependsOn: ['z'] }] });
    const vendor = source.extract('third_party/acme-sdk/bom.json', memoryRepo({ 'third_party/acme-sdk/bom.json': bom }));
    const own = source.extract('bom.json', memoryRepo({ 'bom.json': bom }));
    expect(vendor.components.find((c) => c.name === 'acme-sdk')?.firstParty).toBe(false);
    expect(vendor.findings.map((f) => f.rule)).toContain('cyclonedx.supplier-sbom');
    expect(own.components.find((c) => c.name === 'acme-sdk')?.firstParty).toBe(true);
  });
});

describe('recognising CycloneDX by content', () => {
  it('does not take an SPDX 3 JSON-LD document (which also has "specVersion") for a CycloneDX BOM', () => {
    const spdx3 = readFileSync(join(import.meta.dirname, '..', 'spdx', 'fixtures', 'spec', 'package_sbom.spdx3.json'), 'utf8');
    expect(source.matches('sbom/package_sbom.spdx3.json', memoryRepo({ 'sbom/package_sbom.spdx3.json': spdx3 }))).toBe(false);
  });
});
