import { z } from 'zod';
import { Kind } from './classification.js';

/** One classification override: which components it matches, what it decides, and why. */
export const OverrideRule = z.object({
  match: z.string().min(1).describe('package name, glob with * (e.g. "@vitejs/*"), or a purl prefix (e.g. "pkg:npm/react@18")'),
  ecosystem: z.string().optional().describe('restrict to one OSV ecosystem, e.g. npm'),
  version: z.string().optional().describe('restrict to one exact version'),
  file: z.string().optional().describe('restrict to components evidenced by a file matching this glob, e.g. "ui/**"'),
  scope: z.enum(['runtime', 'optional', 'development', 'test', 'build']).optional().describe('restrict to components of this scope'),
  soup: z.boolean(),
  kind: Kind.optional(),
  branch: z.enum(['off-the-shelf', 'no-records']).nullable().optional(),
  reason: z.string().min(1).describe('why: it shows in every output next to the decision'),
}).strict();
export type OverrideRule = z.infer<typeof OverrideRule>;

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD').refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'not a calendar date');

/** An item no file shows: a commercial SDK, BSP, RTOS, cloud service, subcontractor module or hardware firmware. */
export const DeclaredItem = z.object({
  name: z.string().min(1),
  version: z.string().min(1).describe('the exact version (no ranges): the unit of assessment'),
  kind: Kind.exclude(['first-party', 'tool', 'legacy-code']).default('commercial-sdk'),
  supplier: z.string().optional(),
  license: z.string().optional().describe('SPDX expression, or the licence name (e.g. "LicenseRef-Proprietary")'),
  purl: z.string().optional(),
  cpe: z.string().optional().describe('CPE 2.3 name, for NVD vulnerability matching'),
  url: z.string().optional().describe('vendor or download page'),
  description: z.string().optional(),
  paths: z.array(z.string()).optional().describe('where it lives in the repository, if anywhere (globs)'),
  firmware: z.boolean().optional().describe('true: firmware inside a hardware component that the device software cannot call (not SOUP; say why in reason)'),
  contract: z.object({
    reference: z.string().min(1).describe('the contract or agreement id'),
    iec62304Records: z.boolean().describe('true only when the supplier develops under IEC 62304 AND the contract gives you access to their development records'),
    note: z.string().optional(),
  }).strict().optional(),
  reason: z.string().optional().describe('why it is in the device / why it is (not) SOUP'),
}).strict();
export type DeclaredItem = z.infer<typeof DeclaredItem>;

/** First-party code without adequate IEC 62304 records: older than the QMS, acquired, or ported. */
export const LegacyItem = z.object({
  path: z.string().min(1).describe('repository-relative folder or file (no globs)'),
  name: z.string().optional().describe('display name; defaults to the path'),
  origin: z.string().optional().describe('for ported code: where it comes from (product, version, organisation)'),
  reason: z.string().min(1).describe('why it has no adequate records'),
}).strict();
export type LegacyItem = z.infer<typeof LegacyItem>;

export const Config = z.object({
  device: z.object({
    name: z.string().optional(),
    version: z.string().optional(),
    manufacturer: z.string().optional(),
  }).strict().optional(),
  scan: z.object({
    exclude: z.array(z.string()).optional().describe('extra gitignore-style patterns to skip'),
  }).strict().optional(),
  overrides: z.array(OverrideRule).optional(),
  qms: z.object({
    effectiveDate: IsoDate.optional().describe('the date your IEC 62304 process took effect: older first-party code is a branch-2 (no records) candidate'),
  }).passthrough().optional(),
  declared: z.array(DeclaredItem).optional().describe('items no file shows: commercial SDKs, BSPs, RTOS, cloud services, subcontractor modules, hardware firmware'),
  legacy: z.array(LegacyItem).optional().describe('first-party code developed without IEC 62304 records (legacy, acquired, ported): branch-2 SOUP'),
}).passthrough();
export type Config = z.infer<typeof Config>;
