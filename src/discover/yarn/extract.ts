import type { Hash, Origin } from '../../model/component.js';
import { malformed } from '../../model/errors.js';
import type { Finding } from '../../model/finding.js';
import { firstIssue } from '../../util/dict.js';
import { hexHash, sriToHashes } from '../../util/hash.js';
import { stripBom } from '../../util/json.js';
import { npmPurl, rootName } from '../../util/purl.js';
import { DepGraph, nodeFinding, type EdgeKind, type NodeData } from '../graph.js';
import { mergeComponents } from '../merge.js';
import type { ExtractResult } from '../source.js';
import { gitVcsUrl, isGitUrl, isRegistryRange, splitDescriptor, urlFragment } from './descriptor.js';
import { STALE_FIX, entryLines, ownRecord, parseYarnLock, protoDependencies, yarnLockFlavour } from './lockfile.js';
import { readManifest, type Manifest, type TextFile } from './manifest.js';
import { V1Entry } from './schema.js';

export const SOURCE_ID = 'yarn';

export interface YarnV1Input {
  lockfile: TextFile;
  /** The package.json in the lockfile's folder, when there is one. */
  manifest?: TextFile;
  /** The package.json of each workspace member its `workspaces` globs select. */
  workspaces?: TextFile[];
}

/** The identity of one resolved package: what it is and where yarn got it. */
export interface Identity {
  name: string;
  version: string;
  purl: string;
  origin: Origin;
  hashes: Hash[];
}

/**
 * Components of a yarn v1 lockfile. Roots (the project and its workspaces, which v1 lockfiles do not
 * list) come from the package.json files; each dependency `name@range` resolves to the lockfile entry
 * whose key list holds it, else to a workspace of that name. Scope is what `yarn install --production`
 * would do: reachable only through a root's devDependencies → development; only through an optional
 * edge → optional. Without a package.json every entry is kept as runtime (when in doubt, SOUP).
 */
