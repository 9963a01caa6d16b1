import { z } from 'zod';
import { dict } from '../../util/dict.js';

/**
 * Pipfile.lock (pipfile-spec 6), from the Pipfile project's format (https://github.com/pypa/pipfile, "Pipfile.lock")
 * and pipenv's documentation (https://pipenv.pypa.io/en/latest/pipfile.html): `_meta`, then one object per category
 * — `default` (installed by `pipenv install --deploy` / `pipenv sync`), `develop` (`--dev`), and, from pipenv
 * 2023.10, further categories named like their Pipfile section — each mapping a package name to its entry.
 */
export const PipenvEntry = z.looseObject({
  version: z.string().optional(),
  hashes: z.array(z.string()).optional(),
  markers: z.string().optional(),
  extras: z.array(z.string()).optional(),
  index: z.string().optional(),
  git: z.string().optional(),
  ref: z.string().optional(),
  editable: z.boolean().optional(),
  path: z.string().optional(),
  file: z.string().optional(),
  subdirectory: z.string().optional(),
});
export type PipenvEntry = z.infer<typeof PipenvEntry>;

export const PipfileLock = z.looseObject({
  _meta: z.looseObject({ 'pipfile-spec': z.number().optional() }).optional(),
  default: dict(PipenvEntry).optional(),
  develop: dict(PipenvEntry).optional(),
});
export type PipfileLock = z.infer<typeof PipfileLock>;

export const PipenvSection = dict(PipenvEntry);
