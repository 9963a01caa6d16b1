import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One answer of the replay server. */
export interface Reply {
  status?: number;
  body?: string | Buffer;
  headers?: Record<string, string>;
}

/** What a path answers: one reply every time, or a sequence (the last one repeats), or a function. */
export type Route = Reply | Reply[] | ((path: string) => Reply);

export interface ReplayServer {
  /** http://127.0.0.1:<port> */
  url: string;
  /** Every request, in order: the raw path (as sent, percent-encoding kept) and its headers. */
  requests: { path: string; headers: IncomingHttpHeaders }[];
  close(): Promise<void>;
}

/**
 * A local HTTP server on port 0 that replays fixture responses by exact request path and records each request.
 * An unknown path answers 404. `onRequest` runs first (a test can fail there when no request is allowed).
 */
export async function startReplayServer(routes: Map<string, Route>, onRequest?: (path: string) => void): Promise<ReplayServer> {
  const requests: ReplayServer['requests'] = [];
  const served = new Map<string, number>();
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    requests.push({ path, headers: req.headers });
    try {
      onRequest?.(path);
    } catch {
      res.writeHead(599).end();
      return;
    }
    const route = routes.get(path);
    let reply: Reply;
    if (route === undefined) reply = { status: 404, body: '{"error":"Not Found"}' };
    else if (typeof route === 'function') reply = route(path);
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
