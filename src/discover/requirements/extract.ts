import { posix } from 'node:path';
import type { Component, Evidence, Hash, Origin, Scope } from '../../model/component.js';
import type { Finding } from '../../model/finding.js';
import { rootName } from '../../util/purl.js';
import { mergeComponents } from '../merge.js';
import { component } from '../component.js';
import { clip, isCommit, isValidName, normalizeName, pipHash, pypiPurl, splitVcsUrl, versionFromFilename } from '../python/names.js';
import { exactPin, parseRequirement } from '../python/pep508.js';
import { readPyproject } from '../python/pyproject.js';
import type { ExtractResult } from '../source.js';

export const SOURCE_ID = 'requirements';

export interface RequirementsInput {
  /** Repository-relative path of the requirements file the scan reads. */
  file: string;
  text: string;
  /** Text of another repository file (for -r / -c includes), or undefined when absent. */
  read?: (path: string) => string | undefined;
  /**
   * True for files the scan reads on their own (requirements*.txt …): findings about their lines are left to
   * that file's own extraction, so that a file included by several others is reported once.
   */
  scannedAlone?: (path: string) => boolean;
}

/** One logical line of a requirements file: continuation lines joined, the comment removed. */
export interface LogicalLine {
  line: number;
  text: string;
}

/** pip's reading of a requirements file: `\` continuations joined, then comments (`#` at start or after whitespace) dropped. */
export function logicalLines(text: string): LogicalLine[] {
  const raw = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const out: LogicalLine[] = [];
  let buf = '';
  let start = 0;
  for (let i = 0; i < raw.length; i++) {
    const l = raw[i] as string;
    if (!buf) start = i + 1;
    if (/(^|[^\\])\\$/.test(l) && !/(^|\s)#/.test(l)) {
      buf += l.slice(0, -1);
      if (i < raw.length - 1) continue;
    } else buf += l;
    const noComment = buf.replace(/(^|\s)#.*$/, '').trim();
    if (noComment) out.push({ line: start, text: noComment });
    buf = '';
  }
  return out;
}

/** Options lines pip accepts in a requirements file that do not name a package. */
const GLOBAL_OPTIONS = new Set([
  '-i', '--index-url', '--extra-index-url', '--no-index', '-f', '--find-links', '--pre', '--trusted-host', '--prefer-binary',
  '--require-hashes', '--only-binary', '--no-binary', '--use-feature', '--progress-bar',
]);

const DEV_WORDS = /(?:^|[^a-z])(?:dev|devel|develop|development|test|tests|testing|lint|linting|linter|doc|docs|documentation|ci|style|typing|mypy|qa|tox|format|formatting|bench|benchmark|benchmarks)(?:[^a-z]|$)/i;

/** A file whose name says it is for development (dev, test, lint, docs, ci …), e.g. requirements-dev.txt, requirements/test.txt. */
export function isDevFile(path: string): boolean {
  const b = posix.basename(path).replace(/\.(txt|in)$/i, '').replace(/requirements?/gi, ' ');
  return DEV_WORDS.test(b);
}

/** The names the requirements source reads on its own: requirements*.txt, *-requirements.txt, requirements/*.txt. */
export function isRequirementsFile(path: string): boolean {
  const b = posix.basename(path).toLowerCase();
  if (!b.endsWith('.txt')) return false;
  if (b.startsWith('requirements') || /[-_.]requirements\.txt$/.test(b)) return true;
  return posix.basename(posix.dirname(path)).toLowerCase() === 'requirements';
}

interface Constraint {
  version: string;
  evidence: Evidence;
}

/**
 * Read a pip requirements file and the files it includes (-r / --requirement, and -c / --constraint, each relative to
 * the including file). Each requirement is one component: exact `==` / `===` pins give the version, `--hash` the
 * hashes; a constraint file pins a name the requirements leave unpinned but never adds one; an unpinned line is
 * listed with version '' and a `requirements.unpinned` warning. Scope from the file's name (dev/test/lint/docs/ci
 * → development); an included file whose name says neither inherits the including file's scope, except a
 * requirements file of its own, which is runtime.
 */
export function extractRequirements(input: RequirementsInput): ExtractResult {
  const components: Component[] = [];
  const findings: Finding[] = [];
  const constraints = new Map<string, Constraint>();
  const unpinned: { c: Component; finding: Finding | undefined }[] = [];
  const read = input.read ?? ((p: string) => (p === input.file ? input.text : undefined));
  const reports = (f: string) => f === input.file || !(input.scannedAlone?.(f) ?? false);
  const visited = new Set<string>();

  const visit = (file: string, text: string, scope: Scope, mode: 'requirements' | 'constraints', stack: string[]) => {
    visited.add(`${mode}:${file}`);
    const report = reports(file);
    const note = (f: Omit<Finding, 'file'>) => {
      // a cycle is reported by every scan that runs into it: each scanned file's include chain is broken
      if (report || f.rule === 'requirements.include-cycle') findings.push({ ...f, file });
    };
    for (const { line, text: l } of logicalLines(text)) {
      const opt = /^(-r|--requirement|-c|--constraint|-e|--editable)(?:\s*=\s*|\s+|(?=[^-\s]))(.+)$/.exec(l);
      if (opt) {
        const flag = opt[1] as string;
        const arg = (opt[2] as string).trim();
        if (flag === '-e' || flag === '--editable') {
          if (mode === 'requirements') addUrlOrPath(file, line, arg, scope, true, note);
          continue;
        }
        const isConstraint = flag === '-c' || flag === '--constraint';
        const target = includePath(file, arg);
        if (!target) {
          note({ rule: 'requirements.include-outside', severity: 'warning', line, message: `"${clip(arg)}" is a URL or a path outside the repository; Tureen does not read it`, fix: 'Keep included requirements and constraints files inside the repository and include them by relative path.' });
          continue;
        }
        const nextMode = isConstraint || mode === 'constraints' ? 'constraints' : 'requirements';
        if (stack.includes(target)) {
          note({ rule: 'requirements.include-cycle', severity: 'warning', line, message: `including "${clip(arg)}" makes a cycle (${[...stack, target].map(clip).join(' → ')})`, fix: 'Remove the -r/-c line that closes the cycle; pip refuses it too.' });
          continue;
        }
        if (visited.has(`${nextMode}:${target}`)) continue;
        const t = read(target);
        if (t === undefined) {
          note({ rule: 'requirements.include-missing', severity: 'warning', line, message: `the included file "${clip(arg)}" (${clip(target)}) is not in the repository (or is ignored)`, fix: 'Commit the included file, or remove the line.' });
          continue;
        }
        const nextScope: Scope = isDevFile(target) ? 'development' : isRequirementsFile(target) ? 'runtime' : scope;
        visit(target, t, nextScope, nextMode, [...stack, target]);
        continue;
      }
      if (l.startsWith('-')) {
        const flag = l.split(/[\s=]/)[0] as string;
        if (!GLOBAL_OPTIONS.has(flag)) note({ rule: 'requirements.unknown-option', severity: 'info', line, message: `option "${clip(flag)}" is not one pip accepts in a requirements file; the line is skipped`, fix: 'Check the line against `pip install --help`.' });
        continue;
      }
      // per-requirement options start at the first " --"
      const cut = l.search(/\s--?[a-z]/i);
      const reqText = (cut === -1 ? l : l.slice(0, cut)).trim();
      const hashes = [...l.slice(cut === -1 ? l.length : cut).matchAll(/--hash(?:\s*=\s*|\s+)(\S+)/g)].map((m) => pipHash(m[1])).filter((h): h is Hash => !!h);
      if (mode === 'constraints') {
        const r = parseRequirement(reqText);
        const v = r && !r.url ? exactPin(r.specifier) : '';
        if (r && v && !constraints.has(normalizeName(r.name))) constraints.set(normalizeName(r.name), { version: v, evidence: { file, line, source: SOURCE_ID } });
        continue;
      }
      if (/^[A-Za-z0-9][A-Za-z0-9._-]*\s*(\[[^\]]*\])?\s*@/.test(reqText) || !looksLikeUrlOrPath(reqText)) {
        const r = parseRequirement(reqText);
        if (!r) {
          note({ rule: 'requirements.unreadable-line', severity: 'warning', line, message: `"${clip(reqText)}" is not a requirement Tureen can read; it is not in the inventory`, fix: 'Write the line as a PEP 508 requirement (name[extras]==version ; marker).' });
          continue;
        }
        if (r.url) {
          addUrlOrPath(file, line, `${r.url}${r.url.includes('#') ? '&' : '#'}egg=${r.name}`, scope, false, note, r.marker, hashes);
          continue;
        }
        const name = normalizeName(r.name);
        const version = exactPin(r.specifier);
        const props = [
          ...(r.marker ? [{ name: 'python:marker', value: r.marker }] : []),
          ...(r.extras.length ? [{ name: 'python:extras', value: r.extras.join(',') }] : []),
          ...(r.specifier && !version ? [{ name: 'declared-range', value: r.specifier }] : []),
        ];
        const c = component({
          ecosystem: 'PyPI', name, version, purl: pypiPurl(name, version), scope, direct: true, hashes,
          evidence: [{ file, line, source: SOURCE_ID }],
          ...(props.length ? { properties: props } : {}),
        });
        components.push(c);
        if (!version) {
          unpinned.push({
            c,
            finding: report ? {
              rule: 'requirements.unpinned', severity: 'warning', file, line, item: c.key,
              message: `"${clip(reqText)}" (${clip(file)}:${line}) does not pin one version${r.specifier ? ` (range ${clip(r.specifier)})` : ''}; the version pip installs can change from one install to the next`,
              fix: 'Pin it with `==` (e.g. compile the file with pip-compile or `pip freeze`), or pin it in a constraints file included with -c.',
            } : undefined,
          });
        }
        continue;
      }
      addUrlOrPath(file, line, reqText, scope, false, note, undefined, hashes);
    }
  };

  /** A VCS URL, archive URL or local path requirement (also -e). */
  const addUrlOrPath = (file: string, line: number, spec: string, scope: Scope, editable: boolean, note: (f: Omit<Finding, 'file'>) => void, marker?: string, hashes: Hash[] = []) => {
    let s = spec;
    let m = marker;
    const semi = /\s;\s*/.exec(s) ?? /;\s+/.exec(s);
    if (semi && !m) {
      m = s.slice(semi.index + semi[0].length).trim();
      s = s.slice(0, semi.index).trim();
    }
    const frag = s.includes('#') ? new URLSearchParams(s.slice(s.indexOf('#') + 1)) : undefined;
    const egg = frag?.get('egg')?.replace(/\[.*$/, '') ?? undefined;
    const evidence: Evidence[] = [{ file, line, source: SOURCE_ID }];
    const props = [...(m ? [{ name: 'python:marker', value: m }] : []), ...(editable ? [{ name: 'python:editable', value: 'true' }] : [])];
    const base = { scope, direct: true, evidence, hashes, ecosystem: 'PyPI', ...(props.length ? { properties: props } : {}) };
    const vcs = /^(git|hg|svn|bzr)\+/i.exec(s);
    const noName = (what: string) => note({ rule: 'requirements.unreadable-line', severity: 'warning', line, message: `cannot tell the package name of ${what} "${clip(s)}"; it is not in the inventory`, fix: 'Add #egg=<name> to the URL, or write it as `name @ url`.' });
    if (vcs) {
      const { url, ref } = splitVcsUrl(s);
      const kind = (vcs[1] as string).toLowerCase();
      const repoName = url.replace(/\/+$/, '').split('/').pop()?.replace(/\.git$/i, '') ?? '';
      const name = egg && isValidName(egg) ? egg : isValidName(repoName) ? repoName : '';
      if (!name) return noName('the VCS requirement');
      const n = normalizeName(name);
      const commit = kind === 'git' && isCommit(ref) ? ref.toLowerCase() : '';
      const purl = pypiPurl(n, commit, { vcs_url: `${kind}+${url}${ref ? `@${ref}` : ''}` });
      const c = component({ ...base, name: n, version: commit, purl, origin: { type: 'git', url, ...(ref ? { ref } : {}) } });
      components.push(c);
      if (!commit) {
        note({
          rule: 'requirements.unpinned', severity: 'warning', line, item: c.key,
          message: `"${clip(s)}" installs ${clip(n)} from ${kind} at ${ref ? `"${clip(ref)}", a branch or tag that can move` : 'the default branch'}`,
          fix: 'Pin the URL to a full commit id (…@<40-hex commit>#egg=name).',
        });
      }
      return;
    }
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(s) && !/^file:/i.test(s)) {
      const url = s.split('#')[0] as string;
      const file0 = url.split(/[?]/)[0]?.split('/').pop() ?? '';
      const fromFile = /^([A-Za-z0-9][A-Za-z0-9._]*?)-\d/.exec(file0)?.[1];
      const name = egg && isValidName(egg) ? egg : fromFile && isValidName(fromFile) ? fromFile : '';
      if (!name) return noName('the URL');
      const n = normalizeName(name);
      const version = versionFromFilename(n, url);
      const c = component({ ...base, name: n, version, purl: pypiPurl(n, version, { download_url: url }), origin: { type: 'tarball', url } });
      components.push(c);
      if (!version) note({ rule: 'requirements.unpinned', severity: 'warning', line, item: c.key, message: `the version of "${clip(n)}" cannot be read from the URL "${clip(url)}"`, fix: 'Point the URL at a released sdist or wheel (name-version.tar.gz / .whl), or pin a registry version.' });
      return;
    }
    // a local path (directory, wheel or sdist), relative to where pip runs: the file's folder is the usual place
    const path = s.replace(/^file:(\/\/)?/i, '').split('#')[0] as string;
    const archive = /\.(whl|tar\.gz|tar\.bz2|zip|tgz)$/i.test(path);
    const dir = posix.dirname(file);
    const resolved = posix.normalize(posix.join(dir === '.' ? '' : dir, path));
    const inside = !path.startsWith('/') && !resolved.startsWith('..');
    if (archive) {
      const fileBase = path.split('/').pop() ?? '';
      const fromFile = /^([A-Za-z0-9][A-Za-z0-9._]*?)-\d/.exec(fileBase)?.[1];
      const name = egg && isValidName(egg) ? egg : fromFile && isValidName(fromFile) ? fromFile : '';
      if (!name) return noName('the local archive');
      const n = normalizeName(name);
      const version = versionFromFilename(n, path);
      components.push(component({ ...base, name: n, version, purl: pypiPurl(n, version), origin: { type: 'file', ref: path } }));
      return;
    }
    const folder = resolved === '.' || resolved === '' ? rootName(file) : posix.basename(resolved);
    const declared = inside ? projectName(resolved) : undefined;
    const name = egg && isValidName(egg) ? egg : declared ?? (isValidName(folder) ? folder : '');
    if (!name) return noName('the local folder');
    const n = normalizeName(name);
    const origin: Origin = inside ? { type: 'workspace', ref: resolved || '.' } : { type: 'file', ref: path };
    components.push(component({ ...base, name: n, version: '', purl: pypiPurl(n, ''), firstParty: inside, origin }));
  };

  /** The [project] / [tool.poetry] name of the pyproject.toml in a local folder, when there is one. */
  const projectName = (dir: string): string | undefined => {
    const f = dir === '.' || dir === '' ? 'pyproject.toml' : `${dir}/pyproject.toml`;
    const t = read(f);
    if (t === undefined) return undefined;
    try {
      const n = readPyproject(t, f).name;
      return n && isValidName(n) ? n : undefined;
    } catch {
      return undefined; // a broken pyproject.toml is not this file's problem
    }
  };

  visit(input.file, input.text, isDevFile(input.file) ? 'development' : 'runtime', 'requirements', [input.file]);

  // constraints pin what the requirements leave unpinned (pip applies them to the whole install)
  const pinned = new Set<Component>();
  for (const c of components) {
    if (c.version || c.origin.type !== 'registry') continue;
    const k = constraints.get(c.name);
    if (!k) continue;
    c.version = k.version;
    c.purl = pypiPurl(c.name, k.version);
    c.key = c.purl;
    c.evidence = [...c.evidence, k.evidence];
    c.properties = [...(c.properties ?? []), { name: 'python:constraint', value: `==${k.version}` }];
    pinned.add(c);
  }
  for (const u of unpinned) if (u.finding && !pinned.has(u.c)) findings.push(u.finding);
  return { components: mergeComponents(components), findings };
}

function looksLikeUrlOrPath(s: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(s) || /^(git|hg|svn|bzr)\+/i.test(s) || s.startsWith('.') || s.startsWith('/') || s.includes('/') || s.includes('\\') || /\.(whl|tar\.gz|tar\.bz2|zip|tgz)$/i.test(s);
}

/** The repository path of an included file (relative to the including file), or undefined for URLs and paths outside. */
function includePath(from: string, arg: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(arg) || arg.startsWith('/') || /^[a-z]:[\\/]/i.test(arg)) return undefined;
  const dir = posix.dirname(from);
  const p = posix.normalize(posix.join(dir === '.' ? '' : dir, arg.replace(/\\/g, '/')));
  if (p.startsWith('../') || p === '..' || p.startsWith('/')) return undefined;
  return p;
}
