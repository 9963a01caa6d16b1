import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import { unzipSync, type UnzipFileInfo } from 'fflate';
import type { Component, Hash, Property, Scope } from '../../model/component.js';
import type { Kind } from '../../model/classification.js';
import { malformed } from '../../model/errors.js';
import type { Finding } from '../../model/finding.js';
import { toLicense } from '../../util/license.js';
import { purlOf } from '../../util/purl.js';
import { component } from '../component.js';
import { clip, mavenPurl, validCoordPart } from '../maven/coords.js';
import type { ExtractResult } from '../source.js';

export const SOURCE_ID = 'jar';

/** Caps: metadata files are small; a nested jar (aar classes.jar, war/boot lib) is read only for its metadata. */
export const MAX_META_BYTES = 1 << 20;
export const MAX_NESTED_BYTES = 32 << 20;
export const MAX_TOTAL_BYTES = 128 << 20;
const MAX_NESTED = 2000;

export interface JarInput {
  /** Repository-relative path of the archive. */
  file: string;
  bytes: Uint8Array;
}

interface PomProps {
  groupId: string;
  artifactId: string;
  version: string;
  entry: string;
}

interface ArchiveInfo {
  poms: PomProps[];
  manifest: Map<string, string>;
  /** Nested jars (war WEB-INF/lib, Spring Boot BOOT-INF/lib, aar classes.jar / libs/*.jar): name → bytes. */
  nested: Map<string, Uint8Array>;
}

/** key=value lines of a Java .properties file (the subset pom.properties uses: comments, '=' or ':', escapes). */
export function parseProperties(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trimStart();
    if (!line || line.startsWith('#') || line.startsWith('!')) continue;
    const m = /^((?:\\.|[^=:\s\\])+)\s*[=:\s]\s*(.*)$/.exec(line);
    if (m) out.set((m[1] as string).replace(/\\(.)/g, '$1'), (m[2] as string).trim().replace(/\\(.)/g, '$1'));
  }
  return out;
}

/** The main section of a JAR manifest (JAR File Specification: "Name: Value", continuation lines begin with one space). */
export function parseManifest(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let last: string | undefined;
  for (const line of text.split(/\r?\n|\r/)) {
    if (line === '') break; // end of the main section
    if (line.startsWith(' ') && last !== undefined) {
      out.set(last, (out.get(last) ?? '') + line.slice(1));
      continue;
    }
    const i = line.indexOf(':');
    if (i <= 0) continue;
    last = line.slice(0, i).trim();
    out.set(last, line.slice(i + 1).trim());
  }
  return out;
}

const isPomProps = (n: string) => /^META-INF\/maven\/[^/]+\/[^/]+\/pom\.properties$/.test(n);
const isManifest = (n: string) => n === 'META-INF/MANIFEST.MF';
const isNested = (n: string, kind: 'jar' | 'aar' | 'war') =>
  /\.jar$/i.test(n) && (kind === 'aar' ? n === 'classes.jar' || /^libs\/[^/]+\.jar$/.test(n) : /^(WEB-INF|BOOT-INF)\/lib\/[^/]+\.jar$/.test(n));

/** Read the metadata entries of a zip, never more than the caps; a broken zip is a TureenError. */
function readArchive(file: string, bytes: Uint8Array, kind: 'jar' | 'aar' | 'war', budget: { left: number }, findings: Finding[], where: string): ArchiveInfo {
  let files: Record<string, Uint8Array>;
  const skipped: string[] = [];
  let nestedCount = 0;
  const filter = (f: UnzipFileInfo) => {
    const meta = isPomProps(f.name) || isManifest(f.name);
    const nested = !meta && isNested(f.name, kind) && nestedCount < MAX_NESTED;
    if (!meta && !nested) return false;
    const cap = meta ? MAX_META_BYTES : MAX_NESTED_BYTES;
    if (f.originalSize > cap || f.originalSize > budget.left || f.size > cap) {
      skipped.push(f.name);
      return false;
    }
    budget.left -= f.originalSize;
    if (nested) nestedCount++;
    return true;
  };
  try {
    files = unzipSync(bytes, { filter });
  } catch (e) {
    throw malformed(file, `${where === file ? 'not a readable zip archive' : `the archive ${clip(where)} inside it is not a readable zip`}: ${e instanceof Error ? e.message : String(e)}`, undefined, 'Check that the file is a complete .jar/.aar/.war (a zip archive); replace it with the published artifact.');
  }
  if (skipped.length) {
    findings.push({
      rule: `${SOURCE_ID}.entry-too-large`,
      severity: 'warning',
      file,
      message: `${skipped.length} entr${skipped.length === 1 ? 'y' : 'ies'} of ${clip(where)} declare more than Tureen reads (${skipped.slice(0, 3).map((s) => clip(s, 60)).join(', ')}): not read`,
      fix: 'Check this archive by hand: its metadata or nested jars are unusually large (a zip bomb, or a fat archive).',
    });
  }
  const dec = new TextDecoder('utf-8', { fatal: false });
  const poms: PomProps[] = [];
  let manifest = new Map<string, string>();
  const nested = new Map<string, Uint8Array>();
  for (const name of Object.keys(files).sort()) {
    const data = files[name] as Uint8Array;
    if (isManifest(name)) manifest = parseManifest(dec.decode(data));
    else if (isPomProps(name)) {
      const p = parseProperties(dec.decode(data));
      const g = p.get('groupId') ?? '';
      const a = p.get('artifactId') ?? '';
      const v = p.get('version') ?? '';
      if (validCoordPart(g) && validCoordPart(a)) poms.push({ groupId: g, artifactId: a, version: /^[^\s/]{1,128}$/.test(v) ? v : '', entry: name });
    } else nested.set(name, data);
  }
  return { poms, manifest, nested };
}

