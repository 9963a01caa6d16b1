import { z } from 'zod';

/**
 * Hard and soft limits of the drug library entry in use. A rate above the soft limit needs a clinician's
 * confirmation; a rate above the hard limit is refused whatever the UI sends (risk control RC-12).
 */
export const DrugLimits = z.object({
  drug: z.string().min(1),
  unit: z.enum(['mL/h']),
  softMaxRate: z.number().positive(),
  hardMaxRate: z.number().positive(),
  maxBolusVolume: z.number().nonnegative(),
}).refine((l) => l.softMaxRate <= l.hardMaxRate, { message: 'soft limit above hard limit' });
export type DrugLimits = z.infer<typeof DrugLimits>;

export type RateDecision =
  | { kind: 'accept'; rate: number }
  | { kind: 'confirm'; rate: number; reason: string }
  | { kind: 'reject'; reason: string };

/** Pump mechanism limit (mL/h), independent of the drug library. */
export const MECHANISM_MAX_RATE = 999;

export function checkRate(requested: number, limits: DrugLimits, confirmed: boolean): RateDecision {
  if (!Number.isFinite(requested) || requested <= 0) {
    return { kind: 'reject', reason: `rate must be a positive number, got ${requested}` };
  }
  const hard = Math.min(limits.hardMaxRate, MECHANISM_MAX_RATE);
  if (requested > hard) {
    return { kind: 'reject', reason: `${requested} ${limits.unit} exceeds the hard limit ${hard} ${limits.unit} for ${limits.drug}` };
  }
  if (requested > limits.softMaxRate && !confirmed) {
    return { kind: 'confirm', rate: requested, reason: `above the soft limit ${limits.softMaxRate} ${limits.unit}` };
  }
  // The motor steps in 0.1 mL/h increments: never round up past what was asked.
  return { kind: 'accept', rate: Math.floor(requested * 10) / 10 };
}
