import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { resultOrTureenError } from '../test-support/property.js';
import { extractJar } from './extract.js';

const FIX = join(import.meta.dirname, 'fixtures');
const WAR = new Uint8Array(readFileSync(join(FIX, 'device-portal.war')));
const AAR = new Uint8Array(readFileSync(join(FIX, 'acme-sensor-release.aar')));
const run = (bytes: Uint8Array, file = 'lib/x-1.0.jar') => resultOrTureenError(() => extractJar({ file, bytes }));

describe('jar reader under arbitrary input', () => {
  it('returns a result or a TureenError for random bytes and random zips', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), (b) => void run(b)), { numRuns: 300 });
    const text = fc.string({ maxLength: 200 }).map((s) => new TextEncoder().encode(s));
    fc.assert(fc.property(
      // (fflate's zipSync itself cannot take an entry named "__proto__": that one is built by hand below)
      fc.dictionary(fc.oneof(fc.constantFrom('META-INF/MANIFEST.MF', 'META-INF/maven/g/a/pom.properties', 'META-INF/maven/__proto__/x/pom.properties', 'classes.jar', 'WEB-INF/lib/a.jar', '../x'), fc.string({ maxLength: 20 }).filter((k) => k !== '__proto__')), text, { maxKeys: 5 }),
      fc.constantFrom('lib/x-1.0.jar', 'app.aar', 'web.war'),
      (files, file) => void run(zipSync(files), file),
    ), { numRuns: 300 });
  });

  it('an entry named __proto__ is skipped as data', () => {
    const z = zipSync({ XXproto__: new TextEncoder().encode('x'), 'META-INF/maven/g/a/pom.properties': new TextEncoder().encode('groupId=g\nartifactId=a\nversion=1\n') });
    const name = new TextEncoder().encode('XXproto__');
    for (let i = 0; i + name.length <= z.length; i++) {
      if (name.every((b, j) => z[i + j] === b)) z.set(new TextEncoder().encode('__proto__'), i);
    }
    const r = run(z);
    expect(r instanceof Error ? r : r.components.map((c) => c.purl)).toEqual(['pkg:maven/g/a@1']);
    expect(({} as Record<string, unknown>).length).toBeUndefined();
  });

  it('returns a result or a TureenError for truncated and corrupted real archives', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: WAR.length }), (n) => void run(WAR.slice(0, n), 'a.war')), { numRuns: 150 });
    fc.assert(fc.property(fc.integer({ min: 0, max: AAR.length - 1 }), fc.integer({ min: 0, max: 255 }), (i, v) => {
      const b = AAR.slice();
      b[i] = v;
      void run(b, 'a.aar');
    }), { numRuns: 300 });
  });
});
