import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Component } from '../../model/component.js';
import { TureenError } from '../../model/errors.js';
import { extractSpdx, partyName } from './extract.js';

const SPEC = join(import.meta.dirname, 'fixtures', 'spec');
const read = (f: string) => readFileSync(join(SPEC, f), 'utf8');
const byName = (cs: Component[]) => new Map(cs.map((c) => [c.name, c]));

/**
 * The SPDX spec's example document (the same content in its JSON and tag-value forms), read by hand:
 * four packages. glibc (SPDXRef-Package) is what the document DESCRIBES; it DYNAMIC_LINKs Saxon. Apache
 * Commons Lang (no version, no purl) and Jena (a Maven purl) are named by no package relationship (only by
 * files' GENERATED_FROM / SPECIFICATION_FOR), so no root reaches them: runtime, with one "unreachable" finding.
 */
const EXPECTED: Record<string, { eco: string; version: string; purl: string; direct: boolean; firstParty: boolean }> = {
  glibc: { eco: 'generic', version: '2.11.1', purl: 'pkg:generic/glibc@2.11.1', direct: false, firstParty: true },
  'Apache Commons Lang': { eco: 'generic', version: '', purl: 'pkg:generic/Apache%20Commons%20Lang', direct: false, firstParty: false },
  'org.apache.jena:apache-jena': { eco: 'Maven', version: '3.12.0', purl: 'pkg:maven/org.apache.jena/apache-jena@3.12.0', direct: false, firstParty: false },
  Saxon: { eco: 'generic', version: '8.8', purl: 'pkg:generic/Saxon@8.8', direct: true, firstParty: false },
};

