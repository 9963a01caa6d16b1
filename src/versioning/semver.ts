import semver from 'semver';
import { defineScheme } from './define.js';

/**
 * SemVer 2.0 (https://semver.org, §11 precedence) through npm's own `semver` package. Build metadata never changes the
 * order (1.0.0+a = 1.0.0+b = 1.0.0); pre-releases sort before their release.
 */

const compareParsed = (a: semver.SemVer, b: semver.SemVer): number => a.compare(b);

/** npm: loose where npm is loose ("=1.2.3", "v1.2.3", "1.2.3beta", leading zeros). */
export const npmSemver = defineScheme('semver', (v) => semver.parse(v, { loose: true }) ?? undefined, compareParsed);

/** crates.io: the strict grammar Cargo's semver crate accepts (no "v" or "=" prefix, no spaces, no leading zeros). */
export const cratesSemver = defineScheme(
  'semver',
  (v) => (/^\d/.test(v) && !/\s/.test(v) ? (semver.parse(v) ?? undefined) : undefined),
  compareParsed,
);

/** "1" → "1.0.0", "1.2" → "1.2.0" (only when that is the whole version); anything else unchanged. */
export function padShorthand(v: string): string {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(v);
  if (!m) return v;
  return `${m[1]}.${m[2] ?? '0'}.0`;
}

/**
 * OSV's SEMVER range type: SemVer 2.0 whatever the ecosystem. Read leniently, as OSV's own tooling does, so that a
 * package version "v1.2" or "1.2" still compares: a "v" is dropped and a missing minor or patch is 0.
 */
export const semverRanges = defineScheme(
  'semver',
  (v) => {
    const s = v.trim().replace(/^v(?=\d)/, '');
    return semver.parse(padShorthand(s), { loose: true }) ?? undefined;
  },
  compareParsed,
);
