import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { HttpClient, Limiter, RegistryError, retryAfterMs } from './http.js';
import { replayPerTest, sleepRecorder } from './test-support/server.js';

const replay = replayPerTest();

const serve = replay.serve;

const recorder = sleepRecorder;

describe('HttpClient', () => {
  it('404 is "not found" (undefined), not an error; so is 410', async () => {
    const base = await serve({ '/gone': { status: 410 } });
    const http = new HttpClient();
    expect(await http.get(`${base}/missing`)).toBeUndefined();
    expect(await http.get(`${base}/gone`)).toBeUndefined();
    expect(replay.server!.requests).toHaveLength(2);
  });

  it('429 then 200: retried once, honouring Retry-After (seconds)', async () => {
    const base = await serve({ '/p': [{ status: 429, headers: { 'retry-after': '7' } }, { body: '{"ok":true}' }] });
    const r = recorder();
    const res = await new HttpClient({ sleep: r.sleep }).getJson(`${base}/p`);
    expect(res?.json).toEqual({ ok: true });
    expect(replay.server!.requests.map((q) => q.path)).toEqual(['/p', '/p']);
    expect(r.waits).toEqual([7000]);
  });

  it('Retry-After is capped by maxRetryWaitMs; without it the backoff doubles', async () => {
    const base = await serve({
      '/a': [{ status: 503, headers: { 'retry-after': '3600' } }, { body: '1' }],
      '/b': [{ status: 502 }, { status: 500 }, { body: '2' }],
    });
    const r = recorder();
    const http = new HttpClient({ sleep: r.sleep, retryBaseMs: 100, maxRetryWaitMs: 5000 });
    expect((await http.getJson(`${base}/a`))?.json).toBe(1);
    expect((await http.getJson(`${base}/b`))?.json).toBe(2);
    expect(r.waits).toEqual([5000, 100, 200]);
  });

  it('500 three times is a failure after exactly 3 attempts', async () => {
    const base = await serve({ '/p': { status: 500, body: 'oops' } });
    const r = recorder();
    const err = await new HttpClient({ sleep: r.sleep }).get(`${base}/p`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RegistryError);
    expect(err).toMatchObject({ kind: 'http', status: 500, code: 'input.unreadable', file: `${base}/p` });
    expect((err as RegistryError).format()).toContain('fix:');
    expect(replay.server!.requests).toHaveLength(3);
    expect(r.waits).toHaveLength(2);
  });

  it('another status (403) fails at once, without retry', async () => {
    const base = await serve({ '/p': { status: 403 } });
    await expect(new HttpClient({ sleep: recorder().sleep }).get(`${base}/p`)).rejects.toMatchObject({ kind: 'http', status: 403 });
    expect(replay.server!.requests).toHaveLength(1);
  });

  it('a response larger than the cap is refused: declared length, and streamed without a length', async () => {
    const big = Buffer.alloc(4096, 0x20);
    const base = await serve({
      '/declared': { body: big },
      '/streamed': () => ({ body: big, headers: { 'transfer-encoding': 'chunked' } }),
    });
    const http = new HttpClient({ maxBytes: 1024 });
    await expect(http.get(`${base}/declared`)).rejects.toMatchObject({ kind: 'too-large', code: 'input.too-large' });
    await expect(http.get(`${base}/streamed`)).rejects.toMatchObject({ kind: 'too-large' });
    expect((await new HttpClient({ maxBytes: 4096 }).get(`${base}/declared`))?.text).toHaveLength(4096);
  });

  it('the default cap (20 MiB) refuses a 21 MiB answer', async () => {
    const big = Buffer.alloc(21 * 1024 * 1024, 0x20);
    const base = await serve({ '/huge': () => ({ body: big, headers: { 'transfer-encoding': 'chunked' } }) });
    await expect(new HttpClient().get(`${base}/huge`)).rejects.toMatchObject({ kind: 'too-large' });
  });

  it('garbage instead of JSON is a malformed-answer failure', async () => {
    const base = await serve({ '/p': { body: '<html>Service Unavailable</html>' } });
    await expect(new HttpClient().getJson(`${base}/p`)).rejects.toMatchObject({ kind: 'malformed', code: 'input.malformed' });
  });

  it('an unreachable registry is a network failure after the retries', async () => {
    const base = await serve({});
    await replay.server!.close(); // closed again after the test: harmless
    const r = recorder();
    await expect(new HttpClient({ sleep: r.sleep }).get(`${base}/p`)).rejects.toMatchObject({ kind: 'network' });
    expect(r.waits).toHaveLength(2);
  });

  it('a registry that never answers times out', async () => {
    const hanging = createServer(() => undefined); // never responds
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    const { port } = hanging.address() as AddressInfo;
    try {
      await expect(new HttpClient({ timeoutMs: 100 }).get(`http://127.0.0.1:${port}/p`)).rejects.toMatchObject({ kind: 'timeout' });
    } finally {
      hanging.closeAllConnections();
      await new Promise((resolve) => hanging.close(resolve));
    }
  });

  it('never has more requests in flight than its concurrency limit', async () => {
    let inFlight = 0;
    let most = 0;
    const slow = createServer((_req, res) => {
      inFlight++;
      most = Math.max(most, inFlight);
      setTimeout(() => {
        inFlight--;
        res.end('{}');
      }, 15);
    });
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    const { port } = slow.address() as AddressInfo;
    try {
      const http = new HttpClient({ concurrency: 2 });
      await Promise.all(Array.from({ length: 8 }, (_, i) => http.get(`http://127.0.0.1:${port}/${i}`)));
      expect(most).toBeLessThanOrEqual(2);
      expect(most).toBeGreaterThanOrEqual(1);
    } finally {
      slow.closeAllConnections();
      await new Promise((resolve) => slow.close(resolve));
    }
  });
});