describe('the SPDX specification example documents (spdx/spdx-spec examples/)', () => {
  for (const f of ['SPDXJSONExample-v2.3.spdx.json', 'SPDXTagExample-v2.3.spdx', 'SPDXTagExample-v2.2.spdx']) {
    it(`${f}: four packages with identity, scope, directness, and the findings the document calls for`, () => {
      const r = extractSpdx(f, read(f));
      expect(r.components.map((c) => c.name).sort()).toEqual(Object.keys(EXPECTED).sort());
      const got = byName(r.components);
      for (const [name, e] of Object.entries(EXPECTED)) {
        const c = got.get(name);
        expect([c?.ecosystem, c?.version, c?.purl, c?.direct, c?.firstParty, c?.scope], name).toEqual([e.eco, e.version, e.purl, e.direct, e.firstParty, 'runtime']);
      }
      expect(r.findings.map((x) => x.rule).sort()).toEqual(['spdx.no-purl', 'spdx.no-purl', 'spdx.unpinned', 'spdx.unreachable']);
      expect(r.findings.find((x) => x.rule === 'spdx.unreachable')?.message).toMatch(/^2 package\(s\)/);

      const glibc = got.get('glibc');
      expect(glibc?.supplier).toBe('Jane Doe');
      expect(glibc?.licenses).toEqual([{ expression: '(LGPL-2.0-only AND LicenseRef-3)' }]);
      expect(glibc?.hashes.map((h) => h.alg)).toEqual(['MD5', 'SHA-1', 'SHA-256']);
      expect(glibc?.cpe).toBe('cpe:2.3:a:pivotal_software:spring_framework:4.1.0:*:*:*:*:*:*:*');
      expect(glibc?.properties).toContainEqual({ name: 'spdx:originator', value: 'ExampleCodeInspect' });
      expect(glibc?.dependencies).toEqual(['pkg:generic/Saxon@8.8']);
      const saxon = got.get('Saxon');
      expect(saxon?.licenses).toEqual([{ expression: 'MPL-1.0' }]);
      expect(saxon?.hashes).toEqual([{ alg: 'SHA-1', content: '85ed0817af83a24ad8da68c2b5094de69833983c' }]);
      expect(saxon?.origin).toEqual({ type: 'tarball', url: 'https://sourceforge.net/projects/saxon/files/Saxon-B/8.8.0.7/saxonb8-8-0-7j.zip/download' });
      expect(saxon?.paths).toEqual([['glibc@2.11.1', 'Saxon@8.8']]);
      expect(got.get('Apache Commons Lang')?.licenses).toEqual([]); // NOASSERTION
    });
  }

  it('SPDXJSONExample-v2.2.spdx.json: the same four packages, Jena there without version or purl, the CPE type as a URL', () => {
    const r = extractSpdx('x.json', read('SPDXJSONExample-v2.2.spdx.json'));
    const got = byName(r.components);
    expect(r.components.map((c) => c.name).sort()).toEqual(['Apache Commons Lang', 'Jena', 'Saxon', 'glibc']);
    expect([got.get('Jena')?.purl, got.get('Jena')?.scope]).toEqual(['pkg:generic/Jena', 'runtime']);
    expect([got.get('glibc')?.firstParty, got.get('Saxon')?.direct]).toEqual([true, true]);
    expect(got.get('glibc')?.cpe).toBe('cpe:2.3:a:pivotal_software:spring_framework:4.1.0:*:*:*:*:*:*:*');
    expect(got.get('glibc')?.hashes.map((h) => h.alg)).toEqual(['SHA-1', 'MD5', 'SHA-256']);
    expect(r.findings.map((x) => x.rule).sort()).toEqual(['spdx.no-purl', 'spdx.no-purl', 'spdx.no-purl', 'spdx.unpinned', 'spdx.unpinned', 'spdx.unreachable']);
  });

  it('keeps the BLAKE2b-384 checksum (no field for it in Tureen) as a property', () => {
    const glibc = byName(extractSpdx('x.json', read('SPDXJSONExample-v2.3.spdx.json')).components).get('glibc');
    expect(glibc?.properties).toContainEqual({ name: 'hash', value: 'BLAKE2b-384:aaabd89c926ab525c242e6621f2f5fa73aa4afe3d9e24aed727faaadd6af38b620bdb623dd2b4788b1c8086984af8706' });
  });

  it('reads the same components from the 2.3 JSON and tag-value forms', () => {
    const strip = (cs: Component[]) => cs.map((c) => ({ ...c, evidence: [] })).sort((a, b) => a.key.localeCompare(b.key));
    const j = extractSpdx('a.json', read('SPDXJSONExample-v2.3.spdx.json'));
    const t = extractSpdx('a.spdx', read('SPDXTagExample-v2.3.spdx'));
    expect(strip(t.components)).toEqual(strip(j.components));
  });

  it('points each package at its line: "SPDXID" in JSON, PackageName in tag-value', () => {
    for (const f of ['SPDXJSONExample-v2.3.spdx.json', 'SPDXTagExample-v2.3.spdx']) {
      const text = read(f);
      const lines = text.split('\n');
      for (const c of extractSpdx(f, text).components) {
        const line = lines[(c.evidence[0]?.line ?? 0) - 1] ?? '';
        expect(line, `${f} ${c.name}`).toMatch(f.endsWith('.json') ? /"SPDXID"/ : /^PackageName: /);
      }
    }
  });
});

