import type { Component, Hash, Origin, Scope } from '../../model/component.js';
import { malformed } from '../../model/errors.js';
import type { Finding } from '../../model/finding.js';
import { parseJson } from '../../util/json.js';
import { parseToml } from '../../util/toml.js';
import { component } from '../component.js';
import { mergeComponents } from '../merge.js';
import { jsonKeyLines } from '../python/jsonkeys.js';
import { clip, isCommit, isValidName, normalizeName, pipHash, pypiPurl } from '../python/names.js';
import { exactPin, normalizeSpecifier } from '../python/pep508.js';
import { validate } from '../python/validate.js';
import type { ExtractResult } from '../source.js';
import { PipenvSection, PipfileLock, type PipenvEntry } from './schema.js';

export const SOURCE_ID = 'pipenv';

/** Pipfile sections that are not package categories. */
const NOT_CATEGORIES = new Set(['source', 'requires', 'scripts', 'pipenv']);

/**
 * Read a Pipfile.lock: one component per package of each category; `default` → runtime, `develop` and any other
 * category → development (a production `pipenv sync` installs only `default`). A name in several categories is one
 * component with the strongest scope. The Pipfile beside it, when present, says which names are direct.
 */
export function extractPipfileLock(input: { file: string; text: string; pipfile?: { file: string; text: string } }): ExtractResult {
  const { file, text } = input;
  const data = parseJson(text, file);
  const lines = jsonKeyLines(text);
  const lock = validate(PipfileLock, data, file, 'a Pipfile.lock', (path) => {
    const [s, k] = path;
    return typeof s === 'string' ? (typeof k === 'string' ? lines.sections.get(s)?.get(k) : undefined) ?? lines.top.get(s) : undefined;
  });
  const findings: Finding[] = [];
  const direct = input.pipfile ? readPipfile(input.pipfile, findings) : undefined;

  const sections: [string, Map<string, PipenvEntry>][] = [];
  if (lock.default) sections.push(['default', lock.default]);
  if (lock.develop) sections.push(['develop', lock.develop]);
  // further categories (pipenv ≥ 2023.10): any other top-level object of entries
  for (const key of Object.keys(data as object)) {
    if (key === '_meta' || key === 'default' || key === 'develop') continue;
    const v = Object.getOwnPropertyDescriptor(data, key)?.value as unknown;
    if (!v || typeof v !== 'object' || Array.isArray(v)) continue;
    const r = PipenvSection.safeParse(v);
    if (r.success) sections.push([key, r.data]);
  }

  const out: Component[] = [];
  for (const [section, entries] of sections) {
    const scope: Scope = section === 'default' ? 'runtime' : 'development';
    for (const [rawName, e] of entries) {
      const line = lines.sections.get(section)?.get(rawName);
      if (!isValidName(rawName)) {
        throw malformed(file, `"${clip(rawName)}" in "${clip(section)}" is not a valid Python distribution name`, { ...(line ? { line } : {}), key: `${section}.${rawName}` });
      }
      const name = normalizeName(rawName);
      const hashes = (e.hashes ?? []).map(pipHash).filter((h): h is Hash => !!h);
      const { version, purl, origin, firstParty } = identify(name, e);
      const props = [
        ...(e.markers ? [{ name: 'python:marker', value: e.markers }] : []),
        ...(e.extras?.length ? [{ name: 'python:extras', value: e.extras.join(',') }] : []),
        ...(section !== 'default' && section !== 'develop' ? [{ name: 'pipenv:category', value: section }] : []),
        ...(e.version && !version && !e.git ? [{ name: 'declared-range', value: e.version }] : []),
      ];
      const c = component({
        ecosystem: 'PyPI', name, version, purl, scope, hashes, origin, firstParty,
        direct: direct?.has(name) ?? false,
        evidence: [{ file, ...(line ? { line } : {}), key: `${section}[${JSON.stringify(rawName)}]`, source: SOURCE_ID }],
        ...(props.length ? { properties: props } : {}),
      });
      out.push(c);
      if (!version && !firstParty) {
        findings.push({
          rule: 'pipenv.unpinned',
          severity: 'warning',
          message: e.git
            ? `"${clip(name)}" (${file}:${line ?? '?'}) comes from git at "${clip(e.ref ?? 'the default branch')}", which is not a commit`
            : `"${clip(name)}" (${file}:${line ?? '?'}) has no exact version in the lockfile (${clip(e.version ?? 'none')})`,
          file,
          ...(line ? { line } : {}),
          item: c.key,
          fix: e.git ? 'Pin the Pipfile entry to a commit (ref = "<40-hex commit>") and run `pipenv lock`.' : 'Run `pipenv lock` and commit Pipfile.lock.',
        });
      }
    }
  }
  return { components: mergeComponents(out), findings };
}

function identify(name: string, e: PipenvEntry): { version: string; purl: string; origin: Origin; firstParty: boolean } {
  if (e.git) {
    const url = e.git.replace(/^git\+/, '');
    const ref = e.ref ?? '';
    const commit = isCommit(ref) ? ref.toLowerCase() : '';
    return { version: commit, purl: pypiPurl(name, commit, { vcs_url: `git+${url}${ref ? `@${ref}` : ''}` }), origin: { type: 'git', url, ...(ref ? { ref } : {}) }, firstParty: false };
  }
  const spec = e.version ? normalizeSpecifier(e.version) : undefined;
  const version = spec ? exactPin(spec) : '';
  const local = e.path ?? e.file;
  if (local !== undefined) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(local)) return { version, purl: pypiPurl(name, version, { download_url: local }), origin: { type: 'tarball', url: local }, firstParty: false };
    const self = local === '.' || local === './';
    return { version, purl: pypiPurl(name, version), origin: self ? { type: 'workspace', ref: '.' } : { type: 'file', ref: local }, firstParty: self };
  }
  return { version, purl: pypiPurl(name, version), origin: { type: 'registry', ...(e.index ? { url: e.index } : {}) }, firstParty: false };
}

/** Normalised names declared in any package category of the Pipfile. */
function readPipfile(pipfile: { file: string; text: string }, findings: Finding[]): Set<string> | undefined {
  try {
    const doc = parseToml(pipfile.text, pipfile.file);
    const names = new Set<string>();
    for (const section of Object.keys(doc)) {
      if (NOT_CATEGORIES.has(section)) continue;
      const t = Object.getOwnPropertyDescriptor(doc, section)?.value as unknown;
      if (!t || typeof t !== 'object' || Array.isArray(t)) continue;
      for (const k of Object.keys(t)) if (isValidName(k)) names.add(normalizeName(k));
    }
    return names;
  } catch (e) {
    findings.push({
      rule: 'pipenv.pipfile-unreadable',
      severity: 'warning',
      message: `${pipfile.file} cannot be read (${clip(e instanceof Error ? e.message : String(e))}); direct dependencies are not marked`,
      file: pipfile.file,
      fix: 'Fix the TOML syntax of the Pipfile.',
    });
    return undefined;
  }
}

