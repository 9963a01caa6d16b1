import type { Evidence, Hash, Origin } from '../../model/component.js';
import { malformed } from '../../model/errors.js';
import type { Finding } from '../../model/finding.js';
import { parseToml } from '../../util/toml.js';
import { buildGraph, type DepRef, type LockedPackage, type Root, type RootEdge } from '../python/graph.js';
import { arrayTableLines } from '../python/lines.js';
import { clip, isCommit, isValidName, normalizeName, pipHash, pypiPurl } from '../python/names.js';
import { arrayIssueLine, validate } from '../python/validate.js';
import { nodeFinding, type EdgeKind } from '../graph.js';
import type { ExtractResult } from '../source.js';
import { UvLock, type UvDep, type UvPackage } from './schema.js';

export const SOURCE_ID = 'uv';

/** Newest lockfile `version` this reader knows. */
export const KNOWN_VERSION = 1;

/**
 * Read a uv.lock into components. The project (the package whose source is `editable = "."` or `virtual = "."`)
 * and the workspace members (`[manifest] members`) are first-party roots; scope is what `uv sync --no-dev` would
 * install: reachable from the roots' `dependencies` → runtime, only through their extras → optional, only through
 * their `[package.dev-dependencies]` groups → development.
 */
export function extractUvLock(input: { file: string; text: string }): ExtractResult {
  const { file, text } = input;
  const lines = arrayTableLines(text, 'package');
  const lock = validate(UvLock, parseToml(text, file), file, 'a uv.lock', arrayIssueLine('package', lines));
  const findings: Finding[] = [];
  if (lock.version > KNOWN_VERSION) {
    findings.push({
      rule: 'uv.lockfile-version',
      severity: 'warning',
      message: `uv.lock version ${lock.version} is newer than the versions Tureen knows (1); it was read as version 1`,
      file,
      line: 1,
      fix: 'Check the inventory of this lockfile by hand, and update Tureen.',
    });
  }
  const members = new Set((lock.manifest?.members ?? []).map(normalizeName));
  const pkgs = lock.package ?? [];
  const isRoot = (p: UvPackage) => {
    const local = p.source?.editable ?? p.source?.virtual;
    if (members.size) return members.has(normalizeName(p.name)) && (local !== undefined || p.source?.directory !== undefined);
    return local === '.' || local === './';
  };

  const roots: Root[] = [];
  const packages: LockedPackage[] = [];
  pkgs.forEach((p, i) => {
    const line = lines[i];
    if (!isValidName(p.name)) throw malformed(file, `package name "${clip(p.name)}" is not a valid Python distribution name`, { ...(line ? { line } : {}), key: `package[${i}].name` });
    const name = normalizeName(p.name);
    const version = (p.version ?? '').trim();
    const evidence: Evidence[] = [{ file, ...(line ? { line } : {}), key: `package[${JSON.stringify(name)}]`, source: SOURCE_ID }];
    const hashes: Hash[] = [];
    for (const a of [...(p.sdist ? [p.sdist] : []), ...(p.wheels ?? [])]) {
      const h = pipHash(a.hash);
      if (h && !hashes.some((x) => x.content === h.content)) hashes.push(h);
    }
    const id = `p${i}`;
    if (isRoot(p)) {
      const purl = pypiPurl(name, version);
      const edges: RootEdge[] = [
        ...refs(p.dependencies).map((d) => ({ ...d, kind: 'prod' as EdgeKind })),
        ...[...(p['optional-dependencies'] ?? new Map<string, UvDep[]>()).values()].flatMap((l) => refs(l).map((d) => ({ ...d, kind: 'optional' as EdgeKind }))),
        ...[...(p['dev-dependencies'] ?? new Map<string, UvDep[]>()).values()].flatMap((l) => refs(l).map((d) => ({ ...d, kind: 'dev' as EdgeKind }))),
      ];
      roots.push({
        id,
        name,
        node: { key: purl, ecosystem: 'PyPI', name, version, purl, licenses: [], hashes, origin: { type: 'workspace', ref: p.source?.editable ?? p.source?.virtual ?? p.source?.directory ?? '.' }, firstParty: true, evidence },
        edges,
      });
      return;
    }
    const { purl, origin } = identify(p, name, version);
    packages.push({
      id,
      name,
      node: { key: purl, ecosystem: 'PyPI', name, version, purl, licenses: [], hashes, origin, firstParty: false, evidence },
      deps: refs(p.dependencies),
      extras: new Map([...(p['optional-dependencies'] ?? new Map<string, UvDep[]>())].map(([k, l]) => [k, refs(l)])),
    });
    if (!version) {
      findings.push({
        rule: 'uv.version-unknown',
        severity: 'warning',
        message: `uv.lock records no version for "${clip(name)}" (${origin.type}${origin.ref ? ` ${clip(origin.ref)}` : ''}); a SOUP item needs an exact version`,
        file,
        ...(line ? { line } : {}),
        item: purl,
        fix: 'Give the local package a static `version` in its pyproject.toml, or depend on a released version.',
      });
    }
  });

  const { graph, missing } = buildGraph(roots, packages);
  for (const m of missing) {
    findings.push({
      rule: 'uv.unresolved',
      severity: 'warning',
      message: `a package depends on "${clip(m.name)}", which uv.lock does not lock`,
      file,
      fix: 'Run `uv lock` so that uv.lock is complete, and commit it.',
    });
  }
  if (!roots.length && packages.length) {
    findings.push({
      rule: 'uv.no-root',
      severity: 'warning',
      message: 'uv.lock names no project (no package with source editable/virtual ".", no [manifest] members): every package is listed as runtime',
      file,
      fix: 'Regenerate the lockfile with `uv lock` in the project folder.',
    });
  }
  // an entry no root reaches is listed as runtime (SOUP when in doubt), with a note
  const { components, unreachable } = graph.resolve({ unreachableScope: 'runtime' });
  if (roots.length) {
    for (const n of unreachable) {
      findings.push(nodeFinding(n, file, {
        rule: 'uv.unreachable',
        severity: 'info',
        message: `"${clip(n.name)}" is locked but no dependency path from the project reaches it; it is listed as runtime`,
        fix: 'Run `uv lock` to drop stale entries, or mark the package in tureen.config.yaml if it does not ship.',
      }));
    }
  }
  return { components, findings };
}

