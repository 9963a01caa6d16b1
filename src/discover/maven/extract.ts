import { posix } from 'node:path';
import type { Component, Evidence, Property, Scope } from '../../model/component.js';
import { isTureenError } from '../../model/errors.js';
import type { Finding } from '../../model/finding.js';
import { toLicense } from '../../util/license.js';
import { component } from '../component.js';
import type { ExtractResult } from '../source.js';
import { clip, mavenPurl, validCoordPart } from './coords.js';
import { readPom, type RawDep, type RawPom } from './schema.js';

export const SOURCE_ID = 'maven';

/** Read access to the repository's POMs: the text of a repository-relative path, and every pom.xml path. */
export interface PomLookup {
  read(path: string): string | undefined;
  /** Repository-relative paths of every pom.xml (to find a parent or BOM by its coordinates, and the reactor). */
  list(): readonly string[];
  /** Parsed POMs by path, shared between the POMs of one scan (optional). */
  cache?: Map<string, RawPom | null>;
}

export interface PomInput {
  file: string;
  text: string;
  poms?: PomLookup;
  /** User properties (-Dname=value in .mvn/maven.config, e.g. CI-friendly ${revision}); they win over <properties>, as in Maven. */
  userProperties?: ReadonlyMap<string, string>;
}

/** The -Dname=value options of a .mvn/maven.config text. */
export function parseMavenConfig(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(/(?:^|\s)-D([\w.-]+)=("([^"]*)"|'([^']*)'|(\S*))/g)) out.set(m[1] as string, m[3] ?? m[4] ?? m[5] ?? '');
  return out;
}

const MAX_DEPTH = 32;
const MAX_VALUE = 4096;
const DEFAULT_PLUGIN_GROUP = 'org.apache.maven.plugins';
const TRANSITIVE_FIX =
  'Commit an SBOM of the resolved build, e.g. `mvn org.cyclonedx:cyclonedx-maven-plugin:makeAggregateBom` (target/bom.json), which Tureen imports; or pin every transitive version in <dependencyManagement>.';

/** One model after inheritance and interpolation: what a POM means once its parents are applied. */
interface Effective {
  pom: RawPom;
  groupId: string;
  artifactId: string;
  version: string;
  packaging: string;
  /** The chain of POMs read, self first. */
  chain: RawPom[];
  /** Managed dependencies (explicit, then imported from BOMs), by groupId:artifactId:type:classifier. */
  managed: Map<string, ResolvedDep>;
  managedPlugins: Map<string, ResolvedDep>;
  dependencies: ResolvedDep[];
  plugins: ResolvedDep[];
  /** This POM's own <pluginManagement> and <extensions>, resolved. */
  ownManagedPlugins: ResolvedDep[];
  extensions: ResolvedDep[];
  /** External parent (not in the repository), when there is one. */
  externalParent?: { groupId: string; artifactId: string; version: string; line?: number };
  /** BOM imports not found in the repository. */
  externalBoms: ResolvedDep[];
}

interface ResolvedDep {
  raw: RawDep;
  groupId: string;
  artifactId: string;
  version: string;
  scope?: string;
  type: string;
  classifier?: string;
  optional: boolean;
  systemPath?: string;
}

const depKey = (d: { groupId: string; artifactId: string; type?: string; classifier?: string | undefined }) =>
  `${d.groupId}:${d.artifactId}:${d.type ?? 'jar'}:${d.classifier ?? ''}`;

class Reader {
  readonly findings: Finding[] = [];
  private readonly cache: Map<string, RawPom | null>;
  private index: Map<string, string[]> | undefined;
  private readonly seenFindings = new Set<string>();

  constructor(private readonly poms: PomLookup, first: { file: string; text: string }, private readonly userProps: ReadonlyMap<string, string> = new Map()) {
    this.cache = poms.cache ?? new Map();
    if (!this.cache.has(first.file)) this.cache.set(first.file, readPom(first.file, first.text));
  }

  finding(f: Finding): void {
    const k = `${f.rule}|${f.file}|${f.line}|${f.item}|${f.message}`;
    if (this.seenFindings.has(k)) return;
    this.seenFindings.add(k);
    this.findings.push(f);
  }

