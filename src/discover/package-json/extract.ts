import { posix } from 'node:path';
import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser';
import npa from 'npm-package-arg';
import semver from 'semver';
import type { Origin } from '../../model/component.js';
import { malformed } from '../../model/errors.js';
import type { Finding } from '../../model/finding.js';
import { firstIssue } from '../../util/dict.js';
import { parseJson, stripBom } from '../../util/json.js';
import { licensesFrom } from '../../util/license.js';
import { LineIndex } from '../../util/lines.js';
import { npmPurl, rootName } from '../../util/purl.js';
import { DepGraph, type EdgeKind } from '../graph.js';
import { mergeComponents } from '../merge.js';
import type { ExtractResult } from '../source.js';
import { Manifest } from './schema.js';
import { clip } from '../../util/text.js';

export const SOURCE_ID = 'package-json';
export const RANGE_RULE = 'package-json.range';
export const RANGE_MESSAGE = 'version is a range, not an exact version; a SOUP item needs an exact version';
export const RANGE_FIX =
  'Commit a lockfile (package-lock.json, yarn.lock, pnpm-lock.yaml or bun.lock) so that the exact version of every installed package is recorded.';

/** Read access to other package.json texts by repository-relative path (for `file:` folders). */
export interface ManifestLookup {
  get(path: string): string | undefined;
}

export interface ManifestInput {
  /** Repository-relative POSIX path of the package.json. */
  file: string;
  text: string;
  manifests?: ManifestLookup;
}

/** Sections in the order npm gives them precedence for one name: optional over prod over peer over dev. */
const SECTIONS: readonly { key: 'optionalDependencies' | 'dependencies' | 'peerDependencies' | 'devDependencies'; kind: EdgeKind }[] = [
  { key: 'optionalDependencies', kind: 'optional' },
  { key: 'dependencies', kind: 'prod' },
  { key: 'peerDependencies', kind: 'peer' },
  { key: 'devDependencies', kind: 'dev' },
];

interface Declared {
  /** The real package name (an alias "foo": "npm:bar@1" declares bar). */
  name: string;
  version: string;
  qualifiers?: Record<string, string>;
  origin: Origin;
  /** Why the version is not exact, when it is not. */
  notExact?: string;
}

/**
 * A package.json read on its own (no lockfile covers it): the package itself as a first-party root and
 * each declared dependency once, unresolved. A dependency has a version only when the manifest pins one
 * exactly; every other one gets a `package-json.range` finding.
 */