describe('SPDX relationships → scope', () => {
  const tv = (body: string) => `SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\nSPDXID: SPDXRef-DOCUMENT\nDocumentName: t\n\n${body}`;
  const pkg = (name: string, id = name) => `PackageName: ${name}\nSPDXID: SPDXRef-${id}\nPackageVersion: 1.0.0\nExternalRef: PACKAGE-MANAGER purl pkg:npm/${name}@1.0.0\n`;

  it('follows every relationship type the brief names, strongest path wins', () => {
    const text = tv([
      pkg('app'), pkg('rt'), pkg('rtdep'), pkg('opt'), pkg('dev'), pkg('devdep'), pkg('tst'), pkg('bld'), pkg('tool'), pkg('prov'), pkg('both'), pkg('cont'),
      'Relationship: SPDXRef-DOCUMENT DESCRIBES SPDXRef-app',
      'Relationship: SPDXRef-app DEPENDS_ON SPDXRef-rt',
      'Relationship: SPDXRef-rtdep DEPENDENCY_OF SPDXRef-rt',
      'Relationship: SPDXRef-opt OPTIONAL_DEPENDENCY_OF SPDXRef-app',
      'Relationship: SPDXRef-dev DEV_DEPENDENCY_OF SPDXRef-app',
      'Relationship: SPDXRef-dev DEPENDS_ON SPDXRef-devdep',
      'Relationship: SPDXRef-tst TEST_DEPENDENCY_OF SPDXRef-app',
      'Relationship: SPDXRef-bld BUILD_DEPENDENCY_OF SPDXRef-app',
      'Relationship: SPDXRef-tool DEV_TOOL_OF SPDXRef-app',
      'Relationship: SPDXRef-prov PROVIDED_DEPENDENCY_OF SPDXRef-app',
      'Relationship: SPDXRef-dev DEPENDS_ON SPDXRef-both',
      'Relationship: SPDXRef-opt DEPENDS_ON SPDXRef-both',
      'Relationship: SPDXRef-cont CONTAINED_BY SPDXRef-rt',
    ].join('\n'));
    const r = extractSpdx('t.spdx', text);
    const s = Object.fromEntries(r.components.map((c) => [c.name, [c.scope, c.direct]]));
    // by hand: each package's strongest path from app, a path being as weak as its weakest edge
    expect(s).toEqual({
      app: ['runtime', false], rt: ['runtime', true], rtdep: ['runtime', false], opt: ['optional', true], dev: ['development', true],
      devdep: ['development', false], tst: ['test', true], bld: ['build', true], tool: ['build', true], prov: ['runtime', true],
      both: ['optional', false], cont: ['runtime', false],
    });
    expect(byName(r.components).get('prov')?.properties).toContainEqual({ name: 'spdx:provided', value: 'true' });
    expect(r.findings).toEqual([]);
  });

  it('reports dangling and duplicate ids, and keeps __proto__ ids as data', () => {
    const text = tv([pkg('a', '__proto__'), pkg('b', '__proto__'), pkg('c', 'constructor'), 'Relationship: SPDXRef-DOCUMENT DESCRIBES SPDXRef-__proto__', 'Relationship: SPDXRef-__proto__ DEPENDS_ON SPDXRef-constructor', 'Relationship: SPDXRef-__proto__ DEPENDS_ON SPDXRef-nope'].join('\n'));
    const r = extractSpdx('t.spdx', text);
    expect(r.components.map((c) => c.name)).toEqual(['a', 'b', 'c']);
    expect(byName(r.components).get('c')?.direct).toBe(true);
    expect(r.findings.map((f) => f.rule).sort()).toEqual(['spdx.dangling-ref', 'spdx.duplicate-id', 'spdx.unreachable']);
  });

  it('says when the document describes no package', () => {
    const r = extractSpdx('t.spdx', tv(pkg('a')));
    expect(r.findings.map((f) => f.rule)).toEqual(['spdx.no-root']);
    expect(r.components[0]?.scope).toBe('runtime');
  });

  it('reads syft 0.34-style tag-value: PACKAGE_MANAGER with an underscore, several cpe23Type refs, pkg:alpine purls, no relationships', () => {
    // written by hand in the shape syft 0.34.0 writes (ghcr.io image SBOM), two packages
    const text = [
      'SPDXVersion: SPDX-2.2', 'DataLicense: CC0-1.0', 'SPDXID: SPDXRef-DOCUMENT', 'DocumentName: ghcr.io/x/app-0.0.1',
      'Creator: Tool: syft-0.34.0', '', '##### Package: musl', '',
      'PackageName: musl', 'SPDXID: SPDXRef-Package-apk-musl', 'PackageVersion: 1.2.2-r7', 'PackageDownloadLocation: NOASSERTION',
      'FilesAnalyzed: false', 'PackageLicenseConcluded: MIT', 'PackageLicenseDeclared: MIT', 'PackageCopyrightText: NOASSERTION',
      'ExternalRef: SECURITY cpe23Type cpe:2.3:a:musl:musl:1.2.2-r7:*:*:*:*:*:*:*',
      'ExternalRef: SECURITY cpe23Type cpe:2.3:a:musl-libc:musl:1.2.2-r7:*:*:*:*:*:*:*',
      'ExternalRef: PACKAGE_MANAGER purl pkg:alpine/musl@1.2.2-r7?arch=x86_64', '',
      'PackageName: zlib', 'SPDXID: SPDXRef-Package-apk-zlib', 'PackageVersion: 1.2.11-r3', 'PackageLicenseDeclared: Zlib',
      'ExternalRef: PACKAGE_MANAGER purl pkg:alpine/zlib@1.2.11-r3?arch=x86_64', '',
    ].join('\n');
    const r = extractSpdx('latest.spdx', text);
    expect(r.components.map((c) => [c.ecosystem, c.name, c.version, c.purl, c.cpe, c.scope])).toEqual([
      ['Alpine', 'musl', '1.2.2-r7', 'pkg:alpine/musl@1.2.2-r7?arch=x86_64', 'cpe:2.3:a:musl:musl:1.2.2-r7:*:*:*:*:*:*:*', 'runtime'],
      ['Alpine', 'zlib', '1.2.11-r3', 'pkg:alpine/zlib@1.2.11-r3?arch=x86_64', undefined, 'runtime'],
    ]);
    expect(r.findings.map((f) => f.rule)).toEqual(['spdx.no-root']);
  });

  it('reads a git download location as a git origin for a package without purl', () => {
    const r = extractSpdx('t.spdx', tv('PackageName: fw\nSPDXID: SPDXRef-fw\nPackageVersion: 2.0\nPackageDownloadLocation: git+https://git.example.com/fw.git@v2.0#src\nPackageSupplier: Organization: Acme Corp (x@acme.example)\nPrimaryPackagePurpose: FIRMWARE\n'));
    expect(r.components[0]).toMatchObject({ origin: { type: 'git', url: 'https://git.example.com/fw.git', ref: 'v2.0' }, supplier: 'Acme Corp', kind: 'driver-bsp' });
  });
});