  /** A POM of the repository, parsed once; null when absent or not a readable POM. */
  load(path: string): RawPom | null {
    if (this.cache.has(path)) return this.cache.get(path) ?? null;
    const text = this.poms.read(path);
    let pom: RawPom | null = null;
    if (text !== undefined) {
      try {
        pom = readPom(path, text);
      } catch (e) {
        if (!isTureenError(e)) throw e;
        pom = null;
      }
    }
    this.cache.set(path, pom);
    return pom;
  }

  /** groupId:artifactId → POM paths of the repository (groupId inherited from <parent> when not written). */
  byCoords(groupId: string, artifactId: string): string[] {
    if (!this.index) {
      this.index = new Map();
      for (const p of this.poms.list()) {
        const pom = this.load(p);
        if (!pom?.artifactId) continue;
        const g = pom.groupId ?? pom.parent?.groupId;
        if (!g) continue;
        const k = `${g}:${pom.artifactId}`;
        const l = this.index.get(k) ?? [];
        l.push(p);
        this.index.set(k, l);
      }
    }
    return this.index.get(`${groupId}:${artifactId}`) ?? [];
  }

  /** Every groupId:artifactId a POM of the repository builds: the reactor, first-party. */
  reactor(): Set<string> {
    this.byCoords('', '');
    return new Set(this.index?.keys() ?? []);
  }

  /** The parent POM inside the repository: <relativePath> (default ../pom.xml) first, then by coordinates. */
  parentOf(pom: RawPom): RawPom | undefined {
    const p = pom.parent;
    if (!p?.artifactId) return undefined;
    if (p.relativePath !== '') {
      let rel = posix.normalize(posix.join(posix.dirname(pom.file), p.relativePath ?? '../pom.xml'));
      if (!rel.endsWith('.xml')) rel = posix.join(rel, 'pom.xml');
      if (!rel.startsWith('../') && rel !== '..' && !posix.isAbsolute(rel)) {
        const cand = this.load(rel);
        if (cand && cand.artifactId === p.artifactId && (cand.groupId ?? cand.parent?.groupId) === p.groupId) return cand;
      }
    }
    if (!p.groupId) return undefined;
    for (const path of this.byCoords(p.groupId, p.artifactId)) {
      const cand = this.load(path);
      if (cand && cand !== pom && (!p.version || !cand.version || cand.version === p.version || cand.version.includes('${'))) return cand;
    }
    return undefined;
  }

