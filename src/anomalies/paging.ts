import type { z } from 'zod';
import { type HttpClient, RegistryError } from '../net/http.js';
import { parseJson } from '../util/json.js';

/**
 * Paginated GETs for the issue trackers: the next page comes from the Link header (rel="next", RFC 8288, as GitHub
 * and GitLab send it) or, for GitLab, from x-next-page. A next link to another origin is not followed: the request
 * would carry the token to a host the user did not name.
 */

/** rel → URL of a Link header: `<https://…?page=2>; rel="next", <…>; rel="last"`. Unreadable parts are skipped. */
export function parseLink(header: string | null | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!header || header.length > 16_384) return out;
  for (const m of header.matchAll(/<([^>]*)>\s*((?:;\s*[^;,]+)*)/g)) {
    const url = m[1]!;
    for (const p of (m[2] ?? '').split(';')) {
      const rel = /^\s*rel\s*=\s*"?([^"]+)"?\s*$/i.exec(p);
      if (!rel) continue;
      for (const r of rel[1]!.trim().split(/\s+/)) if (!out.has(r.toLowerCase())) out.set(r.toLowerCase(), url);
    }
  }
  return out;
}

export function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

export interface PageRequest {
  accept: string;
  headers: Record<string, string>;
  maxPages: number;
  maxItems: number;
  /** The next page's URL from an answer (absolute or relative to `url`); undefined on the last page. */
  next?: (headers: Headers, url: string) => string | undefined;
}

export interface Pages<T> {
  /** undefined when the first page is 404/410: the resource does not exist */
  items: T[] | undefined;
  /** items in the answers that did not fit the schema */
  skipped: number;
  /** stopped at maxPages or maxItems with more pages left */
  capped: boolean;
  /** a next link to another origin that was not followed */
  refused?: string;
}

/** The next URL from the Link header. */
export function linkNext(headers: Headers, url: string): string | undefined {
  const next = parseLink(headers.get('link')).get('next');
  if (!next) return undefined;
  try {
    return new URL(next, url).href;
  } catch {
    return undefined;
  }
}

/** Link rel="next", else GitLab's x-next-page (empty on the last page) as the page parameter. */
export function linkOrNextPage(headers: Headers, url: string): string | undefined {
  const link = linkNext(headers, url);
  if (link) return link;
  const page = headers.get('x-next-page')?.trim();
  if (!page || !/^\d{1,6}$/.test(page)) return undefined;
  const u = new URL(url);
  u.searchParams.set('page', page);
  return u.href;
}

/**
 * GET `url` and the pages after it, each answer read by `read` (zod-parsed items, with a count of those refused).
 * Throws RegistryError for failures (HTTP, network, malformed JSON); a 404 of a later page ends the list.
 */
export async function fetchPages<T>(http: HttpClient, url: string, req: PageRequest, read: (json: unknown, url: string) => { items: T[]; skipped: number }): Promise<Pages<T>> {
  const items: T[] = [];
  let skipped = 0;
  let next: string | undefined = url;
  for (let page = 0; next; page++) {
    if (page >= req.maxPages || items.length >= req.maxItems) return { items: items.slice(0, req.maxItems), skipped, capped: true };
    const at: string = next;
    const res = await http.get(at, req.accept, req.headers);
    if (!res) {
      if (page === 0) return { items: undefined, skipped, capped: false };
      break;
    }
    let json: unknown;
    try {
      json = parseJson(res.text, at);
    } catch (e) {
      throw new RegistryError({ kind: 'malformed', url: at, message: `the answer is not JSON (${(e as Error).message})`, cause: e });
    }
    const got = read(json, at);
    items.push(...got.items);
    skipped += got.skipped;
    next = (req.next ?? linkNext)(res.headers, at);
    if (next && !sameOrigin(next, url)) return { items: items.slice(0, req.maxItems), skipped, capped: true, refused: next };
  }
  const capped = items.length > req.maxItems;
  return { items: items.slice(0, req.maxItems), skipped, capped };
}

/** Each element of an array answer through `schema` (a refused element is counted, not fatal); undefined when the answer is not an array. */
export function readArray<T>(schema: z.ZodType<T>, json: unknown): { items: T[]; skipped: number } | undefined {
  if (!Array.isArray(json)) return undefined;
  const items: T[] = [];
  let skipped = 0;
  for (const x of json) {
    const p = schema.safeParse(x);
    if (p.success) items.push(p.data);
    else skipped++;
  }
  return { items, skipped };
}
