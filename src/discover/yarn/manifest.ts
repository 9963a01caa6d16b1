/**
 * What the yarn sources need from a package.json: the root or workspace's name and version, its
 * dependency maps (Maps: names are data), and its workspace globs. Lenient on purpose: a field of the
 * wrong type is ignored, not fatal, because the lockfile is the file being read.
 */
import path from 'node:path';
import picomatch from 'picomatch';
import { z } from 'zod';
import { dict } from '../../util/dict.js';
import { parseJson } from '../../util/json.js';
import { LineIndex } from '../../util/lines.js';
import { malformed } from '../../model/errors.js';

export interface TextFile {
  /** Repository-relative POSIX path. */
  file: string;
  text: string;
}

export interface Manifest {
  file: string;
  name?: string;
  version?: string;
  /** Line of the "name" field (else 1), for evidence. */
  line: number;
  dependencies: Map<string, string>;
  devDependencies: Map<string, string>;
  optionalDependencies: Map<string, string>;
  peerDependencies: Map<string, string>;
  workspaces: string[];
}

const optionalString = z.string().optional().catch(undefined);
const deps = dict(z.unknown()).optional().catch(undefined);
const ManifestSchema = z.object({
  name: optionalString,
  version: optionalString,
  dependencies: deps,
  devDependencies: deps,
  optionalDependencies: deps,
  peerDependencies: deps,
  workspaces: z.unknown().optional(),
});

/** Parse a package.json. Throws TureenError when it is not a JSON object. */
export function readManifest(f: TextFile): Manifest {
  const raw = parseJson(f.text, f.file);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw malformed(f.file, 'package.json must hold a JSON object', { line: 1 });
  }
  const m = ManifestSchema.parse(raw);
  const strings = (d: Map<string, unknown> | undefined) => {
    const out = new Map<string, string>();
    for (const [k, v] of d ?? []) if (typeof v === 'string') out.set(k, v);
    return out;
  };
  const nameLine = new LineIndex(f.text).lineOf('"name"');
  return {
    file: f.file,
    ...(m.name?.trim() ? { name: m.name.trim() } : {}),
    ...(m.version?.trim() ? { version: m.version.trim() } : {}),
    line: nameLine ?? 1,
    dependencies: strings(m.dependencies),
    devDependencies: strings(m.devDependencies),
    optionalDependencies: strings(m.optionalDependencies),
    peerDependencies: strings(m.peerDependencies),
    workspaces: workspaceGlobs(m.workspaces),
  };
}

/** `workspaces` as yarn v1 accepts it: an array of globs, or `{ packages: [...] }`. */
function workspaceGlobs(v: unknown): string[] {
  let list: unknown = v;
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
    list = Object.prototype.hasOwnProperty.call(v, 'packages') ? (v as { packages: unknown }).packages : undefined;
  }
  return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string' && x.trim() !== '') : [];
}

/** The workspace globs of a package.json text; [] when it cannot be read (the extractor reports that). */
export function workspacePatterns(f: TextFile): string[] {
  try {
    return readManifest(f).workspaces;
  } catch {
    return [];
  }
}

/**
 * The package.json files of the workspace members that `patterns` (relative to `baseDir`, the folder of
 * the root package.json) select among the repository's files; node_modules is never a workspace.
 * Also returns the patterns that selected nothing.
 */
export function matchWorkspaces(
  baseDir: string,
  patterns: readonly string[],
  files: readonly string[],
): { manifests: string[]; unmatched: string[] } {
  const clean = (p: string) => p.trim().replace(/^\.\//, '').replace(/\/+$/, '');
  const positive = patterns.filter((p) => !p.trim().startsWith('!')).map(clean).filter((p) => p && p !== '.');
  const negative = patterns.filter((p) => p.trim().startsWith('!')).map((p) => clean(p.trim().slice(1))).filter(Boolean);
  const isNeg = negative.length ? picomatch(negative, { dot: false }) : () => false;
  const matchers = positive.map((p) => ({ pattern: p, test: picomatch(p, { dot: false }) }));
  const hit = new Set<string>();
  const manifests: string[] = [];
  const prefix = baseDir ? `${baseDir}/` : '';
  for (const f of files) {
    if (!f.startsWith(prefix) || !f.endsWith('/package.json')) continue;
    const relDir = path.posix.dirname(f.slice(prefix.length));
    if (relDir === '.' || relDir.split('/').includes('node_modules')) continue;
    let matched = false;
    for (const m of matchers) {
      if (m.test(relDir)) {
        hit.add(m.pattern);
        matched = true;
      }
    }
    if (matched && !isNeg(relDir)) manifests.push(f);
  }
  return { manifests: manifests.sort(), unmatched: positive.filter((p) => !hit.has(p)) };
}
