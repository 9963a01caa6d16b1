import type { Component, Property } from '../../model/component.js';
import { malformed, TureenError } from '../../model/errors.js';
import type { Finding } from '../../model/finding.js';
import { purlOf } from '../../util/purl.js';
import { component } from '../component.js';
import type { ExtractResult } from '../source.js';
import { distroQualifier, ecosystemOf, osEcosystemFindings } from '../os/ecosystem.js';
import type { OsInfo } from '../os/release.js';
import { clip } from '../os/text.js';
import { applyRequested } from '../os/graph.js';
import { dep5License } from '../os/license.js';
import type { License } from '../../model/component.js';

export const SOURCE_ID = 'dpkg';

export interface DpkgInput {
  /** Repository-relative path of the status file (or of one file of status.d/). */
  file: string;
  text: string;
  /** The OS of the same root filesystem, from its os-release. */
  os?: OsInfo;
  /** Give findings for a missing os-release (false for the files of status.d/ after the first). */
  reportOs?: boolean;
  /**
   * apt's var/lib/apt/extended_states of the same root, when present: packages it marks `Auto-Installed: 1` were
   * pulled in as dependencies; every other installed package was asked for (what `apt-mark showmanual` lists) and is
   * `direct`. Without it, no package is marked direct.
   */
  extendedStates?: { file: string; text: string };
  /** The text of `<root>/usr/share/doc/<package>/copyright`, when the root filesystem has it (licences). */
  copyright?: (pkg: string) => string | undefined;
}

/** One paragraph of a deb822 file: fields by lower-cased name, each with its value and line. */
export interface Paragraph {
  line: number;
  fields: Map<string, { value: string; line: number }>;
}

/**
 * Split a deb822 control file (dpkg's status database, deb-control(5)) into paragraphs: "Field: value" lines,
 * continuation lines start with a space or a tab, paragraphs are separated by blank lines. Field names are
 * case-insensitive (kept lower-cased); a repeated field keeps the first value.
 */
export function parseDeb822(text: string, file: string): Paragraph[] {
  const out: Paragraph[] = [];
  let cur: Paragraph | undefined;
  let last: { value: string; line: number } | undefined;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const l = (lines[i] as string).replace(/\r$/, '');
    if (l.trim() === '') {
      cur = undefined;
      last = undefined;
      continue;
    }
    if (l[0] === ' ' || l[0] === '\t') {
      if (!last) throw malformed(file, `line ${i + 1} continues a field, but no field precedes it`, { line: i + 1 }, STATUS_FIX);
      last.value += `\n${l.slice(1)}`;
      continue;
    }
    if (l[0] === '#') continue; // comments are allowed in deb822 (not written by dpkg)
    const colon = l.indexOf(':');
    if (colon <= 0) throw malformed(file, `line ${i + 1} is not a "Field: value" line`, { line: i + 1 }, STATUS_FIX);
    const name = l.slice(0, colon).trim().toLowerCase();
    if (!cur) {
      cur = { line: i + 1, fields: new Map() };
      out.push(cur);
    }
    last = { value: l.slice(colon + 1).trim(), line: i + 1 };
    if (!cur.fields.has(name)) cur.fields.set(name, last);
  }
  return out;
}

const STATUS_FIX = "Restore var/lib/dpkg/status from the image or rootfs; it is dpkg's database, written by dpkg only.";

/** dpkg's package states (dpkg-query(1)). Those where the package's files are unpacked and configured. */
const INSTALLED = new Set(['installed', 'triggers-awaiting', 'triggers-pending']);
/** States where the package is only partly on the system: listed as a finding, not as an item. */
const BROKEN = new Set(['half-installed', 'unpacked', 'half-configured']);

/** One alternative of a Depends entry: name, optional ":arch" qualifier. */
interface DepAtom {
  name: string;
  arch?: string;
}

