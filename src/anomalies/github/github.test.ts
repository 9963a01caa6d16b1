import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpClient } from '../../net/http.js';
import { type ReplayServer, type Route, type SeenRequest, startReplayServer } from '../../net/test-support/server.js';
import type { RepoRef } from '../repo.js';
import { compareFor } from '../versions.js';
import { GitHubAnomalies, type GitHubOptions, isBugLabel, pickReleases, tagVersion } from './index.js';
import type { GhRelease } from './schema.js';

const fixture = (f: string) => readFileSync(new URL(`./fixtures/${f}`, import.meta.url), 'utf8');
const REPO: RepoRef = { host: 'github', owner: 'octo-org', repo: 'flowlib', baseUrl: 'https://github.com' };
const TARGET = { name: 'flowlib', version: '5.1.0', releaseDate: '2025-03-31' };
const TOKEN = 'ghp_testtoken1234567890';

// the request paths, written out by hand as GitHub's documentation spells them
const LABELS = '/repos/octo-org/flowlib/labels?per_page=100';
const SINCE = 'since=2025-03-31T00%3A00%3A00Z';
const BUG = `/repos/octo-org/flowlib/issues?state=open&labels=bug&${SINCE}&per_page=100`;
const BUG_2 = `/repositories/4242/issues?state=open&labels=bug&${SINCE}&per_page=100&page=2`;
const REGRESSION = `/repos/octo-org/flowlib/issues?state=open&labels=type%3A%20regression&${SINCE}&per_page=100`;
const CONFIRMED = `/repos/octo-org/flowlib/issues?state=open&labels=confirmed&${SINCE}&per_page=100`;
const SEARCH = '/search/issues?q=repo%3Aocto-org%2Fflowlib%20is%3Aissue%20is%3Aopen%20%225.1.0%22&per_page=100';
const RELEASES = '/repos/octo-org/flowlib/releases?per_page=100';
const RELEASES_2 = '/repositories/4242/releases?per_page=100&page=2';

let server: ReplayServer | undefined;
let other: ReplayServer | undefined;
afterEach(async () => {
  await server?.close();
  await other?.close();
  server = other = undefined;
});

/** A page whose Link header points at `next` on the same server (GitHub's format: next and last). */
const linked = (body: string, next: string): Route => (_p: string, req: SeenRequest) => ({
  body,
  headers: { link: `<http://${req.headers.host}${next}>; rel="next", <http://${req.headers.host}${next}>; rel="last"` },
});

const issueRoutes = (): Record<string, Route> => ({
  [LABELS]: { body: fixture('labels.json') },
  [BUG]: linked(fixture('issues-bug-page1.json'), BUG_2),
  [BUG_2]: { body: fixture('issues-bug-page2.json') },
  [REGRESSION]: { body: fixture('issues-regression.json') },
  [CONFIRMED]: { body: fixture('issues-confirmed.json') },
  [SEARCH]: { body: fixture('search-5.1.0.json') },
});

async function serve(routes: Record<string, Route>, opts: Partial<GitHubOptions> = {}, waits: number[] = []) {
  server = await startReplayServer(new Map(Object.entries(routes)));
  const sleep = async (ms: number) => {
    waits.push(ms);
  };
  return new GitHubAnomalies({
    apiUrl: server.url,
    http: new HttpClient({ service: 'GitHub', retryBaseMs: 0, sleep }),
    env: { GITHUB_TOKEN: TOKEN },
    sleep,
    ...opts,
  });
}
const paths = () => server!.requests.map((r) => r.path);

