import { z } from 'zod';
import { dict } from '../../util/dict.js';

/**
 * pubspec.lock, as pub writes it (lib/src/lock_file.dart): `packages` keyed by package name, each with
 * `dependency` ("direct main" | "direct dev" | "direct overridden" | "transitive"), `description` (a map for
 * hosted/git/path, a bare string such as "flutter" for sdk), `source` (hosted | git | path | sdk) and `version`;
 * `sdks` gives the Dart/Flutter SDK constraints.
 */
export const PubPackage = z.looseObject({
  dependency: z.string(),
  description: z.union([z.string(), z.looseObject({
    name: z.string().optional(),
    url: z.string().optional(),
    sha256: z.string().optional(),
    path: z.string().optional(),
    ref: z.string().optional(),
    'resolved-ref': z.string().optional(),
    relative: z.boolean().optional(),
  })]),
  source: z.string(),
  version: z.union([z.string(), z.number()]).transform(String),
});
export type PubPackage = z.infer<typeof PubPackage>;

export const PubLock = z.looseObject({
  packages: dict(PubPackage).optional(),
  sdks: dict(z.string()).optional(),
});
