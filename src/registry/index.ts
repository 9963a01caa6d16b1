import { TureenError } from '../model/errors.js';
import { RegistryCache } from './cache.js';
import { type ClientContext, climbs } from './client.js';
import { CRATES_BASE, cratesClient } from './crates.js';
import { GOPROXY_BASE, goClient } from './go.js';
import { HttpClient, type HttpOptions, Limiter } from '../net/http.js';
import { MAVEN_BASE, mavenClient } from './maven.js';
import { NPM_BASE, npmClient } from './npm.js';
import { NUGET_BASE, nugetClient } from './nuget.js';
import { PACKAGIST_BASE, packagistClient } from './packagist.js';
import { PYPI_BASE, pypiClient } from './pypi.js';
import { RUBYGEMS_BASE, rubygemsClient } from './rubygems.js';
import type { PackageMetadata, RegistryClient, RegistryItem } from './types.js';

export type { PackageMetadata, RegistryClient, RegistryItem } from './types.js';
export { RegistryError, isRegistryError, type HttpOptions } from '../net/http.js';
export { RegistryCache, registryCacheDir, DEFAULT_MAX_AGE_MS } from './cache.js';

/** The registries Tureen asks, by OSV ecosystem name, with their public base URLs. */
export const DEFAULT_BASE_URLS = {
  npm: NPM_BASE,
  PyPI: PYPI_BASE,
  'crates.io': CRATES_BASE,
  Maven: MAVEN_BASE,
  NuGet: NUGET_BASE,
  Packagist: PACKAGIST_BASE,
  RubyGems: RUBYGEMS_BASE,
  Go: GOPROXY_BASE,
} as const;
export type RegistryEcosystem = keyof typeof DEFAULT_BASE_URLS;

const FACTORIES: Record<RegistryEcosystem, (ctx: ClientContext) => RegistryClient> = {
  npm: npmClient,
  PyPI: pypiClient,
  'crates.io': cratesClient,
  Maven: mavenClient,
  NuGet: nugetClient,
  Packagist: packagistClient,
  RubyGems: rubygemsClient,
  Go: goClient,
};

/**
 * Per-registry request settings below the caller's: crates.io's crawler policy asks for at most one request a
 * second; Packagist asks for at most 10 concurrent requests.
 */
const REGISTRY_HTTP: Partial<Record<RegistryEcosystem, HttpOptions>> = {
  'crates.io': { concurrency: 1, minIntervalMs: 1000 },
  Packagist: { concurrency: 8 },
};

export function isRegistryEcosystem(ecosystem: string): ecosystem is RegistryEcosystem {
  return Object.prototype.hasOwnProperty.call(DEFAULT_BASE_URLS, ecosystem);
}

/** The key of an item in fetchMetadata's result: exact ecosystem, name and version. */
export function metadataKey(item: RegistryItem): string {
  return JSON.stringify([item.ecosystem, item.name, item.version]);
}

export interface FetchOptions {
  /** Cache folder: registryCacheDir(repoRoot). */
  cacheDir: string;
  /** The cache only: never a network request. Stale entries are used (their fetchedAt says how old). */
  offline: boolean;
  /** Base URL per ecosystem (a mirror, or a local test server); the others keep DEFAULT_BASE_URLS. */
  baseUrls?: Partial<Record<RegistryEcosystem, string>>;
  /** The clock (cache age, fetchedAt). */
  now?: () => Date;
  /** Cache entries older than this are fetched again. Default 7 days. */
  maxAgeMs?: number;
  /** Requests in flight at once, all registries together. Default 16. */
  concurrency?: number;
  /** Per registry: timeout, size cap, retries, concurrency (default 8), pacing, User-Agent. Overrides the built-in per-registry settings. */
  http?: HttpOptions;
}

export interface FetchFailure {
  item: RegistryItem;
  /** A RegistryError (network, HTTP status, malformed or too large answer), or a cache write error. */
  error: TureenError;
}

export interface FetchReport {
  metadata: Map<string, PackageMetadata>;
  /** Lookups that failed: `sync` reports each as a warning and keeps what the lockfile says. */
  failures: FetchFailure[];
  /** The registry does not know the package or this version. */
  notFound: RegistryItem[];
  /** Ecosystems with no registry client, items without an exact version, names or versions that are "."/".." path parts. */
  unsupported: RegistryItem[];
  /** Offline, and not in the cache. */
  notCached: RegistryItem[];
  /** Offline, answered from a cache entry older than the max age (its fetchedAt says when it was fetched). */
  stale: RegistryItem[];
  /** Answers taken from the cache, and answers fetched. */
  fromCache: number;
  fetched: number;
}

/**
 * Registry metadata of each item (deduplicated), from the cache when fresh, else from the item's registry; the
 * answer is cached (found or not found). Never throws for one item's failure: see `failures`.
 */
export async function fetchMetadataReport(items: readonly RegistryItem[], opts: FetchOptions): Promise<FetchReport> {
  const now = opts.now ?? (() => new Date());
  const cache = new RegistryCache(opts.cacheDir, { maxAgeMs: opts.maxAgeMs, now });
  const report: FetchReport = { metadata: new Map(), failures: [], notFound: [], unsupported: [], notCached: [], stale: [], fromCache: 0, fetched: 0 };
  const clients = new Map<RegistryEcosystem, RegistryClient>();
  const client = (eco: RegistryEcosystem): RegistryClient => {
    let c = clients.get(eco);
    if (!c) {
      c = FACTORIES[eco]({ http: new HttpClient({ ...REGISTRY_HTTP[eco], ...opts.http }), baseUrl: opts.baseUrls?.[eco] ?? DEFAULT_BASE_URLS[eco], now });
      clients.set(eco, c);
    }
    return c;
  };

  const unique = new Map<string, RegistryItem>();
  for (const item of items) unique.set(metadataKey(item), { ecosystem: item.ecosystem, name: item.name, version: item.version });

  const limiter = new Limiter(opts.concurrency ?? 16);
  await Promise.all([...unique].map(async ([key, item]) => {
    if (!isRegistryEcosystem(item.ecosystem) || !item.name || !item.version.trim() || climbs(item.name) || climbs(item.version)) {
      report.unsupported.push(item);
      return;
    }
    const hit = cache.read(item);
    if (hit && (hit.fresh || opts.offline)) {
      report.fromCache++;
      if (!hit.fresh) report.stale.push(item);
      if (hit.entry.metadata) report.metadata.set(key, hit.entry.metadata);
      else report.notFound.push(item);
      return;
    }
    if (opts.offline) {
      report.notCached.push(item);
      return;
    }
    const eco = item.ecosystem;
    await limiter.run(async () => {
      let md: PackageMetadata | undefined;
      try {
        md = await client(eco).fetch(item.name, item.version);
      } catch (e) {
        if (e instanceof TureenError) {
          report.failures.push({ item, error: e });
          return;
        }
        throw e;
      }
      report.fetched++;
      if (md) report.metadata.set(key, md);
      else report.notFound.push(item);
      try {
        cache.write(item, md, md?.fetchedAt ?? now().toISOString());
      } catch (e) {
        if (e instanceof TureenError) report.failures.push({ item, error: e });
        else throw e;
      }
    });
  }));
  return report;
}

/** fetchMetadataReport, keeping only the metadata found (keys: metadataKey). */
export async function fetchMetadata(items: readonly RegistryItem[], opts: FetchOptions): Promise<Map<string, PackageMetadata>> {
  return (await fetchMetadataReport(items, opts)).metadata;
}
