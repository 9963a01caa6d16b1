/**
 * Marker globs of the catalogue: `**` + `/a/b*.h` — a path suffix whose segments may hold `*` (any run of characters
 * other than `/`). Segments compare case-insensitively (Windows-made trees change case freely).
 */
export interface SuffixGlob {
  /** The glob as written in the catalogue. */
  readonly source: string;
  /** One matcher per segment of the suffix, last segment last. */
  readonly segments: readonly RegExp[];
  /** The last segment in lower case when it has no wildcard (for the exact-name index), else undefined. */
  readonly exactBase: string | undefined;
}

const escape = (s: string) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');

export function compileGlob(glob: string): SuffixGlob {
  if (!glob.startsWith('**/')) throw new Error(`catalogue marker must start with **/: ${glob}`);
  const parts = glob.slice(3).split('/');
  if (parts.some((p) => p === '' || p === '**' || p === '.' || p === '..')) throw new Error(`bad catalogue marker: ${glob}`);
  const segments = parts.map((p) => new RegExp(`^${p.split('*').map(escape).join('[^/]*')}$`, 'i'));
  const last = parts[parts.length - 1] as string;
  return { source: glob, segments, exactBase: last.includes('*') ? undefined : last.toLowerCase() };
}

/**
 * Where the suffix starts in `segs` (the path's segments), or -1 when the path does not end with the suffix.
 * The library root is `segs.slice(0, start)`.
 */
export function matchSuffix(g: SuffixGlob, segs: readonly string[]): number {
  const n = g.segments.length;
  if (segs.length < n) return -1;
  const start = segs.length - n;
  for (let i = 0; i < n; i++) if (!(g.segments[i] as RegExp).test(segs[start + i] as string)) return -1;
  return start;
}
