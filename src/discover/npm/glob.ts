/**
 * Does a folder match npm "workspaces" patterns?
 *
 * Hand-written: glob libraries (picomatch, minimatch) compile patterns to backtracking regular
 * expressions, and the patterns here come from a lockfile, which is untrusted text: picomatch took
 * 41 s to test `(a+)+b` against a 31-character string. This matcher supports what workspace
 * patterns use: `*` and `?` within a folder name, `**` for any number of folders, `{a,b}`
 * alternatives, a leading `./`, and `!` to exclude; every other character is literal. Matching is
 * the two-pointer wildcard algorithm (a star only ever backtracks to its last position), at the
 * folder level for `**` and at the character level inside a name: O(pattern × path), no regex.
 */

const MAX_ALTERNATIVES = 256;

/** Expand `{a,b}` alternatives (innermost first), up to MAX_ALTERNATIVES patterns. */
function expandBraces(pattern: string): string[] {
  const out: string[] = [];
  const work = [pattern];
  while (work.length > 0 && out.length + work.length <= MAX_ALTERNATIVES) {
    const p = work.pop() as string;
    // the first innermost `{…,…}`; a `{x}` without a comma is literal
    let open = -1;
    let close = -1;
    for (let c = p.indexOf('}'); c >= 0; c = p.indexOf('}', c + 1)) {
      const o = p.lastIndexOf('{', c);
      if (o >= 0 && p.slice(o + 1, c).includes(',') && !p.slice(o + 1, c).includes('{')) {
        open = o;
        close = c;
        break;
      }
    }
    if (open < 0) {
      out.push(p);
      continue;
    }
    for (const alt of p.slice(open + 1, close).split(',')) work.push(p.slice(0, open) + alt + p.slice(close + 1));
  }
  return out;
}

/**
 * The two-pointer wildcard match over a sequence: `isStar(p[i])` matches any run (a star only ever backtracks to
 * its last position), `one(p[i], s[j])` matches a single element. Used for characters within a folder name
 * (`*`, `?`) and for folders within a path (`**`).
 */
function wildcard<P, S>(p: ArrayLike<P>, s: ArrayLike<S>, isStar: (x: P) => boolean, one: (x: P, y: S) => boolean): boolean {
  let pi = 0;
  let si = 0;
  let star = -1;
  let mark = 0;
  while (si < s.length) {
    if (pi < p.length && !isStar(p[pi] as P) && one(p[pi] as P, s[si] as S)) {
      pi++;
      si++;
    } else if (pi < p.length && isStar(p[pi] as P)) {
      star = pi++;
      mark = si;
    } else if (star >= 0) {
      pi = star + 1;
      si = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.length && isStar(p[pi] as P)) pi++;
  return pi === p.length;
}

/** `*` any characters, `?` one character, within one folder name. */
function nameMatches(p: string, s: string): boolean {
  return wildcard(p, s, (c) => c === '*', (c, d) => c === '?' || c === d);
}

/** `**` any number of folders, otherwise one folder per pattern part. */
function pathMatches(p: readonly string[], s: readonly string[]): boolean {
  return wildcard(p, s, (x) => x === '**', nameMatches);
}

function parts(path: string): string[] {
  return path.split('/').filter((x) => x !== '' && x !== '.');
}

export function workspaceMatcher(patterns: readonly string[]): (folder: string) => boolean {
  const include: string[][] = [];
  const exclude: string[][] = [];
  for (const raw of patterns) {
    const negated = raw.startsWith('!');
    for (const p of expandBraces(negated ? raw.slice(1) : raw)) {
      const split = parts(p.replace(/\\/g, '/'));
      if (split.length > 0) (negated ? exclude : include).push(split);
    }
  }
  return (folder) => {
    const s = parts(folder);
    return include.some((p) => pathMatches(p, s)) && !exclude.some((p) => pathMatches(p, s));
  };
}