function refs(list: readonly UvDep[] | undefined): DepRef[] {
  return (list ?? []).filter((d) => isValidName(d.name)).map((d) => ({ name: normalizeName(d.name), extras: d.extra ?? [], ...(d.version ? { version: d.version } : {}) }));
}

function identify(p: UvPackage, name: string, version: string): { purl: string; origin: Origin } {
  const s = p.source ?? {};
  if (s.git !== undefined) {
    // "https://host/repo.git?rev=…#<commit>" (also ?tag= / ?branch=)
    const hash = s.git.indexOf('#');
    const commit = hash === -1 ? '' : s.git.slice(hash + 1);
    const noFrag = hash === -1 ? s.git : s.git.slice(0, hash);
    const q = noFrag.indexOf('?');
    const url = q === -1 ? noFrag : noFrag.slice(0, q);
    const params = new URLSearchParams(q === -1 ? '' : noFrag.slice(q + 1));
    const ref = isCommit(commit) ? commit.toLowerCase() : params.get('rev') ?? params.get('tag') ?? params.get('branch') ?? '';
    return { purl: pypiPurl(name, version, { vcs_url: `git+${url}${ref ? `@${ref}` : ''}` }), origin: { type: 'git', url, ...(ref ? { ref } : {}) } };
  }
  if (s.url !== undefined) return { purl: pypiPurl(name, version, { download_url: s.url }), origin: { type: 'tarball', url: s.url } };
  const local = s.path ?? s.directory ?? s.editable ?? s.virtual;
  if (local !== undefined) return { purl: pypiPurl(name, version), origin: { type: 'file', ref: local } };
  return { purl: pypiPurl(name, version), origin: { type: 'registry', ...(s.registry ? { url: s.registry } : {}) } };
}
