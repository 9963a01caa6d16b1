import type { Component, Hash, HashAlgorithm, Property, Scope } from '../../model/component.js';
import type { Finding } from '../../model/finding.js';
import { hexHash } from '../../util/hash.js';
import { LineIndex } from '../../util/lines.js';
import { purlOf } from '../../util/purl.js';
import { component } from '../component.js';
import { clip, githubRepo, gitPurl, refKind, repoBaseName, versionFromUrl, versionOfRef } from '../git-submodules/gitref.js';
import { mergeComponents } from '../merge.js';
import type { ExtractResult } from '../source.js';
import { tokenize, type CmakeArg } from './tokenize.js';

export const SOURCE_ID = 'cmake';

/** The commands that fetch third-party code at configure or build time (lower case). */
const FETCHERS = new Set(['fetchcontent_declare', 'fetchcontent_populate', 'externalproject_add', 'cpmaddpackage', 'cpmfindpackage', 'cpmdeclarepackage']);

/** Keywords of those commands whose value we read (one argument each; URL may hold several, the first is used). */
const KEYS = new Set([
  'GIT_REPOSITORY', 'GIT_TAG', 'URL', 'URL_HASH', 'URL_MD5', 'NAME', 'VERSION', 'GITHUB_REPOSITORY', 'GITLAB_REPOSITORY',
  'BITBUCKET_REPOSITORY', 'SOURCE_DIR', 'SVN_REPOSITORY', 'SVN_REVISION', 'HG_REPOSITORY', 'HG_TAG', 'DOWNLOAD_COMMAND',
]);

/**
 * Libraries that are test frameworks: fetched for the test build, not shipped. A heuristic on the declared name
 * (FetchContent names them freely), documented in the README; the component says so in a property.
 */
const TEST_LIBS = new Set(['googletest', 'gtest', 'gmock', 'catch', 'catch2', 'doctest', 'benchmark', 'googlebenchmark', 'google_benchmark', 'cpputest', 'unity', 'cmocka', 'ut', 'boost-ut', 'fff', 'trompeloeil', 'fakeit', 'rapidcheck', 'nanobench', 'criterion', 'cxxtest', 'snitch']);

const HASH_ALGS: Record<string, HashAlgorithm> = {
  MD5: 'MD5', SHA1: 'SHA-1', SHA256: 'SHA-256', SHA384: 'SHA-384', SHA512: 'SHA-512', SHA3_256: 'SHA3-256', SHA3_512: 'SHA3-512',
};

export interface CmakeInput {
  /** Repository-relative path of CMakeLists.txt or *.cmake. */
  file: string;
  text: string;
}

interface Declared {
  command: string;
  name?: string;
  values: Map<string, string>;
  /** CPM's one-argument form, e.g. "gh:owner/repo@1.2.3". */
  shorthand?: string;
  /** Declared inside if(BUILD_TESTING) or a similar tests-only condition. */
  testOnly?: boolean;
  offset: number;
}

/**
 * CMakeLists.txt / *.cmake to components: every FetchContent_Declare / FetchContent_Populate, ExternalProject_Add
 * and CPMAddPackage / CPMFindPackage / CPMDeclarePackage outside function and macro bodies. `${VAR}` is replaced
 * from `set(VAR value)` earlier in the same file (simple, no scopes or conditions); what stays unresolved is
 * reported. A call inside if(BUILD_TESTING) (or another condition on a *_TEST/TESTS/TESTING variable, without NOT)
 * is test scope. find_package() is not an item (a system-provided package: another source's business).
 */
