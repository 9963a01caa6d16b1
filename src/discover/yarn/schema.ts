import { z } from 'zod';
import { dict } from '../../util/dict.js';

/**
 * One entry of a yarn v1 lockfile, after @yarnpkg/parsers has read it:
 *
 *   "name@^1.0.0", "name@^1.1.0":
 *     version "1.2.3"
 *     resolved "https://registry.yarnpkg.com/name/-/name-1.2.3.tgz#<sha1>"
 *     integrity sha512-...
 *     dependencies:
 *       dep "^2.0.0"
 *     optionalDependencies:
 *       fsevents "~2.1.2"
 *
 * Dependency maps are Maps (names are data). Unknown fields (uid, …) are ignored.
 */
export const V1Entry = z.object({
  version: z.string({ message: 'missing its "version"' }).min(1, 'has an empty "version"'),
  resolved: z.string().optional(),
  integrity: z.string().optional(),
  dependencies: dict(z.string()).optional(),
  optionalDependencies: dict(z.string()).optional(),
});
export type V1Entry = z.infer<typeof V1Entry>;
