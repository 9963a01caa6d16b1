import { HttpClient, RegistryError } from '../../net/http.js';
import { TureenError, malformed } from '../../model/errors.js';
import { parseCpe, vendorProductPrefix } from './cpe.js';
import { cpeAffects, type CpeAffects, type CpeAffectsOptions, type VersionCompare } from './match.js';
import { CveIdPattern, NvdPage, parseNvdCve, type NvdCve } from './schema.js';

export { cpeAffects, type CpeAffects, type CpeAffectsOptions, type CpeMatchHit, type VersionCompare } from './match.js';
export { nvdToOsvLike, nvdTime } from './osv-like.js';
export { parseCpe, attributeMatches, vendorProductPrefix, type Cpe, type CpeValue } from './cpe.js';
export { parseNvdCve, type NvdCve, type NvdConfiguration, type NvdNode, type NvdCpeMatch, type NvdMetric } from './schema.js';

/**
 * NVD's CVE API 2.0 (https://nvd.nist.gov/developers/vulnerabilities): the CVEs whose applicability statements
 * name a product's CPE, paged with startIndex/resultsPerPage, paced to NVD's rate limit. NVD allows 5 requests
 * in a rolling 30 s window without an API key and 50 with one (its "start here" page now says 10 and 100 per
 * 60 s: the same average rate); a request every 6 s, or 0.6 s with a key, stays inside either.
 */

export const NVD_API_BASE = 'https://services.nvd.nist.gov/rest/json/cves/2.0';
/** NVD refuses resultsPerPage above 2000 for CVEs. */
export const NVD_MAX_PAGE = 2000;
/** The pause between two requests: 30 s / 5 without a key, 30 s / 50 with one. */
export const NVD_INTERVAL_MS = { withoutKey: 6000, withKey: 600 } as const;
/** NVD's longest lastModStartDate–lastModEndDate range. */
const MAX_RANGE_MS = 120 * 24 * 3600 * 1000;

export interface NvdOptions {
  /** When given, its pacing is the caller's (see nvdHttp); the API key is still sent with each request. */
  http?: HttpClient;
  /** Default https://services.nvd.nist.gov/rest/json/cves/2.0 */
  baseUrl?: string;
  now?: () => Date;
  /** NVD API key, sent in the `apiKey` header. Default: the NVD_API_KEY environment variable. */
  apiKey?: string;
  /** Where NVD_API_KEY is read. Default process.env. */
  env?: Record<string, string | undefined>;
  /** Default 2000 (NVD's maximum). */
  resultsPerPage?: number;
  /** More CVEs than this for one query is refused as too large. Default 50 000. */
  maxResults?: number;
  /** How to wait (pacing of the default client and the wait after a 403); tests inject it. */
  sleep?: (ms: number) => Promise<void>;
  /** The clock of the default client's pacing, in ms; tests inject it. */
  clock?: () => number;
  /** Wait after a 403 before asking again: NVD's rolling window. Default 30 000 ms. */
  forbiddenWaitMs?: number;
  /** Attempts when NVD answers 403 (its rate-limit answer), the first included. Default 3. */
  forbiddenAttempts?: number;
}