export function extractPackageJson(input: ManifestInput): ExtractResult {
  const { file } = input;
  const text = stripBom(input.text);
  const value = parseJson(text, file);
  const res = Manifest.safeParse(value);
  const lines = new LineIndex(text);
  let tree: Node | undefined;
  try {
    tree = parseTree(text);
  } catch {
    tree = undefined; // nesting too deep for the tree: lines are left out
  }
  const lineOf = (path: (string | number)[]): number | undefined => {
    const node = tree ? findNodeAtLocation(tree, path) : undefined;
    if (!node) return undefined;
    return lines.lineAt(node.parent?.type === 'property' ? node.parent.offset : node.offset);
  };
  if (!res.success) {
    const { path, message } = firstIssue(res.error);
    const keys = (res.error.issues[0]?.path ?? []).filter((p): p is string | number => typeof p === 'string' || typeof p === 'number');
    throw malformed(file, `not a valid package.json: ${path ? `${path}: ` : ''}${message}`, {
      line: lineOf(keys) ?? lineOf(keys.slice(0, 1)) ?? 1,
      ...(path ? { key: path } : {}),
    }, 'Fix the package.json so that npm can read it (each dependency section maps package names to version strings).');
  }
  const m = res.data;
  const dir = posix.dirname(file) === '.' ? '' : posix.dirname(file);
  const manifests = input.manifests ?? new Map<string, string>();
  const findings: Finding[] = [];
  const graph = new DepGraph();

  const declaredRoot = m.name?.trim();
  const rootNameStr = declaredRoot && tryPurl(declaredRoot, '') !== undefined ? declaredRoot : rootName(file);
  const rootVersion = m.version && semver.valid(m.version.trim()) ? (semver.valid(m.version.trim()) as string) : '';
  const rootLine = lineOf(['name']) ?? 1;
  graph.addNode('root', {
    key: npmPurl(rootNameStr, rootVersion),
    ecosystem: 'npm',
    name: rootNameStr,
    version: rootVersion,
    purl: npmPurl(rootNameStr, rootVersion),
    licenses: licensesFrom(m.license ?? m.licenses),
    hashes: [],
    origin: { type: 'workspace', ref: dir || '.' },
    firstParty: true,
    evidence: [{ file, line: rootLine, key: m.name ? 'name' : 'package.json', source: SOURCE_ID }],
  });
  graph.addRoot('root');

  // one entry per declared name: the first section in precedence order decides kind and evidence
  const chosen = new Map<string, { section: (typeof SECTIONS)[number]; spec: string }>();
  for (const section of SECTIONS) {
    for (const [name, spec] of m[section.key] ?? new Map<string, string>()) {
      if (!chosen.has(name)) chosen.set(name, { section, spec });
    }
  }

  let n = 0;
  for (const [declaredName, { section, spec }] of chosen) {
    const d = classify(declaredName, spec, dir, manifests);
    if (!d) continue; // workspace: a package of this repository, not a third-party one
    const line = lineOf([section.key, declaredName]);
    const purl = tryPurl(d.name, d.version, d.qualifiers);
    if (purl === undefined) {
      findings.push({
        rule: 'package-json.invalid-name',
        severity: 'warning',
        message: `${JSON.stringify(clip(declaredName))} is not a package name npm can install; it is left out of the inventory`,
        file,
        ...(line !== undefined ? { line } : {}),
        fix: 'Correct or remove this dependency in package.json.',
      });
      continue;
    }
    const key = `${section.key}[${JSON.stringify(declaredName)}]`;
    const id = `d${n++}`;
    graph.addNode(id, {
      key: purl,
      ecosystem: 'npm',
      name: d.name,
      version: d.version,
      purl,
      licenses: [],
      hashes: [],
      origin: d.origin,
      firstParty: false,
      evidence: [{ file, ...(line !== undefined ? { line } : {}), key, source: SOURCE_ID }],
    });
    graph.addEdge('root', id, section.kind);
    if (d.notExact !== undefined) {
      findings.push({
        rule: RANGE_RULE,
        severity: 'warning',
        message: `${JSON.stringify(declaredName)}: ${JSON.stringify(clip(spec))}: ${d.notExact}`,
        file,
        ...(line !== undefined ? { line } : {}),
        item: purl,
        fix: RANGE_FIX,
      });
    }
  }
  return { components: mergeComponents(graph.resolve().components), findings };
}

/**
 * The fields of npm-package-arg 13's result that this source reads (@types/npm-package-arg describes an
 * older version: no `subSpec`, no `hosted.https`).
 */
interface NpaResult {
  type: 'git' | 'tag' | 'version' | 'range' | 'file' | 'directory' | 'remote' | 'alias';
  fetchSpec: string | null;
  gitCommittish?: string | null;
  gitRange?: string | null;
  hosted?: { https(opts?: { noCommittish?: boolean }): string } | null;
  subSpec?: NpaResult & { name: string | null };
}

