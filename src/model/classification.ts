import { z } from 'zod';

export const Kind = z.enum([
  'library', 'framework', 'operating-system', 'os-package', 'driver-bsp', 'cloud-sdk', 'ml-model',
  'commercial-sdk', 'vendored-code', 'legacy-code', 'container-image', 'tool', 'first-party',
  'cloud-service', 'subcontracted-module', 'firmware',
]);
export type Kind = z.infer<typeof Kind>;

/** The two IEC 62304 branches that make an item SOUP; null when it is not SOUP. */
export const Branch = z.enum(['off-the-shelf', 'no-records']).nullable();
export type Branch = z.infer<typeof Branch>;

export const Override = z.object({
  match: z.string().describe('the config pattern that matched'),
  reason: z.string(),
  file: z.string().describe('the config file that holds the override'),
});
export type Override = z.infer<typeof Override>;

export const Classification = z.object({
  soup: z.boolean(),
  branch: Branch,
  kind: Kind,
  rule: z.string().describe('id of the rule that decided, e.g. "npm.runtime"'),
  rationale: z.string().describe('the sentence that justifies the decision, citing the evidence'),
  override: Override.optional(),
});
export type Classification = z.infer<typeof Classification>;
