import { z } from 'zod';
import { dict } from '../../util/dict.js';

/**
 * Conan 2 lockfile (conan.lock, "version": "0.5"), as `conan lock create` writes it
 * (https://docs.conan.io/2/tutorial/versioning/lockfiles.html): flat lists of full references
 * "name/version[@user/channel]#rrev%timestamp", newest first.
 */
export const Conan2Lock = z.looseObject({
  version: z.string(),
  requires: z.array(z.string()).optional(),
  build_requires: z.array(z.string()).optional(),
  python_requires: z.array(z.string()).optional(),
  config_requires: z.array(z.string()).optional(),
});
export type Conan2Lock = z.infer<typeof Conan2Lock>;

/** Node ids: a list (lockfile 0.4), or an object reference → id (0.1–0.3). */
const ids = z.union([z.array(z.string()), dict(z.string()).transform((m) => [...m.values()])]).optional();

/** One node of a Conan 1 lockfile's graph ("0" is the consumer: the conanfile itself). */
export const Conan1Node = z.looseObject({
  ref: z.string().optional(),
  pref: z.string().optional(),
  path: z.string().optional(),
  requires: ids,
  build_requires: ids,
  python_requires: z.unknown().optional(),
  context: z.string().optional(),
});
export type Conan1Node = z.infer<typeof Conan1Node>;

/**
 * Conan 1 lockfile (conan.lock, "version": "0.2"–"0.4", written by `conan lock create` / `conan install
 * --lockfile-out`; https://docs.conan.io/1/versioning/lockfiles/introduction.html): `graph_lock.nodes` keyed by id.
 */
export const Conan1Lock = z.looseObject({
  version: z.string().optional(),
  graph_lock: z.looseObject({
    nodes: dict(Conan1Node),
  }),
});
export type Conan1Lock = z.infer<typeof Conan1Lock>;
