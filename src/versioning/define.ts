import { fallbackCompare } from './fallback.js';
import type { Versioning } from './types.js';

/** Longer strings are not versions (hostile input: keeps every parser's work bounded). */
export const MAX_VERSION_LENGTH = 256;

/**
 * A Versioning from a parser and a comparison of parsed versions. The parser says what is valid; everything else
 * (non-strings, over-long strings, a parser that throws) is invalid, and invalid versions sort after valid ones and
 * among themselves by the fallback — so compare is a total order on any mix and never throws.
 */
export function defineScheme<P>(scheme: string, parse: (v: string) => P | undefined, cmp: (a: P, b: P) => number): Versioning {
  const read = (v: unknown): P | undefined => {
    if (typeof v !== 'string' || v.length === 0 || v.length > MAX_VERSION_LENGTH) return undefined;
    try {
      return parse(v);
    } catch {
      return undefined;
    }
  };
  return {
    scheme,
    isValid: (v) => read(v) !== undefined,
    compare(a, b) {
      const x = read(a);
      const y = read(b);
      if (x !== undefined && y !== undefined) {
        const c = cmp(x, y);
        return c < 0 ? -1 : c > 0 ? 1 : 0;
      }
      if (x !== undefined) return -1;
      if (y !== undefined) return 1;
      return fallbackCompare(typeof a === 'string' ? a : '', typeof b === 'string' ? b : '');
    },
  };
}
