import { posix } from 'node:path';
import { isTureenError, TureenError } from '../../model/errors.js';
import type { Finding } from '../../model/finding.js';
import { parseCatalog, type ParsedCatalog } from '../gradle-catalog/extract.js';
import type { ExtractResult, RepoView, Source } from '../source.js';
import { extractBuildGradle, parseGradleProperties } from './build.js';
import { extractGradleLock, legacyConfigurationOf, parseGradleLock, SOURCE_ID, type LockEntry } from './lockfile.js';

const base = (p: string) => p.slice(p.lastIndexOf('/') + 1);
const OUTPUT = new Set(['build', 'node_modules', '.gradle', 'target', 'out']);
const inOutput = (p: string) => p.split('/').slice(0, -1).some((s) => OUTPUT.has(s));
const isLock = (p: string) => ['gradle.lockfile', 'buildscript-gradle.lockfile', 'settings-gradle.lockfile'].includes(base(p)) || legacyConfigurationOf(p) !== undefined;
const isBuild = (p: string) => base(p) === 'build.gradle' || base(p) === 'build.gradle.kts';

function unreadable(path: string): TureenError {
  return new TureenError({ code: 'input.unreadable', file: path, message: 'cannot read the file', fix: 'Check that the file exists and is readable.' });
}

/** The lockfiles of the project in `dir`: dir/gradle.lockfile and dir/gradle/dependency-locks/*.lockfile. */
function projectLock(dir: string, repo: RepoView): { file: string; entries: LockEntry[]; configurations: string[] } | undefined {
  const prefix = dir === '.' ? '' : `${dir}/`;
  const files = repo.files.filter((f) => f === `${prefix}gradle.lockfile` || (f.startsWith(`${prefix}gradle/dependency-locks/`) && legacyConfigurationOf(f) !== undefined && !f.slice(prefix.length + 'gradle/dependency-locks/'.length).includes('/')));
  if (files.length === 0) return undefined;
  const entries: LockEntry[] = [];
  const confs = new Set<string>();
  for (const f of files) {
    const text = repo.read(f);
    if (text === undefined) continue;
    try {
      const lock = parseGradleLock(text, f, legacyConfigurationOf(f));
      entries.push(...lock.entries);
      for (const e of lock.entries) for (const c of e.configurations) confs.add(c);
      for (const c of lock.empty) confs.add(c);
    } catch (e) {
      if (!isTureenError(e)) throw e; // the lockfile's own extract reports it
    }
  }
  return { file: files[0] as string, entries, configurations: [...confs] };
}

/** The version catalog of the build: gradle/libs.versions.toml in the build file's folder or the nearest folder above. */
function nearestCatalog(dir: string, repo: RepoView, findings: Finding[]): ParsedCatalog | undefined {
  for (let d = dir; ; d = posix.dirname(d)) {
    const f = d === '.' ? 'gradle/libs.versions.toml' : `${d}/gradle/libs.versions.toml`;
    const text = repo.read(f);
    if (text !== undefined) {
      try {
        return parseCatalog(text, f);
      } catch (e) {
        if (!isTureenError(e)) throw e;
        findings.push({ rule: `${SOURCE_ID}.catalog-unreadable`, severity: 'warning', file: f, message: `the version catalog cannot be read (${e.message}); libs.* accessors stay unresolved`, fix: e.fix });
        return undefined;
      }
    }
    if (d === '.' || d === '') return undefined;
  }
}

function gradleProperties(dir: string, repo: RepoView): Map<string, string> {
  const out = new Map<string, string>();
  const dirs: string[] = [];
  for (let d = dir; ; d = posix.dirname(d)) {
    dirs.unshift(d);
    if (d === '.' || d === '') break;
  }
  for (const d of dirs) {
    const text = repo.read(d === '.' ? 'gradle.properties' : `${d}/gradle.properties`);
    if (text !== undefined) for (const [k, v] of parseGradleProperties(text)) out.set(k, v);
  }
  return out;
}

export const source: Source = {
  id: SOURCE_ID,
  ecosystem: 'Maven',
  description: 'Gradle: gradle.lockfile (and legacy dependency-locks/*.lockfile) with scope per configuration; build.gradle(.kts) declarations, plugins as build tools',
  matches(path) {
    return (isLock(path) || isBuild(path)) && !inOutput(path);
  },
  extract(path, repo): ExtractResult {
    const text = repo.read(path);
    if (text === undefined) throw unreadable(path);
    if (isLock(path)) {
      const legacy = legacyConfigurationOf(path) !== undefined;
      const projectDir = legacy ? posix.dirname(posix.dirname(posix.dirname(path))) : posix.dirname(path);
      const confs = projectLock(projectDir, repo)?.configurations;
      return extractGradleLock({ file: path, text, ...(confs ? { projectConfigurations: confs } : {}) });
    }
    const dir = posix.dirname(path);
    const findings: Finding[] = [];
    const lock = projectLock(dir, repo);
    const catalog = nearestCatalog(dir, repo, findings);
    const r = extractBuildGradle({ file: path, text, ...(lock ? { lock } : {}), ...(catalog ? { catalog } : {}), gradleProperties: gradleProperties(dir, repo), buildLogic: path.split('/').some((s) => s === 'buildSrc' || s === 'build-logic') });
    return { components: r.components, findings: [...findings, ...r.findings] };
  },
};
