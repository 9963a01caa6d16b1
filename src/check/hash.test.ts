import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SoupRecord } from '../model/record.js';
import { canonicalJson, recordContentHash } from './hash.js';
import { goodRecord } from './test-records.js';

describe('canonicalJson', () => {
  it('sorts keys at every level and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: undefined, w: 'é' }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"w":"é","y":2}]},"b":1}');
  });
  it('is independent of key order (property)', () => {
    fc.assert(fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (o) => {
      const reversed = Object.fromEntries(Object.entries(o).reverse());
      expect(canonicalJson(reversed)).toBe(canonicalJson(o));
      expect(JSON.parse(canonicalJson(o))).toEqual(JSON.parse(JSON.stringify(o)));
    }));
  });
});

describe('recordContentHash', () => {
  const tiny = {
    id: 'npm/a', identification: { name: 'a', version: '1.0.0', ecosystem: 'npm', purl: 'pkg:npm/a@1.0.0' }, evidence: [{ file: 'package-lock.json', source: 'npm' }],
    classification: { soup: true, branch: 'off-the-shelf', kind: 'library', rule: 'r', rationale: 'x' }, status: 'active',
    approvals: [{ role: 'approver', name: 'Q', date: '2026-01-01', version: '1.0.0', contentHash: `sha256:${'0'.repeat(64)}` }],
    history: [{ date: '2026-01-01', event: 'created' }],
    verification: { approach: 'tests', tests: [{ requirement: 'FR-1', test: 't', result: 'passed', date: '2026-01-01' }] },
  } as SoupRecord;
  it('is sha256 over the canonical JSON without approvals, history, evidence and recorded test results', () => {
    const text = '{"classification":{"branch":"off-the-shelf","kind":"library","rationale":"x","rule":"r","soup":true},"id":"npm/a","identification":{"ecosystem":"npm","name":"a","purl":"pkg:npm/a@1.0.0","version":"1.0.0"},"status":"active","verification":{"approach":"tests","tests":[{"requirement":"FR-1","test":"t"}]}}';
    expect(recordContentHash(tiny)).toBe(`sha256:${createHash('sha256').update(text).digest('hex')}`);
    expect(recordContentHash(tiny)).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
  it('changes with any assessed content, not with key order or the excluded parts', () => {
    const r = goodRecord();
    const h = recordContentHash(r);
    expect(recordContentHash({ ...r, safetyClassRationale: `${r.safetyClassRationale} ` })).not.toBe(h);
    expect(recordContentHash({ ...r, identification: { ...r.identification, version: '1.3.1' } })).not.toBe(h);
    expect(recordContentHash({ ...r, hazards: [] })).not.toBe(h);
    expect(recordContentHash(Object.fromEntries(Object.entries(r).reverse()) as SoupRecord)).toBe(h);
    expect(recordContentHash({ ...r, approvals: [], history: [{ date: '2026-01-01', event: 'signed' }], evidence: [] })).toBe(h);
  });
});
