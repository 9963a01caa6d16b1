import { describe, expect, it } from 'vitest';
import { fallback } from './fallback.js';
import { isFallback, SEMVER, versioningFor } from './index.js';

/** Sorts with the scheme and checks every neighbour is strictly smaller (the chain is the specification's order). */
function expectChain(ecosystem: string, chain: string[]) {
  const v = versioningFor(ecosystem);
  for (let i = 0; i + 1 < chain.length; i++) {
    expect(v.compare(chain[i]!, chain[i + 1]!), `${chain[i]} < ${chain[i + 1]}`).toBe(-1);
    expect(v.compare(chain[i + 1]!, chain[i]!), `${chain[i + 1]} > ${chain[i]}`).toBe(1);
  }
  const shuffled = [...chain].reverse();
  expect(shuffled.sort((a, b) => v.compare(a, b))).toEqual(chain);
}

const same = (ecosystem: string, a: string, b: string) => expect(versioningFor(ecosystem).compare(a, b), `${a} = ${b}`).toBe(0);

describe('versioningFor', () => {
  it('names the scheme of every ecosystem OSV uses, release suffixes included', () => {
    const cases: [string, string][] = [
      ['npm', 'semver'], ['crates.io', 'semver'], ['Hex', 'semver'], ['Pub', 'semver'], ['SwiftURL', 'semver'],
      ['PyPI', 'pep440'], ['Maven', 'maven'], ['Maven:https://maven.google.com', 'maven'], ['Go', 'go'], ['NuGet', 'nuget'],
      ['RubyGems', 'rubygems'], ['Packagist', 'composer'], ['Debian', 'debian'], ['Debian:12', 'debian'],
      ['Ubuntu:22.04:LTS', 'debian'], ['Ubuntu:Pro:18.04:LTS', 'debian'], ['Alpine:v3.19', 'apk'], ['Wolfi', 'apk'],
      ['Red Hat:rhel_aus:8.4::appstream', 'rpm'], ['Rocky Linux:9', 'rpm'], ['AlmaLinux:8', 'rpm'], ['SUSE:Linux Enterprise Server 15 SP5', 'rpm'],
      ['openSUSE:Tumbleweed', 'rpm'], ['Mageia:9', 'rpm'], ['openEuler:22.03-LTS', 'rpm'], ['Azure Linux:3', 'rpm'], ['Photon OS:5.0', 'rpm'],
      ['Mariner:2.0', 'rpm'], ['rpm:fedora', 'rpm'],
    ];
    for (const [eco, scheme] of cases) {
      expect(versioningFor(eco).scheme, eco).toBe(scheme);
      expect(isFallback(versioningFor(eco)), eco).toBe(false);
    }
  });

  it('falls back, and says so, for ecosystems without a scheme', () => {
    for (const eco of ['GIT', 'Hackage', 'CRAN', 'Linux', 'made-up', '', '__proto__']) {
      expect(versioningFor(eco).scheme, eco).toBe('fallback');
      expect(isFallback(versioningFor(eco)), eco).toBe(true);
    }
  });

  it('reads ecosystem names case-insensitively (a hand-written config says "pypi")', () => {
    expect(versioningFor('pypi').scheme).toBe('pep440');
  });
});

