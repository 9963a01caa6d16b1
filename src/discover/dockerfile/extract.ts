import semver from 'semver';
import type { Component, Evidence, Property, Scope } from '../../model/component.js';
import { malformed } from '../../model/errors.js';
import type { Finding } from '../../model/finding.js';
import { hexHash } from '../../util/hash.js';
import { npmPurl, purlOf } from '../../util/purl.js';
import { component } from '../component.js';
import { distroQualifier, ecosystemOf, osCpe } from '../os/ecosystem.js';
import { clip } from '../os/text.js';
import type { ExtractResult } from '../source.js';
import { osOfImage, parseImageRef, type ImageOs, type ImageRef } from './image.js';
import { packageCommand, type Manager, type PackageCommand } from './installers.js';
import { parseDockerfile, type Instruction, type ParsedDockerfile } from './parse.js';
import { commandWords, splitCommands, type Word } from './shell.js';
import { expand } from './vars.js';

export const SOURCE_ID = 'dockerfile';
/** OSV has no ecosystem for container images: Tureen names them "Docker" (purl type docker). */
export const IMAGE_ECOSYSTEM = 'Docker';

const KNOWN = new Set(['FROM', 'RUN', 'CMD', 'LABEL', 'MAINTAINER', 'EXPOSE', 'ENV', 'ADD', 'COPY', 'ENTRYPOINT', 'VOLUME', 'USER', 'WORKDIR', 'ARG', 'ONBUILD', 'STOPSIGNAL', 'HEALTHCHECK', 'SHELL']);

interface Stage {
  index: number;
  name?: string;
  line: number;
  /** The stage this one is built FROM, when FROM names an earlier stage. */
  parent?: number;
  ref?: ImageRef;
  os?: ImageOs;
  vars: Map<string, string | undefined>;
  pkgs: Pkg[];
  /** Images named by COPY --from=<image> (not a stage). */
  copied: { ref: ImageRef; line: number }[];
}

interface Pkg {
  manager: Manager;
  name: string;
  version: string;
  range?: string;
  arch?: string;
  line: number;
  removed: boolean;
  virtual?: string;
  token: string;
  why?: string;
}

/** Words that are not packages: local files, URLs, option leftovers. */
const looksLocal = (t: string) => t.startsWith('.') || t.startsWith('/') || t.startsWith('~') || /^[a-z+]+:\/\//i.test(t) || /\.(deb|apk|whl|tar\.gz|tgz|zip)$/i.test(t);

/**
 * Read a Dockerfile: each external FROM image (and COPY --from image) as a container-image item — the last stage's
 * base image chain ships (runtime), other stages' images are build — with the OS the image tag names as an
 * operating-system item, and the packages RUN installs with apt/apk/pip/npm in the OSV ecosystem of their stage.
 */
