import type { Component, Property, Scope } from '../../model/component.js';
import { malformed } from '../../model/errors.js';
import type { Finding } from '../../model/finding.js';
import { firstIssue } from '../../util/dict.js';
import { parseJson } from '../../util/json.js';
import { LineIndex } from '../../util/lines.js';
import { purlOf } from '../../util/purl.js';
import { component } from '../component.js';
import { clip } from '../git-submodules/gitref.js';
import { mergeComponents } from '../merge.js';
import type { ExtractResult } from '../source.js';
import { Configuration, Manifest, type Dependency, type Registry } from './schema.js';

export const SOURCE_ID = 'vcpkg';
/** OSV has no vcpkg ecosystem; this is the name Tureen uses. */
export const ECOSYSTEM = 'vcpkg';
/** The builtin registry: vcpkg's own repository, whose versions database a baseline commit selects. */
export const BUILTIN_REGISTRY = 'https://github.com/microsoft/vcpkg';

export interface VcpkgInput {
  /** Repository-relative path of vcpkg.json. */
  file: string;
  text: string;
  /** vcpkg-configuration.json beside it, when there is one (it replaces the manifest's "vcpkg-configuration"). */
  configuration?: { file: string; text: string };
}

/** Where a port comes from and what fixes its version there. */
interface Source {
  repository: string;
  baseline?: string;
  kind: string;
}

/**
 * A vcpkg manifest to components: each dependency (top level: runtime, or build with `host: true`; under a feature:
 * runtime when the feature is a default feature, else optional). The exact version is known only from an
 * `overrides` entry: otherwise vcpkg takes the version its registry's versions database holds at the baseline
 * commit, which is not in the repository, so the version is '' and a `vcpkg.unpinned` finding names the baseline.
 * Ports that dependencies pull in are not in the manifest and are not listed (one info finding says so).
 */
