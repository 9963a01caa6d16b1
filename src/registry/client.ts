import type { HttpClient } from './http.js';

/** What every registry client is built from. */
export interface ClientContext {
  http: HttpClient;
  /** Base URL of the registry (no trailing slash needed). */
  baseUrl: string;
  /** The clock, for fetchedAt. */
  now: () => Date;
}

/** `base` + `path` with exactly one slash between them. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

/** The registry's host (with port), as recorded in PackageMetadata.registry. */
export function registryName(base: string): string {
  try {
    return new URL(base).host;
  } catch {
    return base;
  }
}

/** Drop undefined values so that records and cache files hold only what the registry said. */
export function compact<T extends object>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as T;
}
