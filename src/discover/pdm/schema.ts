import { z } from 'zod';
import { dict } from '../../util/dict.js';

/**
 * pdm.lock, as PDM 2 writes it (lock_version 4.x), from PDM's documentation ("Lock file",
 * https://pdm-project.org/en/latest/usage/lockfile/) and real lockfiles (fixtures/README.md): `[metadata]` with the
 * locked `groups`, then `[[package]]` entries with `name`, `version`, `dependencies` (PEP 508 strings), `files`
 * (`{file|url, hash}`), per-package `groups` (with the inherit_metadata strategy, PDM ≥ 2.11) and `marker`, and for
 * non-registry packages `git`/`ref`/`revision`, `url`, `path`, `editable`. An entry with `extras` is the same
 * distribution installed with those extras. Older lock_version 3.x kept the hashes in `[metadata.files]` keyed
 * "name version".
 */

const FileHash = z.looseObject({ file: z.string().optional(), url: z.string().optional(), hash: z.string().optional() });

export const PdmPackage = z.looseObject({
  name: z.string().min(1),
  version: z.string().optional(),
  groups: z.array(z.string()).optional(),
  marker: z.string().optional(),
  extras: z.array(z.string()).optional(),
  dependencies: z.array(z.string()).optional(),
  files: z.array(FileHash).optional(),
  git: z.string().optional(),
  ref: z.string().optional(),
  revision: z.string().optional(),
  url: z.string().optional(),
  path: z.string().optional(),
  editable: z.boolean().optional(),
  /** the package's Requires-Python (PDM writes it when the package states one); read leniently, never rejected */
  requires_python: z.unknown().optional(),
});
export type PdmPackage = z.infer<typeof PdmPackage>;

export const PdmLock = z.looseObject({
  metadata: z
    .looseObject({
      groups: z.array(z.string()).optional(),
      lock_version: z.string().optional(),
      files: dict(z.array(FileHash)).optional(),
    })
    .optional(),
  package: z.array(PdmPackage).optional(),
});
export type PdmLock = z.infer<typeof PdmLock>;
