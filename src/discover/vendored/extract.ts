import { posix } from 'node:path';
import type { Component, Evidence, Property } from '../../model/component.js';
import type { Kind } from '../../model/classification.js';
import type { Finding } from '../../model/finding.js';
import { LineIndex } from '../../util/lines.js';
import { toLicense } from '../../util/license.js';
import { purlOf } from '../../util/purl.js';
import { component } from '../component.js';
import type { ExtractResult, RepoView } from '../source.js';
import { CATALOGUE } from './catalogue.js';
import { compileGlob, matchSuffix, type SuffixGlob } from './glob.js';
import { folderMetadata, licenseOfText, type FolderMeta } from './metadata.js';
import { Catalogue, type Fingerprint } from './schema.js';

export const SOURCE_ID = 'vendored';
const DEFAULT_HEAD = 64 * 1024;

// ------------------------------------------------------------------------------------------------ the catalogue

interface CompiledRule { file?: string; patterns: RegExp[]; template: string; headBytes: number }
interface CompiledFingerprint {
  fp: Fingerprint & { ecosystem: string };
  markers: SuffixGlob[];
  confirm?: RegExp;
  unless?: RegExp;
  rules: CompiledRule[];
}

/** Compile a catalogue (validated by its zod schema) into matchers. Throws on a bad entry: that is a Tureen bug. */
export function compileCatalogue(entries: readonly Fingerprint[]): CompiledFingerprint[] {
  const parsed = Catalogue.parse(entries);
  return parsed.map((fp) => ({
    fp,
    markers: fp.markers.map(compileGlob),
    ...(fp.confirm ? { confirm: new RegExp(fp.confirm, 'm') } : {}),
    ...(fp.unless ? { unless: new RegExp(fp.unless, 'm') } : {}),
    rules: fp.version.map((r) => ({
      ...(r.file ? { file: r.file } : {}),
      patterns: r.patterns.map((p) => new RegExp(p, 'm')),
      template: r.template ?? '{v}',
      headBytes: r.headBytes ?? DEFAULT_HEAD,
    })),
  }));
}

let compiledDefault: CompiledFingerprint[] | undefined;
const defaultCatalogue = () => (compiledDefault ??= compileCatalogue(CATALOGUE));

/** Fill `{group}`, `{group:hex|int|lower|upper}` and optional `[…]` parts from the groups; undefined if a group is missing. */
export function render(template: string, groups: ReadonlyMap<string, string>): string | undefined {
  let missing = false;
  const fill = (t: string, optional: boolean): string | undefined => {
    let gap = false;
    const out = t.replace(/\{(\w+)(?::(hex|int|lower|upper))?\}/g, (_m, name: string, fmt: string | undefined) => {
      const raw = groups.get(name);
      if (raw === undefined || raw === '') {
        gap = true;
        return '';
      }
      if (fmt === 'hex') return String(Number.parseInt(raw, 16));
      if (fmt === 'int') return String(Number.parseInt(raw, 10));
      if (fmt === 'lower') return raw.toLowerCase();
      if (fmt === 'upper') return raw.toUpperCase();
      return raw;
    });
    if (gap && !optional) missing = true;
    return gap ? undefined : out;
  };
  const out = template.replace(/\[([^\]]*)\]/g, (_m, inner: string) => fill(inner, true) ?? '');
  const whole = fill(out, false);
  return missing ? undefined : whole;
}

const VERSION_OK = /^[0-9A-Za-z][0-9A-Za-z.+_~-]{0,79}$/;
// eslint-disable-next-line no-control-regex -- rejecting control characters is the point
const NAME_OK = /^[^\u0000-\u001f\u007f]{1,200}$/;

// ------------------------------------------------------------------------------------------------ folders

