import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { jsonSchema } from '../cli/schema.js';
import { MACHINE_OWNED, SoupRecord } from './record.js';

const example = parse(readFileSync(join(import.meta.dirname, 'fixtures', 'record-express.yaml'), 'utf8')) as Record<string, unknown>;
const validate = new Ajv2020({ strict: false, allErrors: true }).compile(jsonSchema('record'));

describe('the SOUP record schema', () => {
  it('accepts a record with every section filled, and so does the published JSON Schema', () => {
    const r = SoupRecord.safeParse(example);
    expect(r.success, JSON.stringify(r.error?.issues.slice(0, 3))).toBe(true);
    expect(validate(example), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  });

  it('accepts the smallest record sync writes: identification, evidence and classification', () => {
    const minimal = { id: example.id, identification: example.identification, evidence: example.evidence, classification: example.classification };
    expect(SoupRecord.parse(minimal).status).toBe('active');
    expect(validate(minimal)).toBe(true);
  });

  it.each([
    ['a safety class outside A–C', { safetyClass: 'D' }, 'safetyClass'],
    ['a misspelt key (an editor flags it, check will too)', { saftyClass: 'B' }, ''],
    ['a requirement without text', { functionalRequirements: [{ id: 'FR-1' }] }, 'functionalRequirements.0.text'],
    ['an approval without a content hash of the record', { approvals: [{ role: 'approver', name: 'Q', date: '2026-11-21', version: '5.1.0', contentHash: 'abc' }] }, 'approvals.0.contentHash'],
    ['a review date that is not YYYY-MM-DD', { anomalyReview: { ...(example.anomalyReview as object), date: '21/11/2026' } }, 'anomalyReview.date'],
    ['a VEX state CycloneDX does not have', { vulnerabilityReview: { ...(example.vulnerabilityReview as object), entries: [{ id: 'CVE-2024-1', state: 'fixed' }] } }, 'vulnerabilityReview.entries.0.state'],
  ])('rejects %s, naming where, in both the model and the JSON Schema', (_what, patch, path) => {
    const bad = { ...example, ...patch };
    const r = SoupRecord.safeParse(bad);
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path.join('.')).toBe(path);
    expect(validate(bad)).toBe(false);
  });

  it('says which top-level keys Tureen owns; every other key of the example is a person\'s', () => {
    expect([...MACHINE_OWNED]).toEqual(['id', 'identification', 'evidence', 'members', 'monitoring']);
    const human = Object.keys(SoupRecord.shape).filter((k) => !MACHINE_OWNED.includes(k as never));
    expect(human).toContain('functionalRequirements');
    expect(human).toContain('approvals');
    expect(human).not.toContain('identification');
  });
});