export function extractDockerfile(file: string, text: string): ExtractResult {
  const df = parseDockerfile(text, file);
  const findings: Finding[] = [];
  const globals = new Map<string, string | undefined>();
  const stages: Stage[] = [];
  const byName = new Map<string, number>();
  let cur: Stage | undefined;
  const lineOfWords = makeLineFinder(df);

  for (const ins of df.instructions) {
    if (!KNOWN.has(ins.keyword)) {
      findings.push({
        rule: `${SOURCE_ID}.unknown-instruction`, severity: 'warning', file, line: ins.line,
        message: `"${clip(ins.keyword, 30)}" is not a Dockerfile instruction; the line was skipped`,
        fix: 'Correct the instruction (docker build fails on it), or exclude this file if it is a template.',
      });
      continue;
    }
    if (ins.keyword === 'ARG') {
      for (const [k, v] of argPairs(ins.args)) {
        if (!cur) globals.set(k, v === undefined ? undefined : expand(v, globals, df.escape).value);
        else cur.vars.set(k, v === undefined ? (globals.get(k) ?? cur.vars.get(k)) : expand(v, cur.vars, df.escape).value);
      }
      continue;
    }
    if (ins.keyword === 'FROM') {
      cur = fromStage(ins, stages.length, globals, byName, df.escape, file, findings);
      stages.push(cur);
      if (cur.name) byName.set(cur.name.toLowerCase(), cur.index);
      continue;
    }
    if (!cur) continue;
    if (ins.keyword === 'ENV') {
      for (const [k, v] of envPairs(ins.args)) cur.vars.set(k, expand(v, cur.vars, df.escape).value);
    } else if (ins.keyword === 'RUN') {
      runPackages(ins, cur, df, lineOfWords, file, findings);
    } else if (ins.keyword === 'COPY' || ins.keyword === 'ADD') {
      const m = /(?:^|\s)--from=(\S+)/.exec(ins.args);
      if (m) {
        const from = expand(m[1] as string, cur.vars, df.escape).value;
        if (!byName.has(from.toLowerCase()) && !/^\d+$/.test(from)) {
          const ref = parseImageRef(from);
          if (ref) cur.copied.push({ ref, line: ins.line });
        }
      }
    }
  }
  if (stages.length === 0) {
    throw malformed(file, 'the Dockerfile has no FROM instruction', { line: 1 }, 'A Dockerfile starts its first build stage with FROM <image>; check that this file is a Dockerfile.');
  }

  // the last stage is what `docker build` produces; the stages it is built FROM ship with it
  const shipping = new Set<number>();
  for (let s: Stage | undefined = stages[stages.length - 1]; s && !shipping.has(s.index); s = s.parent === undefined ? undefined : stages[s.parent]) shipping.add(s.index);
  const osOf = (s: Stage): ImageOs | undefined => {
    const seen = new Set<number>();
    for (let x: Stage | undefined = s; x && !seen.has(x.index); x = x.parent === undefined ? undefined : stages[x.parent]) {
      seen.add(x.index);
      if (x.os) return x.os;
    }
    return undefined;
  };

  const components: Component[] = [];
  for (const s of stages) {
    const scope: Scope = shipping.has(s.index) ? 'runtime' : 'build';
    const stageLabel = s.name ?? String(s.index);
    const os = osOf(s);
    let osKey: string | undefined;
    if (s.os && s.os.versionId) {
      const osc = osComponent(s.os, scope, { file, line: s.line, key: `FROM (stage ${stageLabel})`, source: SOURCE_ID });
      osKey = osc.key;
      components.push(osc);
    }
    if (s.ref) components.push(imageComponent(s.ref, scope, s.line, stageLabel, s.os, osKey, file, findings));
    for (const c of s.copied) components.push(imageComponent(c.ref, scope, c.line, stageLabel, osOfImage(c.ref), undefined, file, findings, 'COPY --from'));
    const reported = new Set<Manager>();
    const removed = new Set(s.pkgs.filter((q) => q.removed).map((q) => `${q.manager}\u0000${q.name}`));
    for (const p of s.pkgs) {
      const comp = packageComponent(p, removed.has(`${p.manager}\u0000${p.name}`) ? 'build' : scope, os, stageLabel, file);
      if (!comp) continue;
      components.push(comp);
      if ((p.manager === 'apt' || p.manager === 'apk') && !os?.versionId && !reported.has(p.manager)) {
        reported.add(p.manager);
        findings.push({
          rule: `${SOURCE_ID}.os-unknown`, severity: 'info', file, line: s.line,
          message: `the base image of stage ${clip(stageLabel, 40)} does not name its ${p.manager === 'apt' ? 'Debian/Ubuntu' : 'Alpine'} release, so its ${p.manager} packages are recorded in the ecosystem "${comp.ecosystem}"`,
          fix: 'Use a base image tag that names the release (debian:bookworm-slim, node:20-bookworm, python:3.12-alpine3.19), or scan the built image\'s package database.',
        });
      }
      if (!comp.version) {
        findings.push({
          rule: `${SOURCE_ID}.unpinned`, severity: 'warning', file, line: p.line, item: comp.key,
          message: `${managerLabel(p.manager)} package "${clip(p.name)}" is installed ${p.range ? `with the range "${clip(p.range)}"` : p.why ?? 'without a version'} in stage ${clip(stageLabel, 40)}: the image gets whatever version is current when it is built`,
          fix: pinFix(p),
        });
      }
    }
  }
  return { components, findings };
}