/** Folders whose subfolders are third-party code copied into the repository, as data. */
export const CONTAINERS: readonly { name: RegExp; parent?: RegExp; child?: RegExp; kind: Kind; why: string }[] = [
  { name: /^(?:third[_-]?party|3rd[_-]?party|vendor|vendors|external|externals|extern|deps|managed_components)$/i, kind: 'vendored-code', why: 'a folder for third-party code' },
  { name: /^Middlewares$/, kind: 'vendored-code', why: "STM32Cube's folder for middleware" },
  { name: /^ST$/, parent: /^Middlewares$/, kind: 'vendored-code', why: "STM32Cube's folder for ST middleware" },
  { name: /^Drivers$/, child: /^(?:CMSIS|\w+_HAL_Driver|\w+_StdPeriph_Driver|BSP)$/, kind: 'driver-bsp', why: "STM32Cube's folder for chip drivers" },
  { name: /^BSP$/, parent: /^Drivers$/, kind: 'driver-bsp', why: "STM32Cube's folder for board support packages" },
];

/**
 * A vendor subfolder that is a local package of a package manager whose lockfile sits above it (a Cargo path
 * dependency in vendor/, an npm `file:` package …) is listed by that package manager's source: not an item here.
 */
export const MANAGED: readonly { manifest: RegExp; locks: readonly string[]; by: string }[] = [
  { manifest: /^Cargo\.toml$/, locks: ['Cargo.lock'], by: 'cargo' },
  { manifest: /^package\.json$/, locks: ['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lock', 'bun.lockb'], by: 'npm' },
  { manifest: /^(?:pyproject\.toml|setup\.py|setup\.cfg)$/, locks: ['poetry.lock', 'uv.lock', 'Pipfile.lock', 'pdm.lock', 'pylock.toml'], by: 'python' },
  { manifest: /^go\.mod$/, locks: ['go.sum', 'go.work'], by: 'go' },
  { manifest: /^composer\.json$/, locks: ['composer.lock'], by: 'composer' },
  { manifest: /\.gemspec$/, locks: ['Gemfile.lock'], by: 'rubygems' },
];

/** Build output and tool caches: never items, never searched. */
const BUILD_DIR = /^(?:Debug|Release|build|target|CMakeFiles|cmake-build-[\w.-]*|\.pio|__pycache__|\.venv|venv|site-packages|\.tox|\.gradle|\.idea|\.vs|\.vscode)$/;
const BUILD_FILE = /\.(?:o|obj|a|lib|so|dylib|dll|exe|elf|axf|bin|hex|srec|map|lst|d|su|pdb|ilk|pyc|class)$/i;
/** Direct files of a vendor folder that are libraries of their own (single-file libraries such as stb_image.h). */
const CODE_FILE = /\.(?:c|h|cc|cpp|cxx|hpp|hh|hxx|inl|js|mjs|cjs|css|py|lua)$/i;

export interface VendoredOptions {
  catalogue?: readonly Fingerprint[];
}

interface Identified {
  cf: CompiledFingerprint;
  root: string;
  marker: string;
  version: string;
  groups: Map<string, string>;
  versionFile?: string;
  line?: number;
  extraEvidence: string[];
}

/**
 * Find the third-party code copied into a repository: libraries recognised by a catalogue fingerprint anywhere in the
 * tree (a marker file and its version define), and every other subfolder of a vendor folder (third_party/, vendor/,
 * STM32Cube's Drivers/ …) as an unidentified item. Reads only marker heads and folder metadata files.
 */
