import type { Component, Evidence, Hash, Origin, Scope } from '../../model/component.js';
import { malformed } from '../../model/errors.js';
import type { Finding } from '../../model/finding.js';
import { prerequisiteProperties, runtimeStatement } from '../../model/prerequisites.js';
import { parseToml } from '../../util/toml.js';
import { buildGraph, type DepRef, type LockedPackage } from '../python/graph.js';
import { arrayTableLines } from '../python/lines.js';
import { clip, isCommit, isValidName, normalizeName, pipHash, pypiPurl } from '../python/names.js';
import { parseRequirement } from '../python/pep508.js';
import { pyprojectBeside } from '../python/pyproject.js';
import { rootEdges, rootNode } from '../python/root.js';
import { arrayIssueLine, validate } from '../python/validate.js';
import type { ExtractResult } from '../source.js';
import { PoetryLock, type PoetryDepSpec, type PoetryPackage } from './schema.js';

export const SOURCE_ID = 'poetry';

export interface PoetryInput {
  /** Repository-relative path of poetry.lock. */
  file: string;
  text: string;
  /** The pyproject.toml beside it (path and text), for the root's direct dependencies per group. */
  pyproject?: { file: string; text: string };
}

/**
 * Read a poetry.lock (lock-version 1.x and 2.x) into components. With the pyproject.toml beside it, scope comes from
 * reachability from the project's dependency groups (what `poetry install --only main` installs is runtime; what
 * only other groups reach is development; what only extras reach is optional). Without it, from the lock's own
 * `category` (1.x) or `groups` (2.1); a lock with neither lists everything as runtime, with a finding.
 */
export function extractPoetryLock(input: PoetryInput): ExtractResult {
  const { file, text } = input;
  const doc = parseToml(text, file);
  const lines = arrayTableLines(text, 'package');
  const lock = validate(PoetryLock, doc, file, 'a poetry.lock', arrayIssueLine('package', lines));
  const findings: Finding[] = [];

  const py = pyprojectBeside('poetry', input.pyproject, findings);

  const metaFiles = lock.metadata?.files;
  const packages: LockedPackage[] = [];
  const lockScope = new Map<string, Scope | undefined>();
  const props = new Map<string, { name: string; value: string }[]>();
  (lock.package ?? []).forEach((p, i) => {
    const line = lines[i];
    if (!isValidName(p.name)) throw malformed(file, `package name "${clip(p.name)}" is not a valid Python distribution name`, { ...(line ? { line } : {}), key: `package[${i}].name` });
    const name = normalizeName(p.name);
    const id = `p${i}`;
    const { purl, origin, version } = identify(p, name);
    const hashes: Hash[] = [];
    for (const f of p.files ?? metaFiles?.get(p.name) ?? metaFiles?.get(name) ?? []) {
      const h = pipHash(f.hash);
      if (h) hashes.push(h);
    }
    const evidence: Evidence[] = [{ file, ...(line ? { line } : {}), key: `package[${JSON.stringify(name)}]`, source: SOURCE_ID }];
    const local = p.source?.type === 'directory' && (p.source.url === '.' || p.source.url === './');
    packages.push({
      id,
      name,
      node: { key: purl, ecosystem: 'PyPI', name, version, purl, licenses: [], hashes, origin: local ? { type: 'workspace', ref: '.' } : origin, firstParty: local, evidence },
      deps: requiredDeps(p),
      extras: extrasOf(p),
    });
    lockScope.set(id, lockedScope(p));
    const pr: { name: string; value: string }[] = [];
    // the Python versions the package supports ("*" says nothing) are its prerequisite
    const python = runtimeStatement('python', p['python-versions']);
    if (python) pr.push(...prerequisiteProperties({ software: [python] }));
    if (typeof p.markers === 'string') pr.push({ name: 'python:marker', value: p.markers });
    if (p.groups) pr.push({ name: 'poetry:groups', value: p.groups.join(',') });
    if (p.category) pr.push({ name: 'poetry:category', value: p.category });
    if (pr.length) props.set(purl, pr);
  });

  const roots = py ? [{ id: 'root', node: rootNode(file, SOURCE_ID, py, input.pyproject?.file), edges: rootEdges(py) }] : [];
  const { graph, missing } = buildGraph(roots, packages);
  for (const m of missing) {
    if (m.from !== 'root') continue;
    findings.push({
      rule: 'poetry.not-locked',
      severity: 'info',
      message: `${input.pyproject?.file ?? 'pyproject.toml'} declares "${clip(m.name)}", which poetry.lock does not lock (its markers or Python versions may exclude it here)`,
      file: input.pyproject?.file ?? file,
      fix: 'Run `poetry lock` and commit poetry.lock if the dependency should be installed.',
    });
  }

  const noScope = !py && [...lockScope.values()].every((s) => s === undefined);
  const { components, unreachable } = graph.resolve({
    ...(py ? {} : { scopeOf: (id: string) => lockScope.get(id) ?? 'runtime' }),
    unreachableScope: 'runtime',
  });
  const unreachableIds = new Set(unreachable.map((n) => n.key));
  const scopeByKey = new Map(packages.map((p) => [p.node.key, lockScope.get(p.id)]));
  const out: Component[] = components.map((c) => {
    const pr = props.get(c.key);
    let scope = c.scope;
    // with a pyproject, a package no group reaches (markers, stale lock) falls back to the lock's own group
    if (py && unreachableIds.has(c.key)) scope = scopeByKey.get(c.key) ?? 'runtime';
    return { ...c, scope, ...(pr ? { properties: pr } : {}) };
  });
  if (noScope && packages.length) {
    findings.push({
      rule: 'poetry.scope-unknown',
      severity: 'warning',
      message: `${file} (lock-version ${clip(lock.metadata?.['lock-version'] ?? '?')}) does not say which group each package belongs to, and no pyproject.toml is beside it: every package is listed as runtime`,
      file,
      fix: 'Commit the pyproject.toml next to poetry.lock so that development-only packages can be told apart.',
    });
  }
  return { components: out, findings };
}