export interface CvesByCpeOptions {
  /**
   * "virtual" (default): virtualMatchString with the CPE's vendor:product prefix, so that the CVEs of every
   * version come back and are matched locally (cpeAffects); "cpeName": the exact CPE name, as NVD's dictionary
   * has it (NVD matches the version itself; a name absent from the dictionary returns nothing or 404).
   */
  match?: 'virtual' | 'cpeName';
  /** Only CVEs modified since then (lastModStartDate/lastModEndDate, split into NVD's 120-day ranges). */
  modifiedSince?: Date;
  /** Rejected CVEs are left out (noRejected) unless this is true. */
  includeRejected?: boolean;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The NVD API key to use: the option, else NVD_API_KEY; undefined when neither is set. Refuses a key with spaces or control characters. */
export function nvdApiKey(opts: Pick<NvdOptions, 'apiKey' | 'env'> = {}): string | undefined {
  const raw = opts.apiKey ?? (opts.env ?? process.env).NVD_API_KEY;
  const key = raw?.trim();
  if (!key) return undefined;
  if (!/^[\x21-\x7e]{1,200}$/.test(key)) {
    throw new TureenError({ code: 'usage', message: 'the NVD API key contains spaces or characters that cannot go into an HTTP header', fix: 'Copy the key exactly as NVD sent it (a UUID) into NVD_API_KEY.' });
  }
  return key;
}

/** An HttpClient paced for NVD: one request at a time, 6 s apart without a key, 0.6 s apart with one. */
export function nvdHttp(opts: { apiKey?: string; sleep?: (ms: number) => Promise<void>; clock?: () => number } = {}): HttpClient {
  return new HttpClient({
    service: 'NVD',
    concurrency: 1,
    minIntervalMs: opts.apiKey ? NVD_INTERVAL_MS.withKey : NVD_INTERVAL_MS.withoutKey,
    // a 2000-CVE page with full configurations is tens of MB
    maxBytes: 200 * 1024 * 1024,
    timeoutMs: 120_000,
    ...(opts.sleep ? { sleep: opts.sleep } : {}),
    ...(opts.clock ? { clock: opts.clock } : {}),
  });
}

export class NvdClient {
  private readonly http: HttpClient;
  private readonly base: string;
  private readonly now: () => Date;
  private readonly apiKey: string | undefined;
  private readonly perPage: number;
  private readonly maxResults: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly forbiddenWaitMs: number;
  private readonly forbiddenAttempts: number;

  constructor(opts: NvdOptions = {}) {
    this.apiKey = nvdApiKey(opts);
    this.http = opts.http ?? nvdHttp({ ...(this.apiKey ? { apiKey: this.apiKey } : {}), ...(opts.sleep ? { sleep: opts.sleep } : {}), ...(opts.clock ? { clock: opts.clock } : {}) });
    this.base = (opts.baseUrl ?? NVD_API_BASE).replace(/\/+$/, '');
    this.now = opts.now ?? (() => new Date());
    this.perPage = Math.min(Math.max(1, Math.floor(opts.resultsPerPage ?? NVD_MAX_PAGE)), NVD_MAX_PAGE);
    this.maxResults = opts.maxResults ?? 50_000;
    this.sleep = opts.sleep ?? defaultSleep;
    this.forbiddenWaitMs = opts.forbiddenWaitMs ?? 30_000;
    this.forbiddenAttempts = Math.max(1, opts.forbiddenAttempts ?? 3);
  }

  /** Whether requests carry an API key (and may go ten times faster). */
  get hasApiKey(): boolean {
    return this.apiKey !== undefined;
  }

  /**
   * Every CVE NVD associates with the CPE's product (or exact CPE name), all pages, in NVD's order, each once.
   * The CVEs are not matched against the component's version here: use cpeAffects, or cvesAffecting.
   */
  async cvesByCpe(cpe23: string, opts: CvesByCpeOptions = {}): Promise<NvdCve[]> {
    const cpe = parseCpe(cpe23);
    if (!cpe) throw malformed(cpe23, 'not a CPE 2.3 name (cpe:2.3:part:vendor:product:version:…, 13 fields)', undefined, 'Write the component’s CPE in the CPE 2.3 formatted-string form, e.g. cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*.');
    let filter: string;
    if ((opts.match ?? 'virtual') === 'virtual') {
      const prefix = vendorProductPrefix(cpe);
      if (!prefix) throw malformed(cpe23, 'the CPE names no plain vendor and product to search NVD by', undefined, 'Give the component a CPE with its vendor and product, e.g. cpe:2.3:a:apache:log4j:….');
      filter = `virtualMatchString=${encodeURIComponent(prefix)}`;
    } else {
      filter = `cpeName=${encodeURIComponent(cpe23)}`;
    }
    if (!opts.includeRejected) filter += '&noRejected';
    const found = new Map<string, NvdCve>();
    for (const range of this.ranges(opts.modifiedSince)) await this.pages(`${filter}${range}`, found);
    return [...found.values()];
  }

  /** cvesByCpe, then cpeAffects on each: the CVEs that affect the component's exact version, with the match. */
  async cvesAffecting(cpe23: string, compare: VersionCompare, opts: CvesByCpeOptions & CpeAffectsOptions = {}): Promise<{ cve: NvdCve; affects: CpeAffects }[]> {
    const cves = await this.cvesByCpe(cpe23, opts);
    return cves.map((cve) => ({ cve, affects: cpeAffects(cpe23, cve, compare, opts) })).filter((r) => r.affects.affected);
  }

