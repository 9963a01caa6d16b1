import { z } from 'zod';

/**
 * Helpers shared by the registry clients. Every registry answer is hostile input: values are read field by field,
 * a field of the wrong type is ignored (not an error that loses the rest), strings are trimmed and clipped.
 */

const MAX_TEXT = 500;

/** An optional string field that is ignored when it is anything else. */
export const optStr = z.string().optional().catch(undefined);
/** An optional boolean field that is ignored when it is anything else. */
export const optBool = z.boolean().optional().catch(undefined);
/** An optional array of strings; non-string entries dropped. */
export const optStrList = z.array(z.unknown()).optional().catch(undefined)
  .transform((a) => a?.filter((x): x is string => typeof x === 'string'));

/** The own property `key` of a plain object (never one inherited from Object.prototype, e.g. "constructor"). */
export function own(obj: unknown, key: string): unknown {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return undefined;
  return Object.prototype.hasOwnProperty.call(obj, key) ? (obj as Record<string, unknown>)[key] : undefined;
}

/** Trimmed, single-line, at most 500 characters; undefined when empty. */
export function text(s: string | undefined | null): string | undefined {
  if (typeof s !== 'string') return undefined;
  // eslint-disable-next-line no-control-regex
  const t = s.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim();
  if (!t) return undefined;
  return t.length > MAX_TEXT ? `${t.slice(0, MAX_TEXT - 1)}…` : t;
}

/** The UTC date (YYYY-MM-DD) of an ISO 8601 / RFC 3339 timestamp, or of an HTTP date; undefined when unreadable. */
export function utcDate(s: string | undefined | null): string | undefined {
  if (typeof s !== 'string' || !s.trim()) return undefined;
  const t = Date.parse(s.trim());
  if (Number.isNaN(t)) return undefined;
  const d = new Date(t);
  const y = d.getUTCFullYear();
  if (y < 1970 || y > 9999) return undefined; // NuGet writes 1900-01-01 for unlisted packages: not a date
  return d.toISOString().slice(0, 10);
}

/** The name part of a person string "Name <email> (url)"; undefined when only an e-mail or URL is given. */
export function personName(p: unknown): string | undefined {
  if (typeof p === 'string') {
    const name = p.replace(/<[^>]*>/g, ' ').replace(/\([^)]*\)/g, ' ');
    const t = text(name);
    if (!t || /^\S+@\S+$/.test(t) || /^https?:\/\//i.test(t)) return undefined;
    return t;
  }
  const name = own(p, 'name');
  return typeof name === 'string' ? personName(name) : undefined;
}

/** Distinct names, in order, joined with ", "; undefined when none. */
export function joinNames(names: readonly (string | undefined)[]): string | undefined {
  const seen: string[] = [];
  for (const n of names) if (n && !seen.includes(n)) seen.push(n);
  return seen.length ? text(seen.join(', ')) : undefined;
}

/** An http(s) URL as written (trimmed), or undefined when it is not one. */
export function httpUrl(s: string | undefined | null): string | undefined {
  const t = text(s);
  if (!t) return undefined;
  try {
    const u = new URL(t);
    return u.protocol === 'https:' || u.protocol === 'http:' ? t : undefined;
  } catch {
    return undefined;
  }
}

const HOST_SHORTCUTS: Record<string, string> = { github: 'github.com', gitlab: 'gitlab.com', bitbucket: 'bitbucket.org' };

/**
 * A source repository URL as an https URL a person can open: "git+https://host/o/r.git" → "https://host/o/r",
 * "git@host:o/r.git" and "ssh://git@host/o/r" → "https://host/o/r", "git://host/o/r" → "https://host/o/r",
 * npm shorthands "o/r", "github:o/r", "gitlab:o/r", "bitbucket:o/r". Undefined for anything else.
 */
export function repoUrl(s: string | undefined | null): string | undefined {
  const t = text(s);
  if (!t) return undefined;
  let m = /^(github|gitlab|bitbucket):([\w.-]+\/[\w.-]+?)(?:\.git)?(?:#.*)?$/i.exec(t);
  if (m) return `https://${HOST_SHORTCUTS[m[1]!.toLowerCase()]}/${m[2]}`;
  m = /^([\w.-]+)\/([\w.-]+?)(?:\.git)?(?:#.*)?$/.exec(t);
  if (m && !t.includes(':')) return `https://github.com/${m[1]}/${m[2]}`;
  m = /^[\w.-]+@([\w.-]+):(?!\/\/)(.+)$/.exec(t); // scp-like git@host:owner/repo (no scheme)
  if (m && !/^[a-z][a-z0-9+.-]*:\/\//i.test(t)) return cleanPath(`https://${m[1]}/${m[2]!.replace(/^\/+/, '')}`);
  m = /^(?:git\+)?(?:git|https?|ssh):\/\/(?:[^@/]+@)?(.+)$/i.exec(t);
  if (m) return cleanPath(`https://${m[1]}`);
  return undefined;
}

function cleanPath(url: string): string | undefined {
  try {
    const u = new URL(url);
    u.hash = '';
    u.search = '';
    u.username = '';
    u.password = '';
    const port = u.port;
    let out = u.toString().replace(/\/+$/, '').replace(/\.git$/, '');
    if (port) out = out.replace(`:${port}`, ''); // ssh ports mean nothing over https
    return out;
  } catch {
    return undefined;
  }
}