function managerLabel(m: Manager): string {
  return m === 'apt' ? 'apt' : m === 'apk' ? 'apk' : m === 'pip' ? 'pip' : 'npm';
}

function pinFix(p: Pkg): string {
  switch (p.manager) {
    case 'apt':
      return `Pin it (apt-get install ${p.name}=<version>), or record the exact versions from the built image (its var/lib/dpkg/status).`;
    case 'apk':
      return `Pin it (apk add ${p.name}=<version>), or record the exact versions from the built image (its lib/apk/db/installed).`;
    case 'pip':
      return `Pin it (pip install ${p.name}==<version>), or install from a committed requirements/lock file with exact versions.`;
    default:
      return `Pin it (npm install ${p.name}@<version>), or install from a committed package-lock.json.`;
  }
}

/** `ARG a=1 b` → [[a,'1'],[b,undefined]] */
function argPairs(args: string): [string, string | undefined][] {
  const out: [string, string | undefined][] = [];
  for (const w of splitCommands(args)[0] ?? []) {
    const eq = w.text.indexOf('=');
    const k = eq < 0 ? w.text : w.text.slice(0, eq);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) continue;
    out.push([k, eq < 0 ? undefined : w.text.slice(eq + 1)]);
  }
  return out;
}

/** `ENV a=1 b="x y"` or the legacy `ENV a 1 2`. */
function envPairs(args: string): [string, string][] {
  const words = splitCommands(args.replace(/\n/g, ' '))[0] ?? [];
  if (words.length && !(words[0] as Word).text.includes('=')) {
    const k = (words[0] as Word).text;
    return /^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? [[k, args.trim().slice(args.trim().indexOf(k) + k.length).trim()]] : [];
  }
  const out: [string, string][] = [];
  for (const w of words) {
    const eq = w.text.indexOf('=');
    if (eq > 0 && /^[A-Za-z_][A-Za-z0-9_]*$/.test(w.text.slice(0, eq))) out.push([w.text.slice(0, eq), w.text.slice(eq + 1)]);
  }
  return out;
}

function fromStage(ins: Instruction, index: number, globals: Map<string, string | undefined>, byName: Map<string, number>, escape: string, file: string, findings: Finding[]): Stage {
  const words = (splitCommands(ins.args)[0] ?? []).map((w) => w.text).filter((t) => !t.startsWith('--'));
  const stage: Stage = { index, line: ins.line, vars: new Map(), pkgs: [], copied: [] };
  const rawImage = words[0] ?? '';
  if (words.length >= 3 && (words[1] as string).toLowerCase() === 'as') stage.name = words[2];
  const { value, unresolved } = expand(rawImage, globals, escape);
  if (!rawImage) {
    throw malformed(file, 'FROM names no image', { line: ins.line }, 'Write FROM <image>[:tag] [AS <name>].');
  }
  const parentIdx = byName.get(value.toLowerCase());
  if (parentIdx !== undefined) {
    stage.parent = parentIdx;
    return stage;
  }
  if (unresolved.length) {
    findings.push({
      rule: `${SOURCE_ID}.unresolved-arg`, severity: 'warning', file, line: ins.line,
      message: `FROM ${clip(rawImage)} uses ${unresolved.map((u) => `$${clip(u, 40)}`).join(', ')}, which has no default value before the first FROM: the base image cannot be named`,
      fix: 'Give the ARG a default before the first FROM (ARG NAME=value), so the Dockerfile names its base image.',
    });
    return stage;
  }
  if (value.toLowerCase() === 'scratch') return stage;
  const ref = parseImageRef(value);
  if (!ref) {
    findings.push({
      rule: `${SOURCE_ID}.bad-image`, severity: 'warning', file, line: ins.line,
      message: `"${clip(value)}" is not a valid image reference`,
      fix: 'Write FROM [registry/]repository[:tag][@sha256:digest].',
    });
    return stage;
  }
  stage.ref = ref;
  const os = osOfImage(ref);
  if (os) stage.os = os;
  return stage;
}

