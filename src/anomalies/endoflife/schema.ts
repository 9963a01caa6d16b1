import { z } from 'zod';

/**
 * One release cycle as endoflife.date's API v0 answers `GET /api/{product}.json` (an array of cycles), from the
 * API's OpenAPI description (endoflife-date/endoflife.date, assets/openapi.yml) and the generator that writes it
 * (_plugins/generate-api-v0.rb: every field of the product's release, `releaseCycle` renamed `cycle`, `eoas` written
 * as `support` and `eoes` as `extendedSupport`, `lts` false when absent). Dates are YYYY-MM-DD; `eol`, `support`,
 * `extendedSupport` and `lts` are a date or a boolean; `cycle` is a string (old answers: a number). A field of the
 * wrong type is ignored, not fatal.
 */

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const dateOrBool = z.union([z.string().regex(DAY), z.boolean()]).optional().catch(undefined);
const day = z.string().regex(DAY).optional().catch(undefined);
const text = z.union([z.string().max(200), z.number()]).transform(String).optional().catch(undefined);

export const EolCycle = z.object({
  cycle: z.union([z.string().min(1).max(100), z.number()]).transform(String),
  releaseDate: day,
  eol: dateOrBool,
  latest: text,
  latestReleaseDate: day,
  lts: dateOrBool,
  support: dateOrBool,
  extendedSupport: dateOrBool,
  codename: z.string().max(200).optional().catch(undefined),
  link: z.string().max(2000).nullish().catch(undefined),
});
export type EolCycle = z.infer<typeof EolCycle>;
