import { HttpClient, Limiter, RegistryError } from '../../net/http.js';
import { parseOsv, type Osv } from '../osv/schema.js';
import { OsvId, QueryBatchResponse, type OsvVersionQuery } from './schema.js';

export type { OsvVersionQuery } from './schema.js';

/**
 * The OSV API client (https://google.github.io/osv.dev/api/): which vulnerabilities affect each exact package
 * version (POST /v1/querybatch, ids only), then the full records (GET /v1/vulns/{id}). Every answer is parsed
 * before use; an answer that does not fit is a RegistryError of kind "malformed", never a crash.
 */

export const OSV_API_BASE = 'https://api.osv.dev';
/** OSV accepts at most 1000 queries in one querybatch request. */
export const OSV_BATCH_MAX = 1000;

export interface OsvApiOptions {
  http?: HttpClient;
  /** Default https://api.osv.dev (a mirror or the replay server in tests). */
  baseUrl?: string;
  now?: () => Date;
  /** Records fetched at once by getVulns. Default 8. */
  concurrency?: number;
  /** Pages followed for one package before the answer is called malformed (a token loop). Default 100. */
  maxPagesPerQuery?: number;
}

/** One component to ask about: OSV's ecosystem name (`npm`, `PyPI`, `Debian:12` …), its name, its exact version. */
export interface OsvPackageVersion {
  ecosystem: string;
  name: string;
  version: string;
}

/** A record OSV served that is not a valid OSV record. */
export interface OsvRecordProblem {
  id: string;
  error: RegistryError;
}

export interface OsvVulnsResult {
  vulns: Map<string, Osv>;
  /** Ids OSV does not know (404): withdrawn from the API or never there. */
  missing: string[];
  problems: OsvRecordProblem[];
  fetchedAt: string;
}

/** The query OSV expects for one package version, without a purl (OSV refuses name + ecosystem together with purl). */
export function toOsvQuery(p: OsvPackageVersion, pageToken?: string): OsvVersionQuery {
  return { package: { name: p.name, ecosystem: p.ecosystem }, version: p.version, ...(pageToken ? { page_token: pageToken } : {}) };
}

export class OsvApiClient {
  private readonly http: HttpClient;
  private readonly base: string;
  private readonly now: () => Date;
  private readonly concurrency: number;
  private readonly maxPages: number;

  constructor(opts: OsvApiOptions = {}) {
    // OSV publishes no rate limit; 8 requests in flight is what HttpClient uses for the registries
    this.http = opts.http ?? new HttpClient({ service: 'the OSV API', concurrency: 8 });
    this.base = (opts.baseUrl ?? OSV_API_BASE).replace(/\/+$/, '');
    this.now = opts.now ?? (() => new Date());
    this.concurrency = opts.concurrency ?? 8;
    this.maxPages = opts.maxPagesPerQuery ?? 100;
  }

  /**
   * The ids of the vulnerabilities OSV reports for each package version, keyed by the package's index in `pkgs`
   * ([] when none). Queries go 1000 to a request; a result with `next_page_token` is asked again, with that token,
   * until OSV sends none. A package OSV refuses (HTTP 400 for its query alone: an ecosystem it does not know) has
   * no entry; queryBatchDetailed says why.
   */
  async queryBatch(pkgs: readonly OsvPackageVersion[]): Promise<Map<number, string[]>> {
    return (await this.queryBatchDetailed(pkgs)).ids;
  }

  /** queryBatch, with the packages OSV refused and its reason. */
  async queryBatchDetailed(pkgs: readonly OsvPackageVersion[]): Promise<{ ids: Map<number, string[]>; modified: Map<string, string>; rejected: { index: number; error: RegistryError }[] }> {
    pkgs.forEach((p, i) => {
      // an empty version would make OSV answer for every version of the package
      for (const k of ['ecosystem', 'name', 'version'] as const) {
        if (typeof p?.[k] !== 'string' || p[k].trim() === '') throw new RangeError(`queryBatch: package ${i} has no ${k}`);
      }
    });
    const ids = new Map<number, Set<string>>(pkgs.map((_, i) => [i, new Set<string>()]));
    // each record's `modified` as the answer gives it: a caller skips fetching what it already holds as of that date
    const modified = new Map<string, string>();
    const rejected = new Map<number, RegistryError>();
    const pages = new Map<number, number>();
    const seenTokens = new Map<number, Set<string>>();
    let pending: { index: number; token?: string }[] = pkgs.map((_, index) => ({ index }));
    const url = `${this.base}/v1/querybatch`;

    while (pending.length > 0) {
      const chunks: (typeof pending)[] = [];
      for (let i = 0; i < pending.length; i += OSV_BATCH_MAX) chunks.push(pending.slice(i, i + OSV_BATCH_MAX));
      const answers = await Promise.all(chunks.map((chunk) => this.postSplitting(url, chunk.map((q) => toOsvQuery(pkgs[q.index]!, q.token)))));
      const next: typeof pending = [];
      chunks.forEach((chunk, c) => {
        const results = answers[c]!;
        chunk.forEach((q, k) => {
          const r = results[k]!;
          if (r instanceof RegistryError) {
            rejected.set(q.index, r);
            return;
          }
          const set = ids.get(q.index)!;
          for (const v of r.vulns ?? []) {
            set.add(v.id);
            if (v.modified) modified.set(v.id, v.modified);
          }
          const token = r.next_page_token;
          if (!token) return;
          const n = (pages.get(q.index) ?? 1) + 1;
          const tokens = seenTokens.get(q.index) ?? new Set<string>();
          if (n > this.maxPages || tokens.has(token)) {
            throw new RegistryError({ kind: 'malformed', url, message: `the OSV API kept sending next_page_token for ${pkgs[q.index]!.name}@${pkgs[q.index]!.version} (${n - 1} pages); the answer was not used` });
          }
          tokens.add(token);
          seenTokens.set(q.index, tokens);
          pages.set(q.index, n);
          next.push({ index: q.index, token });
        });
      });
      pending = next;
    }
    return {
      ids: new Map([...ids].filter(([i]) => !rejected.has(i)).map(([i, s]) => [i, [...s]])),
      modified,
      rejected: [...rejected].sort(([a], [b]) => a - b).map(([index, error]) => ({ index, error })),
    };
  }

