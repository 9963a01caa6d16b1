import type { z } from 'zod';
import { HttpClient, RegistryError } from '../../net/http.js';
import { isBugLabel } from '../github/index.js';
import { fetchPages, linkOrNextPage, readArray, type Pages } from '../paging.js';
import type { RepoRef } from '../repo.js';
import type { AnomalyCandidate, FinderResult } from '../types.js';
import { bugReason, dayOf, namesVersion, oneLine, webUrl } from '../util.js';
import { GlIssue, GlLabel, glLabelNames } from './schema.js';

/**
 * Known-anomaly candidates from a GitLab project (REST API v4, gitlab.com or a self-hosted instance): open issues
 * carrying one of the project's bug labels (bug, type::bug …) created after the shipped version was released, and
 * open issues whose title or description names the version. Pages follow the Link header or x-next-page. The token
 * (option or GITLAB_TOKEN) is sent as PRIVATE-TOKEN and never appears in a message.
 */

export interface GitLabOptions {
  /** default: the GITLAB_TOKEN environment variable */
  token?: string;
  /** the API base for every project (e.g. a proxy); default `<the project's web base>/api/v4` */
  apiUrl?: string;
  http?: HttpClient;
  /** bug labels to ask for; default: the project's labels that look like bug labels */
  labels?: readonly string[];
  /** most issues read per project (default 500) */
  maxIssues?: number;
  /** most pages per query (default 10) */
  maxPages?: number;
  env?: Record<string, string | undefined>;
}

const ACCEPT = 'application/json';
const MAX_LABELS = 8;
const enc = encodeURIComponent;

function problemOf(e: unknown, what: string): string {
  if (e instanceof RegistryError) {
    if (e.status === 401) return `GitLab refused the token (HTTP 401) when asked for ${what}: check GITLAB_TOKEN (expired or revoked?)`;
    if (e.status === 403) return `GitLab refused ${what} (HTTP 403: no access to the project)`;
    if (e.status === 429) return `GitLab's rate limit was reached when asked for ${what}; run again later`;
    if (e.kind === 'malformed') return `GitLab's answer for ${what} was not readable (${e.message})`;
    return `GitLab could not be asked for ${what}: ${e.message}`;
  }
  return `GitLab could not be asked for ${what}: ${(e as Error).message}`;
}

export class GitLabAnomalies {
  private readonly http: HttpClient;
  private readonly headers: Record<string, string>;
  private readonly apiUrl: string | undefined;
  private readonly maxIssues: number;
  private readonly maxPages: number;
  private readonly labels: readonly string[] | undefined;
  private refused: string | undefined;

  constructor(opts: GitLabOptions = {}) {
    const env = opts.env ?? process.env;
    const token = (opts.token ?? env.GITLAB_TOKEN ?? '').trim();
    this.http = opts.http ?? new HttpClient({ service: 'GitLab', concurrency: 2 });
    this.headers = token && !/[\r\n]/.test(token) ? { 'private-token': token } : {};
    this.apiUrl = opts.apiUrl?.replace(/\/+$/, '');
    this.maxIssues = opts.maxIssues ?? 500;
    this.maxPages = opts.maxPages ?? 10;
    this.labels = opts.labels;
  }

  private api(repo: RepoRef): string {
    return this.apiUrl ?? `${repo.baseUrl.replace(/\/+$/, '')}/api/v4`;
  }

  private pages<T>(url: string, read: (json: unknown, url: string) => { items: T[]; skipped: number }, maxPages: number, maxItems: number): Promise<Pages<T>> {
    return fetchPages(this.http, url, { accept: ACCEPT, headers: this.headers, maxPages, maxItems, next: linkOrNextPage }, read);
  }

  private async ask<T>(what: string, problems: string[], f: () => Promise<T>): Promise<T | undefined> {
    if (this.refused) return undefined;
    try {
      return await f();
    } catch (e) {
      const p = problemOf(e, what);
      problems.push(p);
      if (e instanceof RegistryError && e.status === 401) this.refused = p;
      return undefined;
    }
  }

  private list<T>(schema: z.ZodType<T>, what: string) {
    return (json: unknown, url: string) => readArray(schema, json) ?? (() => {
      throw new RegistryError({ kind: 'malformed', url, message: `${what} is not a list` });
    })();
  }

