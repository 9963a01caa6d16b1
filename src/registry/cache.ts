import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../util/fs.js';
import type { PackageMetadata, RegistryItem } from './types.js';

/** Entries older than this are fetched again (unless offline). */
export const DEFAULT_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;

/** The cache folder of a repository: <repo>/.tureen/cache/registry. */
export function registryCacheDir(repoRoot: string): string {
  return join(repoRoot, '.tureen', 'cache', 'registry');
}

const Metadata = z.object({
  supplier: z.string().optional(),
  license: z.string().optional(),
  sourceUrl: z.string().optional(),
  homepage: z.string().optional(),
  releaseDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  deprecated: z.string().optional(),
  yanked: z.boolean().optional(),
  prerequisites: z.object({ hardware: z.array(z.string()).optional(), software: z.array(z.string()).optional() }).strict().optional(),
  registry: z.string(),
  fetchedAt: z.string(),
}).strict();

const Entry = z.object({
  format: z.literal(1),
  ecosystem: z.string(),
  name: z.string(),
  version: z.string(),
  fetchedAt: z.string().datetime(),
  /** false: the registry answered "not found" (cached too, so that a missing package is not asked for on every run). */
  found: z.boolean(),
  metadata: Metadata.optional(),
}).strict();
export type CacheEntry = z.infer<typeof Entry>;

export interface CacheHit {
  entry: CacheEntry;
  /** Younger than the max age. */
  fresh: boolean;
}

/**
 * A file per package version under `dir`, named by the SHA-256 of [ecosystem, name, version] (no package name
 * reaches the file system), written atomically. An unreadable or foreign entry is a miss, never an error.
 */
export class RegistryCache {
  private readonly maxAgeMs: number;
  private readonly now: () => Date;

  constructor(readonly dir: string, opts: { maxAgeMs?: number; now?: () => Date } = {}) {
    this.maxAgeMs = opts.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
    this.now = opts.now ?? (() => new Date());
  }

  fileFor(item: RegistryItem): string {
    const hash = createHash('sha256').update(JSON.stringify([item.ecosystem, item.name, item.version])).digest('hex');
    return join(this.dir, `${hash}.json`);
  }

  read(item: RegistryItem): CacheHit | undefined {
    let raw: string;
    try {
      raw = readFileSync(this.fileFor(item), 'utf8');
    } catch {
      return undefined;
    }
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return undefined;
    }
    const parsed = Entry.safeParse(json);
    if (!parsed.success) return undefined;
    const e = parsed.data;
    if (e.ecosystem !== item.ecosystem || e.name !== item.name || e.version !== item.version) return undefined;
    if (e.found !== (e.metadata !== undefined)) return undefined;
    const age = this.now().getTime() - Date.parse(e.fetchedAt);
    return { entry: e, fresh: age >= 0 && age < this.maxAgeMs };
  }

  /** Record an answer: the metadata, or undefined for "not found". */
  write(item: RegistryItem, metadata: PackageMetadata | undefined, fetchedAt: string = this.now().toISOString()): void {
    mkdirSync(this.dir, { recursive: true });
    const entry: CacheEntry = {
      format: 1,
      ecosystem: item.ecosystem,
      name: item.name,
      version: item.version,
      fetchedAt,
      found: metadata !== undefined,
      ...(metadata ? { metadata } : {}),
    };
    writeFileAtomic(this.fileFor(item), `${JSON.stringify(entry, null, 2)}\n`);
  }
}