export function extractYarnV1(input: YarnV1Input): ExtractResult {
  const file = input.lockfile.file;
  const text = stripBom(input.lockfile.text);
  const flavour = yarnLockFlavour(text);
  if (flavour === 'empty') return { components: [], findings: [] };
  if (flavour !== 'v1') {
    throw malformed(
      file,
      flavour === 'berry'
        ? 'this is a yarn berry (v2+) lockfile, not a yarn v1 one'
        : 'not a yarn v1 lockfile: the "# yarn lockfile v1" header comment is missing',
      { line: 1 },
      'Regenerate the lockfile with `yarn install`; yarn v1 always writes the header comment.',
    );
  }
  const raw = parseYarnLock(text, file);
  if (Object.getPrototypeOf(raw) !== Object.prototype) {
    throw malformed(file, 'an entry is keyed "__proto__", which is not a name@range', { key: '__proto__' });
  }
  const lines = entryLines(text);
  const protoDeps = protoDependencies(text);
  const findings: Finding[] = [];
  const graph = new DepGraph();

  // Entries: the grammar gives each descriptor of "a@1, a@2:" its own key, sharing one object.
  const groups = new Map<object, string[]>();
  for (const key of Object.keys(raw)) {
    const value = raw[key];
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw malformed(file, `entry "${key}" is not a block of fields`, { line: lines.get(key), key });
    }
    const list = groups.get(value);
    if (list) list.push(key);
    else groups.set(value, [key]);
  }

  const byDescriptor = new Map<string, string>(); // "name@range" → node id
  const entryDeps: { id: string; deps: [string, string, EdgeKind, number | undefined][] }[] = [];
  let index = 0;
  for (const [obj, descriptors] of groups) {
    const first = descriptors[0] as string;
    const line = minLine(descriptors.map((d) => lines.get(d)));
    const parsed = V1Entry.safeParse(ownRecord(obj));
    if (!parsed.success) {
      const issue = firstIssue(parsed.error);
      throw malformed(file, `entry "${first}" ${issue.path ? `(${issue.path}) ` : ''}${issue.message}`, { line, key: first });
    }
    const entry = parsed.data;
    const split = splitDescriptor(first);
    if (!split) throw malformed(file, `entry key "${first}" is not of the form name@range`, { line, key: first });
    for (const d of descriptors) {
      if (!splitDescriptor(d)) throw malformed(file, `entry key "${d}" is not of the form name@range`, { line, key: d });
    }
    const id = `entry:${index++}`;
    const ident = v1Identity(split.name, split.range, entry);
    graph.addNode(id, {
      key: ident.purl,
      ecosystem: 'npm',
      name: ident.name,
      version: ident.version,
      purl: ident.purl,
      licenses: [],
      hashes: ident.hashes,
      origin: ident.origin,
      firstParty: false,
      evidence: [{ file, ...(line !== undefined ? { line } : {}), key: first, source: SOURCE_ID }],
    });
    for (const d of descriptors) if (!byDescriptor.has(d)) byDescriptor.set(d, id);

    const deps: [string, string, EdgeKind, number | undefined][] = [];
    for (const [n, r] of entry.dependencies ?? []) deps.push([n, r, 'prod', line]);
    for (const [n, r] of entry.optionalDependencies ?? []) deps.push([n, r, 'optional', line]);
    const recovered = descriptors.map((d) => protoDeps.get(d)).find((l) => l !== undefined) ?? [];
    for (const p of recovered) {
      if (p.block === 'dependencies') deps.push(['__proto__', p.range, 'prod', p.line]);
      else if (p.block === 'optionalDependencies') deps.push(['__proto__', p.range, 'optional', p.line]);
    }
    entryDeps.push({ id, deps });
  }

  // Roots: the package.json beside the lockfile and its workspaces.
  const roots: { id: string; manifest: Manifest }[] = [];
  if (input.manifest) {
    const root = tryManifest(input.manifest, findings);
    if (root) roots.push({ id: `root:${root.file}`, manifest: root });
  } else {
    findings.push({
      rule: 'yarn.roots-unknown',
      severity: 'warning',
      message: `no package.json beside ${file}: which packages are development-only cannot be told, so every entry is listed as runtime`,
      file,
      fix: 'Scan the folder that holds both yarn.lock and its package.json.',
    });
  }
  if (roots.length) {
    for (const ws of input.workspaces ?? []) {
      const m = tryManifest(ws, findings);
      if (m) roots.push({ id: `root:${m.file}`, manifest: m });
    }
  }
  const workspaceByName = new Map<string, string>();
  for (const r of roots) if (r.manifest.name && !workspaceByName.has(r.manifest.name)) workspaceByName.set(r.manifest.name, r.id);

  for (const r of roots) {
    const m = r.manifest;
    const name = m.name ?? rootName(m.file);
    const version = m.version ?? '';
    const purl = npmPurl(name, version);
    const dir = m.file.includes('/') ? m.file.slice(0, m.file.lastIndexOf('/')) : '.';
    graph.addNode(r.id, {
      key: purl,
      ecosystem: 'npm',
      name,
      version,
      purl,
      licenses: [],
      hashes: [],
      origin: { type: 'workspace', ref: dir },
      firstParty: true,
      evidence: [{ file: m.file, line: m.line, key: 'name', source: SOURCE_ID }],
    } satisfies NodeData);
    graph.addRoot(r.id);
  }

  const resolveDep = (name: string, range: string): string | undefined =>
    byDescriptor.get(`${name}@${range}`) ?? workspaceByName.get(name);

  for (const r of roots) {
    const m = r.manifest;
    const fields: [Map<string, string>, EdgeKind, string][] = [
      [m.dependencies, 'prod', 'dependencies'],
      [m.optionalDependencies, 'optional', 'optionalDependencies'],
      [m.devDependencies, 'dev', 'devDependencies'],
    ];
    for (const [map, kind, field] of fields) {
      for (const [name, range] of map) {
        const to = resolveDep(name, range);
        if (to) graph.addEdge(r.id, to, kind);
        else {
          findings.push({
            rule: 'yarn.unresolved',
            severity: 'warning',
            message: `${m.file} ${field} "${name}": "${range}" has no entry in ${file}: the lockfile is out of date, so what yarn installs for it is unknown`,
            file,
            fix: 'Run `yarn install` and commit the updated yarn.lock.',
          });
        }
      }
    }
    // peerDependencies of a root are not installed by yarn v1: no edge.
  }
  for (const { id, deps } of entryDeps) {
    for (const [name, range, kind, line] of deps) {
      const to = resolveDep(name, range);
      if (to) graph.addEdge(id, to, kind);
      else {
        const from = graph.node(id);
        findings.push({
          rule: 'yarn.unresolved',
          severity: 'warning',
          message: `${from ? `${from.name}@${from.version}` : id} depends on "${name}@${range}", which has no entry in the lockfile`,
          file,
          ...(line !== undefined ? { line } : {}),
          ...(from ? { item: from.key } : {}),
          fix: 'Run `yarn install` and commit the updated yarn.lock.',
        });
      }
    }
  }

  const { components, unreachable } = graph.resolve({ unreachableScope: roots.length ? 'development' : 'runtime' });
  if (roots.length) {
    for (const n of unreachable) {
      findings.push(nodeFinding(n, file, {
        rule: 'yarn.stale-entry',
        severity: 'info',
        message: `${n.name}@${n.version} is in ${file} but no dependency of the project or its workspaces leads to it; listed as development`,
        fix: STALE_FIX,
      }));
    }
  }
  return { components: mergeComponents(components), findings };
}

