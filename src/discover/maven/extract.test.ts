import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Component } from '../../model/component.js';
import { TureenError } from '../../model/errors.js';
import { memoryRepo } from '../source.js';
import { effectivePom, extractPom } from './extract.js';
import { pomLookup, source } from './index.js';

const FIX = join(import.meta.dirname, 'fixtures');
const CORPUS = join(import.meta.dirname, '../../../test/fixtures/corpus/maven');
const read = (p: string) => readFileSync(p, 'utf8');
const prop = (c: Component, n: string) => c.properties?.find((p) => p.name === n)?.value;
const deps = (cs: Component[]) => cs.filter((c) => c.key.length > 0 && prop(c, 'maven:scope') !== undefined && prop(c, 'maven:role') === undefined);

describe('maven: a reactor checked against Maven 3.8.7 itself (fixtures/reactor-mvn-tree.txt)', () => {
  const files = ['pom.xml', 'bom/pom.xml', 'lib/pom.xml', 'app/pom.xml'];
  const repo = memoryRepo(Object.fromEntries(files.map((f) => [f, read(join(FIX, 'reactor', f))])));
  // the direct dependencies Maven resolved, per module: the lines indented by exactly three spaces under each project line
  const tree = new Map<string, string[]>();
  let cur = '';
  for (const line of read(join(FIX, 'reactor-mvn-tree.txt')).split('\n')) {
    const project = /^(\S+):jar:/.exec(line);
    if (project) tree.set((cur = project[1] as string), []);
    const direct = /^ {3}(\S+):jar:([^:]+):(\w+)( \(optional\))?$/.exec(line);
    if (direct) tree.get(cur)?.push(`${direct[1]}@${direct[2]} ${direct[3]}${direct[4] ? ' optional' : ''}`);
  }

  for (const [module, file] of [['com.example.device:device-lib', 'lib/pom.xml'], ['com.example.device:device-app', 'app/pom.xml']] as const) {
    it(`lists exactly the direct dependencies Maven resolved for ${module}, with their versions and scopes`, () => {
      const r = source.extract(file, repo);
      const got = deps(r.components).map((c) => `${c.name}@${c.version} ${prop(c, 'maven:scope')}${c.scope === 'optional' ? ' optional' : ''}`);
      expect(got.sort()).toEqual([...(tree.get(module) ?? [])].sort());
      expect(tree.get(module)?.length).toBeGreaterThan(1);
      const self = r.components.find((c) => c.name === module);
      expect(self).toMatchObject({ version: '1.4.0', firstParty: true });
      expect(r.findings.filter((f) => f.severity === 'warning')).toEqual([]);
    });
  }

  it('maps Maven scopes: compile/runtime ship, provided ships (environment-supplied) with an info finding, test does not', () => {
    const r = source.extract('app/pom.xml', repo);
    const by = (n: string) => r.components.find((c) => c.name === n);
    expect(by('com.google.guava:guava')?.scope).toBe('runtime');
    expect(by('org.apache.commons:commons-lang3')?.scope).toBe('runtime');
    expect(by('jakarta.servlet:jakarta.servlet-api')?.scope).toBe('runtime');
    expect(by('junit:junit')?.scope).toBe('test');
    expect(r.findings.filter((f) => f.rule === 'maven.provided').map((f) => f.item)).toEqual(['pkg:maven/jakarta.servlet/jakarta.servlet-api@6.0.0']);
    // the sibling module is first-party, not SOUP
    expect(by('com.example.device:device-lib')).toMatchObject({ firstParty: true, version: '1.4.0', direct: true });
    // version from the BOM that the parent imports (bom/pom.xml), evidence on the app's own line
    expect(by('com.google.guava:guava')?.evidence[0]).toMatchObject({ file: 'app/pom.xml', line: 16, source: 'maven' });
  });

  it('lists the parent\'s managed plugins as build tools, versions interpolated', () => {
    const r = source.extract('pom.xml', repo);
    const tools = r.components.filter((c) => c.kind === 'tool').map((c) => `${c.purl} ${c.scope}`);
    expect(tools).toEqual([
      'pkg:maven/org.apache.maven.plugins/maven-resources-plugin@3.3.1 build',
      'pkg:maven/org.apache.maven.plugins/maven-compiler-plugin@3.11.0 build',
    ]);
    expect(r.findings.find((f) => f.rule === 'maven.transitive-not-listed')?.severity).toBe('info');
  });
});

