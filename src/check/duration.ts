/** An ISO 8601 duration in years, months, weeks and days (P1Y, P3M, P2W, P30D, P1Y6M); time parts are not accepted. */
export interface Duration {
  years: number;
  months: number;
  weeks: number;
  days: number;
}

/** The default re-review period when a record and the config name none: six months. */
export const DEFAULT_FREQUENCY: Duration = { years: 0, months: 6, weeks: 0, days: 0 };

/** Parse "P1M", "P3M", "P1Y", "P2W", "P1Y6M", "P30D"; undefined for anything else (or a zero duration). */
export function parseDuration(s: string): Duration | undefined {
  const m = /^P(?:(\d{1,4})Y)?(?:(\d{1,4})M)?(?:(\d{1,4})W)?(?:(\d{1,5})D)?$/.exec(s.trim().toUpperCase());
  if (!m || s.trim().length < 3) return undefined;
  const d = { years: Number(m[1] ?? 0), months: Number(m[2] ?? 0), weeks: Number(m[3] ?? 0), days: Number(m[4] ?? 0) };
  if (d.years + d.months + d.weeks + d.days === 0) return undefined;
  return d;
}

/**
 * The date (UTC) a duration after `from`. Years and months are calendar steps clamped to the month's last day
 * (2026-01-31 + P1M = 2026-02-28), then weeks and days are added.
 */
export function addDuration(from: Date, d: Duration): Date {
  const y = from.getUTCFullYear();
  const totalMonths = from.getUTCMonth() + d.months + 12 * d.years;
  const ty = y + Math.floor(totalMonths / 12);
  const tm = ((totalMonths % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(ty, tm + 1, 0)).getUTCDate();
  const day = Math.min(from.getUTCDate(), lastDay);
  const out = new Date(Date.UTC(ty, tm, day, from.getUTCHours(), from.getUTCMinutes(), from.getUTCSeconds()));
  out.setUTCDate(out.getUTCDate() + 7 * d.weeks + d.days);
  return out;
}

/** "P6M" for the default, the ISO text otherwise. */
export function formatDuration(d: Duration): string {
  return `P${d.years ? `${d.years}Y` : ''}${d.months ? `${d.months}M` : ''}${d.weeks ? `${d.weeks}W` : ''}${d.days ? `${d.days}D` : ''}`;
}
