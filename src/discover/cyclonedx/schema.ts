import { z } from 'zod';

/**
 * CycloneDX 1.2–1.6 JSON, the parts Tureen reads (https://cyclonedx.org/docs/1.6/json/). Components are
 * checked one at a time (not as one recursive schema) so that nesting depth is bounded by the extractor,
 * never by the call stack. Unknown fields are kept (looseObject) and ignored.
 */

const str = z.string();

export const CdxLicenseChoice = z.looseObject({
  license: z.looseObject({ id: str.optional(), name: str.optional(), url: str.optional() }).optional(),
  expression: str.optional(),
});

export const CdxComponentJson = z.looseObject({
  type: str.optional(),
  'bom-ref': str.optional(),
  name: str,
  group: str.optional(),
  version: str.optional(),
  description: str.optional(),
  purl: str.optional(),
  cpe: str.optional(),
  scope: str.optional(),
  supplier: z.looseObject({ name: str.optional() }).optional(),
  manufacturer: z.looseObject({ name: str.optional() }).optional(),
  publisher: str.optional(),
  author: str.optional(),
  authors: z.array(z.looseObject({ name: str.optional() })).optional(),
  hashes: z.array(z.looseObject({ alg: str, content: str })).optional(),
  licenses: z.array(CdxLicenseChoice).optional(),
  externalReferences: z.array(z.looseObject({ type: str, url: str })).optional(),
  properties: z.array(z.looseObject({ name: str, value: str.optional() })).optional(),
  components: z.array(z.unknown()).optional(),
});
export type CdxComponentJson = z.infer<typeof CdxComponentJson>;

export const CdxDependencyJson = z.looseObject({
  ref: str,
  dependsOn: z.array(str).optional(),
});

export const CdxBomJson = z.looseObject({
  bomFormat: z.literal('CycloneDX'),
  specVersion: str,
  metadata: z.looseObject({ component: z.unknown().optional(), tools: z.unknown().optional() }).optional(),
  components: z.array(z.unknown()).optional(),
  dependencies: z.array(z.unknown()).optional(),
});
