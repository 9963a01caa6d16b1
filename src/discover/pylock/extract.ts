import type { Component, Hash, Origin, Scope } from '../../model/component.js';
import { malformed, TureenError } from '../../model/errors.js';
import type { Finding } from '../../model/finding.js';
import { prerequisiteProperties, runtimeStatement } from '../../model/prerequisites.js';
import { parseToml } from '../../util/toml.js';
import { component } from '../component.js';
import { mergeComponents } from '../merge.js';
import { arrayTableLines } from '../python/lines.js';
import { clip, hashTable, isValidName, normalizeName, pypiPurl } from '../python/names.js';
import { readPyproject } from '../python/pyproject.js';
import { arrayIssueLine, validate } from '../python/validate.js';
import type { ExtractResult } from '../source.js';
import { Pylock, type PylockPackage } from './schema.js';

export const SOURCE_ID = 'pylock';

/** Group names that say development (dev, test, lint, docs, typing …). */
const DEV_GROUP = /(?:^|[^a-z])(?:dev|devel|develop|development|test|tests|testing|lint|linting|doc|docs|typing|types|mypy|ci|format|bench)(?:[^a-z]|$)/i;

/**
 * The scope a PEP 751 marker gives a package. No test of `extras` / `dependency_groups` → runtime. A group that a
 * production install takes → runtime: PDM's synthetic "default" group, and any group of `default-groups` whose name
 * does not say development (uv lists "dev" in default-groups because `uv sync` installs it, yet a production install
 * leaves it out). Only extras → optional; otherwise development. `not in` tests are read as "installed" (SOUP when
 * in doubt).
 */
export function scopeFromMarker(marker: string | undefined, defaultGroups: ReadonlySet<string>): Scope {
  if (!marker || /\bnot\s+in\b/.test(marker)) return 'runtime';
  const groups = [...marker.matchAll(/["']([^"']+)["']\s+in\s+dependency_groups\b/g)].map((m) => m[1] as string);
  const extras = [...marker.matchAll(/["']([^"']+)["']\s+in\s+extras\b/g)].map((m) => m[1] as string);
  if (!groups.length && !extras.length) return 'runtime';
  if (groups.some((g) => g === 'default' || (defaultGroups.has(g) && !DEV_GROUP.test(g)))) return 'runtime';
  return extras.length ? 'optional' : 'development';
}

/**
 * Read a pylock.toml (PEP 751, lock-version 1.x) into components: one per `[[packages]]` entry, its version, hashes
 * and source; scope from its marker (see scopeFromMarker); direct when the pyproject.toml beside it declares the name.
 */
export function extractPylock(input: { file: string; text: string; pyproject?: { file: string; text: string } }): ExtractResult {
  const { file, text } = input;
  const lines = arrayTableLines(text, 'packages');
  const lock = validate(Pylock, parseToml(text, file), file, 'a pylock.toml', arrayIssueLine('packages', lines));
  const major = Number(/^(\d+)\./.exec(lock['lock-version'])?.[1] ?? NaN);
  if (major !== 1) {
    throw new TureenError({
      code: 'input.unsupported', file, place: { line: 1, key: 'lock-version' },
      message: `lock-version "${clip(lock['lock-version'])}" is not a 1.x version, the only one PEP 751 defines`,
      fix: 'Write the lock file with a tool that follows PEP 751 (lock-version = "1.0"), or update Tureen.',
    });
  }
  const findings: Finding[] = [];
  let direct: Set<string> | undefined;
  if (input.pyproject) {
    try {
      direct = new Set(readPyproject(input.pyproject.text, input.pyproject.file).deps.map((d) => d.name));
    } catch {
      direct = undefined; // the pyproject's own problems are not this lockfile's
    }
  }
  const defaults = new Set(lock['default-groups'] ?? []);
  const out: Component[] = [];
  (lock.packages ?? []).forEach((p, i) => {
    const line = lines[i];
    if (!isValidName(p.name)) throw malformed(file, `package name "${clip(p.name)}" is not a valid Python distribution name`, { ...(line ? { line } : {}), key: `packages[${i}].name` });
    const name = normalizeName(p.name);
    const { version, purl, origin, firstParty, hashes } = identify(p, name);
    // the package's own requires-python is its prerequisite (the lock's top-level one is the environment's)
    const python = firstParty ? undefined : runtimeStatement('python', p['requires-python']);
    const props = [
      ...(python ? prerequisiteProperties({ software: [python] }) : []),
      ...(p.marker ? [{ name: 'python:marker', value: p.marker }] : []),
      ...(p.directory?.editable ? [{ name: 'python:editable', value: 'true' }] : []),
    ];
    const c = component({
      ecosystem: 'PyPI', name, version, purl, hashes, origin, firstParty,
      scope: scopeFromMarker(p.marker, defaults),
      direct: direct?.has(name) ?? false,
      evidence: [{ file, ...(line ? { line } : {}), key: `packages[${JSON.stringify(name)}]`, source: SOURCE_ID }],
      ...(props.length ? { properties: props } : {}),
    });
    out.push(c);
    if (!version && !firstParty) {
      findings.push({
        rule: 'pylock.version-unknown', severity: 'warning', file, ...(line ? { line } : {}), item: c.key,
        message: `"${clip(name)}" has no version in ${file} (${origin.type}${origin.ref ? ` ${clip(origin.ref)}` : ''})`,
        fix: 'Lock a released version, or give the local/VCS package a static version, and regenerate the lock file.',
      });
    }
  });
  return { components: mergeComponents(out), findings };
}

function identify(p: PylockPackage, name: string): { version: string; purl: string; origin: Origin; firstParty: boolean; hashes: Hash[] } {
  const version = (p.version ?? '').trim();
  if (p.vcs) {
    const url = p.vcs.url ?? p.vcs.path ?? '';
    const commit = (p.vcs['commit-id'] ?? '').toLowerCase();
    const v = version || commit;
    return {
      version: v,
      purl: pypiPurl(name, v, { vcs_url: `${p.vcs.type}+${url}${commit ? `@${commit}` : ''}` }),
      origin: { type: 'git', url, ...(commit ? { ref: commit } : {}) },
      firstParty: false,
      hashes: [],
    };
  }
  if (p.directory) {
    const self = p.directory.path === '.' || p.directory.path === './';
    return { version, purl: pypiPurl(name, version), origin: self ? { type: 'workspace', ref: '.' } : { type: 'file', ref: p.directory.path }, firstParty: self, hashes: [] };
  }
  if (p.archive) {
    const hashes = hashTable(p.archive.hashes);
    if (p.archive.url) return { version, purl: pypiPurl(name, version, { download_url: p.archive.url }), origin: { type: 'tarball', url: p.archive.url }, firstParty: false, hashes };
    return { version, purl: pypiPurl(name, version), origin: { type: 'file', ...(p.archive.path ? { ref: p.archive.path } : {}) }, firstParty: false, hashes };
  }
  const hashes: Hash[] = [];
  for (const f of [...(p.sdist ? [p.sdist] : []), ...(p.wheels ?? [])]) for (const h of hashTable(f.hashes)) if (!hashes.some((x) => x.content === h.content)) hashes.push(h);
  return { version, purl: pypiPurl(name, version), origin: { type: 'registry', ...(p.index ? { url: p.index } : {}) }, firstParty: false, hashes };
}
