import { createHash } from 'node:crypto';
import type { SoupRecord } from '../model/record.js';

/**
 * JSON with object keys sorted (by UTF-16 code units) at every level and `undefined` members left out: the same data
 * always gives the same text, whatever order a person or a YAML round trip put the keys in.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

/**
 * What a signature covers: the record without `approvals` (the signatures themselves), `history` (append-only
 * bookkeeping), `evidence` (where the scan found the item; `sync` rewrites it on every run) and `monitoring` (what the
 * last `tureen monitor` run found), and without the last
 * recorded test outcome of each `verification.tests` entry (`result`, `date`), which `check --junit` refreshes.
 * Everything a person assessed — requirements, reviews, class, surveillance, the identification and version — is in.
 */
export function signedContent(record: SoupRecord): Record<string, unknown> {
  const { approvals: _a, history: _h, evidence: _e, monitoring: _m, ...rest } = record;
  const out: Record<string, unknown> = { ...rest };
  if (record.verification) {
    out.verification = {
      ...record.verification,
      ...(record.verification.tests ? { tests: record.verification.tests.map(({ result: _r, date: _d, ...t }) => t) } : {}),
    };
  }
  return out;
}

/**
 * The content hash `tureen sign` stores in an approval and `tureen check` compares: `sha256:` + hex SHA-256 over the
 * canonical JSON (UTF-8) of `signedContent(record)`.
 */
export function recordContentHash(record: SoupRecord): string {
  return `sha256:${createHash('sha256').update(canonicalJson(signedContent(record)), 'utf8').digest('hex')}`;
}
