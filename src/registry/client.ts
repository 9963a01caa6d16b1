import type { HttpClient } from '../net/http.js';

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

/** One URL path segment, percent-encoded. ("." and ".." — even as %2E — still climb: see climbs().) */
export function seg(s: string): string {
  return encodeURIComponent(s);
}

/** Would this name or version, put in a URL path, be a "." or ".." segment (which URL parsing resolves, %2E or not)? */
export function climbs(s: string): boolean {
  return s.split(/[/\\]/).some((p) => /^(\.|%2e){1,2}$/i.test(p));
}
