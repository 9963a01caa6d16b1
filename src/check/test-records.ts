import { stringify } from 'yaml';
import type { SoupRecord } from '../model/record.js';
import { recordContentHash } from './hash.js';
import { parseRecordText, type RecordInput } from './load.js';

/** The date the tests check on. */
export const NOW = new Date('2026-11-26T12:00:00Z');

/** A class B record that passes every rule on NOW (approval hash included). Tests break one thing at a time. */
export function goodRecord(): SoupRecord {
  const r: SoupRecord = {
    id: 'npm/left-pad',
    identification: { name: 'left-pad', version: '1.3.0', ecosystem: 'npm', purl: 'pkg:npm/left-pad@1.3.0', supplier: 'azer', license: 'MIT' },
    evidence: [{ file: 'package-lock.json', line: 10, source: 'npm' }],
    classification: { soup: true, branch: 'off-the-shelf', kind: 'library', rule: 'npm.runtime', rationale: 'runtime dependency' },
    safetyClass: 'B',
    safetyClassRationale: 'Wrong padding can misalign the dose column on the clinician screen (non-serious injury).',
    functionalRequirements: [{ id: 'FR-1', text: 'Pads a string to 8 characters with leading zeros when it is shorter than 8 characters.' }],
    performanceRequirements: [{ id: 'PR-1', text: 'Pads a 1 KiB string within 1 ms on the compute module.' }],
    prerequisites: { software: ['Node.js 22'] },
    verification: {
      approach: 'Black-box unit tests of the padding interface in test/pad.test.ts.',
      tests: [{ requirement: 'FR-1', test: 'pads to 8', result: 'passed' }, { requirement: 'PR-1', test: 'pads 1 KiB fast', result: 'passed' }],
    },
    anomalyReview: { version: '1.3.0', date: '2026-11-20', reviewer: 'R', sources: ['issues'], entries: [], conclusion: 'none' },
    vulnerabilityReview: { version: '1.3.0', date: '2026-11-20', reviewer: 'R', sources: ['OSV'], entries: [], conclusion: 'none' },
    surveillance: { owner: 'lead', method: 'OSV feed', frequency: 'P3M' },
    status: 'active',
  };
  return sign(r);
}

/** Replace the approvals with one approver signature over the record's current content. */
export function sign(r: SoupRecord, role: 'reviewer' | 'approver' = 'approver'): SoupRecord {
  const { approvals: _a, ...rest } = r;
  const unsigned = rest as SoupRecord;
  return { ...unsigned, approvals: [{ role, name: 'Q. Lead', date: '2026-11-21', version: r.identification.version, contentHash: recordContentHash(unsigned) }] };
}

export function inputOf(r: unknown, file = 'soup/npm-left-pad.yaml'): RecordInput {
  return parseRecordText(file, stringify(r));
}
