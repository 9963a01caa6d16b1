import { posix } from 'node:path';
import type { Component, Evidence, Origin, Property } from '../../model/component.js';
import { malformed } from '../../model/errors.js';
import type { Finding } from '../../model/finding.js';
import { purlOf } from '../../util/purl.js';
import { component } from '../component.js';
import { mergeComponents } from '../merge.js';
import type { ExtractResult } from '../source.js';
import { clip, isDirectoryPath, isIndirect, parseModLines, type ModLine } from './modfile.js';

export const SOURCE_ID = 'go';
export const ECOSYSTEM = 'Go';

export interface GoModInput {
  /** Repository-relative POSIX path of the go.mod. */
  file: string;
  text: string;
  /** The go.sum beside it, when there is one. */
  sum?: { file: string; text: string };
  /** vendor/modules.txt beside it (written by `go mod vendor`), when there is one. */
  vendor?: { file: string; text: string };
  /** The go.work whose `use` lists this module, with the module path → folder of every module it uses. */
  workspace?: { file: string; text: string; modules: ReadonlyMap<string, string> };
}

interface Replace {
  old: string;
  oldVersion?: string;
  new: string;
  newVersion?: string;
  line: number;
  file: string;
}

/** A Go module version in canonical semver form (what `go mod tidy` writes), `+incompatible` included. */
const CANONICAL = /^v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+incompatible)?$/;
/** The three pseudo-version forms (https://go.dev/ref/mod#pseudo-versions): the timestamp and commit prefix. */
const PSEUDO = /^v\d+\.\d+\.\d+-(?:(?:0\.|[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*\.0\.)?)(\d{14})-([0-9a-f]{12})(?:\+incompatible)?$/;

/**
 * Read a go.mod (with its go.sum, and the go.work that uses it) into components: the main module (first-party), the
 * Go standard library (`stdlib`, at the toolchain's version), and one item per `require`, after `replace`. Every
 * required module is runtime: Go links in whatever package of the build list the main module's packages import,
 * and go.mod does not say which modules only tests or tools use (`// indirect` is kept as a property, not a scope).
 * `exclude` and `retract` do not add items.
 */
export function extractGoMod(input: GoModInput): ExtractResult {
  const { file } = input;
  const lines = parseModLines(input.text, file);
  const findings: Finding[] = [];
  const dir = posix.dirname(file) === '.' ? '' : posix.dirname(file);
  const ev = (line: number, f = file): Evidence => ({ file: f, line, source: SOURCE_ID });

  const moduleLine = lines.find((l) => l.verb === 'module');
  const modulePath = moduleLine?.args[0];
  if (!moduleLine || modulePath === undefined || modulePath === '' || moduleLine.args.length !== 1) {
    throw malformed(file, 'go.mod has no "module <path>" directive', moduleLine ? { line: moduleLine.line } : undefined, 'Run `go mod init <module path>` or restore the module line.');
  }
  checkPath(modulePath, file, moduleLine.line);

  const work = input.workspace ? parseModLines(input.workspace.text, input.workspace.file) : undefined;
  const one = (verb: string, from: ModLine[] | undefined) => from?.find((l) => l.verb === verb);

  // ---- requires and replaces ---------------------------------------------------------------------------------
  const requires: { path: string; version: string; line: number; indirect: boolean }[] = [];
  for (const l of lines) {
    if (l.verb !== 'require') continue;
    if (l.args.length !== 2) throw malformed(file, `a require needs a module path and a version, found ${l.args.length} word(s)`, { line: l.line });
    checkPath(l.args[0] as string, file, l.line);
    requires.push({ path: l.args[0] as string, version: l.args[1] as string, line: l.line, indirect: isIndirect(l.comment) });
  }
  // go.work's replaces win over the module's own (https://go.dev/ref/mod#go-work-file-replace)
  const replaces = [...(work ? readReplaces(work, input.workspace?.file as string) : []), ...readReplaces(lines, file)];
  const replacementOf = (path: string, version: string) =>
    replaces.find((r) => r.old === path && r.oldVersion === version) ?? replaces.find((r) => r.old === path && r.oldVersion === undefined);

  const sums = input.sum ? readGoSum(input.sum.text, input.sum.file, findings) : undefined;
  if (!input.sum && requires.length > 0) {
    findings.push({
      rule: 'go.missing-sum',
      severity: 'warning',
      message: `${file} requires ${requires.length} module(s) but there is no go.sum beside it: the modules' checksums are not recorded`,
      file,
      line: requires[0]?.line ?? moduleLine.line,
      fix: 'Run `go mod tidy` and commit go.sum.',
    });
  }

  const mainPurl = golangPurl(modulePath, '');
  const mainLabel = modulePath;
  const components: Component[] = [];
  const workspaceModules = input.workspace?.modules ?? new Map<string, string>();

  for (const req of requires) {
    const { path, line, indirect } = req;
    const direct = !indirect;
    const baseProps: Property[] = indirect ? [{ name: 'go:indirect', value: 'true' }] : [];

    // another module of the same go.work: the project's own code
    const wsDir = workspaceModules.get(path);
    if (wsDir !== undefined && path !== modulePath) {
      components.push(component({
        ecosystem: ECOSYSTEM, name: path, version: '', purl: golangPurl(path, ''), scope: 'runtime', direct, firstParty: true,
        origin: { type: 'workspace', ref: wsDir || '.' },
        paths: direct ? [[mainLabel, path]] : [],
        evidence: [ev(line)],
        properties: [...baseProps, { name: 'go:required-version', value: req.version }],
      }));
      continue;
    }

    const rep = replacementOf(path, req.version);
    if (rep && isDirectoryPath(rep.new)) {
      const folder = posix.normalize(posix.join(posix.dirname(rep.file) === '.' ? '' : posix.dirname(rep.file), rep.new.replace(/\\/g, '/')));
      const inRepo = !rep.new.startsWith('/') && !/^[A-Za-z]:/.test(rep.new) && folder !== '..' && !folder.startsWith('../');
      const purl = golangPurl(path, '');
      components.push(component({
        ecosystem: ECOSYSTEM, name: path, version: '', purl, scope: 'runtime', direct,
        origin: { type: 'file', ref: inRepo ? folder : rep.new },
        paths: direct ? [[mainLabel, path]] : [],
        evidence: [ev(line), ev(rep.line, rep.file)],
        properties: [...baseProps, { name: 'go:required-version', value: req.version }, { name: 'go:replace', value: rep.new }],
      }));
      findings.push({
        rule: 'go.local-replace',
        severity: 'warning',
        message: `${clip(path)} is replaced by the local folder ${clip(rep.new)}${inRepo ? '' : ' (outside this repository)'}: what ships is that folder's code, not a published version of the module`,
        file: rep.file,
        line: rep.line,
        item: purl,
        fix: inRepo
          ? `If ${clip(folder)} is your own code, list it in a go.work \`use\` or declare it first-party in tureen.config.yaml; if it is a copy of third-party code, record its origin and version in tureen.config.yaml.`
          : 'Commit the replaced code to this repository (or depend on a published version) so that the shipped code is under version control.',
      });
      continue;
    }

    const name = rep ? rep.new : path;
    const version = rep ? (rep.newVersion as string) : req.version;
    const props: Property[] = [...baseProps];
    if (rep) props.push({ name: 'go:replaces', value: `${path}@${req.version}` });
    if (!CANONICAL.test(version)) {
      const purl = golangPurl(name, '');
      components.push(component({
        ecosystem: ECOSYSTEM, name, version: '', purl, scope: 'runtime', direct,
        paths: direct ? [[mainLabel, name]] : [],
        evidence: [ev(line), ...(rep ? [ev(rep.line, rep.file)] : [])],
        properties: [...props, { name: 'declared-range', value: version }],
      }));
      findings.push({
        rule: 'go.unpinned',
        severity: 'warning',
        message: `${clip(name)} is required at "${clip(version)}", which is not an exact module version`,
        file: rep ? rep.file : file,
        line: rep ? rep.line : line,
        item: purl,
        fix: 'Run `go mod tidy` (it resolves branch names and queries to exact versions) and commit go.mod and go.sum.',
      });
      continue;
    }
    let origin: Origin = { type: 'registry' };
    const pseudo = PSEUDO.exec(version);
    if (pseudo) {
      origin = { type: 'registry', ref: pseudo[2] as string };
      props.push({ name: 'go:pseudo-version', value: 'true' }, { name: 'go:commit-time', value: commitTime(pseudo[1] as string) });
    }
    if (version.endsWith('+incompatible')) props.push({ name: 'go:incompatible', value: 'true' });
    props.push({ name: 'go:version', value: version });
    const purl = golangPurl(name, version);
    const sum = sums?.get(`${name} ${version}`);
    if (sum?.zip) props.push({ name: 'go:sum', value: sum.zip });
    if (sums && !sum) {
      findings.push({
        rule: 'go.missing-sum',
        severity: 'warning',
        message: `${input.sum?.file ?? 'go.sum'} has no line for ${clip(name)} ${clip(version)}: its checksum is not recorded, so \`go\` would refuse to build (or fetch it unverified)`,
        file,
        line,
        item: purl,
        fix: 'Run `go mod tidy` and commit go.sum.',
      });
    }
    components.push(component({
      ecosystem: ECOSYSTEM,
      name,
      // OSV's Go versions have no "v" (e.g. 0.17.0); the purl keeps the module version as go.mod writes it
      version: version.slice(1),
      purl,
      scope: 'runtime',
      direct,
      origin,
      paths: direct ? [[mainLabel, `${name}@${version.slice(1)}`]] : [],
      evidence: [ev(line), ...(rep ? [ev(rep.line, rep.file)] : [])],
      properties: props,
    }));
  }

  // ---- vendor/modules.txt: what `go build` compiles from the vendor folder ------------------------------------
  const goVersionText = (one('go', lines)?.args[0] ?? '').replace(/^go/, '');
  const before117 = /^1\.(\d|1[0-6])(\.|$|rc|beta)/.test(goVersionText);
  if (input.vendor) {
    const vendored = readModulesTxt(input.vendor.text);
    const vfile = input.vendor.file;
    const seen = new Set<string>();
    for (const c of components) {
      if (c.firstParty || c.origin.type === 'file') continue;
      const v = vendored.get(c.name);
      const goVersion = c.properties?.find((p) => p.name === 'go:version')?.value;
      if (v && (goVersion === undefined || v.version === goVersion)) {
        seen.add(c.name);
        c.properties = [...(c.properties ?? []), { name: 'go:vendored', value: 'true' }];
        c.evidence = [...c.evidence, ev(v.line, vfile)];
      } else if (!before117 || c.direct) {
        findings.push({
          rule: 'go.vendor-inconsistent',
          severity: 'warning',
          message: `${vfile} does not list ${clip(c.name)} ${clip(goVersion ?? '')} as go.mod requires it: the vendor folder is out of date, and \`go build\` refuses it ("inconsistent vendoring")`,
          file: vfile,
          item: c.key,
          fix: 'Run `go mod vendor` and commit the vendor folder.',
        });
      }
    }
    // modules go.mod does not name (go < 1.17 lists only direct requirements) but whose packages are vendored
    for (const [path, v] of vendored) {
      if (seen.has(path) || v.packages === 0 || !CANONICAL.test(v.version) || path === modulePath || workspaceModules.has(path)) continue;
      if (requires.some((r) => r.path === path || replacementOf(r.path, r.version)?.new === path)) continue;
      components.push(component({
        ecosystem: ECOSYSTEM, name: path, version: v.version.slice(1), purl: golangPurl(path, v.version), scope: 'runtime',
        evidence: [ev(v.line, vfile)],
        properties: [{ name: 'go:vendored', value: 'true' }, { name: 'go:version', value: v.version }],
      }));
    }
  } else if (before117 && requires.length > 0) {
    findings.push({
      rule: 'go.incomplete-requires',
      severity: 'warning',
      message: `${file} declares \`go ${clip(goVersionText)}\`: before Go 1.17, go.mod lists only the modules the main module requires directly, so the modules those need are missing from this inventory`,
      file,
      line: one('go', lines)?.line ?? moduleLine.line,
      fix: 'Run `go mod tidy -go=1.17` (or later) so that go.mod lists every module of the build, and commit go.mod and go.sum.',
    });
  }

  // ---- the main module and the standard library ---------------------------------------------------------------
  const goLine = one('go', work) ?? one('go', lines);
  const toolchainLine = one('toolchain', work) ?? one('toolchain', lines);
  const mainProps: Property[] = [];
  if (goLine?.args[0]) mainProps.push({ name: 'go:directive', value: goLine.args[0] });
  if (toolchainLine?.args[0]) mainProps.push({ name: 'go:toolchain', value: toolchainLine.args[0] });
  components.unshift(component({
    ecosystem: ECOSYSTEM,
    name: modulePath,
    version: '',
    purl: mainPurl,
    scope: 'runtime',
    firstParty: true,
    origin: { type: 'workspace', ref: dir || '.' },
    dependencies: [...new Set(components.filter((c) => c.direct).map((c) => c.key))],
    evidence: [ev(moduleLine.line)],
    properties: mainProps,
  }));

  const stdFile = (l: ModLine) => (work && work.includes(l) ? (input.workspace?.file as string) : file);
  const toolchain = toolchainLine?.args[0];
  const tcVersion = toolchain && /^go\d/.test(toolchain) ? toolchain.slice(2).replace(/-.*$/, '') : undefined;
  const goVersion = goLine?.args[0];
  const stdVersion = tcVersion ?? goVersion ?? '';
  const stdPurl = purlOf('golang', undefined, 'stdlib', stdVersion || undefined);
  const stdEvidence = toolchainLine && tcVersion ? toolchainLine : goLine;
  components.splice(1, 0, component({
    ecosystem: ECOSYSTEM,
    name: 'stdlib',
    version: stdVersion,
    purl: stdPurl,
    scope: 'runtime',
    direct: true,
    origin: { type: 'registry', url: 'https://go.dev/dl/' },
    paths: [[mainLabel, stdVersion ? `stdlib@${stdVersion}` : 'stdlib']],
    evidence: [stdEvidence ? ev(stdEvidence.line, stdFile(stdEvidence)) : ev(moduleLine.line)],
    kind: 'framework',
    description: 'The Go standard library and runtime, linked into every Go binary',
    properties: [...(goVersion ? [{ name: 'go:directive', value: goVersion }] : []), ...(toolchain ? [{ name: 'go:toolchain', value: toolchain }] : [])],
  }));
  if (!tcVersion) {
    const at = goLine ?? moduleLine;
    findings.push({
      rule: 'go.toolchain-unknown',
      severity: goVersion ? 'info' : 'warning',
      message: goVersion
        ? `${stdFile(at)} has \`go ${clip(goVersion)}\` (the minimum Go version) but no \`toolchain\` line: the exact Go release that builds the device is not recorded, so the standard library is listed at ${clip(goVersion)}`
        : `${file} has no \`go\` line: the Go release that builds the device, and so the version of the standard library, is unknown`,
      file: stdFile(at),
      line: at.line,
      item: stdPurl,
      fix: 'Add `toolchain go1.x.y` (the Go release your release build uses) to go.mod, or record the Go release of the build in the SOUP record of stdlib.',
    });
  }
  return { components: mergeComponents(components), findings };
}

/**
 * vendor/modules.txt: "# module version [=> replacement [version]]" headers, "## explicit" markers and the vendored
 * package lines below each header. Keyed by module path (the replacement's path and version when replaced).
 */
export function readModulesTxt(text: string): Map<string, { version: string; line: number; packages: number }> {
  const out = new Map<string, { version: string; line: number; packages: number }>();
  let current: { version: string; line: number; packages: number } | undefined;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const l = (lines[i] as string).trim();
    if (l.startsWith('## ')) continue;
    if (l.startsWith('# ')) {
      const parts = l.slice(2).trim().split(/\s+/);
      const arrow = parts.indexOf('=>');
      const [path, version] = arrow === -1 ? [parts[0], parts[1]] : [parts[arrow + 1], parts[arrow + 2] ?? parts[1]];
      current = undefined;
      if (path === undefined || version === undefined || isDirectoryPath(path) || !isModulePath(path)) continue;
      current = { version, line: i + 1, packages: 0 };
      out.set(path, current);
      continue;
    }
    if (l !== '' && current) current.packages++;
  }
  return out;
}

