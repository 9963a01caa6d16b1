import { z } from 'zod';
import type { PackageMetadata, RegistryClient } from './types.js';
import { type ClientContext, compact, joinUrl, registryName } from './client.js';
import { RegistryError } from '../net/http.js';
import { optStr, repoUrl, utcDate } from './values.js';

export const GOPROXY_BASE = 'https://proxy.golang.org';

/** The module proxy's case encoding: every capital letter becomes "!" + its lower case (github.com/BurntSushi → github.com/!burnt!sushi). */
export function goEscape(s: string): string {
  return s.replace(/[A-Z]/g, (c) => `!${c.toLowerCase()}`);
}

/** A path segment as the go command sends it: module path and version characters kept, anything else percent-encoded. */
function segment(s: string): string {
  return s.replace(/[^A-Za-z0-9._~!+-]/gu, (c) => encodeURIComponent(c));
}

const Info = z.object({ Version: optStr, Time: optStr, Origin: z.object({ URL: optStr }).optional().catch(undefined) });

/**
 * Go module proxy: <base>/<escaped module>/@v/<escaped version>.info ("v" added to OSV's bare versions) → `Time` (release date) and, from newer
 * proxies, `Origin.URL` (the source repository). The proxy serves no licence, supplier or deprecation
 * (deprecation lives in the go.mod's comments): those stay as the scan found them.
 */
export function goClient(ctx: ClientContext): RegistryClient {
  return {
    ecosystem: 'Go',
    async fetch(name: string, version: string): Promise<PackageMetadata | undefined> {
      const path = name.split('/').filter((p) => p !== '' && p !== '.' && p !== '..').map((p) => segment(goEscape(p))).join('/');
      // the scan keeps OSV's Go versions (no "v"); the proxy names versions as go.mod does (v1.2.3)
      const modVersion = version.startsWith('v') ? version : `v${version}`;
      const url = joinUrl(ctx.baseUrl, `${path}/@v/${segment(goEscape(modVersion))}.info`);
      const res = await ctx.http.getJson(url);
      if (!res) return undefined;
      const parsed = Info.safeParse(res.json);
      if (!parsed.success) throw new RegistryError({ kind: 'malformed', url, message: 'the Go proxy answer is not a version .info object' });
      return compact({
        sourceUrl: repoUrl(parsed.data.Origin?.URL),
        releaseDate: utcDate(parsed.data.Time),
        registry: registryName(ctx.baseUrl),
        fetchedAt: ctx.now().toISOString(),
      });
    },
  };
}