  /** Inheritance and interpolation of one POM; `depth` guards parent and BOM recursion. */
  effective(pom: RawPom, depth = 0): Effective {
    const chain: RawPom[] = [pom];
    let externalParent: Effective['externalParent'];
    for (let cur: RawPom = pom; cur.parent; ) {
      const parent = this.parentOf(cur);
      if (!parent || chain.includes(parent) || chain.length > MAX_DEPTH) {
        if (parent && chain.includes(parent)) {
          this.finding({ rule: `${SOURCE_ID}.parent-cycle`, severity: 'warning', message: `the <parent> chain of ${clip(pom.file)} comes back to ${clip(parent.file)}`, file: cur.file, ...(cur.parent.line ? { line: cur.parent.line } : {}), fix: 'Correct the <parent> elements so that no POM is its own ancestor.' });
        } else if (!parent) {
          const p = cur.parent;
          externalParent = { groupId: p.groupId ?? '', artifactId: p.artifactId ?? '', version: p.version ?? '', ...(p.line ? { line: p.line } : {}) };
        }
        break;
      }
      chain.push(parent);
      cur = parent;
    }

    // properties: the oldest ancestor first, each child overriding
    const props = new Map<string, string>();
    for (let i = chain.length - 1; i >= 0; i--) for (const [k, v] of (chain[i] as RawPom).properties) props.set(k, v);
    for (const [k, v] of this.userProps) props.set(k, v);
    const self = pom;
    const rawGroup = self.groupId ?? self.parent?.groupId ?? '';
    const rawVersion = self.version ?? self.parent?.version ?? '';
    const builtins = new Map<string, string>();
    const setBuiltin = (k: string, v: string | undefined) => {
      if (v === undefined) return;
      for (const prefix of ['project.', 'pom.', '']) builtins.set(prefix + k, v);
    };
    setBuiltin('groupId', rawGroup);
    setBuiltin('artifactId', self.artifactId ?? '');
    setBuiltin('version', rawVersion);
    setBuiltin('packaging', self.packaging ?? 'jar');
    setBuiltin('name', self.name);
    setBuiltin('parent.groupId', self.parent?.groupId);
    setBuiltin('parent.artifactId', self.parent?.artifactId);
    setBuiltin('parent.version', self.parent?.version);
    const interp = new Interpolator(props, builtins, (name, cycle) =>
      this.finding({
        rule: `${SOURCE_ID}.property-cycle`,
        severity: 'warning',
        message: `the property \${${clip(name)}} refers to itself (${cycle.map((c) => clip(c, 40)).join(' → ')}); values that use it stay unresolved`,
        file: self.file,
        fix: 'Correct the <properties> so that no property refers back to itself.',
      }),
    );

    const resolve = (d: RawDep, defaultGroup?: string): ResolvedDep => {
      const r: ResolvedDep = {
        raw: d,
        groupId: interp.value(d.groupId ?? defaultGroup ?? ''),
        artifactId: interp.value(d.artifactId ?? ''),
        version: interp.value(d.version ?? ''),
        type: interp.value(d.type ?? 'jar') || 'jar',
        optional: interp.value(d.optional ?? '') === 'true',
      };
      if (d.scope) r.scope = interp.value(d.scope);
      if (d.classifier) r.classifier = interp.value(d.classifier);
      if (d.systemPath) r.systemPath = interp.value(d.systemPath);
      return r;
    };

    const managed = new Map<string, ResolvedDep>();
    const imports: ResolvedDep[] = [];
    for (let i = chain.length - 1; i >= 0; i--) {
      for (const d of (chain[i] as RawPom).managed) {
        const r = resolve(d);
        if (r.scope === 'import' && r.type === 'pom') imports.push(r);
        else managed.set(depKey(r), r);
      }
    }
    // BOM imports: in declaration order, never overriding what is managed explicitly or by an earlier BOM
    const externalBoms: ResolvedDep[] = [];
    for (const bom of imports) {
      const found = depth < MAX_DEPTH ? this.byCoords(bom.groupId, bom.artifactId).map((p) => this.load(p)).find((p) => p && p !== pom) : undefined;
      if (!found) {
        externalBoms.push(bom);
        continue;
      }
      const eff = this.effective(found, depth + 1);
      if (bom.version && eff.version && bom.version !== eff.version) {
        externalBoms.push(bom);
        continue;
      }
      for (const [k, v] of eff.managed) if (!managed.has(k)) managed.set(k, v);
    }

    const managedPlugins = new Map<string, ResolvedDep>();
    for (let i = chain.length - 1; i >= 0; i--) {
      for (const d of (chain[i] as RawPom).managedPlugins) {
        const r = resolve(d, DEFAULT_PLUGIN_GROUP);
        managedPlugins.set(`${r.groupId}:${r.artifactId}`, r);
      }
    }

    // dependencies and plugins are inherited from the parents too; a child's declaration replaces its parent's
    const deps = new Map<string, ResolvedDep>();
    for (let i = chain.length - 1; i >= 0; i--) for (const d of (chain[i] as RawPom).dependencies) {
      const r = resolve(d);
      deps.set(depKey(r), r);
    }
    const plugins = new Map<string, ResolvedDep>();
    for (let i = chain.length - 1; i >= 0; i--) for (const d of (chain[i] as RawPom).plugins) {
      const r = resolve(d, DEFAULT_PLUGIN_GROUP);
      plugins.set(`${r.groupId}:${r.artifactId}`, r);
    }

    return {
      pom,
      groupId: interp.value(rawGroup),
      artifactId: interp.value(self.artifactId ?? ''),
      version: interp.value(rawVersion),
      packaging: interp.value(self.packaging ?? 'jar') || 'jar',
      chain,
      managed,
      managedPlugins,
      dependencies: [...deps.values()],
      plugins: [...plugins.values()],
      ownManagedPlugins: self.managedPlugins.map((d) => resolve(d, DEFAULT_PLUGIN_GROUP)),
      extensions: self.extensions.map((d) => resolve(d, DEFAULT_PLUGIN_GROUP)),
      ...(externalParent ? { externalParent: { ...externalParent, groupId: interp.value(externalParent.groupId), version: interp.value(externalParent.version) } } : {}),
      externalBoms,
    };
  }
}

