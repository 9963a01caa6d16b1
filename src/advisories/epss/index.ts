import { gunzipSync } from 'node:zlib';
import { HttpClient, RegistryError } from '../../net/http.js';
import { malformed } from '../../model/errors.js';
import { CveId, EpssEnvelope, EpssRow, IsoDate, Unit } from './schema.js';

/**
 * EPSS (FIRST's Exploit Prediction Scoring System): the probability that a CVE is exploited in the next 30 days,
 * and its percentile among all scored CVEs. Online from FIRST's API, or offline from the daily bulk file
 * (epss_scores-YYYY-MM-DD.csv.gz) copied into an air-gapped network.
 */

export const EPSS_API_BASE = 'https://api.first.org/data/v1';
/** The API accepts at most 2000 characters in the `cve` parameter, commas included. */
export const EPSS_CVE_PARAM_MAX = 2000;

export interface EpssEntry {
  cve: string;
  /** probability of exploitation activity in the next 30 days, 0–1 */
  epss: number;
  /** share of scored CVEs with a lower or equal score, 0–1 */
  percentile: number;
  /** the day the score is for, YYYY-MM-DD */
  date: string;
}

export interface EpssScores {
  entries: Map<string, EpssEntry>;
  /** asked for, but EPSS has no score (reserved, rejected or too new a CVE) */
  unscored: string[];
  /** not CVE ids, never sent */
  invalid: string[];
  fetchedAt: string;
}

export interface EpssOptions {
  http?: HttpClient;
  /** Default https://api.first.org/data/v1 */
  baseUrl?: string;
  now?: () => Date;
  /** Longest `cve` parameter. Default 2000 (the API's limit). */
  maxParamChars?: number;
  /** Pages followed for one batch before the answer is called malformed. Default 50. */
  maxPages?: number;
}

/** Split ids into comma-joined groups no longer than `max` characters. */
export function batchCves(ids: readonly string[], max = EPSS_CVE_PARAM_MAX): string[][] {
  const out: string[][] = [];
  let cur: string[] = [];
  let len = 0;
  for (const id of ids) {
    const add = (cur.length ? 1 : 0) + id.length;
    if (cur.length && len + add > max) {
      out.push(cur);
      cur = [];
      len = 0;
    }
    len += (cur.length ? 1 : 0) + id.length;
    cur.push(id);
  }
  if (cur.length) out.push(cur);
  return out;
}

export class EpssClient {
  private readonly http: HttpClient;
  private readonly base: string;
  private readonly now: () => Date;
  private readonly maxParam: number;
  private readonly maxPages: number;

  constructor(opts: EpssOptions = {}) {
    // FIRST publishes no rate limit for the API; two requests at a time keeps a run polite
    this.http = opts.http ?? new HttpClient({ service: 'the FIRST EPSS API', concurrency: 2 });
    this.base = (opts.baseUrl ?? EPSS_API_BASE).replace(/\/+$/, '');
    this.now = opts.now ?? (() => new Date());
    this.maxParam = opts.maxParamChars ?? EPSS_CVE_PARAM_MAX;
    this.maxPages = opts.maxPages ?? 50;
  }

  /**
   * The scores of the given CVEs (latest, or of `date` YYYY-MM-DD). Ids are upper-cased and de-duplicated; ids
   * that are not CVE ids are not sent. Requests carry as many ids as fit the API's 2000 characters; a batch whose
   * `total` exceeds what one page holds is followed with `offset`.
   */
  async scores(cves: Iterable<string>, opts: { date?: string } = {}): Promise<EpssScores> {
    if (opts.date !== undefined && !IsoDate.safeParse(opts.date).success) throw new RangeError(`scores: date ${JSON.stringify(opts.date)} is not YYYY-MM-DD`);
    const asked: string[] = [];
    const invalid: string[] = [];
    const seen = new Set<string>();
    for (const raw of cves) {
      const id = String(raw).trim().toUpperCase();
      if (seen.has(id)) continue;
      seen.add(id);
      (CveId.safeParse(id).success ? asked : invalid).push(id);
    }
    const entries = new Map<string, EpssEntry>();
    const wanted = new Set(asked);
    await Promise.all(batchCves(asked, this.maxParam).map((batch) => this.fetchBatch(batch, opts.date, wanted, entries)));
    const ordered = new Map(asked.filter((id) => entries.has(id)).map((id) => [id, entries.get(id)!]));
    return { entries: ordered, unscored: asked.filter((id) => !entries.has(id)), invalid, fetchedAt: this.now().toISOString() };
  }

  private async fetchBatch(batch: string[], date: string | undefined, wanted: Set<string>, into: Map<string, EpssEntry>): Promise<void> {
    let offset = 0;
    for (let page = 1; ; page++) {
      // commas stay literal: the API counts the parameter's characters, and CVE ids need no escaping
      const url = `${this.base}/epss?cve=${batch.join(',')}${date ? `&date=${date}` : ''}&limit=${batch.length}${offset ? `&offset=${offset}` : ''}`;
      const res = await this.http.getJson(url);
      if (!res) throw new RegistryError({ kind: 'http', url, status: 404, message: 'the FIRST EPSS API answered 404: is the base URL right?' });
      const env = EpssEnvelope.safeParse(res.json);
      if (!env.success) {
        const issue = env.error.issues[0];
        throw new RegistryError({ kind: 'malformed', url, message: `the FIRST EPSS API's answer does not fit its schema (${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'})` });
      }
      if (env.data.status !== 'OK') throw new RegistryError({ kind: 'malformed', url, message: `the FIRST EPSS API answered status ${JSON.stringify(env.data.status)}` });
      env.data.data.forEach((raw, i) => {
        const row = EpssRow.safeParse(raw);
        if (!row.success) {
          const issue = row.error.issues[0];
          throw new RegistryError({ kind: 'malformed', url, message: `the FIRST EPSS API sent a score row that does not fit (data.${i}.${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'})` });
        }
        // a row for a CVE not asked for is ignored: it cannot be attributed to a component
        if (wanted.has(row.data.cve)) into.set(row.data.cve, row.data);
      });
      offset += env.data.data.length;
      if (offset >= env.data.total || env.data.data.length === 0) return;
      if (page >= this.maxPages) throw new RegistryError({ kind: 'malformed', url, message: `the FIRST EPSS API kept paging (${page} pages for ${batch.length} CVEs)` });
    }
  }
}