describe('maven: dcm4che corpus (root pom + dcm4che-core, unmodified)', () => {
  const rootText = read(join(CORPUS, 'dcm4che__dcm4che__pom.xml'));
  const coreText = read(join(CORPUS, 'dcm4che__dcm4che__dcm4che-core__pom.xml'));
  const repo = memoryRepo({ 'pom.xml': rootText, 'dcm4che-core/pom.xml': coreText });

  // independent counts by regex over the file text
  const section = (t: string, tag: string) => t.slice(t.indexOf(`<${tag}>`), t.indexOf(`</${tag}>`));
  const propsText = section(rootText, 'properties');
  const properties = new Map([...propsText.matchAll(/<([\w.-]+)>([^<]*)<\/\1>/g)].map((m) => [m[1] as string, m[2] as string]));
  const managedText = section(rootText, 'dependencyManagement');
  const managed = [...managedText.matchAll(/<dependency>([\s\S]*?)<\/dependency>/g)].map((m) => {
    const f = (n: string) => new RegExp(`<${n}>([^<]*)</${n}>`).exec(m[1] as string)?.[1];
    const v = f('version') ?? '';
    return { ga: `${f('groupId')}:${f('artifactId')}`, version: v.replace(/\$\{([^}]+)\}/g, (_, k: string) => properties.get(k) ?? ''), scope: f('scope') };
  });

  it('counts what the corpus row says: 30 properties, 17 managed dependencies, 32 modules, 14 plugins', () => {
    expect(properties.size).toBe(30);
    expect(managed).toHaveLength(17);
    const eff = effectivePom({ file: 'pom.xml', text: rootText, poms: pomLookup(repo) });
    expect(eff.properties).toBe(30);
    // 16 managed entries + 1 BOM import (weasis-core-img-bom, not in the repository, listed on its own)
    const imported = managed.filter((m) => m.scope === 'import');
    expect(imported.map((m) => m.ga)).toEqual(['org.weasis.core:weasis-core-img-bom']);
    expect([...eff.managed].map(([k, v]) => `${k.split(':').slice(0, 2).join(':')}@${v.version}`).sort())
      .toEqual(managed.filter((m) => m.scope !== 'import').map((m) => `${m.ga}@${m.version}`).sort());

    const r = source.extract('pom.xml', repo);
    const modules = (rootText.match(/<module>/g) ?? []).length;
    expect(modules).toBe(32);
    expect(r.components[0]?.properties?.filter((p) => p.name === 'maven:module')).toHaveLength(modules);
    // the corpus row's 14 plugins: 13 in <pluginManagement> and 1 (jacoco again) inside the profile "test-coverage",
    // which is not active by default and is not read
    expect((rootText.match(/<plugin>/g) ?? []).length).toBe(14);
    const pluginCount = (section(rootText, 'pluginManagement').match(/<plugin>/g) ?? []).length;
    expect(pluginCount).toBe(13);
    const tools = r.components.filter((c) => c.kind === 'tool');
    expect(tools.filter((c) => prop(c, 'maven:role') === 'plugin-management')).toHaveLength(pluginCount);
    expect(tools.every((c) => c.version !== '' && c.scope === 'build')).toBe(true);
    // plus the one build extension (wagon-ssh 3.4.3)
    expect(tools.filter((c) => prop(c, 'maven:role') === 'extension').map((c) => c.purl)).toEqual(['pkg:maven/org.apache.maven.wagon/wagon-ssh@3.4.3']);
    const bom = r.components.find((c) => prop(c, 'maven:role') === 'bom');
    expect(bom).toMatchObject({ purl: 'pkg:maven/org.weasis.core/weasis-core-img-bom@4.12.2?type=pom', scope: 'build' });
    expect(r.findings.map((f) => f.rule).sort()).toEqual(['maven.bom-missing', 'maven.module-missing', 'maven.profiles-not-read', 'maven.transitive-not-listed']);
    expect(r.findings.find((f) => f.rule === 'maven.profiles-not-read')).toMatchObject({ line: rootText.split('\n').findIndex((l) => l.includes('<profile>')) + 1 });
    expect(r.findings.find((f) => f.rule === 'maven.module-missing')?.message).toContain('31 of the 32');
  });

  it('gives dcm4che-core its 4 dependencies with versions and scopes inherited from the root pom', () => {
    const r = source.extract('dcm4che-core/pom.xml', repo);
    // by hand from the two files: slf4j-api → ${slf4j.version} = 2.0.17 (root l.95); junit → 4.13.2 scope test (root dependencyManagement);
    // dcm4che-dict and dcm4che-test-data → ${project.version} = the parent's 5.35.0, both modules of the reactor (first-party)
    expect(deps(r.components).map((c) => [c.name, c.version, c.scope, c.firstParty])).toEqual([
      ['org.dcm4che:dcm4che-dict', '5.35.0', 'runtime', true],
      ['org.dcm4che:dcm4che-test-data', '5.35.0', 'test', true],
      ['org.slf4j:slf4j-api', '2.0.17', 'runtime', false],
      ['junit:junit', '4.13.2', 'test', false],
    ]);
    expect(r.components[0]).toMatchObject({ name: 'org.dcm4che:dcm4che-core', version: '5.35.0', firstParty: true });
    // 4 plugins, versions from the root's pluginManagement
    expect(r.components.filter((c) => c.kind === 'tool').map((c) => `${c.name}@${c.version}`)).toEqual([
      'org.apache.maven.plugins:maven-remote-resources-plugin@3.1.0',
      'org.codehaus.mojo:xml-maven-plugin@1.1.0',
      'org.codehaus.mojo:build-helper-maven-plugin@3.4.0',
      'org.apache.felix:maven-bundle-plugin@5.1.9',
    ]);
    expect(r.findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });
});

