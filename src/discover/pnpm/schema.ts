import { z } from 'zod';
import { dict } from '../../util/dict.js';

/*
 * The shape of pnpm-lock.yaml, lockfileVersion 5.x, 6.0 and 9.0 (7.0/8.0 tolerated), as far as Tureen
 * reads it. The YAML is loaded with the failsafe schema, so every scalar is a string ("true", "5.3",
 * "1.10" stay as written: no version is ever turned into a number). Sections may be empty (null).
 * Maps keyed by package names or paths are `dict`s (JS Maps), so "__proto__" stays a plain key.
 */

const str = z.string();
/** A YAML boolean under the failsafe schema. */
const flag = z.enum(['true', 'false']);

export const Resolution = z.looseObject({
  integrity: str.optional(),
  tarball: str.optional(),
  commit: str.optional(),
  repo: str.optional(),
  type: str.optional(),
  directory: str.optional(),
  path: str.optional(),
});
export type Resolution = z.infer<typeof Resolution>;

const DepMap = dict(str).nullish();

/** An entry of `packages` (v5/v6: resolution + graph + flags; v9: resolution and metadata only). */
export const PackageEntry = z.looseObject({
  resolution: Resolution.nullish(),
  name: str.nullish(),
  version: str.nullish(),
  dependencies: DepMap,
  optionalDependencies: DepMap,
  dev: flag.nullish(),
  optional: flag.nullish(),
  /** platform prerequisites copied from the package's manifest; read leniently, never rejected */
  engines: z.unknown().optional(),
  cpu: z.unknown().optional(),
  os: z.unknown().optional(),
  libc: z.unknown().optional(),
});
export type PackageEntry = z.infer<typeof PackageEntry>;

/** An entry of v9 `snapshots`: one package with one set of peers, and what it depends on. */
export const Snapshot = z.looseObject({
  dependencies: DepMap,
  optionalDependencies: DepMap,
  optional: flag.nullish(),
});
export type Snapshot = z.infer<typeof Snapshot>;

/** v5: "1.2.3" (the specifier is in `specifiers`); v6/v9: { specifier, version }. */
const ImporterDep = z.union([str, z.looseObject({ specifier: str.nullish(), version: str })]);
export type ImporterDep = z.infer<typeof ImporterDep>;

const ImporterFields = {
  specifiers: DepMap,
  dependencies: dict(ImporterDep).nullish(),
  devDependencies: dict(ImporterDep).nullish(),
  optionalDependencies: dict(ImporterDep).nullish(),
};
export const Importer = z.looseObject(ImporterFields);
export type Importer = z.infer<typeof Importer>;

const CatalogEntry = z.looseObject({ specifier: str.nullish(), version: str.nullish() });

export const Lockfile = z.looseObject({
  lockfileVersion: str,
  importers: dict(Importer.nullish()).nullish(),
  // v5/v6 lockfiles of a single project keep the importer's fields at the top level
  ...ImporterFields,
  packages: dict(PackageEntry.nullish()).nullish(),
  snapshots: dict(Snapshot.nullish()).nullish(),
  catalogs: dict(dict(CatalogEntry.nullish()).nullish()).nullish(),
});
export type Lockfile = z.infer<typeof Lockfile>;