function hashes(bytes: Uint8Array): Hash[] {
  return [
    { alg: 'SHA-1', content: createHash('sha1').update(bytes).digest('hex') },
    { alg: 'SHA-256', content: createHash('sha256').update(bytes).digest('hex') },
  ];
}

/** name-1.2.3.jar → name, 1.2.3 (the version starts at the first "-<digit>"). */
export function nameFromFile(file: string): { name: string; version: string } {
  const b = posix.basename(file).replace(/\.(jar|aar|war)$/i, '');
  const m = /^(.+?)-(\d[\w.+-]*)$/.exec(b);
  return m ? { name: m[1] as string, version: m[2] as string } : { name: b, version: '' };
}

/** Where a committed archive sits tells its role: wrappers are build tools, test folders hold test jars. */
function roleOf(file: string): { scope: Scope; kind?: Kind } {
  const b = posix.basename(file);
  if (b === 'gradle-wrapper.jar' || b === 'maven-wrapper.jar') return { scope: 'build', kind: 'tool' };
  const segs = file.split('/');
  if (segs.some((s) => /^(test|tests|androidTest|testFixtures|it)$/.test(s))) return { scope: 'test' };
  return { scope: 'runtime' };
}

function manifestProps(m: Map<string, string>): Property[] {
  const keep = ['Bundle-SymbolicName', 'Bundle-Version', 'Implementation-Title', 'Implementation-Version', 'Implementation-Vendor', 'Implementation-Vendor-Id', 'Automatic-Module-Name', 'Bundle-License'];
  return keep.filter((k) => m.get(k)).map((k) => ({ name: `jar:${k}`, value: clip(m.get(k) as string, 200) }));
}

/**
 * One archive (and, for war/aar/Spring Boot jars, the jars nested in it) to components. Identity from
 * META-INF/maven/<g>/<a>/pom.properties (Maven coordinates), else the MANIFEST (OSGi Bundle-SymbolicName/Version,
 * Implementation-*, Automatic-Module-Name: a generic purl, as there are no Maven coordinates), else the file name
 * (with a finding). SHA-1 and SHA-256 of the archive's bytes: Maven Central's search by SHA-1 names a jar exactly.
 * A shaded jar with several pom.properties gives one item per embedded artifact, besides the jar itself.
 */
