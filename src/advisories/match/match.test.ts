import { describe, expect, it } from 'vitest';
import { parseOsv, type Osv } from '../osv/schema.js';
import { evaluateAdvisory, matchAdvisory, normalizeRepo, type PackageRef } from './match.js';
import { nearestFix } from './fix.js';

// Records hand-written in the OSV schema (https://ossf.github.io/osv-schema/), parsed by the real schema first.
type Events = Record<string, string>[];
function record(affected: unknown[], extra: Record<string, unknown> = {}): Osv {
  const r = parseOsv({ id: 'TEST-1', modified: '2024-01-01T00:00:00Z', affected, ...extra });
  if (!r.ok) throw new Error(r.problem.message);
  return r.osv;
}
const pkgEntry = (events: Events, type = 'ECOSYSTEM', ecosystem = 'npm', name = 'lib') => ({ package: { ecosystem, name }, ranges: [{ type, events }] });
const npm = (version: string, name = 'lib'): PackageRef => ({ ecosystem: 'npm', name, version });
const affected = (osv: Osv, pkg: PackageRef) => matchAdvisory(osv, pkg) !== undefined;

describe('events', () => {
  it('introduced is inclusive, fixed exclusive', () => {
    const osv = record([pkgEntry([{ introduced: '1.2.0' }, { fixed: '1.4.0' }])]);
    expect(affected(osv, npm('1.1.9'))).toBe(false);
    expect(affected(osv, npm('1.2.0'))).toBe(true);
    expect(affected(osv, npm('1.3.9'))).toBe(true);
    expect(affected(osv, npm('1.4.0-rc.1'))).toBe(true);
    expect(affected(osv, npm('1.4.0'))).toBe(false);
    expect(matchAdvisory(osv, npm('1.3.0'))?.fixed).toEqual(['1.4.0']);
  });

  it('introduced "0" is before every version, and alone means every version', () => {
    const open = record([pkgEntry([{ introduced: '0' }])]);
    expect(affected(open, npm('0.0.0-alpha'))).toBe(true);
    expect(affected(open, npm('99.0.0'))).toBe(true);
    expect(matchAdvisory(open, npm('1.0.0'))?.fixed).toEqual([]);
  });

  it('last_affected is inclusive and has no fix', () => {
    const osv = record([pkgEntry([{ introduced: '0' }, { last_affected: '1.11.0' }])]);
    expect(affected(osv, npm('1.11.0'))).toBe(true);
    expect(affected(osv, npm('1.11.1'))).toBe(false);
    expect(matchAdvisory(osv, npm('1.0.0'))?.fixed).toEqual([]);
    expect(nearestFix(npm('1.0.0'), [matchAdvisory(osv, npm('1.0.0'))!])).toBeUndefined();
  });

  it('limit bounds the whole range, "*" is infinity, and any one limit above the version lets it through', () => {
    const limited = record([pkgEntry([{ introduced: '1.0.0' }, { limit: '2.0.0' }])]);
    expect(affected(limited, npm('1.9.9'))).toBe(true);
    expect(affected(limited, npm('2.0.0'))).toBe(false);
    expect(affected(limited, npm('3.0.0'))).toBe(false);
    const star = record([pkgEntry([{ introduced: '1.0.0' }, { limit: '*' }])]);
    expect(affected(star, npm('9.0.0'))).toBe(true);
    const two = record([pkgEntry([{ introduced: '1.0.0' }, { limit: '2.0.0' }, { limit: '4.0.0' }])]);
    expect(affected(two, npm('3.0.0'))).toBe(true);
    expect(affected(two, npm('4.0.0'))).toBe(false);
  });

  it('several introduced/fixed pairs in one range, and contiguous pairs', () => {
    const osv = record([pkgEntry([{ introduced: '1.0.0' }, { fixed: '1.5.0' }, { introduced: '2.0.0' }, { fixed: '2.5.0' }, { introduced: '2.5.0' }, { fixed: '3.0.0' }])]);
    expect(affected(osv, npm('0.9.0'))).toBe(false);
    expect(affected(osv, npm('1.2.0'))).toBe(true);
    expect(affected(osv, npm('1.7.0'))).toBe(false);
    expect(affected(osv, npm('2.5.0'))).toBe(true); // fixed in 2.5.0 but introduced again at 2.5.0
    expect(matchAdvisory(osv, npm('1.2.0'))?.fixed).toEqual(['1.5.0']);
    expect(matchAdvisory(osv, npm('2.1.0'))?.fixed).toEqual(['2.5.0']);
    expect(matchAdvisory(osv, npm('2.6.0'))?.fixed).toEqual(['3.0.0']);
    expect(affected(osv, npm('3.0.0'))).toBe(false);
  });

  it('sorts unsorted events by version before evaluating', () => {
    const osv = record([pkgEntry([{ fixed: '2.5.0' }, { introduced: '2.0.0' }, { fixed: '1.5.0' }, { introduced: '0' }])]);
    expect(affected(osv, npm('1.0.0'))).toBe(true);
    expect(affected(osv, npm('1.6.0'))).toBe(false);
    expect(affected(osv, npm('2.1.0'))).toBe(true);
    expect(matchAdvisory(osv, npm('1.0.0'))?.fixed).toEqual(['1.5.0']);
  });

  it('orders ECOSYSTEM events by the ecosystem (Maven: 2.13.4.1 < 2.13.10) and SEMVER events by SemVer', () => {
    const maven = record([pkgEntry([{ introduced: '2.13.4.1' }, { fixed: '2.13.10' }], 'ECOSYSTEM', 'Maven', 'g:a')]);
    const ref = (version: string): PackageRef => ({ ecosystem: 'Maven', name: 'g:a', version });
    expect(affected(maven, ref('2.13.5'))).toBe(true);
    expect(affected(maven, ref('2.13.4'))).toBe(false);
    // a Go record with a SEMVER range, as the Go vulnerability database writes them (no "v")
    const go = record([pkgEntry([{ introduced: '0' }, { fixed: '0.17.0' }], 'SEMVER', 'Go', 'golang.org/x/net')]);
    const goRef = (version: string): PackageRef => ({ ecosystem: 'Go', name: 'golang.org/x/net', version });
    expect(affected(go, goRef('v0.16.0'))).toBe(true);
    expect(affected(go, goRef('v0.17.0'))).toBe(false);
    expect(nearestFix(goRef('v0.16.0'), [matchAdvisory(go, goRef('v0.16.0'))!])).toBe('v0.17.0');
  });
});