/** ${name} interpolation from the merged <properties> and the project.* built-ins, recursive, with cycle detection. */
class Interpolator {
  private readonly memo = new Map<string, string | undefined>();
  constructor(
    private readonly props: Map<string, string>,
    private readonly builtins: Map<string, string>,
    private readonly onCycle: (name: string, cycle: string[]) => void,
  ) {}

  /** The value with every known ${…} replaced; unknown ones stay as written. */
  value(s: string): string {
    return this.expand(s, []);
  }

  private expand(s: string, stack: string[]): string {
    if (!s.includes('${')) return s;
    const out = s.replace(/\$\{([^${}]*)\}/g, (whole, name: string) => this.lookup(name, stack) ?? whole);
    return out.length > MAX_VALUE ? s : out;
  }

  private lookup(name: string, stack: string[]): string | undefined {
    if (stack.includes(name)) {
      this.onCycle(name, [...stack.slice(stack.indexOf(name)), name]);
      return undefined;
    }
    if (this.memo.has(name)) return this.memo.get(name);
    // a property in <properties> wins over the built-ins, as in Maven (except project.*, which Maven reads from the model)
    const raw = name.startsWith('project.') ? this.builtins.get(name) ?? this.props.get(name) : this.props.get(name) ?? this.builtins.get(name);
    if (raw === undefined) return undefined;
    const v = this.expand(raw, [...stack, name]);
    const resolved = v.includes('${') ? undefined : v;
    // memoised either way, so that a property used twice per level costs once (no exponential re-expansion)
    this.memo.set(name, resolved);
    return resolved;
  }
}

const unresolved = (s: string) => s === '' || s.includes('${');

function mapScope(scope: string | undefined, optional: boolean): Scope {
  if (scope === 'test') return 'test';
  if (optional) return 'optional';
  return 'runtime';
}

/**
 * Read one pom.xml into components: the project itself (first-party), each dependency with its version and scope
 * after inheritance from parents in the repository, property interpolation and dependencyManagement (BOM imports
 * included), each build plugin and extension as a build tool, and an external parent or BOM as a build input.
 */
