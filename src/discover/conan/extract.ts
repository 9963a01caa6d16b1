import type { Component, Property, Scope } from '../../model/component.js';
import { malformed } from '../../model/errors.js';
import type { Finding } from '../../model/finding.js';
import { firstIssue } from '../../util/dict.js';
import { parseJson } from '../../util/json.js';
import { LineIndex } from '../../util/lines.js';
import { purlOf } from '../../util/purl.js';
import { component } from '../component.js';
import { clip } from '../git-submodules/gitref.js';
import { DepGraph } from '../graph.js';
import { mergeComponents } from '../merge.js';
import type { ExtractResult } from '../source.js';
import { parseConanRef, type ConanRef } from './ref.js';
import { Conan1Lock, Conan2Lock } from './schema.js';

export const SOURCE_ID = 'conan';
export const ECOSYSTEM = 'ConanCenter';

/** What kind of requirement a conanfile declares. */
export type ReqKind = 'requires' | 'tool_requires' | 'build_requires' | 'test_requires' | 'python_requires';

/** One requirement written in a conanfile, with its line. */
export interface Declared {
  kind: ReqKind;
  ref: string;
  line: number;
}

const SCOPE: Record<ReqKind, Scope> = {
  requires: 'runtime',
  tool_requires: 'build',
  build_requires: 'build',
  test_requires: 'test',
  python_requires: 'build',
};

/**
 * `pkg:conan/<name>@<version>?rrev=` (purl spec, conan type); a reference with user/channel adds them as
 * qualifiers and, as the spec's validation requires with a channel, the user as namespace.
 */
export function conanPurl(r: ConanRef): string {
  const channel = r.user ? r.channel : undefined;
  return purlOf('conan', channel ? r.user : undefined, r.name.toLowerCase(), r.version, { user: r.user, channel, rrev: r.rrev });
}

// ---- conanfile.txt ------------------------------------------------------------------------------

const TXT_SECTIONS: Record<string, ReqKind> = {
  requires: 'requires',
  tool_requires: 'tool_requires',
  build_requires: 'build_requires',
  test_requires: 'test_requires',
  python_requires: 'python_requires',
};

/**
 * The requirements of a conanfile.txt: one reference per line under [requires], [tool_requires],
 * [build_requires] (Conan 1's name) and [test_requires]; "#" starts a comment
 * (https://docs.conan.io/2/reference/conanfile_txt.html).
 */
export function parseConanfileTxt(text: string): Declared[] {
  const out: Declared[] = [];
  let section: ReqKind | undefined;
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line) return;
    const sec = /^\[([^\]]*)\]$/.exec(line);
    if (sec) {
      section = TXT_SECTIONS[(sec[1] ?? '').trim().toLowerCase()];
      return;
    }
    if (section) out.push({ kind: section, ref: line, line: i + 1 });
  });
  return out;
}

// ---- conanfile.py -------------------------------------------------------------------------------

/**
 * The requirements a conanfile.py writes as string literals: class attributes `requires = "a/1.0", "b/2.0"`
 * (string, tuple or list; also tool_requires, build_requires, test_requires, python_requires) and calls
 * `self.requires("x/1.2")`, `self.tool_requires(...)`, `self.build_requires(...)`, `self.test_requires(...)`.
 * This is a tokenizer over the Python source, never execution: requirements computed at run time (variables,
 * f-strings, conditions) are reported by `dynamic` and not read; conditional ones are read as if they applied.
 */
