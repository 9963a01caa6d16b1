import type { Component, Hash, Property } from '../../model/component.js';
import { malformed } from '../../model/errors.js';
import type { Finding } from '../../model/finding.js';
import { hexHash } from '../../util/hash.js';
import { purlOf } from '../../util/purl.js';
import { component } from '../component.js';
import type { ExtractResult } from '../source.js';
import { distroQualifier, ecosystemOf, osEcosystemFindings } from '../os/ecosystem.js';
import type { OsInfo } from '../os/release.js';
import { clip } from '../os/text.js';
import { applyRequested } from '../os/graph.js';
import { spdxOrName } from '../os/license.js';

export const SOURCE_ID = 'apk';

/** The installed-package database of apk-tools (`lib/apk/db/installed`). */
export interface ApkInput {
  /** Repository-relative path of the database. */
  file: string;
  text: string;
  /** The OS of the same root filesystem (its os-release), when known. */
  os?: OsInfo;
  /** The os-release file `os` came from, for messages. */
  osFile?: string;
  /** etc/apk/world of the same root: the packages the administrator asked for (direct); the rest are dependencies. */
  world?: string;
}

/** One package stanza, with the 1-based line of its first field and of its P: line. */
interface Stanza {
  line: number;
  fields: Map<string, string>;
  pLine?: number;
}

/**
 * Split the database into package stanzas. Each line is `<one letter>:<value>`; a blank line ends a package
 * (apk-tools `apk_db_index_read`). F/R/a/M/Z lines (the package's folders and files) are skipped.
 */
function stanzas(text: string, file: string): Stanza[] {
  const out: Stanza[] = [];
  let cur: Stanza | undefined;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const l = (lines[i] as string).replace(/\r$/, '');
    if (l.trim() === '') {
      cur = undefined;
      continue;
    }
    if (l.length < 2 || l[1] !== ':' || !/^[A-Za-z]$/.test(l[0] as string)) {
      throw malformed(file, `line ${i + 1} is not a "<letter>:<value>" field of apk's installed database`, { line: i + 1 },
        'Restore lib/apk/db/installed from the image (it is written by apk, never by hand).');
    }
    const k = l[0] as string;
    if ('FRaMZ'.includes(k)) continue;
    if (!cur) {
      cur = { line: i + 1, fields: new Map() };
      out.push(cur);
    }
    // a repeated letter keeps the first value (apk writes each package field once)
    if (!cur.fields.has(k)) cur.fields.set(k, l.slice(2));
    if (k === 'P' && cur.pLine === undefined) cur.pLine = i + 1;
  }
  return out;
}

/** "Q1<base64 sha1>" (apk's identity checksum) → SHA-1 hex; older databases hold a hex MD5. */
export function apkChecksum(c: string | undefined): Hash | undefined {
  if (!c) return undefined;
  if (c.startsWith('Q1')) {
    const b64 = c.slice(2);
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return undefined;
    return hexHash('SHA-1', Buffer.from(b64, 'base64').toString('hex'));
  }
  return hexHash('MD5', c);
}

/** The name a dependency or provides atom names: "so:libc.musl-x86_64.so.1=1" → "so:libc.musl-x86_64.so.1"; "!x" → undefined. */
function atomName(atom: string): string | undefined {
  if (atom.startsWith('!')) return undefined; // a conflict, not a dependency
  const m = /^([^<>=~]+)/.exec(atom);
  return m ? (m[1] as string) : undefined;
}

/**
 * Read apk's installed database into os-package components: one per package (P: name, V: version, A: arch,
 * o: origin = source package, m: maintainer = supplier, L: licence, C: checksum → SHA-1, T: description),
 * dependencies resolved through package names and what packages provide (p:, e.g. so: and cmd: names).
 */