export function extractJar(input: JarInput): ExtractResult {
  const findings: Finding[] = [];
  const components: Component[] = [];
  const budget = { left: MAX_TOTAL_BYTES };
  const role = roleOf(input.file);
  readOne(input.file, input.bytes, input.file, undefined);
  return { components, findings };

  function readOne(label: string, bytes: Uint8Array, where: string, parent: Component | undefined): void {
    const ext = (/\.(jar|aar|war)$/i.exec(label)?.[1]?.toLowerCase() ?? 'jar') as 'jar' | 'aar' | 'war';
    const info = readArchive(input.file, bytes, ext, budget, findings, where);
    // an aar keeps its code and manifest in classes.jar
    let meta = info;
    const classes = ext === 'aar' ? info.nested.get('classes.jar') : undefined;
    if (classes) {
      const inner = readArchive(input.file, classes, 'jar', budget, findings, `${where}!/classes.jar`);
      meta = { poms: [...info.poms, ...inner.poms], manifest: info.manifest.size > 1 ? info.manifest : inner.manifest, nested: info.nested };
    }
    const m = meta.manifest;
    const fromName = nameFromFile(label);
    // the archive's own pom.properties: the only one, or the one its file name names
    const own = meta.poms.length === 1 ? meta.poms[0] : meta.poms.find((p) => posix.basename(label).startsWith(`${p.artifactId}-${p.version}`)) ?? meta.poms.find((p) => posix.basename(label).startsWith(p.artifactId));
    const evidence = [{ file: input.file, key: where === input.file ? 'archive' : where.slice(input.file.length + 2), source: SOURCE_ID }];
    const supplier = m.get('Bundle-Vendor') ?? m.get('Implementation-Vendor');
    const licText = m.get('Bundle-License');
    const license = licText && !/^https?:/i.test(licText) ? toLicense(licText.split(';')[0] as string) : undefined;
    const props: Property[] = [...manifestProps(m), ...(parent ? [{ name: 'jar:nested-in', value: parent.key }] : [])];
    const common = {
      scope: role.scope, ...(role.kind ? { kind: role.kind } : {}), direct: !parent, origin: { type: 'vendored' as const, ref: input.file }, evidence, hashes: hashes(bytes),
      ...(supplier ? { supplier: clip(supplier, 200) } : {}), ...(license ? { licenses: [license] } : {}),
    };
    let self: Component;
    if (own) {
      self = component({ ecosystem: 'Maven', name: `${own.groupId}:${own.artifactId}`, version: own.version, purl: mavenPurl(own.groupId, own.artifactId, own.version, { type: ext === 'jar' ? undefined : ext }), ...common, properties: [{ name: 'jar:identity', value: own.entry }, ...props] });
    } else {
      const symbolic = m.get('Bundle-SymbolicName')?.split(';')[0]?.trim();
      const name = [symbolic, m.get('Automatic-Module-Name'), m.get('Implementation-Title')].find((x) => x && /^[\w.-]{1,200}$/.test(x)) ?? fromName.name;
      const mver = [m.get('Bundle-Version'), m.get('Implementation-Version')].find((x) => x && /^[^\s/]{1,128}$/.test(x));
      const version = mver ?? fromName.version;
      const byManifest = name !== fromName.name || mver !== undefined;
      const safe = name.replace(/[^\w.+-]/g, '_') || 'archive';
      self = component({ ecosystem: 'jar', name: safe, version, purl: purlOf('generic', undefined, safe, version), ...common, properties: [{ name: 'jar:identity', value: byManifest ? 'MANIFEST.MF' : 'file name' }, ...props] });
      findings.push({
        rule: `${SOURCE_ID}.no-maven-coordinates`,
        severity: byManifest ? 'info' : 'warning',
        file: input.file,
        item: self.key,
        message: byManifest
          ? `${clip(where)} has no META-INF/maven pom.properties: identified from its MANIFEST as ${clip(safe)} ${clip(version) || '(no version)'}, without Maven coordinates`
          : `${clip(where)} has neither pom.properties nor an identifying MANIFEST: identified only by its file name as ${clip(safe)} ${clip(version) || '(no version)'}`,
        fix: 'Look the SHA-1 up on Maven Central (search by checksum) to find its exact coordinates; better, depend on the published artifact through the build instead of committing the archive.',
      });
    }
    if (!self.version) {
      findings.push({ rule: `${SOURCE_ID}.unknown-version`, severity: 'warning', file: input.file, item: self.key, message: `the version of ${clip(where)} is not recorded in it`, fix: 'Find the version by its SHA-1 (Maven Central search by checksum) and record it, or replace the archive by a published dependency.' });
    }
    components.push(self);
    parent?.dependencies.push(self.key);
    // shaded content: the other pom.properties are artifacts copied into this archive
    for (const p of meta.poms) {
      if (p === own) continue;
      const c = component({
        ecosystem: 'Maven', name: `${p.groupId}:${p.artifactId}`, version: p.version, purl: mavenPurl(p.groupId, p.artifactId, p.version),
        scope: role.scope, origin: { type: 'vendored', ref: input.file }, evidence: [{ file: input.file, key: `${evidence[0]?.key === 'archive' ? '' : `${evidence[0]?.key}!/`}${p.entry}`, source: SOURCE_ID }],
        properties: [{ name: 'jar:embedded-in', value: self.key }, { name: 'jar:identity', value: p.entry }],
      });
      components.push(c);
      self.dependencies.push(c.key);
    }
    // nested archives (war/Spring Boot lib, aar libs/): each one its own item, one level deep
    if (!parent) {
      for (const [name, data] of info.nested) {
        if (name === 'classes.jar') continue;
        readOne(name, data, `${input.file}!/${name}`, self);
      }
    }
  }
}
