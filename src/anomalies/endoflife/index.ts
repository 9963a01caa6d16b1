import { HttpClient, RegistryError } from '../../net/http.js';
import { parseJson } from '../../util/json.js';
import { readArray } from '../paging.js';
import { EolCycle } from './schema.js';

export { eolProductFor, type EolTarget } from './products.js';

/**
 * End of life of a product's release cycle from endoflife.date (API v0: `GET /api/{product}.json`, the documented,
 * stable endpoint; see schema.ts). The cycle is the longest one whose name is a prefix of the version, so products
 * with major cycles (nodejs "20") and major.minor cycles (python "3.12", django "5.1") are both read right.
 */

export const ENDOFLIFE_BASE = 'https://endoflife.date';

export interface EndOfLife {
  product: string;
  cycle: string;
  /** end-of-life date, or true (ended, no date) / false (no end announced) */
  eol?: string | boolean;
  /** end of active support (bug fixes): a date, or true (still active) / false (ended) */
  support?: string | boolean;
  /** end of extended (often commercial) support */
  extendedSupport?: string | boolean;
  lts?: string | boolean;
  /** the newest release of the cycle */
  latest?: string;
  latestReleaseDate?: string;
  releaseDate?: string;
  /** false once end of life is reached */
  supported: boolean;
  reason: string;
  /** the product's page on endoflife.date */
  url: string;
}

export interface EndOfLifeOptions {
  http?: HttpClient;
  /** default https://endoflife.date */
  baseUrl?: string;
}

const PRODUCT = /^[a-z0-9][a-z0-9._-]{0,99}$/;

function parts(v: string): string[] {
  return v.trim().replace(/^v(?=\d)/i, '').split('.');
}

function samePart(a: string, b: string): boolean {
  return /^\d+$/.test(a) && /^\d+$/.test(b) ? Number(a) === Number(b) : a.toLowerCase() === b.toLowerCase();
}

/** The cycle a version belongs to: the longest cycle name that is a dotted prefix of it ("3.12.4" → "3.12", not "3.1"). */
export function pickCycle(cycles: readonly EolCycle[], version: string): EolCycle | undefined {
  const lead = /^v?(\d+(?:\.\d+)*)/i.exec(version.trim())?.[1];
  if (!lead) return undefined;
  const v = parts(lead);
  let best: EolCycle | undefined;
  let bestLen = 0;
  for (const c of cycles) {
    const p = parts(c.cycle);
    if (p.length > v.length || p.length <= bestLen) continue;
    if (p.every((x, i) => samePart(x, v[i]!))) {
      best = c;
      bestLen = p.length;
    }
  }
  return best;
}

function reached(date: string | boolean | undefined, now: Date): boolean | undefined {
  if (date === true) return true;
  if (date === false || date === undefined) return false;
  const t = Date.parse(date);
  return Number.isNaN(t) ? undefined : t <= now.getTime();
}

/** What a cycle means on `now`: supported or not, and the sentence that says so. */
export function evaluate(product: string, label: string, c: EolCycle, now: Date): EndOfLife {
  const ended = reached(c.eol, now) === true;
  const name = `${label} ${c.cycle}`;
  let reason = c.eol === true ? `${name} has reached end of life`
    : typeof c.eol === 'string' ? `${name} ${ended ? 'reached' : 'reaches'} end of life on ${c.eol}`
      : `${name} has no end-of-life date announced`;
  if (!ended && typeof c.support === 'string' && reached(c.support, now)) reason += `; active support ended on ${c.support} (security fixes only)`;
  if (!ended && c.support === false && c.eol !== false) reason += '; active support has ended (security fixes only)';
  if (ended && typeof c.extendedSupport === 'string' && !reached(c.extendedSupport, now)) reason += `; extended support until ${c.extendedSupport}`;
  if (c.latest) reason += `; latest release of the cycle: ${c.latest}`;
  const out: EndOfLife = { product, cycle: c.cycle, supported: !ended, reason, url: `${ENDOFLIFE_BASE}/${product}` };
  if (c.eol !== undefined) out.eol = c.eol;
  if (c.support !== undefined) out.support = c.support;
  if (c.extendedSupport !== undefined) out.extendedSupport = c.extendedSupport;
  if (c.lts !== undefined) out.lts = c.lts;
  if (c.latest) out.latest = c.latest;
  if (c.latestReleaseDate) out.latestReleaseDate = c.latestReleaseDate;
  if (c.releaseDate) out.releaseDate = c.releaseDate;
  return out;
}

export class EndOfLifeClient {
  private readonly http: HttpClient;
  private readonly base: string;
  /** one request per product per run: a hundred Debian packages share one answer */
  private readonly cache = new Map<string, Promise<EolCycle[] | undefined>>();

  constructor(opts: EndOfLifeOptions = {}) {
    this.http = opts.http ?? new HttpClient({ service: 'endoflife.date' });
    this.base = (opts.baseUrl ?? ENDOFLIFE_BASE).replace(/\/+$/, '');
  }

  /** Every cycle of a product; undefined when endoflife.date does not know it (404). Throws RegistryError otherwise. */
  cycles(product: string): Promise<EolCycle[] | undefined> {
    if (!PRODUCT.test(product)) return Promise.resolve(undefined);
    let p = this.cache.get(product);
    if (!p) {
      p = this.fetch(product);
      this.cache.set(product, p);
      p.catch(() => this.cache.delete(product)); // a failure is not remembered
    }
    return p;
  }

  private async fetch(product: string): Promise<EolCycle[] | undefined> {
    const url = `${this.base}/api/${product}.json`;
    const res = await this.http.get(url);
    if (!res) return undefined;
    let json: unknown;
    try {
      json = parseJson(res.text, url);
    } catch (e) {
      throw new RegistryError({ kind: 'malformed', url, message: `endoflife.date's answer is not JSON (${(e as Error).message})`, cause: e });
    }
    const read = readArray(EolCycle, json);
    if (!read) throw new RegistryError({ kind: 'malformed', url, message: "endoflife.date's answer is not a list of release cycles" });
    return read.items;
  }

  /**
   * The end of life of `version` of the first of `products` endoflife.date knows; undefined when none is known or
   * no cycle holds the version.
   */
  async endOfLife(products: string | readonly string[], version: string, now: Date, label?: string): Promise<EndOfLife | undefined> {
    for (const product of typeof products === 'string' ? [products] : products) {
      const cycles = await this.cycles(product);
      if (!cycles) continue;
      const c = pickCycle(cycles, version);
      return c ? evaluate(product, label ?? product, c, now) : undefined;
    }
    return undefined;
  }
}
