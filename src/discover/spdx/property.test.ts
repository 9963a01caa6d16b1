import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TureenError } from '../../model/errors.js';
import { jsonPaths, replaceAt, resultOrTureenError } from '../test-support/property.js';
import { extractSpdx } from './extract.js';

const SPEC = join(import.meta.dirname, 'fixtures', 'spec');
const JSON_TEXT = readFileSync(join(SPEC, 'SPDXJSONExample-v2.3.spdx.json'), 'utf8');
const TV_TEXT = readFileSync(join(SPEC, 'SPDXTagExample-v2.3.spdx'), 'utf8');
const DATA = JSON.parse(JSON_TEXT) as Record<string, unknown>;

const run = (text: string) => resultOrTureenError(() => extractSpdx('doc.spdx', text));

const HOSTILE = ['__proto__', 'constructor', 'prototype', '../../etc/passwd', 'a\u0000b', '\u001b[31mred', 'toString', 'pkg:npm/__proto__@1', '<text>'];

describe('SPDX parser under arbitrary input', () => {
  it('returns a result or a TureenError for any string, JSON-ish or tag-value-ish', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => void run(s)), { numRuns: 300 });
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => void run(`SPDXVersion: SPDX-2.3\n${s}`)), { numRuns: 300 });
  });

  it('returns a result or a TureenError for every sampled truncation of the spec examples', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: JSON_TEXT.length }), (n) => void run(JSON_TEXT.slice(0, n))), { numRuns: 150 });
    fc.assert(fc.property(fc.integer({ min: 0, max: TV_TEXT.length }), (n) => void run(TV_TEXT.slice(0, n))), { numRuns: 150 });
  });

  it('returns a result or a TureenError when any JSON field holds a random JSON value', () => {
    const all = jsonPaths(DATA);
    fc.assert(fc.property(fc.constantFrom(...all), fc.jsonValue({ maxDepth: 3 }), (path, value) => void run(JSON.stringify(replaceAt(DATA, path, value)))), { numRuns: 400 });
  });

  it('keeps hostile SPDXIDs and names as data', () => {
    const s = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 12 }));
    fc.assert(
      fc.property(fc.array(fc.record({ name: s, id: s, purl: s, dep: s }), { minLength: 1, maxLength: 6 }), fc.constantFrom(...HOSTILE), (items, rel) => {
        const text = JSON.stringify({
          spdxVersion: 'SPDX-2.3',
          SPDXID: 'SPDXRef-DOCUMENT',
          documentDescribes: items.map((i) => i.id),
          packages: items.map((i) => ({ SPDXID: i.id, name: i.name, versionInfo: '1', externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: i.purl }] })),
          relationships: items.map((i) => ({ spdxElementId: i.id, relationshipType: rel === '<text>' ? 'DEPENDS_ON' : rel, relatedSpdxElement: i.dep })),
        });
        const r = run(text);
        if (!(r instanceof TureenError)) expect(r.components.length).toBeGreaterThan(0);
        expect(({} as Record<string, unknown>).relationships).toBeUndefined();
      }),
      { numRuns: 200 },
    );
  });

  it('survives a huge tag-value document of relationships', () => {
    const n = 20000;
    let text = 'SPDXVersion: SPDX-2.3\nSPDXID: SPDXRef-DOCUMENT\n';
    for (let i = 0; i < n; i++) text += `PackageName: p${i}\nSPDXID: SPDXRef-p${i}\nPackageVersion: 1\n`;
    text += 'Relationship: SPDXRef-DOCUMENT DESCRIBES SPDXRef-p0\n';
    for (let i = 1; i < n; i++) text += `Relationship: SPDXRef-p${i - 1} DEPENDS_ON SPDXRef-p${i}\n`;
    const r = run(text);
    expect(r).not.toBeInstanceOf(TureenError);
    if (!(r instanceof TureenError)) {
      expect(r.components).toHaveLength(n);
      expect(r.findings.filter((f) => f.rule !== 'spdx.no-purl').map((f) => f.rule)).toEqual(['spdx.paths-omitted']);
      expect(r.findings.filter((f) => f.rule === 'spdx.no-purl')).toHaveLength(21); // 20 listed + 1 summary
      expect(r.components.filter((c) => c.direct).map((c) => c.name)).toEqual(['p1']);
      expect(r.components.every((c) => c.scope === 'runtime')).toBe(true);
    }
  });
});
