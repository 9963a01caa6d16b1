import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { TureenError } from '../../model/errors.js';
import { scan } from '../../scan.js';
import { source as osReleaseSource } from '../os-release/index.js';
import { memoryRepo } from '../source.js';
import { resultOrTureenError } from '../test-support/property.js';
import { extractDpkgStatus, parseDepends } from './extract.js';
import { source } from './index.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const read = (p: string) => readFileSync(join(FIXTURES, p), 'utf8');

/**
 * dpkg-query's `${db:Status-Abbrev}` is <want><status><error>. The files of a package are on the system when its
 * status is installed (i), triggers-pending (t) or triggers-awaiting (W), whatever the selection (want).
 */
const onSystem = (abbrev: string) => ['i', 't', 'W'].includes(abbrev[1] ?? '');

/** Lines "name:arch version abbrev" (dpkg-query -W -f '${Package}:${Architecture} ${Version} ${db:Status-Abbrev}\n'). */
function installedFrom(lines: string): Set<string> {
  const out = new Set<string>();
  for (const l of lines.split('\n')) {
    const parts = l.split(' ');
    if (parts.length < 3) continue;
    if (onSystem(parts[2] as string)) out.add(`${parts[0]} ${parts[1]}`);
  }
  return out;
}

const itemsOf = (r: { components: { name: string; version: string; properties?: { name: string; value: string }[] }[] }) =>
  new Set(r.components.map((c) => `${c.name}:${c.properties?.find((p) => p.name === 'deb:arch')?.value ?? ''} ${c.version}`));

