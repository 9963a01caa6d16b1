import { z } from 'zod';
import { dict } from '../../util/dict.js';

/**
 * uv.lock (version 1, revisions 1–3), from uv's documentation of the lockfile ("uv.lock is a human-readable TOML
 * file", https://docs.astral.sh/uv/concepts/projects/layout/#the-lockfile) and the lockfiles in the corpus and
 * fixtures. Every `[[package]]` names its `source` (registry | git | editable | virtual | directory | path | url);
 * `dependencies` are `{ name, version?, source?, extra?, marker? }`; extras and dependency groups of a package are
 * `[package.optional-dependencies]` and `[package.dev-dependencies]`; `sdist` / `wheels` carry `hash = "sha256:…"`.
 */

export const UvDep = z.looseObject({
  name: z.string().min(1),
  version: z.string().optional(),
  extra: z.array(z.string()).optional(),
  marker: z.string().optional(),
});
export type UvDep = z.infer<typeof UvDep>;

export const UvSource = z.looseObject({
  registry: z.string().optional(),
  git: z.string().optional(),
  editable: z.string().optional(),
  virtual: z.string().optional(),
  directory: z.string().optional(),
  path: z.string().optional(),
  url: z.string().optional(),
  subdirectory: z.string().optional(),
});
export type UvSource = z.infer<typeof UvSource>;

const Artifact = z.looseObject({ url: z.string().optional(), path: z.string().optional(), hash: z.string().optional() });

export const UvPackage = z.looseObject({
  name: z.string().min(1),
  version: z.string().optional(),
  source: UvSource.optional(),
  dependencies: z.array(UvDep).optional(),
  'optional-dependencies': dict(z.array(UvDep)).optional(),
  'dev-dependencies': dict(z.array(UvDep)).optional(),
  sdist: Artifact.optional(),
  wheels: z.array(Artifact).optional(),
});
export type UvPackage = z.infer<typeof UvPackage>;

export const UvLock = z.looseObject({
  version: z.number().int(),
  revision: z.number().int().optional(),
  manifest: z.looseObject({ members: z.array(z.string()).optional() }).optional(),
  package: z.array(UvPackage).optional(),
});
export type UvLock = z.infer<typeof UvLock>;