/** "libc6 (>= 2.34), foo:any | bar" → [[libc6], [foo:any, bar]] (version constraints and [arch] / <profile> lists dropped). */
export function parseDepends(value: string): DepAtom[][] {
  const out: DepAtom[][] = [];
  for (const group of value.split(',')) {
    const alts: DepAtom[] = [];
    for (const alt of group.split('|')) {
      const m = /^\s*([^\s(:[<]+)(?::([^\s(:[<]+))?/.exec(alt);
      if (!m) continue;
      alts.push({ name: m[1] as string, ...(m[2] ? { arch: m[2] } : {}) });
    }
    if (alts.length) out.push(alts);
  }
  return out;
}

/** "glibc (2.36-9)" → { name: glibc, version: 2.36-9 }. */
function parseSource(v: string): { name: string; version?: string } {
  const m = /^(\S+)(?:\s*\(([^)]*)\))?/.exec(v.trim());
  if (!m) return { name: v.trim() };
  return { name: m[1] as string, ...(m[2] ? { version: (m[2] as string).trim() } : {}) };
}

interface Installed {
  c: Component;
  name: string;
  arch: string;
  multiArch: string;
  depends: DepAtom[][];
}

/**
 * Read dpkg's status database into os-package components: only packages whose files are installed (Status
 * "<want> ok installed", or triggers-awaiting/-pending, any selection); half-installed, unpacked and
 * half-configured packages become findings; config-files and not-installed entries are skipped. Identity per
 * name AND architecture (multi-arch libc6:amd64 and libc6:i386 are two items). Depends/Pre-Depends resolve to
 * the installed packages (the first installed alternative, through Provides for virtual names).
 */
export function extractDpkgStatus(input: DpkgInput): ExtractResult {
  const { file, os } = input;
  const findings: Finding[] = [];
  const nsId = os?.id && /^[a-z0-9][a-z0-9.+-]*$/.test(os.id) ? os.id : 'debian';
  const eco = os ? ecosystemOf(os) : { ecosystem: 'Debian', known: true };
  const distro = os ? distroQualifier(os) : undefined;
  if (input.reportOs !== false) findings.push(...osEcosystemFindings(SOURCE_ID, file, os, eco, 'Debian'));

  const installed: Installed[] = [];
  const providers = new Map<string, Installed[]>();
  for (const p of parseDeb822(input.text, file)) {
    const get = (k: string) => p.fields.get(k)?.value;
    const name = get('package');
    if (!name) throw malformed(file, 'a paragraph has no Package field', { line: p.line }, STATUS_FIX);
    const line = p.fields.get('package')?.line ?? p.line;
    const statusField = get('status');
    // status.d/ files (distroless) carry no Status: every package there is installed.
    const [want = 'install', flag = 'ok', state = statusField === undefined ? 'installed' : ''] = (statusField ?? '').split(/\s+/).filter(Boolean);
    const arch = get('architecture') ?? '';
    const version = get('version') ?? '';
    const label = `${clip(name)}${arch ? `:${clip(arch)}` : ''}`;
    if (BROKEN.has(state) || flag === 'reinstreq') {
      findings.push({
        rule: `${SOURCE_ID}.not-installed`, severity: 'warning', file, line,
        message: `package ${label} ${clip(version)} is ${state}${flag === 'reinstreq' ? ' and needs reinstalling' : ''}: dpkg did not finish installing it, so it is not in the inventory`,
        fix: 'Finish or undo the installation in the image (`dpkg --configure -a`, or `apt-get install -f`), then regenerate the root filesystem.',
      });
      continue;
    }
    if (!INSTALLED.has(state)) continue; // not-installed, config-files: no package files on the system
    let purl: string;
    try {
      purl = purlOf('deb', nsId, name, version || undefined, { arch: arch || undefined, distro });
    } catch {
      throw malformed(file, `the package name "${clip(name)}" cannot form a package URL`, { line }, STATUS_FIX);
    }
    const props: Property[] = [{ name: 'deb:status', value: `${want} ${flag} ${state}` }];
    if (arch) props.push({ name: 'deb:arch', value: arch });
    const src = get('source');
    const source = src ? parseSource(src) : undefined;
    if (source?.version) props.push({ name: 'deb:source-version', value: source.version });
    const essential = get('essential');
    if (essential) props.push({ name: 'deb:essential', value: essential });
    const priority = get('priority');
    if (priority) props.push({ name: 'deb:priority', value: priority });
    const section = get('section');
    if (section) props.push({ name: 'deb:section', value: section });
    const homepage = get('homepage');
    if (homepage) props.push({ name: 'homepage', value: homepage });
    const maint = get('maintainer');
    const desc = get('description')?.split('\n')[0]?.trim();
    if (!version) {
      findings.push({
        rule: `${SOURCE_ID}.no-version`, severity: 'warning', file, line, item: purl,
        message: `installed package ${label} has no Version field`,
        fix: STATUS_FIX,
      });
    }
    const c = component({
      ecosystem: eco.ecosystem,
      name,
      version,
      purl,
      scope: 'runtime',
      kind: 'os-package',
      licenses: licensesOf(input.copyright?.(name), file),
      ...(maint ? { supplier: maint } : {}),
      ...(source && source.name !== name ? { sourceName: source.name } : {}),
      ...(desc ? { description: desc } : {}),
      properties: props,
      evidence: [{ file, line, key: `Package: ${name}${arch ? `:${arch}` : ''}`, source: SOURCE_ID }],
    });
    const depends = [...parseDepends(get('pre-depends') ?? ''), ...parseDepends(get('depends') ?? '')];
    installed.push({ c, name, arch, multiArch: get('multi-arch') ?? '', depends });
    for (const prov of parseDepends(get('provides') ?? '')) for (const a of prov) addTo(providers, a.name, installed[installed.length - 1] as Installed);
  }
  const byName = new Map<string, Installed[]>();
  for (const i of installed) addTo(byName, i.name, i);
  for (const i of installed) {
    const keys = new Set<string>();
    for (const alts of i.depends) {
      for (const a of alts) {
        const t = pick(byName.get(a.name) ?? providers.get(a.name), i.arch, a.arch);
        if (t) {
          if (t !== i) keys.add(t.c.key);
          break;
        }
      }
    }
    i.c.dependencies = [...keys];
  }
  const components = installed.map((i) => i.c);
  if (input.extendedStates) {
    let auto: Map<string, Set<string>>;
    try {
      auto = autoInstalled(input.extendedStates.text, input.extendedStates.file);
    } catch (e) {
      if (!(e instanceof TureenError)) throw e;
      findings.push({
        rule: `${SOURCE_ID}.extended-states-unreadable`, severity: 'warning', file: input.extendedStates.file, ...(e.place?.line ? { line: e.place.line } : {}),
        message: `apt's extended_states cannot be read (${e.message}), so no package is marked as asked for (direct)`,
        fix: 'Restore var/lib/apt/extended_states from the image, or remove it.',
      });
      return { components, findings };
    }
    const requested = new Set(installed.filter((i) => !isAuto(auto, i.name, i.arch)).map((i) => i.c.key));
    applyRequested(components, requested, file.replace(/var\/lib\/dpkg\/status(\.d\/.*)?$/, '') || '/');
  }
  return { components, findings };
}

/**
 * The licences a machine-readable Debian copyright file (copyright-format 1.0, "DEP-5") declares: the `License:`
 * short name of each `Files:` paragraph, mapped to SPDX where the mapping is exact. A free-text copyright file, or one
 * that cannot be read, gives none.
 */
export function licensesOf(text: string | undefined, file: string): License[] {
  if (!text || !/^\s*Format:\s*\S*copyright-format/i.test(text)) return [];
  let paras: Paragraph[];
  try {
    paras = parseDeb822(text, file);
  } catch (e) {
    if (e instanceof TureenError) return [];
    throw e;
  }
  const seen = new Set<string>();
  const out: License[] = [];
  for (const p of paras) {
    if (!p.fields.has('files')) continue;
    const short = p.fields.get('license')?.value.split('\n')[0]?.trim();
    if (!short || seen.has(short)) continue;
    seen.add(short);
    const l = dep5License(short);
    if (l) out.push(l);
  }
  return out;
}

/** Package name → the architectures apt marks `Auto-Installed: 1` in extended_states. */
export function autoInstalled(text: string, file: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const p of parseDeb822(text, file)) {
    const name = p.fields.get('package')?.value;
    if (!name || p.fields.get('auto-installed')?.value !== '1') continue;
    const arch = p.fields.get('architecture')?.value ?? '';
    const set = out.get(name) ?? new Set<string>();
    set.add(arch);
    out.set(name, set);
  }
  return out;
}

/** apt records "all" packages under the native architecture: an "all" package matches any recorded one. */
function isAuto(auto: Map<string, Set<string>>, name: string, arch: string): boolean {
  const archs = auto.get(name);
  if (!archs) return false;
  return archs.has(arch) || arch === 'all' || archs.has('');
}

function addTo<T>(m: Map<string, T[]>, k: string, v: T): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}

/** The installed package a dependency of a package of `fromArch` resolves to: ":arch" first, then same arch, "all", any. */
function pick(cands: Installed[] | undefined, fromArch: string, qual: string | undefined): Installed | undefined {
  if (!cands?.length) return undefined;
  if (qual && qual !== 'any') return cands.find((c) => c.arch === qual);
  return cands.find((c) => c.arch === fromArch) ?? cands.find((c) => c.arch === 'all') ?? cands[0];
}
