import { z } from 'zod';

export const Severity = z.enum(['error', 'warning', 'info']);
export type Severity = z.infer<typeof Severity>;

export const Finding = z.object({
  rule: z.string().describe('stable id, e.g. "input.malformed", "version.range"'),
  severity: Severity,
  message: z.string(),
  file: z.string().optional(),
  line: z.number().int().positive().optional(),
  item: z.string().optional().describe('component key the finding is about'),
  path: z.array(z.union([z.string(), z.number()])).optional().describe('where in the record the finding points, e.g. ["vulnerabilityReview", "entries", 0] (check findings)'),
  fix: z.string().describe('what to do about it'),
});
export type Finding = z.infer<typeof Finding>;