function imageComponent(ref: ImageRef, scope: Scope, line: number, stage: string, os: ImageOs | undefined, osKey: string | undefined, file: string, findings: Finding[], via = 'FROM'): Component {
  const slash = ref.path.lastIndexOf('/');
  const ns = slash > 0 ? ref.path.slice(0, slash) : undefined;
  const bare = ref.path.slice(slash + 1);
  const version = ref.tag ?? (ref.digest ? ref.digest : 'latest');
  const purl = purlOf('docker', ns, bare, version, { repository_url: ref.registry === 'docker.io' ? undefined : ref.registry });
  const props: Property[] = [{ name: 'dockerfile:stage', value: stage }];
  if (ref.tag) props.push({ name: 'docker:tag', value: ref.tag });
  if (ref.digest) props.push({ name: 'oci:digest', value: ref.digest });
  if (os) {
    const eco = ecosystemOf({ id: os.id, versionId: os.versionId, version: '' }).ecosystem;
    props.push({ name: 'os', value: eco });
  }
  const hash = ref.digest?.startsWith('sha256:') ? hexHash('SHA-256', ref.digest.slice(7)) : undefined;
  if (!ref.digest && (!ref.tag || ref.tag === 'latest')) {
    findings.push({
      rule: `${SOURCE_ID}.unpinned`, severity: 'warning', file, line, item: purl,
      message: `${via} ${clip(ref.name)} has ${ref.tag ? 'the tag "latest"' : 'no tag (so "latest")'}: the image changes whenever it is republished`,
      fix: `Name the exact image: a version tag and its digest (${clip(ref.path)}:<version>@sha256:<digest>).`,
    });
  }
  return component({
    ecosystem: IMAGE_ECOSYSTEM,
    name: ref.name,
    version,
    purl,
    scope,
    direct: true,
    kind: 'container-image',
    hashes: hash ? [hash] : [],
    origin: { type: 'registry', url: ref.registry },
    properties: props,
    dependencies: osKey ? [osKey] : [],
    evidence: [{ file, line, key: `${via} (stage ${stage})`, source: SOURCE_ID }],
  });
}

function osComponent(os: ImageOs, scope: Scope, ev: Evidence): Component {
  const info = { id: os.id, versionId: os.versionId, version: '' };
  const purl = purlOf('generic', undefined, os.id, os.versionId);
  const cpe = osCpe(info);
  return component({
    ecosystem: ecosystemOf(info).ecosystem,
    name: os.id,
    version: os.versionId,
    purl,
    ...(cpe ? { cpe } : {}),
    scope,
    kind: 'operating-system',
    properties: os.codename ? [{ name: 'os:codename', value: os.codename }] : [],
    evidence: [ev],
  });
}

