import { posix } from 'node:path';
import type { Component, Evidence, Hash, Origin, Property } from '../../model/component.js';
import { malformed } from '../../model/errors.js';
import type { Finding } from '../../model/finding.js';
import { hexHash } from '../../util/hash.js';
import { purlOf, rootName } from '../../util/purl.js';
import { component } from '../component.js';
import { DepGraph, type EdgeKind } from '../graph.js';
import type { ExtractResult } from '../source.js';
import { gemspecDevDependencies, parseGemfile, type ParsedGemfile } from './gemfile.js';
import { parseGemfileLock } from './lockfile.js';
import type { LockSpec } from './schema.js';
import { clip } from '../../util/text.js';
import { insideRepo } from '../../util/path.js';

export const SOURCE_ID = 'rubygems';
export const ECOSYSTEM = 'RubyGems';

/** Groups whose gems Bundler installs only for development (`bundle config set --local without development test`). */
const DEV_GROUPS = new Set(['development', 'test', 'dev', 'ci', 'lint', 'rubocop', 'tools']);

export interface GemfileLockInput {
  /** Repository-relative path of Gemfile.lock (or gems.locked). */
  file: string;
  text: string;
  /** The Gemfile (or gems.rb) beside it: the groups of the direct gems. */
  gemfile?: { file: string; text: string };
  /** *.gemspec texts of PATH sources inside the repository: their add_development_dependency gems. */
  gemspecs?: string[];
}

export function gemPurl(name: string, version: string, qualifiers?: Record<string, string | undefined>): string {
  return purlOf('gem', undefined, name, version, qualifiers);
}

/**
 * Read a Gemfile.lock into components (ecosystem RubyGems, purl pkg:gem/<name>@<version>, `?platform=` for
 * platform-specific builds such as nokogiri 1.16.2-x86_64-linux; each platform variant is its own item).
 * Scope: from the Gemfile's groups through the dependency graph — a gem reachable only from gems declared in
 * development/test groups (or a gemspec's add_development_dependency) is development, everything else runtime
 * (what `bundle install --without development test` installs). Without a Gemfile every gem is runtime.
 * PATH gems inside the repository (the project's own gem, engines) are first-party; GIT gems have a git origin
 * at the locked revision; CHECKSUMS (Bundler ≥ 2.5) give SHA-256 hashes.
 */
