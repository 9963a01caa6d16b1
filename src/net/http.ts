import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { TureenError } from '../model/errors.js';
import { TOOL } from '../version.js';
import { parseJson } from '../util/json.js';

/**
 * Tureen's one HTTP client, for every public service it asks (package registries, OSV, NVD, GitHub …): timeouts,
 * retries with backoff on 429/5xx/network errors (Retry-After honoured), a body size cap, a concurrency limit, a
 * request pace, and the HTTPS_PROXY / HTTP_PROXY / NO_PROXY environment variables (which Node's fetch ignores).
 */

/** How requests are made; every value has a default fit for the public registries. */
export interface HttpOptions {
  /** What the server is, for messages ("the registry", "the OSV API" …). Default "the registry". */
  service?: string;
  /** Per attempt (AbortSignal.timeout). Default 30 s. */
  timeoutMs?: number;
  /** Largest response body accepted, decoded bytes. Default 20 MiB. */
  maxBytes?: number;
  /** Attempts for a 429, a 5xx or a network error, the first included. Default 3. */
  maxAttempts?: number;
  /** Backoff before retry n (1-based) when the server sends no Retry-After: base × 2^(n-1). Default 500 ms. */
  retryBaseMs?: number;
  /** Longest wait for one retry, whatever Retry-After asks. Default 30 s. */
  maxRetryWaitMs?: number;
  /** Requests in flight at once to this registry. Default 8. */
  concurrency?: number;
  /** Least time between the starts of two requests (crates.io asks for one per second). Default 0. */
  minIntervalMs?: number;
  /** Sent with every request; crates.io refuses requests without one. Default "tureen/<version> (SOUP register sync)". */
  userAgent?: string;
  /** Headers sent with every request (an API key, a token); never printed. */
  headers?: Record<string, string>;
  /** How to wait between attempts (tests may inject). */
  sleep?: (ms: number) => Promise<void>;
  /** The clock for minIntervalMs, in ms (tests may inject). */
  clock?: () => number;
}

export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;

export type RegistryFailure = 'http' | 'network' | 'timeout' | 'too-large' | 'malformed';

/**
 * A registry lookup that failed for a reason other than "not found": `sync` turns it into a warning finding and
 * carries on with what the lockfile says. `file` is the URL asked.
 */
export class RegistryError extends TureenError {
  readonly kind: RegistryFailure;
  readonly url: string;
  readonly status: number | undefined;

  constructor(opts: { kind: RegistryFailure; url: string; message: string; status?: number; fix?: string; cause?: unknown }) {
    super({
      code: opts.kind === 'too-large' ? 'input.too-large' : opts.kind === 'malformed' ? 'input.malformed' : 'input.unreadable',
      file: opts.url,
      message: opts.message,
      fix: opts.fix ?? (opts.kind === 'malformed' || opts.kind === 'too-large'
        ? 'The registry sent an answer Tureen does not accept; the record keeps what the lockfile says. Check the registry URL (a mirror?) or run with --offline.'
        : 'Check the network, the proxy (HTTPS_PROXY) or the URL, then run again; --offline uses what is stored locally only.'),
      cause: opts.cause,
    });
    this.name = 'RegistryError';
    this.kind = opts.kind;
    this.url = opts.url;
    this.status = opts.status;
  }
}

export function isRegistryError(e: unknown): e is RegistryError {
  return e instanceof RegistryError;
}

/** At most `n` tasks at once; the rest wait in order. */
export class Limiter {
  private active = 0;
  private readonly queue: (() => void)[] = [];
  constructor(private readonly n: number) {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`concurrency must be a positive integer, got ${n}`);
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.n) await new Promise<void>((resolve) => this.queue.push(resolve));
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      this.queue.shift()?.();
    }
  }
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Milliseconds a Retry-After header asks for (delta-seconds or an HTTP date), or undefined when absent/unreadable. */
export function retryAfterMs(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : Math.max(0, t - now);
}

export interface HttpResponse {
  text: string;
  headers: Headers;
  url: string;
}

export interface RequestInit {
  method?: 'GET' | 'POST';
  /** A JSON body is sent with content-type application/json. */
  body?: string;
  headers?: Record<string, string>;
  accept?: string;
}

let proxyReady: Promise<void> | undefined;
/**
 * Node's fetch ignores HTTPS_PROXY; undici's EnvHttpProxyAgent reads HTTPS_PROXY, HTTP_PROXY and NO_PROXY the way
 * curl does. Installed once, and only when one of them is set (loading undici costs start-up time).
 */
