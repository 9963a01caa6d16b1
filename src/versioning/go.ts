import semver from 'semver';
import { defineScheme } from './define.js';
import { padShorthand } from './semver.js';

/**
 * Go modules (https://go.dev/ref/mod#versions, golang.org/x/mod/semver): SemVer 2.0 with a "v" prefix, the shorthands
 * "v1" = "v1.0.0" and "v1.2" = "v1.2.0", build metadata ignored (so "v2.0.0+incompatible" = "v2.0.0"). Pseudo-versions
 * (v0.0.0-20191109021931-daa7c04131f5, vX.Y.Z-pre.0.yyyymmddhhmmss-hash, vX.Y.(Z+1)-0.yyyymmddhhmmss-hash) are ordinary
 * pre-releases, so they order as Go orders them. OSV's Go records write versions without the "v"; both are read.
 * Numbers above 2^53 are not read (npm's semver limit); Go allows them, no real module uses them.
 */
export const goVersioning = defineScheme(
  'go',
  (v) => {
    if (/\s/.test(v)) return undefined;
    const s = v.startsWith('v') ? v.slice(1) : v;
    if (!/^\d/.test(s)) return undefined;
    return semver.parse(padShorthand(s)) ?? undefined;
  },
  (a, b) => a.compare(b),
);
