import { z } from 'zod';
import { dict } from '../../util/dict.js';

/**
 * composer.lock as Composer 2 writes it: `packages` (installed by `composer install --no-dev`) and `packages-dev`,
 * each an array of package objects (name, version, source/dist with type/url/reference, dist.shasum, require,
 * type, license …), plus `platform` requirements. composer.json: name, version, require, require-dev.
 */
const Ref = z.looseObject({
  type: z.string().optional(),
  url: z.string().optional(),
  reference: z.string().nullish(),
  shasum: z.string().nullish(),
});

/**
 * A lock entry's `require`: its dependencies and its platform prerequisites (php, ext-*, lib-*). Read leniently: an
 * empty one written as [] is empty, and one of another shape says nothing rather than rejecting the lockfile.
 */
const lockRequire = z
  .union([dict(z.unknown()), z.array(z.unknown()).transform(() => new Map<string, unknown>())])
  .nullish()
  .catch(undefined);

export const ComposerPackage = z.looseObject({
  name: z.string().min(1),
  version: z.union([z.string(), z.number()]).transform(String),
  source: Ref.nullish(),
  dist: Ref.nullish(),
  require: lockRequire,
  type: z.string().optional(),
  license: z.union([z.string(), z.array(z.string())]).nullish(),
  description: z.string().nullish(),
});
export type ComposerPackage = z.infer<typeof ComposerPackage>;

export const ComposerLock = z.looseObject({
  packages: z.array(ComposerPackage),
  'packages-dev': z.array(ComposerPackage).nullish(),
});

/** Arrays: composer writes an empty require as [] in some versions. */
const deps = z.union([dict(z.unknown()), z.array(z.unknown()).transform(() => new Map<string, unknown>())]).nullish();

export const ComposerJson = z.looseObject({
  name: z.string().optional(),
  version: z.string().optional(),
  description: z.string().optional(),
  license: z.union([z.string(), z.array(z.string())]).nullish(),
  require: deps,
  'require-dev': deps,
});
export type ComposerJson = z.infer<typeof ComposerJson>;
