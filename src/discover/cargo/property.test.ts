import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TureenError } from '../../model/errors.js';
import { resultOrTureenError } from '../test-support/property.js';
import { extractCargoLock } from './extract.js';
import { extractCargoManifest } from './manifest-only.js';

const REAL = readFileSync(join(import.meta.dirname, '../../../test/fixtures/corpus/cargo/makers-for-life__makair-control-ui__Cargo.lock'), 'utf8');
const V1 = readFileSync(join(import.meta.dirname, 'fixtures/registry-v1/Cargo.lock'), 'utf8');
const TOML = readFileSync(join(import.meta.dirname, 'fixtures/registry-v1/Cargo.toml'), 'utf8');

const run = (text: string, toml?: string) =>
  resultOrTureenError(() => extractCargoLock({
    file: 'Cargo.lock',
    text,
    ...(toml !== undefined ? { manifests: { paths: ['Cargo.toml'], get: (p: string) => (p === 'Cargo.toml' ? toml : undefined) } } : {}),
  }));

const HOSTILE = ['__proto__', 'constructor', 'prototype', '../../x', '..', 'a\u0000b', '\u001b[31mred', 'toString', 'a b', 'x (y)', ''];
const q = (s: string) => JSON.stringify(s);

describe('Cargo.lock parser under arbitrary input', () => {
  it('returns a result or a TureenError for any string', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => void run(s)), { numRuns: 300 });
  });

  it('returns a result or a TureenError for sampled truncations of real lockfiles, with and without Cargo.toml', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: REAL.length }), (n) => void run(REAL.slice(0, n))), { numRuns: 100 });
    for (let i = V1.indexOf('\n'); i !== -1; i = V1.indexOf('\n', i + 1)) run(V1.slice(0, i), TOML);
    for (let i = TOML.indexOf('\n'); i !== -1; i = TOML.indexOf('\n', i + 1)) run(V1, TOML.slice(0, i));
  });

  it('keeps hostile names, versions and sources as data', () => {
    const str = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 10 }));
    fc.assert(
      fc.property(fc.uniqueArray(str, { minLength: 1, maxLength: 5 }), str, str, (names, version, src) => {
        const body = names.map((n) => `[[package]]\nname = ${q(n)}\nversion = ${q(version)}\nsource = ${q(src)}\ndependencies = [${q(`${names[0]} ${version}`)}]\n`).join('\n');
        const toml = `[package]\nname = ${q(names[0] as string)}\n[dependencies]\n${q(names[1] ?? 'x')} = { path = ${q(src)}, package = ${q(version)} }\n[features]\ndefault = [${q(src)}]\n${q(src)} = ["default"]\n`;
        const r = run(`version = 4\n${body}\n[metadata]\n${q(`checksum ${names[0]} ${version} (${src})`)} = "x"\n`, toml);
        if (!(r instanceof TureenError)) for (const c of r.components) expect(names).toContain(c.name);
        expect(({} as Record<string, unknown>).dependencies).toBeUndefined();
      }),
      { numRuns: 200 },
    );
  });

  it('reads any Cargo.toml alone into a result or a TureenError', () => {
    const man = (text: string, root?: string) => resultOrTureenError(() => extractCargoManifest({ file: 'a/Cargo.toml', text, ...(root !== undefined ? { workspaceRoot: { file: 'Cargo.toml', text: root } } : {}) }));
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (s) => void man(s, s)), { numRuns: 200 });
    const str = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 10 }));
    fc.assert(fc.property(str, str, str, (k, v, p) => {
      const toml = `[package]\nname = ${q(k)}\nversion = ${q(v)}\n[dependencies]\n${q(k)} = { version = ${q(v)}, package = ${q(p)}, git = ${q(p)}, rev = ${q(v)} }\n[target.${q(p)}.dev-dependencies]\n${q(p)} = { workspace = true }\n[features]\ndefault = [${q(`dep:${k}`)}, ${q(`${p}/x`)}]\n`;
      void man(toml, `[workspace.dependencies]\n${q(p)} = ${q(v)}\n`);
    }), { numRuns: 200 });
    for (let i = TOML.indexOf('\n'); i !== -1; i = TOML.indexOf('\n', i + 1)) man(TOML.slice(0, i));
  });

  it('survives deep nesting and huge numbers', () => {
    expect(run(`version = 1${'0'.repeat(400)}\n`)).toBeDefined();
    expect(run(`x = ${'['.repeat(5000)}${']'.repeat(5000)}\n`)).toBeDefined();
  });
});
