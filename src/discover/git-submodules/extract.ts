import type { Component, Property } from '../../model/component.js';
import { malformed } from '../../model/errors.js';
import type { Finding } from '../../model/finding.js';
import { component } from '../component.js';
import { mergeComponents } from '../merge.js';
import type { ExtractResult } from '../source.js';
import { clip, gitPurl, githubRepo, repoBaseName, versionOfRef } from './gitref.js';

export const SOURCE_ID = 'git-submodules';

/** One `[submodule "name"]` section of .gitmodules. */
export interface Submodule {
  name: string;
  path?: string;
  url?: string;
  branch?: string;
  /** Line of the section header. */
  line: number;
}

/**
 * .gitmodules in git's config syntax (https://git-scm.com/docs/gitmodules, https://git-scm.com/docs/git-config#_syntax):
 * `[submodule "name"]` sections with `path`, `url`, `branch`; `#`/`;` comments; values optionally in double quotes
 * with \" \\ escapes. Keys are case-insensitive. Sections other than submodule are ignored.
 */
export function parseGitmodules(text: string, file: string): Submodule[] {
  const out: Submodule[] = [];
  let cur: Submodule | undefined;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    if (line.startsWith('[')) {
      const m = /^\[\s*([A-Za-z0-9.-]+)(?:\s+"((?:[^"\\]|\\.)*)")?\s*\]\s*(?:[#;].*)?$/.exec(line);
      if (!m) throw malformed(file, `line ${i + 1} is not a section header like [submodule "name"]`, { line: i + 1 }, 'Fix .gitmodules so that `git config -f .gitmodules --list` accepts it.');
      if ((m[1] as string).toLowerCase() === 'submodule' && m[2] !== undefined) {
        cur = { name: unescape(m[2]), line: i + 1 };
        out.push(cur);
      } else cur = undefined;
      continue;
    }
    const kv = /^([A-Za-z][A-Za-z0-9-]*)\s*(?:=\s*(.*))?$/.exec(line);
    if (!kv) throw malformed(file, `line ${i + 1} is not "key = value"`, { line: i + 1 }, 'Fix .gitmodules so that `git config -f .gitmodules --list` accepts it.');
    if (!cur) continue;
    const key = (kv[1] as string).toLowerCase();
    const value = configValue(kv[2] ?? '');
    if (key === 'path') cur.path = value;
    else if (key === 'url') cur.url = value;
    else if (key === 'branch') cur.branch = value;
  }
  return out;
}

function unescape(s: string): string {
  return s.replace(/\\(.)/g, '$1');
}

/** A git-config value: quoted parts joined, inline comments (outside quotes) dropped, escapes read. */
function configValue(raw: string): string {
  let out = '';
  let quoted = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] as string;
    if (c === '\\' && i + 1 < raw.length) {
      const e = raw[++i] as string;
      out += e === 'n' ? '\n' : e === 't' ? '\t' : e;
      continue;
    }
    if (c === '"') {
      quoted = !quoted;
      continue;
    }
    if (!quoted && (c === '#' || c === ';')) break;
    out += c;
  }
  return out.trim();
}

export interface GitmodulesInput {
  /** Repository-relative path of the .gitmodules file. */
  file: string;
  text: string;
  /**
   * The commit the superproject's HEAD pins for each submodule path (relative to the .gitmodules folder), as
   * `git ls-tree HEAD` shows it; undefined when the repository could not be asked (not a git checkout).
   */
  commits?: ReadonlyMap<string, string>;
  /** A tag that names exactly that commit (`git describe --tags --exact-match`), when the submodule is checked out. */
  tags?: ReadonlyMap<string, string>;
  /** Why the commits are unknown, for the finding (e.g. "the scanned folder is not a git repository"). */
  noCommitsReason?: string;
}

/**
 * Each submodule becomes a component fetched from git: origin url + the pinned commit, version the exact tag of
 * that commit when known, else the commit itself. A submodule whose commit is unknown gets version '' and a
 * finding. Kind stays library: a submodule names its upstream repository and commit, which identifies it as an
 * off-the-shelf item (vendored-code is for copies that have lost that identity).
 */
export function extractGitmodules(input: GitmodulesInput): ExtractResult {
  const { file } = input;
  const components: Component[] = [];
  const findings: Finding[] = [];
  for (const s of parseGitmodules(input.text, file)) {
    if (!s.url || !s.path) {
      findings.push({
        rule: 'git-submodules.incomplete',
        severity: 'warning',
        message: `submodule "${clip(s.name, 60)}" has no ${s.url ? 'path' : 'url'}, so git cannot check it out`,
        file,
        line: s.line,
        fix: 'Give every [submodule] a path and a url (`git submodule add <url> <path>` writes both).',
      });
      continue;
    }
    const path = s.path.replace(/^\.\//, '').replace(/\/+$/, '');
    const commit = input.commits?.get(path);
    const tag = input.tags?.get(path);
    const gh = githubRepo(s.url);
    const name = gh ? `${gh.owner}/${gh.repo}` : repoBaseName(s.url);
    const version = tag ? versionOfRef(tag) : commit ?? '';
    const properties: Property[] = [
      { name: 'git:submodule', value: s.name },
      { name: 'git:path', value: path },
    ];
    if (commit) properties.push({ name: 'git:commit', value: commit });
    if (tag) properties.push({ name: 'git:tag', value: tag });
    if (s.branch) properties.push({ name: 'git:branch', value: s.branch });
    const c = component({
      ecosystem: 'GIT',
      name,
      version,
      purl: gitPurl(s.url, repoBaseName(s.url), tag ?? commit ?? ''),
      scope: 'runtime',
      direct: true,
      origin: { type: 'git', url: s.url, ...(commit ? { ref: commit } : {}) },
      evidence: [{ file, line: s.line, key: `submodule.${s.name}`, source: SOURCE_ID }],
      properties,
    });
    components.push(c);
    if (!commit) {
      findings.push({
        rule: 'git-submodules.unpinned',
        severity: 'warning',
        message: `the commit of submodule "${clip(s.name, 60)}" (${clip(path, 80)}) is unknown: ${input.noCommitsReason ?? 'the superproject does not record one at HEAD'}`,
        file,
        line: s.line,
        item: c.key,
        fix: 'Scan a git clone of the repository (not an export or archive), and make sure the submodule is committed (`git add <path>` after `git submodule add`).',
      });
    }
    if (/^\.\.?\//.test(s.url)) {
      findings.push({
        rule: 'git-submodules.relative-url',
        severity: 'info',
        message: `submodule "${clip(s.name, 60)}" has the relative url ${clip(s.url, 80)}, which git resolves against the superproject's own remote; the inventory keeps it as written`,
        file,
        line: s.line,
        item: c.key,
        fix: 'Check the upstream of this submodule by hand, or write its absolute URL.',
      });
    }
  }
  return { components: mergeComponents(components), findings };
}
