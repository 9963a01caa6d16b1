import { z } from 'zod';

/**
 * FIRST's EPSS API (https://api.first.org/epss): the answer envelope and one score row, as the API documents them
 * (numbers are sent as strings, "0.972240000"; accepted as numbers too).
 */

export const CveId = z.string().regex(/^CVE-\d{4}-\d{4,19}$/, 'expected a CVE id');
export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');

/** A probability or percentile: a decimal in [0, 1], written as a string or a number. */
export const Unit = z
  .union([z.string().regex(/^\s*(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?\s*$/, 'expected a decimal number'), z.number()])
  .transform((v) => Number(v))
  .pipe(z.number().min(0).max(1));

export const EpssRow = z.object({ cve: CveId, epss: Unit, percentile: Unit, date: IsoDate });

export const EpssEnvelope = z.object({
  status: z.string(),
  'status-code': z.union([z.number(), z.string()]).optional(),
  version: z.string().optional(),
  access: z.string().optional(),
  total: z.number().int().min(0),
  offset: z.number().int().min(0),
  limit: z.number().int().min(0),
  data: z.array(z.unknown()).max(100_000),
});
