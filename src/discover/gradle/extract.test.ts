import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Component } from '../../model/component.js';
import { TureenError } from '../../model/errors.js';
import { parseCatalog } from '../gradle-catalog/extract.js';
import { memoryRepo } from '../source.js';
import { extractBuildGradle } from './build.js';
import { source } from './index.js';
import { extractGradleLock, scopeOfConfiguration } from './lockfile.js';

const CORPUS = join(import.meta.dirname, '../../../test/fixtures/corpus/gradle');
const FIX = join(import.meta.dirname, 'fixtures');
const LOCK = readFileSync(join(CORPUS, 'CDCgov__prime-simplereport__backend__gradle.lockfile'), 'utf8');
const BUILD = readFileSync(join(CORPUS, 'CDCgov__prime-simplereport__backend__build.gradle'), 'utf8');
const prop = (c: Component | undefined, n: string) => c?.properties?.find((p) => p.name === n)?.value;
const nonTools = (cs: Component[]) => cs.filter((c) => !c.firstParty && c.kind !== 'tool');

describe('gradle.lockfile: prime-simplereport backend (corpus, unmodified)', () => {
  // independent: the coordinate lines by regex, and their configurations
  const lines = LOCK.split('\n');
  const coords = lines.map((l, i) => ({ l, i })).filter(({ l }) => /^[^#=\s][^=]*:[^=]*:[^=]*=/.test(l));

  it('lists the 276 coordinates with their versions and lines', () => {
    expect(coords).toHaveLength(276);
    const r = extractGradleLock({ file: 'backend/gradle.lockfile', text: LOCK });
    expect(r.components.map((c) => `${c.name}:${c.version}@${c.evidence[0]?.line}`)).toEqual(coords.map(({ l, i }) => `${l.split('=')[0]}@${i + 1}`));
    expect(r.components.every((c) => c.ecosystem === 'Maven' && c.purl === `pkg:maven/${c.name.replace(':', '/')}@${c.version}`)).toBe(true);
  });

  it('ships what a runtime classpath holds (271) and keeps compile-only modules out (5, scope build)', () => {
    const runtime = coords.filter(({ l }) => /=.*\bruntimeClasspath\b/.test(l)).length;
    const compileOnly = coords.filter(({ l }) => /=compileClasspath$/.test(l)).length;
    expect([runtime, compileOnly]).toEqual([271, 5]);
    const r = extractGradleLock({ file: 'backend/gradle.lockfile', text: LOCK });
    expect(r.components.filter((c) => c.scope === 'runtime')).toHaveLength(runtime);
    expect(r.components.filter((c) => c.scope === 'build').map((c) => c.name)).toContain('org.projectlombok:lombok');
    expect(r.components.filter((c) => c.scope === 'build')).toHaveLength(compileOnly);
    expect(r.findings).toEqual([]);
  });
});

describe('build.gradle: prime-simplereport backend beside its lockfile (corpus, unmodified)', () => {
  const repo = memoryRepo({ 'backend/build.gradle': BUILD, 'backend/gradle.lockfile': LOCK });
  // independent: the declarations of the top-level dependencies {} block, by regex over its lines (comments excluded)
  const start = BUILD.indexOf('\ndependencies {');
  const body = BUILD.slice(start, BUILD.indexOf('\n}', start + 1));
  const decl = [...body.matchAll(/^\s+(\w+)\s+(['"])([^'"]+)\2/gm)].map((m) => ({ conf: m[1] as string, coord: m[3] as string }));
  const lockVersion = new Map(LOCK.split('\n').filter((l) => l.includes('=') && !l.startsWith('empty')).map((l) => [l.split('=')[0]!.split(':').slice(0, 2).join(':'), l.split('=')[0]!.split(':')[2]]));

  it('lists each declaration once, with the lockfile\'s version when it is locked', () => {
    expect(decl).toHaveLength(75);
    const r = source.extract('backend/build.gradle', repo);
    const declared = nonTools(r.components).filter((c) => prop(c, 'gradle:configuration') !== 'classpath');
    expect(declared).toHaveLength(decl.length);
    for (const [i, d] of decl.entries()) {
      const ga = d.coord.replace('${oktaVersion}', '13.0.2').split(':').slice(0, 2).join(':');
      const c = declared[i];
      expect(c?.name).toBe(ga);
      expect(c?.version).toBe(lockVersion.get(ga) ?? d.coord.split(':')[2] ?? '');
      expect(c?.direct).toBe(true);
    }
  });

  it('gives a not-locked finding to each declaration the lockfile does not hold (test ones as info: the lockfile locks no test configuration)', () => {
    const missing = decl.filter((d) => !lockVersion.has(d.coord.split(':').slice(0, 2).join(':')));
    expect(missing).toHaveLength(12);
    const r = source.extract('backend/build.gradle', repo);
    const f = r.findings.filter((x) => x.rule === 'gradle.not-locked');
    expect(f).toHaveLength(missing.length);
    expect(f.every((x) => x.severity === 'info')).toBe(true);
    // the ${oktaVersion} from ext { set('oktaVersion', "13.0.2") } agrees with the lockfile
    expect(nonTools(r.components).find((c) => c.name === 'com.okta.sdk:okta-sdk-impl')).toMatchObject({ version: '13.0.2', scope: 'runtime' });
  });

  it('lists the 6 non-core plugins of plugins {} and the buildscript classpath as build tools', () => {
    const ids = [...(/\nplugins \{([\s\S]*?)\n\}/.exec(BUILD)?.[1] ?? '').matchAll(/id ['"]([^'"]+)['"]/g)].map((m) => m[1] as string);
    expect(ids).toHaveLength(9);
    const r = source.extract('backend/build.gradle', repo);
    const tools = r.components.filter((c) => c.kind === 'tool');
    expect(tools.filter((c) => prop(c, 'gradle:plugin-id')).map((c) => prop(c, 'gradle:plugin-id'))).toEqual(ids.filter((i) => i.includes('.')));
    expect(tools.every((c) => c.scope === 'build')).toBe(true);
    // the buildscript classpath entry is scope build without kind 'tool': liquibase-core 4.31.1 also ships (implementation),
    // and the merged item must not take a tool kind from its build copy
    const classpath = r.components.find((c) => prop(c, 'gradle:configuration') === 'classpath');
    expect(classpath).toMatchObject({ purl: 'pkg:maven/org.liquibase/liquibase-core@4.31.1', scope: 'build' });
    expect(classpath?.kind).toBeUndefined();
  });
});

describe('legacy gradle/dependency-locks/*.lockfile (kamatama41/gradle-dependency-lock-example, unmodified)', () => {
  const files = ['build.gradle', 'gradle/dependency-locks/compileClasspath.lockfile', 'gradle/dependency-locks/testCompileClasspath.lockfile'];
  const repo = memoryRepo(Object.fromEntries(files.map((f) => [f, readFileSync(join(FIX, 'legacy-locks', f), 'utf8')])));
  const count = (f: string) => readFileSync(join(FIX, 'legacy-locks', f), 'utf8').split('\n').filter((l) => /^[^#\s].*:.*:/.test(l)).length;

  it('reads one configuration per file; with no runtime classpath locked, the compile classpath counts as shipping', () => {
    expect([count(files[1]!), count(files[2]!)]).toEqual([17, 22]);
    const main = source.extract(files[1]!, repo);
    expect(main.components).toHaveLength(17);
    expect(main.components.every((c) => c.scope === 'runtime' && prop(c, 'gradle:configurations') === 'compileClasspath')).toBe(true);
    expect(main.findings.map((f) => f.rule)).toEqual(['gradle.runtime-not-locked']);
    const test = source.extract(files[2]!, repo);
    expect(test.components).toHaveLength(22);
    expect(test.components.every((c) => c.scope === 'test')).toBe(true);
  });

  it('takes versions from the locks (junit-jupiter-api 5.13.2, not the declared 5.5.2) and flags what they miss', () => {
    const r = source.extract('build.gradle', repo);
    const by = (n: string) => r.components.find((c) => c.name === n);
    expect(by('org.junit.jupiter:junit-jupiter-api')).toMatchObject({ version: '5.13.2', scope: 'test', direct: true });
    expect(by('com.sparkjava:spark-core')).toMatchObject({ version: '2.7.2', scope: 'runtime' });
    // runtimeOnly slf4j-simple ships but is not locked: a warning; testRuntime junit-jupiter-engine: the locks hold a test configuration, so a warning too
    expect(r.findings.filter((f) => f.rule === 'gradle.not-locked').map((f) => [f.item, f.severity])).toEqual([
      ['pkg:maven/org.slf4j/slf4j-simple@2.0.16', 'warning'],
      ['pkg:maven/org.junit.jupiter/junit-jupiter-engine@5.5.2', 'warning'],
    ]);
  });
});

describe('build.gradle.kts and the other notations (written from the Gradle manual: "Declaring dependencies", "Version Catalogs")', () => {
  const catalog = parseCatalog(`[versions]
ktor = "2.3.12"
[libraries]
ktor-client-core = { module = "io.ktor:ktor-client-core", version.ref = "ktor" }
ktor-client-cio = { module = "io.ktor:ktor-client-cio", version.ref = "ktor" }
junit = "junit:junit:4.13.2"
[bundles]
ktor = ["ktor-client-core", "ktor-client-cio"]
[plugins]
kotlin-jvm = { id = "org.jetbrains.kotlin.jvm", version = "2.0.21" }
`, 'gradle/libs.versions.toml');
  const kts = `plugins {
    alias(libs.plugins.kotlin.jvm)
    id("com.google.protobuf") version "0.9.4"
    \`java-library\`
}
group = "com.example.device"
version = "2.1.0"
val guavaVersion = "33.2.1-jre"

dependencies {
    implementation(platform("org.springframework.boot:spring-boot-dependencies:3.3.4"))
    implementation(libs.bundles.ktor)
    implementation("com.google.guava:guava:$guavaVersion") {
        exclude(group = "com.google.code.findbugs")
    }
    implementation(group = "org.apache.commons", name = "commons-lang3", version = "3.14.0")
    api(project(":core"))
    implementation(projects.sensorDriver)
    compileOnly("org.projectlombok:lombok:1.18.34")
    runtimeOnly("org.postgresql:postgresql:42.+")
    testImplementation(libs.junit)
    implementation(files("libs/vendor.jar"))
    // implementation("commented:out:1.0")
    /* implementation("block:commented:1.0") */
}
`;
  it('reads string, map, catalog, bundle, platform and project notations without a lockfile', () => {
    const r = extractBuildGradle({ file: 'app/build.gradle.kts', text: kts, catalog });
    const got = r.components.map((c) => `${c.name}@${c.version} ${c.scope}${c.firstParty ? ' first-party' : ''}${c.kind ? ` ${c.kind}` : ''}`);
    expect(got).toEqual([
      'com.example.device:app@2.1.0 runtime first-party',
      'org.springframework.boot:spring-boot-dependencies@3.3.4 runtime',
      'io.ktor:ktor-client-core@2.3.12 runtime',
      'io.ktor:ktor-client-cio@2.3.12 runtime',
      'com.google.guava:guava@33.2.1-jre runtime',
      'org.apache.commons:commons-lang3@3.14.0 runtime',
      'com.example.device:core@2.1.0 runtime first-party',
      'com.example.device:sensorDriver@2.1.0 runtime first-party',
      'org.projectlombok:lombok@1.18.34 build',
      'org.postgresql:postgresql@ runtime',
      'junit:junit@4.13.2 test',
      'org.jetbrains.kotlin.jvm:org.jetbrains.kotlin.jvm.gradle.plugin@2.0.21 build tool',
      'com.google.protobuf:com.google.protobuf.gradle.plugin@0.9.4 build tool',
    ]);
    expect(r.components.find((c) => c.name === 'org.postgresql:postgresql')?.properties).toContainEqual({ name: 'declared-range', value: '42.+' });
    expect(r.findings.map((f) => f.rule).sort()).toEqual(['gradle.local-files', 'gradle.no-lockfile', 'gradle.unpinned']);
    expect(r.findings.find((f) => f.rule === 'gradle.unpinned')).toMatchObject({ line: 20, item: 'pkg:maven/org.postgresql/postgresql' });
  });

  it('treats buildSrc/ as build logic: what it declares is a build tool', () => {
    const r = source.extract('buildSrc/build.gradle.kts', memoryRepo({ 'buildSrc/build.gradle.kts': 'dependencies {\n    implementation("com.android.tools.build:gradle:8.5.0")\n}\n' }));
    expect(r.components.filter((c) => !c.firstParty).map((c) => [c.purl, c.scope])).toEqual([['pkg:maven/com.android.tools.build/gradle@8.5.0', 'build']]);
  });

  it('decides scope on real Android configuration lists (lines excerpted from KSmanis/QTTT app/gradle.lockfile @ bf394a4f)', () => {
    const excerpt = [
      'androidx.activity:activity:1.8.0=debugAndroidTestCompileClasspath,debugAndroidTestLintChecksClasspath,debugCompileClasspath,debugLintChecksClasspath,debugRuntimeClasspath,debugUnitTestCompileClasspath,debugUnitTestLintChecksClasspath,debugUnitTestRuntimeClasspath,releaseCompileClasspath,releaseLintChecksClasspath,releaseRuntimeClasspath',
      'androidx.arch.core:core-runtime:2.1.0=debugAndroidTestCompileClasspath,debugCompileClasspath,debugUnitTestCompileClasspath,releaseCompileClasspath',
      'androidx.concurrent:concurrent-futures-ktx:1.2.0=debugAndroidTestCompileClasspath,debugAndroidTestLintChecksClasspath,debugAndroidTestRuntimeClasspath',
      'com.android.tools.lint:lint:32.4.1=androidLintTool',
      'org.jetbrains.kotlin:kotlin-compiler-embeddable:2.2.10=kotlinBuildToolsApiClasspath,kotlinCompilerClasspath',
      'org.junit.platform:junit-platform-launcher:1.13.3=unified-test-platform-gradle-work-action',
      'androidx.graphics:graphics-shapes-desktop:1.0.1=debugAndroidTestLintChecksClasspath,debugLintChecksClasspath,debugUnitTestLintChecksClasspath,releaseLintChecksClasspath',
      'org.jetbrains.kotlin:kotlin-stdlib-jdk7:1.8.0=debugCompileClasspath,releaseCompileClasspath',
      'org.jetbrains.kotlin:kotlin-stdlib-jdk7:1.8.22=debugAndroidTestRuntimeClasspath,debugLintChecksClasspath,debugRuntimeClasspath,releaseLintChecksClasspath,releaseRuntimeClasspath',
      'empty=androidJdkImage,lintChecks,releaseAnnotationProcessorClasspath',
    ].join('\n');
    const r = extractGradleLock({ file: 'app/gradle.lockfile', text: excerpt });
    // ships = on releaseRuntimeClasspath; compile-only (1.8.0/2.1.0: conflict resolution raises them at runtime) = build
    expect(r.components.map((c) => `${c.name}@${c.version} ${c.scope}`)).toEqual([
      'androidx.activity:activity@1.8.0 runtime',
      'androidx.arch.core:core-runtime@2.1.0 build',
      'androidx.concurrent:concurrent-futures-ktx@1.2.0 test',
      'com.android.tools.lint:lint@32.4.1 build',
      'org.jetbrains.kotlin:kotlin-compiler-embeddable@2.2.10 build',
      'org.junit.platform:junit-platform-launcher@1.13.3 test',
      'androidx.graphics:graphics-shapes-desktop@1.0.1 build',
      'org.jetbrains.kotlin:kotlin-stdlib-jdk7@1.8.0 build',
      'org.jetbrains.kotlin:kotlin-stdlib-jdk7@1.8.22 runtime',
    ]);
    expect(r.components.filter((c) => c.scope === 'runtime')).toHaveLength(excerpt.split('\n').filter((l) => /\breleaseRuntimeClasspath\b/.test(l)).length);
  });

  it('maps configurations to scopes', () => {
    const table: [string, string][] = [
      ['runtimeClasspath', 'runtime'], ['releaseRuntimeClasspath', 'runtime'], ['compileClasspath', 'build'], ['testRuntimeClasspath', 'test'],
      ['androidTestImplementation', 'test'], ['debugRuntimeClasspath', 'development'], ['annotationProcessor', 'build'], ['kapt', 'build'],
      ['kspAndroid', 'build'], ['detekt', 'build'], ['jacocoAgent', 'build'], ['spotbugsPlugins', 'build'], ['implementation', 'runtime'],
      ['api', 'runtime'], ['compileOnly', 'build'], ['compileOnlyApi', 'build'], ['runtimeOnly', 'runtime'], ['developmentOnly', 'development'],
    ];
    expect(table.map(([c]) => [c, scopeOfConfiguration(c)])).toEqual(table);
  });

  it('throws a TureenError for a lockfile it cannot read, and matches only Gradle files outside build output', () => {
    expect(() => extractGradleLock({ file: 'gradle.lockfile', text: 'not a lockfile line\n' })).toThrow(TureenError);
    expect(() => extractGradleLock({ file: 'gradle.lockfile', text: 'a:b:1\n' })).toThrow(TureenError);
    expect(() => source.extract('gradle.lockfile', memoryRepo({}))).toThrow(TureenError);
    expect(source.matches('gradle.lockfile')).toBe(true);
    expect(source.matches('app/build.gradle.kts')).toBe(true);
    expect(source.matches('gradle/dependency-locks/runtimeClasspath.lockfile')).toBe(true);
    expect(source.matches('app/build/tmp/build.gradle')).toBe(false);
    expect(source.matches('settings.gradle')).toBe(false);
    expect(source.matches('buildscript-gradle.lockfile')).toBe(true);
    const b = extractGradleLock({ file: 'buildscript-gradle.lockfile', text: 'com.google.protobuf:protobuf-gradle-plugin:0.9.4=classpath\nempty=\n' });
    expect(b.components.map((c) => [c.purl, c.scope, c.kind])).toEqual([['pkg:maven/com.google.protobuf/protobuf-gradle-plugin@0.9.4', 'build', undefined]]);
  });
});
