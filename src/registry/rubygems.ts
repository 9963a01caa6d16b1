import { z } from 'zod';
import type { PackageMetadata, RegistryClient } from './types.js';
import { type ClientContext, compact, joinUrl, registryName, seg } from './client.js';
import { RegistryError } from '../net/http.js';
import { nonEmpty, runtimeStatement } from '../model/prerequisites.js';
import { httpUrl, joinNames, optBool, optStr, optStrList, own, repoUrl, text, utcDate } from './values.js';

export const RUBYGEMS_BASE = 'https://rubygems.org/api/v2';

const Doc = z.object({
  authors: optStr,
  licenses: optStrList,
  source_code_uri: optStr,
  homepage_uri: optStr,
  created_at: optStr,
  yanked: optBool,
  ruby_version: optStr,
  metadata: z.unknown().optional(),
});

/**
 * RubyGems: <base>/rubygems/<name>/versions/<version>.json — `licenses` (joined with OR), `authors` (a
 * comma-separated string), `source_code_uri` (else `metadata.source_code_uri`), `homepage_uri`, `created_at`, `yanked`.
 */
export function rubygemsClient(ctx: ClientContext): RegistryClient {
  return {
    ecosystem: 'RubyGems',
    async fetch(name: string, version: string): Promise<PackageMetadata | undefined> {
      const url = joinUrl(ctx.baseUrl, `rubygems/${seg(name)}/versions/${seg(version)}.json`);
      const res = await ctx.http.getJson(url);
      if (!res) return undefined;
      const parsed = Doc.safeParse(res.json);
      if (!parsed.success) throw new RegistryError({ kind: 'malformed', url, message: 'the RubyGems answer is not an object' });
      const g = parsed.data;
      const metaSource = own(g.metadata, 'source_code_uri');
      const source = g.source_code_uri ?? (typeof metaSource === 'string' ? metaSource : undefined);
      const licenses = (g.licenses ?? []).map((l) => text(l)).filter((l): l is string => !!l);
      return compact({
        supplier: joinNames((g.authors ?? '').split(',').map((a) => text(a))),
        license: licenses.length ? text(licenses.length === 1 ? licenses[0] : licenses.map((x) => (x.includes(' ') ? `(${x})` : x)).join(' OR ')) : undefined,
        sourceUrl: repoUrl(source) ?? httpUrl(source),
        homepage: httpUrl(g.homepage_uri),
        releaseDate: utcDate(g.created_at),
        yanked: g.yanked,
        prerequisites: nonEmpty({ software: [runtimeStatement('ruby', g.ruby_version)].filter((s): s is string => !!s) }),
        registry: registryName(ctx.baseUrl),
        fetchedAt: ctx.now().toISOString(),
      });
    },
  };
}