function tryManifest(f: TextFile, findings: Finding[]): Manifest | undefined {
  try {
    return readManifest(f);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    findings.push({
      rule: 'yarn.manifest-unreadable',
      severity: 'warning',
      message: `${f.file} could not be read (${msg}); its dependencies are not known`,
      file: f.file,
      fix: 'Fix the package.json so that it is valid JSON.',
    });
    return undefined;
  }
}

function minLine(list: (number | undefined)[]): number | undefined {
  let best: number | undefined;
  for (const l of list) if (l !== undefined && (best === undefined || l < best)) best = l;
  return best;
}

/**
 * What a v1 entry is: the real package (an alias `npm:real@range` is `real`), its version, and its
 * source decided from `resolved` (git URL → vcs_url, tarball URL given as the range → download_url,
 * registry otherwise). The `#<sha1>` of a registry or tarball URL is the tarball's SHA-1.
 */
export function v1Identity(name: string, range: string, entry: V1Entry): Identity {
  let realName = name;
  let realRange = range;
  if (range.startsWith('npm:')) {
    const target = range.slice(4);
    const inner = splitDescriptor(target);
    if (inner) {
      realName = inner.name;
      realRange = inner.range;
    } else if (isRegistryRange(target)) {
      realRange = target;
    } else {
      realName = target;
      realRange = '';
    }
  }
  const version = entry.version;
  const hashes: Hash[] = sriToHashes(entry.integrity);
  const addSha1 = (url: string) => {
    const frag = urlFragment(url);
    const h = frag ? hexHash('SHA-1', frag) : undefined;
    if (h && !hashes.some((x) => x.alg === h.alg && x.content === h.content)) hashes.push(h);
  };
  const resolved = entry.resolved;
  let origin: Origin;
  let qualifiers: Record<string, string> | undefined;
  if (resolved) {
    const bare = resolved.split('#')[0] ?? resolved;
    if (isGitUrl(resolved)) {
      const commit = urlFragment(resolved);
      origin = { type: 'git', url: bare, ...(commit ? { ref: commit } : {}) };
      qualifiers = { vcs_url: gitVcsUrl(resolved, commit) };
    } else if (/^file:/i.test(resolved)) {
      origin = { type: 'file', ref: resolved.slice(5) };
    } else if (/^https?:/i.test(resolved)) {
      addSha1(resolved);
      if (isRegistryRange(realRange)) origin = { type: 'registry', url: bare };
      else {
        origin = { type: 'tarball', url: bare };
        qualifiers = { download_url: bare };
      }
    } else {
      origin = { type: 'unknown', url: resolved };
    }
  } else if (/^link:/i.test(realRange)) {
    origin = { type: 'link', ref: realRange.slice(5) };
  } else if (/^file:/i.test(realRange) || /^(\.{1,2}\/|\/|~\/)/.test(realRange)) {
    origin = { type: 'file', ref: realRange.replace(/^file:/i, '') };
  } else if (isGitUrl(realRange)) {
    origin = { type: 'git', url: realRange.split('#')[0] ?? realRange };
    qualifiers = { vcs_url: gitVcsUrl(realRange, urlFragment(realRange)) };
  } else if (isRegistryRange(realRange)) {
    origin = { type: 'registry' };
  } else {
    origin = { type: 'unknown', ref: realRange };
  }
  return { name: realName, version, purl: npmPurl(realName, version, qualifiers), origin, hashes };
}