/** One line of a bulk file that was left out. */
export interface EpssCsvProblem {
  line: number;
  message: string;
}

export interface EpssCsv {
  /** from the first line's comment, e.g. "v2023.03.01" */
  modelVersion?: string;
  /** YYYY-MM-DD: from the comment's score_date, else the date passed in */
  scoreDate: string;
  entries: Map<string, EpssEntry>;
  /** the first 100 problems */
  problems: EpssCsvProblem[];
  /** how many lines were left out in all */
  skipped: number;
}

/**
 * Read FIRST's daily bulk file (epss_scores-YYYY-MM-DD.csv.gz) for an air-gapped import: gzip, then CSV with a
 * first line `#model_version:v2023.03.01,score_date:2023-03-16T00:00:00+0000` (absent from the oldest files),
 * a header naming the columns (cve, epss, percentile, in any order) and one CVE per line. `date` (YYYY-MM-DD) gives the score
 * date when the file does not — typically from its name. A line that does not fit is left out and counted; a
 * file that is not gzip, has no cve/epss/percentile header, or is larger than `maxBytes` unpacked (default 512 MiB; the
 * 2025 files unpack to about 10 MB) is refused as TureenError input.malformed / input.too-large.
 */
export function parseEpssCsv(gz: Uint8Array, opts: { file?: string; date?: string; maxBytes?: number } = {}): EpssCsv {
  const file = opts.file ?? 'EPSS bulk file';
  const maxBytes = opts.maxBytes ?? 512 * 1024 * 1024;
  let buf: Buffer;
  try {
    buf = gunzipSync(gz, { maxOutputLength: maxBytes });
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') {
      throw malformed(file, `unpacks to more than ${maxBytes} bytes; it was not read`, undefined, 'Check that this is an EPSS scores file (epss_scores-YYYY-MM-DD.csv.gz).');
    }
    throw malformed(file, `not a gzip file (${(e as Error).message})`, undefined, 'Use the file as FIRST publishes it: epss_scores-YYYY-MM-DD.csv.gz, not unpacked or renamed.');
  }
  const text = buf.toString('utf8');
  const lines = text.split(/\r?\n/);
  let i = 0;
  let modelVersion: string | undefined;
  let commentDate: string | undefined;
  if (lines[0]?.startsWith('#')) {
    for (const pair of lines[0].slice(1).split(',')) {
      const at = pair.indexOf(':');
      if (at < 0) continue;
      const key = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      if (key === 'model_version') modelVersion = value;
      if (key === 'score_date') commentDate = /^\d{4}-\d{2}-\d{2}/.exec(value)?.[0];
    }
    i = 1;
  }
  const header = (lines[i] ?? '').split(',').map((h) => h.trim().toLowerCase());
  const col = { cve: header.indexOf('cve'), epss: header.indexOf('epss'), percentile: header.indexOf('percentile') };
  if (col.cve < 0 || col.epss < 0 || col.percentile < 0) {
    throw malformed(file, `line ${i + 1} is not the header of an EPSS scores file (cve,epss,percentile)`, { line: i + 1 }, 'Use the file as FIRST publishes it: epss_scores-YYYY-MM-DD.csv.gz.');
  }
  const scoreDate = commentDate ?? opts.date;
  if (!scoreDate || !IsoDate.safeParse(scoreDate).success) {
    throw malformed(file, 'the file does not say which day its scores are for', undefined, 'Pass the date of the file (from its name, epss_scores-YYYY-MM-DD.csv.gz).');
  }
  const entries = new Map<string, EpssEntry>();
  const problems: EpssCsvProblem[] = [];
  let skipped = 0;
  const skip = (line: number, message: string) => {
    skipped++;
    if (problems.length < 100) problems.push({ line, message });
  };
  for (let n = i + 1; n < lines.length; n++) {
    const line = lines[n]!;
    if (line.trim() === '') continue;
    const cells = line.split(',');
    const cve = CveId.safeParse(cells[col.cve]?.trim());
    const epss = Unit.safeParse(cells[col.epss]);
    const percentile = Unit.safeParse(cells[col.percentile]);
    if (!cve.success) skip(n + 1, 'not a CVE id');
    else if (!epss.success) skip(n + 1, 'epss is not a number between 0 and 1');
    else if (!percentile.success) skip(n + 1, 'percentile is not a number between 0 and 1');
    else if (entries.has(cve.data)) skip(n + 1, `${cve.data} is listed twice; the first line is kept`);
    else entries.set(cve.data, { cve: cve.data, epss: epss.data, percentile: percentile.data, date: scoreDate });
  }
  return { ...(modelVersion ? { modelVersion } : {}), scoreDate, entries, problems, skipped };
}
