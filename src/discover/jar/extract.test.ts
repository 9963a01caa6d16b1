import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { Component } from '../../model/component.js';
import { TureenError } from '../../model/errors.js';
import { memoryRepo } from '../source.js';
import { extractJar, MAX_META_BYTES, parseManifest } from './extract.js';
import { source } from './index.js';

const FIX = join(import.meta.dirname, 'fixtures');
const bytes = (f: string) => new Uint8Array(readFileSync(join(FIX, f)));
// sha1sum and sha256sum output for every fixture (fixtures/checksums.txt, see README)
const SUMS = new Map<string, Map<number, string>>();
for (const line of readFileSync(join(FIX, 'checksums.txt'), 'utf8').trim().split('\n')) {
  const [hex, file] = line.split(/\s+/) as [string, string];
  const m = SUMS.get(file) ?? new Map<number, string>();
  m.set(hex.length, hex);
  SUMS.set(file, m);
}
const sums = (f: string) => [{ alg: 'SHA-1', content: SUMS.get(f)?.get(40) }, { alg: 'SHA-256', content: SUMS.get(f)?.get(64) }];
const run = (f: string, at = `lib/${f}`) => extractJar({ file: at, bytes: bytes(f) });
const prop = (c: Component | undefined, n: string) => c?.properties?.find((p) => p.name === n)?.value;

describe('jar: real published jars (copied from ~/.m2, see fixtures/README.md)', () => {
  it('slf4j-api: Maven coordinates from pom.properties, SHA-1/SHA-256 equal to sha1sum/sha256sum', () => {
    const r = run('slf4j-api-2.0.17.jar');
    expect(r.components).toHaveLength(1);
    expect(r.components[0]).toMatchObject({
      ecosystem: 'Maven', name: 'org.slf4j:slf4j-api', version: '2.0.17', purl: 'pkg:maven/org.slf4j/slf4j-api@2.0.17',
      scope: 'runtime', direct: true, origin: { type: 'vendored', ref: 'lib/slf4j-api-2.0.17.jar' }, supplier: 'SLF4J.ORG', hashes: sums('slf4j-api-2.0.17.jar'),
    });
    // its Bundle-License is a URL: no licence is invented from it
    expect(r.components[0]?.licenses).toEqual([]);
    expect(r.findings).toEqual([]);
  });

  it('opentest4j (built by Gradle/bnd, no pom.properties): identity from the MANIFEST, an info finding', () => {
    const r = run('opentest4j-1.3.0.jar');
    expect(r.components.map((c) => [c.ecosystem, c.name, c.version, c.purl])).toEqual([['jar', 'org.opentest4j', '1.3.0', 'pkg:generic/org.opentest4j@1.3.0']]);
    expect(r.components[0]?.hashes).toEqual(sums('opentest4j-1.3.0.jar'));
    expect(r.components[0]?.licenses).toEqual([{ expression: 'Apache-2.0' }]);
    expect(r.findings.map((f) => [f.rule, f.severity])).toEqual([['jar.no-maven-coordinates', 'info']]);
  });

  it('surefire-api (shaded): the jar, plus one item for the artifact shaded into it', () => {
    // `unzip -l surefire-api-2.12.4.jar` lists two pom.properties: org.apache.maven.surefire/surefire-api (2.12.4)
    // and org.codehaus.plexus/plexus-utils (3.0.8, per `unzip -p`), the second shaded in
    const r = run('surefire-api-2.12.4.jar');
    expect(r.components.map((c) => `${c.purl} ${prop(c, 'jar:embedded-in') ?? ''}`.trim())).toEqual([
      'pkg:maven/org.apache.maven.surefire/surefire-api@2.12.4',
      'pkg:maven/org.codehaus.plexus/plexus-utils@3.0.8 pkg:maven/org.apache.maven.surefire/surefire-api@2.12.4',
    ]);
    expect(r.components[0]?.dependencies).toEqual(['pkg:maven/org.codehaus.plexus/plexus-utils@3.0.8']);
    expect(r.components[1]?.hashes).toEqual([]);
  });
});

