import type { Component, Property } from '../../model/component.js';
import type { Kind } from '../../model/classification.js';
import { malformed } from '../../model/errors.js';
import type { Finding } from '../../model/finding.js';
import { firstIssue } from '../../util/dict.js';
import { LineIndex } from '../../util/lines.js';
import { parseYaml } from '../../util/yaml.js';
import { component } from '../component.js';
import { clip, githubRepo, gitPurl, refKind, versionOfRef } from '../git-submodules/gitref.js';
import { mergeComponents } from '../merge.js';
import type { ExtractResult } from '../source.js';
import { WestManifest } from './schema.js';

export const SOURCE_ID = 'west';

/** west's default revision when neither the project nor `defaults` names one. */
export const DEFAULT_REVISION = 'master';

export interface WestInput {
  /** Repository-relative path of the manifest. */
  file: string;
  text: string;
}

/**
 * What a project is, for classification: Zephyr itself is the RTOS the firmware is built on (kind framework;
 * OSV records Zephyr's vulnerabilities against the git repository github.com/zephyrproject-rtos/zephyr, which the
 * github purl names); hal_* modules and CMSIS are vendor hardware layers (driver-bsp).
 */
function kindOf(name: string, url: string): Kind | undefined {
  const gh = githubRepo(url);
  const repo = (gh?.repo ?? name).toLowerCase();
  if (name === 'zephyr' || repo === 'zephyr' || repo === 'sdk-zephyr') return 'framework';
  if (/^hal[_-]/.test(name.toLowerCase()) || /^hal[_-]/.test(repo) || /^cmsis([_-]|$)/.test(name.toLowerCase())) return 'driver-bsp';
  return undefined;
}

/**
 * A west manifest to components: each project is code fetched from git at its revision (runtime, direct).
 * URL = `url`, else the remote's url-base + "/" + (repo-path or name); revision = the project's, else
 * defaults.revision, else "master". A branch (or no revision) gets an unpinned finding; a project whose groups
 * are all disabled by group-filter is optional (west does not fetch it unless asked). Imported manifests are not
 * read (they live in the fetched projects, not in this repository): a finding says so.
 */
export function extractWest(input: WestInput): ExtractResult {
  const { file, text } = input;
  const data = parseYaml(text, file);
  const res = WestManifest.safeParse(data);
  if (!res.success) {
    const { path, message } = firstIssue(res.error);
    throw malformed(file, `not a west manifest: ${path ? `${path}: ` : ''}${message}`, path ? { key: path } : undefined, 'Check the file with `west manifest --validate`.');
  }
  const m = res.data.manifest;
  const idx = new LineIndex(text);
  const projectsAt = text.search(/^\s*projects\s*:/m);
  const lineOfProject = (name: string): number | undefined => {
    const re = new RegExp(`^\\s*-?\\s*name\\s*:\\s*["']?${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?\\s*(#.*)?$`, 'm');
    const sub = text.slice(Math.max(0, projectsAt));
    const hit = re.exec(sub);
    return hit ? idx.lineAt(Math.max(0, projectsAt) + hit.index + (hit[0].length - hit[0].trimStart().length)) : undefined;
  };
  const remotes = new Map<string, string>();
  for (const r of m.remotes ?? []) remotes.set(r.name, r['url-base'].replace(/\/+$/, ''));
  const disabled = new Set((m['group-filter'] ?? []).filter((g) => g.startsWith('-')).map((g) => g.slice(1)));
  const enabled = new Set((m['group-filter'] ?? []).filter((g) => g.startsWith('+')).map((g) => g.slice(1)));

  const components: Component[] = [];
  const findings: Finding[] = [];
  for (const [i, p] of (m.projects ?? []).entries()) {
    if (!p.name.trim()) throw malformed(file, `manifest.projects[${i}] has an empty name`, { key: `manifest.projects[${i}].name` }, 'Give every project a name (`west manifest --validate` checks it).');
    const line = lineOfProject(p.name);
    const at = { file, ...(line !== undefined ? { line } : {}) };
    const remoteName = p.remote ?? (p.url === undefined ? m.defaults?.remote : undefined);
    let url = p.url;
    if (url === undefined && remoteName !== undefined) {
      const base = remotes.get(remoteName);
      if (base !== undefined) url = `${base}/${p['repo-path'] ?? p.name}`;
    }
    if (url === undefined) {
      findings.push({
        rule: 'west.no-url',
        severity: 'warning',
        message: `project "${clip(p.name, 60)}" has no url and ${remoteName ? `its remote "${clip(remoteName, 40)}" is not in remotes` : 'no remote'}, so west cannot fetch it`,
        ...at,
        fix: 'Give the project a url, or a remote listed under manifest.remotes (`west manifest --validate` checks it).',
      });
      continue;
    }
    const revision = p.revision ?? m.defaults?.revision ?? DEFAULT_REVISION;
    const kindOfRef = refKind(revision);
    const version = kindOfRef === 'branch' ? '' : versionOfRef(revision);
    const groups = p.groups ?? [];
    const inactive = groups.length > 0 && groups.every((g) => disabled.has(g) && !enabled.has(g));
    const properties: Property[] = [{ name: 'west:revision', value: revision }];
    if (p.path) properties.push({ name: 'west:path', value: p.path });
    if (groups.length) properties.push({ name: 'west:groups', value: groups.join(',') });
    if (p.submodules !== undefined && p.submodules !== false) properties.push({ name: 'west:submodules', value: JSON.stringify(p.submodules) ?? 'true' });
    const kind = kindOf(p.name, url);
    const c = component({
      ecosystem: 'GIT',
      name: p.name,
      version,
      purl: gitPurl(url, p.name, kindOfRef === 'branch' ? '' : revision),
      scope: inactive ? 'optional' : 'runtime',
      direct: true,
      origin: { type: 'git', url, ref: revision },
      evidence: [{ file, ...(line !== undefined ? { line } : {}), key: `manifest.projects[${p.name}]`, source: SOURCE_ID }],
      properties,
      ...(kind ? { kind } : {}),
    });
    components.push(c);
    if (kindOfRef === 'branch') {
      findings.push({
        rule: 'west.unpinned',
        severity: 'warning',
        message: `project "${clip(p.name, 60)}" follows ${p.revision === undefined && m.defaults?.revision === undefined ? `west's default revision "${DEFAULT_REVISION}"` : `the branch "${clip(revision, 40)}"`}; what \`west update\` fetches changes as the branch moves`,
        ...at,
        item: c.key,
        fix: 'Set revision to a tag or a full commit hash (`west manifest --freeze` prints the commits in use).',
      });
    }
    if (p.import !== undefined && p.import !== false) {
      findings.push({
        rule: 'west.import',
        severity: 'info',
        message: `project "${clip(p.name, 60)}" imports its own west manifest; the projects it brings (e.g. Zephyr's modules) live in that repository, not in this one, and are not in this inventory`,
        ...at,
        item: c.key,
        fix: 'Run `west manifest --freeze > west-frozen.yml` after `west update` and commit it: Tureen reads it and lists every project at its commit.',
      });
    }
  }
  return { components: mergeComponents(components), findings };
}
