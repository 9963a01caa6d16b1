import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Component } from '../../model/component.js';
import { TureenError } from '../../model/errors.js';
import { extractCycloneDx, MAX_DEPTH } from './extract.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const CORPUS = join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'corpus', 'cyclonedx');
const read = (f: string) => readFileSync(f, 'utf8');
const byName = (cs: Component[]) => new Map(cs.map((c) => [c.name, c]));

/**
 * What fixtures/generate.mjs puts in its BOM (written by hand from the generator's code, not from the parser):
 * name → [ecosystem, version, scope, direct, kind]. Scope: the component's own CycloneDX scope, else what the
 * dependency graph gives (debug only under express: runtime; semver only under the excluded @babel/core:
 * development; django-rest depended on by nothing: runtime, CycloneDX's default).
 */
const EXPECTED: Record<string, [string, string, string, boolean, string | undefined]> = {
  'demo-device': ['generic', '1.0.0', 'runtime', false, undefined],
  express: ['npm', '4.18.2', 'runtime', true, undefined],
  debug: ['npm', '2.6.9', 'runtime', false, undefined],
  '@babel/core': ['npm', '7.22.0', 'development', true, undefined],
  semver: ['npm', '6.3.1', 'development', false, undefined],
  'org.springframework:spring-core': ['Maven', '5.3.30', 'optional', true, 'framework'],
  'django-rest': ['PyPI', '0.1.0', 'runtime', false, undefined],
  debian: ['generic', '12.5', 'runtime', true, 'operating-system'],
  'stm32-hal': ['generic', '1.11.0', 'runtime', true, 'driver-bsp'],
  'acme/acme-sdk': ['generic', '3.2.1', 'runtime', true, undefined],
  zlib: ['ConanCenter', '1.2.13', 'runtime', false, undefined],
  minizip: ['generic', '1.2.13', 'runtime', false, undefined],
  'usb-cdc': ['generic', '2.0.0', 'runtime', true, 'driver-bsp'],
  'google/bert-base-uncased': ['HuggingFace', '86b5e0934494bd15c9632b12f734a8a67f723594', 'runtime', true, 'ml-model'],
};
/** CycloneDX 1.2–1.4 have no device-driver or machine-learning-model type: the library leaves them out. */
const NEW_IN_1_5 = ['usb-cdc', 'google/bert-base-uncased'];

/** Every component of a CycloneDX JSON document, walked independently of the parser. */
function jsonPurlsAndNames(text: string): { names: string[]; purls: string[] } {
  const doc = JSON.parse(text) as { components?: unknown[] };
  const names: string[] = [];
  const purls: string[] = [];
  const walk = (list: unknown[] | undefined) => {
    for (const c of (list ?? []) as { name: string; purl?: string; components?: unknown[] }[]) {
      names.push(c.name);
      if (c.purl) purls.push(c.purl);
      walk(c.components);
    }
  };
  walk(doc.components);
  return { names, purls };
}