const pom = (body: string, head = '<groupId>g</groupId><artifactId>a</artifactId><version>1</version>') =>
  `<?xml version="1.0"?>\n<project>\n<modelVersion>4.0.0</modelVersion>\n${head}\n${body}\n</project>\n`;
const dep = (g: string, a: string, extra = '') => `<dependency><groupId>${g}</groupId><artifactId>${a}</artifactId>${extra}</dependency>`;

describe('maven: rules on small POMs', () => {
  it('reports a property cycle and leaves the version unresolved', () => {
    const r = extractPom({ file: 'pom.xml', text: pom(`<properties><a>\${b}</a><b>\${a}</b></properties>\n<dependencies>\n${dep('x', 'y', '<version>${a}</version>')}\n</dependencies>`) });
    expect(r.findings.map((f) => f.rule)).toEqual(expect.arrayContaining(['maven.property-cycle', 'maven.unresolved-version']));
    const y = r.components.find((c) => c.name === 'x:y');
    expect(y).toMatchObject({ version: '', purl: 'pkg:maven/x/y' });
    expect(r.findings.find((f) => f.rule === 'maven.unresolved-version')).toMatchObject({ line: 7, item: 'pkg:maven/x/y', severity: 'warning' });
  });

  it('a parent outside the repository: a warning, and the parent listed as a build input', () => {
    const head = '<parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId><version>3.3.4</version><relativePath/></parent><artifactId>svc</artifactId>';
    const r = extractPom({ file: 'svc/pom.xml', text: pom(`<dependencies>${dep('org.springframework.boot', 'spring-boot-starter-web')}</dependencies>`, head) });
    expect(r.components[0]).toMatchObject({ name: 'org.springframework.boot:svc', version: '3.3.4' });
    expect(r.components.find((c) => prop(c, 'maven:role') === 'parent')?.purl).toBe('pkg:maven/org.springframework.boot/spring-boot-starter-parent@3.3.4?type=pom');
    expect(r.findings.map((f) => f.rule)).toEqual(expect.arrayContaining(['maven.parent-missing', 'maven.unresolved-version']));
  });

  it('system scope, optional, classifier/type qualifiers and a version range', () => {
    const r = extractPom({ file: 'pom.xml', text: pom(`<dependencies>
${dep('vendor', 'sdk', '<version>2.0</version><scope>system</scope><systemPath>${basedir}/lib/sdk.jar</systemPath>')}
${dep('o', 'opt', '<version>1.0</version><optional>true</optional>')}
${dep('n', 'native', '<version>3.1</version><classifier>linux-x86_64</classifier><type>zip</type>')}
${dep('r', 'range', '<version>[1.0,2.0)</version>')}
</dependencies>`) });
    const by = (n: string) => r.components.find((c) => c.name === n);
    expect(by('vendor:sdk')?.scope).toBe('runtime');
    expect(by('o:opt')?.scope).toBe('optional');
    expect(by('n:native')?.purl).toBe('pkg:maven/n/native@3.1?classifier=linux-x86_64&type=zip');
    expect(r.findings.map((f) => f.rule)).toEqual(expect.arrayContaining(['maven.system-scope', 'maven.unpinned']));
  });

  it('finds the parent by <relativePath> and by coordinates, and never outside the repository', () => {
    const parent = pom('<properties><v>9.9</v></properties><dependencyManagement><dependencies>' + dep('m', 'n', '<version>${v}</version>') + '</dependencies></dependencyManagement>', '<groupId>p</groupId><artifactId>par</artifactId><version>5</version><packaging>pom</packaging>');
    const child = (rel: string) => pom(`<dependencies>${dep('m', 'n')}</dependencies>`, `<parent><groupId>p</groupId><artifactId>par</artifactId><version>5</version>${rel}</parent><artifactId>c</artifactId>`);
    for (const [rel, at] of [['', 'pom.xml'], ['<relativePath>../parent</relativePath>', 'parent/pom.xml'], ['<relativePath>../../../etc/pom.xml</relativePath>', 'build-parent/pom.xml']]) {
      const repo = memoryRepo({ [at as string]: parent, 'mod/pom.xml': child(rel as string) });
      const r = source.extract('mod/pom.xml', repo);
      expect(r.components.find((c) => c.name === 'm:n')?.version).toBe('9.9');
    }
  });

  it('takes CI-friendly ${revision} from .mvn/maven.config', () => {
    const repo = memoryRepo({
      '.mvn/maven.config': '-Drevision=2.5.0 -Dchangelist=',
      'pom.xml': pom(`<dependencies>${dep('g', 'sibling', '<version>${project.version}</version>')}</dependencies>`, '<groupId>g</groupId><artifactId>a</artifactId><version>${revision}${changelist}</version>'),
    });
    const r = source.extract('pom.xml', repo);
    expect(r.components[0]).toMatchObject({ name: 'g:a', version: '2.5.0' });
    expect(r.components.find((c) => c.name === 'g:sibling')?.version).toBe('2.5.0');
  });

  it('throws a TureenError for a file that is not a POM', () => {
    expect(() => extractPom({ file: 'pom.xml', text: '<html></html>' })).toThrow(TureenError);
    expect(() => extractPom({ file: 'pom.xml', text: '<project><dependencies>' })).toThrow(TureenError);
    expect(() => source.extract('pom.xml', memoryRepo({}))).toThrow(TureenError);
  });

  it('matches pom.xml outside build output', () => {
    expect(source.matches('pom.xml')).toBe(true);
    expect(source.matches('a/b/pom.xml')).toBe(true);
    expect(source.matches('target/classes/META-INF/maven/g/a/pom.xml')).toBe(false);
    expect(source.matches('node_modules/x/pom.xml')).toBe(false);
    expect(source.matches('mypom.xml')).toBe(false);
  });
});