export function extractCmake(input: CmakeInput): ExtractResult {
  const { file, text } = input;
  const idx = new LineIndex(text);
  const vars = new Map<string, string>();
  const declared: Declared[] = [];
  let body = 0;
  /** One entry per enclosing if(): does its branch build tests only (if(BUILD_TESTING), if(MYLIB_ENABLE_TESTS) …)? */
  const ifs: boolean[] = [];
  for (const cmd of tokenize(text)) {
    const name = cmd.name.toLowerCase();
    if (name === 'if') {
      const a = cmd.args.map((x) => x.value);
      ifs.push(!a.some((x) => x.toUpperCase() === 'NOT') && a.some((x) => /(^|_)(BUILD_)?TEST(S|ING)?(_|$)/i.test(x.replace(/^\$\{|\}$/g, ''))));
      continue;
    }
    if (name === 'elseif' || name === 'else') {
      if (ifs.length) ifs[ifs.length - 1] = false;
      continue;
    }
    if (name === 'endif') {
      ifs.pop();
      continue;
    }
    if (name === 'function' || name === 'macro') {
      body++;
      continue;
    }
    if (name === 'endfunction' || name === 'endmacro') {
      body = Math.max(0, body - 1);
      continue;
    }
    if (body > 0) continue;
    const args = cmd.args.map((a) => expand(a, vars));
    if (name === 'set' && args.length >= 1) {
      const key = args[0] as string;
      const cache = args.indexOf('CACHE');
      const values = args.slice(1, cache === -1 ? undefined : cache).filter((v) => v !== 'PARENT_SCOPE');
      if (values.length) vars.set(key, values.join(';'));
      continue;
    }
    if (!FETCHERS.has(name)) continue;
    const d: Declared = { command: cmd.name, values: new Map(), offset: cmd.offset, ...(ifs.some(Boolean) ? { testOnly: true } : {}) };
    let rest = args;
    const isCpm = name.startsWith('cpm');
    if (isCpm && args.length === 1) {
      d.shorthand = args[0] as string;
    } else {
      if (!isCpm || name === 'cpmdeclarepackage') {
        d.name = args[0];
        rest = args.slice(1);
      }
      for (let i = 0; i < rest.length; i++) {
        const k = rest[i] as string;
        if (KEYS.has(k) && i + 1 < rest.length && !d.values.has(k)) d.values.set(k, rest[i + 1] as string);
      }
    }
    declared.push(d);
  }

  const components: Component[] = [];
  const findings: Finding[] = [];
  for (const d of declared) {
    const line = idx.lineAt(d.offset);
    const r = toComponent(d, file, line);
    if ('skip' in r) {
      if (r.skip) findings.push({ rule: 'cmake.unresolved', severity: 'info', message: r.skip, file, line, fix: 'Declare the item in tureen.config.yaml, or write its repository and tag in the call itself.' });
      continue;
    }
    components.push(r.component);
    if (r.finding) findings.push(r.finding);
  }
  return { components: mergeComponents(components), findings };
}

/** Replace ${VAR} from the variables set so far (bracket arguments are literal); unknown references stay. */
function expand(a: CmakeArg, vars: Map<string, string>): string {
  if (a.kind === 'bracket') return a.value;
  let v = a.value;
  for (let round = 0; round < 5 && v.includes('${'); round++) {
    const next = v.replace(/\$\{([A-Za-z0-9_.+-]+)\}/g, (all, k: string) => vars.get(k) ?? all);
    if (next === v) break;
    v = next.length > 10_000 ? v : next;
  }
  return v;
}

type Result = { component: Component; finding?: Finding } | { skip: string | undefined };