describe('CycloneDX BOMs written by @cyclonedx/cyclonedx-library 10 (fixtures/generate.mjs)', () => {
  for (const v of ['1.2', '1.3', '1.4', '1.5', '1.6']) {
    const old = ['1.2', '1.3', '1.4'].includes(v);
    for (const fmt of ['json', 'xml'] as const) {
      it(`reads spec ${v} ${fmt.toUpperCase()}: every component with its identity, scope, directness and kind`, () => {
        const file = `lib-${v}.cdx.${fmt}`;
        const r = extractCycloneDx(file, read(join(FIXTURES, file)));
        const want = Object.entries(EXPECTED).filter(([n]) => !(old && NEW_IN_1_5.includes(n)));
        expect(r.components.map((c) => c.name).sort()).toEqual(want.map(([n]) => n).sort());
        const got = byName(r.components);
        for (const [name, [eco, version, scope, direct, kind]] of want) {
          const c = got.get(name);
          expect(c, name).toBeDefined();
          expect([c?.ecosystem, c?.version, c?.scope, c?.direct, c?.kind], name).toEqual([eco, version, scope, direct, kind]);
          expect(c?.firstParty, name).toBe(name === 'demo-device');
          expect(c?.evidence[0]?.line, name).toBeGreaterThan(1);
        }
        // the library drops the two components but keeps their refs: in the product's dependsOn and as their
        // own dependencies entries ({"ref": "drv-usb"}, {"ref": "ml-bert"}): 4 dangling refs
        const dangling = r.findings.filter((f) => f.rule === 'cyclonedx.dangling-ref');
        expect(dangling.length).toBe(old ? 4 : 0);
        // no purl: debian, stm32-hal, minizip (the product itself is not reported)
        expect(r.findings.filter((f) => f.rule === 'cyclonedx.no-purl').map((f) => f.item).sort()).toEqual(
          ['pkg:generic/debian@12.5', 'pkg:generic/minizip@1.2.13', 'pkg:generic/stm32-hal@1.11.0'],
        );
        expect(r.findings.filter((f) => f.rule === 'cyclonedx.unreachable')).toHaveLength(1);
      });
    }

    it(`reads the same components from the ${v} JSON and XML, and all the JSON's purls`, () => {
      const jsonText = read(join(FIXTURES, `lib-${v}.cdx.json`));
      const j = extractCycloneDx('a.json', jsonText);
      const x = extractCycloneDx('a.xml', read(join(FIXTURES, `lib-${v}.cdx.xml`)));
      const strip = (cs: Component[]) => cs.map((c) => ({ ...c, evidence: c.evidence.map((e) => e.key) })).sort((a, b) => a.key.localeCompare(b.key));
      expect(strip(x.components)).toEqual(strip(j.components));
      const indep = jsonPurlsAndNames(jsonText);
      const purls = new Set(j.components.map((c) => c.purl));
      for (const p of indep.purls) expect(purls).toContain(p);
      expect(j.components.length).toBe(indep.names.length + 1); // + metadata.component
    });
  }

  it('keeps hashes, licences, supplier, vcs and the maven qualifier from the 1.6 BOM', () => {
    const r = extractCycloneDx('b.json', read(join(FIXTURES, 'lib-1.6.cdx.json')));
    const c = byName(r.components);
    expect(c.get('express')?.hashes).toEqual([
      { alg: 'SHA-1', content: '3b2c7a9a8a4ad3e1e0fe4ab2f1a86a3dc6dd08b6' },
      { alg: 'SHA-256', content: 'a'.repeat(64) },
    ]);
    expect(c.get('express')?.supplier).toBe('OpenJS Foundation');
    expect(c.get('express')?.licenses).toEqual([{ expression: 'MIT' }]);
    expect(c.get('express')?.properties).toContainEqual({ name: 'vcs-url', value: 'https://github.com/expressjs/express.git' });
    expect(c.get('@babel/core')?.licenses).toEqual([{ expression: 'MIT OR Apache-2.0' }]);
    expect(c.get('@babel/core')?.purl).toBe('pkg:npm/%40babel/core@7.22.0');
    const spring = c.get('org.springframework:spring-core');
    expect(spring?.licenses).toEqual([{ name: 'The Apache Software License, Version 2.0' }]);
    expect(spring?.supplier).toBe('VMware');
    expect(spring?.purl).toBe('pkg:maven/org.springframework/spring-core@5.3.30?type=jar');
    expect(spring?.hashes).toEqual([{ alg: 'MD5', content: '0123456789abcdef0123456789abcdef' }]);
    expect(c.get('zlib')?.licenses).toEqual([{ expression: 'Zlib' }]);
    expect(c.get('acme/acme-sdk')?.dependencies).toEqual(['pkg:conan/zlib@1.2.13']);
    expect(c.get('zlib')?.paths[0]).toEqual(['demo-device@1.0.0', 'acme/acme-sdk@3.2.1', 'zlib@1.2.13']);
    expect(c.get('debian')?.properties).toContainEqual({ name: 'cdx:type', value: 'operating-system' });
  });
});

