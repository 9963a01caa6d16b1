import { malformed } from '../../model/errors.js';
import { parseXml } from '../../util/xml.js';
import { elementLines } from './xmlpos.js';

/**
 * The parts of a Maven POM (POM 4.0.0, https://maven.apache.org/ref/3.9.9/maven-model/maven.html) Tureen reads,
 * as plain strings exactly as written (before interpolation). fast-xml-parser turns the XML into nested
 * objects; every element below is read with the small accessors here, which accept only the shapes the
 * POM model allows (a string, or an element holding elements) and ignore the rest.
 */

/** Elements that repeat in a POM: always arrays after parsing. */
const ARRAYS = ['dependency', 'plugin', 'module', 'extension', 'license', 'exclusion', 'execution', 'profile'];

export interface RawDep {
  groupId?: string;
  artifactId?: string;
  version?: string;
  scope?: string;
  type?: string;
  classifier?: string;
  optional?: string;
  systemPath?: string;
  /** The POM that declares it and the line of its <dependency>/<plugin>/<extension> start tag. */
  file: string;
  line?: number;
}

export interface RawParent {
  groupId?: string;
  artifactId?: string;
  version?: string;
  /** undefined: not written (Maven's default ../pom.xml); '': written empty (look only in repositories). */
  relativePath?: string;
  line?: number;
}

export interface RawPom {
  file: string;
  groupId?: string;
  artifactId?: string;
  version?: string;
  packaging?: string;
  name?: string;
  parent?: RawParent;
  /** <properties>, in document order. */
  properties: Map<string, string>;
  dependencies: RawDep[];
  managed: RawDep[];
  plugins: RawDep[];
  managedPlugins: RawDep[];
  extensions: RawDep[];
  modules: { name: string; line?: number }[];
  licenses: string[];
  /** Profiles that declare dependencies or plugins (not active by default, so not read), by id. */
  profiles: { id: string; line?: number }[];
  line?: number;
}

type Rec = Record<string, unknown>;

function rec(v: unknown): Rec | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Rec) : undefined;
}

/** Text content of a simple element: a string, or the #text of an element that also has attributes. */
export function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  const r = rec(v);
  if (r && typeof r['#text'] === 'string') return (r['#text'] as string).trim();
  return undefined;
}

function list(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  return v === undefined || v === '' ? [] : [v];
}

function own(r: Rec | undefined, k: string): unknown {
  return r && Object.prototype.hasOwnProperty.call(r, k) ? r[k] : undefined;
}

const DEP_FIELDS = ['groupId', 'artifactId', 'version', 'scope', 'type', 'classifier', 'optional', 'systemPath'] as const;

function readDeps(container: unknown, child: string, lines: Map<string, number[]>, path: string, file: string): RawDep[] {
  const out: RawDep[] = [];
  const at = lines.get(path) ?? [];
  list(own(rec(container), child)).forEach((d, i) => {
    const r = rec(d);
    const dep: RawDep = { file };
    const line = at[i];
    if (line !== undefined) dep.line = line;
    for (const f of DEP_FIELDS) {
      const t = text(own(r, f));
      if (t !== undefined && t !== '') dep[f] = t;
    }
    out.push(dep);
  });
  return out;
}

/** Read a POM's text into a RawPom; a file that is not XML or has no <project> is a TureenError. */
export function readPom(file: string, source: string): RawPom {
  const doc = parseXml(source, file, { arrays: ARRAYS });
  const project = rec(own(doc, 'project'));
  if (!project) {
    throw malformed(file, 'not a Maven POM: the root element is not <project>', undefined, 'Check that this pom.xml is a Maven POM (root element <project>).');
  }
  const lines = elementLines(source);
  const line = lines.get('project')?.[0];
  const pom: RawPom = { file, properties: new Map(), dependencies: [], managed: [], plugins: [], managedPlugins: [], extensions: [], modules: [], licenses: [], profiles: [] };
  if (line !== undefined) pom.line = line;
  for (const f of ['groupId', 'artifactId', 'version', 'packaging', 'name'] as const) {
    const t = text(own(project, f));
    if (t) pom[f] = t;
  }
  const parent = rec(own(project, 'parent'));
  if (parent) {
    const p: RawParent = {};
    for (const f of ['groupId', 'artifactId', 'version'] as const) {
      const t = text(own(parent, f));
      if (t) p[f] = t;
    }
    if (Object.prototype.hasOwnProperty.call(parent, 'relativePath')) p.relativePath = text(parent.relativePath) ?? '';
    const pl = lines.get('project/parent')?.[0];
    if (pl !== undefined) p.line = pl;
    pom.parent = p;
  }
  const props = rec(own(project, 'properties'));
  if (props) {
    for (const k of Object.keys(props)) {
      const t = text(props[k]);
      if (t !== undefined) pom.properties.set(k, t);
    }
  }
  pom.dependencies = readDeps(own(project, 'dependencies'), 'dependency', lines, 'project/dependencies/dependency', file);
  pom.managed = readDeps(own(rec(own(project, 'dependencyManagement')), 'dependencies'), 'dependency', lines, 'project/dependencyManagement/dependencies/dependency', file);
  const build = rec(own(project, 'build'));
  pom.plugins = readDeps(own(build, 'plugins'), 'plugin', lines, 'project/build/plugins/plugin', file);
  pom.managedPlugins = readDeps(own(rec(own(build, 'pluginManagement')), 'plugins'), 'plugin', lines, 'project/build/pluginManagement/plugins/plugin', file);
  pom.extensions = readDeps(own(build, 'extensions'), 'extension', lines, 'project/build/extensions/extension', file);
  const moduleLines = lines.get('project/modules/module') ?? [];
  list(own(rec(own(project, 'modules')), 'module')).forEach((m, i) => {
    const t = text(m);
    if (t) pom.modules.push({ name: t, ...(moduleLines[i] !== undefined ? { line: moduleLines[i] } : {}) });
  });
  const profileLines = lines.get('project/profiles/profile') ?? [];
  list(own(rec(own(project, 'profiles')), 'profile')).forEach((pr, i) => {
    const r = rec(pr);
    const b = rec(own(r, 'build'));
    if (own(r, 'dependencies') !== undefined || own(b, 'plugins') !== undefined || own(r, 'dependencyManagement') !== undefined) {
      pom.profiles.push({ id: text(own(r, 'id')) ?? `#${i + 1}`, ...(profileLines[i] !== undefined ? { line: profileLines[i] } : {}) });
    }
  });
  for (const l of list(own(rec(own(project, 'licenses')), 'license'))) {
    const t = text(own(rec(l), 'name'));
    if (t) pom.licenses.push(t);
  }
  return pom;
}