function toComponent(d: Declared, file: string, line: number): Result {
  const v = d.values;
  let name = d.name ?? v.get('NAME');
  let gitUrl = v.get('GIT_REPOSITORY');
  let tag = v.get('GIT_TAG');
  let version = v.get('VERSION');
  const url = v.get('URL')?.split(';')[0];
  if (d.shorthand !== undefined) {
    const s = parseCpmShorthand(d.shorthand);
    if (!s) return { skip: `${d.command}("${clip(d.shorthand, 60)}") is not a form Tureen reads` };
    ({ name, gitUrl, tag, version } = { name: s.name, gitUrl: s.gitUrl, tag: s.tag, version: s.version });
  }
  const host = v.get('GITHUB_REPOSITORY') ? 'https://github.com/' : v.get('GITLAB_REPOSITORY') ? 'https://gitlab.com/' : v.get('BITBUCKET_REPOSITORY') ? 'https://bitbucket.org/' : undefined;
  const hosted = v.get('GITHUB_REPOSITORY') ?? v.get('GITLAB_REPOSITORY') ?? v.get('BITBUCKET_REPOSITORY');
  if (!gitUrl && host && hosted) gitUrl = `${host}${hosted}.git`;
  // CPM: a VERSION without GIT_TAG fetches the tag "v<VERSION>"
  if (d.command.toLowerCase().startsWith('cpm') && gitUrl && !tag && version) tag = `v${version}`;
  if (!gitUrl && !url) {
    // SOURCE_DIR only (a folder of this repository), a custom DOWNLOAD_COMMAND, SVN/Hg, or a CPM package found locally
    if (v.get('SVN_REPOSITORY') || v.get('HG_REPOSITORY') || v.get('DOWNLOAD_COMMAND')) {
      return { skip: `${d.command}(${clip(name ?? '', 40)}) downloads with ${v.get('SVN_REPOSITORY') ? 'Subversion' : v.get('HG_REPOSITORY') ? 'Mercurial' : 'a custom command'}, which Tureen does not identify` };
    }
    return { skip: undefined };
  }
  const where = gitUrl ?? url ?? '';
  if (where.includes('${') || (name ?? '').includes('${')) {
    return { skip: `${d.command}(${clip(name ?? '', 40)}) takes its location from a variable set outside this file (${clip(where, 80)})` };
  }
  name = name || repoBaseName(where);
  const properties: Property[] = [{ name: 'cmake:command', value: d.command }];
  const lower = name.toLowerCase();
  const scope: Scope = TEST_LIBS.has(lower) || d.testOnly ? 'test' : 'runtime';
  if (scope === 'test') properties.push({ name: 'scope-reason', value: d.testOnly ? 'declared inside a tests-only if()' : 'a test framework by name' });
  const evidence = [{ file, line, key: `${d.command}(${name})`, source: SOURCE_ID }];
  let finding: Finding | undefined;

  if (gitUrl) {
    const ref = tag ?? '';
    const unresolved = ref.includes('${');
    const kind = !ref || unresolved ? 'branch' : refKind(ref);
    const ver = kind === 'branch' ? '' : versionOfRef(ref);
    if (kind === 'commit') properties.push({ name: 'git:commit', value: ref.toLowerCase() });
    if (version && kind !== 'branch' && ver !== version) properties.push({ name: 'declared-version', value: version });
    const c = component({
      ecosystem: 'GIT', name, version: ver, purl: gitPurl(gitUrl, name, kind === 'branch' ? '' : ref), scope, direct: true,
      origin: { type: 'git', url: gitUrl, ...(ref ? { ref } : {}) }, evidence, properties,
    });
    if (kind === 'branch') {
      finding = {
        rule: 'cmake.unpinned',
        severity: 'warning',
        message: unresolved
          ? `${name} (${d.command} in ${file}:${line}) takes its GIT_TAG from a variable set outside this file (${clip(ref, 60)}); the commit it fetches is not known here`
          : `${name} (${d.command} in ${file}:${line}) fetches ${ref ? `the branch "${clip(ref, 40)}"` : 'the default branch'} of ${clip(gitUrl, 80)}; what it builds can change from one configure to the next`,
        file, line, item: c.key,
        fix: 'Set GIT_TAG to a release tag or a full commit hash.',
      };
    }
    return { component: c, ...(finding ? { finding } : {}) };
  }

  const u = url as string;
  const hashes: Hash[] = [];
  const uh = /^([A-Z0-9_]+)=([0-9a-fA-F]+)$/.exec(v.get('URL_HASH') ?? '');
  if (uh) {
    const alg = HASH_ALGS[uh[1] as string];
    const h = alg ? hexHash(alg, uh[2] as string) : undefined;
    if (h) hashes.push(h);
  }
  const md5 = v.get('URL_MD5');
  if (md5) {
    const h = hexHash('MD5', md5);
    if (h) hashes.push(h);
  }
  const ver = version ?? versionFromUrl(u);
  const gh = githubArchive(u);
  const purl = gh ? purlOf('github', gh.owner, gh.repo, gh.ref) : purlOf('generic', undefined, name, ver, { download_url: u });
  const c = component({
    ecosystem: gh ? 'GIT' : 'generic', name, version: gh ? versionOfRef(gh.ref) : ver, purl, scope, direct: true,
    hashes, origin: { type: 'tarball', url: u }, evidence, properties,
  });
  if (!c.version) {
    finding = {
      rule: 'cmake.unknown-version',
      severity: 'info',
      message: `${name} (${d.command} in ${file}:${line}) downloads ${clip(u, 100)}, whose version Tureen cannot tell from the URL`,
      file, line, item: c.key,
      fix: 'Record the version (e.g. declare the item in tureen.config.yaml), and keep URL_HASH so the download cannot change.',
    };
  } else if (!hashes.length) {
    finding = {
      rule: 'cmake.no-hash',
      severity: 'info',
      message: `${name} (${d.command} in ${file}:${line}) downloads ${clip(u, 100)} without URL_HASH, so CMake does not check that the file is the one reviewed`,
      file, line, item: c.key,
      fix: 'Add URL_HASH SHA256=<hash of the archive>.',
    };
  }
  return { component: c, ...(finding ? { finding } : {}) };
}