describe('CycloneDX corpus: care_fe be-sbom.json (cyclonedx-py 4.6.1, CycloneDX 1.4)', () => {
  const text = read(join(CORPUS, 'ohcnetwork__care_fe__src__components__Licenses__be-sbom.json'));
  const r = extractCycloneDx('be-sbom.json', text);

  it('lists the 170 components with their purls, all PyPI, runtime (no scope: CycloneDX default "required")', () => {
    // independent counts: bom-refs and purls in the text
    const refs = text.match(/"bom-ref": "/g) ?? [];
    const purls = [...text.matchAll(/"purl": "([^"]+)"/g)].map((m) => m[1]);
    expect(refs.length).toBe(170);
    expect(r.components).toHaveLength(170);
    expect(new Set(r.components.map((c) => c.purl))).toEqual(new Set(purls));
    expect(r.components.every((c) => c.ecosystem === 'PyPI' && c.scope === 'runtime' && !c.firstParty)).toBe(true);
  });

  it('keeps every dependsOn edge', () => {
    const edges = [...text.matchAll(/"dependsOn": \[([^\]]*)\]/g)].reduce((n, m) => n + ((m[1] ?? '').match(/"/g) ?? []).length / 2, 0);
    expect(r.components.reduce((n, c) => n + c.dependencies.length, 0)).toBe(edges);
  });

  it('says that without metadata.component nothing can be marked direct', () => {
    expect(r.findings.map((f) => f.rule)).toEqual(['cyclonedx.no-root']);
    expect(r.components.some((c) => c.direct)).toBe(false);
  });

  it('gives each component the line of its bom-ref', () => {
    const lines = text.split('\n');
    for (const c of r.components) {
      const ev = c.evidence[0];
      expect(lines[(ev?.line ?? 0) - 1]).toContain('"bom-ref"');
    }
  });
});

describe('CycloneDX edge cases', () => {
  const bom = (extra: Record<string, unknown>) => JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.5', version: 1, ...extra }, null, 2);

  it('reports duplicate bom-refs, dangling refs and __proto__ refs as data', () => {
    const text = bom({
      metadata: { component: { type: 'application', name: 'app', 'bom-ref': '__proto__' } },
      components: [
        { type: 'library', name: 'a', version: '1.0.0', purl: 'pkg:npm/a@1.0.0', 'bom-ref': 'constructor' },
        { type: 'library', name: 'b', version: '1.0.0', purl: 'pkg:npm/b@1.0.0', 'bom-ref': 'constructor' },
      ],
      dependencies: [{ ref: '__proto__', dependsOn: ['constructor', 'nope'] }, { ref: 'missing' }],
    });
    const r = extractCycloneDx('x.json', text);
    expect(r.components.map((c) => c.name)).toEqual(['app', 'a', 'b']);
    expect(byName(r.components).get('a')?.direct).toBe(true);
    expect(r.findings.filter((f) => f.rule === 'cyclonedx.duplicate-ref')).toHaveLength(1);
    expect(r.findings.filter((f) => f.rule === 'cyclonedx.dangling-ref')).toHaveLength(2);
  });

  it('says when a BOM with a product has no dependencies list at all', () => {
    const r = extractCycloneDx('x.json', bom({ metadata: { component: { type: 'application', name: 'app' } }, components: [{ name: 'a', version: '1', purl: 'pkg:npm/a@1' }] }));
    expect(r.findings.map((f) => f.rule)).toEqual(['cyclonedx.no-dependencies']);
  });

  it('caps nesting depth with a finding', () => {
    let c: Record<string, unknown> = { name: 'leaf', version: '1', purl: 'pkg:npm/leaf@1' };
    for (let i = 0; i < MAX_DEPTH + 10; i++) c = { name: `n${i}`, version: '1', purl: `pkg:npm/n${i}@1`, components: [c] };
    const r = extractCycloneDx('deep.json', bom({ components: [c] }));
    expect(r.components).toHaveLength(MAX_DEPTH + 1);
    expect(r.findings.find((f) => f.rule === 'cyclonedx.too-deep')?.message).toContain('1 component subtree(s)');
  });

  it('warns about a component without a version, and a bad purl', () => {
    const r = extractCycloneDx('x.json', bom({ components: [{ name: 'nov', purl: 'pkg:npm/nov' }, { name: 'bad', version: '1', purl: 'not a purl' }] }));
    expect(r.components.map((c) => [c.purl, c.version])).toEqual([['pkg:npm/nov', ''], ['pkg:generic/bad@1', '1']]);
    expect(r.findings.map((f) => f.rule)).toEqual(expect.arrayContaining(['cyclonedx.unpinned', 'cyclonedx.bad-purl', 'cyclonedx.no-root']));
  });

  it('lists a component whose version is a range (cdxgen without a lockfile) without a version, keeping the range', () => {
    const r = extractCycloneDx('x.json', bom({ components: [
      { name: 'express', version: '^4.17.1', purl: 'pkg:npm/express@%5E4.17.1' },
      { name: 'lodash', version: '4.x' },
      { name: 'left-pad', version: '1.3.0', purl: 'pkg:npm/left-pad@1.3.0' },
    ] }));
    expect(r.components.map((c) => [c.purl, c.version, c.properties?.find((p) => p.name === 'declared-range')?.value])).toEqual([
      ['pkg:npm/express', '', '^4.17.1'], ['pkg:generic/lodash', '', '4.x'], ['pkg:npm/left-pad@1.3.0', '1.3.0', undefined],
    ]);
    const unpinned = r.findings.filter((f) => f.rule === 'cyclonedx.unpinned');
    expect(unpinned.map((f) => f.item)).toEqual(['pkg:npm/express', 'pkg:generic/lodash']);
    expect(unpinned[0]?.message).toContain('only the version range "^4.17.1"');
  });

  it('adds the component version to a purl that has none, so it merges with the lockfile', () => {
    const r = extractCycloneDx('x.json', bom({ components: [{ name: 'core', group: '@babel', version: '7.1.0', purl: 'pkg:npm/%40babel/core' }] }));
    expect(r.components[0]?.purl).toBe('pkg:npm/%40babel/core@7.1.0');
    expect(r.components[0]?.name).toBe('@babel/core');
  });

  it('takes the supplier, else the manufacturer, publisher, author or first of authors', () => {
    const c = (extra: Record<string, unknown>) => ({ type: 'library', name: 'x', version: '1', purl: 'pkg:npm/x@1', ...extra });
    const r = extractCycloneDx('x.json', bom({ components: [
      c({ supplier: { name: 'S' }, manufacturer: { name: 'M' } }),
      c({ purl: 'pkg:npm/y@1', manufacturer: { name: 'M' }, publisher: 'P' }),
      c({ purl: 'pkg:npm/z@1', publisher: 'P', author: 'A' }),
      c({ purl: 'pkg:npm/w@1', author: 'A' }),
      c({ purl: 'pkg:npm/v@1', authors: [{ email: 'e@x' }, { name: 'B' }] }),
    ] }));
    expect(r.components.map((x) => x.supplier)).toEqual(['S', 'M', 'P', 'A', 'B']);
  });

  it('reads CDATA values, as cyclonedx-php-composer writes them (shape of CycloneDX/bom-examples SBOM/laravel-7.12.0/bom.1.1.xml)', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bom xmlns="http://cyclonedx.org/schema/bom/1.1" version="1">
  <components>
    <component type="library">
      <group><![CDATA[asm89]]></group>
      <name><![CDATA[stack-cors]]></name>
      <version><![CDATA[1.3.0]]></version>
      <hashes><hash alg="SHA-1"><![CDATA[b9c31def6a83f84b4d4a40d35996d375755f0e08]]></hash></hashes>
      <licenses>
        <license>
          <id><![CDATA[MIT]]></id>
        </license>
      </licenses>
      <purl><![CDATA[pkg:composer/asm89/stack-cors@1.3.0]]></purl>
    </component>
  </components>
</bom>`;
    const r = extractCycloneDx('bom.1.1.xml', xml);
    expect(r.components.map((c) => [c.ecosystem, c.name, c.version, c.licenses, c.hashes[0]?.content, c.evidence[0]?.line])).toEqual([
      ['Packagist', 'asm89/stack-cors', '1.3.0', [{ expression: 'MIT' }], 'b9c31def6a83f84b4d4a40d35996d375755f0e08', 14], // line 14: <purl>
    ]);
  });

  it('drops the #subpath cyclonedx-npm writes into purls, so the component merges with the lockfile (CycloneDX/bom-examples juice-shop bom.1.4.xml)', () => {
    const r = extractCycloneDx('x.json', bom({ components: [{ type: 'library', group: '@babel', name: 'parser', version: '7.21.2', purl: 'pkg:npm/%40babel/parser@7.21.2#packages/babel-parser' }] }));
    expect(r.components[0]?.purl).toBe('pkg:npm/%40babel/parser@7.21.2');
    expect(r.components[0]?.properties).toContainEqual({ name: 'purl-subpath', value: 'packages/babel-parser' });
  });

  it('recognises a BOM Tureen wrote by its metadata.tools, in both shapes and both formats', () => {
    const legacy = bom({ metadata: { tools: [{ vendor: 'x', name: 'tureen', version: '0.1.0' }] }, components: [{ name: 'a', version: '1', purl: 'pkg:npm/a@1' }] });
    const modern = bom({ metadata: { tools: { components: [{ type: 'application', name: 'tureen' }] } }, components: [{ name: 'a', version: '1', purl: 'pkg:npm/a@1' }] });
    const xml = '<bom xmlns="http://cyclonedx.org/schema/bom/1.4"><metadata><tools><tool><name>tureen</name></tool></tools></metadata><components><component type="library"><name>a</name><version>1</version></component></components></bom>';
    for (const text of [legacy, modern, xml]) {
      expect(extractCycloneDx('t', text, { skipOwnOutput: true }).findings.map((f) => f.rule)).toEqual(['cyclonedx.own-output']);
      expect(extractCycloneDx('t', text).components).toHaveLength(1);
    }
    const other = bom({ metadata: { tools: [{ name: 'cyclonedx-npm' }] }, components: [{ name: 'a', version: '1', purl: 'pkg:npm/a@1' }] });
    expect(extractCycloneDx('t', other, { skipOwnOutput: true }).components).toHaveLength(1);
  });

  it('reads a namespace-prefixed XML BOM', () => {
    const xml = `<?xml version="1.0"?>
<cdx:bom xmlns:cdx="http://cyclonedx.org/schema/bom/1.3" version="1">
  <cdx:components>
    <cdx:component type="library" bom-ref="x"><cdx:name>left-pad</cdx:name><cdx:version>1.3.0</cdx:version><cdx:purl>pkg:npm/left-pad@1.3.0</cdx:purl></cdx:component>
  </cdx:components>
</cdx:bom>`;
    const r = extractCycloneDx('p.xml', xml);
    expect(r.components.map((c) => [c.purl, c.evidence[0]?.line])).toEqual([['pkg:npm/left-pad@1.3.0', 4]]);
  });

  it('throws a TureenError for a JSON document that is not CycloneDX, and for XML that is not a bom', () => {
    expect(() => extractCycloneDx('x.json', '{"bomFormat":"SPDX"}')).toThrow(TureenError);
    expect(() => extractCycloneDx('x.json', bom({ components: [{ version: '1' }] }))).toThrow(/components\[0\]/);
    expect(() => extractCycloneDx('x.xml', '<bom xmlns="http://example.com/"/>')).toThrow(TureenError);
    expect(() => extractCycloneDx('x.xml', '<project/>')).toThrow(TureenError);
  });
});
