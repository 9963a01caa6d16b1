import type { PackageMetadata, RegistryClient } from './types.js';
import { type ClientContext, compact, joinUrl, registryName } from './client.js';
import { RegistryError } from '../net/http.js';
import { httpUrl, joinNames, own, repoUrl, text, utcDate } from './values.js';
import { parseXml } from '../util/xml.js';

export const MAVEN_BASE = 'https://repo1.maven.org/maven2';

/** The text of an element that fast-xml-parser gave as a string, or as an object with '#text'. */
function xmlText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  const t = own(v, '#text');
  return typeof t === 'string' ? t : undefined;
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : v === undefined ? [] : [v];
}

/**
 * Maven Central: the POM at <base>/<group as path>/<artifact>/<version>/<artifact>-<version>.pom.
 * Licence: `licenses/license/name` (several joined with OR, as Maven means "any of"). Supplier:
 * `organization/name`, else the `developers/developer` organisations or names. Source: `scm/url` (else
 * `scm/connection` without its "scm:git:" prefix). Homepage: `url`. Release date: the POM's Last-Modified header
 * (files on Central never change after release). A POM that inherits these from its parent POM is not followed
 * to the parent: what the POM itself declares is what is returned.
 */
export function mavenClient(ctx: ClientContext): RegistryClient {
  return {
    ecosystem: 'Maven',
    async fetch(name: string, version: string): Promise<PackageMetadata | undefined> {
      const colon = name.indexOf(':');
      if (colon <= 0 || colon === name.length - 1) return undefined; // not group:artifact — nothing to ask Central for
      const group = name.slice(0, colon);
      const artifact = name.slice(colon + 1);
      if ([group, artifact, version].some((p) => p.includes('/') || p === '.' || p === '..' || p.includes('\\'))) return undefined;
      const path = [...group.split('.'), artifact, version, `${artifact}-${version}.pom`].map(encodeURIComponent).join('/');
      const url = joinUrl(ctx.baseUrl, path);
      const res = await ctx.http.get(url, 'application/xml, text/xml;q=0.9, */*;q=0.5');
      if (!res) return undefined;
      let doc: Record<string, unknown>;
      try {
        doc = parseXml(res.text, url, { arrays: ['license', 'developer'] });
      } catch (e) {
        throw new RegistryError({ kind: 'malformed', url, message: `the POM is not readable XML (${(e as Error).message})`, cause: e });
      }
      const project = own(doc, 'project');
      if (typeof project !== 'object' || project === null) throw new RegistryError({ kind: 'malformed', url, message: 'the POM has no <project> element' });
      const licenses = list(own(own(project, 'licenses'), 'license')).map((l) => text(xmlText(own(l, 'name')))).filter((l): l is string => !!l);
      const developers = list(own(own(project, 'developers'), 'developer'));
      const scm = own(project, 'scm');
      const scmUrl = xmlText(own(scm, 'url')) ?? xmlText(own(scm, 'connection'))?.replace(/^scm:[a-z]+:/i, '');
      const homepage = xmlText(own(project, 'url'));
      return compact({
        supplier: text(xmlText(own(own(project, 'organization'), 'name')))
          ?? joinNames(developers.map((d) => text(xmlText(own(d, 'organization'))))) ?? joinNames(developers.map((d) => text(xmlText(own(d, 'name'))))),
        license: licenses.length ? text(licenses.length === 1 ? licenses[0] : licenses.map((x) => (x.includes(' ') ? `(${x})` : x)).join(' OR ')) : undefined,
        sourceUrl: repoUrl(scmUrl) ?? httpUrl(scmUrl),
        homepage: httpUrl(homepage),
        releaseDate: utcDate(res.headers.get('last-modified')),
        registry: registryName(ctx.baseUrl),
        fetchedAt: ctx.now().toISOString(),
      });
    },
  };
}
