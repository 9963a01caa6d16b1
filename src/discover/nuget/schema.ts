import { z } from 'zod';
import { dict } from '../../util/dict.js';

/**
 * packages.lock.json, as NuGet writes it (NuGet.Client PackagesLockFileFormat, version 1 and 2):
 *   { "version": 1|2, "dependencies": { "<tfm>[/<rid>]": { "<id>": {
 *       "type": "Direct"|"Transitive"|"Project"|"CentralTransitive", "requested"?: "[1.0.0, )",
 *       "resolved"?: "1.0.0", "contentHash"?: base64 SHA-512, "dependencies"?: { "<id>": "<range>" } } } } }
 */
export const LockEntry = z.looseObject({
  type: z.string(),
  requested: z.string().optional(),
  resolved: z.string().optional(),
  contentHash: z.string().optional(),
  dependencies: dict(z.string()).optional(),
});
export type LockEntry = z.infer<typeof LockEntry>;

export const PackagesLock = z.looseObject({
  version: z.number().int().positive(),
  dependencies: dict(dict(LockEntry)),
});

/** packages.config: <packages><package id version targetFramework developmentDependency /></packages> */
export const ConfigPackage = z.looseObject({
  '@_id': z.string().min(1),
  '@_version': z.string().optional(),
  '@_targetFramework': z.string().optional(),
  '@_developmentDependency': z.string().optional(),
});
export const PackagesConfig = z.looseObject({
  packages: z.union([z.looseObject({ package: z.array(ConfigPackage).optional() }), z.literal('')]),
});