/** Scope the lockfile itself states: 1.x category, 2.1 groups ("main" → runtime); undefined when it states none. */
function lockedScope(p: PoetryPackage): Scope | undefined {
  if (p.groups && p.groups.length) return p.groups.includes('main') ? (p.optional ? 'optional' : 'runtime') : 'development';
  if (p.category) return p.category === 'main' ? (p.optional ? 'optional' : 'runtime') : 'development';
  return undefined;
}

function identify(p: PoetryPackage, name: string): { purl: string; origin: Origin; version: string } {
  const s = p.source;
  const version = p.version.trim();
  switch (s?.type) {
    case 'git': {
      const url = s.url ?? '';
      const ref = s.resolved_reference || s.reference || '';
      const commit = isCommit(ref) ? ref.toLowerCase() : '';
      return {
        version,
        purl: pypiPurl(name, version, { vcs_url: `git+${url}${ref ? `@${ref}` : ''}` }),
        origin: { type: 'git', url, ...(commit || ref ? { ref: commit || ref } : {}) },
      };
    }
    case 'url':
      return { version, purl: pypiPurl(name, version, { download_url: s.url ?? '' }), origin: { type: 'tarball', ...(s.url ? { url: s.url } : {}) } };
    case 'file':
    case 'directory':
      return { version, purl: pypiPurl(name, version), origin: { type: 'file', ...(s.url ? { ref: s.url } : {}) } };
    case 'legacy':
      return { version, purl: pypiPurl(name, version, { repository_url: s.url }), origin: { type: 'registry', ...(s.url ? { url: s.url } : {}) } };
    default:
      return { version, purl: pypiPurl(name, version), origin: { type: 'registry' } };
  }
}

const specs = (spec: PoetryDepSpec) => (Array.isArray(spec) ? spec : [spec]);

/** `[package.dependencies]` that are always installed (not `optional = true`), with the extras they ask for. */
function requiredDeps(p: PoetryPackage): DepRef[] {
  const out: DepRef[] = [];
  for (const [dep, spec] of p.dependencies ?? []) {
    if (!isValidName(dep)) continue;
    const list = specs(spec);
    if (list.every((s) => typeof s !== 'string' && s.optional === true)) continue;
    const extras = list.flatMap((s) => (typeof s === 'string' ? [] : s.extras ?? []));
    out.push({ name: normalizeName(dep), extras });
  }
  return out;
}

/** `[package.extras]`: extra → the dependencies it adds ("name[extra] (>=1)" strings). */
function extrasOf(p: PoetryPackage): Map<string, DepRef[]> {
  const out = new Map<string, DepRef[]>();
  for (const [extra, list] of p.extras ?? []) {
    const refs: DepRef[] = [];
    for (const item of list) {
      const r = parseRequirement(item);
      if (!r) continue;
      // the extra's dependency is declared in [package.dependencies] with the extras it needs
      const declared = p.dependencies?.get(r.name) ?? p.dependencies?.get(normalizeName(r.name));
      const more = declared ? specs(declared).flatMap((s) => (typeof s === 'string' ? [] : s.extras ?? [])) : [];
      refs.push({ name: normalizeName(r.name), extras: [...r.extras, ...more] });
    }
    out.set(extra, refs);
  }
  return out;
}
