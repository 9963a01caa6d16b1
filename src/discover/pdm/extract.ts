import type { Evidence, Hash, Origin, Scope } from '../../model/component.js';
import { malformed } from '../../model/errors.js';
import type { Finding } from '../../model/finding.js';
import { prerequisiteProperties, runtimeStatement } from '../../model/prerequisites.js';
import { parseToml } from '../../util/toml.js';
import { mergeComponents } from '../merge.js';
import { buildGraph, type DepRef, type LockedPackage } from '../python/graph.js';
import { arrayTableLines } from '../python/lines.js';
import { clip, isCommit, isValidName, normalizeName, pipHash, pypiPurl } from '../python/names.js';
import { parseRequirement } from '../python/pep508.js';
import { pyprojectBeside } from '../python/pyproject.js';
import { rootEdges, rootNode } from '../python/root.js';
import { arrayIssueLine, validate } from '../python/validate.js';
import type { ExtractResult } from '../source.js';
import { PdmLock, type PdmPackage } from './schema.js';

export const SOURCE_ID = 'pdm';

/**
 * Read a pdm.lock into components. Scope: from each package's `groups` when the lockfile records them ("default"
 * → runtime, an extra of `[project.optional-dependencies]` only → optional, other groups → development, as
 * `pdm install --prod` / `pdm sync --prod` decides); otherwise from reachability in the dependency graph, starting
 * at the pyproject.toml beside it (`[project].dependencies` runtime, extras optional, dev groups development).
 */
export function extractPdmLock(input: { file: string; text: string; pyproject?: { file: string; text: string } }): ExtractResult {
  const { file, text } = input;
  const lines = arrayTableLines(text, 'package');
  const lock = validate(PdmLock, parseToml(text, file), file, 'a pdm.lock', arrayIssueLine('package', lines));
  const findings: Finding[] = [];
  const py = pyprojectBeside('pdm', input.pyproject, findings);
  const extrasOfProject = new Set((py?.deps ?? []).filter((d) => d.kind === 'optional').map((d) => d.group));
  const metaFiles = lock.metadata?.files;

  const packages: LockedPackage[] = [];
  const groupScope = new Map<string, Scope>();
  const props = new Map<string, { name: string; value: string }[]>();
  (lock.package ?? []).forEach((p, i) => {
    const line = lines[i];
    if (!isValidName(p.name)) throw malformed(file, `package name "${clip(p.name)}" is not a valid Python distribution name`, { ...(line ? { line } : {}), key: `package[${i}].name` });
    const name = normalizeName(p.name);
    const version = (p.version ?? '').trim();
    const { purl, origin, version: v } = identify(p, name, version);
    const hashes: Hash[] = [];
    const files = p.files ?? metaFiles?.get(`${p.name} ${version}`) ?? metaFiles?.get(`${name} ${version}`) ?? [];
    for (const f of files) {
      const h = pipHash(f.hash);
      if (h && !hashes.some((x) => x.content === h.content)) hashes.push(h);
    }
    const evidence: Evidence[] = [{ file, ...(line ? { line } : {}), key: `package[${JSON.stringify(name)}]`, source: SOURCE_ID }];
    const id = `p${i}`;
    packages.push({
      id,
      name,
      node: { key: purl, ecosystem: 'PyPI', name, version: v, purl, licenses: [], hashes, origin, firstParty: false, evidence },
      deps: (p.dependencies ?? []).map(parseRequirement).filter((r) => r !== undefined).map((r): DepRef => ({ name: normalizeName(r.name), extras: r.extras })),
    });
    if (p.groups?.length) {
      groupScope.set(id, p.groups.includes('default') ? 'runtime' : p.groups.every((g) => extrasOfProject.has(g)) ? 'optional' : 'development');
    }
    // the Python versions the package supports are its prerequisite
    const python = runtimeStatement('python', p.requires_python);
    const pr = [
      ...(python ? prerequisiteProperties({ software: [python] }) : []),
      ...(p.marker ? [{ name: 'python:marker', value: p.marker }] : []),
      ...(p.groups ? [{ name: 'pdm:groups', value: p.groups.join(',') }] : []),
    ];
    if (pr.length) props.set(purl, pr);
    if (!v) {
      findings.push({
        rule: 'pdm.version-unknown', severity: 'warning', file, ...(line ? { line } : {}), item: purl,
        message: `pdm.lock records no exact version for "${clip(name)}" (${origin.type}${origin.ref ? ` ${clip(origin.ref)}` : ''})`,
        fix: 'Depend on a released version, or pin the git dependency to a commit, and run `pdm lock`.',
      });
    }
  });

  const roots = py ? [{ id: 'root', node: rootNode(file, SOURCE_ID, py, input.pyproject?.file), edges: rootEdges(py) }] : [];
  const { graph } = buildGraph(roots, packages);
  const useGroups = groupScope.size > 0;
  if (!useGroups && !py && packages.length) {
    findings.push({
      rule: 'pdm.scope-unknown', severity: 'warning', file,
      message: `${file} records no groups per package and no pyproject.toml is beside it: every package is listed as runtime`,
      fix: 'Commit the pyproject.toml next to pdm.lock (or lock with `pdm lock --strategy inherit_metadata`).',
    });
  }
  const { components } = graph.resolve({
    ...(useGroups ? { scopeOf: (id: string) => (id === 'root' ? undefined : groupScope.get(id) ?? 'runtime') } : {}),
    unreachableScope: 'runtime',
  });
  const out = components.map((c) => {
    const pr = props.get(c.key);
    return pr ? { ...c, properties: pr } : c;
  });
  return { components: mergeComponents(out), findings };
}

function identify(p: PdmPackage, name: string, version: string): { purl: string; origin: Origin; version: string } {
  if (p.git) {
    const url = p.git.replace(/^git\+/, '');
    const rev = isCommit(p.revision) ? (p.revision as string).toLowerCase() : '';
    const ref = rev || p.ref || '';
    return { version, purl: pypiPurl(name, version, { vcs_url: `git+${url}${ref ? `@${ref}` : ''}` }), origin: { type: 'git', url, ...(ref ? { ref } : {}) } };
  }
  if (p.url) return { version, purl: pypiPurl(name, version, { download_url: p.url }), origin: { type: 'tarball', url: p.url } };
  if (p.path !== undefined) return { version, purl: pypiPurl(name, version), origin: { type: 'file', ref: p.path } };
  return { version, purl: pypiPurl(name, version), origin: { type: 'registry' } };
}