function useEnvProxy(): Promise<void> {
  const env = process.env;
  if (!(env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy)) return Promise.resolve();
  proxyReady ??= import('undici').then((u) => {
    // undici 6 marks EnvHttpProxyAgent experimental and says so on stderr; the user asked for a proxy, not a warning
    const emit = process.emitWarning;
    process.emitWarning = (() => undefined) as typeof process.emitWarning;
    try {
      u.setGlobalDispatcher(new u.EnvHttpProxyAgent());
    } finally {
      process.emitWarning = emit;
    }
  });
  return proxyReady;
}

/** GET with timeout, retries with backoff on 429/5xx/network errors, a body size cap and a concurrency limit. */
export class HttpClient {
  private readonly limiter: Limiter;
  private readonly o: Required<Omit<HttpOptions, 'concurrency'>>;
  private nextStart = 0;

  constructor(opts: HttpOptions = {}) {
    this.limiter = new Limiter(opts.concurrency ?? 8);
    this.o = {
      timeoutMs: opts.timeoutMs ?? 30_000,
      maxBytes: opts.maxBytes ?? DEFAULT_MAX_BYTES,
      maxAttempts: Math.max(1, opts.maxAttempts ?? 3),
      retryBaseMs: opts.retryBaseMs ?? 500,
      maxRetryWaitMs: opts.maxRetryWaitMs ?? 30_000,
      minIntervalMs: opts.minIntervalMs ?? 0,
      userAgent: opts.userAgent ?? `${TOOL.name}/${TOOL.version} (SOUP register sync)`,
      sleep: opts.sleep ?? defaultSleep,
      clock: opts.clock ?? Date.now,
      service: opts.service ?? 'the registry',
      headers: opts.headers ?? {},
    };
  }

  /** The body of a 200 answer; undefined for 404 and 410 (the registry does not know it). Anything else throws RegistryError. */
  get(url: string, accept = 'application/json', headers?: Record<string, string>): Promise<HttpResponse | undefined> {
    return this.request(url, { accept, ...(headers ? { headers } : {}) });
  }

  /** Any request; undefined for 404 and 410. */
  request(url: string, init: RequestInit = {}): Promise<HttpResponse | undefined> {
    return this.limiter.run(() => this.attempt(url, init));
  }

  /** As get(), parsed as JSON (plain data: JSON.parse never assigns through __proto__). */
  async getJson(url: string, headers?: Record<string, string>): Promise<{ json: unknown; headers: Headers } | undefined> {
    return this.json(await this.get(url, 'application/json', headers), url);
  }

  /** POST a JSON body, parse the JSON answer (OSV's querybatch). */
  async postJson(url: string, body: unknown, headers?: Record<string, string>): Promise<{ json: unknown; headers: Headers } | undefined> {
    return this.json(await this.request(url, { method: 'POST', body: JSON.stringify(body), ...(headers ? { headers } : {}) }), url);
  }

  private json(res: HttpResponse | undefined, url: string): { json: unknown; headers: Headers } | undefined {
    if (!res) return undefined;
    try {
      return { json: parseJson(res.text, url), headers: res.headers };
    } catch (e) {
      throw new RegistryError({ kind: 'malformed', url, message: `${this.o.service}'s answer is not JSON (${(e as Error).message})`, cause: e });
    }
  }

  private async attempt(url: string, init: RequestInit): Promise<HttpResponse | undefined> {
    const res = await this.send(url, init);
    if (!res) return undefined;
    const text = await this.readCapped(res, url);
    return { text, headers: res.headers, url };
  }

  /**
   * GET `url` into `file`, streamed (an OSV export is hundreds of MB): written to a temporary file beside it and
   * renamed when complete, so a broken download never leaves a partial file. At most `maxBytes` (default 2 GiB).
   * Returns the answer's headers, or undefined for 404/410.
   */
  download(url: string, file: string, opts: { maxBytes?: number; headers?: Record<string, string>; accept?: string } = {}): Promise<{ bytes: number; headers: Headers } | undefined> {
    return this.limiter.run(async () => {
      const res = await this.send(url, { accept: opts.accept ?? '*/*', ...(opts.headers ? { headers: opts.headers } : {}) });
      if (!res) return undefined;
      const max = opts.maxBytes ?? 2 * 1024 ** 3;
      const tmp = `${file}.${process.pid}.${Date.now()}.part`;
      let bytes = 0;
      const out = createWriteStream(tmp, { flags: 'wx' });
      try {
        const reader = res.body?.getReader();
        for (;;) {
          if (!reader) break;
          const { done, value } = await reader.read();
          if (done) break;
          bytes += value.byteLength;
          if (bytes > max) {
            await reader.cancel().catch(() => undefined);
            throw new RegistryError({ kind: 'too-large', url, message: `${this.o.service}'s download is larger than ${max} bytes; it was stopped` });
          }
          if (!out.write(value)) await once(out, 'drain');
        }
        await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
        renameSync(tmp, file);
        return { bytes, headers: res.headers };
      } catch (e) {
        out.destroy();
        rmSync(tmp, { force: true });
        if (e instanceof RegistryError) throw e;
        const name = (e as Error).name;
        throw new RegistryError({ kind: name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'network', url, message: `${this.o.service}'s download broke off (${(e as Error).message})`, cause: e });
      }
    });
  }

