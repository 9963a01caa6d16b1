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
}).passthrough();
export type Config = z.infer<typeof Config>;