export function parseConanfilePy(text: string): { declared: Declared[]; dynamic: { kind: ReqKind; line: number; text: string }[] } {
  const { code, strings } = scanPython(text);
  const idx = new LineIndex(text);
  const declared: Declared[] = [];
  const dynamic: { kind: ReqKind; line: number; text: string }[] = [];
  const stringAt = new Map(strings.map((s) => [s.start, s]));

  // self.<kind>( <first argument> ...
  const call = /\bself\s*\.\s*(requires|tool_requires|build_requires|test_requires)\s*\(\s*/g;
  for (let m = call.exec(code); m; m = call.exec(code)) {
    const kind = m[1] as ReqKind;
    const argAt = m.index + m[0].length;
    const s = stringAt.get(argAt);
    const after = s ? code.slice(s.end).trimStart()[0] : undefined;
    if (s && !s.formatted && (after === ',' || after === ')')) declared.push({ kind, ref: s.value, line: idx.lineAt(s.start) });
    else dynamic.push({ kind, line: idx.lineAt(m.index), text: code.slice(argAt, argAt + 60).split('\n')[0] ?? '' });
  }

  // <kind> = "a", "b"  |  ("a", "b")  |  ["a", "b"]   (class attributes, at the start of a line)
  const attr = /^[ \t]*(requires|tool_requires|build_requires|test_requires|python_requires)[ \t]*=[ \t]*/gm;
  for (let m = attr.exec(code); m; m = attr.exec(code)) {
    const kind = m[1] as ReqKind;
    let i = m.index + m[0].length;
    const open = code[i];
    let end: number;
    if (open === '(' || open === '[') {
      end = matching(code, i);
      i += 1;
    } else {
      // to the end of the logical line (backslash continuations)
      end = i;
      while (end < code.length && code[end] !== '\n') end = code[end] === '\\' && code[end + 1] === '\n' ? end + 2 : end + 1;
    }
    let any = false;
    for (const s of strings) {
      if (s.start < i || s.start >= end) continue;
      any = true;
      if (s.formatted) dynamic.push({ kind, line: idx.lineAt(s.start), text: s.value });
      else declared.push({ kind, ref: s.value, line: idx.lineAt(s.start) });
    }
    if (!any && code.slice(i, end).trim() && !/^(None|\(\s*\)|\[\s*\])$/.test(code.slice(i - (open === '(' || open === '[' ? 1 : 0), end + (open === '(' || open === '[' ? 1 : 0)).trim())) {
      dynamic.push({ kind, line: idx.lineAt(m.index), text: code.slice(i, Math.min(end, i + 60)).split('\n')[0] ?? '' });
    }
  }
  declared.sort((a, b) => a.line - b.line);
  return { declared, dynamic };
}

interface PyString {
  start: number;
  end: number;
  value: string;
  formatted: boolean;
}

/**
 * Python source with comments and strings blanked out (offsets kept) and the string literals found in it. Handles
 * '…', "…", triple quotes, prefixes (r, b, f, u), and backslash escapes; an unterminated string runs to the end.
 */
function scanPython(text: string): { code: string; strings: PyString[] } {
  const chars = text.split('');
  const strings: PyString[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '#') {
      while (i < text.length && text[i] !== '\n') chars[i++] = ' ';
      continue;
    }
    if (c === '"' || c === "'") {
      let p = i;
      while (p > 0 && /[rRbBfFuU]/.test(text[p - 1] ?? '') && i - p < 2) p--;
      if (p > 0 && /[A-Za-z0-9_]/.test(text[p - 1] ?? '')) p = i; // part of an identifier, not a prefix
      const prefix = text.slice(p, i).toLowerCase();
      const triple = text.startsWith(c.repeat(3), i);
      const q = triple ? c.repeat(3) : c;
      let j = i + q.length;
      let value = '';
      while (j < text.length) {
        if (text.startsWith(q, j)) break;
        if (!triple && text[j] === '\n') break;
        if (text[j] === '\\' && !prefix.includes('r')) {
          value += text[j + 1] ?? '';
          j += 2;
          continue;
        }
        value += text[j];
        j++;
      }
      const end = Math.min(text.length, j + (text.startsWith(q, j) ? q.length : 0));
      strings.push({ start: p, end, value, formatted: prefix.includes('f') && value.includes('{') });
      // blanked with a mark that is neither space nor word character, so that offsets and \s* stop at it
      for (let k = p; k < end; k++) if (chars[k] !== '\n') chars[k] = '\u0001';
      i = end;
      continue;
    }
    i++;
  }
  return { code: chars.join(''), strings };
}

