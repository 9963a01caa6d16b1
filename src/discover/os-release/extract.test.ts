import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TureenError } from '../../model/errors.js';
import { memoryRepo } from '../source.js';
import { resultOrTureenError } from '../test-support/property.js';
import { extractOsRelease } from './extract.js';
import { source } from './index.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const read = (p: string) => readFileSync(join(FIXTURES, p), 'utf8');

describe('os-release source', () => {
  it('matches etc/os-release and usr/lib/os-release at any depth, usr/lib only when etc/ has none', () => {
    expect(source.matches('etc/os-release')).toBe(true);
    expect(source.matches('images/rootfs/etc/os-release')).toBe(true);
    expect(source.matches('usr/lib/os-release')).toBe(true);
    expect(source.matches('rootfs/usr/lib/os-release', memoryRepo({ 'rootfs/etc/os-release': 'ID=x', 'rootfs/usr/lib/os-release': 'ID=x' }))).toBe(false);
    expect(source.matches('etc/os-release.bak')).toBe(false);
    expect(source.matches('myetc/os-release')).toBe(false);
    expect(source.matches('docs/os-release')).toBe(false);
  });

  it('reads this machine-class Debian 12 os-release into one operating-system item', () => {
    const r = extractOsRelease('rootfs/etc/os-release', read('debian-12/etc/os-release'));
    expect(r.components).toHaveLength(1);
    // values checked by hand against the fixture: ID=debian (line 6), VERSION_ID="12", VERSION_CODENAME=bookworm
    expect(r.components[0]).toMatchObject({
      ecosystem: 'Debian:12', name: 'debian', version: '12', purl: 'pkg:generic/debian@12', key: 'pkg:generic/debian@12',
      cpe: 'cpe:2.3:o:debian:debian_linux:12:*:*:*:*:*:*:*', kind: 'operating-system', scope: 'runtime',
      evidence: [{ file: 'rootfs/etc/os-release', line: 6, key: 'ID', source: 'os-release' }],
    });
    expect(r.components[0]?.properties).toContainEqual({ name: 'os:codename', value: 'bookworm' });
    expect(r.findings).toEqual([]);
  });

  it('names Ubuntu 22.04 and Alpine 3.19.1 in OSV terms', () => {
    const u = extractOsRelease('etc/os-release', read('ubuntu-22.04/etc/os-release')).components[0];
    expect(u).toMatchObject({ ecosystem: 'Ubuntu:22.04:LTS', name: 'ubuntu', version: '22.04', cpe: 'cpe:2.3:o:canonical:ubuntu_linux:22.04:*:*:*:*:*:*:*' });
    const a = extractOsRelease('etc/os-release', read('alpine-3.19.1/etc/os-release')).components[0];
    expect(a).toMatchObject({ ecosystem: 'Alpine:v3.19', name: 'alpine', version: '3.19.1', purl: 'pkg:generic/alpine@3.19.1' });
  });

  it('keeps CPE_NAME as written and says when OSV has no ecosystem for the OS', () => {
    const r = extractOsRelease('usr/lib/os-release', read('opensuse-tumbleweed/usr/lib/os-release'));
    expect(r.components[0]).toMatchObject({ name: 'opensuse-tumbleweed', version: '20240223', ecosystem: 'opensuse-tumbleweed:20240223', cpe: 'cpe:2.3:o:opensuse:tumbleweed:20240223:*:*:*:*:*:*:*' });
    expect(r.findings.map((f) => f.rule)).toEqual(['os-release.ecosystem-unknown']);
    const f = extractOsRelease('etc/os-release', read('fedora-39/etc/os-release'));
    expect(f.components[0]?.cpe).toBe('cpe:/o:fedoraproject:fedora:39');
    expect(f.components[0]?.properties?.find((p) => p.name === 'os:codename')).toBeUndefined();
  });

  it('warns when the release has no VERSION_ID', () => {
    const r = extractOsRelease('etc/os-release', 'PRETTY_NAME="Debian GNU/Linux trixie/sid"\nNAME="Debian GNU/Linux"\nVERSION_CODENAME=trixie\nID=debian\n');
    expect(r.components[0]).toMatchObject({ version: '', ecosystem: 'Debian', purl: 'pkg:generic/debian' });
    expect(r.findings).toMatchObject([{ rule: 'os-release.unpinned', severity: 'warning', line: 4, item: 'pkg:generic/debian' }]);
  });

  it('reads through the RepoView and throws a TureenError for bad input', () => {
    const repo = memoryRepo({ 'etc/os-release': 'ID=alpine\nVERSION_ID=3.20.0\n' });
    expect(source.extract('etc/os-release', repo).components[0]?.ecosystem).toBe('Alpine:v3.20');
    expect(() => source.extract('etc/os-release', memoryRepo({}))).toThrow(TureenError);
    expect(() => source.extract('etc/os-release', memoryRepo({ 'etc/os-release': 'ID="x\n' }))).toThrow(TureenError);
  });

  it('gives a valid component or a TureenError for any text and hostile ids', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (s) => void resultOrTureenError(() => extractOsRelease('etc/os-release', s))), { numRuns: 300 });
    const hostile = fc.constantFrom('__proto__', '../../etc', 'a\u0000b', '\u001b[31m', '', ' ', '%2F', 'x'.repeat(5000));
    fc.assert(fc.property(hostile, hostile, (id, v) => {
      const text = `ID="${id.replace(/["\\$`]/g, '')}"\nVERSION_ID='${v.replace(/'/g, '')}'\n`;
      void resultOrTureenError(() => extractOsRelease('etc/os-release', text));
    }), { numRuns: 100 });
  });
});
