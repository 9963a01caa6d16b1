import { defineScheme } from './define.js';

/**
 * NuGet versions, hand-written: no maintained npm library implements NuGet.Versioning. It follows NuGet's rules
 * (https://learn.microsoft.com/nuget/concepts/package-versioning) as NuGet.Versioning implements them
 * (NuGetVersion.TryParse and VersionComparer.Default in NuGet/NuGet.Client), checked against the cases of NuGet's
 * own test suite (fixtures/nuget/nuget-client-cases.tsv, with their origin):
 * - one to four numbers ("1" = "1.0" = "1.0.0" = "1.0.0.0"), leading zeros allowed ("1.01" = "1.1"), each at most
 *   2^31-1; surrounding blanks ignored;
 * - then "-" and dot-separated pre-release labels of [0-9A-Za-z-], numeric labels without leading zeros;
 *   then "+" and build metadata, ignored for order;
 * - order: the four numbers, then a pre-release before its release, labels left to right — numeric labels by value
 *   and before alphanumeric ones, alphanumeric ones case-insensitively ("1.0.0-BETA" = "1.0.0-beta"), fewer labels
 *   first.
 */

interface NuGetVersion {
  parts: [number, number, number, number];
  labels: string[] | undefined;
}

const INT_MAX = 2147483647;

function validLabel(s: string, allowLeadingZeros: boolean): boolean {
  if (s === '' || !/^[0-9A-Za-z-]+$/.test(s)) return false;
  return allowLeadingZeros || !/^0\d+$/.test(s);
}

export function parseNuGet(input: string): NuGetVersion | undefined {
  const v = input.trim();
  // sections: version, then "-labels", then "+metadata" (the first "-" or "+" ends the version part)
  const m = /^([^-+]*)(?:-([^+]*))?(?:\+(.*))?$/.exec(v);
  if (!m) return undefined;
  const [, version = '', labels, metadata] = m;
  if (!/^\d+(\.\d+){0,3}$/.test(version)) return undefined;
  const nums = version.split('.').map((p) => Number(p));
  if (nums.some((n) => !Number.isSafeInteger(n) || n > INT_MAX)) return undefined;
  if (labels !== undefined && !labels.split('.').every((l) => validLabel(l, false))) return undefined;
  if (metadata !== undefined && !metadata.split('.').every((l) => validLabel(l, true))) return undefined;
  return {
    parts: [nums[0] ?? 0, nums[1] ?? 0, nums[2] ?? 0, nums[3] ?? 0],
    labels: labels === undefined ? undefined : labels.split('.'),
  };
}

/** int.TryParse as VersionComparer uses it: an optional sign and digits within Int32. */
function asInt(s: string): number | undefined {
  if (!/^-?\d+$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isSafeInteger(n) && n <= INT_MAX && n >= -INT_MAX - 1 ? n : undefined;
}

function compareLabel(a: string, b: string): number {
  const x = asInt(a);
  const y = asInt(b);
  if (x !== undefined && y !== undefined) return x - y;
  if (x !== undefined) return -1;
  if (y !== undefined) return 1;
  // StringComparer.OrdinalIgnoreCase: compares upper-cased UTF-16 code units
  const ua = a.toUpperCase();
  const ub = b.toUpperCase();
  return ua < ub ? -1 : ua > ub ? 1 : 0;
}

export function compareNuGet(a: NuGetVersion, b: NuGetVersion): number {
  for (let i = 0; i < 4; i++) {
    const d = a.parts[i]! - b.parts[i]!;
    if (d !== 0) return d;
  }
  if (a.labels && !b.labels) return -1;
  if (!a.labels && b.labels) return 1;
  if (a.labels && b.labels) {
    const n = Math.max(a.labels.length, b.labels.length);
    for (let i = 0; i < n; i++) {
      const x = a.labels[i];
      const y = b.labels[i];
      if (x === undefined) return -1;
      if (y === undefined) return 1;
      const c = compareLabel(x, y);
      if (c !== 0) return c;
    }
  }
  return 0;
}

export const nugetVersioning = defineScheme('nuget', parseNuGet, compareNuGet);