export function extractVendored(repo: RepoView, opts: VendoredOptions = {}): ExtractResult & { files: string[] } {
  const catalogue = opts.catalogue ? compileCatalogue(opts.catalogue) : defaultCatalogue();
  const read = new Set<string>();
  const headCache = new Map<string, string | undefined>();
  const head = (p: string, n: number): string | undefined => {
    const k = `${n}\u0000${p}`;
    if (!headCache.has(k)) {
      read.add(p);
      headCache.set(k, repo.head(p, n));
    }
    return headCache.get(k);
  };
  const findings: Finding[] = [];

  // --- the folder tree: children of each folder, excluded folders
  const childDirs = new Map<string, Set<string>>();
  const childFiles = new Map<string, string[]>();
  const parentOf = (p: string) => {
    const i = p.lastIndexOf('/');
    return i < 0 ? '' : p.slice(0, i);
  };
  const seenDirs = new Set<string>();
  for (const f of repo.files) {
    const dir = parentOf(f);
    let l = childFiles.get(dir);
    if (!l) childFiles.set(dir, (l = []));
    l.push(f);
    // register the folder chain once: stop at the first folder already known
    for (let d = dir; d !== '' && !seenDirs.has(d); d = parentOf(d)) {
      seenDirs.add(d);
      const parent = parentOf(d);
      let s = childDirs.get(parent);
      if (!s) childDirs.set(parent, (s = new Set()));
      s.add(d.slice(parent ? parent.length + 1 : 0));
    }
  }
  const hasFile = (p: string) => repo.has(p);
  const excludedCache = new Map<string, boolean>();
  /** A folder that a package manager installs into (read by its own source) or that holds build output. */
  const excludedDir = (dir: string): boolean => {
    const hit = excludedCache.get(dir);
    if (hit !== undefined) return hit;
    const name = posix.basename(dir);
    const parent = posix.dirname(dir) === '.' ? '' : posix.dirname(dir);
    const inParent = (f: string) => hasFile(parent ? `${parent}/${f}` : f);
    const pname = posix.basename(parent);
    const res =
      (parent !== '' && excludedDir(parent)) ||
      BUILD_DIR.test(name) ||
      (name === 'vendor' && (inParent('composer.json') || inParent('composer.lock') || hasFile(`${dir}/modules.txt`))) ||
      (pname === 'vendor' && (name === 'bundle' || (name === 'cache' && (inParent('../Gemfile') || hasFile(`${posix.dirname(parent) === '.' ? '' : `${posix.dirname(parent)}/`}Gemfile`))))) ||
      (name === 'deps' && inParent('mix.exs')) ||
      (name === 'Pods' && (inParent('Podfile') || inParent('Podfile.lock'))) ||
      (name === 'Carthage' && inParent('Cartfile.resolved')) ||
      hasFile(`${dir}/.cargo-checksum.json`);
    excludedCache.set(dir, res);
    return res;
  };
  const fileExcluded = (f: string) => {
    const d = posix.dirname(f);
    return BUILD_FILE.test(f) || (d !== '.' && excludedDir(d));
  };

  // --- fingerprints: candidate markers by name, then by path suffix
  const byBase = new Map<string, { cf: CompiledFingerprint; g: SuffixGlob }[]>();
  const wild: { cf: CompiledFingerprint; g: SuffixGlob; tail: string }[] = [];
  for (const cf of catalogue) {
    for (const g of cf.markers) {
      if (g.exactBase === undefined) wild.push({ cf, g, tail: (g.source.split('/').pop() as string).split('*').pop()?.toLowerCase() ?? '' });
      else {
        let l = byBase.get(g.exactBase);
        if (!l) byBase.set(g.exactBase, (l = []));
        l.push({ cf, g });
      }
    }
  }
  const identified = new Map<string, Identified>();
  for (const f of repo.files) {
    const b = f.slice(f.lastIndexOf('/') + 1);
    const lower = b.toLowerCase();
    const exact = byBase.get(lower);
    let cands = exact ?? [];
    for (const w of wild) {
      if (lower.endsWith(w.tail) && (w.g.segments[w.g.segments.length - 1] as RegExp).test(b)) cands = [...cands, w];
    }
    if (cands.length === 0 || fileExcluded(f)) continue;
    const segs = f.split('/');
    for (const { cf, g } of cands) {
      const start = matchSuffix(g, segs);
      if (start < 0) continue;
      const up = cf.fp.rootUp ?? 0;
      if (start - up < 0) continue;
      const root = cf.fp.single ? f : segs.slice(0, start - up).join('/');
      const key = `${cf.fp.id}\u0000${root}`;
      const prev = identified.get(key);
      if (prev && prev.version) {
        if (!prev.extraEvidence.includes(f) && prev.marker !== f) prev.extraEvidence.push(f);
        continue;
      }
      const got = identify(cf, f, root, head, hasFile);
      if (!got) continue;
      if (prev) got.extraEvidence.push(prev.marker, ...prev.extraEvidence);
      identified.set(key, got);
    }
  }

  // a library that another fingerprint identified at the same root with a version wins over an unversioned guess
  const libs = [...identified.values()].sort((a, b) => (a.root < b.root ? -1 : a.root > b.root ? 1 : a.cf.fp.id < b.cf.fp.id ? -1 : 1));

  // --- vendor folders and their subfolders
  const containerCache = new Map<string, (typeof CONTAINERS)[number] | null>();
  const containerOf = (dir: string) => {
    if (dir === '') return undefined;
    const hit = containerCache.get(dir);
    if (hit !== undefined) return hit ?? undefined;
    const name = posix.basename(dir);
    const parent = posix.dirname(dir) === '.' ? '' : posix.dirname(dir);
    const kids = childDirs.get(dir) ?? new Set<string>();
    const c = excludedDir(dir)
      ? undefined
      : CONTAINERS.find((k) => k.name.test(name) && (!k.parent || k.parent.test(posix.basename(parent))) && (!k.child || [...kids].some((x) => k.child?.test(x))));
    containerCache.set(dir, c ?? null);
    return c;
  };
  /** Is there a vendor folder strictly between `outer` and `inner` (inner below outer)? */
  const containerBetween = (outer: string, inner: string) => {
    const rest = inner.slice(outer.length + 1).split('/');
    let cur = outer;
    for (let i = 0; i < rest.length - 1; i++) {
      cur = `${cur}/${rest[i]}`;
      if (containerOf(cur)) return true;
    }
    return false;
  };
  // git submodules are named (url + commit) by the git-submodules source: not unidentified folders here
  const submodules = new Set<string>();
  for (const f of repo.files) {
    if (f !== '.gitmodules' && !f.endsWith('/.gitmodules')) continue;
    const base = f === '.gitmodules' ? '' : f.slice(0, -'/.gitmodules'.length);
    const text = head(f, DEFAULT_HEAD) ?? '';
    for (const m of text.matchAll(/^\s*path\s*=\s*(.+?)\s*$/gm)) {
      const p = posix.normalize(base ? `${base}/${m[1]}` : (m[1] as string)).replace(/\/+$/, '');
      if (!p.startsWith('..')) submodules.add(p);
    }
  }
  const submoduleOf = (dir: string) => [...submodules].find((s) => dir === s || dir.startsWith(`${s}/`));
  const managedPackage = (dir: string): boolean => {
    const names = (childFiles.get(dir) ?? []).map((f) => posix.basename(f));
    return MANAGED.some((m) => names.some((n) => m.manifest.test(n)) && ancestors(dir).some((a) => m.locks.some((l) => hasFile(a ? `${a}/${l}` : l))));
  };
  const covered = (dir: string) => libs.some((l) => l.root === dir || (l.root.startsWith(`${dir}/`) && !containerBetween(dir, l.root)));

  const components: Component[] = libs.map((l) => {
    const c = identifiedComponent(l, repo, head, childFiles, findings);
    const sub = submoduleOf(l.root);
    if (sub !== undefined) c.properties = [...(c.properties ?? []), { name: 'vendored:git-submodule', value: sub }];
    return c;
  });
  const allDirs = new Set<string>();
  for (const [p, kids] of childDirs) for (const c of kids) allDirs.add(p ? `${p}/${c}` : c);
  const containers = [...allDirs].filter((d) => containerOf(d)).sort();
  // folders that hold at least one file that is not build output or a package manager's
  const withRealFiles = new Set<string>();
  for (const f of repo.files) {
    if (fileExcluded(f)) continue;
    for (let d = posix.dirname(f); d !== '.' && !withRealFiles.has(d); d = posix.dirname(d)) withRealFiles.add(d);
  }
  for (const dir of containers) {
    const c = containerOf(dir) as (typeof CONTAINERS)[number];
    for (const sub of [...(childDirs.get(dir) ?? [])].sort()) {
      const path = `${dir}/${sub}`;
      if (containerOf(path) || excludedDir(path) || covered(path) || submodules.has(path) || managedPackage(path)) continue;
      if (!withRealFiles.has(path)) continue;
      components.push(unidentified(path, sub, c.kind, childFiles.get(path) ?? [], repo, head, findings, c.why));
    }
    // single-file libraries directly in the vendor folder (stb_image.h), by stem
    const coveredStems = new Set(libs.filter((l) => l.root === dir || l.cf.fp.single).flatMap((l) => [l.marker, ...l.extraEvidence]).filter((m) => posix.dirname(m) === dir).map(stem));
    const groups = new Map<string, string[]>();
    for (const f of childFiles.get(dir) ?? []) {
      if (!CODE_FILE.test(f) || fileExcluded(f)) continue;
      const s = stem(f);
      if (coveredStems.has(s) || libs.some((l) => l.root === f)) continue;
      let g = groups.get(s);
      if (!g) groups.set(s, (g = []));
      g.push(f);
    }
    for (const [s, fs] of [...groups.entries()].sort()) components.push(singleFile(s, fs, c.kind, dir, head, findings));
  }
  return { components, findings, files: [...read].sort() };
}