describe('GitHub issues (replayed answers in the documented schema)', () => {
  it('open bug issues after the release and issues naming the version; PRs, older and other-version issues left out', async () => {
    const gh = await serve(issueRoutes());
    const r = await gh.issues(REPO, TARGET);
    expect(r.candidates.map((c) => [c.id, c.reason])).toEqual([
      ['octo-org/flowlib#1201', 'open bug created after 5.1.0 was released (2025-03-31)'],
      ['octo-org/flowlib#1150', 'open bug that names 5.1.0'], // created 2025-02-10, "Still happens on v5.1.0"
      ['octo-org/flowlib#1210', 'open bug created after 5.1.0 was released (2025-03-31)'], // page 2
      ['octo-org/flowlib#1220', 'open bug created after 5.1.0 was released (2025-03-31)'], // "type: regression"
      ['octo-org/flowlib#1300', 'open issue that names 5.1.0'], // search: created before the release, names it
    ]);
    expect(r.candidates[0]).toEqual({
      id: 'octo-org/flowlib#1201',
      title: 'Occlusion alarm fires twice when flow rate is zero',
      url: 'https://github.com/octo-org/flowlib/issues/1201',
      source: 'github-issues',
      createdAt: '2025-04-02T09:14:27Z',
      reason: 'open bug created after 5.1.0 was released (2025-03-31)',
      labels: ['bug', 'type: regression'],
    });
    // labels of the repository that mark bugs: bug, type: regression, confirmed (not "not a bug", not "debug-tools")
    expect(paths()).toEqual([LABELS, BUG, BUG_2, REGRESSION, CONFIRMED, SEARCH]);
    expect(r.problems).toEqual(['1 item(s) in GitHub\'s answers for octo-org/flowlib were not readable and were skipped']);
    expect(r.sources).toHaveLength(4);
    expect(r.sources[0]).toContain('https://github.com/octo-org/flowlib/issues');
  });

  it('sends the token as Authorization: Bearer with GitHub\'s media type and API version, and never prints it', async () => {
    const gh = await serve({ ...issueRoutes(), [LABELS]: { status: 401, body: '{"message":"Bad credentials"}' } });
    const r = await gh.issues(REPO, TARGET);
    const h = server!.requests[0]!.headers;
    expect(h.authorization).toBe(`Bearer ${TOKEN}`);
    expect(h.accept).toBe('application/vnd.github+json');
    expect(h['x-github-api-version']).toBe('2022-11-28');
    expect(r.candidates).toEqual([]);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatch(/401.*GITHUB_TOKEN/);
    expect(paths()).toEqual([LABELS]); // a refused token is not tried again on every query
    expect(JSON.stringify(r)).not.toContain(TOKEN);
    // and the later questions of the same client stop at once
    expect((await gh.releases(REPO, TARGET, compareFor('npm'))).candidates).toEqual([]);
    expect(paths()).toEqual([LABELS]);
  });

  it('the token option wins over GITHUB_TOKEN; without either no Authorization header is sent', async () => {
    let gh = await serve(issueRoutes(), { token: 'from-option' });
    await gh.issues(REPO, TARGET);
    expect(server!.requests.every((r) => r.headers.authorization === 'Bearer from-option')).toBe(true);
    await server!.close();
    gh = await serve(issueRoutes(), { env: {} });
    await gh.issues(REPO, TARGET);
    expect(server!.requests.some((r) => 'authorization' in r.headers)).toBe(false);
  });

  it('a repository that is gone (404) is one problem, and nothing else is asked', async () => {
    const gh = await serve({});
    const r = await gh.issues(REPO, TARGET);
    expect(r.candidates).toEqual([]);
    expect(r.problems).toEqual(['octo-org/flowlib was not found on GitHub (moved, renamed, deleted or private?): its issues were not read']);
    expect(paths()).toEqual([LABELS]);
  });

  it('waits out the rate limit (403 with x-ratelimit-remaining: 0) and then reads the answer', async () => {
    const waits: number[] = [];
    const reset = String(Math.floor(Date.now() / 1000) + 20);
    const gh = await serve({ ...issueRoutes(), [LABELS]: [{ status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset }, body: '{"message":"API rate limit exceeded"}' }, { body: fixture('labels.json') }] }, {}, waits);
    const r = await gh.issues(REPO, TARGET);
    expect(r.candidates).toHaveLength(5);
    expect(paths().slice(0, 2)).toEqual([LABELS, LABELS]);
    expect(waits[0]).toBeGreaterThan(10_000); // until the reset, not the default backoff
  });

  it('a secondary rate limit (403 without remaining: 0) is retried once after the documented minute', async () => {
    const waits: number[] = [];
    const gh = await serve({ ...issueRoutes(), [REGRESSION]: [{ status: 403, body: '{"message":"You have exceeded a secondary rate limit"}' }, { body: fixture('issues-regression.json') }] }, {}, waits);
    const r = await gh.issues(REPO, TARGET);
    expect(waits).toEqual([60_000]);
    expect(r.candidates.map((c) => c.id)).toContain('octo-org/flowlib#1220');
    expect(r.problems).toEqual(['1 item(s) in GitHub\'s answers for octo-org/flowlib were not readable and were skipped']);
  });

  it('a 403 that persists is a problem for that query only', async () => {
    const gh = await serve({ ...issueRoutes(), [REGRESSION]: { status: 403, body: '{"message":"Forbidden"}' } });
    const r = await gh.issues(REPO, TARGET);
    expect(r.problems).toContain('GitHub refused the issues labelled "type: regression" of octo-org/flowlib (HTTP 403: a secondary rate limit, or no access to the repository)');
    expect(r.candidates.map((c) => c.id)).toEqual(['octo-org/flowlib#1201', 'octo-org/flowlib#1150', 'octo-org/flowlib#1210', 'octo-org/flowlib#1300']);
  });

  it('a 500 is retried and the next 200 is read', async () => {
    const gh = await serve({ ...issueRoutes(), [BUG_2]: [{ status: 500, body: 'oops' }, { body: fixture('issues-bug-page2.json') }] });
    const r = await gh.issues(REPO, TARGET);
    expect(r.candidates.map((c) => c.id)).toContain('octo-org/flowlib#1210');
    expect(paths().filter((p) => p === BUG_2)).toHaveLength(2);
  });

  it('without a release date every open bug is a candidate, and no `since` is sent', async () => {
    const noSince = (p: string) => p.replace(`&${SINCE}`, '');
    const routes = Object.fromEntries(Object.entries(issueRoutes()).map(([p, r]) => [noSince(p), r]));
    routes[noSince(BUG)] = linked(fixture('issues-bug-page1.json'), noSince(BUG_2));
    const gh = await serve(routes);
    const r = await gh.issues(REPO, { version: '5.1.0' });
    expect(paths()).toContain('/repos/octo-org/flowlib/issues?state=open&labels=bug&per_page=100');
    const byId = new Map(r.candidates.map((c) => [c.id, c.reason]));
    expect(byId.get('octo-org/flowlib#1100')).toBe('open bug; the release date of 5.1.0 is not known, so it may affect it');
    expect(byId.get('octo-org/flowlib#1150')).toBe('open bug that names 5.1.0');
    expect(byId.has('octo-org/flowlib#1199')).toBe(false); // a pull request
  });

  it('caps the pages and the issues read, and says so', async () => {
    let gh = await serve(issueRoutes(), { maxPages: 1 });
    let r = await gh.issues(REPO, TARGET);
    expect(paths()).not.toContain(BUG_2);
    expect(r.problems).toContain('only the first 4 open issues labelled "bug" of octo-org/flowlib were read (cap)');
    await server!.close();
    gh = await serve(issueRoutes(), { maxIssues: 3 });
    r = await gh.issues(REPO, TARGET);
    expect(paths()).toEqual([LABELS, BUG]);
    expect(r.problems).toContain('the cap of 3 issues for octo-org/flowlib was reached: some open issues were not read');
  });

  it('a next link to another host is not followed (the token would go with it)', async () => {
    other = await startReplayServer(new Map());
    const gh = await serve({ ...issueRoutes(), [BUG]: { body: fixture('issues-bug-page1.json'), headers: { link: `<${other.url}${BUG_2}>; rel="next"` } } });
    const r = await gh.issues(REPO, TARGET);
    expect(other.requests).toEqual([]);
    expect(r.problems.some((p) => p.startsWith('GitHub\'s next page for "bug" pointed to another host'))).toBe(true);
    expect(r.candidates.map((c) => c.id)).toContain('octo-org/flowlib#1201');
  });

  it('an answer that is not a list, or not JSON, is a problem; the other queries still answer', async () => {
    const gh = await serve({ ...issueRoutes(), [REGRESSION]: { body: '{"message":"weird"}' }, [CONFIRMED]: { body: '<html>' } });
    const r = await gh.issues(REPO, TARGET);
    expect(r.problems.filter((p) => p.includes('was not readable'))).toHaveLength(2);
    expect(r.candidates.map((c) => c.id)).toContain('octo-org/flowlib#1300');
  });

  it('labels given as an option are asked for as they are, without reading the label list', async () => {
    const gh = await serve(issueRoutes(), { labels: ['confirmed'] });
    const r = await gh.issues(REPO, TARGET);
    expect(paths()).toEqual([CONFIRMED, SEARCH]);
    expect(r.candidates.map((c) => c.id)).toEqual(['octo-org/flowlib#1210', 'octo-org/flowlib#1150', 'octo-org/flowlib#1300']);
  });
});

