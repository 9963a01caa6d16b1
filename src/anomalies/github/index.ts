import { HttpClient, RegistryError } from '../../net/http.js';
import type { RepoRef } from '../repo.js';
import type { AnomalyCandidate, FinderResult, VersionCompare } from '../types.js';
import { fetchPages, readArray, type Pages } from '../paging.js';
import { bugReason, dayOf, fixWords, FIX_WORDS, namesVersion, oneLine, timeOf, webUrl } from '../util.js';
import { GhIssue, GhRelease, GhRepoLabel, GhSearch, labelNames } from './schema.js';

/**
 * Known-anomaly candidates from a GitHub repository (REST API, version 2022-11-28):
 * - open issues carrying one of the repository's bug labels (the labels vary: bug, type: bug, kind/bug, regression,
 *   confirmed …; they are read from the repository's label list), created after the shipped version was released;
 * - open issues that name the shipped version (the search API);
 * - releases newer than the shipped version whose notes mention a fix, a bug, a regression or security.
 * Pull requests are never candidates (the issues endpoint returns them too, with a `pull_request` key).
 * The token (option or GITHUB_TOKEN) is sent as `Authorization: Bearer`, and never appears in a message; a GitHub
 * Enterprise Server gets its own (GH_ENTERPRISE_TOKEN or GITHUB_ENTERPRISE_TOKEN), never the github.com one.
 */

export const GITHUB_API = 'https://api.github.com';
const ACCEPT = 'application/vnd.github+json';

export interface GitHubOptions {
  /** a GitHub token; default: the GITHUB_TOKEN environment variable. Without one GitHub allows 60 requests an hour. */
  token?: string;
  /** default https://api.github.com */
  apiUrl?: string;
  /** default: a client of its own (service "GitHub") */
  http?: HttpClient;
  /** bug labels to ask for; default: the repository's labels that look like bug labels */
  labels?: readonly string[];
  /** most issues read per repository, all queries together (default 500) */
  maxIssues?: number;
  /** most pages read per query (default 10) */
  maxPages?: number;
  /**
   * Wait before the one retry of a 403 that is not the primary rate limit (GitHub's secondary rate limits answer 403;
   * its documentation says to wait at least a minute). Default 60 s; 0 turns the retry off.
   */
  secondaryRateLimitWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** where GITHUB_TOKEN is read (tests) */
  env?: Record<string, string | undefined>;
}

export interface ReleaseResult extends FinderResult {
  /** the newest release's version (drafts and pre-releases left out) */
  newest?: string;
  /** the publication day of the shipped version's release, when it has one */
  shippedReleaseDate?: string;
}

