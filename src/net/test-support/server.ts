import { afterEach } from 'vitest';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One answer of the replay server. */
export interface Reply {
  status?: number;
  body?: string | Buffer;
  headers?: Record<string, string>;
}

/** A request as the server saw it. */
export interface SeenRequest {
  path: string;
  method: string;
  headers: IncomingHttpHeaders;
  /** The request body (POST), as text. */
  body: string;
}

/** What a path answers: one reply every time, or a sequence (the last one repeats), or a function of the request. */
export type Route = Reply | Reply[] | ((path: string, req: SeenRequest) => Reply);

export interface ReplayServer {
  /** http://127.0.0.1:<port> */
  url: string;
  /** Every request, in order: the raw path (as sent, percent-encoding kept) and its headers. */
  requests: SeenRequest[];
  close(): Promise<void>;
}

/**
 * A local HTTP server on port 0 that replays fixture responses by exact request path (else by the path without its
 * query string) and records each request.
 * An unknown path answers 404. `onRequest` runs first (a test can fail there when no request is allowed).
 */
export async function startReplayServer(routes: Map<string, Route>, onRequest?: (path: string) => void): Promise<ReplayServer> {
  const requests: ReplayServer['requests'] = [];
  const served = new Map<string, number>();
  const server = createServer(async (req, res) => {
    const path = req.url ?? '/';
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const seen: SeenRequest = { path, method: req.method ?? 'GET', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
    requests.push(seen);
    try {
      onRequest?.(path);
    } catch {
      res.writeHead(599).end();
      return;
    }
    // an exact path first; else the path without its query string (a route that reads the query itself)
    const route = routes.get(path) ?? routes.get(path.split('?')[0]!);
    let reply: Reply;
    if (route === undefined) reply = { status: 404, body: '{"error":"Not Found"}' };
    else if (typeof route === 'function') {
      try {
        reply = route(path, seen);
      } catch (e) {
        reply = { status: 500, body: String(e) };
      }
    }
    else if (Array.isArray(route)) {
      const n = served.get(path) ?? 0;
      served.set(path, n + 1);
      reply = route[Math.min(n, route.length - 1)] ?? { status: 500 };
    } else reply = route;
    res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
    res.end(reply.body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((e) => (e ? reject(e) : resolve()));
    }),
  };
}

/**
 * One replay server per test, for a test file's clients: `serve(routes)` starts it and gives its URL; it is closed
 * after each test. Call at the top of a test file (it registers the afterEach hook).
 */
export function replayPerTest(): { serve(routes: Map<string, Route> | Record<string, Route>): Promise<string>; readonly server: ReplayServer | undefined } {
  let current: ReplayServer | undefined;
  afterEach(async () => {
    // a test may have closed it itself (an unreachable server): closing twice is not a failure
    await current?.close().catch(() => undefined);
    current = undefined;
  });
  return {
    async serve(routes) {
      current = await startReplayServer(routes instanceof Map ? routes : new Map(Object.entries(routes)));
      return current.url;
    },
    get server() {
      return current;
    },
  };
}

/** A sleep that records what it was asked to wait and returns at once (retry and pacing tests). */
export function sleepRecorder(): { waits: number[]; sleep: (ms: number) => Promise<void> } {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}
