import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TureenError } from '../../model/errors.js';
import { memoryRepo } from '../source.js';
import { resultOrTureenError } from '../test-support/property.js';
import { apkChecksum, extractApkInstalled } from './extract.js';
import { source } from './index.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const DB = readFileSync(join(FIXTURES, 'docker-free-rootfs/lib/apk/db/installed'), 'utf8');
const OS_3_19 = readFileSync(join(import.meta.dirname, '..', 'os-release', 'fixtures', 'alpine-3.19.1', 'etc', 'os-release'), 'utf8');

/** Independent of the parser: the P:/V: pairs, read with a regex over the raw text. */
const expectedPairs = () => {
  const names = [...DB.matchAll(/^P:(.*)$/gm)].map((m) => m[1]);
  const versions = [...DB.matchAll(/^V:(.*)$/gm)].map((m) => m[1]);
  return new Set(names.map((n, i) => `${n}@${versions[i]}`));
};

describe('apk installed database (real Alpine rootfs, trimmed of its file lists)', () => {
  const WORLD = readFileSync(join(FIXTURES, 'docker-free-rootfs/etc/apk/world'), 'utf8');
  const repo = memoryRepo({ 'rootfs/lib/apk/db/installed': DB, 'rootfs/etc/os-release': OS_3_19, 'rootfs/etc/apk/world': WORLD });
  const r = source.extract('rootfs/lib/apk/db/installed', repo);

  it('lists every package of the database, with its version', () => {
    expect(expectedPairs().size).toBe(15);
    expect(new Set(r.components.map((c) => `${c.name}@${c.version}`))).toEqual(expectedPairs());
    expect(r.findings).toEqual([]);
  });

  it('names packages in the OSV ecosystem of the root\'s os-release, with apk purls', () => {
    const musl = r.components.find((c) => c.name === 'musl');
    expect(musl).toMatchObject({
      ecosystem: 'Alpine:v3.19', kind: 'os-package', scope: 'runtime',
      purl: 'pkg:apk/alpine/musl@1.1.16-r9?arch=x86_64&distro=alpine-3.19.1',
      licenses: [{ expression: 'MIT' }], supplier: 'Timo Teräs <timo.teras@iki.fi>',
      description: 'the musl c library (libc) implementation',
      evidence: [{ file: 'rootfs/lib/apk/db/installed', line: 2, key: 'P:musl', source: 'apk' }],
    });
    // C:Q1+KEwlmh9pLJZ5Ek0j4UuJ6L1QIs= is "Q1" + base64 of the SHA-1; hex from `echo '+KEwlmh9pLJZ5Ek0j4UuJ6L1QIs=' | base64 -d | xxd -p`
    expect(musl?.hashes).toEqual([{ alg: 'SHA-1', content: 'f8a13096687da4b259e449348f852e27a2f5408b' }]);
  });

  it('marks the packages of etc/apk/world as direct, with paths to the others', () => {
    const world = WORLD.split(/\s+/).filter(Boolean);
    expect(r.components.filter((c) => c.direct).map((c) => c.name).sort()).toEqual([...world].sort());
    // libcurl is reached from the root through curl (curl D: so:libcurl.so.4, provided by libcurl)
    const curl = r.components.find((c) => c.name === 'curl');
    expect(r.components.find((c) => c.name === 'libcurl')?.paths[0]).toEqual(['rootfs/', `curl@${curl?.version}`, 'libcurl@7.54.0-r0']);
  });

  it('keeps the origin (source package) of subpackages', () => {
    const utils = r.components.find((c) => c.name === 'musl-utils');
    expect(utils?.sourceName).toBe('musl');
    expect(r.components.find((c) => c.name === 'libressl2.5-libssl')?.sourceName).toBe('libressl');
    expect(r.components.find((c) => c.name === 'curl')?.sourceName).toBeUndefined();
  });

  it('resolves dependencies through names and provides (so:), skipping conflicts (!)', () => {
    const key = (n: string) => r.components.find((c) => c.name === n)?.key;
    const deps = (n: string) => new Set(r.components.find((c) => c.name === n)?.dependencies);
    // D:ca-certificates so:libc.musl-x86_64.so.1 so:libcurl.so.4 so:libz.so.1
    expect(deps('curl')).toEqual(new Set([key('ca-certificates'), key('musl'), key('libcurl'), key('zlib')]));
    // D:!uclibc-utils scanelf musl=1.1.16-r9 so:libc.musl-x86_64.so.1
    expect(deps('musl-utils')).toEqual(new Set([key('scanelf'), key('musl')]));
    expect(deps('musl')).toEqual(new Set());
  });

  it('keeps a licence as an SPDX expression only when it already is one, else as written (no guessing)', () => {
    expect(r.components.find((c) => c.name === 'musl')?.licenses).toEqual([{ expression: 'MIT' }]); // L:MIT
    // L:GPL2 is Alpine's old notation: GPL-2.0-only or -or-later cannot be told, so it stays as written
    expect(r.components.find((c) => c.name === 'busybox')?.licenses).toEqual([{ name: 'GPL2' }]);
    expect(r.components.find((c) => c.name === 'musl-utils')?.licenses).toEqual([{ name: 'MIT BSD GPL2+' }]);
    expect(r.components.find((c) => c.name === 'libressl2.5-libssl')?.licenses).toEqual([{ name: 'custom' }]); // L:custom
  });
});