describe('GitHub releases', () => {
  it('releases newer than the shipped one whose notes mention fixes; drafts and pre-releases left out; newest; the shipped release date', async () => {
    const gh = await serve({ [RELEASES]: linked(fixture('releases-page1.json'), RELEASES_2), [RELEASES_2]: { body: fixture('releases-page2.json') } });
    const r = await gh.releases(REPO, { name: 'flowlib', version: '5.1.0' }, compareFor('npm'));
    expect(paths()).toEqual([RELEASES, RELEASES_2]);
    expect(r.candidates).toEqual([
      {
        id: 'release:v5.1.1', title: 'v5.1.1', url: 'https://github.com/octo-org/flowlib/releases/tag/v5.1.1', source: 'github-releases',
        createdAt: '2025-04-08T15:20:00Z', reason: 'fixed in 5.1.1, newer than the shipped 5.1.0 (release notes mention regression)',
      },
      {
        id: 'release:v5.2.0', title: 'v5.2.0', url: 'https://github.com/octo-org/flowlib/releases/tag/v5.2.0', source: 'github-releases',
        createdAt: '2025-07-01T09:15:00Z', reason: 'fixed in 5.2.0, newer than the shipped 5.1.0 (release notes mention bug, fix)',
      },
    ]);
    expect(r.newest).toBe('5.3.0'); // newer, no fix mentioned: not a candidate, but the newest release
    expect(r.shippedReleaseDate).toBe('2025-03-31');
    expect(r.problems).toEqual([]);
  });

  it('asks a GitHub Enterprise Server through its own /api/v3, and links its own web pages', async () => {
    // no apiUrl: the repository's server decides where the API is
    server = await startReplayServer(new Map(Object.entries({ [`/api/v3${RELEASES}`]: { body: fixture('releases-page2.json') } })));
    const ghe: RepoRef = { ...REPO, baseUrl: server.url };
    const gh = new GitHubAnomalies({ http: new HttpClient({ service: 'GitHub', retryBaseMs: 0 }), env: { GITHUB_TOKEN: TOKEN, GH_ENTERPRISE_TOKEN: 'ghe-token-1' } });
    const r = await gh.releases(ghe, { name: 'flowlib', version: '5.1.0' }, compareFor('npm'));
    expect(paths()).toEqual([`/api/v3${RELEASES}`]);
    // the enterprise server gets its own token, never the github.com one
    expect(server.requests[0]!.headers.authorization).toBe('Bearer ghe-token-1');
    expect(r.problems).toEqual([]);
    expect(r.sources).toEqual([`${server.url}/octo-org/flowlib/releases (release notes newer than 5.1.0)`]);
    // a server that refuses the token names the enterprise variable, and stops only the questions to that server
    other = await startReplayServer(new Map(Object.entries({ [`/api/v3${RELEASES}`]: { status: 401, body: '{"message":"Bad credentials"}' } })));
    const refused = await gh.releases({ ...REPO, baseUrl: other.url }, { name: 'flowlib', version: '5.1.0' }, compareFor('npm'));
    expect(refused.problems).toEqual([expect.stringMatching(/HTTP 401.*GH_ENTERPRISE_TOKEN/)]);
    expect((await gh.releases(ghe, { name: 'flowlib', version: '5.1.0' }, compareFor('npm'))).problems).toEqual([]);
    expect(paths()).toEqual([`/api/v3${RELEASES}`, `/api/v3${RELEASES}`]);
  });

  it('a repository without releases gives nothing and no problem; a gone one says so', async () => {
    let gh = await serve({ [RELEASES]: { body: '[]' } });
    expect(await gh.releases(REPO, TARGET, compareFor('npm'))).toMatchObject({ candidates: [], problems: [] });
    await server!.close();
    gh = await serve({});
    expect((await gh.releases(REPO, TARGET, compareFor('npm'))).problems).toEqual(['octo-org/flowlib was not found on GitHub (moved, renamed, deleted or private?): its releases were not read']);
  });
});