describe('SemVer (npm, crates.io): semver.org §11', () => {
  it('orders the precedence example of the specification', () => {
    expectChain('npm', ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0', '2.0.0', '2.1.0', '2.1.1']);
    expectChain('crates.io', ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0']);
  });

  it('ignores build metadata for order', () => {
    same('npm', '1.0.0+build.1', '1.0.0+build.2');
    same('crates.io', '1.0.0+20130313144700', '1.0.0');
  });

  it('is loose where npm is loose, strict where Cargo is strict', () => {
    expect(versioningFor('npm').isValid('=v1.2.3')).toBe(true);
    same('npm', 'v1.2.3', '1.2.3');
    expect(versioningFor('crates.io').isValid('v1.2.3')).toBe(false);
    expect(versioningFor('crates.io').isValid('1.2')).toBe(false);
    expect(versioningFor('crates.io').isValid('1.2.3')).toBe(true);
  });

  it('OSV SEMVER ranges read "v" prefixes and shorthands, as OSV tooling does', () => {
    expect(SEMVER.compare('v1.2', '1.2.0')).toBe(0);
    expect(SEMVER.compare('1', '1.0.1')).toBe(-1);
  });
});

describe('PEP 440 (PyPI)', () => {
  it('orders the suffixes as the PEP summarises them', () => {
    expectChain('PyPI', ['1.0.dev456', '1.0a1', '1.0a2.dev456', '1.0a12.dev456', '1.0a12', '1.0b1.dev456', '1.0b2', '1.0b2.post345.dev456', '1.0b2.post345', '1.0rc1.dev456', '1.0rc1', '1.0', '1.0+abc.5', '1.0+abc.7', '1.0+5', '1.0.post456.dev34', '1.0.post456', '1.1.dev1']);
  });

  it('normalises spellings and epochs', () => {
    same('PyPI', '1.0RC1', '1.0rc1');
    same('PyPI', '1.0-1', '1.0.post1');
    same('PyPI', '1.0', '1.0.0');
    expect(versioningFor('PyPI').compare('1!0.1', '2.0')).toBe(1);
  });
});

describe('Maven ComparableVersion', () => {
  it('orders the cases the brief names', () => {
    expectChain('Maven', ['2.13.4', '2.13.4.1', '2.13.10']);
    expectChain('Maven', ['1-alpha-1', '1-beta-1', '1-milestone-1', '1-rc-1', '1-snapshot', '1', '1-sp-1', '1.0.1']);
  });

  it('treats rc = cr, "" = ga = final, pads with zeros, and is case-insensitive', () => {
    same('Maven', '1.0-rc1', '1.0-CR1');
    same('Maven', '1.0', '1.0.0-ga');
    same('Maven', '1', '1.0.0.Final');
    same('Maven', '1.0-SNAPSHOT', '1-snapshot');
  });

  it('distinguishes "-" from "." separators', () => {
    expectChain('Maven', ['1-1', '1.1']);
  });
});

describe('Go modules', () => {
  it('orders pseudo-versions before the release they precede, and reads OSV versions without "v"', () => {
    expectChain('Go', ['v0.0.0-20191109021931-daa7c04131f5', 'v0.0.0-20200114155413-6afb5195e5aa', '0.1.0', 'v0.17.0-rc.1', 'v0.17.0', 'v0.43.0']);
    same('Go', 'v0.17.0', '0.17.0');
  });

  it('ignores +incompatible and expands v1, v1.2', () => {
    same('Go', 'v2.0.0+incompatible', 'v2.0.0');
    same('Go', 'v1', 'v1.0.0');
    same('Go', 'v1.2', '1.2.0');
    expect(versioningFor('Go').isValid('v1.2.3.4')).toBe(false);
  });
});

describe('NuGet', () => {
  it('reads four-part versions, leading zeros, and compares pre-releases case-insensitively', () => {
    expectChain('NuGet', ['1.0.0-alpha', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0', '1.0.0.1', '1.0.1']);
    same('NuGet', '1.0.0-BETA', '1.0.0-beta');
    same('NuGet', '1.01', '1.1.0.0');
    same('NuGet', '13.0.1+build', '13.0.1');
  });
});

describe('RubyGems Gem::Version', () => {
  it('makes any letter a pre-release and drops trailing zeros', () => {
    expectChain('RubyGems', ['1.0.a', '1.0.b1', '1.0.rc1', '1.0', '1.0.0.1', '1.0.1']);
    same('RubyGems', '1.0.0', '1');
    same('RubyGems', '1.0-rc1', '1.0.pre.rc1');
  });
});

describe('Composer (Packagist)', () => {
  it('orders stabilities dev < alpha < beta < RC < stable < patch', () => {
    expectChain('Packagist', ['1.0.0-dev', '1.0.0-alpha1', '1.0.0-beta2', '1.0.0-RC1', '1.0.0', '1.0.0-patch1', '1.0.1']);
  });

  it('normalises "v", short versions, and abbreviations', () => {
    same('Packagist', 'v1.2', '1.2.0.0');
    same('Packagist', '1.0.0-b2', '1.0.0-beta2');
    same('Packagist', '1.0.0-pl1', '1.0.0-p1');
    expect(versioningFor('Packagist').isValid('dev-master')).toBe(false);
  });
});

describe('Debian dpkg', () => {
  it('sorts "~" before anything, even the end, and letters before other characters', () => {
    expectChain('Debian:12', ['1.0~~', '1.0~~a', '1.0~', '1.0', '1.0a', '1.0+b1', '1.0.1']);
  });

  it('compares the epoch first, then upstream, then revision', () => {
    expectChain('Debian', ['1.0-1', '1.0-1+deb12u1', '1.0-2', '1.1-1', '1:0.9-1']);
    same('Ubuntu:22.04:LTS', '0:1.0', '1.0');
    same('Debian', '1.0', '1.0-0');
  });
});

describe('Alpine apk', () => {
  it('orders suffixes _alpha < _beta < _pre < _rc < none < _cvs < _svn < _git < _hg < _p, then the revision', () => {
    expectChain('Alpine:v3.19', ['1.2.3_alpha', '1.2.3_beta', '1.2.3_pre', '1.2.3_rc1-r0', '1.2.3_rc2', '1.2.3', '1.2.3-r1', '1.2.3_cvs', '1.2.3_svn', '1.2.3_git', '1.2.3_hg', '1.2.3_p1', '1.2.3a', '1.2.4']);
  });
});

describe('generic fallback', () => {
  it('compares numbers by value and letter runs before numbers, padding with zeros', () => {
    expectChain('GIT', ['v1.0-rc1', '1.0', '1.0.1', '1.2', '1.10', 'v2']);
    same('GIT', '1.0', '1.0.0');
    same('GIT', 'v1.2', '1.2');
  });

  it('has a scheme name callers can print', () => {
    expect(fallback.scheme).toBe('fallback');
    expect(isFallback(fallback)).toBe(true);
  });
});

describe('invalid versions', () => {
  it('sort after every valid one, among themselves by the fallback, and never throw', () => {
    const v = versioningFor('npm');
    const sorted = ['not-a-version-2', '1.0.0', 'garbage-1', '0.1.0'].sort((a, b) => v.compare(a, b));
    expect(sorted).toEqual(['0.1.0', '1.0.0', 'garbage-1', 'not-a-version-2']);
    expect(v.isValid('garbage-1')).toBe(false);
  });
});
