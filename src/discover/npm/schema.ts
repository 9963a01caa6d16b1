import { z } from 'zod';
import { dict } from '../../util/dict.js';

/**
 * The parts of npm's package-lock.json / npm-shrinkwrap.json that Tureen reads
 * (https://docs.npmjs.com/cli/configuring-npm/package-lock-json). Every map keyed by package names or
 * install locations is a `dict` (a Map), so names such as "__proto__" stay data. Fields Tureen does
 * not use are ignored, whatever their shape.
 */

const flag = z.boolean().optional();
const deps = dict(z.string()).optional();

/** One entry of the v2/v3 `packages` map (keys: "" root, "node_modules/a", "packages/ui", …). */
export const PackageEntry = z.object({
  name: z.string().optional(),
  version: z.string().optional(),
  resolved: z.string().optional(),
  integrity: z.string().optional(),
  link: flag,
  dev: flag,
  optional: flag,
  devOptional: flag,
  peer: flag,
  inBundle: flag,
  extraneous: flag,
  /** a string in npm's output; older packages declared objects or arrays, which licensesFrom understands */
  license: z.unknown().optional(),
  dependencies: deps,
  optionalDependencies: deps,
  peerDependencies: deps,
  peerDependenciesMeta: dict(z.object({ optional: z.boolean().optional() })).optional(),
  devDependencies: deps,
  /** platform prerequisites (npm 7+ copies them from the package's manifest); read leniently, never rejected */
  engines: z.unknown().optional(),
  os: z.unknown().optional(),
  cpu: z.unknown().optional(),
  libc: z.unknown().optional(),
  workspaces: z.union([z.array(z.string()), z.object({ packages: z.array(z.string()).optional() })]).optional(),
});
export type PackageEntry = z.infer<typeof PackageEntry>;

/**
 * One entry of the v1 `dependencies` tree. Its children are checked one level at a time by the
 * extractor (an explicit walk, so a deeply nested file cannot exhaust the stack).
 */
export const V1Entry = z.object({
  version: z.string().optional(),
  resolved: z.string().optional(),
  integrity: z.string().optional(),
  from: z.string().optional(),
  dev: flag,
  optional: flag,
  bundled: flag,
  requires: z.union([dict(z.string()), z.boolean()]).optional(),
  dependencies: dict(z.unknown()).optional(),
});
export type V1Entry = z.infer<typeof V1Entry>;

/** The top level; `packages` entries are checked one by one so an error can name the entry. */
export const Lockfile = z.object({
  name: z.string().optional(),
  version: z.string().optional(),
  lockfileVersion: z.number().int().min(1),
  packages: dict(z.unknown()).optional(),
  dependencies: dict(z.unknown()).optional(),
});
export type Lockfile = z.infer<typeof Lockfile>;

/** The fields of a package.json beside the lockfile that Tureen reads (root name and, for v1, root edges). */
export const Manifest = z.object({
  name: z.string().optional(),
  version: z.string().optional(),
  dependencies: deps,
  optionalDependencies: deps,
  devDependencies: deps,
  peerDependencies: deps,
});
export type Manifest = z.infer<typeof Manifest>;
