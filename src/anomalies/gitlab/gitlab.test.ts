import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpClient } from '../../net/http.js';
import { type ReplayServer, type Route, type SeenRequest, startReplayServer } from '../../net/test-support/server.js';
import type { RepoRef } from '../repo.js';
import { GitLabAnomalies, type GitLabOptions } from './index.js';

const fixture = (f: string) => readFileSync(new URL(`./fixtures/${f}`, import.meta.url), 'utf8');
const REPO: RepoRef = { host: 'gitlab', owner: 'pump-team/drivers', repo: 'serial-io', baseUrl: 'https://gitlab.com' };
const TARGET = { version: '5.1.0', releaseDate: '2025-03-31' };
const TOKEN = 'glpat-testtoken-abcdef';

// written out by hand as GitLab's documentation spells them (URL-encoded project path)
const P = '/api/v4/projects/pump-team%2Fdrivers%2Fserial-io';
const LABELS = `${P}/labels?per_page=100`;
const AFTER = 'created_after=2025-03-31T00%3A00%3A00Z';
const BUG = `${P}/issues?state=opened&labels=type%3A%3Abug&${AFTER}&per_page=100`;
const BUG_2 = `${BUG}&page=2`; // from x-next-page
const REGRESSION = `${P}/issues?state=opened&labels=regression&${AFTER}&per_page=100`;
const REGRESSION_2 = `/api/v4/projects/4711/issues?created_after=2025-03-31T00%3A00%3A00Z&labels=regression&page=2&per_page=100&state=opened`; // from Link
const SEARCH = `${P}/issues?state=opened&search=5.1.0&in=title,description&per_page=100`;

let server: ReplayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const routes = (): Record<string, Route> => ({
  [LABELS]: { body: fixture('labels.json') },
  // offset pagination headers as GitLab sends them; the last page has an empty x-next-page
  [BUG]: { body: fixture('issues-bug-page1.json'), headers: { 'x-next-page': '2', 'x-page': '1', 'x-per-page': '100', 'x-total': '3', 'x-total-pages': '2' } },
  [BUG_2]: { body: fixture('issues-bug-page2.json'), headers: { 'x-next-page': '', 'x-page': '2', 'x-per-page': '100', 'x-total': '3', 'x-total-pages': '2' } },
  [REGRESSION]: (_p: string, req: SeenRequest) => ({
    body: fixture('issues-regression-page1.json'),
    headers: { link: `<http://${req.headers.host}${REGRESSION_2}>; rel="next", <http://${req.headers.host}${REGRESSION}>; rel="first", <http://${req.headers.host}${REGRESSION_2}>; rel="last"` },
  }),
  [REGRESSION_2]: { body: fixture('issues-regression-page2.json') },
  [SEARCH]: { body: fixture('search-5.1.0.json') },
});

async function serve(r: Record<string, Route>, opts: Partial<GitLabOptions> = {}) {
  server = await startReplayServer(new Map(Object.entries(r)));
  return new GitLabAnomalies({ apiUrl: `${server.url}/api/v4`, http: new HttpClient({ service: 'GitLab', retryBaseMs: 0, sleep: async () => undefined }), env: { GITLAB_TOKEN: TOKEN }, ...opts });
}
const paths = () => server!.requests.map((r) => r.path);