describe('affected entries, ranges and versions', () => {
  it('matches any of several ranges and several entries, and reports the entries and fixes that matched', () => {
    const a0 = pkgEntry([{ introduced: '0' }, { fixed: '1.0.0' }]);
    const a1 = { package: { ecosystem: 'npm', name: 'lib' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '2.0.0' }, { fixed: '2.1.0' }] }, { type: 'ECOSYSTEM', events: [{ introduced: '2.0.5' }, { fixed: '2.2.0' }] }] };
    const other = pkgEntry([{ introduced: '0' }], 'ECOSYSTEM', 'npm', 'other');
    const osv = record([a0, a1, other]);
    const m = matchAdvisory(osv, npm('2.0.7'))!;
    expect(m.affected).toEqual([osv.affected![1]]);
    expect(m.fixed).toEqual(['2.1.0', '2.2.0']);
    expect(nearestFix(npm('2.0.7'), [m])).toBe('2.2.0'); // 2.1.0 is still in the second range
    expect(matchAdvisory(osv, npm('0.5.0'))!.affected).toEqual([osv.affected![0]]);
  });

  it('matches a listed version, also when written differently but equal in the ecosystem', () => {
    const osv = record([{ package: { ecosystem: 'PyPI', name: 'requests' }, versions: ['2.0', '2.1.0'] }]);
    const py = (version: string): PackageRef => ({ ecosystem: 'PyPI', name: 'requests', version });
    expect(matchAdvisory(osv, py('2.0'))?.how).toBe('versions');
    expect(matchAdvisory(osv, py('2.0.0'))?.how).toBe('versions');
    expect(matchAdvisory(osv, py('2.1'))?.how).toBe('versions');
    expect(matchAdvisory(osv, py('2.0.1'))).toBeUndefined();
  });

  it('prefers "range" as the evidence when both a range and the versions list match', () => {
    const osv = record([{ package: { ecosystem: 'npm', name: 'lib' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '2.0.0' }] }], versions: ['1.0.0'] }]);
    expect(matchAdvisory(osv, npm('1.0.0'))?.how).toBe('range');
  });

  it('compares names as the ecosystem does (PEP 503, NuGet case-insensitive, npm exact)', () => {
    const py = record([pkgEntry([{ introduced: '0' }], 'ECOSYSTEM', 'PyPI', 'zope.interface')]);
    expect(affected(py, { ecosystem: 'PyPI', name: 'Zope_Interface', version: '1.0' })).toBe(true);
    const nuget = record([pkgEntry([{ introduced: '0' }], 'ECOSYSTEM', 'NuGet', 'Newtonsoft.Json')]);
    expect(affected(nuget, { ecosystem: 'NuGet', name: 'newtonsoft.json', version: '1.0.0' })).toBe(true);
    const n = record([pkgEntry([{ introduced: '0' }], 'ECOSYSTEM', 'npm', 'Lib')]);
    expect(affected(n, npm('1.0.0', 'lib'))).toBe(false);
    expect(affected(n, { ecosystem: 'PyPI', name: 'Lib', version: '1.0' })).toBe(false);
  });

  it('matches OS packages by release and by source package', () => {
    const osv = record([pkgEntry([{ introduced: '0' }, { fixed: '2.36-9+deb12u4' }], 'ECOSYSTEM', 'Debian:12', 'glibc')]);
    const libc = (ecosystem: string, version: string): PackageRef => ({ ecosystem, name: 'libc6', sourceName: 'glibc', version });
    const m = matchAdvisory(osv, libc('Debian:12', '2.36-9+deb12u3'))!;
    expect(m.by).toBe('source');
    expect(m.fixed).toEqual(['2.36-9+deb12u4']);
    expect(affected(osv, libc('Debian:12', '2.36-9+deb12u10'))).toBe(false); // dpkg order: u10 > u4
    expect(affected(osv, libc('Debian:11', '2.31-13'))).toBe(false);
    const bare = record([pkgEntry([{ introduced: '0' }], 'ECOSYSTEM', 'Debian', 'glibc')]);
    expect(affected(bare, libc('Debian:12', '2.36-9'))).toBe(true); // "Debian:12" also reads "Debian" advisories
    const alpine = record([pkgEntry([{ introduced: '0' }, { fixed: '3.1.4-r1' }], 'ECOSYSTEM', 'Alpine:v3.19', 'openssl')]);
    expect(matchAdvisory(alpine, { ecosystem: 'Alpine:3.19', name: 'libcrypto3', sourceName: 'openssl', version: '3.1.4-r0' })?.by).toBe('source');
  });

  it('says "name" when one entry names the package and another its source', () => {
    const osv = record([pkgEntry([{ introduced: '0' }], 'ECOSYSTEM', 'Debian:12', 'glibc'), pkgEntry([{ introduced: '0' }], 'ECOSYSTEM', 'Debian:12', 'libc6')]);
    expect(matchAdvisory(osv, { ecosystem: 'Debian:12', name: 'libc6', sourceName: 'glibc', version: '2.36-9' })?.by).toBe('name');
  });
});

