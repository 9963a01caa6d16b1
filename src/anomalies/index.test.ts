import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpClient } from '../net/http.js';
import { type ReplayServer, type Route, type SeenRequest, startReplayServer } from '../net/test-support/server.js';
import { EndOfLifeClient, findAnomalies, GitHubAnomalies, GitLabAnomalies, type FindOptions } from './index.js';

const read = (p: string) => readFileSync(new URL(p, import.meta.url), 'utf8');
const NOW = new Date('2026-11-26T12:00:00Z');
const quiet = (service?: string) => new HttpClient({ retryBaseMs: 0, sleep: async () => undefined, ...(service ? { service } : {}) });

let server: ReplayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const SINCE = 'since=2025-03-31T00%3A00%3A00Z';
const next = (body: string, path: string): Route => (_p: string, req: SeenRequest) => ({ body, headers: { link: `<http://${req.headers.host}${path}>; rel="next"` } });
const GITHUB: Record<string, Route> = {
  '/repos/octo-org/flowlib/releases?per_page=100': next(read('./github/fixtures/releases-page1.json'), '/repositories/4242/releases?per_page=100&page=2'),
  '/repositories/4242/releases?per_page=100&page=2': { body: read('./github/fixtures/releases-page2.json') },
  '/repos/octo-org/flowlib/labels?per_page=100': { body: read('./github/fixtures/labels.json') },
  [`/repos/octo-org/flowlib/issues?state=open&labels=bug&${SINCE}&per_page=100`]: next(read('./github/fixtures/issues-bug-page1.json'), `/repositories/4242/issues?state=open&labels=bug&${SINCE}&per_page=100&page=2`),
  [`/repositories/4242/issues?state=open&labels=bug&${SINCE}&per_page=100&page=2`]: { body: read('./github/fixtures/issues-bug-page2.json') },
  [`/repos/octo-org/flowlib/issues?state=open&labels=type%3A%20regression&${SINCE}&per_page=100`]: { body: read('./github/fixtures/issues-regression.json') },
  [`/repos/octo-org/flowlib/issues?state=open&labels=confirmed&${SINCE}&per_page=100`]: { body: read('./github/fixtures/issues-confirmed.json') },
  '/search/issues?q=repo%3Aocto-org%2Fflowlib%20is%3Aissue%20is%3Aopen%20%225.1.0%22&per_page=100': { body: read('./github/fixtures/search-5.1.0.json') },
};

async function online(routes: Record<string, Route>, extra: Partial<FindOptions> = {}): Promise<FindOptions> {
  server = await startReplayServer(new Map(Object.entries(routes)));
  return {
    now: NOW,
    github: new GitHubAnomalies({ apiUrl: server.url, http: quiet(), env: {} }),
    gitlab: new GitLabAnomalies({ apiUrl: `${server.url}/api/v4`, http: quiet(), env: {} }),
    endoflife: new EndOfLifeClient({ baseUrl: server.url, http: quiet('endoflife.date') }),
    ...extra,
  };
}

