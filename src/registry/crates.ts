import { z } from 'zod';
import type { PackageMetadata, RegistryClient } from './types.js';
import { type ClientContext, compact, joinUrl, registryName, seg } from './client.js';
import { RegistryError } from '../net/http.js';
import { nonEmpty, runtimeStatement } from '../model/prerequisites.js';
import { httpUrl, optBool, optStr, repoUrl, text, utcDate } from './values.js';

export const CRATES_BASE = 'https://crates.io/api/v1';

const VersionDoc = z.object({
  version: z.object({
    license: optStr,
    created_at: optStr,
    yanked: optBool,
    yank_message: optStr,
    rust_version: optStr,
    published_by: z.object({ name: optStr, login: optStr }).nullish().catch(undefined),
  }),
});
const CrateDoc = z.object({ crate: z.object({ repository: optStr, homepage: optStr }) });

/**
 * crates.io: <base>/crates/<name>/<version> for `version.license`, `created_at`, `yanked` and the publisher
 * (`published_by.name`, else its login) as supplier — crates.io no longer serves the manifest's `authors`; then
 * <base>/crates/<name> for the crate's `repository` and `homepage`. crates.io refuses requests without a
 * User-Agent, which the HTTP client always sends.
 */
export function cratesClient(ctx: ClientContext): RegistryClient {
  // several versions of one crate need its crate document once per run
  const crates = new Map<string, Promise<z.infer<typeof CrateDoc>['crate'] | undefined>>();
  const crateOf = (crateUrl: string) => {
    let p = crates.get(crateUrl);
    if (!p) {
      p = ctx.http.getJson(crateUrl).then((r) => {
        const parsed = r ? CrateDoc.safeParse(r.json) : undefined;
        return parsed?.success ? parsed.data.crate : undefined;
      });
      crates.set(crateUrl, p);
    }
    return p;
  };
  return {
    ecosystem: 'crates.io',
    async fetch(name: string, version: string): Promise<PackageMetadata | undefined> {
      const crateUrl = joinUrl(ctx.baseUrl, `crates/${seg(name)}`);
      const url = `${crateUrl}/${seg(version)}`;
      const res = await ctx.http.getJson(url);
      if (!res) return undefined;
      const parsed = VersionDoc.safeParse(res.json);
      if (!parsed.success) throw new RegistryError({ kind: 'malformed', url, message: 'the crates.io answer has no `version` object' });
      const v = parsed.data.version;
      const c = await crateOf(crateUrl);
      return compact({
        supplier: text(v.published_by?.name) ?? text(v.published_by?.login),
        license: text(v.license),
        sourceUrl: repoUrl(c?.repository) ?? httpUrl(c?.repository),
        homepage: httpUrl(c?.homepage),
        releaseDate: utcDate(v.created_at),
        deprecated: v.yanked ? text(v.yank_message) : undefined,
        yanked: v.yanked,
        prerequisites: nonEmpty({ software: [runtimeStatement('rust', v.rust_version ? `>=${v.rust_version}` : undefined)].filter((s): s is string => !!s) }),
        registry: registryName(ctx.baseUrl),
        fetchedAt: ctx.now().toISOString(),
      });
    },
  };
}