/** The folders above `dir`, nearest first, ending with the repository root (''). */
function ancestors(dir: string): string[] {
  const out: string[] = [];
  for (let d = dir; d !== ''; ) {
    const i = d.lastIndexOf('/');
    d = i < 0 ? '' : d.slice(0, i);
    out.push(d);
  }
  return out;
}

const stem = (f: string) => posix.basename(f).replace(/(?:\.min)?\.[^.]+$/, '');

function identify(cf: CompiledFingerprint, marker: string, root: string, head: (p: string, n: number) => string | undefined, has: (p: string) => boolean): Identified | undefined {
  const need = Math.max(DEFAULT_HEAD, ...cf.rules.filter((r) => !r.file).map((r) => r.headBytes));
  const text = head(marker, need);
  if (text === undefined) return undefined;
  if (cf.unless?.test(text)) return undefined;
  const firstOwn = cf.rules.find((r) => !r.file);
  const confirm = cf.confirm ?? firstOwn?.patterns[0];
  if (confirm && !confirm.test(text)) return undefined;
  const base = cf.fp.single ? posix.dirname(root) : root;
  const rel = (p: string) => {
    const joined = posix.normalize(base ? `${base}/${p}` : p);
    return joined.startsWith('../') || joined === '..' || posix.isAbsolute(joined) ? undefined : joined;
  };
  if (cf.fp.requires?.some((r) => { const p = rel(r); return p === undefined || !has(p); })) return undefined;
  const found: Identified = { cf, root, marker, version: '', groups: new Map(), extraEvidence: [] };
  for (const rule of cf.rules) {
    const file = rule.file ? rel(rule.file) : marker;
    if (file === undefined || (rule.file && !has(file))) continue;
    const t = file === marker ? text.slice(0, rule.headBytes) : head(file, rule.headBytes);
    if (t === undefined) continue;
    const groups = new Map<string, string>();
    let first: number | undefined;
    for (const re of rule.patterns) {
      const m = re.exec(t);
      if (!m) continue;
      first ??= m.index;
      for (const [k, v] of Object.entries(m.groups ?? {})) if (v !== undefined && !groups.has(k)) groups.set(k, v);
    }
    const v = render(rule.template, groups);
    if (first === undefined) continue;
    for (const [k, val] of groups) if (!found.groups.has(k)) found.groups.set(k, val);
    if (v !== undefined && VERSION_OK.test(v)) {
      return { ...found, groups: new Map([...groups, ...found.groups]), version: v, versionFile: file, line: new LineIndex(t).lineAt(first) };
    }
  }
  return found;
}

