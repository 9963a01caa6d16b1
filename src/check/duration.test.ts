import { describe, expect, it } from 'vitest';
import { addDuration, formatDuration, parseDuration } from './duration.js';

describe('ISO 8601 durations', () => {
  it('parses years, months, weeks, days', () => {
    expect(parseDuration('P1M')).toEqual({ years: 0, months: 1, weeks: 0, days: 0 });
    expect(parseDuration('P1Y6M')).toEqual({ years: 1, months: 6, weeks: 0, days: 0 });
    expect(parseDuration('P2W')).toEqual({ years: 0, months: 0, weeks: 2, days: 0 });
    expect(parseDuration('p30d')).toEqual({ years: 0, months: 0, weeks: 0, days: 30 });
    for (const bad of ['', 'P', 'P0M', '1M', 'PT1H', 'P1.5M', 'monthly', 'P1M2Y']) expect(parseDuration(bad), bad).toBeUndefined();
  });
  it('adds calendar months clamped to the month end, then weeks and days', () => {
    const d = (s: string) => new Date(`${s}T00:00:00Z`);
    const iso = (x: Date) => x.toISOString().slice(0, 10);
    expect(iso(addDuration(d('2026-01-31'), parseDuration('P1M')!))).toBe('2026-02-28');
    expect(iso(addDuration(d('2028-01-31'), parseDuration('P1M')!))).toBe('2028-02-29');
    expect(iso(addDuration(d('2026-11-20'), parseDuration('P3M')!))).toBe('2027-02-20');
    expect(iso(addDuration(d('2026-05-26'), parseDuration('P6M')!))).toBe('2026-11-26');
    expect(iso(addDuration(d('2024-02-29'), parseDuration('P1Y')!))).toBe('2025-02-28');
    expect(iso(addDuration(d('2026-12-25'), parseDuration('P2W')!))).toBe('2027-01-08');
    expect(iso(addDuration(d('2026-12-31'), parseDuration('P1Y2M1D')!))).toBe('2028-03-01');
    expect(formatDuration(parseDuration('P1Y2M3W4D')!)).toBe('P1Y2M3W4D');
  });
});
