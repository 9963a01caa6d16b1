import { z } from 'zod';

/**
 * SPDX 2.x JSON, the parts Tureen reads (SPDX 2.3 spec, https://spdx.github.io/spdx-spec/v2.3/, and its JSON
 * schema spdx-schema.json). Packages and relationships are checked one at a time so that one odd entry names
 * itself in the error. Unknown fields are kept (looseObject) and ignored.
 */

const str = z.string();

export const SpdxPackageJson = z.looseObject({
  SPDXID: str,
  name: str,
  versionInfo: str.optional(),
  supplier: str.optional(),
  originator: str.optional(),
  downloadLocation: str.optional(),
  licenseConcluded: str.optional(),
  licenseDeclared: str.optional(),
  checksums: z.array(z.looseObject({ algorithm: str, checksumValue: str })).optional(),
  externalRefs: z.array(z.looseObject({ referenceCategory: str, referenceType: str, referenceLocator: str })).optional(),
  primaryPackagePurpose: str.optional(),
  description: str.optional(),
  summary: str.optional(),
});
export type SpdxPackageJson = z.infer<typeof SpdxPackageJson>;

export const SpdxRelationshipJson = z.looseObject({
  spdxElementId: str,
  relationshipType: str,
  relatedSpdxElement: str,
});

export const SpdxDocumentJson = z.looseObject({
  spdxVersion: str,
  SPDXID: str.optional(),
  name: str.optional(),
  documentDescribes: z.array(str).optional(),
  packages: z.array(z.unknown()).optional(),
  files: z.array(z.looseObject({ SPDXID: str.optional() })).optional(),
  snippets: z.array(z.looseObject({ SPDXID: str.optional() })).optional(),
  relationships: z.array(z.unknown()).optional(),
});

/** SPDX 3.0 JSON-LD: a context and a graph of elements (each checked where it is read, in spdx3.ts). */
export const Spdx3DocumentJson = z.looseObject({
  '@context': z.unknown(),
  '@graph': z.array(z.unknown()),
});