describe('findAnomalies', () => {
  it('offline: only the changelog and the registry flags, and nothing is asked', async () => {
    server = await startReplayServer(new Map(), () => {
      throw new Error('no request may be made offline');
    });
    const r = await findAnomalies({
      name: 'flowlib', version: '2.0.0', ecosystem: 'npm', sourceUrl: 'https://github.com/octo-org/flowlib',
      deprecated: 'critical bug, upgrade to 2.1.0', changelogText: read('./changelog/fixtures/styles.CHANGELOG.md'),
    }, { now: NOW, offline: true, github: { apiUrl: server.url }, endoflife: { baseUrl: server.url } });
    expect(server.requests).toEqual([]);
    expect(r.candidates.map((c) => c.id)).toEqual(['registry:deprecated', 'changelog:unreleased#1', 'changelog:2.1.0#1', 'changelog:2.0.1#1']);
    expect(r.problems).toEqual(['offline: the issue tracker, the release notes and endoflife.date were not asked']);
    expect(r.sources).toEqual(['package registry: deprecation and yank of flowlib 2.0.0', 'changelog of flowlib: fixes in the versions after 2.0.0']);
  });

  it('a GitHub item: releases (newest, the release date of the shipped version) then issues since that date', async () => {
    const opts = await online(GITHUB);
    const r = await findAnomalies({ name: 'flowlib', version: '5.1.0', ecosystem: 'npm', sourceUrl: 'git+https://github.com/octo-org/flowlib.git' }, opts);
    expect(r.newest).toBe('5.3.0');
    // no release date was given: the v5.1.0 release's publication day (2025-03-31) is the `since` of the issue queries
    expect(server!.requests.map((q) => q.path).filter((p) => p.includes('/issues?'))[0]).toContain(SINCE);
    expect(r.candidates.map((c) => c.id)).toEqual([
      'release:v5.1.1', 'release:v5.2.0',
      'octo-org/flowlib#1201', 'octo-org/flowlib#1150', 'octo-org/flowlib#1210', 'octo-org/flowlib#1220', 'octo-org/flowlib#1300',
    ]);
    expect(r.endOfLife).toBeUndefined();
    expect(r.sources.some((s) => s.startsWith('https://github.com/octo-org/flowlib/releases'))).toBe(true);
    expect(r.problems).toEqual(['1 item(s) in GitHub\'s answers for octo-org/flowlib were not readable and were skipped']);
  });

  it('a container image: no repository (a problem), its end of life from endoflife.date', async () => {
    const opts = await online({ '/api/nodejs.json': { body: read('./endoflife/fixtures/nodejs.json') } });
    const t = { name: 'docker.io/library/node', version: '20.11.0-bookworm-slim', ecosystem: 'Docker' };
    const r = await findAnomalies(t, opts);
    expect(r.problems).toEqual(['no source repository is known for docker.io/library/node: no issue tracker or release notes were asked; add its source URL or review its anomaly list by hand']);
    expect(r.endOfLife).toMatchObject({ product: 'nodejs', cycle: '20', supported: false });
    expect(r.candidates).toEqual([{
      id: 'eol:nodejs:20', title: 'Node.js 20: end of life since 2026-04-30', url: 'https://endoflife.date/nodejs', source: 'endoflife',
      createdAt: '2026-04-30', reason: 'Node.js 20 reached end of life on 2026-04-30; latest release of the cycle: 20.11.0',
    }]);
    expect(r.sources).toContain('https://endoflife.date/nodejs (Node.js 20)');
    // an end of life within the warning window is a candidate; one years ahead is not, but is still reported
    const soon = await findAnomalies(t, { ...opts, now: new Date('2026-01-15T00:00:00Z') });
    expect(soon.candidates[0]).toMatchObject({ id: 'eol:nodejs:20', title: 'Node.js 20: end of life on 2026-04-30' });
    expect(soon.candidates[0]!.reason.startsWith('Node.js 20 reaches end of life on 2026-04-30')).toBe(true);
    const far = await findAnomalies(t, { ...opts, now: new Date('2024-03-01T00:00:00Z') });
    expect(far.candidates).toEqual([]);
    expect(far.endOfLife).toMatchObject({ cycle: '20', supported: true });
    expect(server!.requests.map((q) => q.path)).toEqual(['/api/nodejs.json']); // the shared client asked once
  });

  it('a package of a Debian release: the release\'s end of life, saying why it applies', async () => {
    const opts = await online({ '/api/debian.json': { body: read('./endoflife/fixtures/debian.json') } });
    const r = await findAnomalies({ name: 'openssl', version: '3.0.15-1~deb12u1', ecosystem: 'Debian:12' }, opts);
    expect(r.candidates.map((c) => [c.id, c.reason])).toEqual([[
      'eol:debian:12',
      'the Debian 12 release that ships openssl: Debian 12 reached end of life on 2026-06-10; extended support until 2028-06-10; latest release of the cycle: 12.11',
    ]]);
  });

  it('a GitLab item: its issues, and a problem saying its release notes were not read', async () => {
    const P = '/api/v4/projects/pump-team%2Fdrivers%2Fserial-io';
    const opts = await online({
      [`${P}/labels?per_page=100`]: { body: '[{"id":1,"name":"type::bug"}]' },
      [`${P}/issues?state=opened&labels=type%3A%3Abug&created_after=2025-03-31T00%3A00%3A00Z&per_page=100`]: { body: read('./gitlab/fixtures/issues-bug-page1.json') },
      [`${P}/issues?state=opened&search=5.1.0&in=title,description&per_page=100`]: { body: '[]' },
    });
    const r = await findAnomalies({ name: 'serial-io', version: '5.1.0', ecosystem: 'PyPI', releaseDate: '2025-03-31', sourceUrl: 'https://gitlab.com/pump-team/drivers/serial-io/-/tree/main' }, opts);
    expect(r.candidates.map((c) => c.id)).toEqual(['gitlab:pump-team/drivers/serial-io#45', 'gitlab:pump-team/drivers/serial-io#47']);
    expect(r.problems).toEqual(['GitLab release notes are not read by Tureen: review https://gitlab.com/pump-team/drivers/serial-io/-/releases by hand']);
  });

  it('a source that is not GitHub or GitLab, or GitHub turned off, is said; an unreachable endoflife.date is a problem, not a failure', async () => {
    const opts = await online({ '/api/react.json': { status: 503 } });
    const r = await findAnomalies({ name: 'react', version: '18.2.0', ecosystem: 'npm', sourceUrl: 'https://bitbucket.org/x/y' }, opts);
    expect(r.problems).toEqual([
      'the source URL of react (https://bitbucket.org/x/y) is not a GitHub or GitLab repository: no issue tracker or release notes were asked; review its anomaly list by hand',
      'endoflife.date could not be asked about React 18.2.0: endoflife.date answered HTTP 503 3 times',
    ]);
    const off = await findAnomalies({ name: 'flowlib', version: '5.1.0', ecosystem: 'npm', sourceUrl: 'https://github.com/octo-org/flowlib' }, { ...opts, github: false, endoflife: false });
    expect(off.problems).toEqual(['GitHub was not asked for octo-org/flowlib (turned off)']);
    expect(server!.requests.map((q) => q.path)).toEqual(['/api/react.json', '/api/react.json', '/api/react.json']);
  });
});