function packageComponent(p: Pkg, scope: Scope, os: ImageOs | undefined, stage: string, file: string): Component | undefined {
  const props: Property[] = [{ name: 'dockerfile:stage', value: stage }];
  if (p.range) props.push({ name: 'declared-range', value: p.range });
  if (p.removed) props.push({ name: 'dockerfile:removed', value: 'true' });
  if (p.virtual) props.push({ name: 'apk:virtual', value: p.virtual });
  const evidence: Evidence[] = [{ file, line: p.line, key: `RUN ${p.manager} ${p.token}`, source: SOURCE_ID }];
  try {
    if (p.manager === 'apt' || p.manager === 'apk') {
      const family = p.manager === 'apt' ? (os?.id === 'ubuntu' ? 'ubuntu' : 'debian') : 'alpine';
      const sameFamily = os && (p.manager === 'apk' ? os.id === 'alpine' : os.id !== 'alpine');
      const info = sameFamily && os ? { id: os.id, versionId: os.versionId, version: '' } : { id: family, versionId: '', version: '' };
      const ecosystem = ecosystemOf(info).ecosystem;
      const purl = purlOf(p.manager === 'apt' ? 'deb' : 'apk', family, p.name, p.version || undefined, {
        arch: p.arch, distro: info.versionId ? distroQualifier(info) : undefined,
      });
      return component({ ecosystem, name: p.name, version: p.version, purl, scope, direct: true, kind: 'os-package', properties: props, evidence });
    }
    if (p.manager === 'pip') {
      const name = p.name.toLowerCase().replace(/[-_.]+/g, '-');
      return component({ ecosystem: 'PyPI', name, version: p.version, purl: purlOf('pypi', undefined, name, p.version || undefined), scope, direct: true, properties: props, evidence });
    }
    return component({ ecosystem: 'npm', name: p.name, version: p.version, purl: npmPurl(p.name, p.version), scope, direct: true, properties: props, evidence });
  } catch {
    return undefined; // a name no purl can hold (checked by the parsers above; kept as a guard)
  }
}