/** Labels that mark bugs: a word "bug", "regression", "defect" or "crash" in the name, or "confirmed". */
const BUG_LABEL = /(?:^|[^a-z])(?:bugs?|regressions?|defects?|crash(?:es)?)(?:[^a-z]|$)|^confirmed$/i;
/** … unless the label says otherwise ("not a bug", "bug bounty", "invalid") */
const NOT_BUG = /\b(?:not|no|non|invalid|won'?t|wontfix|duplicate|bounty|feature|enhancement|question|fixed)\b/i;
const MAX_LABELS = 8;

export function isBugLabel(name: string): boolean {
  return BUG_LABEL.test(name) && !NOT_BUG.test(name);
}

/** "v5.1.1" → { prefix: "", version: "5.1.1" }; "react@18.2.0" → { prefix: "react", … }; "pkg-v1.2" → { prefix: "pkg", … }. */
export function tagVersion(tag: string): { prefix: string; version: string } | undefined {
  const m = /^(.*?)v?(\d+(?:\.\d+)*(?:[-+][0-9A-Za-z][0-9A-Za-z.+-]*)?)$/.exec(tag.trim());
  if (!m) return undefined;
  return { prefix: m[1]!.toLowerCase().replace(/[-_@/\s.]+$/, ''), version: m[2]! };
}

const enc = encodeURIComponent;

function problemOf(e: unknown, what: string, enterprise = false): string {
  const variable = enterprise ? 'GH_ENTERPRISE_TOKEN' : 'GITHUB_TOKEN';
  if (e instanceof RegistryError) {
    if (e.status === 401) return `GitHub refused the token (HTTP 401) when asked for ${what}: check ${variable} (expired or revoked?)`;
    if (e.status === 403) return /rate limit/i.test(e.message)
      ? `GitHub's rate limit was reached when asked for ${what}; a token (${variable}) raises it, or run again later`
      : `GitHub refused ${what} (HTTP 403: a secondary rate limit, or no access to the repository)`;
    if (e.status === 422) return `GitHub refused the query for ${what} (HTTP 422)`;
    if (e.kind === 'malformed') return `GitHub's answer for ${what} was not readable (${e.message})`;
    if (e.kind === 'too-large') return `GitHub's answer for ${what} was too large to read`;
    return `GitHub could not be asked for ${what}: ${e.message}`;
  }
  return `GitHub could not be asked for ${what}: ${(e as Error).message}`;
}

export class GitHubAnomalies {
  private readonly http: HttpClient;
  /** the API base given (tests, a proxy); otherwise each repository's own: api.github.com, or <host>/api/v3 */
  private readonly apiUrl: string | undefined;
  private readonly headers: Record<string, string>;
  /** the same for a GitHub Enterprise Server, with its own token (GH_ENTERPRISE_TOKEN or GITHUB_ENTERPRISE_TOKEN) */
  private readonly enterpriseHeaders: Record<string, string>;
  private readonly maxIssues: number;
  private readonly maxPages: number;
  private secondaryWait: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly labels: readonly string[] | undefined;
  /** per API (github.com, each Enterprise Server), set after a 401: every later question there would fail the same way */
  private readonly refusedBy = new Map<string, string>();

  constructor(opts: GitHubOptions = {}) {
    const env = opts.env ?? process.env;
    const token = (opts.token ?? env.GITHUB_TOKEN ?? '').trim();
    // GitHub asks integrators not to send requests concurrently (secondary rate limits): one at a time
    this.http = opts.http ?? new HttpClient({ service: 'GitHub', concurrency: 1 });
    this.apiUrl = opts.apiUrl?.replace(/\/+$/, '');
    const headers = (t: string) => ({ 'x-github-api-version': '2022-11-28', ...(t && !/[\r\n]/.test(t) ? { authorization: `Bearer ${t}` } : {}) });
    this.headers = headers(token);
    // a github.com token never goes to another server, nor an enterprise token to github.com
    this.enterpriseHeaders = headers((env.GH_ENTERPRISE_TOKEN ?? env.GITHUB_ENTERPRISE_TOKEN ?? '').trim());
    this.maxIssues = opts.maxIssues ?? 500;
    this.maxPages = opts.maxPages ?? 10;
    this.secondaryWait = opts.secondaryRateLimitWaitMs ?? 60_000;
    this.sleep = opts.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.labels = opts.labels;
  }

  /** The REST API of the repository's server: api.github.com, or a GitHub Enterprise Server's https://<host>/api/v3. */
  private api(repo: RepoRef): string {
    if (this.apiUrl) return this.apiUrl;
    const base = repo.baseUrl.replace(/\/+$/, '');
    return base === 'https://github.com' ? GITHUB_API : `${base}/api/v3`;
  }

  /** GETs through fetchPages with one retry after a secondary rate limit (403 that HttpClient did not wait for). */
  private async pages<T>(url: string, read: (json: unknown, url: string) => { items: T[]; skipped: number }, maxPages: number, maxItems: number): Promise<Pages<T>> {
    const enterprise = !this.apiUrl && !url.startsWith(`${GITHUB_API}/`);
    const go = () => fetchPages(this.http, url, { accept: ACCEPT, headers: enterprise ? this.enterpriseHeaders : this.headers, maxPages, maxItems }, read);
    try {
      return await go();
    } catch (e) {
      if (!(e instanceof RegistryError) || e.status !== 403 || /rate limit/i.test(e.message) || this.secondaryWait <= 0) throw e;
      const wait = this.secondaryWait;
      this.secondaryWait = 0; // once per run: a 403 that persists is a refusal, not a limit
      await this.sleep(wait);
      return go();
    }
  }

  private refused(repo: RepoRef): boolean {
    return this.refusedBy.has(this.api(repo));
  }

  private async ask<T>(repo: RepoRef, what: string, problems: string[], f: () => Promise<T>): Promise<T | undefined> {
    if (this.refused(repo)) return undefined;
    try {
      return await f();
    } catch (e) {
      const p = problemOf(e, what, this.api(repo) !== GITHUB_API && !this.apiUrl);
      problems.push(p);
      if (e instanceof RegistryError && e.status === 401) this.refusedBy.set(this.api(repo), p);
      return undefined;
    }
  }

  private malformed(url: string, what: string): never {
    throw new RegistryError({ kind: 'malformed', url, message: `${what} is not a list` });
  }

  /** The repository's labels that look like bug labels; undefined when the repository does not exist. */
  async bugLabels(repo: RepoRef): Promise<{ labels: string[]; more: number } | undefined> {
    const url = `${this.api(repo)}/repos/${enc(repo.owner)}/${enc(repo.repo)}/labels?per_page=100`;
    const got = await this.pages(url, (json, u) => readArray(GhRepoLabel, json) ?? this.malformed(u, 'the label list'), 3, 300);
    if (!got.items) return undefined;
    const bug = got.items.map((l) => l.name).filter(isBugLabel);
    return { labels: bug.slice(0, MAX_LABELS), more: Math.max(0, bug.length - MAX_LABELS) };
  }

  /**
   * Open bug issues created after the shipped version was released, and open issues that name it. Without a
   * release date, every open bug issue is a candidate (it may affect the version; the reviewer decides).
   */
  async issues(repo: RepoRef, target: { version: string; releaseDate?: string }): Promise<FinderResult> {
    const candidates = new Map<string, AnomalyCandidate>();
    const problems: string[] = [];
    const sources: string[] = [];
    const slug = `${repo.owner}/${repo.repo}`;
    const releasedDay = dayOf(target.releaseDate);
    let budget = this.maxIssues;
    let skipped = 0;

    const labels = this.labels
      ? { labels: [...this.labels], more: 0 }
      : await this.ask(repo, `the labels of ${slug}`, problems, () => this.bugLabels(repo));
    if (labels === undefined && !this.refused(repo) && !problems.length) {
      problems.push(`${slug} was not found on GitHub (moved, renamed, deleted or private?): its issues were not read`);
      return { candidates: [], sources, problems };
    }
    if (this.refused(repo)) return { candidates: [], sources, problems };
    if (labels && labels.more > 0) problems.push(`${slug} has ${labels.labels.length + labels.more} bug labels; only ${labels.labels.join(', ')} were asked for`);
    if (labels && labels.labels.length === 0) problems.push(`${slug} has no label that marks bugs: only issues naming ${target.version} were searched`);

    const readIssues = (json: unknown, u: string) => readArray(GhIssue, json) ?? this.malformed(u, 'the issue list');
    for (const label of labels?.labels ?? []) {
      if (budget <= 0) break;
      const since = releasedDay ? `&since=${enc(`${releasedDay}T00:00:00Z`)}` : '';
      const url = `${this.api(repo)}/repos/${enc(repo.owner)}/${enc(repo.repo)}/issues?state=open&labels=${enc(label)}${since}&per_page=100`;
      const got = await this.ask(repo, `the issues labelled "${label}" of ${slug}`, problems, () => this.pages(url, readIssues, this.maxPages, budget));
      if (!got) continue;
      if (!got.items) {
        problems.push(`${slug} was not found on GitHub (moved, renamed, deleted or private?): its issues were not read`);
        return { candidates: [], sources, problems };
      }
      budget -= got.items.length;
      skipped += got.skipped;
      if (got.capped) problems.push(got.refused ? `GitHub's next page for "${label}" pointed to another host (${oneLine(got.refused, 80)}); it was not followed` : `only the first ${got.items.length} open issues labelled "${label}" of ${slug} were read (cap)`);
      for (const issue of got.items) {
        if (issue.pull_request !== undefined || candidates.has(`${slug}#${issue.number}`)) continue;
        const reason = bugReason({ createdAt: issue.created_at, title: issue.title, body: issue.body }, target.version, target.releaseDate);
        if (reason) candidates.set(`${slug}#${issue.number}`, this.candidate(repo, issue, reason));
      }
      sources.push(`${repo.baseUrl}/${slug}/issues?q=is:issue+is:open+label:${enc(label)} (open issues labelled "${label}"${releasedDay ? `, updated since ${releasedDay}` : ''})`);
    }

    if (!this.refused(repo) && budget > 0) {
      const q = `repo:${slug} is:issue is:open "${target.version.replace(/"/g, '')}"`;
      const url = `${this.api(repo)}/search/issues?q=${enc(q)}&per_page=100`;
      const read = (json: unknown, u: string) => {
        const p = GhSearch.safeParse(json);
        if (!p.success) throw new RegistryError({ kind: 'malformed', url: u, message: 'the search answer has no items list' });
        return readArray(GhIssue, p.data.items)!;
      };
      // the search API allows 30 requests a minute (10 without a token): a few pages at most
      const got = await this.ask(repo, `issues naming ${target.version} in ${slug}`, problems, () => this.pages(url, read, Math.min(this.maxPages, 3), budget));
      if (got?.items) {
        skipped += got.skipped;
        if (got.capped) problems.push(got.refused ? `GitHub's next search page pointed to another host; it was not followed` : `only the first ${got.items.length} search results for "${target.version}" in ${slug} were read (cap)`);
        for (const issue of got.items) {
          if (issue.pull_request !== undefined) continue;
          const id = `${slug}#${issue.number}`;
          // the search matches words loosely: the issue must name the version itself ("15.1.0" is not 5.1.0)
          if (!namesVersion(issue.title, target.version) && !namesVersion(issue.body, target.version)) continue;
          const seen = candidates.get(id);
          if (seen) {
            if (!seen.reason.includes(`names ${target.version}`)) seen.reason = `${seen.reason}; names ${target.version}`;
          } else candidates.set(id, this.candidate(repo, issue, `open issue that names ${target.version}`));
        }
        sources.push(`${repo.baseUrl}/${slug}/issues?q=${enc(`is:issue is:open "${target.version}"`)} (open issues naming ${target.version})`);
      }
    }
    if (budget <= 0) problems.push(`the cap of ${this.maxIssues} issues for ${slug} was reached: some open issues were not read`);
    if (skipped) problems.push(`${skipped} item(s) in GitHub's answers for ${slug} were not readable and were skipped`);
    return { candidates: [...candidates.values()], sources, problems };
  }

  private candidate(repo: RepoRef, issue: GhIssue, reason: string): AnomalyCandidate {
    const slug = `${repo.owner}/${repo.repo}`;
    const labels = labelNames(issue.labels).map((l) => oneLine(l, 60));
    return {
      id: `${slug}#${issue.number}`,
      title: oneLine(issue.title) || `issue ${issue.number}`,
      url: webUrl(issue.html_url) ?? `${repo.baseUrl}/${slug}/issues/${issue.number}`,
      source: 'github-issues',
      createdAt: issue.created_at,
      reason,
      ...(labels.length ? { labels } : {}),
    };
  }

  /**
   * The repository's releases newer than the shipped version (by version where the tags read as versions, else by
   * date), each a candidate when its notes mention a fix, a bug, a regression or security; and the newest version.
   */
  async releases(repo: RepoRef, target: { name: string; version: string; releaseDate?: string }, compare: VersionCompare): Promise<ReleaseResult> {
    const problems: string[] = [];
    const slug = `${repo.owner}/${repo.repo}`;
    const url = `${this.api(repo)}/repos/${enc(repo.owner)}/${enc(repo.repo)}/releases?per_page=100`;
    const got = await this.ask(repo, `the releases of ${slug}`, problems, () =>
      this.pages(url, (json, u) => readArray(GhRelease, json) ?? this.malformed(u, 'the release list'), this.maxPages, 100 * this.maxPages));
    if (!got) return { candidates: [], sources: [], problems };
    if (!got.items) return { candidates: [], sources: [], problems: [`${slug} was not found on GitHub (moved, renamed, deleted or private?): its releases were not read`] };
    if (got.capped) problems.push(`only the newest ${got.items.length} releases of ${slug} were read (cap)`);
    if (got.skipped) problems.push(`${got.skipped} release(s) in GitHub's answer for ${slug} were not readable and were skipped`);
    const sources = [`${repo.baseUrl}/${slug}/releases (release notes newer than ${target.version})`];
    const picked = pickReleases(got.items, target, compare);
    if (!picked) {
      if (got.items.length) problems.push(`the release tags of ${slug} do not read as versions of ${target.name}: release notes were not compared`);
      return { candidates: [], sources, problems };
    }
    const candidates: AnomalyCandidate[] = [];
    for (const r of picked.newer) {
      const notes = `${r.release.name ?? ''}\n${r.release.body ?? ''}`;
      if (!FIX_WORDS.test(notes)) continue;
      candidates.push({
        id: `release:${oneLine(r.release.tag_name, 100)}`,
        title: oneLine(r.release.name || r.release.tag_name),
        ...(webUrl(r.release.html_url) ? { url: webUrl(r.release.html_url)! } : {}),
        source: 'github-releases',
        ...(r.release.published_at ? { createdAt: r.release.published_at } : {}),
        reason: `fixed in ${r.version}, newer than the shipped ${target.version} (release notes mention ${fixWords(notes).join(', ')})`,
      });
    }
    return {
      candidates,
      sources,
      problems,
      ...(picked.newest ? { newest: picked.newest } : {}),
      ...(picked.shippedDate ? { shippedReleaseDate: picked.shippedDate } : {}),
    };
  }
}

interface Versioned {
  release: GhRelease;
  version: string;
}

/**
 * The releases of the shipped item among a repository's releases (a monorepo tags "name@1.2.3" or "name-v1.2.3"):
 * the tag family holding the shipped version, else the one named after the item, else plain "v1.2.3" tags. Drafts
 * and pre-releases are left out. Newer = a higher version; where versions do not compare, a later publication.
 */
export function pickReleases(releases: readonly GhRelease[], target: { name: string; version: string; releaseDate?: string }, compare: VersionCompare):
  { newer: Versioned[]; newest?: string; shippedDate?: string } | undefined {
  const families = new Map<string, Versioned[]>();
  for (const release of releases) {
    if (release.draft) continue;
    const tv = tagVersion(release.tag_name);
    if (!tv) continue;
    const list = families.get(tv.prefix) ?? [];
    list.push({ release, version: tv.version });
    families.set(tv.prefix, list);
  }
  const name = target.name.toLowerCase();
  const last = name.split(/[/:]/).pop() ?? name;
  const hasShipped = (k: string) => families.get(k)!.some((r) => compare(r.version, target.version) === 0);
  const keys = [...families.keys()];
  const key = keys.find((k) => hasShipped(k) && (k === name || k === last))
    ?? keys.find(hasShipped)
    ?? keys.find((k) => k === name || k === last)
    ?? (families.has('') ? '' : undefined);
  if (key === undefined) return undefined;
  const family = families.get(key)!.filter((r) => !r.release.prerelease);
  const shipped = families.get(key)!.find((r) => compare(r.version, target.version) === 0);
  const shippedDate = dayOf(shipped?.release.published_at ?? undefined);
  const since = timeOf(target.releaseDate) ?? timeOf(shipped?.release.published_at ?? undefined);
  const newer = family.filter((r) => {
    const c = compare(r.version, target.version);
    if (c !== undefined) return c > 0;
    const t = timeOf(r.release.published_at ?? undefined);
    return since !== undefined && t !== undefined && t > since;
  });
  const order = (a: Versioned, b: Versioned) => compare(a.version, b.version) ?? ((timeOf(a.release.published_at ?? undefined) ?? 0) - (timeOf(b.release.published_at ?? undefined) ?? 0));
  newer.sort(order);
  const newest = [...family].sort(order).pop()?.version;
  return { newer, ...(newest ? { newest } : {}), ...(shippedDate ? { shippedDate } : {}) };
}
