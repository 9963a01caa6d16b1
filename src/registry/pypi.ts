import { z } from 'zod';
import type { PackageMetadata, RegistryClient } from './types.js';
import { type ClientContext, compact, joinUrl, registryName, seg } from './client.js';
import { RegistryError } from '../net/http.js';
import { nonEmpty, runtimeStatement } from '../model/prerequisites.js';
import { httpUrl, joinNames, optBool, optStr, optStrList, own, personName, repoUrl, text, utcDate } from './values.js';

export const PYPI_BASE = 'https://pypi.org/pypi';

const Info = z.object({
  license: optStr,
  license_expression: optStr,
  classifiers: optStrList,
  author: optStr,
  author_email: optStr,
  maintainer: optStr,
  maintainer_email: optStr,
  home_page: optStr,
  project_urls: z.unknown().optional(),
  yanked: optBool,
  requires_python: optStr,
});
const Url = z.object({ upload_time_iso_8601: optStr, upload_time: optStr, yanked: optBool });
const Doc = z.object({ info: Info, urls: z.array(z.unknown()).optional().catch(undefined) });

/** Trove licence classifiers → SPDX ids, for the common ones (the rest are kept as the classifier's last part). */
const CLASSIFIERS: ReadonlyMap<string, string> = new Map([
  ['MIT License', 'MIT'], ['MIT No Attribution License (MIT-0)', 'MIT-0'], ['Apache Software License', 'Apache-2.0'],
  ['BSD License', 'BSD-3-Clause'], ['ISC License (ISCL)', 'ISC'], ['Mozilla Public License 2.0 (MPL 2.0)', 'MPL-2.0'],
  ['GNU General Public License v2 (GPLv2)', 'GPL-2.0-only'], ['GNU General Public License v2 or later (GPLv2+)', 'GPL-2.0-or-later'],
  ['GNU General Public License v3 (GPLv3)', 'GPL-3.0-only'], ['GNU General Public License v3 or later (GPLv3+)', 'GPL-3.0-or-later'],
  ['GNU Lesser General Public License v2 (LGPLv2)', 'LGPL-2.0-only'], ['GNU Lesser General Public License v2 or later (LGPLv2+)', 'LGPL-2.0-or-later'],
  ['GNU Lesser General Public License v3 (LGPLv3)', 'LGPL-3.0-only'], ['GNU Lesser General Public License v3 or later (LGPLv3+)', 'LGPL-3.0-or-later'],
  ['GNU Affero General Public License v3', 'AGPL-3.0-only'], ['GNU Affero General Public License v3 or later (AGPLv3+)', 'AGPL-3.0-or-later'],
  ['Python Software Foundation License', 'PSF-2.0'], ['The Unlicense (Unlicense)', 'Unlicense'], ['Zope Public License', 'ZPL-2.1'],
  ['Eclipse Public License 2.0 (EPL-2.0)', 'EPL-2.0'], ['Boost Software License 1.0 (BSL-1.0)', 'BSL-1.0'],
]);

/** `project_urls` labels that name the source repository, in order of preference (compared case-insensitively, without spaces/dashes). */
const SOURCE_LABELS = ['source', 'sourcecode', 'repository', 'code', 'github', 'gitlab', 'git'];
const HOME_LABELS = ['homepage', 'home'];

/** A licence field that is a name or expression, not the whole licence text pasted in (which PyPI allows). */
function shortLicense(s: string | undefined): string | undefined {
  if (!s || s.includes('\n') || s.length > 120) return undefined;
  const t = text(s);
  return t && !/^(unknown|none|other|n\/a)$/i.test(t) ? t : undefined;
}

function classifierLicense(classifiers: readonly string[] | undefined): string | undefined {
  const found: string[] = [];
  for (const c of classifiers ?? []) {
    const parts = c.split('::').map((p) => p.trim());
    if (parts[0] !== 'License' || parts.length < 2) continue;
    const last = parts[parts.length - 1]!;
    if (last === 'OSI Approved' || last.startsWith('Other/Proprietary')) continue;
    found.push(CLASSIFIERS.get(last) ?? last);
  }
  const distinct = [...new Set(found)];
  if (!distinct.length) return undefined;
  return text(distinct.length === 1 ? distinct[0] : distinct.map((x) => (x.includes(' ') ? `(${x})` : x)).join(' OR '));
}

function projectUrl(urls: unknown, labels: readonly string[]): string | undefined {
  if (typeof urls !== 'object' || urls === null || Array.isArray(urls)) return undefined;
  const entries = Object.keys(urls).map((k) => [k.toLowerCase().replace(/[\s_-]+/g, ''), own(urls, k)] as const);
  for (const label of labels) {
    for (const [k, v] of entries) if (k === label && typeof v === 'string') return v;
  }
  return undefined;
}

/** The name in "Name <email>, Other <email>" author_email fields (PEP 621 puts names there when `author` is empty). */
function namesFromEmails(s: string | undefined): (string | undefined)[] {
  return (s ?? '').split(',').map((p) => (p.includes('<') ? personName(p) : undefined));
}

/**
 * PyPI: <base>/<name>/<version>/json. Licence: `info.license_expression` (PEP 639), else a short `info.license`,
 * else the licence classifiers. Supplier: `info.author`, else names in `author_email`, else `info.maintainer`.
 * Source: `project_urls` (Source, Source Code, Repository …), homepage `project_urls.Homepage` or `info.home_page`.
 * Release date: the earliest `urls[].upload_time_iso_8601`. Yanked: `info.yanked` or every file yanked. PyPI has
 * no deprecation.
 */
export function pypiClient(ctx: ClientContext): RegistryClient {
  return {
    ecosystem: 'PyPI',
    async fetch(name: string, version: string): Promise<PackageMetadata | undefined> {
      const url = joinUrl(ctx.baseUrl, `${seg(name)}/${seg(version)}/json`);
      const res = await ctx.http.getJson(url);
      if (!res) return undefined;
      const parsed = Doc.safeParse(res.json);
      if (!parsed.success) throw new RegistryError({ kind: 'malformed', url, message: 'the PyPI answer has no `info` object' });
      const { info, urls } = parsed.data;
      const files = (urls ?? []).map((u) => Url.safeParse(u)).filter((r) => r.success).map((r) => r.data);
      const uploaded = files.map((f) => utcDate(f.upload_time_iso_8601 ?? (f.upload_time ? `${f.upload_time}Z` : undefined))).filter((d): d is string => !!d).sort();
      const yanked = info.yanked === true || (files.length > 0 && files.every((f) => f.yanked === true));
      const source = projectUrl(info.project_urls, SOURCE_LABELS);
      return compact({
        supplier: personName(info.author) ?? joinNames(namesFromEmails(info.author_email)) ?? personName(info.maintainer) ?? joinNames(namesFromEmails(info.maintainer_email)),
        license: text(info.license_expression) ?? shortLicense(info.license) ?? classifierLicense(info.classifiers),
        sourceUrl: repoUrl(source) ?? httpUrl(source),
        homepage: httpUrl(projectUrl(info.project_urls, HOME_LABELS) ?? info.home_page),
        releaseDate: uploaded[0],
        yanked,
        prerequisites: nonEmpty({ software: [runtimeStatement('python', info.requires_python)].filter((s): s is string => !!s) }),
        registry: registryName(ctx.baseUrl),
        fetchedAt: ctx.now().toISOString(),
      });
    },
  };
}
