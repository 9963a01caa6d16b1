import type { Finding } from '../../model/finding.js';
import { clip } from '../../util/text.js';
import { parseToml } from '../../util/toml.js';
import { LineIndex } from '../../util/lines.js';
import { keyLine } from './lines.js';
import { isValidName, normalizeName } from './names.js';
import { parseRequirement, type Requirement } from './pep508.js';

/** How a production install treats a declared dependency. */
export type DeclKind = 'main' | 'optional' | 'dev';

/** One dependency the project declares in pyproject.toml. */
export interface DeclaredDep {
  /** PEP 503-normalised name. */
  name: string;
  /** 'main', the extra's name, or the group's name. */
  group: string;
  kind: DeclKind;
  /** The PEP 508 requirement (PEP 621 / dependency groups / PDM), when the entry is one. */
  req?: Requirement;
  /** Poetry: the version constraint or the table as declared. */
  constraint?: string;
  /** Extras the declaration asks for. */
  extras: string[];
  line?: number;
}

export interface Pyproject {
  name?: string;
  version?: string;
  deps: DeclaredDep[];
}

type Table = Record<string, unknown>;
const isTable = (v: unknown): v is Table => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
const get = (t: unknown, k: string): unknown => (isTable(t) ? Object.getOwnPropertyDescriptor(t, k)?.value : undefined);
const entries = (t: unknown): [string, unknown][] => (isTable(t) ? Object.keys(t).map((k) => [k, get(t, k)]) : []);

/**
 * The dependencies a pyproject.toml declares: PEP 621 `[project].dependencies` (main) and
 * `[project.optional-dependencies]` (optional, per extra), PEP 735 `[dependency-groups]` (dev, include-group
 * followed), Poetry `[tool.poetry.dependencies]` (main; `optional = true` → optional; `python` skipped),
 * `[tool.poetry.dev-dependencies]` and `[tool.poetry.group.<g>.dependencies]` (dev, except the group "main"),
 * PDM `[tool.pdm.dev-dependencies]` and uv's legacy `[tool.uv] dev-dependencies` (dev).
 * Entries of unexpected shape are skipped (the lockfile is the authority); a TOML syntax error is a TureenError.
 */
export function readPyproject(text: string, file: string): Pyproject {
  const doc = parseToml(text, file);
  const idx = new LineIndex(text);
  const deps: DeclaredDep[] = [];
  const lineOfString = (s: string): number | undefined => {
    for (const q of ['"', "'"]) {
      const i = text.indexOf(`${q}${s}`);
      if (i !== -1) return idx.lineAt(i);
    }
    return undefined;
  };
  const addPep508 = (list: unknown, group: string, kind: DeclKind) => {
    if (!Array.isArray(list)) return;
    for (const item of list) {
      if (typeof item !== 'string') continue;
      const req = parseRequirement(item);
      if (!req) continue;
      const line = lineOfString(item.trim());
      deps.push({ name: normalizeName(req.name), group, kind, req, extras: req.extras, ...(line !== undefined ? { line } : {}) });
    }
  };

  const project = get(doc, 'project');
  addPep508(get(project, 'dependencies'), 'main', 'main');
  for (const [extra, list] of entries(get(project, 'optional-dependencies'))) addPep508(list, extra, 'optional');

  // PEP 735 dependency groups, with {include-group = "…"} followed (cycles stop)
  const groups = get(doc, 'dependency-groups');
  const expand = (g: string, seen: Set<string>): unknown[] => {
    if (seen.has(g)) return [];
    seen.add(g);
    const list = get(groups, g);
    if (!Array.isArray(list)) return [];
    return list.flatMap((x) => {
      const inc = get(x, 'include-group');
      return typeof inc === 'string' ? expand(inc, seen) : [x];
    });
  };
  for (const [g] of entries(groups)) addPep508(expand(g, new Set()), g, 'dev');

  const tool = get(doc, 'tool');
  const poetry = get(tool, 'poetry');
  const addPoetry = (table: unknown, group: string, kind: DeclKind, tableName: string) => {
    for (const [rawName, spec] of entries(table)) {
      if (!isValidName(rawName) || rawName.toLowerCase() === 'python') continue;
      const specs = Array.isArray(spec) ? spec : [spec];
      const optional = specs.some((s) => get(s, 'optional') === true);
      const extras = specs.flatMap((s) => {
        const e = get(s, 'extras');
        return Array.isArray(e) ? e.filter((x): x is string => typeof x === 'string') : [];
      });
      const constraint = specs.map((s) => (typeof s === 'string' ? s : typeof get(s, 'version') === 'string' ? (get(s, 'version') as string) : '')).filter(Boolean).join(' || ');
      const line = keyLine(text, rawName, { table: tableName });
      deps.push({ name: normalizeName(rawName), group, kind: optional && kind === 'main' ? 'optional' : kind, constraint, extras, ...(line !== undefined ? { line } : {}) });
    }
  };
  addPoetry(get(poetry, 'dependencies'), 'main', 'main', 'tool.poetry.dependencies');
  addPoetry(get(poetry, 'dev-dependencies'), 'dev', 'dev', 'tool.poetry.dev-dependencies');
  for (const [g, t] of entries(get(poetry, 'group'))) {
    addPoetry(get(t, 'dependencies'), g, g === 'main' ? 'main' : 'dev', `tool.poetry.group.${g}.dependencies`);
  }

  for (const [g, list] of entries(get(get(tool, 'pdm'), 'dev-dependencies'))) addPep508(list, g, 'dev');
  addPep508(get(get(tool, 'uv'), 'dev-dependencies'), 'dev', 'dev');

  const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
  const name = str(get(project, 'name')) ?? str(get(poetry, 'name'));
  const version = str(get(project, 'version')) ?? str(get(poetry, 'version'));
  return { ...(name ? { name } : {}), ...(version ? { version } : {}), deps };
}

/** The strongest kind per normalised name (main > optional > dev), and the union of requested extras. */
export function declaredByName(deps: readonly DeclaredDep[]): Map<string, { kind: DeclKind; extras: Set<string>; dep: DeclaredDep }> {
  const rank: Record<DeclKind, number> = { main: 0, optional: 1, dev: 2 };
  const out = new Map<string, { kind: DeclKind; extras: Set<string>; dep: DeclaredDep }>();
  for (const d of deps) {
    const prev = out.get(d.name);
    if (!prev) out.set(d.name, { kind: d.kind, extras: new Set(d.extras), dep: d });
    else {
      if (rank[d.kind] < rank[prev.kind]) {
        prev.kind = d.kind;
        prev.dep = d;
      }
      for (const e of d.extras) prev.extras.add(e);
    }
  }
  return out;
}

/**
 * The pyproject.toml beside a lockfile, when there is one and it can be read. One that cannot be read is a warning
 * (`<source>.pyproject-unreadable`), not an error: the lockfile is still read, with scope from the lockfile alone.
 */
export function pyprojectBeside(sourceId: string, beside: { file: string; text: string } | undefined, findings: Finding[]): Pyproject | undefined {
  if (!beside) return undefined;
  try {
    return readPyproject(beside.text, beside.file);
  } catch (e) {
    findings.push({
      rule: `${sourceId}.pyproject-unreadable`,
      severity: 'warning',
      message: `${beside.file} beside the lockfile cannot be read (${clip(e instanceof Error ? e.message : String(e))}); scope comes from the lockfile alone`,
      file: beside.file,
      fix: 'Fix the TOML syntax of pyproject.toml.',
    });
    return undefined;
  }
}
