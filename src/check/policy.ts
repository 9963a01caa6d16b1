import { z } from 'zod';
import { TureenError } from '../model/errors.js';

/**
 * Check-only config keys, read from the config as passthrough data until they move into the Config schema:
 *
 * ```yaml
 * licensePolicy:
 *   deny: [GPL-3.0-only, AGPL-3.0-only]   # an item whose licence needs one of these is an error
 *   allow: [MIT, Apache-2.0, BSD-3-Clause] # when given, anything else is a warning
 * ```
 */
export const LicensePolicy = z.object({
  deny: z.array(z.string().min(1)).optional().describe('SPDX licence ids that must not ship: an item that can only be used under one of them is an error'),
  allow: z.array(z.string().min(1)).optional().describe('SPDX licence ids accepted without review: when given, an item whose licence is not allowed is a warning'),
}).strict();
export type LicensePolicy = z.infer<typeof LicensePolicy>;

/** `licensePolicy` from a loaded config (passthrough data), validated; absent → undefined. */
export function licensePolicyFrom(config: unknown, file = 'tureen.config.yaml'): LicensePolicy | undefined {
  const raw = config && typeof config === 'object' ? (config as Record<string, unknown>).licensePolicy : undefined;
  if (raw === undefined || raw === null) return undefined;
  const r = LicensePolicy.safeParse(raw);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const key = ['licensePolicy', ...issue.path.map(String)].join('.');
  throw new TureenError({
    code: 'config.invalid', file, place: { key },
    message: `${key}: ${issue.message}`,
    fix: 'Write licensePolicy as { deny: [SPDX ids], allow: [SPDX ids] }, e.g. deny: [GPL-3.0-only].',
  });
}

/** The record folder from a loaded config (`records.folder`), default `soup`. */
export function recordsFolderFrom(config: unknown): string {
  const records = config && typeof config === 'object' ? (config as Record<string, unknown>).records : undefined;
  const folder = records && typeof records === 'object' ? (records as Record<string, unknown>).folder : undefined;
  return typeof folder === 'string' && folder.trim() ? folder : 'soup';
}

/** The default surveillance frequency from a loaded config (`defaults.surveillance.frequency`), if any. */
export function defaultFrequencyFrom(config: unknown): string | undefined {
  const d = config && typeof config === 'object' ? (config as Record<string, unknown>).defaults : undefined;
  const s = d && typeof d === 'object' ? (d as Record<string, unknown>).surveillance : undefined;
  const f = s && typeof s === 'object' ? (s as Record<string, unknown>).frequency : undefined;
  return typeof f === 'string' ? f : undefined;
}
