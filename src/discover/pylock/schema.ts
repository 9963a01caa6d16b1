import { z } from 'zod';
import { dict } from '../../util/dict.js';

/**
 * pylock.toml / pylock.<name>.toml, written from the specification: PEP 751 and its living copy
 * https://packaging.python.org/en/latest/specifications/pylock-toml/ (lock-version 1.0). Each `[[packages]]`
 * entry has a `name`, an optional `version`, a `marker` (which may test `extras` and `dependency_groups`), and
 * exactly one source: `vcs`, `directory`, `archive`, or an `index` with `sdist` / `wheels`; files carry `hashes`
 * tables keyed by algorithm. A package's `requires-python` is its Requires-Python (the top-level one is the lock's).
 */
const Hashes = dict(z.string());
const FileRef = z.looseObject({ name: z.string().optional(), url: z.string().optional(), path: z.string().optional(), hashes: Hashes.optional() });

export const PylockPackage = z.looseObject({
  name: z.string().min(1),
  version: z.string().optional(),
  marker: z.string().optional(),
  /** the package's Requires-Python; read leniently, never rejected */
  'requires-python': z.unknown().optional(),
  index: z.string().optional(),
  vcs: z
    .looseObject({
      type: z.string(),
      url: z.string().optional(),
      path: z.string().optional(),
      'requested-revision': z.string().optional(),
      'commit-id': z.string().optional(),
      subdirectory: z.string().optional(),
    })
    .optional(),
  directory: z.looseObject({ path: z.string(), editable: z.boolean().optional(), subdirectory: z.string().optional() }).optional(),
  archive: FileRef.optional(),
  sdist: FileRef.optional(),
  wheels: z.array(FileRef).optional(),
});
export type PylockPackage = z.infer<typeof PylockPackage>;

export const Pylock = z.looseObject({
  'lock-version': z.string(),
  extras: z.array(z.string()).optional(),
  'dependency-groups': z.array(z.string()).optional(),
  'default-groups': z.array(z.string()).optional(),
  'created-by': z.string().optional(),
  packages: z.array(PylockPackage).optional(),
});
export type Pylock = z.infer<typeof Pylock>;