describe('release tags and bug labels', () => {
  const rel = (tag: string, published: string, extra: Partial<GhRelease> = {}): GhRelease => ({ tag_name: tag, name: tag, body: 'fix', html_url: null, draft: false, prerelease: false, created_at: published, published_at: published, ...extra });

  it('tagVersion splits a family prefix from the version', () => {
    expect(tagVersion('v5.1.1')).toEqual({ prefix: '', version: '5.1.1' });
    expect(tagVersion('react-dom@18.2.0')).toEqual({ prefix: 'react-dom', version: '18.2.0' });
    expect(tagVersion('pkg-v1.2.3-rc.1')).toEqual({ prefix: 'pkg', version: '1.2.3-rc.1' });
    expect(tagVersion('nightly')).toBeUndefined();
  });

  it('a monorepo: the family holding the shipped version, not the other packages', () => {
    const releases = [rel('core@2.0.0', '2025-05-01'), rel('cli@9.0.0', '2025-05-02'), rel('core@1.5.0', '2025-01-01'), rel('core@1.4.0', '2024-10-01')];
    const p = pickReleases(releases, { name: '@acme/core', version: '1.4.0' }, compareFor('npm'))!;
    expect(p.newer.map((r) => r.release.tag_name)).toEqual(['core@1.5.0', 'core@2.0.0']);
    expect(p.newest).toBe('2.0.0');
    expect(p.shippedDate).toBe('2024-10-01');
  });

  it('versions that do not compare fall back to the publication date', () => {
    const never = () => undefined;
    const releases = [rel('v42', '2025-01-01'), rel('v43', '2025-02-01'), rel('v41', '2024-12-01')];
    const p = pickReleases(releases, { name: 'x', version: '42', releaseDate: '2025-01-01' }, never)!;
    expect(p.newer.map((r) => r.release.tag_name)).toEqual(['v43']);
    expect(p.newest).toBe('43');
  });

  it('bug labels: the usual spellings, not their negations', () => {
    for (const l of ['bug', 'Bug', 'type: bug', 'kind/bug', 'Type: Bug 🐛', 'regression', 'type::bug', 'confirmed', 'defect', 'crash']) expect(isBugLabel(l), l).toBe(true);
    for (const l of ['not a bug', 'debug-tools', 'bug bounty', 'enhancement', 'bugfix-candidate', 'invalid', 'confirmed-feature']) expect(isBugLabel(l), l).toBe(false);
  });
});