describe('SPDX input errors', () => {
  it('throws a TureenError for an unclosed <text>, a package without SPDXID, no SPDXVersion, and non-SPDX JSON', () => {
    expect(() => extractSpdx('t.spdx', 'SPDXVersion: SPDX-2.3\nPackageName: a\nSPDXID: SPDXRef-a\nPackageDescription: <text>never closed\n')).toThrow(TureenError);
    expect(() => extractSpdx('t.spdx', 'SPDXVersion: SPDX-2.3\nPackageName: a\n')).toThrow(/no SPDXID/);
    expect(() => extractSpdx('t.spdx', 'PackageName: a\n')).toThrow(TureenError);
    expect(() => extractSpdx('t.json', '{"name":"x"}')).toThrow(TureenError);
    expect(() => extractSpdx('t.json', '{"spdxVersion":"SPDX-2.3","packages":[{"name":"a"}]}')).toThrow(/packages\[0\]/);
  });

  it('skips lines that are not "Tag: value" with a capped warning', () => {
    const r = extractSpdx('t.spdx', `SPDXVersion: SPDX-2.3\n${'garbage line\n'.repeat(8)}PackageName: a\nSPDXID: SPDXRef-a\nPackageVersion: 1\n`);
    expect(r.components).toHaveLength(1);
    expect(r.findings.filter((f) => f.rule === 'spdx.unreadable-line')).toHaveLength(6);
  });

  it('reads supplier and originator strings', () => {
    expect(partyName('Organization: ExampleCodeInspect (contact@example.com)')).toBe('ExampleCodeInspect');
    expect(partyName('Person: Jane Doe')).toBe('Jane Doe');
    expect(partyName('NOASSERTION')).toBeUndefined();
  });
});
