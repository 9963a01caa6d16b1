import { z } from 'zod';
import { dict } from '../../util/dict.js';

/**
 * The text lockfile of bun (bun.lock), as bun ≥ 1.1.39 writes it. Shapes from bun's writer
 * (src/install/lockfile/bun.lock.zig, `Stringifier`) and from lockfiles written by bun 1.1.45 (v0),
 * 1.2.23 (v1) and 1.4.5 (v2) in ./fixtures. Versions 1 and 2 have the same content (2 only makes
 * bun's own parser stricter); version 0 also keeps a dependency object on workspace entries.
 */

const deps = dict(z.string()).optional();

/** One entry of "workspaces": keyed by folder ("" = the root project). */
export const BunWorkspace = z.looseObject({
  name: z.string().optional(),
  version: z.string().optional(),
  dependencies: deps,
  devDependencies: deps,
  optionalDependencies: deps,
  peerDependencies: deps,
  optionalPeers: z.array(z.string()).optional(),
});
export type BunWorkspace = z.infer<typeof BunWorkspace>;

/**
 * Platform fields, as bun writes them from the package's manifest: one string ("darwin", "none" when no value bun
 * knows is allowed) or a list (with "!x" for an excluded x). Read leniently: an odd value is never a reason to
 * reject the lockfile; what is not a string or a list of strings says nothing.
 */
const platform = z.unknown().optional();

/** INFO object of a package entry: its dependencies, platform and binaries. */
export const BunPackageInfo = z.looseObject({
  dependencies: deps,
  devDependencies: deps,
  optionalDependencies: deps,
  peerDependencies: deps,
  optionalPeers: z.array(z.string()).optional(),
  os: platform,
  cpu: platform,
  /** not written by bun ≤ 1.4 (its lockfile types mark libc as to do); read when a later bun writes it */
  libc: platform,
  bundled: z.boolean().optional(),
});
export type BunPackageInfo = z.infer<typeof BunPackageInfo>;

/**
 * A package entry is an array whose first element is "name@resolution"; what follows depends on the
 * resolution kind (checked in extract.ts, per kind):
 *   npm        [ "name@1.2.3", registry-or-"", INFO, integrity ]
 *   tarball    [ "name@https://…/x.tgz" | "name@./x.tgz", INFO, integrity? ]
 *   folder     [ "name@file:path", INFO ]
 *   symlink    [ "name@link:path", INFO ]
 *   workspace  [ "name@workspace:path" ]            (v0: [ "name@workspace:path", INFO ])
 *   git        [ "name@git+url#ref", INFO, "<commit>", integrity? ]
 *   github     [ "name@github:owner/repo#ref", INFO, "<owner>-<repo>-<commit>", integrity? ]
 *   root       [ "name@root:", { bin } ]
 */
export const BunPackageEntry = z.array(z.unknown()).min(1, 'a package entry needs at least its "name@resolution"');

export const BunLock = z.looseObject({
  lockfileVersion: z.number().int().nonnegative(),
  configVersion: z.number().optional(),
  workspaces: dict(BunWorkspace),
  packages: dict(BunPackageEntry).optional(),
});
export type BunLock = z.infer<typeof BunLock>;