export function extractGemfileLock(input: GemfileLockInput): ExtractResult {
  const { file } = input;
  const lock = parseGemfileLock(input.text, file);
  const gemfile: ParsedGemfile | undefined = input.gemfile ? parseGemfile(input.gemfile.text) : undefined;
  const dir = posix.dirname(file) === '.' ? '' : posix.dirname(file);
  const findings: Finding[] = [];
  const graph = new DepGraph();
  const ROOT = '\u0000root';
  graph.addNode(ROOT, { key: ROOT, ecosystem: ECOSYSTEM, name: rootName(file), version: '', purl: ROOT, licenses: [], hashes: [], origin: { type: 'workspace' }, firstParty: true, evidence: [{ file, source: SOURCE_ID }] });
  graph.addRoot(ROOT);

  /** gem name → node ids of its specs (one per platform variant) */
  const byName = new Map<string, string[]>();
  const props = new Map<string, Property[]>();
  for (const spec of lock.specs) {
    const id = `${spec.name}@${spec.version}${spec.platform ? `-${spec.platform}` : ''}@${spec.source.kind}`;
    if (graph.hasNode(id)) continue;
    const { origin, firstParty, vcs } = originOf(spec, dir);
    let purl: string;
    try {
      purl = gemPurl(spec.name, spec.version, { platform: spec.platform, vcs_url: vcs });
    } catch {
      throw malformed(file, `the gem "${clip(spec.name)}" cannot be identified`, { line: spec.line });
    }
    const hashes: Hash[] = [];
    for (const part of lock.checksums.get(`${spec.name} (${spec.version}${spec.platform ? `-${spec.platform}` : ''})`) ?? []) {
      const m = /^sha256=([0-9a-f]{64})$/i.exec(part);
      const h = m ? hexHash('SHA-256', m[1] as string) : undefined;
      if (h) hashes.push(h);
    }
    const evidence: Evidence[] = [{ file, line: spec.line, key: `${spec.source.kind}.specs[${clip(spec.name)}]`, source: SOURCE_ID }];
    graph.addNode(id, { key: purl, ecosystem: ECOSYSTEM, name: spec.name, version: spec.version, purl, licenses: [], hashes, origin, firstParty, evidence });
    const list = byName.get(spec.name) ?? [];
    list.push(id);
    byName.set(spec.name, list);
    const p: Property[] = [];
    if (spec.platform) p.push({ name: 'gem:platform', value: spec.platform });
    if (spec.source.kind !== 'GEM' && spec.source.remote) p.push({ name: 'gem:source', value: `${spec.source.kind} ${spec.source.remote}` });
    props.set(purl, p);
  }
  for (const spec of lock.specs) {
    const from = `${spec.name}@${spec.version}${spec.platform ? `-${spec.platform}` : ''}@${spec.source.kind}`;
    for (const dep of spec.deps) for (const to of byName.get(dep) ?? []) graph.addEdge(from, to, 'prod');
  }

  // the root's edges: DEPENDENCIES, typed by the Gemfile's groups (and the gemspecs' development dependencies)
  const groupsOf = new Map<string, string[]>();
  for (const g of gemfile?.gems ?? []) groupsOf.set(g.name, [...(groupsOf.get(g.name) ?? []), ...(g.groups.length ? g.groups : ['default'])]);
  const gemspecDev = new Set<string>();
  for (const t of input.gemspecs ?? []) for (const n of gemspecDevDependencies(t)) gemspecDev.add(n);
  for (const dep of lock.dependencies) {
    const targets = byName.get(dep.name);
    if (!targets) {
      findings.push({
        rule: `${SOURCE_ID}.unresolved`,
        severity: 'warning',
        message: `DEPENDENCIES names "${clip(dep.name)}", which no source section of Gemfile.lock lists`,
        file,
        line: dep.line,
        fix: 'Run `bundle lock` so that Gemfile.lock is complete, and commit it.',
      });
      continue;
    }
    const groups = groupsOf.get(dep.name);
    let kind: EdgeKind = 'prod';
    if (groups) kind = groups.every((g) => DEV_GROUPS.has(g)) ? 'dev' : 'prod';
    else if (gemspecDev.has(dep.name)) kind = 'dev';
    for (const t of targets) graph.addEdge(ROOT, t, kind);
  }

  const { components, unreachable } = graph.resolve({ unreachableScope: 'runtime' });
  for (const n of unreachable) {
    findings.push({
      rule: `${SOURCE_ID}.unreachable`,
      severity: 'info',
      message: `${clip(n.name)} ${n.version} is in Gemfile.lock but nothing in DEPENDENCIES leads to it; it is listed as runtime`,
      file,
      ...(n.evidence[0]?.line !== undefined ? { line: n.evidence[0].line } : {}),
      item: n.key,
      fix: 'Run `bundle lock` to prune Gemfile.lock, and commit it.',
    });
  }
  const out: Component[] = components.filter((c) => c.key !== ROOT).map((c) => {
    const p = props.get(c.key) ?? [];
    return { ...c, ...(p.length ? { properties: p } : {}) };
  });

  // the Ruby interpreter and Bundler themselves, when the lockfile records them
  if (lock.rubyVersion) {
    const v = /^(\d+(?:\.\d+)*)(?:p(\d+))?/.exec(lock.rubyVersion);
    const version = v ? (v[1] as string) : '';
    out.push(component({
      ecosystem: 'Ruby', name: 'ruby', version, purl: purlOf('generic', undefined, 'ruby', version), scope: 'runtime', kind: 'framework',
      origin: { type: 'unknown' },
      evidence: [{ file, key: 'RUBY VERSION', source: SOURCE_ID }],
      properties: [{ name: 'ruby:version', value: lock.rubyVersion }],
    }));
  }
  if (lock.bundledWith && !out.some((c) => c.key === gemPurl('bundler', lock.bundledWith as string))) {
    out.push(component({
      ecosystem: ECOSYSTEM, name: 'bundler', version: lock.bundledWith, purl: gemPurl('bundler', lock.bundledWith), scope: 'build', kind: 'tool',
      evidence: [{ file, key: 'BUNDLED WITH', source: SOURCE_ID }],
    }));
  }
  return { components: out, findings };
}

