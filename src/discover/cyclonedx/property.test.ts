import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TureenError } from '../../model/errors.js';
import { jsonPaths, replaceAt, resultOrTureenError } from '../test-support/property.js';
import { extractCycloneDx } from './extract.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const JSON_TEXT = readFileSync(join(FIXTURES, 'lib-1.6.cdx.json'), 'utf8');
const XML_TEXT = readFileSync(join(FIXTURES, 'lib-1.6.cdx.xml'), 'utf8');
const DATA = JSON.parse(JSON_TEXT) as Record<string, unknown>;

const run = (text: string) => resultOrTureenError(() => extractCycloneDx('bom.json', text));

const HOSTILE = ['__proto__', 'constructor', 'prototype', '../../etc/passwd', 'a\u0000b', '\u001b[31mred', 'toString', '', 'pkg:npm/__proto__@1'];

describe('CycloneDX parser under arbitrary input', () => {
  it('returns a result or a TureenError for any string, JSON-ish or XML-ish', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => void run(s)), { numRuns: 300 });
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (s) => void run(`<${s}`)), { numRuns: 200 });
  });

  it('returns a result or a TureenError for every sampled truncation of a real BOM (JSON and XML)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: JSON_TEXT.length }), (n) => void run(JSON_TEXT.slice(0, n))), { numRuns: 150 });
    fc.assert(fc.property(fc.integer({ min: 0, max: XML_TEXT.length }), (n) => void run(XML_TEXT.slice(0, n))), { numRuns: 150 });
  });

  it('returns a result or a TureenError when any field holds a random JSON value', () => {
    const all = jsonPaths(DATA);
    fc.assert(
      fc.property(fc.constantFrom(...all), fc.jsonValue({ maxDepth: 3 }), (path, value) => {
        const r = run(JSON.stringify(replaceAt(DATA, path, value)));
        if (!(r instanceof TureenError)) expect(r.components.length).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 400 },
    );
  });

  it('keeps hostile names and bom-refs as data', () => {
    const s = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 12 }));
    fc.assert(
      fc.property(fc.array(fc.record({ name: s, ref: s, purl: s, dep: s }), { minLength: 1, maxLength: 6 }), (items) => {
        const text = JSON.stringify({
          bomFormat: 'CycloneDX',
          specVersion: '1.6',
          metadata: { component: { type: 'application', name: 'app', 'bom-ref': '__proto__' } },
          components: items.map((i) => ({ type: 'library', name: i.name, version: '1', 'bom-ref': i.ref, purl: i.purl })),
          dependencies: [{ ref: '__proto__', dependsOn: items.map((i) => i.ref) }, ...items.map((i) => ({ ref: i.ref, dependsOn: [i.dep] }))],
        });
        const r = run(text);
        if (!(r instanceof TureenError)) expect(r.components.length).toBeGreaterThan(0);
        expect(({} as Record<string, unknown>).dependsOn).toBeUndefined();
      }),
      { numRuns: 200 },
    );
  });

  it('survives very deep nesting in JSON and XML', () => {
    const depth = 5000;
    let json = '';
    for (let i = 0; i < depth; i++) json += '{"name":"n","components":[';
    json += '{"name":"leaf"}' + ']}'.repeat(depth);
    const r1 = run(`{"bomFormat":"CycloneDX","specVersion":"1.6","components":[${json}]}`);
    expect(r1 instanceof TureenError || r1.findings.some((f) => f.rule === 'cyclonedx.too-deep')).toBe(true);
    const xml = `<bom xmlns="http://cyclonedx.org/schema/bom/1.6"><components>${'<component><name>n</name><components>'.repeat(depth)}${'</components></component>'.repeat(depth)}</components></bom>`;
    const r2 = run(xml);
    expect(r2 instanceof TureenError || r2.findings.some((f) => f.rule === 'cyclonedx.too-deep')).toBe(true);
  });

  it('survives a long chain of dependencies (paths left out, with a finding)', () => {
    const n = 20000;
    const components = Array.from({ length: n }, (_, i) => ({ type: 'library', name: `p${i}`, version: '1', purl: `pkg:npm/p${i}@1`, 'bom-ref': `r${i}` }));
    const dependencies = [{ ref: 'root', dependsOn: ['r0'] }, ...components.slice(1).map((_, i) => ({ ref: `r${i}`, dependsOn: [`r${i + 1}`] }))];
    const text = JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.6', metadata: { component: { type: 'application', name: 'app', 'bom-ref': 'root' } }, components, dependencies });
    const r = run(text);
    expect(r).not.toBeInstanceOf(TureenError);
    if (!(r instanceof TureenError)) {
      expect(r.components).toHaveLength(n + 1);
      expect(r.findings.map((f) => f.rule)).toEqual(['cyclonedx.paths-omitted']);
      expect(r.components.filter((c) => c.direct).map((c) => c.name)).toEqual(['p0']);
    }
  });

  it('refuses XML entity declarations', () => {
    const xml = `<?xml version="1.0"?><!DOCTYPE bom [<!ENTITY x SYSTEM "file:///etc/passwd">]><bom xmlns="http://cyclonedx.org/schema/bom/1.6"><components><component type="library"><name>&x;</name></component></components></bom>`;
    expect(run(xml)).toBeInstanceOf(TureenError);
  });
});
