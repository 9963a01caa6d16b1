import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { recordContentHash } from '../check/hash.js';
import { SoupRecord } from '../model/record.js';
import { recordResults } from './results.js';

const RECORD = `id: npm/fastify
identification: {name: fastify, version: 5.12.8, ecosystem: npm, purl: pkg:npm/fastify@5.12.8}
evidence: []
classification: {soup: true, branch: off-the-shelf, kind: library, rule: npm.runtime, rationale: x}
verification:
  approach: Black-box HTTP tests. # agreed in review R-4
  tests:
    - requirement: FR-1
      test: status returns 200 within 2 s
      location: test/api/status.test.ts
    - requirement: PR-1
      test: status sustains 50 requests per second
      result: passed
      date: 2026-10-01
`;

describe('recording test results in the record', () => {
  const statuses = [
    { item: 'npm/fastify', file: 'soup/npm-fastify.yaml', requirement: 'FR-1', test: 'status returns 200 within 2 s', status: 'passed' as const, date: '2026-11-25' },
    { item: 'npm/fastify', file: 'soup/npm-fastify.yaml', requirement: 'PR-1', test: 'status sustains 50 requests per second', status: 'failed' as const },
  ];

  it('sets result and date of each matching test, keeps every other line and comment, and does not touch the signed content', () => {
    const out = recordResults(RECORD, statuses, '2026-11-26')!;
    const r = SoupRecord.parse(parse(out));
    expect(r.verification?.tests).toEqual([
      { requirement: 'FR-1', test: 'status returns 200 within 2 s', location: 'test/api/status.test.ts', result: 'passed', date: '2026-11-25' },
      { requirement: 'PR-1', test: 'status sustains 50 requests per second', result: 'failed', date: '2026-11-26' },
    ]);
    expect(out).toContain('approach: Black-box HTTP tests. # agreed in review R-4');
    expect(recordContentHash(r)).toBe(recordContentHash(SoupRecord.parse(parse(RECORD))));
  });

  it('changes nothing when the results are the ones recorded, or name no test of the record', () => {
    const once = recordResults(RECORD, statuses, '2026-11-26')!;
    expect(recordResults(once, statuses, '2026-11-26')).toBeUndefined();
    expect(recordResults(RECORD, [{ ...statuses[0]!, test: 'another test' }], '2026-11-26')).toBeUndefined();
  });
});