/** What a dependency spec declares, via npm's own spec parser (npm-package-arg); undefined for workspace:. */
export function classify(declaredName: string, rawSpec: string, dir: string, manifests: ManifestLookup): Declared | undefined {
  const spec = rawSpec.trim();
  const range = (name: string): Declared => ({ name, version: '', origin: { type: 'registry' }, notExact: RANGE_MESSAGE });
  if (spec.startsWith('workspace:')) return undefined;
  if (spec.startsWith('catalog:')) return range(declaredName);
  if (spec.startsWith('link:')) return local(declaredName, 'directory', spec.slice('link:'.length), 'link', dir, manifests);
  let r: NpaResult;
  try {
    // the spec alone decides its type; a placeholder name keeps hostile names out of npa's name checks
    r = npa.resolve('x', spec, '/') as unknown as NpaResult;
  } catch {
    return { name: declaredName, version: '', origin: { type: 'unknown' }, notExact: `npm cannot read this version spec; ${RANGE_MESSAGE}` };
  }
  switch (r.type) {
    case 'version': {
      // npm takes "1.2.3", "v1.2.3" and "=1.2.3" as the same exact version
      const v = semver.valid((r.fetchSpec ?? '').replace(/^=/, ''));
      return v ? { name: declaredName, version: v, origin: { type: 'registry' } } : range(declaredName);
    }
    case 'range':
    case 'tag':
      return range(declaredName);
    case 'alias': {
      const sub = r.subSpec;
      const name = sub?.name ?? declaredName;
      const v = sub?.type === 'version' ? semver.valid((sub.fetchSpec ?? '').replace(/^=/, '')) : null;
      return v ? { name, version: v, origin: { type: 'registry' } } : range(name);
    }
    case 'git': {
      const url = (r.hosted ? r.hosted.https({ noCommittish: true }) : r.fetchSpec ?? '').replace(/^git\+/, '');
      const committish = r.gitCommittish ?? '';
      const commit = /^[0-9a-f]{40}$/i.test(committish) ? committish.toLowerCase() : '';
      const ref = committish || (r.gitRange ? `semver:${r.gitRange}` : '');
      return {
        name: declaredName,
        version: commit,
        qualifiers: { vcs_url: `git+${url}${ref ? `#${ref}` : ''}` },
        origin: { type: 'git', url, ...(ref ? { ref } : {}) },
        ...(commit ? {} : { notExact: `the git reference ${ref ? `"${ref}" ` : ''}is not a commit, so the code it names can change; a SOUP item needs an exact version` }),
      };
    }
    case 'remote': {
      const url = r.fetchSpec ?? spec;
      const version = versionFromTarball(declaredName, url);
      return {
        name: declaredName,
        version,
        qualifiers: { download_url: url },
        origin: { type: 'tarball', url },
        ...(version ? {} : { notExact: `the tarball's file name does not give its version; ${RANGE_MESSAGE}` }),
      };
    }
    case 'file':
    case 'directory':
      return local(declaredName, r.type, spec.replace(/^file:/, ''), 'file', dir, manifests);
    default:
      return { name: declaredName, version: '', origin: { type: 'unknown' }, notExact: RANGE_MESSAGE };
  }
}

/** A local folder or tarball: the version from the folder's package.json or the tarball's file name. */
function local(name: string, kind: 'file' | 'directory', path: string, type: 'file' | 'link', dir: string, manifests: ManifestLookup): Declared {
  let version = '';
  if (kind === 'file') version = versionFromTarball(name, path);
  else {
    const at = insideRepo(dir, path);
    const text = at === undefined ? undefined : manifests.get(posix.join(at, 'package.json'));
    if (text !== undefined) {
      try {
        const v = (JSON.parse(stripBom(text)) as { version?: unknown }).version;
        if (typeof v === 'string' && semver.valid(v)) version = semver.valid(v) as string;
      } catch {
        // that package.json is reported when it is read itself
      }
    }
  }
  return {
    name,
    version,
    origin: { type: kind === 'file' ? 'tarball' : type, ref: path },
    ...(version ? {} : { notExact: `the version of this local ${kind === 'file' ? 'tarball' : 'folder'} is not known; ${RANGE_MESSAGE}` }),
  };
}

/** The purl, or undefined when the name cannot make one (e.g. an empty name). */
function tryPurl(name: string, version: string, qualifiers?: Record<string, string>): string | undefined {
  try {
    return npmPurl(name, version, qualifiers);
  } catch {
    return undefined;
  }
}

/** A repository-relative path below `dir`, or undefined when it would leave the repository. */
function insideRepo(dir: string, rel: string): string | undefined {
  if (rel.startsWith('/') || rel.startsWith('~') || /^[a-z]:/i.test(rel)) return undefined;
  const p = posix.normalize(posix.join(dir, rel));
  return p === '..' || p.startsWith('../') ? undefined : p;
}

/** ".../left-pad-1.2.0.tgz" → "1.2.0" when the file name is <bare name>-<semver>.tgz, else "". */
function versionFromTarball(name: string, location: string): string {
  const bare = name.includes('/') ? name.slice(name.lastIndexOf('/') + 1) : name;
  const path = location.split(/[?#]/)[0] ?? '';
  const base = path.slice(path.lastIndexOf('/') + 1);
  const m = /^(.*?)-(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)\.(?:tgz|tar\.gz|tar)$/i.exec(base);
  return m && m[1] === bare && semver.valid(m[2] ?? '') ? (m[2] as string) : '';
}