export function extractApkInstalled(input: ApkInput): ExtractResult {
  const { file, os } = input;
  const findings: Finding[] = [];
  const id = os?.id ?? 'alpine';
  const eco = os ? ecosystemOf(os) : { ecosystem: 'Alpine', known: true };
  const distro = os ? distroQualifier(os) : undefined;
  findings.push(...osEcosystemFindings(SOURCE_ID, file, os, eco, 'Alpine'));

  const list = stanzas(input.text, file);
  const byName = new Map<string, Component>();
  const provides = new Map<string, string>(); // provided name → package name
  const deps = new Map<Component, string[]>();
  const components: Component[] = [];
  for (const s of list) {
    const name = s.fields.get('P')?.trim();
    const line = s.pLine ?? s.line;
    if (!name) {
      throw malformed(file, 'a package entry has no P: (package name) line', { line: s.line }, 'Restore lib/apk/db/installed from the image.');
    }
    const version = s.fields.get('V')?.trim() ?? '';
    const arch = s.fields.get('A')?.trim() || undefined;
    let purl: string;
    try {
      purl = purlOf('apk', id, name, version || undefined, { arch, distro });
    } catch {
      throw malformed(file, `the package name "${clip(name)}" cannot form a package URL`, { line });
    }
    const origin = s.fields.get('o')?.trim();
    const license = s.fields.get('L')?.trim();
    const lic = license ? spdxOrName(license) : undefined;
    const hash = apkChecksum(s.fields.get('C')?.trim());
    const props: Property[] = [];
    if (arch) props.push({ name: 'apk:arch', value: arch });
    if (origin) props.push({ name: 'apk:origin', value: origin });
    const commit = s.fields.get('c')?.trim();
    if (commit) props.push({ name: 'apk:aports-commit', value: commit });
    const url = s.fields.get('U')?.trim();
    if (url) props.push({ name: 'homepage', value: url });
    const maint = s.fields.get('m')?.trim();
    const desc = s.fields.get('T')?.trim();
    const c = component({
      ecosystem: eco.ecosystem,
      name,
      version,
      purl,
      scope: 'runtime',
      kind: 'os-package',
      licenses: lic ? [lic] : [],
      hashes: hash ? [hash] : [],
      ...(maint ? { supplier: maint } : {}),
      ...(origin && origin !== name ? { sourceName: origin } : {}),
      ...(desc ? { description: desc } : {}),
      properties: props,
      evidence: [{ file, line, key: `P:${name}`, source: SOURCE_ID }],
    });
    if (!version) {
      findings.push({
        rule: `${SOURCE_ID}.no-version`, severity: 'warning', file, line, item: purl,
        message: `package "${clip(name)}" has no V: (version) line`,
        fix: 'Restore lib/apk/db/installed from the image; apk always records the version it installed.',
      });
    }
    if (!byName.has(name)) byName.set(name, c);
    for (const p of (s.fields.get('p') ?? '').split(/\s+/)) {
      const n = atomName(p);
      if (n && !provides.has(n)) provides.set(n, name);
    }
    deps.set(c, (s.fields.get('D') ?? '').split(/\s+/).filter(Boolean));
    components.push(c);
  }
  for (const [c, atoms] of deps) {
    const keys = new Set<string>();
    for (const a of atoms) {
      const n = atomName(a);
      if (!n) continue;
      const target = byName.get(n) ?? byName.get(provides.get(n) ?? '\u0000');
      if (target && target !== c) keys.add(target.key);
    }
    c.dependencies = [...keys];
  }
  if (input.world !== undefined) {
    const requested = new Set<string>();
    for (const atom of input.world.split(/\s+/)) {
      const n = atomName(atom)?.replace(/@.*$/, '');
      const target = n ? byName.get(n) ?? byName.get(provides.get(n) ?? '\u0000') : undefined;
      if (target) requested.add(target.key);
    }
    applyRequested(components, requested, file.replace(/lib\/apk\/db\/installed$/, '') || '/');
  }
  return { components, findings };
}