export function extractVcpkg(input: VcpkgInput): ExtractResult {
  const { file, text } = input;
  const res = Manifest.safeParse(parseJson(text, file));
  const idx = new LineIndex(text);
  if (!res.success) {
    const { path, message } = firstIssue(res.error);
    throw malformed(file, `not a vcpkg manifest: ${path ? `${path}: ` : ''}${message}`, path ? { key: path } : undefined, 'Check the file with `vcpkg format-manifest vcpkg.json`.');
  }
  const m = res.data;
  const findings: Finding[] = [];
  let config = m['vcpkg-configuration'];
  if (input.configuration) {
    const c = Configuration.safeParse(parseJson(input.configuration.text, input.configuration.file));
    if (!c.success) {
      const { path, message } = firstIssue(c.error);
      throw malformed(input.configuration.file, `not a vcpkg configuration: ${path ? `${path}: ` : ''}${message}`, path ? { key: path } : undefined);
    }
    config = c.data;
  }
  const builtinBaseline = m['builtin-baseline'];
  const sourceOf = (name: string): Source => {
    for (const r of config?.registries ?? []) if ((r.packages ?? []).some((p) => matchPattern(p, name))) return registrySource(r);
    const d = config?.['default-registry'];
    if (d) return registrySource(d);
    return { repository: BUILTIN_REGISTRY, kind: 'builtin', ...(builtinBaseline ? { baseline: builtinBaseline } : {}) };
  };

  const overrides = new Map<string, { version: string; portVersion?: number; line?: number }>();
  for (const o of m.overrides ?? []) {
    const v = o.version ?? o['version-semver'] ?? o['version-date'] ?? o['version-string'];
    if (v === undefined) continue;
    const [ver, port] = splitPort(v);
    const portVersion = o['port-version'] ?? port;
    overrides.set(o.name, { version: ver, ...(portVersion !== undefined ? { portVersion } : {}), line: lineOfName(o.name, 'overrides') });
  }
  function lineOfName(name: string, after: string): number | undefined {
    const from = text.indexOf(`"${after}"`);
    const at = text.indexOf(JSON.stringify(name), from === -1 ? 0 : from);
    return at === -1 ? idx.lineOf(JSON.stringify(name)) : idx.lineAt(at);
  }

  const defaults = new Set((m['default-features'] ?? []).map((f) => (typeof f === 'string' ? f : f.name)));
  const entries: { dep: Dependency; feature?: string }[] = [
    ...(m.dependencies ?? []).map((dep) => ({ dep })),
    ...[...(m.features ?? new Map<string, { dependencies?: Dependency[] }>()).entries()].flatMap(([feature, f]) => (f.dependencies ?? []).map((dep: Dependency) => ({ dep, feature }))),
  ];
  const components: Component[] = [];
  const flagged = new Set<string>();
  for (const { dep, feature } of entries) {
    const d = typeof dep === 'string' ? { name: dep } : dep;
    const name = d.name;
    if (!name.trim()) continue;
    const host = typeof dep !== 'string' && dep.host === true;
    const scope: Scope = host ? 'build' : feature && !defaults.has(feature) ? 'optional' : 'runtime';
    const src = sourceOf(name);
    const o = overrides.get(name);
    const properties: Property[] = [{ name: 'vcpkg:registry', value: src.repository }];
    if (src.baseline) properties.push({ name: 'vcpkg:baseline', value: src.baseline });
    const range = typeof dep === 'string' ? undefined : dep['version>='];
    if (range) properties.push({ name: 'declared-range', value: `>=${range}` });
    if (o?.portVersion !== undefined) properties.push({ name: 'vcpkg:port-version', value: String(o.portVersion) });
    if (feature) properties.push({ name: 'vcpkg:feature', value: feature });
    if (typeof dep !== 'string' && dep.platform) properties.push({ name: 'vcpkg:platform', value: dep.platform });
    const features = typeof dep === 'string' ? [] : (dep.features ?? []).map((f) => (typeof f === 'string' ? f : f.name));
    if (features.length) properties.push({ name: 'vcpkg:features', value: features.join(',') });
    const version = o?.version ?? '';
    const line = feature ? lineOfName(name, 'features') : lineOfName(name, 'dependencies');
    const c = component({
      ecosystem: ECOSYSTEM,
      name,
      version,
      purl: purlOf('generic', undefined, name, version, { repository_url: src.repository }),
      scope,
      direct: true,
      origin: { type: 'registry', url: src.repository },
      evidence: [{ file, ...(line !== undefined ? { line } : {}), key: feature ? `features.${feature}.dependencies[${name}]` : `dependencies[${name}]`, source: SOURCE_ID }],
      properties,
      ...(host ? { kind: 'tool' as const } : {}),
    });
    components.push(c);
    if (!o && !flagged.has(c.key)) {
      flagged.add(c.key);
      findings.push({
        rule: 'vcpkg.unpinned',
        severity: 'warning',
        message: src.baseline
          ? `${clip(name, 60)}${range ? ` (version>= ${clip(range, 30)})` : ''} gets the version that ${src.kind === 'builtin' ? "vcpkg's builtin registry" : `the registry ${clip(src.repository, 80)}`} holds at baseline ${clip(src.baseline, 40)}; that versions database is not in this repository, so the exact version is not known here`
          : `${clip(name, 60)} has no baseline (no builtin-baseline, no registry baseline): vcpkg installs whatever version its checkout's ports hold`,
        file,
        ...(line !== undefined ? { line } : {}),
        item: c.key,
        fix: `Add an "overrides" entry { "name": "${clip(name, 60)}", "version": "<the version vcpkg installs>" } (vcpkg list shows it), which pins it exactly${src.baseline ? '' : ', and set builtin-baseline (`vcpkg x-update-baseline --add-initial-baseline`)'}.`,
      });
    }
  }
  if (components.length) {
    findings.push({
      rule: 'vcpkg.transitive',
      severity: 'info',
      message: `${file} names direct dependencies only; the ports they depend on are resolved by vcpkg from its registry and are not in this inventory`,
      file,
      fix: 'After `vcpkg install`, keep the SBOMs vcpkg writes (vcpkg_installed/<triplet>/share/<port>/vcpkg.spdx.json) with the release, or declare the ports in tureen.config.yaml.',
    });
  }
  return { components: mergeComponents(components), findings };
}

function registrySource(r: Registry): Source {
  const repository = r.kind === 'builtin' ? BUILTIN_REGISTRY : r.repository ?? r.path ?? r.kind;
  return { repository, kind: r.kind, ...(r.baseline ? { baseline: r.baseline } : {}) };
}

/** vcpkg package patterns: an exact name, or a prefix followed by "*". */
function matchPattern(pattern: string, name: string): boolean {
  return pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : pattern === name;
}

/** "1.2.3#2" → ["1.2.3", 2] (vcpkg's version#port-version notation). */
function splitPort(v: string): [string, number | undefined] {
  const m = /^(.*)#(\d+)$/.exec(v);
  return m ? [m[1] as string, Number(m[2])] : [v, undefined];
}
