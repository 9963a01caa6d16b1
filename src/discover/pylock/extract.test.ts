import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { TureenError } from '../../model/errors.js';
import { memoryRepo } from '../source.js';
import { extractPylock, scopeFromMarker } from './extract.js';
import { source } from './index.js';

const TEXT = readFileSync(join(import.meta.dirname, 'fixtures', 'spec', 'pylock.toml'), 'utf8');
const pep503 = (n: string) => n.toLowerCase().replace(/[-_.]+/g, '-');
interface P { name: string; version?: string; marker?: string; wheels?: { hashes: Record<string, string> }[]; sdist?: { hashes: Record<string, string> }; archive?: { hashes: Record<string, string> } }
const DATA = (parse(TEXT) as unknown as { packages: P[] }).packages;

describe('pylock.toml (PEP 751, written from the specification)', () => {
  const r = source.extract('pylock.toml', memoryRepo({ 'pylock.toml': TEXT, 'pyproject.toml': '[project]\nname = "infusion-app"\ndependencies = ["cattrs", "device-lib"]\n' }));
  const get = (n: string) => r.components.find((c) => c.name === n);

  it('one component per [[packages]] entry (9, counted by hand), names PEP 503-normalised, versions as locked', () => {
    expect(DATA).toHaveLength(9);
    expect(r.components.map((c) => `${c.name}@${c.version}`).sort()).toEqual(
      DATA.map((p) => `${pep503(p.name)}@${p.version ?? ''}`)
        .sort(),
    );
  });

  it('scope from markers: default group → runtime, dev group → development, extra → optional, no marker → runtime', () => {
    // by hand from the file: attrs (default or dev), cattrs, device_lib, infusion-app, sensor-sdk (default),
    // vendored-codec (no marker) → runtime; pytest, colorama (dev) → development; matplotlib (plot extra) → optional
    expect(Object.fromEntries(r.components.map((c) => [c.name, c.scope]))).toEqual({
      attrs: 'runtime', cattrs: 'runtime', matplotlib: 'optional', pytest: 'development', colorama: 'development',
      'device-lib': 'runtime', 'infusion-app': 'runtime', 'vendored-codec': 'runtime', 'sensor-sdk': 'runtime',
    });
  });

  it('hashes from sdist, wheels and archive; sources become origins', () => {
    const count = DATA.reduce((n, p) => n + [...(p.wheels ?? []), ...(p.sdist ? [p.sdist] : []), ...(p.archive ? [p.archive] : [])].reduce((m, f) => m + Object.keys(f.hashes).length, 0), 0);
    expect(r.components.reduce((n, c) => n + c.hashes.length, 0)).toBe(count);
    expect(get('cattrs')?.hashes.map((h) => h.alg)).toEqual(['SHA-256', 'SHA-256', 'BLAKE2b-512']);
    expect(get('device-lib')?.origin).toEqual({ type: 'git', url: 'https://github.com/example/device-lib.git', ref: '0123456789abcdef0123456789abcdef01234567' });
    expect(get('infusion-app')?.firstParty).toBe(true);
    expect(get('vendored-codec')?.origin).toEqual({ type: 'file', ref: 'vendor/vendored_codec-0.9.1.tar.gz' });
    expect(get('sensor-sdk')?.purl).toContain('download_url=');
    expect(get('attrs')?.origin).toEqual({ type: 'registry', url: 'https://pypi.org/simple' });
    expect(r.components.filter((c) => c.direct).map((c) => c.name).sort()).toEqual(['cattrs', 'device-lib']);
    expect(r.findings).toEqual([]);
  });

  it('evidence is the line of each [[packages]] header', () => {
    const lines = TEXT.split('\n');
    for (const c of r.components) expect(lines[(c.evidence[0]?.line as number) - 1]).toBe('[[packages]]');
  });

  it('a lock-version other than 1.x is refused (PEP 751: tools must raise an error)', () => {
    expect(() => extractPylock({ file: 'pylock.toml', text: "lock-version = '2.0'\n" })).toThrow(TureenError);
    expect(() => extractPylock({ file: 'pylock.toml', text: "created-by = 'x'\n" })).toThrow(TureenError);
  });

  it('reads uv\'s default-groups = ["dev"] as development all the same', () => {
    expect(scopeFromMarker("'dev' in dependency_groups", new Set(['dev']))).toBe('development');
    expect(scopeFromMarker("'server' in dependency_groups", new Set(['server']))).toBe('runtime');
    expect(scopeFromMarker("'dev' not in dependency_groups", new Set())).toBe('runtime');
  });

  it('matches pylock.toml and pylock.<name>.toml only', () => {
    for (const p of ['pylock.toml', 'a/pylock.spam.toml']) expect(source.matches(p), p).toBe(true);
    for (const p of ['pylock.a.b.toml', 'mypylock.toml', 'pylock.toml.bak']) expect(source.matches(p), p).toBe(false);
  });
});