  /**
   * One querybatch request; when OSV refuses it with 400 (one bad query fails the whole batch), the batch is split
   * in halves until the refused queries stand alone: their place holds the error, the others their result.
   */
  private async postSplitting(url: string, queries: OsvVersionQuery[]): Promise<(QueryBatchResponse['results'][number] | RegistryError)[]> {
    try {
      return await this.postBatch(url, queries);
    } catch (e) {
      if (!(e instanceof RegistryError) || e.kind !== 'http' || e.status !== 400) throw e;
      if (queries.length === 1) return [e];
      const half = Math.ceil(queries.length / 2);
      const [a, b] = await Promise.all([this.postSplitting(url, queries.slice(0, half)), this.postSplitting(url, queries.slice(half))]);
      return [...a, ...b];
    }
  }

  private async postBatch(url: string, queries: OsvVersionQuery[]): Promise<QueryBatchResponse['results']> {
    const res = await this.http.postJson(url, { queries });
    if (!res) throw new RegistryError({ kind: 'http', url, status: 404, message: 'the OSV API answered 404 to querybatch: is the base URL right?' });
    const parsed = QueryBatchResponse.safeParse(res.json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new RegistryError({ kind: 'malformed', url, message: `the OSV API's querybatch answer does not fit its schema (${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'})` });
    }
    const results = parsed.data.results;
    if (results.length !== queries.length) {
      throw new RegistryError({ kind: 'malformed', url, message: `the OSV API answered ${results.length} results to ${queries.length} queries` });
    }
    return results;
  }

  /**
   * One vulnerability record, parsed; undefined when OSV does not know the id (404). A record that is not valid
   * OSV, or is not the record asked for, is a RegistryError of kind "malformed" naming the id and the place.
   */
  async getVuln(id: string): Promise<Osv | undefined> {
    const checked = OsvId.safeParse(id);
    if (!checked.success) throw new RangeError(`getVuln: ${JSON.stringify(id)} is not an OSV id`);
    const url = `${this.base}/v1/vulns/${encodeURIComponent(id)}`;
    const res = await this.http.getJson(url);
    if (!res) return undefined;
    const r = parseOsv(res.json);
    if (!r.ok) {
      throw new RegistryError({ kind: 'malformed', url, message: `OSV record ${id} is not a valid OSV record (${r.problem.path}: ${r.problem.message}); it was not used` });
    }
    if (r.osv.id !== id) {
      throw new RegistryError({ kind: 'malformed', url, message: `the OSV API answered record ${r.osv.id} when asked for ${id}; it was not used` });
    }
    return r.osv;
  }

  /**
   * Several records, at most `concurrency` requests at once. A record that does not parse is listed in
   * `problems` and the others are kept; a failure to reach OSV (network, HTTP error) rejects the whole call.
   */
  async getVulns(ids: Iterable<string>): Promise<OsvVulnsResult> {
    const unique = [...new Set(ids)];
    const limiter = new Limiter(this.concurrency);
    const vulns = new Map<string, Osv>();
    const missing: string[] = [];
    const problems: OsvRecordProblem[] = [];
    await Promise.all(
      unique.map((id) =>
        limiter.run(async () => {
          try {
            const osv = await this.getVuln(id);
            if (osv) vulns.set(id, osv);
            else missing.push(id);
          } catch (e) {
            if (e instanceof RegistryError && e.kind === 'malformed') problems.push({ id, error: e });
            else throw e;
          }
        }),
      ),
    );
    // answers arrive in any order; report in the order asked
    const order = new Map(unique.map((id, i) => [id, i]));
    const byAsk = (a: string, b: string) => order.get(a)! - order.get(b)!;
    return {
      vulns: new Map([...vulns].sort(([a], [b]) => byAsk(a, b))),
      missing: missing.sort(byAsk),
      problems: problems.sort((a, b) => byAsk(a.id, b.id)),
      fetchedAt: this.now().toISOString(),
    };
  }
}
