import type { Versioning } from './types.js';

/**
 * The generic fallback ordering, for ecosystems without a scheme of their own (GIT tags, Hackage, CRAN, RPM-based
 * distributions, anything unknown) and for versions a scheme cannot read.
 *
 * Rule (documented so a report can say how an item was ordered):
 * - a leading "v" before a digit is dropped ("v1.2" = "1.2");
 * - the version is cut into runs of ASCII digits and runs of ASCII letters; every other character only separates;
 * - runs are compared left to right: numbers by value, letters case-insensitively by character code, and a letter run
 *   sorts before a number ("1.0rc1" < "1.0" < "1.0.1", "1.0-beta" < "1.0");
 * - the shorter version is padded with zeros ("1.0" = "1.0.0"; "1.0" > "1.0.a").
 * It is a total preorder on every string, so sorting never misbehaves; strings without digits or letters all equal "0".
 */

type Token = { num: true; v: string } | { num: false; v: string };

const MAX = 256;

function tokens(s: string): Token[] {
  const text = s.length > MAX ? s.slice(0, MAX) : s;
  const out: Token[] = [];
  const body = /^[vV](?=\d)/.test(text) ? text.slice(1) : text;
  for (const m of body.matchAll(/\d+|[A-Za-z]+/g)) {
    const t = m[0];
    if (/^\d/.test(t)) out.push({ num: true, v: t.replace(/^0+/, '') });
    else out.push({ num: false, v: t.toLowerCase() });
  }
  return out;
}

/** Digit strings without leading zeros, compared by value. */
export function compareDigits(a: string, b: string): number {
  const x = a.replace(/^0+/, '');
  const y = b.replace(/^0+/, '');
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  return x < y ? -1 : x > y ? 1 : 0;
}

const ZERO: Token = { num: true, v: '' };

export function fallbackCompare(a: string, b: string): number {
  return compareSegments(tokens(typeof a === 'string' ? a : ''), tokens(typeof b === 'string' ? b : ''));
}

/**
 * Runs of digits and letters compared left to right, the shorter padded with zero: numbers by value, letters by
 * character code, a letter run before a number (the fallback's rule, and RubyGems' on its canonical segments).
 */
export function compareSegments(x: readonly { num: boolean; v: string }[], y: readonly { num: boolean; v: string }[]): number {
  const n = Math.max(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const l = x[i] ?? ZERO;
    const r = y[i] ?? ZERO;
    if (l.num && r.num) {
      const c = compareDigits(l.v, r.v);
      if (c !== 0) return c;
    } else if (!l.num && !r.num) {
      if (l.v !== r.v) return l.v < r.v ? -1 : 1;
    } else {
      return l.num ? 1 : -1;
    }
  }
  return 0;
}

export const fallback: Versioning = {
  scheme: 'fallback',
  isValid: (v) => typeof v === 'string' && v.length <= MAX && /[0-9A-Za-z]/.test(v),
  compare: fallbackCompare,
};