function parsePurlTemplate(p: string): { type: string; namespace?: string; name: string } {
  const body = p.slice(4);
  const slash = body.indexOf('/');
  const type = body.slice(0, slash);
  const rest = body.slice(slash + 1);
  const last = rest.lastIndexOf('/');
  return last < 0 ? { type, name: rest } : { type, namespace: rest.slice(0, last), name: rest.slice(last + 1) };
}

/** CPE 2.3 formatted string; characters other than letters, digits, `_`, `-`, `.` are quoted. */
export function cpeOf(vendorProduct: string, version: string): string {
  const q = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, (c) => `\\${c}`);
  const [vendor, product] = vendorProduct.split(':') as [string, string];
  return `cpe:2.3:a:${vendor}:${product}:${q(version)}:*:*:*:*:*:*:*`;
}

function identifiedComponent(l: Identified, repo: RepoView, head: (p: string, n: number) => string | undefined, childFiles: Map<string, string[]>, findings: Finding[]): Component {
  const fp = l.cf.fp;
  const fill = (t: string) => {
    const r = render(t.replace(/\{(\w+)(:\w+)?\}/g, (m, g: string) => (l.groups.has(g) ? m : '')), l.groups) ?? t;
    return NAME_OK.test(r) ? r : fp.id;
  };
  let version = l.version;
  let meta: FolderMeta | undefined;
  const folder = fp.single ? undefined : l.root;
  if (!version && folder !== undefined) {
    meta = folderMetadata(childFiles.get(folder) ?? [], (p) => head(p, DEFAULT_HEAD)).meta;
    version = meta?.version ?? '';
  }
  const name = fill(fp.name);
  const p = parsePurlTemplate(fill(fp.purl));
  const purl = purlOf(p.type, p.namespace, p.name, version || undefined);
  const where = l.root || '.';
  const evidence: Evidence[] = [];
  if (version && l.versionFile) evidence.push({ file: l.versionFile, ...(l.line ? { line: l.line } : {}), source: SOURCE_ID });
  else if (version && meta) evidence.push({ file: meta.file, ...(meta.line ? { line: meta.line } : {}), source: SOURCE_ID });
  for (const f of [l.marker, ...l.extraEvidence]) if (!evidence.some((e) => e.file === f)) evidence.push({ file: f, source: SOURCE_ID });
  const key = version ? purl : purlOf(p.type, p.namespace, p.name, undefined, { vendored_path: where });
  const properties: Property[] = [
    { name: 'vendored:fingerprint', value: fp.id },
    { name: 'vendored:marker', value: l.marker },
  ];
  if (fp.homepage) properties.push({ name: 'vendored:homepage', value: fp.homepage });
  if (meta) properties.push({ name: 'vendored:version-from', value: `${meta.format} (${meta.file})` });
  if (!version) {
    findings.push({
      rule: `${SOURCE_ID}.unversioned`,
      severity: 'warning',
      message: `${fill(fp.display)} is copied into ${where} (found by ${l.marker}), but its version could not be read from it`,
      file: l.marker,
      item: key,
      fix: `Record the upstream version next to the copy: a VERSION file or a README.chromium with "Version:" in ${where}, or check the version define in ${l.marker} and update the copy to a released version.`,
    });
  }
  const license = fp.license ? toLicense(fp.license) : undefined;
  return component({
    key,
    // a C library named by its GitHub repository is GIT, as every other source names code by its repository
    ecosystem: fp.ecosystem === 'generic' && p.type === 'github' ? 'GIT' : fp.ecosystem,
    name,
    version,
    purl: version ? purl : purlOf(p.type, p.namespace, p.name, undefined),
    ...(fp.cpe && version ? { cpe: cpeOf(fp.cpe, version) } : {}),
    licenses: license ? [license] : [],
    scope: 'runtime',
    direct: true,
    origin: { type: 'vendored', ref: where },
    evidence,
    kind: fp.kind,
    description: fill(fp.display),
    properties,
  });
}

