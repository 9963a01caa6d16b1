import { z } from 'zod';
import type { PackageMetadata, RegistryClient } from './types.js';
import { type ClientContext, compact, joinUrl, registryName, seg } from './client.js';
import { RegistryError } from '../net/http.js';
import { composerPlatform, nonEmpty } from '../model/prerequisites.js';
import { httpUrl, joinNames, own, personName, repoUrl, text, utcDate } from './values.js';

export const PACKAGIST_BASE = 'https://repo.packagist.org/p2';

const Doc = z.object({ packages: z.unknown().optional(), minified: z.string().optional().catch(undefined) });

/**
 * Composer 2 metadata lists versions newest first, "minified": each version repeats only the keys that changed
 * from the one before; "__unset" means the key is gone. Expanded here into full versions (Maps, so a key named
 * "__proto__" stays data).
 */
export function expandMinified(versions: readonly unknown[]): Map<string, unknown>[] {
  const out: Map<string, unknown>[] = [];
  let prev = new Map<string, unknown>();
  for (const v of versions) {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) continue;
    const cur = new Map(prev);
    for (const k of Object.keys(v)) {
      const val = (v as Record<string, unknown>)[k];
      if (val === '__unset') cur.delete(k);
      else cur.set(k, val);
    }
    out.push(cur);
    prev = cur;
  }
  return out;
}

/** "v1.2.3" and "1.2.3" are one version to Composer; so is the normalised "1.2.3.0". */
function sameVersion(entry: Map<string, unknown>, wanted: string): boolean {
  const bare = (s: string) => s.replace(/^v(?=\d)/i, '');
  const v = entry.get('version');
  const n = entry.get('version_normalized');
  const w = bare(wanted);
  if (typeof v === 'string' && (v === wanted || bare(v) === w)) return true;
  if (typeof n === 'string' && (n === wanted || n === `${w}.0` || n === w)) return true;
  return false;
}

/**
 * Packagist: <base>/<vendor>/<name>.json (Composer 2 metadata; tagged releases). The exact version's `license`
 * (a list, joined with OR), `authors[].name`, `source.url`, `homepage`, `time`, and `abandoned` (true, or the
 * name of the replacement package) as the deprecation.
 */
export function packagistClient(ctx: ClientContext): RegistryClient {
  return {
    ecosystem: 'Packagist',
    async fetch(name: string, version: string): Promise<PackageMetadata | undefined> {
      const lower = name.toLowerCase();
      const slash = lower.indexOf('/');
      if (slash <= 0 || slash !== lower.lastIndexOf('/') || slash === lower.length - 1) return undefined; // not vendor/name
      const url = joinUrl(ctx.baseUrl, `${seg(lower.slice(0, slash))}/${seg(lower.slice(slash + 1))}.json`);
      const res = await ctx.http.getJson(url);
      if (!res) return undefined;
      const parsed = Doc.safeParse(res.json);
      const list = parsed.success ? own(parsed.data.packages, lower) ?? own(parsed.data.packages, name) : undefined;
      if (!Array.isArray(list)) throw new RegistryError({ kind: 'malformed', url, message: `the Packagist answer has no packages["${lower}"] list` });
      // not minified: every entry is whole, and must not inherit keys from the one before
      const versions = parsed.success && parsed.data.minified ? expandMinified(list) : list.flatMap((v) => expandMinified([v]));
      const entry = versions.find((e) => sameVersion(e, version));
      if (!entry) return undefined;
      const licenses = Array.isArray(entry.get('license')) ? (entry.get('license') as unknown[]).filter((l): l is string => typeof l === 'string' && l.trim() !== '') : [];
      const authors = Array.isArray(entry.get('authors')) ? (entry.get('authors') as unknown[]).map(personName) : [];
      const sourceRaw = own(entry.get('source'), 'url');
      const source = typeof sourceRaw === 'string' ? sourceRaw : undefined;
      const abandoned = entry.get('abandoned');
      const homepage = entry.get('homepage');
      const time = entry.get('time');
      return compact({
        supplier: joinNames(authors),
        license: licenses.length ? text(licenses.length === 1 ? licenses[0] : licenses.map((x) => (x.includes(' ') ? `(${x})` : x)).join(' OR ')) : undefined,
        sourceUrl: repoUrl(source) ?? httpUrl(source),
        homepage: httpUrl(typeof homepage === 'string' ? homepage : undefined),
        releaseDate: utcDate(typeof time === 'string' ? time : undefined),
        deprecated: abandoned === true ? 'abandoned' : typeof abandoned === 'string' && abandoned.trim() ? text(`abandoned; use ${abandoned} instead`) : undefined,
        prerequisites: nonEmpty(composerPlatform(entry.get('require'))),
        registry: registryName(ctx.baseUrl),
        fetchedAt: ctx.now().toISOString(),
      });
    },
  };
}