/** go.sum: "module version[/go.mod] h1:hash" lines → the h1 of the module zip and of its go.mod, by "module version". */
export function readGoSum(text: string, file: string, findings: Finding[]): Map<string, { zip?: string; mod?: string; line: number }> {
  const out = new Map<string, { zip?: string; mod?: string; line: number }>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const l = (lines[i] as string).trim();
    if (l === '') continue;
    const parts = l.split(/\s+/);
    if (parts.length !== 3 || !/^[a-z0-9]+:/.test(parts[2] as string)) {
      findings.push({ rule: 'go.sum-malformed', severity: 'warning', message: `line ${i + 1} of ${file} is not "module version hash"; it was skipped`, file, line: i + 1, fix: 'Run `go mod tidy` to rewrite go.sum, and commit it.' });
      continue;
    }
    const [mod, ver, hash] = parts as [string, string, string];
    const isMod = ver.endsWith('/go.mod');
    const key = `${mod} ${isMod ? ver.slice(0, -'/go.mod'.length) : ver}`;
    const entry = out.get(key) ?? { line: i + 1 };
    if (isMod) entry.mod = hash;
    else entry.zip = hash;
    out.set(key, entry);
  }
  return out;
}

function readReplaces(lines: readonly ModLine[], file: string): Replace[] {
  const out: Replace[] = [];
  for (const l of lines) {
    if (l.verb !== 'replace') continue;
    const arrow = l.args.indexOf('=>');
    const left = arrow === -1 ? [] : l.args.slice(0, arrow);
    const right = arrow === -1 ? [] : l.args.slice(arrow + 1);
    if (left.length < 1 || left.length > 2 || right.length < 1 || right.length > 2) {
      throw malformed(file, 'a replace must read "module [version] => module version" or "module [version] => ./folder"', { line: l.line });
    }
    const to = right[0] as string;
    if (isDirectoryPath(to) ? right.length !== 1 : right.length !== 2) {
      throw malformed(file, isDirectoryPath(to) ? 'a replace by a folder takes no version' : `the replacement module ${clip(to)} needs a version`, { line: l.line });
    }
    checkPath(left[0] as string, file, l.line);
    if (!isDirectoryPath(to)) checkPath(to, file, l.line);
    out.push({ old: left[0] as string, ...(left[1] ? { oldVersion: left[1] } : {}), new: to, ...(right[1] ? { newVersion: right[1] } : {}), line: l.line, file });
  }
  return out;
}

/** A module path: non-empty elements separated by single slashes, no spaces or control characters (module.CheckPath is stricter). */
function checkPath(path: string, file: string, line: number): void {
  if (!isModulePath(path)) {
    throw malformed(file, `"${clip(path)}" is not a module path (path elements separated by single slashes, no spaces)`, { line });
  }
}

export function isModulePath(path: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /^[^/\s\u0000-\u001f\u007f]+(?:\/[^/\s\u0000-\u001f\u007f]+)*$/.test(path);
}

/** pkg:golang/<path up to the last slash>/<last element>@<version>. */
export function golangPurl(path: string, version: string): string {
  const slash = path.lastIndexOf('/');
  return slash > 0 ? purlOf('golang', path.slice(0, slash), path.slice(slash + 1), version || undefined) : purlOf('golang', undefined, path, version || undefined);
}

/** "20230101000000" → "2023-01-01T00:00:00Z". */
function commitTime(t: string): string {
  return `${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6, 8)}T${t.slice(8, 10)}:${t.slice(10, 12)}:${t.slice(12, 14)}Z`;
}