describe('what never matches', () => {
  it('a withdrawn record', () => {
    const osv = record([pkgEntry([{ introduced: '0' }])], { withdrawn: '2024-02-01T00:00:00Z' });
    expect(matchAdvisory(osv, npm('1.0.0'))).toBeUndefined();
  });

  it('a record without affected entries, or for another ecosystem', () => {
    expect(matchAdvisory(record([]), npm('1.0.0'))).toBeUndefined();
    expect(matchAdvisory(record([pkgEntry([{ introduced: '0' }], 'ECOSYSTEM', 'PyPI', 'lib')]), npm('1.0.0'))).toBeUndefined();
  });
});

describe('unreadable versions never crash, and say so', () => {
  it('skips a range with an unreadable event, still matches by another, and keeps the warning', () => {
    const osv = record([{ package: { ecosystem: 'npm', name: 'lib' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: 'not-a-version' }, { fixed: '3.0.0' }] }, { type: 'ECOSYSTEM', events: [{ introduced: '1.0.0' }, { fixed: '2.0.0' }] }] }]);
    const m = matchAdvisory(osv, npm('1.5.0'))!;
    expect(m.fixed).toEqual(['2.0.0']);
    expect(m.warnings).toEqual(['TEST-1 affected[0].ranges[0] skipped: its introduced "not-a-version" is not a semver version']);
    const e = evaluateAdvisory(osv, npm('2.5.0'));
    expect(e.match).toBeUndefined();
    expect(e.warnings).toHaveLength(1);
  });

  it('does not evaluate ranges for a package version the ecosystem cannot read, and says so', () => {
    const osv = record([pkgEntry([{ introduced: '0' }, { fixed: '2.0' }], 'ECOSYSTEM', 'PyPI', 'lib')]);
    const e = evaluateAdvisory(osv, { ecosystem: 'PyPI', name: 'lib', version: '1.0-SNAPSHOT' });
    expect(e.match).toBeUndefined();
    expect(e.warnings).toEqual(['TEST-1 affected[0].ranges[0] not evaluated: "1.0-SNAPSHOT" is not a pep440 version']);
  });
});

