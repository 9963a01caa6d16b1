import { z } from 'zod';
import type { PackageMetadata, RegistryClient } from './types.js';
import { type ClientContext, compact, joinUrl, registryName, seg } from './client.js';
import { RegistryError } from '../net/http.js';
import { httpUrl, joinNames, optStr, optStrList, own, text, utcDate } from './values.js';

export const NUGET_BASE = 'https://api.nuget.org/v3/registration5-gz-semver2';

const Leaf = z.object({ catalogEntry: z.unknown().optional(), published: optStr, listed: z.boolean().optional().catch(undefined) });
const CatalogEntry = z.object({
  authors: z.unknown().optional(),
  licenseExpression: optStr,
  licenseUrl: optStr,
  projectUrl: optStr,
  published: optStr,
  repository: z.unknown().optional(),
  deprecation: z.object({ message: optStr, reasons: optStrList }).optional().catch(undefined),
});

/**
 * NuGet's normalised version, as registration URLs use it: no build metadata, leading zeros dropped, at least three
 * parts, a fourth part only when it is not 0 ("1.0" → "1.0.0", "1.02.3.0-Beta+sha" → "1.2.3-beta"). Lower case.
 */
export function nugetVersion(version: string): string {
  const noMeta = version.trim().split('+')[0]!;
  const dash = noMeta.indexOf('-');
  const core = dash < 0 ? noMeta : noMeta.slice(0, dash);
  const pre = dash < 0 ? '' : noMeta.slice(dash);
  const parts = core.split('.');
  if (!parts.every((p) => /^\d+$/.test(p)) || parts.length > 4) return version.trim().toLowerCase();
  const nums = parts.map((p) => String(Number(p)));
  while (nums.length < 3) nums.push('0');
  if (nums.length === 4 && nums[3] === '0') nums.pop();
  return `${nums.join('.')}${pre}`.toLowerCase();
}

/** Reasons NuGet gives for a deprecation, in words. */
const REASONS: Record<string, string> = { Legacy: 'legacy', CriticalBugs: 'critical bugs', Other: 'other' };

/**
 * NuGet: the registration leaf <base>/<id lower>/<normalised version lower>.json. Its `catalogEntry` is the URL of the
 * catalog leaf (PackageDetails), fetched next — only on the registration's own host or nuget.org's, never on a
 * host the answer names; an inlined catalogEntry object (as in registration pages) is read directly.
 * Licence: `licenseExpression` (a `licenseUrl` alone is not a licence and is left out). Supplier: `authors` (a
 * string or a list). Source: `repository` (a URL, or an object's `url`) when the catalog entry has it; homepage: `projectUrl`. Release
 * date: `published` (nuget.org writes 1900-01-01 for unlisted versions: no date). Deprecation: `deprecation.message`,
 * else its reasons.
 */
export function nugetClient(ctx: ClientContext): RegistryClient {
  const allowedOrigins = new Set<string>();
  try {
    allowedOrigins.add(new URL(ctx.baseUrl).origin);
  } catch {
    // an unusable base URL fails on the first request
  }
  allowedOrigins.add('https://api.nuget.org');
  const defaultOrigin = new URL(NUGET_BASE).origin;
  const baseOrigin = (() => {
    try {
      return new URL(ctx.baseUrl).origin;
    } catch {
      return defaultOrigin;
    }
  })();

  return {
    ecosystem: 'NuGet',
    async fetch(name: string, version: string): Promise<PackageMetadata | undefined> {
      const url = joinUrl(ctx.baseUrl, `${seg(name.toLowerCase())}/${seg(nugetVersion(version))}.json`);
      const res = await ctx.http.getJson(url);
      if (!res) return undefined;
      const leaf = Leaf.safeParse(res.json);
      if (!leaf.success) throw new RegistryError({ kind: 'malformed', url, message: 'the NuGet answer is not a registration leaf' });
      let entry: unknown = leaf.data.catalogEntry;
      if (typeof entry === 'string') {
        let target: URL;
        try {
          target = new URL(entry);
        } catch {
          throw new RegistryError({ kind: 'malformed', url, message: 'the registration leaf names a catalogEntry that is not a URL' });
        }
        if (!allowedOrigins.has(target.origin)) throw new RegistryError({ kind: 'malformed', url, message: `the registration leaf points to another host (${target.origin}) for its catalog entry; not followed` });
        // a local mirror (or the test server) serves the catalog under its own origin, as nuget.org does under its
        const catalogUrl = target.origin === defaultOrigin && baseOrigin !== defaultOrigin ? `${baseOrigin}${target.pathname}` : target.toString();
        const cat = await ctx.http.getJson(catalogUrl);
        entry = cat?.json;
      }
      const parsed = CatalogEntry.safeParse(entry ?? {});
      const c = parsed.success ? parsed.data : undefined;
      const authors = Array.isArray(c?.authors) ? c.authors : typeof c?.authors === 'string' ? c.authors.split(',') : [];
      const repo = typeof c?.repository === 'string' ? c.repository : own(c?.repository, 'url');
      const dep = c?.deprecation;
      const depText = dep ? text(dep.message) ?? text((dep.reasons ?? []).map((r) => REASONS[r] ?? r).join(', ')) ?? 'deprecated' : undefined;
      return compact({
        supplier: joinNames(authors.map((a) => (typeof a === 'string' ? text(a) : undefined))),
        license: text(c?.licenseExpression),
        sourceUrl: httpUrl(typeof repo === 'string' ? repo.replace(/\.git$/, '') : undefined),
        homepage: httpUrl(c?.projectUrl),
        releaseDate: utcDate(c?.published ?? leaf.data.published),
        deprecated: depText,
        registry: registryName(ctx.baseUrl),
        fetchedAt: ctx.now().toISOString(),
      });
    },
  };
}