  /** One request with retries; the 200 answer unread, undefined for 404/410, RegistryError for anything else. */
  private async send(url: string, init: RequestInit): Promise<Response | undefined> {
    await useEnvProxy();
    const service = this.o.service;
    for (let attempt = 1; ; attempt++) {
      await this.pace();
      let res: Response;
      try {
        res = await fetch(url, {
          method: init.method ?? 'GET',
          headers: {
            'user-agent': this.o.userAgent,
            accept: init.accept ?? 'application/json',
            ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
            ...this.o.headers,
            ...init.headers,
          },
          ...(init.body !== undefined ? { body: init.body } : {}),
          signal: AbortSignal.timeout(this.o.timeoutMs),
          redirect: 'follow',
        });
      } catch (e) {
        const name = (e as Error).name;
        if (name === 'TimeoutError' || name === 'AbortError') {
          throw new RegistryError({ kind: 'timeout', url, message: `${service} did not answer within ${Math.round(this.o.timeoutMs / 1000)} s`, cause: e });
        }
        if (attempt < this.o.maxAttempts) {
          await this.o.sleep(this.backoff(attempt));
          continue;
        }
        const cause = (e as { cause?: { code?: string; message?: string } }).cause;
        throw new RegistryError({ kind: 'network', url, message: `cannot reach ${service} (${cause?.code ?? cause?.message ?? (e as Error).message}) after ${attempt} attempts`, cause: e });
      }
      if (res.status === 404 || res.status === 410) {
        await res.body?.cancel().catch(() => undefined);
        return undefined;
      }
      // GitHub and NVD say "rate limited" with a 403 and x-ratelimit-remaining: 0 (reset: epoch seconds)
      const limited = res.status === 403 && res.headers.get('x-ratelimit-remaining') === '0';
      if (res.status === 429 || res.status >= 500 || limited) {
        await res.body?.cancel().catch(() => undefined);
        if (attempt < this.o.maxAttempts) {
          const reset = Number(res.headers.get('x-ratelimit-reset'));
          const asked = retryAfterMs(res.headers.get('retry-after')) ?? (limited && Number.isFinite(reset) && reset > 0 ? Math.max(0, reset * 1000 - Date.now()) : undefined);
          await this.o.sleep(Math.min(asked ?? this.backoff(attempt), this.o.maxRetryWaitMs));
          continue;
        }
        throw new RegistryError({ kind: 'http', url, status: res.status, message: limited ? `${service} refused: rate limit reached (${attempt} attempts); a token or API key raises the limit` : `${service} answered HTTP ${res.status} ${attempt} times` });
      }
      if (res.status !== 200) {
        await res.body?.cancel().catch(() => undefined);
        throw new RegistryError({ kind: 'http', url, status: res.status, message: `${service} answered HTTP ${res.status}` });
      }
      return res;
    }
  }

  /** Wait for this registry's next request slot (minIntervalMs apart). */
  private async pace(): Promise<void> {
    if (this.o.minIntervalMs <= 0) return;
    const now = this.o.clock();
    const start = Math.max(now, this.nextStart);
    this.nextStart = start + this.o.minIntervalMs;
    if (start > now) await this.o.sleep(start - now);
  }

  private backoff(attempt: number): number {
    return Math.min(this.o.retryBaseMs * 2 ** (attempt - 1), this.o.maxRetryWaitMs);
  }

  private async readCapped(res: Response, url: string): Promise<string> {
    const max = this.o.maxBytes;
    const tooLarge = () => new RegistryError({ kind: 'too-large', url, message: `${this.o.service}'s answer is larger than ${max} bytes; it was not read` });
    const declared = Number(res.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > max && !res.headers.get('content-encoding')) {
      await res.body?.cancel().catch(() => undefined);
      throw tooLarge();
    }
    if (!res.body) return '';
    const reader = res.body.getReader();
    const chunks: Uint8Array[] = [];
    let total = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        total += value.byteLength;
        if (total > max) {
          await reader.cancel().catch(() => undefined);
          throw tooLarge();
        }
        chunks.push(value);
      }
    } catch (e) {
      if (e instanceof RegistryError) throw e;
      const name = (e as Error).name;
      throw new RegistryError({ kind: name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'network', url, message: `${this.o.service}'s answer broke off (${(e as Error).message})`, cause: e });
    }
    return new TextDecoder('utf-8').decode(Buffer.concat(chunks));
  }
}