describe('HttpClient pacing', () => {
  it('starts requests at least minIntervalMs apart (crates.io: one a second)', async () => {
    const base = await serve({ '/p': { body: '{}' } });
    const r = recorder();
    const http = new HttpClient({ minIntervalMs: 1000, sleep: r.sleep, clock: () => 0 });
    for (let i = 0; i < 3; i++) await http.get(`${base}/p`);
    // the injected clock stands still, so each request waits for its slot: 0, 1000, 2000
    expect(r.waits).toEqual([1000, 2000]);
    expect(replay.server!.requests).toHaveLength(3);
  });
});

describe('Limiter', () => {
  it('runs every task, at most n at once, and passes results and errors through', async () => {
    const lim = new Limiter(3);
    let active = 0;
    let most = 0;
    const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => lim.run(async () => {
      active++;
      most = Math.max(most, active);
      await new Promise((resolve) => setImmediate(resolve));
      active--;
      if (i === 4) throw new Error('four');
      return i;
    })));
    expect(most).toBe(3);
    expect(results.filter((r) => r.status === 'fulfilled').map((r) => (r as PromiseFulfilledResult<number>).value)).toEqual([0, 1, 2, 3, 5, 6, 7, 8, 9]);
    expect(() => new Limiter(0)).toThrow(RangeError);
  });
});

describe('retryAfterMs', () => {
  it('reads delta-seconds and HTTP dates', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs('12', now)).toBe(12_000);
    expect(retryAfterMs('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
  });
});

