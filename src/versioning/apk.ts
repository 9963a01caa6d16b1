import { defineScheme } from './define.js';
import { compareDigits } from './fallback.js';

/**
 * Alpine apk versions, hand-written: no maintained npm library implements them. The grammar is Gentoo's, as apk-tools
 * reads it (apk-tools src/version.c; apk-package(5)): {number}{.number}...{letter}{_suffix{number}}...{-r{number}},
 * and the order is apk-tools 2.x's `apk_version_compare`, checked against apk-tools' own test table
 * (test/version.data, copied into fixtures/apk with its origin):
 * - numbers compare by value, except that a dotted component with leading zeros compares as a decimal fraction would
 *   ("1.05" < "1.5", "1.001" < "1.01");
 * - one optional lower-case letter after the numbers ("1.2a" > "1.2");
 * - suffixes _alpha < _beta < _pre < _rc < (none) < _cvs < _svn < _git < _hg < _p, each with an optional number;
 * - then the revision -rN;
 * - when one version runs out, the longer one is greater unless what follows is a pre-release suffix
 *   ("1.0_rc1" < "1.0" < "1.0-r1" < "1.0.1").
 * Numbers of any length are compared by value (apk-tools uses a C int; the real data never exceeds it).
 */

const DIGIT_OR_ZERO = 0;
const DIGIT = 1;
const LETTER = 2;
const SUFFIX = 3;
const SUFFIX_NO = 4;
const REVISION_NO = 5;
const END = 6;
const INVALID = -1;

const PRE = ['alpha', 'beta', 'pre', 'rc'];
const POST = ['cvs', 'svn', 'git', 'hg', 'p'];

/** A token's value: a number as digits (possibly negative for leading zeros / pre-release suffixes). */
interface Value {
  neg: boolean;
  digits: string;
}

const num = (n: number): Value => ({ neg: n < 0, digits: String(Math.abs(n)) });

function compareValue(a: Value, b: Value): number {
  const za = a.digits.replace(/^0+/, '') === '';
  const zb = b.digits.replace(/^0+/, '') === '';
  const sa = za ? 0 : a.neg ? -1 : 1;
  const sb = zb ? 0 : b.neg ? -1 : 1;
  if (sa !== sb) return sa < sb ? -1 : 1;
  if (sa === 0) return 0;
  const c = compareDigits(a.digits, b.digits);
  return sa < 0 ? -c : c;
}

interface Token {
  type: number;
  value: Value;
}

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isLower = (c: string | undefined) => c !== undefined && c >= 'a' && c <= 'z';

/** Tokenises like apk-tools' get_token/next_token: each token's value, then the type of the next one. */
export function apkTokens(v: string): Token[] {
  const out: Token[] = [];
  let type = DIGIT;
  let i = 0;
  const nextType = (current: number): number => {
    let n = INVALID;
    const c = v[i];
    if (i >= v.length) n = END;
    else if ((current === DIGIT || current === DIGIT_OR_ZERO) && isLower(c)) n = LETTER;
    else if (current === LETTER && isDigit(c)) n = DIGIT;
    else if (current === SUFFIX && isDigit(c)) n = SUFFIX_NO;
    else {
      if (c === '.') n = DIGIT_OR_ZERO;
      else if (c === '_') n = SUFFIX;
      else if (c === '-' && v[i + 1] === 'r') {
        n = REVISION_NO;
        i++;
      }
      i++;
    }
    if (n < current && !((n === DIGIT_OR_ZERO && current === DIGIT) || (n === SUFFIX && current === SUFFIX_NO) || (n === DIGIT && current === LETTER))) {
      n = INVALID;
    }
    return n;
  };
  while (type !== END && type !== INVALID) {
    if (i >= v.length) {
      out.push({ type: END, value: num(0) });
      break;
    }
    let value: Value;
    let forced: number | undefined;
    const here = type;
    if (type === DIGIT_OR_ZERO && v[i] === '0') {
      // leading zeros: the value is minus their count, and the digits after them are a token of their own
      let z = 0;
      while (v[i] === '0') {
        z++;
        i++;
      }
      value = num(-z);
      forced = DIGIT;
    } else if (type === DIGIT_OR_ZERO || type === DIGIT || type === SUFFIX_NO || type === REVISION_NO) {
      const s = i;
      while (isDigit(v[i])) i++;
      value = { neg: false, digits: v.slice(s, i) || '0' };
    } else if (type === LETTER) {
      value = num(v.charCodeAt(i));
      i++;
    } else if (type === SUFFIX) {
      const rest = v.slice(i);
      const pre = PRE.findIndex((p) => rest.startsWith(p));
      if (pre >= 0) {
        value = num(pre - PRE.length);
        i += PRE[pre]!.length;
      } else {
        const post = POST.findIndex((p) => rest.startsWith(p));
        if (post < 0) {
          out.push({ type: INVALID, value: num(-1) });
          break;
        }
        value = num(post);
        i += POST[post]!.length;
      }
    } else {
      out.push({ type: INVALID, value: num(-1) });
      break;
    }
    out.push({ type: here, value });
    if (i >= v.length) type = END;
    else if (forced !== undefined) type = forced;
    else type = nextType(type);
  }
  if (type === INVALID && out[out.length - 1]?.type !== INVALID) out.push({ type: INVALID, value: num(0) });
  if (type === END && out[out.length - 1]?.type !== END) out.push({ type: END, value: num(0) });
  return out;
}

function parseApk(v: string): Token[] | undefined {
  const t = apkTokens(v);
  return t[t.length - 1]?.type === END && t.length > 1 ? t : undefined;
}

/** apk_version_compare over two valid token lists. */
function compareApk(a: Token[], b: Token[]): number {
  let k = 0;
  for (;;) {
    const x = a[k]!;
    const y = b[k]!;
    if (x.type !== y.type || x.type === END) break;
    const c = compareValue(x.value, y.value);
    if (c !== 0) return c;
    k++;
  }
  const x = a[k]!;
  const y = b[k]!;
  if (x.type === y.type) return 0;
  // one ran out or the kinds differ: a pre-release suffix makes its side older, otherwise the later kind is older
  if (x.type === SUFFIX && x.value.neg) return -1;
  if (y.type === SUFFIX && y.value.neg) return 1;
  return x.type > y.type ? -1 : 1;
}

export const apkVersioning = defineScheme('apk', parseApk, compareApk);