describe('jar: archives made with the JDK 17 jar tool (fixtures/README.md)', () => {
  it('an aar: identity from the manifest of its classes.jar', () => {
    const r = run('acme-sensor-release.aar');
    expect(r.components).toHaveLength(1);
    expect(r.components[0]).toMatchObject({ name: 'com.acme.sensor', version: '3.1.4', supplier: 'Acme Medical', hashes: sums('acme-sensor-release.aar') });
  });

  it('a war: the war itself, and each jar of WEB-INF/lib with its own hashes', () => {
    const r = run('device-portal.war', 'deploy/device-portal.war');
    // WEB-INF/lib in name order (unzip -l lists opentest4j-1.3.0.jar and slf4j-api-2.0.17.jar)
    expect(r.components.map((c) => c.purl)).toEqual(['pkg:generic/device-portal', 'pkg:generic/org.opentest4j@1.3.0', 'pkg:maven/org.slf4j/slf4j-api@2.0.17']);
    const war = r.components[0];
    // the nested jars are byte-identical to the standalone fixtures, so their checksums are those of checksums.txt
    expect(r.components.find((c) => c.name === 'org.slf4j:slf4j-api')?.hashes).toEqual(sums('slf4j-api-2.0.17.jar'));
    expect(r.components.find((c) => c.name === 'org.opentest4j')?.hashes).toEqual(sums('opentest4j-1.3.0.jar'));
    expect(war?.dependencies.sort()).toEqual(['pkg:generic/org.opentest4j@1.3.0', 'pkg:maven/org.slf4j/slf4j-api@2.0.17']);
    expect(r.components.find((c) => c.name === 'org.slf4j:slf4j-api')?.evidence[0]).toEqual({ file: 'deploy/device-portal.war', key: 'WEB-INF/lib/slf4j-api-2.0.17.jar', source: 'jar' });
    expect(r.findings.filter((f) => f.item === war?.key).map((f) => [f.rule, f.severity])).toEqual([['jar.no-maven-coordinates', 'warning'], ['jar.unknown-version', 'warning']]);
  });

  it('a Spring Boot executable jar: its own coordinates, and each BOOT-INF/lib jar as an item', () => {
    const boot = zipSync({
      'META-INF/maven/com.example.device/portal/pom.properties': strToU8('groupId=com.example.device\nartifactId=portal\nversion=1.0.0\n'),
      'BOOT-INF/lib/slf4j-api-2.0.17.jar': bytes('slf4j-api-2.0.17.jar'),
      'BOOT-INF/classes/App.class': strToU8('x'),
    });
    const r = extractJar({ file: 'dist/portal-1.0.0.jar', bytes: boot });
    expect(r.components.map((c) => [c.purl, c.direct])).toEqual([['pkg:maven/com.example.device/portal@1.0.0', true], ['pkg:maven/org.slf4j/slf4j-api@2.0.17', false]]);
    expect(r.components[1]?.hashes).toEqual(sums('slf4j-api-2.0.17.jar'));
  });

  it('a jar with no metadata: the file name gives name and version, with a warning', () => {
    const r = run('vendor-sdk-4.2.1.jar');
    expect(r.components.map((c) => [c.name, c.version, c.purl])).toEqual([['vendor-sdk', '4.2.1', 'pkg:generic/vendor-sdk@4.2.1']]);
    expect(r.findings.map((f) => [f.rule, f.severity])).toEqual([['jar.no-maven-coordinates', 'warning']]);
    expect(r.components[0]?.hashes).toEqual(sums('vendor-sdk-4.2.1.jar'));
  });
});

describe('jar: hostile and odd archives', () => {
  it('does not inflate an oversized manifest (a zip bomb): a finding, no crash', () => {
    const bomb = zipSync({ 'META-INF/MANIFEST.MF': new Uint8Array(MAX_META_BYTES + 1).fill(65), 'x.txt': strToU8('x') }, { level: 9 });
    expect(bomb.length).toBeLessThan(20_000);
    const r = extractJar({ file: 'lib/bomb-1.0.jar', bytes: bomb });
    expect(r.findings.map((f) => f.rule)).toContain('jar.entry-too-large');
    expect(r.components[0]?.version).toBe('1.0');
  });

  it('a header that understates the size, garbage and an empty file are TureenErrors or results, never crashes', () => {
    const z = zipSync({ 'META-INF/MANIFEST.MF': new Uint8Array(200_000).fill(65) }, { level: 9 });
    // patch the uncompressed size (local header offset 22, central directory +24) to 10 bytes
    const lying = z.slice();
    const dv = new DataView(lying.buffer);
    dv.setUint32(22, 10, true);
    for (let i = lying.length - 22; i >= 0; i--) if (dv.getUint32(i, true) === 0x02014b50) { dv.setUint32(i + 24, 10, true); break; }
    for (const b of [lying, strToU8('not a zip at all'), new Uint8Array(0)]) {
      try {
        const r = extractJar({ file: 'x.jar', bytes: b });
        expect(r.components).toHaveLength(1);
      } catch (e) {
        expect(e).toBeInstanceOf(TureenError);
      }
    }
    expect(() => extractJar({ file: 'x.jar', bytes: strToU8('not a zip at all') })).toThrow(TureenError);
  });

  it('keeps entry names with ../ as data (never a path on disk) and reads only metadata', () => {
    const z = zipSync({ '../../etc/passwd': strToU8('x'), 'META-INF/maven/__proto__/constructor/pom.properties': strToU8('groupId=__proto__\nartifactId=constructor\nversion=1\n') });
    const r = extractJar({ file: 'evil.jar', bytes: z });
    expect(r.components.map((c) => c.purl)).toEqual(['pkg:maven/__proto__/constructor@1']);
  });

  it('reads manifest continuation lines', () => {
    expect(parseManifest('Manifest-Version: 1.0\r\nBundle-SymbolicName: org.exa\r\n mple.long;singleton:=true\r\n\r\nName: x\r\nY: z\r\n').get('Bundle-SymbolicName')).toBe('org.example.long;singleton:=true');
  });

  it('matches committed archives, not build output; the Gradle wrapper is a build tool', () => {
    expect(source.binary).toBe(true);
    expect(source.matches('libs/vendor.jar')).toBe(true);
    expect(source.matches('app/libs/x.aar')).toBe(true);
    expect(source.matches('target/app-1.0.jar')).toBe(false);
    expect(source.matches('app/build/outputs/aar/app.aar')).toBe(false);
    expect(source.matches('lib/x.jar.sha1')).toBe(false);
    const r = source.extract('gradle/wrapper/gradle-wrapper.jar', memoryRepo({ 'gradle/wrapper/gradle-wrapper.jar': bytes('vendor-sdk-4.2.1.jar') }));
    expect(r.components[0]).toMatchObject({ scope: 'build', kind: 'tool' });
    expect(() => source.extract('x.jar', memoryRepo({}))).toThrow(TureenError);
  });
});
