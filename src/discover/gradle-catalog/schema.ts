import { z } from 'zod';
import { dict } from '../../util/dict.js';

/**
 * Gradle's version catalog (gradle/libs.versions.toml), per the Gradle user manual "Version Catalogs"
 * (https://docs.gradle.org/current/userguide/version_catalogs.html, "The version catalog TOML file format"):
 * [versions] (a string or a rich version), [libraries] (a "group:name:version" string, or a table with
 * module or group+name and version / version.ref), [bundles] (lists of library aliases), [plugins]
 * ("id:version" or a table with id and version / version.ref).
 */

export const RichVersion = z.looseObject({
  strictly: z.string().optional(),
  require: z.string().optional(),
  prefer: z.string().optional(),
  reject: z.array(z.string()).optional(),
  rejectAll: z.boolean().optional(),
  ref: z.string().optional(),
});
export type RichVersion = z.infer<typeof RichVersion>;

export const VersionSpec = z.union([z.string(), RichVersion]);
export type VersionSpec = z.infer<typeof VersionSpec>;

export const Library = z.union([
  z.string(),
  z.looseObject({
    module: z.string().optional(),
    group: z.string().optional(),
    name: z.string().optional(),
    version: VersionSpec.optional(),
  }),
]);
export type Library = z.infer<typeof Library>;

export const Plugin = z.union([
  z.string(),
  z.looseObject({ id: z.string(), version: VersionSpec.optional() }),
]);
export type Plugin = z.infer<typeof Plugin>;

export const Catalog = z.looseObject({
  versions: dict(VersionSpec).optional(),
  libraries: dict(Library).optional(),
  bundles: dict(z.array(z.string())).optional(),
  plugins: dict(Plugin).optional(),
});
export type Catalog = z.infer<typeof Catalog>;