describe('GitLab issues (replayed answers in the documented schema)', () => {
  it('open bug issues created after the release (x-next-page and Link pagination) and issues naming the version', async () => {
    const gl = await serve(routes());
    const r = await gl.issues(REPO, TARGET);
    expect(paths()).toEqual([LABELS, BUG, BUG_2, REGRESSION, REGRESSION_2, SEARCH]);
    expect(r.candidates.map((c) => [c.id, c.reason])).toEqual([
      ['gitlab:pump-team/drivers/serial-io#45', 'open bug created after 5.1.0 was released (2025-03-31)'],
      ['gitlab:pump-team/drivers/serial-io#47', 'open bug created after 5.1.0 was released (2025-03-31)'],
      ['gitlab:pump-team/drivers/serial-io#52', 'open bug created after 5.1.0 was released (2025-03-31)'],
      ['gitlab:pump-team/drivers/serial-io#60', 'open bug created after 5.1.0 was released (2025-03-31)'],
      ['gitlab:pump-team/drivers/serial-io#30', 'open issue that names 5.1.0'], // "15.1.0" (#31) is not 5.1.0
    ]);
    expect(r.candidates[2]).toEqual({
      id: 'gitlab:pump-team/drivers/serial-io#52',
      title: 'Parity setting ignored since the last release',
      url: 'https://gitlab.com/pump-team/drivers/serial-io/-/issues/52',
      source: 'gitlab-issues',
      createdAt: '2025-06-11T07:30:00.000Z',
      reason: 'open bug created after 5.1.0 was released (2025-03-31)',
      labels: ['type::bug', 'regression'],
    });
    expect(r.problems).toEqual([]);
    expect(r.sources).toHaveLength(3);
    expect(server!.requests.every((q) => q.headers['private-token'] === TOKEN)).toBe(true);
  });

  it('the project\'s web base gives the API of a self-hosted instance; its host is part of the ids', async () => {
    server = await startReplayServer(new Map(Object.entries(routes())));
    const gl = new GitLabAnomalies({ http: new HttpClient({ retryBaseMs: 0 }), env: {} });
    const r = await gl.issues({ ...REPO, baseUrl: server.url }, TARGET);
    expect(paths()[0]).toBe(LABELS);
    const host = new URL(server.url).host;
    expect(r.candidates[0]!.id).toBe(`gitlab:${host}/pump-team/drivers/serial-io#45`);
    expect(server.requests.some((q) => 'private-token' in q.headers)).toBe(false);
  });

  it('a refused token (401) is one problem naming GITLAB_TOKEN, without the token', async () => {
    const gl = await serve({ ...routes(), [LABELS]: { status: 401, body: '{"message":"401 Unauthorized"}' } });
    const r = await gl.issues(REPO, TARGET);
    expect(r.problems).toEqual(['GitLab refused the token (HTTP 401) when asked for the labels of pump-team/drivers/serial-io: check GITLAB_TOKEN (expired or revoked?)']);
    expect(paths()).toEqual([LABELS]);
    expect(JSON.stringify(r)).not.toContain(TOKEN);
  });

  it('a project that is gone (404)', async () => {
    const gl = await serve({});
    const r = await gl.issues(REPO, TARGET);
    expect(r).toEqual({ candidates: [], sources: [], problems: ['pump-team/drivers/serial-io was not found on GitLab (moved, renamed, deleted or private?): its issues were not read'] });
  });

  it('429 with Retry-After, then 500, then the answer', async () => {
    const gl = await serve({ ...routes(), [BUG_2]: [{ status: 429, headers: { 'retry-after': '1' } }, { status: 500 }, { body: fixture('issues-bug-page2.json') }] });
    const r = await gl.issues(REPO, TARGET);
    expect(paths().filter((p) => p === BUG_2)).toHaveLength(3);
    expect(r.candidates.map((c) => c.id)).toContain('gitlab:pump-team/drivers/serial-io#52');
  });

  it('without bug labels only the search is asked, and the problem says so', async () => {
    const gl = await serve({ ...routes(), [LABELS]: { body: '[{"id":1,"name":"feature"}]' } });
    const r = await gl.issues(REPO, TARGET);
    expect(paths()).toEqual([LABELS, SEARCH]);
    expect(r.problems).toEqual(['pump-team/drivers/serial-io has no label that marks bugs: only issues naming 5.1.0 were searched']);
    expect(r.candidates.map((c) => c.id)).toEqual(['gitlab:pump-team/drivers/serial-io#30']);
  });
});
