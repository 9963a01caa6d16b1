import { z } from 'zod';
import type { PackageMetadata, RegistryClient } from './types.js';
import { type ClientContext, compact, joinUrl, registryName, seg } from './client.js';
import { RegistryError } from '../net/http.js';
import { nonEmpty, npmPlatform } from '../model/prerequisites.js';
import { httpUrl, joinNames, optStr, own, personName, repoUrl, text, utcDate } from './values.js';

export const NPM_BASE = 'https://registry.npmjs.org';

/** The path of a package document: scoped names keep their "@" and encode the slash ("@scope%2Fname"). */
export function npmPath(name: string): string {
  if (name.startsWith('@') && name.includes('/')) {
    const slash = name.indexOf('/');
    return `@${seg(name.slice(1, slash))}%2F${seg(name.slice(slash + 1))}`;
  }
  return seg(name);
}

const Version = z.object({
  license: z.unknown().optional(),
  licenses: z.unknown().optional(),
  repository: z.unknown().optional(),
  author: z.unknown().optional(),
  maintainers: z.unknown().optional(),
  homepage: optStr,
  deprecated: z.unknown().optional(),
  engines: z.unknown().optional(),
  os: z.unknown().optional(),
  cpu: z.unknown().optional(),
  libc: z.unknown().optional(),
});

/** npm's `license` as written: a string, the legacy `{ type }` object, or the legacy `licenses: [{ type }]` list (joined with OR). */
function npmLicense(license: unknown, licenses: unknown): string | undefined {
  if (typeof license === 'string') return text(license);
  const t = own(license, 'type');
  if (typeof t === 'string') return text(t);
  if (Array.isArray(licenses)) {
    const types = licenses.map((l) => (typeof l === 'string' ? l : own(l, 'type'))).filter((x): x is string => typeof x === 'string' && x.trim() !== '');
    if (types.length) return text(types.length === 1 ? types[0] : types.map((x) => (x.includes(' ') ? `(${x})` : x)).join(' OR '));
  }
  return undefined;
}

function mapVersion(ctx: ClientContext, url: string, version: string, raw: unknown, time: string | undefined): PackageMetadata {
  const parsed = Version.safeParse(raw);
  if (!parsed.success) throw new RegistryError({ kind: 'malformed', url, message: `versions["${version}"] is not an object` });
  const v = parsed.data;
  const repo = typeof v.repository === 'string' ? v.repository : own(v.repository, 'url');
  const maintainers = Array.isArray(v.maintainers) ? v.maintainers.map(personName) : [];
  return compact({
    supplier: personName(v.author) ?? joinNames(maintainers),
    license: npmLicense(v.license, v.licenses),
    sourceUrl: repoUrl(typeof repo === 'string' ? repo : undefined),
    homepage: httpUrl(v.homepage),
    releaseDate: utcDate(time),
    // npm writes `deprecated: "message"`; `false` or "" mean not deprecated
    deprecated: typeof v.deprecated === 'string' ? text(v.deprecated) : undefined,
    prerequisites: nonEmpty(npmPlatform(v)),
    registry: registryName(ctx.baseUrl),
    fetchedAt: ctx.now().toISOString(),
  });
}

/** <base>/<name>/<version>: one version's manifest (no `time`, so no release date). */
async function fromVersionDocument(ctx: ClientContext, name: string, version: string): Promise<PackageMetadata | undefined> {
  const url = joinUrl(ctx.baseUrl, `${npmPath(name)}/${seg(version)}`);
  const res = await ctx.http.getJson(url);
  return res ? mapVersion(ctx, url, version, res.json, undefined) : undefined;
}

/**
 * npm: the packument at <base>/<name> (when it is too large to read, <base>/<name>/<version> instead, without the
 * release date); per-version `license`, `repository` (string or `{ url }`), `author`
 * (else the version's `maintainers`), `homepage`, `deprecated` (a message string), and `time[version]`.
 */
export function npmClient(ctx: ClientContext): RegistryClient {
  return {
    ecosystem: 'npm',
    async fetch(name: string, version: string): Promise<PackageMetadata | undefined> {
      const url = joinUrl(ctx.baseUrl, npmPath(name));
      let res: { json: unknown } | undefined;
      try {
        res = await ctx.http.getJson(url);
      } catch (e) {
        // a packument too large to read (thousands of versions): the version's own manifest still has everything
        // but the release date
        if (e instanceof RegistryError && e.kind === 'too-large') return fromVersionDocument(ctx, name, version);
        throw e;
      }
      if (!res) return undefined;
      const versions = own(res.json, 'versions');
      if (typeof versions !== 'object' || versions === null || Array.isArray(versions)) {
        throw new RegistryError({ kind: 'malformed', url, message: 'the npm registry answer is not a package document' });
      }
      const raw = own(versions, version);
      if (raw === undefined) return undefined; // the package exists, this version does not (unpublished)
      const time = own(own(res.json, 'time'), version);
      return mapVersion(ctx, url, version, raw, typeof time === 'string' ? time : undefined);
    },
  };
}
