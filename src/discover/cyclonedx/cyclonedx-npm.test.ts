import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Component } from '../../model/component.js';
import { extractCycloneDx } from './extract.js';

/**
 * @cyclonedx/cyclonedx-npm 6.0.1's SBOMs of the example device (fixtures/cyclonedx-npm/regen.sh), components
 * NESTED the way npm nests them in node_modules. Expected values come from package-lock.json itself, computed
 * here without Tureen: every installed name@version once (279 + the project), with the scope npm recorded
 * (`dev`/`devOptional` → development, `optional` → optional, neither → runtime).
 */
const DIR = join(import.meta.dirname, 'fixtures', 'cyclonedx-npm');
const EXAMPLE = join(import.meta.dirname, '..', '..', '..', 'examples', 'infusion-pump');

function lockfileScopes(): Map<string, string> {
  const lock = JSON.parse(readFileSync(join(EXAMPLE, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { name?: string; version?: string; dev?: boolean; devOptional?: boolean; optional?: boolean; link?: boolean }>;
  };
  const rank: Record<string, number> = { runtime: 0, optional: 1, development: 2 };
  const out = new Map<string, string>([['pkg:npm/infusion-pump@2.4.0', 'runtime']]);
  for (const [path, p] of Object.entries(lock.packages)) {
    if (!path.includes('node_modules/') || p.link || !p.version) continue;
    const name = p.name ?? path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    const scope = p.dev || p.devOptional ? 'development' : p.optional ? 'optional' : 'runtime';
    const key = `pkg:npm/${name.replace(/^@/, '%40')}@${p.version}`;
    const prev = out.get(key);
    if (prev === undefined || (rank[scope] as number) < (rank[prev] as number)) out.set(key, scope);
  }
  return out;
}
const LOCK = lockfileScopes();
const scopes = (cs: Component[]) => new Map(cs.map((c) => [c.purl, c.scope]));

describe('cyclonedx-npm 6.0.1 SBOMs of examples/infusion-pump, nested components', () => {
  const xmlText = readFileSync(join(DIR, 'infusion-pump.nested-1.4.cdx.xml'), 'utf8');
  const jsonText = readFileSync(join(DIR, 'infusion-pump.nested-1.6.cdx.json'), 'utf8');
  const xml = extractCycloneDx('nested-1.4.cdx.xml', xmlText);
  const json = extractCycloneDx('nested-1.6.cdx.json', jsonText);

  it('the files really nest: 287 <component> entries for 279 packages, some inside others', () => {
    // independent counts: component elements in the XML (the product included) and nested "components" in the JSON
    expect((xmlText.match(/<component /g) ?? []).length).toBe(288);
    expect((jsonText.match(/"components": \[/g) ?? []).length).toBeGreaterThan(1);
    expect(LOCK.size).toBe(280);
  });

  for (const [name, r] of [['XML 1.4', xml], ['JSON 1.6', json]] as const) {
    it(`${name}: every package once, with the scope npm recorded in package-lock.json`, () => {
      expect(scopes(r.components)).toEqual(LOCK);
      expect(r.components.filter((c) => c.firstParty).map((c) => c.purl)).toEqual(['pkg:npm/infusion-pump@2.4.0']);
      expect(r.findings).toEqual([]);
    });
  }

  it('reads the same components from the XML and the JSON', () => {
    const strip = (cs: Component[]) => cs.map((c) => ({ key: c.key, scope: c.scope, direct: c.direct, licenses: c.licenses, hashes: c.hashes, deps: [...c.dependencies].sort() })).sort((a, b) => a.key.localeCompare(b.key));
    expect(strip(xml.components)).toEqual(strip(json.components));
  });
});

describe('cdxgen 12.8.4 SBOM of examples/infusion-pump (CycloneDX 1.6, fixtures/cdxgen/regen.sh)', () => {
  const text = readFileSync(join(import.meta.dirname, 'fixtures', 'cdxgen', 'infusion-pump.cdxgen-1.6.cdx.json'), 'utf8');
  const r = extractCycloneDx('bom.json', text);

  it('every package once, with the scope npm recorded in package-lock.json', () => {
    // cdxgen writes scope optional (197), excluded (6) or none, and cdx:npm:package:development on the 203 dev packages
    expect((text.match(/"scope":\s*"excluded"/g) ?? []).length).toBe(6); // the file is one line of minified JSON
    expect(scopes(r.components)).toEqual(LOCK);
    expect(r.components.filter((c) => c.firstParty).map((c) => c.purl)).toEqual(['pkg:npm/infusion-pump@2.4.0']);
  });

  it('marks the 13 declared dependencies direct', () => {
    const pkg = JSON.parse(readFileSync(join(EXAMPLE, 'package.json'), 'utf8')) as Record<string, Record<string, string>>;
    const declared = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})].sort();
    expect(r.components.filter((c) => c.direct).map((c) => c.name).sort()).toEqual(declared);
  });
});