describe('dpkg status: trimmed real Debian 12 database', () => {
  const repo = memoryRepo({
    'var/lib/dpkg/status': read('debian-12-trimmed/var/lib/dpkg/status'),
    'etc/os-release': read('debian-12-trimmed/etc/os-release'),
    'var/lib/apt/extended_states': read('debian-12-trimmed/var/lib/apt/extended_states'),
    ...Object.fromEntries(['grep', 'libacl1', 'libssl3', 'debconf', 'zlib1g', 'base-files'].map((p) => [`usr/share/doc/${p}/copyright`, read(`debian-12-trimmed/usr/share/doc/${p}/copyright`)])),
  });
  const r = source.extract('var/lib/dpkg/status', repo);

  it('lists exactly the packages dpkg-query lists as installed (recorded output)', () => {
    const expected = installedFrom(read('debian-12-trimmed/dpkg-query.txt'));
    expect(expected.size).toBe(39);
    expect(itemsOf(r)).toEqual(expected);
    expect(r.findings).toEqual([]);
  });

  it('marks as direct exactly what `apt-mark showmanual` lists (recorded output), with paths from the root', () => {
    const manual = read('debian-12-trimmed/apt-mark-showmanual.txt').split('\n').filter(Boolean);
    expect(manual).toEqual(['ca-certificates', 'coreutils', 'curl', 'git']);
    expect(r.components.filter((c) => c.direct).map((c) => c.name).sort()).toEqual(manual);
    const curl = r.components.find((c) => c.name === 'curl');
    expect(curl?.paths[0]?.[1]).toBe(`curl@${curl?.version}`);
    // libcurl4 is reached through curl (curl Depends on libcurl4)
    expect(r.components.find((c) => c.name === 'libcurl4')?.paths[0]?.slice(1, 2)).toEqual([`curl@${curl?.version}`]);
  });

  it('takes licences from the machine-readable copyright files (the License: of each Files: paragraph)', () => {
    const lic = (n: string) => r.components.find((c) => c.name === n)?.licenses;
    // the License: lines of the Files: paragraphs, read by hand from each file
    expect(lic('grep')).toEqual([{ expression: 'GPL-3.0-or-later' }]); // GPL-3+ (twice)
    expect(lic('libacl1')).toEqual([{ expression: 'GPL-2.0-or-later' }, { expression: 'LGPL-2.0-or-later' }]); // GPL-2+, LGPL-2+
    expect(lic('libssl3')).toEqual([{ expression: 'Apache-2.0' }, { name: 'Artistic or GPL-1+' }]); // "Artistic" has no exact SPDX id
    expect(lic('debconf')).toEqual([{ expression: 'BSD-2-Clause' }]);
    expect(lic('zlib1g')).toEqual([{ expression: 'Zlib' }]);
    expect(lic('base-files')).toEqual([]); // a free-text copyright file
    expect(lic('bash')).toEqual([]); // no copyright file in the fixture
  });

  it('names each package in the OSV ecosystem of its root, with a deb purl per arch and distro', () => {
    const libc = r.components.find((c) => c.name === 'libc6');
    expect(libc).toMatchObject({
      ecosystem: 'Debian:12', kind: 'os-package', scope: 'runtime', sourceName: 'glibc',
      supplier: 'GNU Libc Maintainers <debian-glibc@lists.debian.org>',
    });
    expect(libc?.purl).toMatch(/^pkg:deb\/debian\/libc6@[^?]+\?arch=amd64&distro=debian-12$/);
    expect(libc?.description).toBe('GNU C Library: Shared libraries');
    const text = read('debian-12-trimmed/var/lib/dpkg/status');
    const line = text.split('\n').indexOf('Package: libc6') + 1;
    expect(libc?.evidence).toEqual([{ file: 'var/lib/dpkg/status', line, key: 'Package: libc6:amd64', source: 'dpkg' }]);
  });

  it('keeps the source version of a binNMU ("Source: name (version)") and Essential/Priority', () => {
    // bash 5.2.15-2+b8 is a binNMU: its status paragraph says "Source: bash (5.2.15-2)"
    const bash = r.components.find((c) => c.name === 'bash');
    expect(bash?.properties).toContainEqual({ name: 'deb:source-version', value: '5.2.15-2' });
    expect(bash?.properties).toContainEqual({ name: 'deb:essential', value: 'yes' });
    expect(bash?.sourceName).toBeUndefined();
  });

  it('resolves Pre-Depends and Depends to the installed packages', () => {
    const byName = new Map(r.components.map((c) => [c.name, c]));
    // expected: every name in dpkg's own Depends/Pre-Depends lines that is in the fixture (a count independent of parseDepends)
    const dpkg = byName.get('dpkg');
    const text = read('debian-12-trimmed/var/lib/dpkg/status');
    const para = text.split('\n\n').find((p) => p.startsWith('Package: dpkg\n')) as string;
    const named = [...(para.match(/^(?:Pre-)?Depends: (.*)$/gm) ?? [])]
      .flatMap((l) => l.replace(/^[^:]+: /, '').split(','))
      .map((d) => (d.trim().split(/[\s:(|]/)[0] as string))
      .filter((n) => byName.has(n));
    expect(new Set(dpkg?.dependencies)).toEqual(new Set(named.map((n) => byName.get(n)?.key)));
  });
});

describe('dpkg status: every package state (file written from dpkg-query(1), read by the real dpkg-query)', () => {
  const r = extractDpkgStatus({ file: 'var/lib/dpkg/status', text: read('states/var/lib/dpkg/status') });

  it('lists what dpkg-query lists as installed: ii, hi, it, ri (not rc, iU, iHR)', () => {
    const expected = installedFrom(read('states/dpkg-query.txt'));
    expect([...expected].sort()).toEqual([
      'awk-user:all 1.0-1', 'gcc-12-base:amd64 12.2.0-14', 'libc6:amd64 2.36-9+deb12u10', 'libc6:i386 2.36-9+deb12u10',
      'libgcc-s1:amd64 12.2.0-14', 'libgcc-s1:i386 12.2.0-14', 'mawk:amd64 1.3.4.20200120-3.1', 'tzdata:all 2025b-0+deb12u1',
    ]);
    expect(itemsOf(r)).toEqual(expected);
  });

  it('keeps multi-arch copies apart (libc6:amd64 and libc6:i386 are two items)', () => {
    const keys = r.components.filter((c) => c.name === 'libc6').map((c) => c.key).sort();
    expect(keys).toEqual(['pkg:deb/debian/libc6@2.36-9+deb12u10?arch=amd64', 'pkg:deb/debian/libc6@2.36-9+deb12u10?arch=i386']);
    const i386 = r.components.find((c) => c.key.endsWith('arch=i386') && c.name === 'libc6');
    expect(i386?.dependencies).toEqual(['pkg:deb/debian/libgcc-s1@12.2.0-14?arch=i386']);
  });

  it('resolves virtual packages through Provides, alternatives to the first installed one, and :any', () => {
    const user = r.components.find((c) => c.name === 'awk-user');
    expect(new Set(user?.dependencies)).toEqual(new Set([
      'pkg:deb/debian/mawk@1.3.4.20200120-3.1?arch=amd64', // awk (Provides of mawk)
      'pkg:deb/debian/tzdata@2025b-0+deb12u1?arch=all', // tzdata-bookworm (Provides of tzdata)
      'pkg:deb/debian/libc6@2.36-9+deb12u10?arch=amd64', // libc6:any, first listed
      'pkg:deb/debian/libgcc-s1@12.2.0-14?arch=amd64', // libgcc1 (Provides of libgcc-s1)
    ]));
  });

  it('reports half-installed and unpacked packages, and the missing os-release', () => {
    expect(r.findings.map((f) => [f.rule, f.line])).toEqual([
      ['dpkg.os-unknown', 1],
      ['dpkg.not-installed', read('states/var/lib/dpkg/status').split('\n').indexOf('Package: nano') + 1],
      ['dpkg.not-installed', read('states/var/lib/dpkg/status').split('\n').indexOf('Package: vim-tiny') + 1],
    ]);
    expect(r.components.every((c) => c.ecosystem === 'Debian')).toBe(true);
  });

  it('parses Depends syntax: versions, alternatives, arch qualifiers, arch lists', () => {
    expect(parseDepends('libc6 (>= 2.34), debconf (>= 0.5) | debconf-2.0, foo:any, bar [amd64] <!nocheck>')).toEqual([
      [{ name: 'libc6' }], [{ name: 'debconf' }, { name: 'debconf-2.0' }], [{ name: 'foo', arch: 'any' }], [{ name: 'bar' }],
    ]);
  });
});

describe('dpkg source', () => {
  it('matches status at any depth and distroless status.d files', () => {
    expect(source.matches('var/lib/dpkg/status')).toBe(true);
    expect(source.matches('image/rootfs/var/lib/dpkg/status')).toBe(true);
    expect(source.matches('var/lib/dpkg/status-old')).toBe(false);
    expect(source.matches('var/lib/dpkg/status.d/libc6')).toBe(true);
    expect(source.matches('var/lib/dpkg/status.d/libc6.md5sums')).toBe(false);
    expect(source.matches('myvar/lib/dpkg/status')).toBe(false);
  });

  it('reads distroless status.d files (no Status field) with the root\'s Ubuntu os-release', () => {
    const repo = memoryRepo({
      'img/etc/os-release': 'ID=ubuntu\nVERSION_ID="22.04"\n',
      'img/var/lib/dpkg/status.d/base-files': 'Package: base-files\nVersion: 12ubuntu4.6\nArchitecture: amd64\nMaintainer: Ubuntu Developers <ubuntu-devel-discuss@lists.ubuntu.com>\n',
      'img/var/lib/dpkg/status.d/base-files.md5sums': 'd41d8cd98f00b204e9800998ecf8427e  etc/issue\n',
    });
    const r = source.extract('img/var/lib/dpkg/status.d/base-files', repo);
    expect(r.components).toMatchObject([{ name: 'base-files', version: '12ubuntu4.6', ecosystem: 'Ubuntu:22.04:LTS', purl: 'pkg:deb/ubuntu/base-files@12ubuntu4.6?arch=amd64&distro=ubuntu-22.04' }]);
    expect(r.findings).toEqual([]);
  });

  it('throws a TureenError for what is not a status file', () => {
    expect(() => extractDpkgStatus({ file: 's', text: ' leading continuation\n' })).toThrow(TureenError);
    expect(() => extractDpkgStatus({ file: 's', text: 'Package: a\nno colon here\n' })).toThrow(TureenError);
    expect(() => extractDpkgStatus({ file: 's', text: 'Status: install ok installed\nVersion: 1\n' })).toThrow(TureenError);
    expect(() => source.extract('var/lib/dpkg/status', memoryRepo({}))).toThrow(TureenError);
  });

  it('gives valid components or a TureenError for any input and hostile names', () => {
    const real = read('states/var/lib/dpkg/status');
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => void resultOrTureenError(() => extractDpkgStatus({ file: 's', text: s }))), { numRuns: 300 });
    fc.assert(fc.property(fc.integer({ min: 0, max: real.length }), (n) => void resultOrTureenError(() => extractDpkgStatus({ file: 's', text: real.slice(0, n) }))), { numRuns: 200 });
    const name = fc.oneof(fc.constantFrom('__proto__', 'constructor', '../../etc/passwd', 'a\u0000b', '\u001b[31m', 'toString', '%', '@'), fc.string({ maxLength: 10 }));
    fc.assert(fc.property(fc.array(name, { maxLength: 5 }), (names) => {
      const text = names.map((n) => `Package: ${n.replace(/\n/g, '')}\nStatus: install ok installed\nVersion: 1.0\nProvides: ${n.replace(/\n/g, '')}\nDepends: ${names.join(' | ').replace(/\n/g, '')}\n`).join('\n');
      void resultOrTureenError(() => extractDpkgStatus({ file: 's', text }));
      expect(({} as Record<string, unknown>).Package).toBeUndefined();
    }), { numRuns: 200 });
  });
});