function unidentified(dir: string, folderName: string, kind: Kind, children: readonly string[], repo: RepoView, head: (p: string, n: number) => string | undefined, findings: Finding[], why: string): Component {
  const { meta, unreadable } = folderMetadata(children, (p) => head(p, DEFAULT_HEAD));
  for (const u of unreadable) {
    findings.push({ rule: `${SOURCE_ID}.metadata-unreadable`, severity: 'warning', message: `${u.file} could not be read: ${u.message}`, file: u.file, fix: 'Fix the file, or remove it if it does not describe the copied code.' });
  }
  const licenseFile = children.find((f) => /^(?:LICEN[CS]E|COPYING)(?:[.-][\w.-]*)?$/i.test(posix.basename(f)));
  const licenseText = licenseFile ? head(licenseFile, 20000) : undefined;
  const spdx = licenseText ? licenseOfText(licenseText) : undefined;
  const declaredLicense = meta?.license ? toLicense(meta.license) : undefined;
  const license = declaredLicense ?? (spdx ? toLicense(spdx) : undefined);
  const rawName = meta?.name && NAME_OK.test(meta.name) ? meta.name : folderName;
  const name = NAME_OK.test(rawName) ? rawName : 'unnamed';
  const version = meta?.version ?? '';
  const purl = purlOf('generic', undefined, name, version || undefined);
  const key = version ? purl : purlOf('generic', undefined, name, undefined, { vendored_path: dir });
  const properties: Property[] = [{ name: 'vendored:folder', value: dir }];
  if (meta) properties.push({ name: 'vendored:version-from', value: `${meta.format} (${meta.file})` });
  if (!declaredLicense && spdx && licenseFile) properties.push({ name: 'vendored:license-from', value: `licence text of ${licenseFile}` });
  const evidence: Evidence[] = meta ? [{ file: meta.file, ...(meta.line ? { line: meta.line } : {}), source: SOURCE_ID }] : [{ file: dir, source: SOURCE_ID }];
  const declare = `Say which library this is: add ${dir}/README.chromium with "Name:", "Version:" (the upstream release or commit) and "URL:" lines, or a VERSION file with the upstream version; if it is your own code, record that with an override in tureen.config.yaml (match: "${name}", soup: false, reason: …).`;
  if (!version) {
    findings.push({ rule: `${SOURCE_ID}.unidentified`, severity: 'warning', message: `${dir} is ${why} but no known library and no recorded version was found in it`, file: dir, item: key, fix: declare });
  } else if (meta?.how === 'guessed') {
    findings.push({ rule: `${SOURCE_ID}.unidentified`, severity: 'warning', message: `${dir} is ${why}; its version ${version} is only a guess from ${meta.file}`, file: meta.file, ...(meta.line ? { line: meta.line } : {}), item: key, fix: declare });
  }
  return component({
    key,
    ecosystem: 'generic',
    name,
    version,
    purl: version ? purl : purlOf('generic', undefined, name, undefined),
    licenses: license ? [license] : [],
    scope: 'runtime',
    direct: true,
    origin: { type: 'vendored', ref: dir, ...(meta?.url ? { url: meta.url } : {}) },
    evidence,
    kind,
    properties,
  });
}

