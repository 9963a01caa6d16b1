import { z } from 'zod';
import { dict } from '../../util/dict.js';

/**
 * A yarn berry (v2, v3, v4) lockfile, as @yarnpkg/parsers reads it (js-yaml, FAILSAFE schema: every
 * scalar is a string):
 *
 *   __metadata:
 *     version: 8            # 4 = yarn 2, 6 = yarn 3, 8 = yarn 4.0, later yarn 4 releases write 9 or 10
 *     cacheKey: 10c0
 *
 *   "name@npm:^1.0.0, name@npm:^1.1.0":
 *     version: 1.2.3
 *     resolution: "name@npm:1.2.3"
 *     dependencies:
 *       dep: "npm:^2.0.0"          # yarn 2/3 write the range without "npm:"
 *     peerDependencies: { ... }
 *     dependenciesMeta:
 *       fsevents: { optional: true }
 *     checksum: 10c0/<hex>        # hash of yarn's cache zip, NOT of the registry tarball
 *     conditions: os=linux & cpu=x64 & libc=glibc   # yarn ≥ 3.2, from the manifest's os / cpu / libc
 *     languageName: node
 *     linkType: hard             # soft: workspaces, link:, portal:
 */

/** A scalar the YAML layer gives as a string; numbers/booleans accepted (other YAML loaders) as text. */
const Scalar = z.union([z.string(), z.number(), z.boolean()]).transform((v) => String(v));

export const Metadata = z.object({
  version: Scalar.pipe(z.string().regex(/^\d+$/, 'must be a whole number')),
  cacheKey: Scalar.optional(),
});

export const BerryEntry = z.object({
  version: Scalar.pipe(z.string().min(1, 'must not be empty')),
  resolution: z.string({ message: 'missing its "resolution"' }).min(1),
  dependencies: dict(Scalar).optional(),
  peerDependencies: dict(Scalar).optional(),
  dependenciesMeta: dict(z.unknown()).optional(),
  checksum: Scalar.optional(),
  languageName: Scalar.optional(),
  linkType: Scalar.optional(),
  /**
   * The platform the package is for, from its manifest's os / cpu / libc: "os=darwin & cpu=arm64",
   * "(os=linux | os=darwin)", "!os=win32". Read leniently (a value of another shape says nothing).
   */
  conditions: z.unknown().optional(),
});
export type BerryEntry = z.infer<typeof BerryEntry>;
