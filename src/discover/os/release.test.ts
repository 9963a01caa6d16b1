import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TureenError } from '../../model/errors.js';
import { alpineBranch, distroQualifier, isUbuntuLts, osCpe, osvEcosystem } from './ecosystem.js';
import { osInfo, parseOsRelease, readOsRelease } from './release.js';

const FIXTURES = join(import.meta.dirname, '..', 'os-release', 'fixtures');
const osReleaseFiles = readdirSync(FIXTURES, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('os-release'))
  .map((f) => join(FIXTURES, f));

/** The independent oracle: os-release is specified to be sourceable by a POSIX shell, so ask sh for the values. */
function shellValues(file: string, keys: string[]): Record<string, string> {
  const script = `. "$1"; ${keys.map((k) => `printf '%s\\0' "\${${k}-}"`).join('; ')}`;
  const out = execFileSync('sh', ['-c', script, 'sh', file], { encoding: 'utf8' }).split('\0');
  return Object.fromEntries(keys.map((k, i) => [k, out[i] ?? '']));
}

describe('os-release parsing', () => {
  it('gives the values a POSIX shell gives when it sources each real os-release fixture', () => {
    expect(osReleaseFiles.length).toBeGreaterThanOrEqual(5);
    for (const file of osReleaseFiles) {
      const text = readFileSync(file, 'utf8');
      const fields = parseOsRelease(text, file);
      const keys = [...text.matchAll(/^([A-Z_]+)=/gm)].map((m) => m[1] as string);
      const sh = shellValues(file, keys);
      for (const k of keys) expect([file, k, fields.get(k)?.value]).toEqual([file, k, sh[k]]);
    }
  });

  it('unquotes the shell escapes the spec allows', () => {
    // from snailquote's "fictional" os-release test data, plus single quotes and a bare backslash
    const f = parseOsRelease(`NAME='Fictional os-release to use lots of escapes'\nPRETTY_NAME="Fictional \\$ OS: \\\` edition"\nKEY='$'\nQ="a \\"b\\" \\\\ c"\nBARE=a\\ b\n`, 'x');
    const shell = shellFromText(`NAME='Fictional os-release to use lots of escapes'\nPRETTY_NAME="Fictional \\$ OS: \\\` edition"\nKEY='$'\nQ="a \\"b\\" \\\\ c"\nBARE=a\\ b\n`, ['NAME', 'PRETTY_NAME', 'KEY', 'Q', 'BARE']);
    for (const k of ['NAME', 'PRETTY_NAME', 'KEY', 'Q', 'BARE']) expect(f.get(k)?.value).toBe(shell[k]);
    expect(f.get('PRETTY_NAME')?.value).toBe('Fictional $ OS: ` edition');
  });

  it('keeps the line of each key, skips comments and blank lines', () => {
    const f = parseOsRelease('# c\n\nID=debian\n  # indented comment\nVERSION_ID="12"\n', 'x');
    expect(f.get('ID')).toEqual({ value: 'debian', line: 3 });
    expect(f.get('VERSION_ID')).toEqual({ value: '12', line: 5 });
  });

  it('throws a TureenError for a line that is not an assignment or an unterminated quote', () => {
    expect(() => parseOsRelease('ID=debian\nnot an assignment\n', 'etc/os-release')).toThrow(TureenError);
    expect(() => parseOsRelease('NAME="Debian\n', 'etc/os-release')).toThrow(TureenError);
    try {
      parseOsRelease('ID=x\n=y\n', 'etc/os-release');
    } catch (e) {
      expect((e as TureenError).place?.line).toBe(2);
    }
  });

  it('keeps __proto__ and other hostile keys as data', () => {
    const f = parseOsRelease('__proto__=x\nconstructor=y\nID=z\n', 'x');
    expect(f.get('__proto__')?.value).toBe('x');
    expect(osInfo(f).id).toBe('z');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('returns a Map or a TureenError for any input', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (s) => {
      try {
        readOsRelease(s, 'x');
      } catch (e) {
        if (!(e instanceof TureenError)) throw e;
      }
    }), { numRuns: 500 });
  });
});

function shellFromText(text: string, keys: string[]): Record<string, string> {
  const script = `${text}\n${keys.map((k) => `printf '%s\\0' "\${${k}-}"`).join('; ')}`;
  const out = execFileSync('sh', ['-c', script], { encoding: 'utf8' }).split('\0');
  return Object.fromEntries(keys.map((k, i) => [k, out[i] ?? '']));
}

describe('OSV ecosystem names', () => {
  it('names Debian by major release, Ubuntu by YY.MM with :LTS for LTS releases, Alpine by v<major>.<minor>', () => {
    expect(osvEcosystem({ id: 'debian', versionId: '12', version: '12 (bookworm)' })).toBe('Debian:12');
    expect(osvEcosystem({ id: 'debian', versionId: '11.9', version: '' })).toBe('Debian:11');
    expect(osvEcosystem({ id: 'debian', versionId: '', version: '' })).toBe('Debian');
    expect(osvEcosystem({ id: 'ubuntu', versionId: '22.04', version: '22.04.5 LTS (Jammy Jellyfish)' })).toBe('Ubuntu:22.04:LTS');
    expect(osvEcosystem({ id: 'ubuntu', versionId: '24.04', version: '' })).toBe('Ubuntu:24.04:LTS');
    expect(osvEcosystem({ id: 'ubuntu', versionId: '24.10', version: '24.10 (Oracular Oriole)' })).toBe('Ubuntu:24.10');
    expect(osvEcosystem({ id: 'ubuntu', versionId: '23.04', version: '' })).toBe('Ubuntu:23.04');
    expect(osvEcosystem({ id: 'alpine', versionId: '3.19.1', version: '' })).toBe('Alpine:v3.19');
    expect(osvEcosystem({ id: 'fedora', versionId: '39', version: '' })).toBeUndefined();
    expect(isUbuntuLts('20.04')).toBe(true);
    expect(isUbuntuLts('21.04')).toBe(false);
    expect(alpineBranch('edge')).toBeUndefined();
    expect(distroQualifier({ id: 'alpine', versionId: '3.19.1' })).toBe('alpine-3.19.1');
  });

  it('gives the NVD CPE of the known distributions, or CPE_NAME as written', () => {
    expect(osCpe({ id: 'debian', versionId: '12' })).toBe('cpe:2.3:o:debian:debian_linux:12:*:*:*:*:*:*:*');
    expect(osCpe({ id: 'ubuntu', versionId: '22.04' })).toBe('cpe:2.3:o:canonical:ubuntu_linux:22.04:*:*:*:*:*:*:*');
    expect(osCpe({ id: 'alpine', versionId: '3.19.1' })).toBe('cpe:2.3:o:alpinelinux:alpine_linux:3.19.1:*:*:*:*:*:*:*');
    expect(osCpe({ id: 'fedora', versionId: '39', cpeName: 'cpe:/o:fedoraproject:fedora:39' })).toBe('cpe:/o:fedoraproject:fedora:39');
    expect(osCpe({ id: 'gentoo', versionId: '2.14' })).toBeUndefined();
  });
});
