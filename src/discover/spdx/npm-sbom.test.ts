import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractCycloneDx } from '../cyclonedx/extract.js';
import { extractSpdx } from './extract.js';

/**
 * npm's own SBOMs of the example device (fixtures/npm-sbom/regen.sh, npm 11.19.1). The scope Tureen reads from the
 * SBOM's relationships must equal npm's own verdict, which npm writes into package-lock.json when it installs:
 * `dev: true` / `devOptional: true` (development only), `optional: true` (optional), neither (runtime).
 * Computed here from the lockfile, per name@version (the strongest over its install paths), without Tureen.
 * (`npm sbom --omit dev` itself drops 4 runtime packages of this lockfile, e.g. semver@7.8.6 that fastify
 * depends on, so its output is not used as the reference.)
 */
const DIR = join(import.meta.dirname, 'fixtures', 'npm-sbom');
const EXAMPLE = join(import.meta.dirname, '..', '..', '..', 'examples', 'infusion-pump');
const ALL = readFileSync(join(DIR, 'purls-all.txt'), 'utf8').split('\n').filter(Boolean).sort();

function lockfileScopes(): Map<string, 'runtime' | 'optional' | 'development'> {
  const lock = JSON.parse(readFileSync(join(EXAMPLE, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { name?: string; version?: string; dev?: boolean; devOptional?: boolean; optional?: boolean; link?: boolean }>;
  };
  const rank = { runtime: 0, optional: 1, development: 2 } as const;
  const out = new Map<string, 'runtime' | 'optional' | 'development'>();
  for (const [path, p] of Object.entries(lock.packages)) {
    if (!path.includes('node_modules/') || p.link || !p.version) continue;
    const name = p.name ?? path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    const scope = p.dev || p.devOptional ? 'development' : p.optional ? 'optional' : 'runtime';
    const key = `pkg:npm/${name.replace(/^@/, '%40')}@${p.version}`;
    const prev = out.get(key);
    if (prev === undefined || rank[scope] < rank[prev]) out.set(key, scope);
  }
  out.set('pkg:npm/infusion-pump@2.4.0', 'runtime'); // the project itself
  return out;
}
const LOCK = lockfileScopes();
const inScope = (s: string) => [...LOCK].filter(([, v]) => v === s).map(([k]) => k).sort();
const sorted = (xs: string[]) => [...xs].sort();

describe('npm sbom --sbom-format spdx (SPDX 2.3 JSON) of examples/infusion-pump', () => {
  const text = readFileSync(join(DIR, 'infusion-pump.spdx.json'), 'utf8');
  const r = extractSpdx('infusion-pump.spdx.json', text);

  it('lists every package npm lists (280), once each', () => {
    expect(ALL).toHaveLength(280);
    expect(sorted(r.components.map((c) => c.purl))).toEqual(ALL);
  });

  it("gives every package the scope npm recorded in package-lock.json (77 runtime with the project, 203 development)", () => {
    expect(sorted([...LOCK.keys()])).toEqual(ALL);
    expect(inScope('runtime')).toHaveLength(77);
    expect(inScope('development')).toHaveLength(203);
    for (const s of ['runtime', 'optional', 'development']) {
      expect(sorted(r.components.filter((c) => c.scope === s).map((c) => c.purl)), s).toEqual(inScope(s));
    }
  });

  it('marks the described package first-party and its 13 declared dependencies direct', () => {
    // package.json of the example: 6 dependencies + 7 devDependencies
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', '..', 'examples', 'infusion-pump', 'package.json'), 'utf8')) as Record<string, Record<string, string>>;
    const declared = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})].sort();
    expect(r.components.filter((c) => c.firstParty).map((c) => c.name)).toEqual(['infusion-pump']);
    expect(r.components.filter((c) => c.direct).map((c) => c.name).sort()).toEqual(declared);
    expect(r.findings).toEqual([]);
  });

  it('gives each package the line of its SPDXID', () => {
    const lines = text.split('\n');
    for (const c of r.components) expect(lines[(c.evidence[0]?.line ?? 0) - 1]).toContain('"SPDXID"');
  });
});

describe('npm sbom --sbom-format cyclonedx (CycloneDX 1.5 JSON) of examples/infusion-pump', () => {
  const text = readFileSync(join(import.meta.dirname, '..', 'cyclonedx', 'fixtures', 'npm-sbom-infusion-pump.cdx.json'), 'utf8');
  const r = extractCycloneDx('npm.cdx.json', text);

  it('lists every package with the scope npm recorded in package-lock.json', () => {
    // npm's CycloneDX writer gives devDependencies the scope "optional" (203 in the file) and marks them with the
    // taxonomy property cdx:npm:package:development (203 too), which Tureen reads as development
    expect((text.match(/"scope": "optional"/g) ?? []).length).toBe(203);
    expect((text.match(/"name": "cdx:npm:package:development",\s*"value": "true"/g) ?? []).length).toBe(203);
    expect(sorted(r.components.map((c) => c.purl))).toEqual(ALL);
    for (const s of ['runtime', 'optional', 'development']) {
      expect(sorted(r.components.filter((c) => c.scope === s).map((c) => c.purl)), s).toEqual(inScope(s));
    }
  });

  it('marks the product first-party and its 13 declared dependencies direct, with no findings', () => {
    const pkg = JSON.parse(readFileSync(join(EXAMPLE, 'package.json'), 'utf8')) as Record<string, Record<string, string>>;
    const declared = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})].sort();
    expect(r.components.filter((c) => c.firstParty).map((c) => c.purl)).toEqual(['pkg:npm/infusion-pump@2.4.0']);
    expect(r.components.filter((c) => c.direct).map((c) => c.name).sort()).toEqual(declared);
    expect(r.findings).toEqual([]);
  });
});
