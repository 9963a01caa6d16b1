/**
 * A time stamp as a key that sorts like the instant it names. OSV's `modified` is RFC 3339 (OSV's own exports write
 * nanoseconds; GitHub's advisories write seconds or milliseconds; a supplier may write an offset), NVD's
 * `lastModified` has no zone at all (it is UTC). Comparing the strings as written would order "…:00Z" after
 * "…:00.5Z" and "+02:00" wrongly, and Date keeps milliseconds only, which would call a record modified 200 µs later
 * "unchanged".
 */
const STAMP = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:\d{2})?$/;

/**
 * "YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ" in UTC, or undefined for anything that is not a real date-time. A missing zone is
 * read as UTC (NVD writes none). Digits beyond nanoseconds are dropped.
 */
export function timeKey(stamp: string): string | undefined {
  const m = STAMP.exec(stamp);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const parts = [y, mo, d, h, mi, s].map(Number) as [number, number, number, number, number, number];
  const [year, month, day, hour, minute, second] = parts;
  const local = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(local);
  // Date.UTC rolls 2023-02-30 over into March; a date that does not exist is not a date
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || check.getUTCHours() !== hour || check.getUTCMinutes() !== minute || check.getUTCSeconds() !== second) return undefined;
  let offsetMin = 0;
  if (zone && zone !== 'Z' && zone !== 'z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const oh = Number(zone.slice(1, 3));
    const om = Number(zone.slice(4, 6));
    if (oh > 23 || om > 59) return undefined;
    offsetMin = sign * (oh * 60 + om);
  }
  const utc = new Date(local - offsetMin * 60_000);
  if (Number.isNaN(utc.getTime()) || utc.getUTCFullYear() < 1 || utc.getUTCFullYear() > 9999) return undefined;
  return `${utc.toISOString().slice(0, 19)}.${(frac ?? '').slice(0, 9).padEnd(9, '0')}Z`;
}
