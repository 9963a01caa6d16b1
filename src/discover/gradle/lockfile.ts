import type { Component, Scope } from '../../model/component.js';
import { malformed } from '../../model/errors.js';
import type { Finding } from '../../model/finding.js';
import { component } from '../component.js';
import { clip, mavenPurl, validCoordPart } from '../maven/coords.js';
import { strongerScope } from '../merge.js';
import type { ExtractResult } from '../source.js';

export const SOURCE_ID = 'gradle';

/**
 * The scope of a Gradle configuration, for both resolvable configurations (lockfile: runtimeClasspath,
 * releaseRuntimeClasspath, testCompileClasspath …) and declaring ones (build files: implementation, api,
 * compileOnly, testImplementation, kapt …).
 *  - test configurations (test*, androidTest*, *UnitTest*, testFixtures*, integrationTest*) → test
 *  - debug variants and developmentOnly → development (they do not ship in a release)
 *  - annotation processors and code-quality tools (kapt, ksp, annotationProcessor, detekt, ktlint, jacoco,
 *    spotbugs, checkstyle, pmd, errorprone, lint) → build
 *  - *RuntimeClasspath, implementation, api, runtimeOnly, compile, runtime → runtime (ships)
 *  - *CompileClasspath, compileOnly, compileOnlyApi → build (compile-only: does not ship)
 *  - anything else (classpath, liquibaseRuntime, custom tool configurations) → build
 */
export function scopeOfConfiguration(conf: string): Scope {
  const l = conf.toLowerCase();
  if (/test/.test(l)) return 'test';
  if (l.startsWith('debug') || l === 'developmentonly') return 'development';
  if (/annotationprocessor|kapt|ksp|detekt|ktlint|jacoco|spotbugs|checkstyle|pmd|errorprone|lint/.test(l)) return 'build';
  if (l.endsWith('compileonly') || l.endsWith('compileonlyapi') || l.endsWith('compileclasspath')) return 'build';
  if (l.endsWith('runtimeclasspath') || l.endsWith('implementation') || l.endsWith('api') || l.endsWith('runtimeonly') || l === 'compile' || l === 'runtime') return 'runtime';
  return 'build';
}

/** One locked module: group:artifact:version and the configurations that resolve it. */
export interface LockEntry {
  group: string;
  artifact: string;
  version: string;
  configurations: string[];
  line: number;
}

export interface ParsedLock {
  entries: LockEntry[];
  /** Configurations locked with nothing in them ("empty=" line). */
  empty: string[];
}

/**
 * Parse a Gradle lockfile: `group:artifact:version=conf1,conf2` lines and one `empty=conf,…` line (Gradle 6+,
 * one file per project); or, for the legacy per-configuration files (gradle/dependency-locks/<conf>.lockfile,
 * Gradle 4.8–5), `group:artifact:version` lines whose configuration is the file's name.
 */
export function parseGradleLock(text: string, file: string, legacyConfiguration?: string): ParsedLock {
  const entries: LockEntry[] = [];
  const empty: string[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    const coord = eq === -1 ? line : line.slice(0, eq);
    const confs = eq === -1 ? (legacyConfiguration ? [legacyConfiguration] : []) : line.slice(eq + 1).split(',').map((c) => c.trim()).filter(Boolean);
    if (coord === 'empty') {
      empty.push(...confs);
      continue;
    }
    const parts = coord.split(':');
    if (parts.length !== 3 || !validCoordPart(parts[0] as string) || !validCoordPart(parts[1] as string) || !/^[^\s=,:]+$/.test(parts[2] as string)) {
      throw malformed(file, `not a Gradle lockfile line: "${clip(line, 80)}" (expected group:artifact:version=configurations)`, { line: i + 1 }, 'Regenerate the lockfile with `./gradlew dependencies --write-locks` and commit it.');
    }
    if (eq === -1 && !legacyConfiguration) {
      throw malformed(file, `the line "${clip(line, 80)}" names no configurations (expected group:artifact:version=configurations)`, { line: i + 1 }, 'Regenerate the lockfile with `./gradlew dependencies --write-locks` and commit it.');
    }
    entries.push({ group: parts[0] as string, artifact: parts[1] as string, version: parts[2] as string, configurations: confs, line: i + 1 });
  }
  return { entries, empty };
}

