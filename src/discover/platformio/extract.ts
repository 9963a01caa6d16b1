import type { Component, Property, Scope } from '../../model/component.js';
import type { Kind } from '../../model/classification.js';
import type { Finding } from '../../model/finding.js';
import { purlOf } from '../../util/purl.js';
import { component } from '../component.js';
import { clip, gitPurl, isCommit, refKind, repoBaseName, versionFromUrl, versionOfRef } from '../git-submodules/gitref.js';
import { mergeComponents } from '../merge.js';
import type { ExtractResult } from '../source.js';
import { envOption, multi, parseIni, type ValueLine } from './ini.js';

export const SOURCE_ID = 'platformio';
export const ECOSYSTEM = 'PlatformIO';
export const REGISTRY = 'https://registry.platformio.org';

/** A package requirement as PlatformIO writes it: `[owner/]name[@ spec]`, a URL, or `name=URL`. */
export interface PioSpec {
  owner?: string;
  name: string;
  /** The version part after "@", or the URL's "#ref". */
  requirement?: string;
  url?: string;
  /** 'registry' | 'git' | 'tarball' | 'file' (file:// and symlink:// local folders). */
  type: 'registry' | 'git' | 'tarball' | 'file';
}

/** Parse one lib_deps / platform / platform_packages item (https://docs.platformio.org/en/latest/core/userguide/pkg/cmd_install.html#package-specifications). */
export function parseSpec(text: string): PioSpec | undefined {
  let t = text.trim();
  if (!t) return undefined;
  let custom: string | undefined;
  // "name=URL" or "name @ URL": a custom name for a URL
  const eqUrl = /^([^=@\s]+)\s*[=@]\s*((?:[a-z+]+:\/\/|git@).*)$/i.exec(t);
  let customOwner: string | undefined;
  if (eqUrl) {
    custom = eqUrl[1] as string;
    const slash = custom.indexOf('/');
    if (slash > 0) {
      customOwner = custom.slice(0, slash);
      custom = custom.slice(slash + 1);
    }
    t = (eqUrl[2] as string).trim();
  }
  if (/^(?:[a-z][a-z0-9+.-]*:\/\/|git@)/i.test(t)) {
    if (/^(?:symlink|file):\/\//i.test(t)) {
      const path = t.replace(/^(?:symlink|file):\/\//i, '');
      return { name: custom || repoBaseName(path), url: t, type: 'file' };
    }
    const hash = t.indexOf('#');
    const url = hash === -1 ? t : t.slice(0, hash);
    const ref = hash === -1 ? undefined : t.slice(hash + 1);
    const isGit = /\.git$/i.test(url) || /^git(\+|@|:)/i.test(url) || /^https?:\/\/(github\.com|gitlab\.com|bitbucket\.org)\/[^/]+\/[^/]+\/?$/i.test(url);
    const base = repoBaseName(url).replace(/\.(zip|tar\.gz|tgz|tar\.bz2|tar\.xz)$/i, '');
    return { ...(customOwner ? { owner: customOwner } : {}), name: custom || base || repoBaseName(url), url, ...(ref ? { requirement: ref } : {}), type: isGit ? 'git' : 'tarball' };
  }
  const at = t.indexOf('@');
  const id = (at === -1 ? t : t.slice(0, at)).trim();
  const req = at === -1 ? undefined : t.slice(at + 1).trim();
  const slash = id.indexOf('/');
  const owner = slash === -1 ? undefined : id.slice(0, slash).trim();
  const name = (slash === -1 ? id : id.slice(slash + 1)).trim();
  if (!name) return undefined;
  return { ...(owner ? { owner } : {}), name, ...(req ? { requirement: req } : {}), type: 'registry' };
}

/** An exact registry version ("1.12.1", "=1.2.3", "17.6.0"); anything else is a range. */
function exactVersion(req: string | undefined): string | undefined {
  if (!req) return undefined;
  const r = req.replace(/^=\s*/, '').trim();
  return /^\d+(\.\d+)*([-+][0-9A-Za-z.+-]+)?$/.test(r) ? r : undefined;
}

/** Is this environment for tests on the host rather than firmware that ships? */
export function isTestEnv(name: string, platform: string | undefined): boolean {
  return /(^|[-_.])(native|test|tests|testing|unittest|unit)([-_.]|$)/i.test(name) || /^(platformio\/)?native(\s*@.*)?$/i.test(platform ?? '');
}

export interface PlatformioInput {
  /** Repository-relative path of platformio.ini. */
  file: string;
  text: string;
}

interface Role {
  scope: Scope;
  kind?: Kind;
  option: string;
  env: string;
}

/**
 * platformio.ini to components, per [env:NAME] (with [env] and `extends` inherited, `${…}` interpolated):
 * `platform` (build, kind tool), `platform_packages` (toolchains and tools: build; `framework-*`: runtime, kind
 * framework), `framework` (kind framework; its version is set by the platform, so '' here), and `lib_deps`
 * (runtime). An environment for host tests (named native/test…, or on the native platform) makes its frameworks
 * and libraries test scope. One component per package and version, the strongest scope over all environments.
 */
export function extractPlatformio(input: PlatformioInput): ExtractResult {
  const { file, text } = input;
  const sections = parseIni(text, file);
  const components: Component[] = [];
  const findings: Finding[] = [];
  const flagged = new Set<string>();
  const extra = sections.get('platformio')?.options.get('extra_configs');
  if (extra && extra.lines.length) {
    findings.push({
      rule: 'platformio.extra-configs',
      severity: 'info',
      message: `[platformio] extra_configs (${clip(extra.lines.map((l) => l.text).join(', '), 80)}) adds options from other files, which this source does not merge into ${file}'s environments`,
      file,
      line: extra.line,
      fix: 'Check the environments of those files by hand, or name their packages in platformio.ini itself.',
    });
  }
  const envs = [...sections.keys()].filter((s) => s.startsWith('env:')).map((s) => s.slice(4));
  if (!envs.length && sections.has('env')) envs.push('');

  for (const env of envs) {
    const get = (key: string) => (env === '' ? undefined : envOption(sections, env, key)) ?? (env === '' ? sections.get('env')?.options.get(key)?.lines : undefined);
    const platformLines = get('platform');
    const platform = platformLines?.[0];
    const test = isTestEnv(env, platform?.text);
    const runScope: Scope = test ? 'test' : 'runtime';
    const envProps: Property[] = env ? [{ name: 'platformio:env', value: env }] : [];

    if (platform) add(platform, { scope: 'build', kind: 'tool', option: 'platform', env });
    for (const p of multi(get('platform_packages') ?? [])) {
      const spec = parseSpec(p.text);
      const fw = spec?.name.startsWith('framework-');
      if (spec && /^toolchain-.*(gcc|clang|llvm)/i.test(spec.name) && !flagged.has(`runtime-libs:${spec.name}`)) {
        flagged.add(`runtime-libs:${spec.name}`);
        findings.push({
          rule: 'platformio.toolchain-runtime',
          severity: 'info',
          message: `the toolchain ${clip(spec.name, 60)} is a build tool, but its C/C++ runtime libraries (libgcc, newlib or picolibc, libstdc++) are linked into the firmware and ship with it`,
          file,
          line: p.line,
          fix: 'Declare the runtime libraries of this toolchain version as SOUP items in tureen.config.yaml (name, version, licence).',
        });
      }
      add(p, fw ? { scope: runScope, kind: 'framework', option: 'platform_packages', env } : { scope: 'build', kind: 'tool', option: 'platform_packages', env });
    }
    for (const fw of multi(get('framework') ?? [])) {
      const name = fw.text.trim();
      const purl = purlOf('generic', undefined, `framework-${name}`, undefined, { repository_url: REGISTRY });
      const properties: Property[] = [...envProps];
      if (platform) properties.push({ name: 'platformio:platform', value: platform.text });
      const c = component({
        ecosystem: ECOSYSTEM, name, version: '', purl, scope: runScope, direct: true, kind: 'framework',
        evidence: [{ file, line: fw.line, key: `env:${env}.framework`, source: SOURCE_ID }], properties,
      });
      components.push(c);
      if (!flagged.has(c.key)) {
        flagged.add(c.key);
        const pinned = platform && exactVersion(parseSpec(platform.text)?.requirement);
        findings.push({
          rule: 'platformio.framework-version',
          severity: pinned ? 'info' : 'warning',
          message: pinned
            ? `the version of framework "${clip(name, 40)}" in [env:${clip(env, 40)}] is the one platform ${clip(platform.text, 60)} bundles; platformio.ini does not name it`
            : `the version of framework "${clip(name, 40)}" in [env:${clip(env, 40)}] follows the platform, which is not pinned to an exact version, so it can change from one build to the next`,
          file,
          line: fw.line,
          item: c.key,
          fix: pinned
            ? 'Record the framework version that `pio pkg list -e <env>` shows (e.g. pin it with platform_packages = platformio/framework-<name> @ <version>).'
            : 'Pin the platform to an exact version (platform = <name> @ <version>) and record the framework version that `pio pkg list` shows.',
        });
      }
    }
    for (const d of multi(get('lib_deps') ?? [])) add(d, { scope: runScope, option: 'lib_deps', env });

    function add(v: ValueLine, role: Role): void {
      const spec = parseSpec(v.text);
      if (!spec) return;
      const evidence = [{ file, line: v.line, key: `env:${role.env}.${role.option}`, source: SOURCE_ID }];
      const properties: Property[] = [...envProps];
      let c: Component;
      let unpinned: string | undefined;
      if (spec.type === 'git' || spec.type === 'tarball') {
        const ref = spec.requirement ?? '';
        const kind = ref ? refKind(ref) : 'branch';
        const version = spec.type === 'git' ? (kind === 'branch' ? '' : versionOfRef(ref)) : versionFromUrl(spec.url ?? '');
        if (spec.type === 'git' && kind === 'branch') unpinned = ref ? `the branch "${clip(ref, 40)}"` : 'the default branch';
        const purl = spec.type === 'git' ? gitPurl(spec.url ?? '', spec.name, kind === 'branch' ? '' : ref) : purlOf('generic', undefined, spec.name, version, { download_url: spec.url });
        c = component({
          ecosystem: spec.type === 'git' ? 'GIT' : ECOSYSTEM, name: spec.name, version, purl, scope: role.scope, direct: true,
          origin: spec.type === 'git' ? { type: 'git', url: spec.url ?? '', ...(ref ? { ref } : {}) } : { type: 'tarball', url: spec.url ?? '' },
          evidence, ...(role.kind ? { kind: role.kind } : {}),
        });
        if (spec.type === 'git' && isCommit(ref)) properties.push({ name: 'git:commit', value: ref.toLowerCase() });
      } else if (spec.type === 'file') {
        c = component({
          ecosystem: ECOSYSTEM, name: spec.name, version: '', purl: purlOf('generic', undefined, spec.name, undefined, { download_url: spec.url }),
          scope: role.scope, direct: true, origin: { type: 'file', ref: (spec.url ?? '').replace(/^[a-z]+:\/\//i, '') }, evidence,
          ...(role.kind ? { kind: role.kind } : {}),
        });
      } else {
        const exact = exactVersion(spec.requirement);
        if (!exact) {
          unpinned = spec.requirement ? `the range "${clip(spec.requirement, 40)}"` : 'no version (the newest is installed)';
          if (spec.requirement) properties.push({ name: 'declared-range', value: spec.requirement });
        }
        const name = spec.owner ? `${spec.owner}/${spec.name}` : spec.name;
        c = component({
          ecosystem: ECOSYSTEM, name, version: exact ?? '', purl: purlOf('generic', spec.owner, spec.name, exact, { repository_url: REGISTRY }),
          scope: role.scope, direct: true, evidence, ...(role.kind ? { kind: role.kind } : {}),
        });
      }
      properties.push({ name: 'platformio:option', value: role.option });
      c.properties = properties;
      components.push(c);
      if (unpinned && !flagged.has(c.key)) {
        flagged.add(c.key);
        findings.push({
          rule: 'platformio.unpinned',
          severity: 'warning',
          message: `${clip(c.name, 60)} (${role.option} of [env:${clip(role.env, 40)}], ${file}:${v.line}) is required with ${unpinned}; the version PlatformIO installs can change from one build to the next`,
          file,
          line: v.line,
          item: c.key,
          fix: spec.type === 'git'
            ? 'Pin the URL to a tag or commit (…/repo.git#v1.2.3).'
            : `Pin an exact version (${spec.owner ? `${spec.owner}/` : ''}${spec.name} @ <version>, the one \`pio pkg list\` shows).`,
        });
      }
    }
  }
  return { components: mergeComponents(components), findings };
}
