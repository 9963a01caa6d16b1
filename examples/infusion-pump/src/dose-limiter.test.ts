import { describe, expect, it } from 'vitest';
import { checkRate, DrugLimits } from './dose-limiter.js';

const heparin = DrugLimits.parse({ drug: 'heparin', unit: 'mL/h', softMaxRate: 20, hardMaxRate: 40, maxBolusVolume: 2 });

describe('checkRate', () => {
  it('refuses a rate above the hard limit even when confirmed', () => {
    expect(checkRate(41, heparin, true).kind).toBe('reject');
  });
  it('asks for confirmation above the soft limit', () => {
    expect(checkRate(25, heparin, false).kind).toBe('confirm');
    expect(checkRate(25, heparin, true)).toEqual({ kind: 'accept', rate: 25 });
  });
  it('never rounds a rate up', () => {
    expect(checkRate(12.37, heparin, false)).toEqual({ kind: 'accept', rate: 12.3 });
  });
});