/** Offset of the bracket closing the one at `open` (strings are blank already), or the end of the text. */
function matching(code: string, open: number): number {
  let depth = 0;
  for (let i = open; i < code.length; i++) {
    const c = code[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return code.length;
}

// ---- conanfile → components ---------------------------------------------------------------------

export interface ConanfileInput {
  /** Repository-relative path of conanfile.txt or conanfile.py. */
  file: string;
  text: string;
}

/** A conanfile.txt or conanfile.py (by its name) to components: one per requirement, direct. */
export function extractConanfile(input: ConanfileInput): ExtractResult {
  const { file, text } = input;
  const isPy = file.endsWith('.py');
  const findings: Finding[] = [];
  let declared: Declared[];
  if (isPy) {
    const r = parseConanfilePy(text);
    declared = r.declared;
    for (const d of r.dynamic) {
      findings.push({
        rule: 'conan.dynamic-requirement',
        severity: 'info',
        message: `${d.kind} at line ${d.line} is computed when Conan runs the recipe (${clip(d.text.trim(), 60)}); Tureen reads conanfile.py without running it, so this requirement is not in the inventory`,
        file,
        line: d.line,
        fix: 'Create and commit a lockfile (`conan lock create .`), which Tureen reads instead, or declare the item in tureen.config.yaml.',
      });
    }
  } else {
    declared = parseConanfileTxt(text);
  }
  const components: Component[] = [];
  for (const d of declared) {
    const r = parseConanRef(d.ref);
    if (!r) {
      findings.push({
        rule: 'conan.bad-reference',
        severity: 'warning',
        message: `"${clip(d.ref, 80)}" is not a Conan reference (name/version[@user/channel])`,
        file,
        line: d.line,
        fix: 'Write the requirement as name/version, e.g. zlib/1.3.1.',
      });
      continue;
    }
    const c = toComponent(r, SCOPE[d.kind], true, { file, line: d.line, key: `${d.kind}[${r.name}]`, source: SOURCE_ID });
    if (d.kind !== 'requires') c.properties = [...(c.properties ?? []), { name: 'conan:requirement', value: d.kind }];
    if (d.kind === 'tool_requires' || d.kind === 'build_requires' || d.kind === 'python_requires') c.kind = 'tool';
    components.push(c);
    if (r.range !== undefined) {
      findings.push({
        rule: 'conan.unpinned',
        severity: 'warning',
        message: `${r.name} is required as the range "${clip(r.range, 60)}" in ${file}:${d.line}; the version Conan resolves can change from one install to the next`,
        file,
        line: d.line,
        item: c.key,
        fix: `Pin an exact version (${r.name}/<version>), or run \`conan lock create ${file}\` and commit conan.lock beside it.`,
      });
    }
  }
  return { components: mergeComponents(components), findings };
}

function toComponent(r: ConanRef, scope: Scope, direct: boolean, ev: { file: string; line?: number; key: string; source: string }): Component {
  const purl = conanPurl(r);
  const properties: Property[] = [];
  if (r.range !== undefined) properties.push({ name: 'declared-range', value: r.range });
  if (r.user) properties.push({ name: 'conan:user', value: r.user });
  if (r.channel) properties.push({ name: 'conan:channel', value: r.channel });
  if (r.rrev) properties.push({ name: 'conan:rrev', value: r.rrev });
  if (r.timestamp) properties.push({ name: 'conan:timestamp', value: r.timestamp });
  return component({
    ecosystem: ECOSYSTEM,
    name: r.name.toLowerCase(),
    version: r.version,
    purl,
    scope,
    direct,
    evidence: [{ file: ev.file, ...(ev.line !== undefined ? { line: ev.line } : {}), key: ev.key, source: ev.source }],
    ...(properties.length ? { properties } : {}),
  });
}

// ---- conan.lock ---------------------------------------------------------------------------------

export interface ConanLockInput {
  file: string;
  text: string;
  /** The requirements of the conanfile beside the lockfile, when there is one: they say what is direct and test-only. */
  declared?: Declared[];
}

/**
 * A conan.lock (Conan 2 "version" 0.5 flat lists, or Conan 1 `graph_lock.nodes`) to components: the exact
 * versions Conan installs. Conan 2: `requires` → runtime (or test when the conanfile beside declares it a
 * test_requires), `build_requires` → build, `python_requires` → build. Conan 1: scope from the graph (reached
 * only through build_requires → build).
 */
export function extractConanLock(input: ConanLockInput): ExtractResult {
  const { file, text } = input;
  const data = parseJson(text, file);
  const idx = new LineIndex(text);
  const lineOf = (needle: string) => idx.lineOf(JSON.stringify(needle)) ?? idx.lineOf(needle);
  const declaredNames = new Map<string, ReqKind>();
  for (const d of input.declared ?? []) {
    const r = parseConanRef(d.ref);
    if (r && !declaredNames.has(r.name.toLowerCase())) declaredNames.set(r.name.toLowerCase(), d.kind);
  }
  const findings: Finding[] = [];
  if (data && typeof data === 'object' && !Array.isArray(data) && 'graph_lock' in data) {
    return extractConan1(file, data, lineOf, declaredNames, findings);
  }
  const res = Conan2Lock.safeParse(data);
  if (!res.success) {
    const { path, message } = firstIssue(res.error);
    throw malformed(file, `not a Conan lockfile: ${path ? `${path}: ` : ''}${message}`, path ? { key: path } : undefined, 'Regenerate it with `conan lock create`.');
  }
  const lock = res.data;
  if (!/^0\.5(\.|$)/.test(lock.version)) {
    findings.push({
      rule: 'conan.lockfile-version',
      severity: 'info',
      message: `conan.lock version ${clip(lock.version, 20)} is not the 0.5 Tureen knows; it was read as 0.5`,
      file,
      line: lineOf('version') ?? 1,
      fix: 'Check the inventory of this lockfile by hand, and update Tureen.',
    });
  }
  const components: Component[] = [];
  const lists: [keyof Conan2Lock & ('requires' | 'build_requires' | 'python_requires'), Scope][] = [
    ['requires', 'runtime'],
    ['build_requires', 'build'],
    ['python_requires', 'build'],
  ];
  for (const [list, scope0] of lists) {
    for (const [i, entry] of (lock[list] ?? []).entries()) {
      const r = parseConanRef(entry);
      const line = lineOf(entry);
      if (!r || r.range !== undefined) {
        throw malformed(file, `${list}[${i}] "${clip(entry, 80)}" is not a full Conan reference (name/version#revision)`, { line, key: `${list}[${i}]` }, 'Regenerate it with `conan lock create`.');
      }
      const declaredAs = declaredNames.get(r.name.toLowerCase());
      const scope = scope0 === 'runtime' && declaredAs === 'test_requires' ? 'test' : scope0;
      const c = toComponent(r, scope, declaredAs !== undefined, { file, ...(line !== undefined ? { line } : {}), key: `${list}[${i}]`, source: SOURCE_ID });
      if (scope === 'build') c.kind = 'tool';
      components.push(c);
    }
  }
  return { components: mergeComponents(components), findings };
}

function extractConan1(
  file: string,
  data: unknown,
  lineOf: (needle: string) => number | undefined,
  declaredNames: Map<string, ReqKind>,
  findings: Finding[],
): ExtractResult {
  const res = Conan1Lock.safeParse(data);
  if (!res.success) {
    const { path, message } = firstIssue(res.error);
    throw malformed(file, `not a Conan 1 lockfile: ${path ? `${path}: ` : ''}${message}`, path ? { key: path } : undefined, 'Regenerate it with `conan lock create`.');
  }
  const nodes = res.data.graph_lock.nodes;
  const graph = new DepGraph();
  const propsOf = new Map<string, Property[]>();
  const idOf = (id: string) => `n:${id}`;
  const roots: string[] = [];
  for (const [id, n] of nodes) {
    const refText = n.ref ?? (n.pref ? n.pref.split(':')[0] : undefined);
    const r = refText ? parseConanRef(refText) : undefined;
    if (id === '0' || n.path !== undefined || !r || r.range !== undefined) {
      // the consumer (node "0", a conanfile path) or a node without a usable reference
      if (id === '0' || n.path !== undefined || refText === undefined) {
        roots.push(id);
        graph.addNode(idOf(id), {
          key: `root:${id}`, ecosystem: ECOSYSTEM, name: n.path ?? 'conanfile', version: '', purl: '', licenses: [], hashes: [],
          origin: { type: 'workspace' }, firstParty: true, evidence: [{ file, source: SOURCE_ID }],
        });
        continue;
      }
      throw malformed(file, `graph_lock.nodes["${clip(id, 20)}"] has the reference "${clip(refText, 80)}", which is not name/version`, { key: `graph_lock.nodes.${id}` });
    }
    if (!r) continue;
    const line = lineOf(refText as string);
    const purl = conanPurl(r);
    const c = toComponent(r, 'runtime', false, { file, ...(line !== undefined ? { line } : {}), key: `graph_lock.nodes.${id}`, source: SOURCE_ID });
    if (c.properties) propsOf.set(purl, c.properties);
    graph.addNode(idOf(id), {
      key: purl, ecosystem: ECOSYSTEM, name: c.name, version: c.version, purl, licenses: [], hashes: [], origin: c.origin,
      firstParty: false, evidence: c.evidence,
    });
  }
  for (const r of roots) graph.addRoot(idOf(r));
  for (const [id, n] of nodes) {
    for (const to of n.requires ?? []) if (nodes.has(to)) graph.addEdge(idOf(id), idOf(to), 'prod');
    for (const to of n.build_requires ?? []) if (nodes.has(to)) graph.addEdge(idOf(id), idOf(to), 'dev');
  }
  const { components } = graph.resolve({ unreachableScope: 'build' });
  const out: Component[] = [];
  for (const c of components) {
    if (c.firstParty) continue;
    const scope: Scope = c.scope === 'development' ? 'build' : c.scope;
    const declaredAs = declaredNames.get(c.name);
    out.push({
      ...c,
      scope: scope === 'runtime' && declaredAs === 'test_requires' ? 'test' : scope,
      ...(propsOf.has(c.key) ? { properties: propsOf.get(c.key) } : {}),
      ...(scope === 'build' ? { kind: 'tool' as const } : {}),
    });
  }
  if (!roots.length) {
    findings.push({ rule: 'conan.lockfile-root', severity: 'info', message: 'the Conan 1 lockfile has no consumer node ("0"); every package was listed as runtime', file, fix: 'Regenerate it with `conan lock create`.' });
  }
  return { components: mergeComponents(out), findings };
}