  /** One CVE by id; undefined when NVD does not have it. */
  async cveById(id: string): Promise<NvdCve | undefined> {
    if (!CveIdPattern.test(id)) throw new RangeError(`cveById: ${JSON.stringify(id)} is not a CVE id`);
    const found = new Map<string, NvdCve>();
    await this.pages(`cveId=${id}`, found);
    return found.get(id);
  }

  /** lastModStartDate/lastModEndDate ranges covering [since, now], each within NVD's 120 days; [''] without since. */
  private ranges(since: Date | undefined): string[] {
    if (!since) return [''];
    const end = this.now().getTime();
    const out: string[] = [];
    for (let start = since.getTime(); start < end; start += MAX_RANGE_MS) {
      const stop = Math.min(start + MAX_RANGE_MS, end);
      out.push(`&lastModStartDate=${encodeURIComponent(new Date(start).toISOString())}&lastModEndDate=${encodeURIComponent(new Date(stop).toISOString())}`);
    }
    return out;
  }

  /** Every page of one query, startIndex advancing by what each page held, until totalResults. */
  private async pages(query: string, into: Map<string, NvdCve>): Promise<void> {
    let start = 0;
    for (;;) {
      const url = `${this.base}?${query}&resultsPerPage=${this.perPage}&startIndex=${start}`;
      const page = await this.page(url);
      if (page.totalResults > this.maxResults) {
        throw new RegistryError({ kind: 'too-large', url, message: `NVD has ${page.totalResults} CVEs for this query, more than the ${this.maxResults} Tureen reads at once` });
      }
      for (const cve of page.cves) if (!into.has(cve.id)) into.set(cve.id, cve);
      start += page.cves.length;
      if (start >= page.totalResults) return;
      if (page.cves.length === 0) {
        throw new RegistryError({ kind: 'malformed', url, message: `NVD sent an empty page at startIndex ${start} of ${page.totalResults} results` });
      }
    }
  }

  /** One page, parsed. NVD's rate-limit answer is a bare 403: waited out and asked again. */
  private async page(url: string): Promise<{ totalResults: number; cves: NvdCve[] }> {
    const headers = this.apiKey ? { apiKey: this.apiKey } : undefined;
    let res: Awaited<ReturnType<HttpClient['getJson']>>;
    for (let attempt = 1; ; attempt++) {
      try {
        res = await this.http.getJson(url, headers);
        break;
      } catch (e) {
        if (!(e instanceof RegistryError) || e.kind !== 'http' || e.status !== 403) throw e;
        if (attempt < this.forbiddenAttempts) {
          await this.sleep(this.forbiddenWaitMs);
          continue;
        }
        throw new RegistryError({
          kind: 'http',
          url,
          status: 403,
          message: `NVD refused the request ${attempt} times (403): its rate limit (5 requests in 30 s without an API key, 50 with one) or ${this.apiKey ? 'an API key it does not accept' : 'a block of this address'}`,
          fix: this.apiKey ? 'Check NVD_API_KEY (a key is activated from NVD’s e-mail), then run again later.' : 'Request a free NVD API key and set NVD_API_KEY; run again later.',
          cause: e,
        });
      }
    }
    if (!res) {
      // NVD answers 404 (with a "message" header) for a parameter it refuses or an API key it does not know
      throw new RegistryError({ kind: 'http', url, status: 404, message: `NVD answered 404: ${this.apiKey ? 'the API key may be invalid, or ' : ''}a parameter was refused` });
    }
    const env = NvdPage.safeParse(res.json);
    if (!env.success) {
      const issue = env.error.issues[0];
      throw new RegistryError({ kind: 'malformed', url, message: `NVD's answer does not fit the CVE API 2.0 schema (${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'})` });
    }
    const cves = env.data.vulnerabilities.map((item, i) => {
      const raw = typeof item === 'object' && item !== null && !Array.isArray(item) ? (item as { cve?: unknown }).cve : undefined;
      const r = parseNvdCve(raw);
      if (!r.ok) {
        throw new RegistryError({ kind: 'malformed', url, message: `NVD record ${r.id ?? `vulnerabilities.${i}`} does not fit the CVE API 2.0 schema (cve.${r.path}: ${r.message}); the answer was not used` });
      }
      return r.cve;
    });
    return { totalResults: env.data.totalResults, cves };
  }
}