export interface GradleLockInput {
  file: string;
  text: string;
  /**
   * Every configuration the project locks (all its lockfiles: the legacy layout has one file per configuration).
   * When none of them is a runtime classpath, a *CompileClasspath entry cannot be told apart from a shipped one.
   */
  projectConfigurations?: readonly string[];
}

/** True when the locked configurations include a (non-test) runtime classpath. */
export function locksRuntime(confs: readonly string[]): boolean {
  return confs.some((c) => /runtimeclasspath$/i.test(c) && scopeOfConfiguration(c) === 'runtime');
}

/** The configuration a legacy per-configuration lockfile locks: its file name without ".lockfile". */
export function legacyConfigurationOf(file: string): string | undefined {
  const m = /(?:^|\/)dependency-locks\/([^/]+)\.lockfile$/.exec(file);
  return m ? m[1] : undefined;
}

/** Scope of a locked module: the strongest of its configurations' scopes (a module any runtime classpath holds ships). */
export function scopeOfEntry(e: LockEntry, runtimeLocked = true): Scope {
  let s: Scope | undefined;
  for (const c of e.configurations) {
    // without a locked runtime classpath, the main compile classpath is the best evidence of what ships
    const one = !runtimeLocked && /^(\w*[a-z])?compileclasspath$/i.test(c) && !/test/i.test(c) && !c.toLowerCase().startsWith('debug') ? 'runtime' : scopeOfConfiguration(c);
    s = s ? strongerScope(s, one) : one;
  }
  return s ?? 'build';
}

/** Read a gradle.lockfile (or a legacy dependency-locks/*.lockfile) into one component per locked module. */
export function extractGradleLock(input: GradleLockInput): ExtractResult {
  const { file, text } = input;
  const lock = parseGradleLock(text, file, legacyConfigurationOf(file));
  const components: Component[] = [];
  const findings: Finding[] = [];
  const confs = input.projectConfigurations ?? [...new Set([...lock.entries.flatMap((e) => e.configurations), ...lock.empty])];
  const runtimeLocked = locksRuntime(confs);
  // buildscript-gradle.lockfile / settings-gradle.lockfile (Gradle 7+) lock the build's own classpath: plugins and their
  // libraries, scope build (no kind 'tool': the same library may also ship, and merged items must not inherit it)
  const buildClasspath = /(^|\/)(buildscript|settings)-gradle\.lockfile$/.test(file);
  if (!buildClasspath && !runtimeLocked && lock.entries.some((e) => e.configurations.some((c) => /compileclasspath$/i.test(c) && !/test/i.test(c)))) {
    findings.push({
      rule: `${SOURCE_ID}.runtime-not-locked`,
      severity: 'info',
      file,
      message: `the project locks ${confs.slice(0, 4).join(', ')}${confs.length > 4 ? ', …' : ''} but no runtime classpath: modules of the compile classpath are listed as shipping (runtime), and runtime-only modules are missing`,
      fix: 'Lock the runtime classpath too (`dependencyLocking { lockAllConfigurations() }`), run `./gradlew dependencies --write-locks` and commit the lockfile.',
    });
  }
  for (const e of lock.entries) {
    const name = `${e.group}:${e.artifact}`;
    components.push(component({
      ecosystem: 'Maven',
      name,
      version: e.version,
      purl: mavenPurl(e.group, e.artifact, e.version),
      scope: buildClasspath ? 'build' : scopeOfEntry(e, runtimeLocked),
      evidence: [{ file, line: e.line, key: name, source: SOURCE_ID }],
      properties: [{ name: 'gradle:configurations', value: e.configurations.join(',') }],
    }));
  }
  return { components, findings };
}
