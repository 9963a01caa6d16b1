import { z } from 'zod';
import { Branch, Kind } from './classification.js';

/** Where a component is pulled into the device, in the package manager's terms. */
export const Scope = z.enum(['runtime', 'optional', 'development', 'test', 'build']);
export type Scope = z.infer<typeof Scope>;

/** One place in the repository that shows the component: a file and a line, or a key inside it. */
export const Evidence = z.object({
  file: z.string().describe('repository-relative POSIX path'),
  line: z.number().int().positive().optional(),
  key: z.string().optional().describe('the key or locator inside the file, e.g. "packages[node_modules/ws]"'),
  source: z.string().describe('id of the source that read the file, e.g. "npm"'),
});
export type Evidence = z.infer<typeof Evidence>;

export const HashAlgorithm = z.enum(['MD5', 'SHA-1', 'SHA-256', 'SHA-384', 'SHA-512', 'SHA3-256', 'SHA3-512', 'BLAKE2b-256', 'BLAKE2b-512', 'BLAKE3']);
export type HashAlgorithm = z.infer<typeof HashAlgorithm>;
export const Hash = z.object({ alg: HashAlgorithm, content: z.string().regex(/^[0-9a-f]+$/, 'lower-case hex') });
export type Hash = z.infer<typeof Hash>;

/** A licence: a valid SPDX expression, or (when the declared text is not SPDX) the declared name as-is. */
export const License = z.union([
  z.object({ expression: z.string().min(1) }).strict(),
  z.object({ name: z.string().min(1) }).strict(),
]);
export type License = z.infer<typeof License>;

/** How the package manager obtained it: a registry, or a source that identifies it instead of the version. */
export const Origin = z.object({
  type: z.enum(['registry', 'git', 'tarball', 'file', 'link', 'workspace', 'vendored', 'declared', 'unknown'])
    .describe('registry: a package registry or OS archive; git; tarball: a download URL; file/link: a local path outside the repo\'s workspaces; workspace: this repository; vendored: code copied into the repository; declared: named in tureen.config.yaml'),
  url: z.string().optional(),
  ref: z.string().optional().describe('commit, tag or branch for git; path for file/link'),
});
export type Origin = z.infer<typeof Origin>;

export const Property = z.object({ name: z.string().min(1), value: z.string() });
export type Property = z.infer<typeof Property>;

/** A classification decided by the source (only the config's declared items do this). */
export const SourceDecision = z.object({
  soup: z.boolean(),
  branch: Branch,
  rule: z.string(),
  rationale: z.string(),
});
export type SourceDecision = z.infer<typeof SourceDecision>;

export const Component = z.object({
  key: z.string().describe('identity inside one scan: the purl, qualifiers included'),
  ecosystem: z.string().min(1).describe("OSV ecosystem name, e.g. 'npm', 'PyPI', 'Maven', 'Debian:12'"),
  name: z.string().min(1).describe("name in OSV's naming for the ecosystem (npm: '@scope/name')"),
  version: z.string().describe('exact version; empty only for first-party packages that declare none, or for declared ranges (see findings)'),
  purl: z.string(),
  cpe: z.string().optional(),
  licenses: z.array(License),
  supplier: z.string().optional(),
  hashes: z.array(Hash),
  scope: Scope,
  direct: z.boolean().describe('declared by a root (the project or a workspace) itself'),
  firstParty: z.boolean().describe('developed in this repository (the root project or a workspace package)'),
  origin: Origin,
  paths: z.array(z.array(z.string())).describe('dependency paths from each root, as name@version, shortest first, root first'),
  dependencies: z.array(z.string()).describe('keys of the components this one depends on'),
  evidence: z.array(Evidence).min(1),
  kind: Kind.optional().describe('what the source knows the item to be (os-package, ml-model, container-image, vendored-code …); classification uses it'),
  sourceName: z.string().optional().describe('the source package it was built from (Debian/Alpine source package), when it differs from name'),
  description: z.string().optional(),
  properties: z.array(Property).optional().describe('further facts from the source, as name/value pairs (e.g. "go:toolchain", "model:format")'),
  decision: SourceDecision.optional().describe('a decision the source itself makes (declared items in the config); replaces the default rules, not overrides'),
});
export type Component = z.infer<typeof Component>;
