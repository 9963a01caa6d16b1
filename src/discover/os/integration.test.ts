import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { discover } from '../scan.js';
import { source as apk } from '../apk/index.js';
import { source as dockerfile } from '../dockerfile/index.js';
import { source as dpkg } from '../dpkg/index.js';
import { source as osRelease } from '../os-release/index.js';

const D = join(import.meta.dirname, '..');

describe('the OS sources together on a device repository with two root filesystems and a Dockerfile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tureen-os-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // images/debian: the trimmed real Debian 12 database with apt's states; images/alpine: the real apk database + world
  cpSync(join(D, 'dpkg/fixtures/debian-12-trimmed'), join(dir, 'images/debian'), { recursive: true });
  cpSync(join(D, 'apk/fixtures/docker-free-rootfs'), join(dir, 'images/alpine'), { recursive: true });
  mkdirSync(join(dir, 'images/alpine/usr/lib'), { recursive: true });
  writeFileSync(join(dir, 'images/alpine/usr/lib/os-release'), readFileSync(join(D, 'os-release/fixtures/alpine-3.19.1/etc/os-release')));
  writeFileSync(join(dir, 'Dockerfile'), readFileSync(join(D, 'dockerfile/fixtures/cases/Dockerfile')));

  const r = discover(dir, { sources: [osRelease, dpkg, apk, dockerfile] });

  it('reads each file with its source and nothing fails', () => {
    expect(r.files.map((f) => `${f.source} ${f.file}`).sort()).toEqual([
      'apk images/alpine/lib/apk/db/installed',
      'dockerfile Dockerfile',
      'dpkg images/debian/var/lib/dpkg/status',
      'os-release images/alpine/usr/lib/os-release',
      'os-release images/debian/etc/os-release',
    ]);
    expect(r.files.every((f) => f.error === undefined)).toBe(true);
  });

  it('finds the packages of each root in the OSV ecosystem of that root (usr/lib/os-release when etc/ has none)', () => {
    const apkPkgs = r.components.filter((c) => c.purl.startsWith('pkg:apk/'));
    expect(apkPkgs.filter((c) => c.ecosystem === 'Alpine:v3.19')).toHaveLength(15);
    const debs = r.components.filter((c) => c.purl.startsWith('pkg:deb/') && c.evidence.some((e) => e.source === 'dpkg'));
    expect(debs).toHaveLength(39);
    expect(new Set(debs.map((c) => c.ecosystem))).toEqual(new Set(['Debian:12']));
  });

  it('merges the Debian 12 of the rootfs with the Debian 12 the Dockerfile builds on: one item, runtime, two pieces of evidence', () => {
    const os = r.components.filter((c) => c.kind === 'operating-system');
    expect(os.map((c) => c.key).sort()).toEqual(['pkg:generic/alpine@3.19.1', 'pkg:generic/debian@12']);
    const deb = os.find((c) => c.name === 'debian');
    expect(deb?.scope).toBe('runtime');
    expect(new Set(deb?.evidence.map((e) => e.source))).toEqual(new Set(['os-release', 'dockerfile']));
  });
});