/**
 * A Gemfile with no Gemfile.lock beside it: each declared gem with version '' (its requirement as
 * `declared-range`) and a `rubygems.unpinned` warning.
 */
export function extractGemfile(file: string, text: string): ExtractResult {
  const parsed = parseGemfile(text);
  const components: Component[] = [];
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const g of parsed.gems) {
    if (seen.has(g.name)) continue;
    seen.add(g.name);
    let purl: string;
    try {
      purl = gemPurl(g.name, '');
    } catch {
      throw malformed(file, `the gem "${clip(g.name)}" cannot be identified`, { line: g.line });
    }
    const exact = g.requirements.length === 1 && /^=?\s*\d[\w.]*$/.test(g.requirements[0] as string) ? (g.requirements[0] as string).replace(/^=\s*/, '') : '';
    const range = g.requirements.join(', ');
    const dev = g.groups.length > 0 && g.groups.every((x) => DEV_GROUPS.has(x));
    const git = /\b(?:git|github):\s*["']([^"']+)["']/.exec(g.options);
    const path = /\bpath:\s*["']([^"']+)["']/.exec(g.options);
    const origin: Origin = git ? { type: 'git', url: git[1] as string } : path ? { type: 'file', ref: path[1] as string } : { type: 'registry' };
    const item = exact ? gemPurl(g.name, exact) : purl;
    components.push(component({
      ecosystem: ECOSYSTEM, name: g.name, version: exact, purl: item, scope: dev ? 'development' : 'runtime', direct: true, origin,
      evidence: [{ file, line: g.line, source: SOURCE_ID }],
      ...(range && !exact ? { properties: [{ name: 'declared-range', value: range }] } : {}),
    }));
    if (!exact) {
      findings.push({
        rule: `${SOURCE_ID}.unpinned`,
        severity: 'warning',
        message: `${clip(g.name)} is declared ${range ? `as "${clip(range)}"` : 'without a version'} in ${file}, and there is no Gemfile.lock: the installed version is unknown`,
        file,
        line: g.line,
        item,
        fix: 'Run `bundle lock` to write Gemfile.lock beside the Gemfile, and commit it.',
      });
    }
  }
  return { components, findings };
}

function originOf(spec: LockSpec, dir: string): { origin: Origin; firstParty: boolean; vcs?: string } {
  const s = spec.source;
  switch (s.kind) {
    case 'GIT': {
      const ref = s.revision ?? s.ref ?? s.tag ?? s.branch;
      return { origin: { type: 'git', ...(s.remote ? { url: s.remote } : {}), ...(ref ? { ref } : {}) }, firstParty: false, ...(s.remote ? { vcs: `git+${s.remote}${s.revision ? `@${s.revision}` : ''}` } : {}) };
    }
    case 'PATH': {
      const remote = s.remote ?? '.';
      return { origin: { type: 'file', ref: remote }, firstParty: insideRepo(dir, remote) };
    }
    default:
      return { origin: { type: 'registry', ...(s.remote ? { url: s.remote } : {}) }, firstParty: false };
  }
}

