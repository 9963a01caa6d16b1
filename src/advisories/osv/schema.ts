import { z } from 'zod';

/**
 * The Open Source Vulnerability format (https://ossf.github.io/osv-schema/, schema 1.0–1.7), as far as Tureen reads
 * it. Records come from OSV's API, its bulk exports and suppliers; each is hostile until parsed here. Unknown keys are
 * kept out (zod strips them) except `database_specific` / `ecosystem_specific`, which stay opaque. Parse with
 * `parseOsv`, which names the record and the place of the first problem.
 */

/** One event of a range: exactly one of introduced, fixed, last_affected, limit. */
export const OsvEvent = z.union([
  z.object({ introduced: z.string() }).strict(),
  z.object({ fixed: z.string() }).strict(),
  z.object({ last_affected: z.string() }).strict(),
  z.object({ limit: z.string() }).strict(),
]);
export type OsvEvent = z.infer<typeof OsvEvent>;

export const OsvRange = z.object({
  type: z.enum(['SEMVER', 'ECOSYSTEM', 'GIT']),
  repo: z.string().optional(),
  events: z.array(OsvEvent).min(1),
  database_specific: z.unknown().optional(),
});
export type OsvRange = z.infer<typeof OsvRange>;

export const OsvSeverity = z.object({
  /** CVSS_V2, CVSS_V3, CVSS_V4, Ubuntu; other types are kept and ignored */
  type: z.string(),
  score: z.string(),
});
export type OsvSeverity = z.infer<typeof OsvSeverity>;

export const OsvPackage = z.object({
  ecosystem: z.string().min(1),
  name: z.string().min(1),
  purl: z.string().optional(),
});

export const OsvAffected = z.object({
  package: OsvPackage.optional(),
  severity: z.array(OsvSeverity).optional(),
  ranges: z.array(OsvRange).optional(),
  versions: z.array(z.string()).optional(),
  ecosystem_specific: z.unknown().optional(),
  database_specific: z.unknown().optional(),
});
export type OsvAffected = z.infer<typeof OsvAffected>;

export const OsvReference = z.object({ type: z.string(), url: z.string() });

export const Osv = z.object({
  schema_version: z.string().optional(),
  id: z.string().min(1).max(200),
  /** RFC 3339 UTC; imports are incremental by it */
  modified: z.string().min(1),
  published: z.string().optional(),
  /** a withdrawn record is not a vulnerability: never reported */
  withdrawn: z.string().optional(),
  aliases: z.array(z.string()).optional(),
  related: z.array(z.string()).optional(),
  upstream: z.array(z.string()).optional(),
  summary: z.string().optional(),
  details: z.string().optional(),
  severity: z.array(OsvSeverity).optional(),
  affected: z.array(OsvAffected).optional(),
  references: z.array(OsvReference).optional(),
  credits: z.unknown().optional(),
  database_specific: z.unknown().optional(),
});
export type Osv = z.infer<typeof Osv>;

/** Why a record was refused: the record's id when it has one, the JSON path and zod's message. */
export interface OsvProblem {
  id?: string;
  path: string;
  message: string;
}

/** Parse one OSV record; never throws. */
export function parseOsv(raw: unknown): { ok: true; osv: Osv } | { ok: false; problem: OsvProblem } {
  const r = Osv.safeParse(raw);
  if (r.success) return { ok: true, osv: r.data };
  const issue = r.error.issues[0];
  const id = typeof raw === 'object' && raw !== null && !Array.isArray(raw) && typeof (raw as { id?: unknown }).id === 'string' ? (raw as { id: string }).id : undefined;
  return {
    ok: false,
    problem: { ...(id ? { id } : {}), path: issue ? issue.path.map(String).join('.') || '(root)' : '(root)', message: issue?.message ?? 'not an OSV record' },
  };
}