  async issues(repo: RepoRef, target: { version: string; releaseDate?: string }): Promise<FinderResult> {
    const problems: string[] = [];
    const sources: string[] = [];
    const candidates = new Map<string, AnomalyCandidate>();
    const path = `${repo.owner}/${repo.repo}`;
    const host = new URL(repo.baseUrl).host;
    const slug = host === 'gitlab.com' ? path : `${host}/${path}`;
    const project = `${this.api(repo)}/projects/${enc(path)}`;
    const notFound = () => ({ candidates: [], sources, problems: [...problems, `${slug} was not found on GitLab (moved, renamed, deleted or private?): its issues were not read`] });
    const day = dayOf(target.releaseDate);
    let budget = this.maxIssues;
    let skipped = 0;

    let labels: string[] | undefined = this.labels ? [...this.labels] : undefined;
    if (!labels) {
      const got = await this.ask(`the labels of ${slug}`, problems, () => this.pages(`${project}/labels?per_page=100`, this.list(GlLabel, 'the label list'), 3, 300));
      if (this.refused) return { candidates: [], sources, problems };
      if (got && !got.items) return notFound();
      const bug = (got?.items ?? []).map((l) => l.name).filter(isBugLabel);
      if (bug.length > MAX_LABELS) problems.push(`${slug} has ${bug.length} bug labels; only ${bug.slice(0, MAX_LABELS).join(', ')} were asked for`);
      if (got && bug.length === 0) problems.push(`${slug} has no label that marks bugs: only issues naming ${target.version} were searched`);
      labels = bug.slice(0, MAX_LABELS);
    }

    const add = (issue: GlIssue, reason: string) => {
      const id = `gitlab:${slug}#${issue.iid}`;
      const seen = candidates.get(id);
      if (seen) {
        if (!seen.reason.includes(reason)) seen.reason = `${seen.reason}; ${reason}`;
        return;
      }
      const names = glLabelNames(issue.labels).map((l) => oneLine(l, 60));
      candidates.set(id, {
        id,
        title: oneLine(issue.title) || `issue ${issue.iid}`,
        url: webUrl(issue.web_url) ?? `${repo.baseUrl}/${path}/-/issues/${issue.iid}`,
        source: 'gitlab-issues',
        createdAt: issue.created_at,
        reason,
        ...(names.length ? { labels: names } : {}),
      });
    };

    for (const label of labels) {
      if (budget <= 0) break;
      const after = day ? `&created_after=${enc(`${day}T00:00:00Z`)}` : '';
      const url = `${project}/issues?state=opened&labels=${enc(label)}${after}&per_page=100`;
      const got = await this.ask(`the issues labelled "${label}" of ${slug}`, problems, () => this.pages(url, this.list(GlIssue, 'the issue list'), this.maxPages, budget));
      if (!got) continue;
      if (!got.items) return notFound();
      budget -= got.items.length;
      skipped += got.skipped;
      if (got.capped) problems.push(got.refused ? `GitLab's next page for "${label}" pointed to another host; it was not followed` : `only the first ${got.items.length} open issues labelled "${label}" of ${slug} were read (cap)`);
      for (const issue of got.items) {
        const reason = bugReason({ createdAt: issue.created_at, title: issue.title, body: issue.description }, target.version, target.releaseDate);
        if (reason) add(issue, reason);
      }
      sources.push(`${repo.baseUrl}/${path}/-/issues/?state=opened&label_name[]=${enc(label)} (open issues labelled "${label}"${day ? `, created since ${day}` : ''})`);
    }

    if (!this.refused && budget > 0) {
      const url = `${project}/issues?state=opened&search=${enc(target.version)}&in=title,description&per_page=100`;
      const got = await this.ask(`issues naming ${target.version} in ${slug}`, problems, () => this.pages(url, this.list(GlIssue, 'the issue list'), Math.min(3, this.maxPages), budget));
      if (got && !got.items) return notFound();
      if (got?.items) {
        skipped += got.skipped;
        if (got.capped) problems.push(`only the first ${got.items.length} issues naming "${target.version}" in ${slug} were read (cap)`);
        for (const issue of got.items) {
          // GitLab's search matches words; "15.1.0" must not count for 5.1.0
          if (namesVersion(issue.title, target.version) || namesVersion(issue.description, target.version)) add(issue, `open issue that names ${target.version}`);
        }
        sources.push(`${repo.baseUrl}/${path}/-/issues/?state=opened&search=${enc(target.version)} (open issues naming ${target.version})`);
      }
    }
    if (budget <= 0) problems.push(`the cap of ${this.maxIssues} issues for ${slug} was reached: some open issues were not read`);
    if (skipped) problems.push(`${skipped} item(s) in GitLab's answers for ${slug} were not readable and were skipped`);
    return { candidates: [...candidates.values()], sources, problems };
  }
}
