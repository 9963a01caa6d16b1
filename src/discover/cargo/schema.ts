import { z } from 'zod';

/**
 * Cargo.lock as cargo writes it (cargo's src/cargo/core/resolver/encode.rs, `EncodableResolve`), every version:
 *  - v1 (no `version` key, cargo < 1.41 or rust-version < 1.41): dependencies are "name version (source)" and the
 *    registry checksums live in `[metadata]` as `"checksum name version (source)" = "<hex>"`; the oldest files have
 *    the root package in a `[root]` table;
 *  - v2 (no `version` key): dependencies are "name", "name version" or "name version (source)", only as long as
 *    needed to be unique, and each package has its own `checksum`;
 *  - v3 (`version = 3`): as v2, git sources keep their `?branch=`/`?tag=`/`?rev=` spelling;
 *  - v4 (`version = 4`): as v3, with the query of git sources percent-encoded.
 * The real files in ./fixtures (written by cargo 1.95 for each version) show every shape.
 */
export const CargoPackage = z.looseObject({
  name: z.string().min(1),
  version: z.string().min(1),
  source: z.string().optional(),
  checksum: z.string().optional(),
  dependencies: z.array(z.string()).optional(),
  replace: z.string().optional(),
});
export type CargoPackage = z.infer<typeof CargoPackage>;

export const CargoLock = z.looseObject({
  version: z.number().int().optional(),
  root: CargoPackage.optional(),
  package: z.array(CargoPackage).optional(),
  // read key by key in extract.ts (its keys are data: "checksum <name> <version> (<source>)")
  metadata: z.unknown().optional(),
});
export type CargoLock = z.infer<typeof CargoLock>;

/** One dependency of a Cargo.toml dependency table: a version requirement, or a table. */
export const CargoDependency = z.union([
  z.string(),
  z.looseObject({
    version: z.string().optional(),
    path: z.string().optional(),
    git: z.string().optional(),
    package: z.string().optional(),
    optional: z.boolean().optional(),
    workspace: z.boolean().optional(),
  }),
]);
export type CargoDependency = z.infer<typeof CargoDependency>;