/** The RUN script: the shell form, an exec form's `sh -c` script, and any here-document bodies. */
function runScripts(ins: Instruction): { text: string; line: number }[] {
  let args = ins.args;
  // RUN flags: --mount=…, --network=…, --security=…
  for (;;) {
    const m = /^--[A-Za-z-]+(?:=(?:"[^"]*"|\S)*)?\s*/.exec(args);
    if (!m) break;
    args = args.slice(m[0].length);
  }
  const out: { text: string; line: number }[] = [];
  if (args.startsWith('[')) {
    try {
      const arr: unknown = JSON.parse(args);
      if (Array.isArray(arr) && arr.every((x) => typeof x === 'string')) {
        const a = arr as string[];
        const shell = a.findIndex((x) => x === '-c');
        out.push({ text: shell >= 0 && a[shell + 1] !== undefined ? (a[shell + 1] as string) : a.map((x) => `'${x.replace(/'/g, '')}'`).join(' '), line: ins.line });
        return out;
      }
    } catch {
      // not JSON: BuildKit runs it as a shell command
    }
  }
  if (ins.heredocs.length) {
    args = args.replace(/<<-?\s*(["']?)[A-Za-z_][A-Za-z0-9_]*\1/g, ' ');
    for (const h of ins.heredocs) out.push({ text: h.body, line: h.line });
  }
  out.unshift({ text: args, line: ins.line });
  return out;
}

function runPackages(ins: Instruction, stage: Stage, df: ParsedDockerfile, lineOf: LineFinder, file: string, findings: Finding[]): void {
  for (const script of runScripts(ins)) {
    let from = script.line;
    for (const cmd of splitCommands(script.text)) {
      const pc = packageCommand(commandWords(cmd));
      if (!pc) continue;
      if (pc.action === 'remove') {
        removePackages(pc, stage, df);
        continue;
      }
      for (const w of pc.args) {
        const line = lineOf(w, from, ins.endLine);
        from = line;
        const token = expand(w.text, stage.vars, df.escape);
        if (w.dynamic || token.unresolved.length || token.value.includes('$')) {
          findings.push({
            rule: `${SOURCE_ID}.unresolved-package`, severity: 'warning', file, line,
            message: `the ${pc.manager} package argument "${clip(w.text)}" depends on a value only known when the image is built`,
            fix: 'Name the package and its version literally (or give the ARG a default), so the Dockerfile says what is installed.',
          });
          continue;
        }
        for (const t of token.value.split(/\s+/).filter(Boolean)) {
          const pkg = parsePackage(pc, t, line);
          if (pkg) stage.pkgs.push(pkg);
        }
      }
    }
  }
}

function removePackages(pc: PackageCommand, stage: Stage, df: ParsedDockerfile): void {
  for (const w of pc.args) {
    const name = expand(w.text, stage.vars, df.escape).value;
    for (const p of stage.pkgs) {
      if (p.manager !== pc.manager) continue;
      if (p.virtual === name || p.name === name || (pc.manager === 'pip' && norm(p.name) === norm(name))) p.removed = true;
    }
  }
}

const norm = (s: string) => s.toLowerCase().replace(/[-_.]+/g, '-');

/** One package argument of an install command → name, exact version or range. */
export function parsePackage(pc: Pick<PackageCommand, 'manager' | 'virtual' | 'targetRelease'>, t: string, line: number): Pkg | undefined {
  if (looksLocal(t)) return undefined;
  const base = { manager: pc.manager, line, removed: false, token: t, ...(pc.virtual ? { virtual: pc.virtual } : {}) };
  if (pc.manager === 'apt') {
    const m = /^([a-z0-9][a-z0-9+.-]*)(?::([a-z0-9-]+))?(?:=([^\s/]+)|\/([^\s=]+))?$/.exec(t);
    if (!m) return undefined;
    const v = m[3];
    const exact = v && !/[*?[\]]/.test(v) ? v : '';
    const why = m[4] ? `from the release "${m[4]}" without a version` : !v && pc.targetRelease ? `from the release "${pc.targetRelease}" without a version` : undefined;
    return { ...base, name: m[1] as string, version: exact, ...(v && !exact ? { range: v } : {}), ...(m[2] ? { arch: m[2] } : {}), ...(why ? { why } : {}) };
  }
  if (pc.manager === 'apk') {
    const m = /^([A-Za-z0-9][A-Za-z0-9+._-]*)(?:@([A-Za-z0-9_-]+))?(?:(=|~=|~|>=|<=|>|<|><)([^\s@]+))?(?:@([A-Za-z0-9_-]+))?$/.exec(t);
    if (!m) return undefined;
    const op = m[3];
    const v = m[4];
    const exact = op === '=' && v ? v : '';
    return { ...base, name: m[1] as string, version: exact, ...(op && !exact ? { range: `${op}${v}` } : {}) };
  }
  if (pc.manager === 'pip') {
    const m = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)(\[[^\]]*\])?\s*([^;]*)(;.*)?$/.exec(t);
    if (!m) return undefined;
    const spec = (m[3] ?? '').trim();
    const eq = /^===?\s*([^,*\s]+)$/.exec(spec);
    return { ...base, name: m[1] as string, version: eq ? (eq[1] as string) : '', ...(spec && !eq ? { range: spec } : {}) };
  }
  // npm
  if (t.includes(':') || t.includes('#')) return undefined; // git:, file:, http:, github shorthand with ref
  const m = /^(@[a-z0-9][\w.-]*\/[\w.-]+|[a-z0-9][\w.-]*)(?:@(.+))?$/i.exec(t);
  if (!m) return undefined;
  const v = m[2];
  const exact = v && semver.valid(v) ? v : '';
  return { ...base, name: m[1] as string, version: exact, ...(v && !exact ? { range: v } : {}) };
}

type LineFinder = (w: Word, from: number, to: number) => number;

/** The physical line a word was written on: the first line at or after `from` (up to `to`) that holds it as a word. */
function makeLineFinder(df: ParsedDockerfile): LineFinder {
  const boundary = (ch: string | undefined) => ch === undefined || /[\s'"=\\;&|]/.test(ch);
  return (w, from, to) => {
    const raw = w.raw || w.text;
    if (!raw) return from;
    const last = Math.min(to, df.lines.length);
    for (let l = from; l <= last; l++) {
      const text = df.lines[l - 1] as string;
      for (let at = text.indexOf(raw); at !== -1; at = text.indexOf(raw, at + 1)) {
        if (boundary(at === 0 ? undefined : text[at - 1]) && boundary(text[at + raw.length])) {
          if (!/^\s*#/.test(text)) return l;
          break;
        }
      }
    }
    return from;
  };
}
