import { posix } from 'node:path';
import type { Component, Property, Scope } from '../../model/component.js';
import type { Finding } from '../../model/finding.js';
import { LineIndex } from '../../util/lines.js';
import { accessorOf, isExactVersion, pluginComponent, type ParsedCatalog } from '../gradle-catalog/extract.js';
import { component } from '../component.js';
import { clip, mavenPurl, validCoordPart } from '../maven/coords.js';
import type { ExtractResult } from '../source.js';
import { locksRuntime, scopeOfConfiguration, scopeOfEntry, SOURCE_ID, type LockEntry } from './lockfile.js';
import { blankComments, blocks, skipString, statements, stringLiterals, type Block } from './script.js';

export interface BuildInput {
  file: string;
  text: string;
  /** The lockfile entries of this project (gradle.lockfile and legacy dependency-locks beside the build file), when any. */
  lock?: { file: string; entries: LockEntry[]; configurations: string[] };
  /** The version catalog the build uses (gradle/libs.versions.toml of the build), for libs.* accessors. */
  catalog?: ParsedCatalog;
  /** gradle.properties values (project folder over root), for ${name} in versions. */
  gradleProperties?: Map<string, string>;
  /** The build file belongs to the build's own logic (buildSrc/, build-logic/): everything it declares is a build tool. */
  buildLogic?: boolean;
}

interface Declared {
  configuration: string;
  group: string;
  artifact: string;
  version: string;
  classifier?: string;
  ext?: string;
  platform: boolean;
  project?: string;
  line: number;
  via?: string;
}

const CONFIG_RE = /^([A-Za-z_][\w]*)\s*(\(|\s|$)/;

/** key=value lines of a gradle.properties text. */
export function parseGradleProperties(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^\s*([\w.-]+)\s*[=:]\s*(.*?)\s*$/.exec(line);
    if (m && !line.trimStart().startsWith('#') && !line.trimStart().startsWith('!')) out.set(m[1] as string, m[2] as string);
  }
  return out;
}

