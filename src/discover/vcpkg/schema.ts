import { z } from 'zod';
import { dict } from '../../util/dict.js';

/**
 * vcpkg's manifest (vcpkg.json) and configuration (vcpkg-configuration.json), as documented in
 * https://learn.microsoft.com/vcpkg/reference/vcpkg-json and https://learn.microsoft.com/vcpkg/reference/vcpkg-configuration-json.
 * Only the fields that name dependencies and their versions are checked; the rest passes through.
 */
const str = z.string();

export const FeatureRef = z.union([str, z.looseObject({ name: str, platform: str.optional() })]);

export const Dependency = z.union([
  str,
  z.looseObject({
    name: str,
    'version>=': str.optional(),
    features: z.array(FeatureRef).optional(),
    'default-features': z.boolean().optional(),
    host: z.boolean().optional(),
    platform: str.optional(),
  }),
]);
export type Dependency = z.infer<typeof Dependency>;

export const Override = z.looseObject({
  name: str,
  version: str.optional(),
  'version-semver': str.optional(),
  'version-date': str.optional(),
  'version-string': str.optional(),
  'port-version': z.number().int().nonnegative().optional(),
});
export type Override = z.infer<typeof Override>;

export const Registry = z.looseObject({
  kind: str,
  repository: str.optional(),
  baseline: str.optional(),
  path: str.optional(),
  reference: str.optional(),
  packages: z.array(str).optional(),
});
export type Registry = z.infer<typeof Registry>;

export const Configuration = z.looseObject({
  'default-registry': z.union([Registry, z.null()]).optional(),
  registries: z.array(Registry).optional(),
  'overlay-ports': z.array(str).optional(),
});
export type Configuration = z.infer<typeof Configuration>;

export const Manifest = z.looseObject({
  name: str.optional(),
  version: str.optional(),
  'version-semver': str.optional(),
  'version-date': str.optional(),
  'version-string': str.optional(),
  dependencies: z.array(Dependency).optional(),
  'default-features': z.array(FeatureRef).optional(),
  features: dict(z.looseObject({ description: z.unknown().optional(), dependencies: z.array(Dependency).optional() })).optional(),
  overrides: z.array(Override).optional(),
  'builtin-baseline': str.optional(),
  'vcpkg-configuration': Configuration.optional(),
});
export type Manifest = z.infer<typeof Manifest>;