export function extractPom(input: PomInput): ExtractResult {
  const { file } = input;
  const poms: PomLookup = input.poms ?? { read: (p) => (p === file ? input.text : undefined), list: () => [file] };
  const reader = new Reader(poms, { file, text: input.text }, input.userProperties);
  const pom = reader.load(file) as RawPom;
  const eff = reader.effective(pom);
  const findings = reader.findings;
  const components: Component[] = [];
  const ev = (line: number | undefined, key: string, at = file): Evidence[] => [{ file: at, ...(line ? { line } : {}), key, source: SOURCE_ID }];

  // ---- the project itself -----------------------------------------------------------------------
  const selfKnown = validCoordPart(eff.groupId) && validCoordPart(eff.artifactId);
  const selfVersion = unresolved(eff.version) ? '' : eff.version;
  const selfName = selfKnown ? `${eff.groupId}:${eff.artifactId}` : posix.dirname(file) === '.' ? 'root' : posix.dirname(file);
  const selfPurl = selfKnown ? mavenPurl(eff.groupId, eff.artifactId, selfVersion, { type: eff.packaging === 'pom' ? 'pom' : undefined }) : mavenPurl('local', selfName.replace(/[^A-Za-z0-9_.-]/g, '_') || 'root', selfVersion);
  if (!selfKnown) {
    findings.push({ rule: `${SOURCE_ID}.no-coordinates`, severity: 'warning', message: `the POM's groupId:artifactId "${clip(eff.groupId)}:${clip(eff.artifactId)}" cannot be resolved`, file, ...(pom.line ? { line: pom.line } : {}), fix: 'Give the <project> a literal <groupId> (or a <parent>) and <artifactId>.' });
  }
  const props: Property[] = [{ name: 'maven:packaging', value: eff.packaging }];
  for (const m of pom.modules) props.push({ name: 'maven:module', value: m.name });
  const licenses = pom.licenses.map(toLicense).filter((l) => l !== undefined);
  const selfLabel = selfVersion ? `${selfName}@${selfVersion}` : selfName;
  const self = component({
    ecosystem: 'Maven',
    name: selfName,
    version: selfVersion,
    purl: selfPurl,
    scope: 'runtime',
    firstParty: true,
    licenses,
    origin: { type: 'workspace', ref: posix.dirname(file) },
    evidence: ev(pom.line, 'project'),
    properties: props,
  });
  components.push(self);

  const reactor = reader.reactor();
  // a reactor's modules whose POM is not in the repository are still first-party: match them by folder name
  const reactorGroup = eff.chain.at(-1)?.groupId ?? eff.groupId;
  const moduleNames = new Set<string>();
  for (const p of eff.chain) for (const m of p.modules) moduleNames.add(posix.basename(m.name));
  const isFirstParty = (g: string, a: string) => reactor.has(`${g}:${a}`) || (g === eff.groupId && a === eff.artifactId) || ((g === reactorGroup || g === eff.groupId) && moduleNames.has(a));

  const missingModules = pom.modules.filter((m) => {
    const p = posix.normalize(posix.join(posix.dirname(file), m.name.endsWith('.xml') ? m.name : posix.join(m.name, 'pom.xml')));
    return !poms.read(p);
  });
  if (missingModules.length > 0 && input.poms) {
    findings.push({
      rule: `${SOURCE_ID}.module-missing`,
      severity: 'info',
      message: `${missingModules.length} of the ${pom.modules.length} <modules> have no pom.xml in the scanned tree (${missingModules.slice(0, 5).map((m) => clip(m.name, 40)).join(', ')}${missingModules.length > 5 ? ', …' : ''}); their dependencies are not listed`,
      file,
      ...(missingModules[0]?.line ? { line: missingModules[0].line } : {}),
      fix: 'Scan the whole reactor (the folder of the top-level pom.xml), or remove the stale <module> entries.',
    });
  }

  if (eff.externalParent) {
    const p = eff.externalParent;
    findings.push({
      rule: `${SOURCE_ID}.parent-missing`,
      severity: 'warning',
      message: `the parent POM ${clip(p.groupId)}:${clip(p.artifactId)}:${clip(p.version)} is not in the repository: versions, scopes and plugins it manages cannot be read, and some may be missing here`,
      file,
      ...(p.line ? { line: p.line } : {}),
      fix: `Check the versions it supplies in its published POM, or commit an SBOM of the resolved build. ${TRANSITIVE_FIX}`,
    });
    if (validCoordPart(p.groupId) && validCoordPart(p.artifactId) && !isFirstParty(p.groupId, p.artifactId)) {
      const v = unresolved(p.version) ? '' : p.version;
      components.push(component({
        ecosystem: 'Maven', name: `${p.groupId}:${p.artifactId}`, version: v, purl: mavenPurl(p.groupId, p.artifactId, v, { type: 'pom' }),
        scope: 'build', direct: true, evidence: ev(p.line, 'project/parent'),
        properties: [{ name: 'maven:role', value: 'parent' }], paths: [[selfLabel, v ? `${p.groupId}:${p.artifactId}@${v}` : `${p.groupId}:${p.artifactId}`]],
      }));
    }
  }

  for (const b of eff.externalBoms.filter((x) => x.raw.file === file)) {
    const line = b.raw.line;
    const bomFile = b.raw.file;
    findings.push({
      rule: `${SOURCE_ID}.bom-missing`,
      severity: 'warning',
      message: `the imported BOM ${clip(b.groupId)}:${clip(b.artifactId)}:${clip(b.version)} is not in the repository: the versions it manages cannot be read`,
      file: bomFile,
      ...(line ? { line } : {}),
      fix: `Give each dependency it manages an explicit <version>, or commit an SBOM of the resolved build. ${TRANSITIVE_FIX}`,
    });
    if (validCoordPart(b.groupId) && validCoordPart(b.artifactId) && !isFirstParty(b.groupId, b.artifactId)) {
      const v = unresolved(b.version) ? '' : b.version;
      components.push(component({
        ecosystem: 'Maven', name: `${b.groupId}:${b.artifactId}`, version: v, purl: mavenPurl(b.groupId, b.artifactId, v, { type: 'pom' }),
        scope: 'build', direct: true, evidence: ev(line, 'dependencyManagement', bomFile),
        properties: [{ name: 'maven:role', value: 'bom' }, { name: 'maven:scope', value: 'import' }],
      }));
    }
  }

  // ---- dependencies -----------------------------------------------------------------------------
  for (const d of eff.dependencies) {
    const line = d.raw.line;
    const at = d.raw.file;
    if (!validCoordPart(d.groupId) || !validCoordPart(d.artifactId)) {
      reader.finding({ rule: `${SOURCE_ID}.bad-coordinates`, severity: 'warning', message: `a <dependency> has the coordinates "${clip(d.groupId)}:${clip(d.artifactId)}", which are not a Maven groupId:artifactId once its properties are resolved; it is not listed`, file: at, ...(line ? { line } : {}), fix: 'Give the dependency a literal groupId and artifactId, or define the properties they use.' });
      continue;
    }
    const m = eff.managed.get(depKey(d));
    const version = d.version || m?.version || '';
    const scopeName = d.scope ?? m?.scope ?? 'compile';
    const optional = d.raw.optional !== undefined ? d.optional : m?.optional ?? false;
    const name = `${d.groupId}:${d.artifactId}`;
    const firstParty = isFirstParty(d.groupId, d.artifactId);
    const exact = unresolved(version) ? '' : version;
    const purl = mavenPurl(d.groupId, d.artifactId, exact, { type: d.type, classifier: d.classifier });
    const properties: Property[] = [{ name: 'maven:scope', value: scopeName }];
    if (d.type !== 'jar') properties.push({ name: 'maven:type', value: d.type });
    if (!d.version && m?.version) properties.push({ name: 'maven:managed-by', value: m.raw.file });
    if (exact !== version && version) properties.push({ name: 'declared-range', value: version });
    const evidence = ev(line, `dependencies/${name}`, at);
    components.push(component({
      ecosystem: 'Maven', name, version: exact, purl,
      scope: mapScope(scopeName, optional),
      direct: true, firstParty,
      ...(firstParty ? { origin: { type: 'workspace' } } : {}),
      evidence, properties,
      paths: [[selfLabel, exact ? `${name}@${exact}` : name]],
    }));
    self.dependencies.push(purl);
    const where = { file: at, ...(line ? { line } : {}), item: purl };
    if (!exact && !firstParty) {
      findings.push({
        rule: `${SOURCE_ID}.unresolved-version`, severity: 'warning', ...where,
        message: version
          ? `the version of ${clip(name)} is "${clip(version)}", which Tureen cannot resolve from the repository's POMs`
          : `${clip(name)} has no <version>, and no <dependencyManagement> in the repository's POMs manages it`,
        fix: 'Give it an explicit <version> (or a property defined in this POM or a parent in the repository), or commit an SBOM of the resolved build.',
      });
    } else if (exact && /^[[(]/.test(exact)) {
      findings.push({ rule: `${SOURCE_ID}.unpinned`, severity: 'warning', ...where, message: `${clip(name)} is declared with the version range ${clip(exact)}`, fix: 'Pin an exact <version>: a range resolves to whatever is newest at build time.' });
    }
    if (scopeName === 'provided') {
      findings.push({ rule: `${SOURCE_ID}.provided`, severity: 'info', ...where, message: `${clip(name)} has scope provided: it runs in the device, but the runtime environment (application server, platform) supplies it`, fix: 'List the environment that provides it (its server or platform, with version) as a SOUP item, and check its version there.' });
    }
    if (scopeName === 'system') {
      findings.push({ rule: `${SOURCE_ID}.system-scope`, severity: 'warning', ...where, message: `${clip(name)} has scope system: Maven takes it from the local file ${clip(d.systemPath ?? '(no <systemPath>)')}, not from a repository`, fix: 'Install the jar into a repository and depend on it normally; keep its origin and version documented.' });
    }
  }

  // ---- build plugins and extensions: tools ------------------------------------------------------
  const tools: { d: ResolvedDep; role: string }[] = [
    ...eff.plugins.map((d) => ({ d, role: 'plugin' })),
    ...eff.ownManagedPlugins.map((d) => ({ d, role: 'plugin-management' })),
    ...eff.extensions.map((d) => ({ d, role: 'extension' })),
  ];
  for (const { d, role } of tools) {
    if (!validCoordPart(d.groupId) || !validCoordPart(d.artifactId)) continue;
    const version = d.version || eff.managedPlugins.get(`${d.groupId}:${d.artifactId}`)?.version || '';
    const exact = unresolved(version) ? '' : version;
    const name = `${d.groupId}:${d.artifactId}`;
    const purl = mavenPurl(d.groupId, d.artifactId, exact);
    components.push(component({
      ecosystem: 'Maven', name, version: exact, purl, scope: 'build', direct: true, kind: 'tool',
      firstParty: isFirstParty(d.groupId, d.artifactId),
      evidence: ev(d.raw.line, `build/${role}/${name}`, d.raw.file),
      properties: [{ name: 'maven:role', value: role }],
    }));
    if (!exact && role !== 'plugin-management') {
      findings.push({ rule: `${SOURCE_ID}.plugin-unpinned`, severity: 'info', file: d.raw.file, ...(d.raw.line ? { line: d.raw.line } : {}), item: purl, message: `the ${role} ${clip(name)} has no version in the repository's POMs: Maven picks one from its own defaults or the parent`, fix: 'Pin the plugin version in <pluginManagement>, so that the build is reproducible.' });
    }
  }

  if (pom.profiles.length > 0) {
    findings.push({
      rule: `${SOURCE_ID}.profiles-not-read`,
      severity: 'info',
      message: `the profile${pom.profiles.length > 1 ? 's' : ''} ${pom.profiles.map((p) => clip(p.id, 40)).join(', ')} declare${pom.profiles.length > 1 ? '' : 's'} dependencies or plugins, which Tureen does not list (profiles are activated at build time)`,
      file,
      ...(pom.profiles[0]?.line ? { line: pom.profiles[0].line } : {}),
      fix: 'If the released device is built with a profile, check what it adds, or commit an SBOM of that build (CycloneDX maven plugin with the same -P).',
    });
  }
  findings.push({
    rule: `${SOURCE_ID}.transitive-not-listed`,
    severity: 'info',
    message: `a POM lists only direct dependencies: the ones they pull in (transitive) are not in this inventory from ${clip(file)}`,
    file,
    fix: TRANSITIVE_FIX,
  });
  return { components, findings };

}

/**
 * The effective coordinates and managed versions of a POM after inheritance, interpolation and BOM imports
 * (for tests and tools that need the dependencyManagement without listing it as components).
 */
export function effectivePom(input: PomInput): { groupId: string; artifactId: string; version: string; properties: number; managed: Map<string, { version: string; scope?: string }> } {
  const poms: PomLookup = input.poms ?? { read: (p) => (p === input.file ? input.text : undefined), list: () => [input.file] };
  const reader = new Reader(poms, { file: input.file, text: input.text }, input.userProperties);
  const pom = reader.load(input.file) as RawPom;
  const eff = reader.effective(pom);
  const managed = new Map<string, { version: string; scope?: string }>();
  for (const [k, d] of eff.managed) managed.set(k, { version: d.version, ...(d.scope ? { scope: d.scope } : {}) });
  return { groupId: eff.groupId, artifactId: eff.artifactId, version: eff.version, properties: pom.properties.size, managed };
}
