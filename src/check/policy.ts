import { LicensePolicy } from '../model/config.js';
import type { Config } from '../model/config.js';
import { TureenError } from '../model/errors.js';
import { recordsSettings } from '../config/init.js';

/**
 * `licensePolicy` (in the Config schema; validated again here because check also takes configs that did not come
 * through the loader):
 *
 * ```yaml
 * licensePolicy:
 *   deny: [GPL-3.0-only, AGPL-3.0-only]   # an item whose licence needs one of these is an error
 *   allow: [MIT, Apache-2.0, BSD-3-Clause] # when given, anything else is a warning
 * ```
 */
export { LicensePolicy };

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
  return recordsSettings((config ?? {}) as Config).folder;
}

/** The default surveillance frequency from a loaded config (`defaults.surveillance.frequency`), if any. */
export function defaultFrequencyFrom(config: unknown): string | undefined {
  const d = config && typeof config === 'object' ? (config as Record<string, unknown>).defaults : undefined;
  const s = d && typeof d === 'object' ? (d as Record<string, unknown>).surveillance : undefined;
  const f = s && typeof s === 'object' ? (s as Record<string, unknown>).frequency : undefined;
  return typeof f === 'string' ? f : undefined;
}