describe('GIT ranges', () => {
  const repo = 'https://github.com/madler/zlib.git';
  const intro = 'a'.repeat(40);
  const fix = 'b'.repeat(40);
  const osv = record([{ ranges: [{ type: 'GIT', repo, events: [{ introduced: intro }, { fixed: fix }] }], versions: ['v1.2.11'] }]);
  const git = (version: string, commit?: string): PackageRef => ({ ecosystem: 'GIT', name: 'madler/zlib', version, ...(commit ? { commit } : {}) });

  it('matches the introducing commit and not the fixing one', () => {
    expect(matchAdvisory(osv, git('v1.2.12', intro.toUpperCase()))?.how).toBe('git');
    expect(matchAdvisory(osv, git('v1.2.13', fix))).toBeUndefined();
  });

  it('cannot decide other commits (no history walk) and says so', () => {
    const e = evaluateAdvisory(osv, git('v1.2.12', 'c'.repeat(40)));
    expect(e.match).toBeUndefined();
    expect(e.warnings[0]).toContain('commit ancestry is not known');
  });

  it('still matches a listed tag, with or without "v", and ignores GIT ranges without a commit', () => {
    expect(matchAdvisory(osv, git('v1.2.11'))?.how).toBe('versions');
    expect(matchAdvisory(osv, git('1.2.11'))?.how).toBe('versions');
    expect(evaluateAdvisory(osv, git('v1.3.0')).warnings).toEqual([]);
  });

  it('reduces repository URLs for comparison', () => {
    expect(normalizeRepo('https://github.com/Madler/zlib.git/')).toBe('github.com/madler/zlib');
    expect(normalizeRepo('git@github.com:madler/zlib.git')).toBe('github.com/madler/zlib');
  });
});

describe('nearestFix', () => {
  it('takes the least fix that no matched record still affects', () => {
    const a = record([pkgEntry([{ introduced: '0' }, { fixed: '1.5.0' }])], { id: 'A' });
    const b = record([pkgEntry([{ introduced: '1.4.0' }, { fixed: '1.6.0' }])], { id: 'B' });
    const pkg = npm('1.4.2');
    const matches = [matchAdvisory(a, pkg)!, matchAdvisory(b, pkg)!];
    expect(nearestFix(pkg, matches)).toBe('1.6.0');
  });

  it('is undefined when every known fix is still affected or none is known', () => {
    const a = record([pkgEntry([{ introduced: '0' }, { fixed: '1.5.0' }])], { id: 'A' });
    const b = record([pkgEntry([{ introduced: '1.0.0' }])], { id: 'B' });
    const pkg = npm('1.2.0');
    expect(nearestFix(pkg, [matchAdvisory(a, pkg)!, matchAdvisory(b, pkg)!])).toBeUndefined();
    expect(nearestFix(pkg, [])).toBeUndefined();
  });
});
