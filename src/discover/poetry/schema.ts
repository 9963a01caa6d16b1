import { z } from 'zod';
import { dict } from '../../util/dict.js';

/**
 * poetry.lock, as Poetry writes it. Facts from Poetry's locker (poetry/packages/locker.py) as documented in
 * fixtures/README.md: lock-version 1.x keeps `category = "main" | "dev"` per package and the file hashes in
 * `[metadata.files]`; 2.0 (Poetry 1.5–1.8) drops `category` and keeps `files = [{file, hash}]` per package;
 * 2.1 (Poetry 2) adds `groups = [...]` and `markers`.
 */

const FileHash = z.looseObject({ file: z.string().optional(), hash: z.string().optional() });

const DepTable = z.looseObject({
  version: z.string().optional(),
  markers: z.string().optional(),
  optional: z.boolean().optional(),
  extras: z.array(z.string()).optional(),
});
const DepSpec = z.union([z.string(), DepTable, z.array(z.union([z.string(), DepTable]))]);
export type PoetryDepSpec = z.infer<typeof DepSpec>;

export const PoetrySource = z.looseObject({
  type: z.string(),
  url: z.string().optional(),
  reference: z.string().optional(),
  resolved_reference: z.string().optional(),
  subdirectory: z.string().optional(),
});
export type PoetrySource = z.infer<typeof PoetrySource>;

export const PoetryPackage = z.looseObject({
  name: z.string().min(1),
  version: z.string(),
  category: z.string().optional(),
  groups: z.array(z.string()).optional(),
  optional: z.boolean().optional(),
  markers: z.union([z.string(), dict(z.string())]).optional(),
  files: z.array(FileHash).optional(),
  dependencies: dict(DepSpec).optional(),
  extras: dict(z.array(z.string())).optional(),
  source: PoetrySource.optional(),
  /** the package's Requires-Python ("*" when it states none); read leniently, never rejected */
  'python-versions': z.unknown().optional(),
});
export type PoetryPackage = z.infer<typeof PoetryPackage>;

export const PoetryLock = z.looseObject({
  package: z.array(PoetryPackage).optional(),
  metadata: z
    .looseObject({
      'lock-version': z.string().optional(),
      'content-hash': z.string().optional(),
      files: dict(z.array(FileHash)).optional(),
    })
    .optional(),
});
export type PoetryLock = z.infer<typeof PoetryLock>;