/** A GitHub archive or release download: owner, repo and the tag or commit it names. */
function githubArchive(url: string): { owner: string; repo: string; ref: string } | undefined {
  const m = /^https?:\/\/github\.com\/([^/]+)\/([^/]+)\/(?:archive\/(?:refs\/(?:tags|heads)\/)?([^/]+?)(?:\.tar\.gz|\.tgz|\.zip)|releases\/download\/([^/]+)\/[^/]+)$/.exec(url);
  if (!m) return undefined;
  if (/\/refs\/heads\//.test(url)) return undefined;
  const ref = (m[3] ?? m[4]) as string;
  return { owner: m[1] as string, repo: (m[2] as string).replace(/\.git$/, ''), ref };
}

/**
 * CPM's one-argument form (CPM.cmake `cpm_parse_add_package_single_arg`): "gh:owner/repo@1.2.3",
 * "gh:owner/repo#tag", "gh:owner/repo@1.2.3#tag", "gl:…", "bb:…", or "https://host/x.git@1.2.3#tag".
 */
export function parseCpmShorthand(arg: string): { name: string; gitUrl: string; tag?: string; version?: string } | undefined {
  let s = arg.trim();
  let tag: string | undefined;
  let version: string | undefined;
  const hash = s.indexOf('#');
  if (hash !== -1) {
    tag = s.slice(hash + 1);
    s = s.slice(0, hash);
  }
  const scheme = /^(gh|gl|bb):(.+)$/.exec(s);
  const at = s.lastIndexOf('@');
  if (at > (scheme ? 3 : s.indexOf('://') + 3) && !/^git@/.test(s.slice(0, at + 1))) {
    version = s.slice(at + 1);
    s = s.slice(0, at);
  }
  let gitUrl: string;
  const sch = /^(gh|gl|bb):(.+)$/.exec(s);
  if (sch) {
    const host = sch[1] === 'gh' ? 'github.com' : sch[1] === 'gl' ? 'gitlab.com' : 'bitbucket.org';
    gitUrl = `https://${host}/${sch[2]}.git`;
  } else if (/^(https?|git|ssh):\/\//.test(s) || /^git@/.test(s)) {
    gitUrl = s;
  } else {
    return undefined;
  }
  if (!tag && version) tag = `v${version}`;
  const name = githubRepo(gitUrl)?.repo ?? repoBaseName(gitUrl);
  return { name, gitUrl, ...(tag ? { tag } : {}), ...(version ? { version } : {}) };
}