describe('done when: this machine\'s own dpkg database, scanned end to end', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('finds exactly the installed packages dpkg-query reports, and one operating system', async () => {
    const query = () => execFileSync('dpkg-query', ['-W', '-f', '${Package}:${Architecture} ${Version} ${db:Status-Abbrev}\n'], { encoding: 'utf8' });
    // another process may be installing packages right now: copy between two identical answers of dpkg-query
    let before = '';
    let after = query();
    const dir = mkdtempSync(join(tmpdir(), 'tureen-dpkg-'));
    dirs.push(dir);
    mkdirSync(join(dir, 'var/lib/dpkg'), { recursive: true });
    mkdirSync(join(dir, 'etc'), { recursive: true });
    for (let i = 0; i < 5 && before !== after; i++) {
      before = after;
      copyFileSync('/var/lib/dpkg/status', join(dir, 'var/lib/dpkg/status'));
      after = query();
    }
    expect(before).toBe(after);
    copyFileSync('/etc/os-release', join(dir, 'etc/os-release')); // copyFile follows the symlink: the content is copied
    // apt's record of automatically installed packages (absent on a system without apt: then nothing is direct)
    const hasApt = existsSync('/var/lib/apt/extended_states');
    if (hasApt) {
      mkdirSync(join(dir, 'var/lib/apt'), { recursive: true });
      copyFileSync('/var/lib/apt/extended_states', join(dir, 'var/lib/apt/extended_states'));
    }
    const manual = hasApt ? execFileSync('apt-mark', ['showmanual'], { encoding: 'utf8' }).split('\n').filter(Boolean).map((l) => l.replace(/:.*$/, '')) : [];

    const inv = await scan(dir, { sources: [source, osReleaseSource], repoSources: [] });
    const expected = new Set([...installedFrom(after)].map((s) => s.replace(/^(\S+):\S+ /, '$1 ')));
    const pkgs = inv.components.filter((c) => c.kind === 'os-package');
    expect(new Set(pkgs.map((c) => `${c.name} ${c.version}`))).toEqual(expected);
    const os = inv.components.filter((c) => c.kind === 'operating-system');
    expect(os).toHaveLength(1);
    const osr = Object.fromEntries(readFileSync('/etc/os-release', 'utf8').split('\n').map((l) => l.split('=')).filter((p) => p.length === 2).map(([k, v]) => [k, (v as string).replace(/^"|"$/g, '')]));
    expect(os[0]).toMatchObject({ name: osr.ID, version: osr.VERSION_ID ?? '' });
    expect(new Set(pkgs.map((c) => c.ecosystem)).size).toBe(1);
    expect(inv.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(new Set(pkgs.filter((c) => c.direct).map((c) => c.name))).toEqual(new Set(manual));
  });
});