describe('HttpClient: POST, headers, rate limits, downloads, proxy', () => {
  it('POSTs a JSON body with content-type and the configured headers (an API key), and parses the answer', async () => {
    const base = await serve({ '/v1/querybatch': (_p, req) => ({ body: JSON.stringify({ echo: JSON.parse(req.body) as unknown, method: req.method }) }) });
    const http = new HttpClient({ service: 'the OSV API', headers: { apikey: 'k-123' } });
    const res = await http.postJson(`${base}/v1/querybatch`, { queries: [{ package: { name: 'ws', ecosystem: 'npm' }, version: '8.0.0' }] });
    expect(res?.json).toEqual({ echo: { queries: [{ package: { name: 'ws', ecosystem: 'npm' }, version: '8.0.0' }] }, method: 'POST' });
    const seen = replay.server!.requests[0]!;
    expect(seen.headers['content-type']).toBe('application/json');
    expect(seen.headers.apikey).toBe('k-123');
  });

  it('a 403 with x-ratelimit-remaining: 0 waits for x-ratelimit-reset, then retries; a plain 403 is an error at once', async () => {
    const reset = Math.floor(Date.now() / 1000) + 20;
    const base = await serve({
      '/limited': [{ status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) } }, { body: '[]' }],
      '/forbidden': { status: 403 },
    });
    const r = recorder();
    const http = new HttpClient({ sleep: r.sleep, service: 'GitHub' });
    expect((await http.getJson(`${base}/limited`))?.json).toEqual([]);
    expect(r.waits).toHaveLength(1);
    expect(r.waits[0]).toBeGreaterThan(15_000);
    expect(r.waits[0]).toBeLessThanOrEqual(20_000);
    const e = await http.get(`${base}/forbidden`).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(RegistryError);
    expect((e as RegistryError).message).toBe('GitHub answered HTTP 403');
  });

  it('downloads to a file in one piece; a download over the cap leaves no file, partial or whole', async () => {
    const { mkdtempSync, readFileSync, readdirSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'tureen-dl-'));
    const body = Buffer.alloc(300_000, 7);
    const base = await serve({ '/all.zip': { body, headers: { 'content-type': 'application/zip' } } });
    const http = new HttpClient();
    expect(await http.download(`${base}/all.zip`, join(dir, 'a.zip'))).toMatchObject({ bytes: 300_000 });
    expect(readFileSync(join(dir, 'a.zip')).equals(body)).toBe(true);
    const e = await http.download(`${base}/all.zip`, join(dir, 'b.zip'), { maxBytes: 100_000 }).catch((x: unknown) => x);
    expect((e as RegistryError).kind).toBe('too-large');
    expect(readdirSync(dir)).toEqual(['a.zip']);
    expect(await http.download(`${base}/missing.zip`, join(dir, 'c.zip'))).toBeUndefined();
  });

  it('goes through the proxy HTTP_PROXY names (a child process, so the global dispatcher stays out of other tests)', async () => {
    const { spawn } = await import('node:child_process');
    const { connect } = await import('node:net');
    const { fileURLToPath } = await import('node:url');
    const base = await serve({ '/left-pad': { body: '{"name":"left-pad"}' } });
    const target = Number(new URL(base).port);
    // a forward proxy as corporate ones work: CONNECT host:port, then a tunnel (here always to the replay server)
    const tunnels: string[] = [];
    const proxy = createServer((_req, res) => res.writeHead(405).end());
    proxy.on('connect', (req, client, head) => {
      tunnels.push(req.url ?? '');
      const upstream = connect(target, '127.0.0.1', () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const port = (proxy.address() as AddressInfo).port;
    try {
      const module = fileURLToPath(new URL('./http.ts', import.meta.url)).replace(/src[\\/]net[\\/]http\.ts$/, 'dist/net/http.js');
      const script = `import(${JSON.stringify(module)}).then(async (m) => { const r = await new m.HttpClient({ maxAttempts: 1, timeoutMs: 5000 }).getJson('http://registry.invalid:8080/left-pad'); process.stdout.write(JSON.stringify(r.json)); })`;
      const out = await new Promise<{ stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, ['-e', script], { env: { ...process.env, HTTP_PROXY: `http://127.0.0.1:${port}`, NO_PROXY: '' } });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('close', () => resolve({ stdout, stderr }));
      });
      expect(out.stderr).toBe(''); // no experimental-feature warning reaches the user
      expect(out.stdout).toBe('{"name":"left-pad"}');
      expect(tunnels).toEqual(['registry.invalid:8080']);
      expect(replay.server!.requests.map((q) => q.path)).toEqual(['/left-pad']);
    } finally {
      proxy.closeAllConnections();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    }
  });
});
