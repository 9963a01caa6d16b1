import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractNpmLock } from './extract.js';
import { CORPUS, expectedScope, fixture, installedScope, listing, locationOf, nv } from './test-support/expected.js';

/**
 * nightscout/cgm-remote-monitor's real package-lock.json (v3, 1057 packages, written without
 * `resolved`/`integrity` for registry packages). Expected sets: `npm query` over the lockfile and what
 * `npm ci --omit=dev` (and `--omit=optional`) installed, recorded with npm 11 (fixtures/nightscout).
 */
describe('nightscout corpus lockfile (v3)', () => {
  const file = 'test/fixtures/corpus/npm/nightscout__cgm-remote-monitor__package-lock.json';
  const text = readFileSync(`${CORPUS}nightscout__cgm-remote-monitor__package-lock.json`, 'utf8');
  const { components, findings } = extractNpmLock({ file, text });
  const thirdParty = components.filter((c) => !c.firstParty);
  const nodes = listing('nightscout/expected/lockfile-nodes.txt');

  it('finds the 983 name@version npm reads from its 1057 entries, and the root', () => {
    const expected = new Set(nodes.values());
    expect(expected.size).toBe(983);
    expect(nodes.size).toBe(1057);
    expect(new Set(thirdParty.map(nv))).toEqual(expected);
    expect(thirdParty).toHaveLength(983);
    const locs = thirdParty.flatMap((c) => c.evidence.map((e) => locationOf(e.key ?? '')));
    expect(locs).toHaveLength(1057);
    expect(new Set(locs)).toEqual(new Set(nodes.keys()));
    expect(components.filter((c) => c.firstParty).map(nv)).toEqual(['nightscout@15.0.7']);
    expect(findings).toEqual([]);
  });

  it('marks development exactly what the production install left out, optional what --omit=optional also left out', () => {
    const prod = new Set(listing('nightscout/expected/installed-prod.txt').keys());
    const runtime = new Set(listing('nightscout/expected/installed-runtime.txt').keys());
    for (const c of thirdParty) expect(c.scope, nv(c)).toBe(expectedScope(c, (l) => installedScope(l, prod, runtime)));
    // name@version level, as a reviewer would count: never installed by `npm ci --omit=dev`
    const prodNv = new Set([...listing('nightscout/expected/installed-prod.txt').values()]);
    const devNv = new Set([...nodes.values()].filter((v) => !prodNv.has(v)));
    expect(new Set(thirdParty.filter((c) => c.scope === 'development').map(nv))).toEqual(devNv);
    expect(devNv.size).toBe(983 - prodNv.size);
    expect(prodNv.size).toBe(739);
  });

  it('marks as direct the dependencies packages[""] declares', () => {
    const root = (JSON.parse(fixture('nightscout/package.json')) as Record<string, Record<string, string>>);
    const declared = new Set(['dependencies', 'devDependencies'].flatMap((f) => Object.keys(root[f] ?? {})).map((d) => nodes.get(`node_modules/${d}`)));
    expect(new Set(thirdParty.filter((c) => c.direct).map(nv))).toEqual(declared);
  });

  it('points every evidence at its entry line, and reads licences', () => {
    const lines = text.split('\n');
    for (const c of components) {
      for (const e of c.evidence) expect(lines[(e.line as number) - 1]?.trim().startsWith(`${JSON.stringify(locationOf(e.key ?? ''))}:`)).toBe(true);
    }
    const lock = JSON.parse(text) as { packages: Record<string, { license?: string }> };
    const withLicence = Object.entries(lock.packages).filter(([loc, e]) => loc !== '' && e.license).length;
    expect(withLicence).toBeGreaterThan(1000);
    for (const c of thirdParty) {
      const declared = lock.packages[locationOf(c.evidence[0]?.key ?? '')]?.license;
      if (declared) expect(c.licenses.length, nv(c)).toBeGreaterThan(0);
    }
  });

});
