import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TureenError } from '../../model/errors.js';
import { extractCycloneDx } from '../cyclonedx/extract.js';
import { resultOrTureenError } from '../test-support/property.js';
import { extractSpdx } from './extract.js';

const FIX = join(import.meta.dirname, 'fixtures');
const read = (...p: string[]) => readFileSync(join(FIX, ...p), 'utf8');

describe('SPDX 3 JSON-LD', () => {
  it("the SPDX spec's example (examples/jsonld/package_sbom.json): the SpdxDocument's root is an Sbom whose root is the package", () => {
    const r = extractSpdx('package_sbom.json', read('spec', 'package_sbom.spdx3.json'));
    // one software_Package (the software_File is not a package): my-package 1.0.0, no purl, the described root
    expect(r.components.map((c) => [c.name, c.version, c.purl, c.firstParty, c.scope])).toEqual([['my-package', '1.0.0', 'pkg:generic/my-package@1.0.0', true, 'runtime']]);
    expect(r.components[0]?.properties).toContainEqual({ name: 'spdx:originator', value: 'Joshua Watt' });
    expect(r.components[0]?.evidence[0]?.line).toBe(61); // "spdxId": "http://spdx.example.com/Package1"
    expect(r.findings).toEqual([]);
  });

  describe("cdxgen 12.8.4's SPDX 3.0.1 and CycloneDX 1.6 of a tiny npm project (fixtures/cdxgen-tiny)", () => {
    const spdx3 = extractSpdx('bom.spdx3.json', read('cdxgen-tiny', 'bom.spdx3.json'));
    const cdx = extractCycloneDx('bom.cdx.json', read('cdxgen-tiny', 'bom.cdx.json'));
    const view = (cs: typeof spdx3.components) => cs.map((c) => [c.purl, c.scope, c.direct, c.firstParty]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));

    it('reads the packages, root and dependsOn graph', () => {
      // by hand from package.json / package-lock.json: debug (dependency) → ms; is-number (optional); left-pad (dev).
      // cdxgen marks both is-number and left-pad cdx:npm:package:development, so both are development here,
      // although package-lock.json records is-number as optional only (a cdxgen quirk, kept as the SBOM says).
      expect(view(spdx3.components)).toEqual([
        ['pkg:npm/debug@4.3.4', 'runtime', true, false],
        ['pkg:npm/is-number@7.0.0', 'development', true, false],
        ['pkg:npm/left-pad@1.3.0', 'development', true, false],
        ['pkg:npm/ms@2.1.2', 'runtime', false, false],
        ['pkg:npm/sbom-tiny@1.0.0', 'runtime', false, true],
      ]);
      expect(spdx3.components.find((c) => c.name === 'debug')?.hashes.map((h) => h.alg)).toEqual(['SHA-512']);
      expect(spdx3.findings).toEqual([]);
    });

    it('says the same as the CycloneDX BOM cdxgen wrote in the same run', () => {
      expect(view(spdx3.components)).toEqual(view(cdx.components));
    });
  });

  it('maps lifecycle-scoped relationships, licences, suppliers, cpe and purl identifiers (written from the SPDX 3.0.1 model)', () => {
    const doc = {
      '@context': 'https://spdx.org/rdf/3.0.1/spdx-context.jsonld',
      '@graph': [
        { type: 'CreationInfo', '@id': '_:ci', specVersion: '3.0.1', created: '2026-01-01T00:00:00Z', createdBy: ['urn:x:tool'] },
        { type: 'SpdxDocument', spdxId: 'urn:x:doc', creationInfo: '_:ci', rootElement: ['urn:x:app'] },
        { type: 'Organization', spdxId: 'urn:x:acme', creationInfo: '_:ci', name: 'Acme Corp' },
        { type: 'software_Package', spdxId: 'urn:x:app', creationInfo: '_:ci', name: 'app', software_packageVersion: '2.0.0' },
        { type: 'software_Package', spdxId: 'urn:x:lib', creationInfo: '_:ci', name: 'lib', software_packageVersion: '1.0.0', suppliedBy: 'urn:x:acme',
          externalIdentifier: [{ type: 'ExternalIdentifier', externalIdentifierType: 'packageUrl', identifier: 'pkg:cargo/lib@1.0.0' }, { type: 'ExternalIdentifier', externalIdentifierType: 'cpe23', identifier: 'cpe:2.3:a:acme:lib:1.0.0:*:*:*:*:*:*:*' }],
          software_primaryPurpose: 'operatingSystem' },
        { type: 'software_Package', spdxId: 'urn:x:tool', creationInfo: '_:ci', name: 'gcc', software_packageVersion: '13', software_packageUrl: 'pkg:deb/debian/gcc@13?distro=debian-12' },
        { type: 'software_Package', spdxId: 'urn:x:t', creationInfo: '_:ci', name: 'tester', software_packageVersion: '1', software_packageUrl: 'pkg:pypi/tester@1' },
        { type: 'simplelicensing_LicenseExpression', spdxId: 'urn:x:lic', creationInfo: '_:ci', simplelicensing_licenseExpression: 'MIT OR Apache-2.0' },
        { type: 'Relationship', spdxId: 'urn:x:r1', creationInfo: '_:ci', from: 'urn:x:app', relationshipType: 'dependsOn', to: ['urn:x:lib'] },
        { type: 'LifecycleScopedRelationship', spdxId: 'urn:x:r2', creationInfo: '_:ci', from: 'urn:x:app', relationshipType: 'dependsOn', to: ['urn:x:tool'], scope: 'build' },
        { type: 'LifecycleScopedRelationship', spdxId: 'urn:x:r3', creationInfo: '_:ci', from: 'urn:x:app', relationshipType: 'dependsOn', to: ['urn:x:t'], scope: 'test' },
        { type: 'Relationship', spdxId: 'urn:x:r4', creationInfo: '_:ci', from: 'urn:x:lib', relationshipType: 'hasDeclaredLicense', to: ['urn:x:lic'] },
      ],
    };
    const r = extractSpdx('x.spdx3.json', JSON.stringify(doc, null, 2));
    const by = new Map(r.components.map((c) => [c.name, c]));
    expect([...by.values()].map((c) => [c.name, c.ecosystem, c.scope, c.direct])).toEqual([
      ['app', 'generic', 'runtime', false], ['lib', 'crates.io', 'runtime', true], ['gcc', 'Debian:12', 'build', true], ['tester', 'PyPI', 'test', true],
    ]);
    expect(by.get('lib')).toMatchObject({ supplier: 'Acme Corp', licenses: [{ expression: 'MIT OR Apache-2.0' }], cpe: 'cpe:2.3:a:acme:lib:1.0.0:*:*:*:*:*:*:*', kind: 'operating-system' });
  });

  it('returns a result or a TureenError for any value in any element', () => {
    const base = JSON.parse(read('spec', 'package_sbom.spdx3.json')) as { '@graph': Record<string, unknown>[] };
    fc.assert(
      fc.property(fc.integer({ min: 0, max: base['@graph'].length - 1 }), fc.constantFrom('spdxId', 'name', 'rootElement', 'to', 'from', 'type', 'software_packageVersion', 'originatedBy'), fc.jsonValue({ maxDepth: 3 }), (i, key, value) => {
          const copy = structuredClone(base);
          (copy['@graph'][i] as Record<string, unknown>)[key] = value;
          const r = resultOrTureenError(() => extractSpdx('x.json', JSON.stringify(copy)));
          if (!(r instanceof TureenError)) expect(Array.isArray(r.components)).toBe(true);
        }),
      { numRuns: 300 },
    );
  });
});