describe('apk source', () => {
  it('matches lib/apk/db/installed at any depth', () => {
    expect(source.matches('lib/apk/db/installed')).toBe(true);
    expect(source.matches('images/alpine/lib/apk/db/installed')).toBe(true);
    expect(source.matches('lib/apk/db/installed.bak')).toBe(false);
    expect(source.matches('mylib/apk/db/installed')).toBe(false);
  });

  it('finds the root of a merged-/usr layout (usr/lib/apk/db/installed)', () => {
    const r = source.extract('img/usr/lib/apk/db/installed', memoryRepo({ 'img/usr/lib/apk/db/installed': DB, 'img/etc/os-release': OS_3_19, 'img/etc/apk/world': 'curl\n' }));
    expect(r.components[0]?.ecosystem).toBe('Alpine:v3.19');
    expect(r.components.filter((c) => c.direct).map((c) => c.name)).toEqual(['curl']);
  });

  it('falls back to "Alpine" and warns when the root has no os-release', () => {
    const r = source.extract('lib/apk/db/installed', memoryRepo({ 'lib/apk/db/installed': DB }));
    expect(r.components.every((c) => c.ecosystem === 'Alpine')).toBe(true);
    expect(r.components[0]?.purl).toBe('pkg:apk/alpine/musl@1.1.16-r9?arch=x86_64');
    expect(r.findings.map((f) => f.rule)).toEqual(['apk.os-unknown']);
  });

  it('decodes apk checksums and refuses what is not one', () => {
    expect(apkChecksum('Q1!!')).toBeUndefined();
    expect(apkChecksum('d41d8cd98f00b204e9800998ecf8427e')).toEqual({ alg: 'MD5', content: 'd41d8cd98f00b204e9800998ecf8427e' });
    expect(apkChecksum(undefined)).toBeUndefined();
  });

  it('throws a TureenError for what is not an installed database', () => {
    expect(() => extractApkInstalled({ file: 'x', text: 'not a database\n' })).toThrow(TureenError);
    expect(() => extractApkInstalled({ file: 'x', text: 'V:1.0\nA:x86_64\n' })).toThrow(TureenError);
    expect(() => source.extract('lib/apk/db/installed', memoryRepo({}))).toThrow(TureenError);
  });

  it('gives valid components or a TureenError for any input and hostile names', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => void resultOrTureenError(() => extractApkInstalled({ file: 'x', text: s }))), { numRuns: 300 });
    fc.assert(fc.property(fc.integer({ min: 0, max: DB.length }), (n) => void resultOrTureenError(() => extractApkInstalled({ file: 'x', text: DB.slice(0, n) }))), { numRuns: 200 });
    const name = fc.oneof(fc.constantFrom('__proto__', 'constructor', '../../x', 'a\u0000b', '\u001b[31m', '%', 'so:__proto__'), fc.string({ maxLength: 10 }));
    fc.assert(fc.property(fc.array(name, { maxLength: 5 }), (names) => {
      const clean = names.map((n) => n.replace(/[\r\n]/g, ''));
      const text = clean.map((n) => `P:${n}\nV:1.0-r0\np:${n}\nD:${clean.join(' ')}\n`).join('\n');
      void resultOrTureenError(() => extractApkInstalled({ file: 'x', text }));
    }), { numRuns: 200 });
  });
});
