import { malformed } from '../../model/errors.js';

/** One assignment of an os-release file: the unquoted value and its 1-based line. */
export interface OsReleaseField {
  value: string;
  line: number;
}

/** What Tureen needs to know about the operating system of one root filesystem. */
export interface OsInfo {
  /** os-release ID, lower case (debian, ubuntu, alpine …). */
  id: string;
  /** os-release VERSION_ID ('' when absent, e.g. Debian testing/sid). */
  versionId: string;
  /** os-release VERSION_CODENAME (or UBUNTU_CODENAME), '' when absent. */
  codename: string;
  /** os-release VERSION (free text, e.g. "22.04.4 LTS (Jammy Jellyfish)"), '' when absent. */
  version: string;
  /** os-release ID_LIKE, split on spaces. */
  idLike: string[];
  /** os-release PRETTY_NAME or NAME. */
  prettyName: string;
  /** CPE_NAME when the file has one. */
  cpeName?: string;
}

const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Parse an os-release file (freedesktop.org os-release(5)): newline-separated shell-style assignments
 * `KEY=value`, values optionally in double or single quotes, shell special characters ("$", quotes,
 * backslash, backtick) escaped with a backslash, no variable expansion, no concatenation of quoted strings,
 * "#" lines are comments and blank lines are ignored. Keys are kept in a Map (never an object).
 * A line that is not an assignment throws a TureenError (the spec has no other kind of line).
 */
export function parseOsRelease(text: string, file: string): Map<string, OsReleaseField> {
  const out = new Map<string, OsReleaseField>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = (lines[i] as string).replace(/\r$/, '');
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    const key = eq > 0 ? line.slice(0, eq) : '';
    if (!KEY.test(key)) {
      throw malformed(file, `line ${i + 1} is not a KEY=value assignment`, { line: i + 1 }, 'An os-release file holds only KEY=value lines and # comments (os-release(5)); restore it from the operating system image.');
    }
    const value = unquote(line.slice(eq + 1));
    if (value === undefined) {
      throw malformed(file, `the value of ${key} has an unterminated quote`, { line: i + 1, key }, 'Close the quote (os-release(5) values are one quoted or unquoted shell word).');
    }
    out.set(key, { value, line: i + 1 });
  }
  return out;
}

/** Shell-style unquoting of one word: "…" (backslash escapes $ " \ `), '…' (literal), or bare (backslash escapes any). */
function unquote(s: string): string | undefined {
  let out = '';
  let i = 0;
  while (i < s.length) {
    const c = s[i] as string;
    if (c === '"') {
      i++;
      let closed = false;
      while (i < s.length) {
        const d = s[i] as string;
        if (d === '\\' && i + 1 < s.length && '$"\\`\n'.includes(s[i + 1] as string)) {
          out += s[i + 1];
          i += 2;
        } else if (d === '"') {
          closed = true;
          i++;
          break;
        } else {
          out += d;
          i++;
        }
      }
      if (!closed) return undefined;
    } else if (c === "'") {
      const end = s.indexOf("'", i + 1);
      if (end === -1) return undefined;
      out += s.slice(i + 1, end);
      i = end + 1;
    } else if (c === '\\' && i + 1 < s.length) {
      out += s[i + 1];
      i += 2;
    } else if (c === '#' && (i === 0 || /\s/.test(s[i - 1] as string))) {
      break; // a trailing comment after the word
    } else if (/\s/.test(c)) {
      // whitespace ends the word; what follows is not part of the value (no concatenation in os-release)
      const rest = s.slice(i).trim();
      if (rest === '' || rest.startsWith('#')) break;
      out += c;
      i++;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** The OS facts of a parsed os-release. ID is lower-cased; a missing ID is "linux" (os-release(5) default). */
export function osInfo(fields: Map<string, OsReleaseField>): OsInfo {
  const get = (k: string) => fields.get(k)?.value.trim() ?? '';
  const cpe = get('CPE_NAME');
  return {
    id: (get('ID') || 'linux').toLowerCase(),
    versionId: get('VERSION_ID'),
    codename: get('VERSION_CODENAME') || get('UBUNTU_CODENAME'),
    version: get('VERSION'),
    idLike: get('ID_LIKE').toLowerCase().split(/\s+/).filter(Boolean),
    prettyName: get('PRETTY_NAME') || get('NAME') || 'Linux',
    ...(cpe ? { cpeName: cpe } : {}),
  };
}

/** Read the os-release of a root filesystem: parse + facts. */
export function readOsRelease(text: string, file: string): OsInfo {
  return osInfo(parseOsRelease(text, file));
}