function singleFile(s: string, files: string[], kind: Kind, dir: string, head: (p: string, n: number) => string | undefined, findings: Finding[]): Component {
  const name = NAME_OK.test(s) && s ? s : 'unnamed';
  // single-header libraries state their version in the first comment: "stb_image - v2.28", "version 1.2.3"
  let version = '';
  let line: number | undefined;
  let file = files[0] as string;
  for (const f of files) {
    const t = head(f, 4096);
    const m = t ? /^[^\n]{0,120}?\b(?:v|version\s+)(\d+\.\d+(?:\.\d+)?[a-z]?)\b/im.exec(t) : null;
    if (t && m?.[1]) {
      version = m[1];
      line = new LineIndex(t).lineAt(m.index);
      file = f;
      break;
    }
  }
  const purl = purlOf('generic', undefined, name, version || undefined);
  const key = purlOf('generic', undefined, name, version || undefined, { vendored_path: `${dir}/${posix.basename(file)}` });
  findings.push({
    rule: `${SOURCE_ID}.unidentified`,
    severity: 'warning',
    message: version
      ? `${files.join(', ')} in the vendor folder ${dir} is not a known library; its version ${version} is only read from its first comment`
      : `${files.join(', ')} in the vendor folder ${dir} is not a known library and states no version`,
    file,
    ...(line ? { line } : {}),
    item: key,
    fix: `Move it into its own folder ${dir}/${name}/ with a README.chromium ("Name:", "Version:", "URL:"), or record it with an override in tureen.config.yaml (match: "${name}").`,
  });
  return component({
    key,
    ecosystem: 'generic',
    name,
    version,
    purl,
    scope: 'runtime',
    direct: true,
    origin: { type: 'vendored', ref: file },
    evidence: files.map((f) => ({ file: f, ...(f === file && line ? { line } : {}), source: SOURCE_ID })),
    kind,
    properties: [{ name: 'vendored:folder', value: dir }],
  });
}

/**
 * Is this file inside a third-party folder (third_party/, vendor/, external/, Middlewares/, Drivers/ …)? An SBOM found
 * there describes a supplier's product, not the device: its product is SOUP, not first-party.
 */
export function inVendorFolder(file: string): boolean {
  const dirs = file.split('/').slice(0, -1);
  return dirs.some((d) => CONTAINERS.some((c) => !c.parent && !c.child && c.name.test(d)) || d === 'Drivers');
}