/** Variables a build script assigns a string literal to: def/val/var, ext.x, ext { x = }, set('x', …), extra["x"]. */
function variables(src: string, props: Map<string, string> | undefined): Map<string, string> {
  const vars = new Map<string, string>(props ?? []);
  const patterns = [
    /\b(?:def|val|var)\s+(\w+)\s*(?::\s*String\s*)?=\s*(['"])([^'"\n]*)\2/g,
    /\bext\.(?:set\(\s*)?['"]?([\w.]+)['"]?\s*(?:=|,)\s*(['"])([^'"\n]*)\2/g,
    /\bset\(\s*['"]([\w.]+)['"]\s*,\s*(['"])([^'"\n]*)\2\s*\)/g,
    /\bextra\[\s*['"]([\w.]+)['"]\s*\]\s*=\s*(['"])([^'"\n]*)\2/g,
  ];
  for (const re of patterns) for (const m of src.matchAll(re)) vars.set(m[1] as string, m[3] as string);
  for (const b of blocks(src)) {
    if (b.name !== 'ext') continue;
    for (const s of statements(src, b)) {
      const m = /^([\w.]+)\s*=\s*(['"])([^'"\n]*)\2/.exec(s.text);
      if (m) vars.set(m[1] as string, m[3] as string);
    }
  }
  return vars;
}

function interpolate(s: string, vars: Map<string, string>): string {
  let out = s;
  for (let round = 0; round < 5 && out.includes('$'); round++) {
    out = out
      .replace(/\$\{\s*(?:project\.|rootProject\.|ext\.|extra\.)?([\w.]+)\s*\}/g, (w, k: string) => vars.get(k) ?? w)
      .replace(/\$(\w+)/g, (w, k: string) => vars.get(k) ?? w);
  }
  return out;
}

/**
 * Read a build.gradle / build.gradle.kts: the dependencies declared in its `dependencies {}` blocks (string and map
 * notation, libs.* catalog accessors and bundles, platform(), project()), buildscript classpath entries and
 * `plugins {}` as build tools. With a lockfile beside it, the lockfile gives versions and scope and this file adds
 * only "direct"; a declaration the lockfile does not hold gets a `gradle.not-locked` finding.
 */
export function extractBuildGradle(input: BuildInput): ExtractResult {
  const { file, text } = input;
  const src = blankComments(text);
  const lines = new LineIndex(src);
  const vars = variables(src, input.gradleProperties);
  const all = blocks(src);
  const components: Component[] = [];
  const findings: Finding[] = [];
  const ev = (line: number, key: string) => [{ file, line, key, source: SOURCE_ID }];
  const dir = posix.dirname(file);

  // ---- the project itself --------------------------------------------------------------------
  const topGroup = /^\s*group\s*=\s*(['"])([^'"\n]+)\1/m.exec(src)?.[2];
  const topVersion = /^\s*version\s*=\s*(['"])([^'"\n]+)\1/m.exec(src)?.[2];
  const projectName = dir === '.' ? 'root' : posix.basename(dir);
  const group = topGroup && validCoordPart(interpolate(topGroup, vars)) ? interpolate(topGroup, vars) : undefined;
  const projVersion = topVersion ? interpolate(topVersion, vars) : '';
  const selfName = group ? `${group}:${projectName}` : projectName;
  const selfPurl = mavenPurl(group ?? 'local', validCoordPart(projectName) ? projectName : 'project', projVersion.includes('$') ? '' : projVersion);
  const self = component({
    ecosystem: 'Maven', name: selfName, version: projVersion.includes('$') ? '' : projVersion, purl: selfPurl, scope: 'runtime', firstParty: true,
    origin: { type: 'workspace', ref: dir }, evidence: ev(1, 'project'),
  });
  components.push(self);

  const lockBy = new Map<string, LockEntry[]>();
  for (const e of input.lock?.entries ?? []) {
    const k = `${e.group}:${e.artifact}`;
    lockBy.set(k, [...(lockBy.get(k) ?? []), e]);
  }
  const lockedConfs = new Set(input.lock?.configurations ?? []);
  const locksTests = [...lockedConfs].some((c) => scopeOfConfiguration(c) === 'test');
  const runtimeLocked = locksRuntime([...lockedConfs]);

  const catalogLib = new Map<string, { group: string; name: string; version: string; declared?: string }>();
  const catalogBundle = new Map<string, string[]>();
  const catalogPlugin = new Map<string, { id: string; version: string }>();
  if (input.catalog) {
    for (const l of input.catalog.libraries.values()) {
      catalogLib.set(accessorOf(l.alias), { group: l.group, name: l.name, version: l.version.exact, ...(l.version.declared ? { declared: l.version.declared } : {}) });
    }
    for (const [name, aliases] of input.catalog.bundles) catalogBundle.set(accessorOf(name), aliases.map(accessorOf));
    for (const p of input.catalog.plugins.values()) catalogPlugin.set(accessorOf(p.alias), { id: p.id, version: p.version.exact });
  }

  const declared: Declared[] = [];
  const unreadable = (line: number, what: string): void => void
    findings.push({ rule: `${SOURCE_ID}.unreadable-declaration`, severity: 'info', file, line, message: `the declaration "${clip(what, 100)}" is not a literal coordinate Tureen can read`, fix: 'Check this dependency by hand, or commit a gradle.lockfile (the lockfile lists what it resolves to).' });

  /** One dependency notation (the argument of a configuration call) to declarations. */
  const readNotation = (conf: string, arg: string, line: number, platform = false): void => {
    const a = arg.trim().replace(/^\(\s*/, '').replace(/\s*\)$/, '').trim();
    const wrapped = /^(platform|enforcedPlatform|testFixtures)\s*\(([\s\S]*)\)$/.exec(a);
    if (wrapped) return readNotation(conf, wrapped[2] as string, line, platform || wrapped[1] !== 'testFixtures');
    const proj = /^project\s*\(\s*(?:path\s*[:=]\s*)?(['"])([^'"]*)\1/.exec(a);
    if (proj) {
      const p = proj[2] as string;
      const name = p.split(':').filter(Boolean).pop() ?? p;
      declared.push({ configuration: conf, group: group ?? 'local', artifact: name, version: '', platform, project: p, line });
      return;
    }
    const typed = /^projects\.([\w.]+)$/.exec(a);
    if (typed) {
      const path = typed[1] as string;
      const name = path.split('.').pop() as string;
      // Gradle's type-safe project accessors turn kebab-case names into camelCase: keep the accessor as the path
      declared.push({ configuration: conf, group: group ?? 'local', artifact: name, version: '', platform, project: `:${path.replace(/\./g, ':')}`, line });
      return;
    }
    const acc = /^libs\.([\w.]+?)(?:\.get\(\))?$/.exec(a);
    if (acc) {
      const path = acc[1] as string;
      if (path.startsWith('bundles.')) {
        const aliases = catalogBundle.get(path.slice('bundles.'.length));
        if (!aliases) return unreadable(line, a);
        for (const al of aliases) {
          const l = catalogLib.get(al);
          if (l) declared.push({ configuration: conf, group: l.group, artifact: l.name, version: l.version, platform, line, via: `libs.${al}` });
        }
        return;
      }
      const l = catalogLib.get(path);
      if (!l) return unreadable(line, a);
      declared.push({ configuration: conf, group: l.group, artifact: l.name, version: l.version, platform, line, via: a });
      return;
    }
    const kotlin = /^kotlin\s*\(\s*"([\w-]+)"\s*(?:,\s*"([^"]*)")?\s*\)$/.exec(a);
    if (kotlin) {
      declared.push({ configuration: conf, group: 'org.jetbrains.kotlin', artifact: `kotlin-${kotlin[1]}`, version: kotlin[2] ?? '', platform, line });
      return;
    }
    if (/\b(group|name)\s*[:=]/.test(a) && /\bname\s*[:=]/.test(a)) {
      const field = (k: string) => new RegExp(`\\b${k}\\s*[:=]\\s*(['"])([^'"]*)\\1`).exec(a)?.[2];
      const g = field('group');
      const n = field('name');
      if (!g || !n) return unreadable(line, a);
      const c = field('classifier');
      const ext = field('ext');
      declared.push({ configuration: conf, group: interpolate(g, vars), artifact: interpolate(n, vars), version: interpolate(field('version') ?? '', vars), platform, line, ...(c ? { classifier: c } : {}), ...(ext ? { ext } : {}) });
      return;
    }
    if (/^(files|fileTree)\s*\(/.test(a)) {
      findings.push({ rule: `${SOURCE_ID}.local-files`, severity: 'info', file, line, message: `the ${clip(conf)} dependency ${clip(a, 80)} is a local file: not a Maven coordinate`, fix: 'Make sure the jars it names are committed (Tureen lists committed jars by their own manifest) or depend on a published coordinate.' });
      return;
    }
    const strs = stringLiterals(a);
    if (strs.length > 0 && /^['"]/.test(a)) {
      for (const s of strs) {
        const v = interpolate(s.value, vars);
        const [coord, ext] = v.split('@') as [string, string | undefined];
        const parts = coord.split(':');
        if (parts.length < 2 || parts.length > 4) return unreadable(line, a);
        declared.push({ configuration: conf, group: parts[0] as string, artifact: parts[1] as string, version: parts[2] ?? '', platform, line, ...(parts[3] ? { classifier: parts[3] } : {}), ...(ext ? { ext } : {}) });
      }
      return;
    }
    unreadable(line, a);
  };

  // dependencies {} and Kotlin Multiplatform's <sourceSet>.dependencies {} (commonMain, jvmTest …)
  const depBlocks = all.filter((b) => b.name === 'dependencies' || b.name.endsWith('.dependencies'));
  for (const b of depBlocks) {
    const inBuildscript = b.parents.includes('buildscript');
    const sourceSet = b.name.endsWith('.dependencies') ? b.name.slice(0, -'.dependencies'.length).split('.').pop() ?? '' : '';
    for (const s of statements(src, b)) {
      const m = CONFIG_RE.exec(s.text);
      if (!m) continue;
      const conf = m[1] as string;
      if (['exclude', 'constraints', 'components', 'modules', 'if', 'for', 'def', 'val', 'var'].includes(conf)) continue;
      const rest = s.text.slice(conf.length).trim();
      // cut a trailing configuration closure: implementation('x') { exclude … }
      let arg = rest;
      let depth = 0;
      for (let i = 0; i < rest.length; i++) {
        const c = rest[i];
        if (c === '"' || c === "'") {
          i = skipString(rest, i) - 1;
          continue;
        }
        if (c === '(') depth++;
        else if (c === ')') depth--;
        else if (c === '{' && depth === 0) {
          arg = rest.slice(0, i);
          break;
        }
      }
      const configuration = inBuildscript ? 'classpath' : sourceSet ? `${sourceSet}${conf.charAt(0).toUpperCase()}${conf.slice(1)}` : conf;
      readNotation(configuration, arg, lines.lineAt(s.offset));
    }
  }

  // ---- declarations → components ---------------------------------------------------------------
  const shown = new Set<string>();
  for (const d of declared) {
    const name = `${d.group}:${d.artifact}`;
    const props: Property[] = [{ name: 'gradle:configuration', value: d.configuration }];
    if (d.via) props.push({ name: 'gradle:catalog-accessor', value: d.via });
    if (d.platform) props.push({ name: 'gradle:platform', value: 'true' });
    if (d.project !== undefined) {
      const purl = mavenPurl(d.group, validCoordPart(d.artifact) ? d.artifact : 'project', self.version);
      components.push(component({ ecosystem: 'Maven', name, version: self.version, purl, scope: scopeOfConfiguration(d.configuration), direct: true, firstParty: true, origin: { type: 'workspace', ref: d.project }, evidence: ev(d.line, `dependencies/${d.configuration}/project(${d.project})`), properties: props }));
      continue;
    }
    if (!validCoordPart(d.group) || !validCoordPart(d.artifact)) {
      unreadable(d.line, `${d.group}:${d.artifact}`);
      continue;
    }
    const isTool = d.configuration === 'classpath';
    const locked = isTool ? undefined : lockBy.get(name);
    if (locked && locked.length > 0) {
      for (const e of locked) {
        const purl = mavenPurl(d.group, d.artifact, e.version, { classifier: d.classifier, type: d.ext });
        components.push(component({
          ecosystem: 'Maven', name, version: e.version, purl, scope: scopeOfEntry(e, runtimeLocked), direct: true,
          evidence: ev(d.line, `dependencies/${d.configuration}/${name}`),
          properties: [...props, { name: 'gradle:locked-in', value: input.lock?.file ?? '' }, ...(d.version ? [{ name: 'gradle:declared-version', value: interpolate(d.version, vars) }] : [])],
        }));
        self.dependencies.push(purl);
      }
      continue;
    }
    const version = interpolate(d.version, vars);
    const exact = isExactVersion(version) ? version : '';
    if (version && !exact) props.push({ name: 'declared-range', value: version });
    const scope: Scope = isTool ? 'build' : scopeOfConfiguration(d.configuration);
    const purl = mavenPurl(d.group, d.artifact, exact, { classifier: d.classifier, type: d.ext });
    components.push(component({
      ecosystem: 'Maven', name, version: exact, purl, scope, direct: true,
      evidence: ev(d.line, `dependencies/${d.configuration}/${name}`), properties: props,
    }));
    if (!isTool) self.dependencies.push(purl);
    const key = `${purl}|${d.line}`;
    if (shown.has(key)) continue;
    shown.add(key);
    if (input.lock && !isTool) {
      const ships = scope === 'runtime' || scope === 'optional';
      findings.push({
        rule: `${SOURCE_ID}.not-locked`,
        severity: ships || (scope === 'test' && locksTests) ? 'warning' : 'info',
        file, line: d.line, item: purl,
        message: `${clip(name)} (${clip(d.configuration)}) is declared here but not in ${clip(input.lock.file)}${ships ? '' : `, which locks ${[...lockedConfs].slice(0, 4).join(', ') || 'no configuration'}${lockedConfs.size > 4 ? ', …' : ''}`}; listed with its declared version ${exact ? exact : version ? `range "${clip(version)}"` : '(none)'}`,
        fix: 'Lock every configuration (`dependencyLocking { lockAllConfigurations() }`), run `./gradlew dependencies --write-locks` and commit gradle.lockfile.',
      });
    } else if (!exact) {
      findings.push({
        rule: `${SOURCE_ID}.unpinned`, severity: 'warning', file, line: d.line, item: purl,
        message: version ? `${clip(name)} is declared with "${clip(version)}", not one exact version, and no gradle.lockfile pins it` : `${clip(name)} is declared without a version (a platform, BOM or plugin supplies it) and no gradle.lockfile pins it`,
        fix: 'Enable dependency locking and commit gradle.lockfile (`./gradlew dependencies --write-locks`), or declare an exact version.',
      });
    }
  }

  // ---- plugins {} ------------------------------------------------------------------------------
  for (const b of all.filter((x: Block) => x.name === 'plugins' && x.parents.length === 0)) {
    for (const s of statements(src, b)) {
      const line = lines.lineAt(s.offset);
      const alias = /^alias\s*\(\s*libs\.plugins\.([\w.]+)\s*\)/.exec(s.text);
      let id: string | undefined;
      let version = '';
      if (alias) {
        const p = catalogPlugin.get(alias[1] as string);
        if (!p) {
          unreadable(line, s.text);
          continue;
        }
        id = p.id;
        version = p.version;
      } else {
        const m = /^id\s*\(?\s*(['"])([^'"]+)\1\s*\)?(?:\s*\.?\s*version\s*\(?\s*(['"])([^'"]*)\3)?/.exec(s.text);
        const k = /^kotlin\s*\(\s*"([\w.-]+)"\s*\)(?:\s*\.?\s*version\s*\(?\s*(['"])([^'"]*)\2)?/.exec(s.text);
        if (m) {
          id = m[2] as string;
          version = interpolate(m[4] ?? '', vars);
        } else if (k) {
          id = `org.jetbrains.kotlin.${k[1]}`;
          version = interpolate(k[3] ?? '', vars);
        }
      }
      // core plugins (java, jacoco, checkstyle …) have no dot in their id and ship with Gradle itself
      if (!id || !id.includes('.') || !validCoordPart(id)) continue;
      const exact = isExactVersion(version) ? version : '';
      components.push(pluginComponent(id, exact, ev(line, `plugins/${id}`)));
      components[components.length - 1]!.evidence[0]!.source = SOURCE_ID;
    }
  }

  if (!input.lock && declared.some((d) => d.configuration !== 'classpath' && d.project === undefined)) {
    findings.push({
      rule: `${SOURCE_ID}.no-lockfile`,
      severity: 'warning',
      file,
      message: 'no gradle.lockfile beside this build file: the versions Gradle resolves (conflict resolution, platforms, dynamic versions) and the transitive dependencies are not known',
      fix: 'Enable dependency locking (`dependencyLocking { lockAllConfigurations() }`), run `./gradlew dependencies --write-locks` and commit gradle.lockfile; or commit a CycloneDX SBOM of the build.',
    });
  }
  // scope build (not kind 'tool'): the same library often also ships (guava, kotlin-stdlib), and a merged item must
  // not inherit a tool kind from its build-classpath copy
  if (input.buildLogic) {
    for (const c of components) if (!c.firstParty) c.scope = 'build';
  }
  return { components, findings };
}
