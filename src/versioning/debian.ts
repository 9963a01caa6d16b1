import { defineScheme } from './define.js';
import { compareDigits } from './fallback.js';

/**
 * Debian (and Ubuntu) package versions, hand-written: no maintained npm library implements dpkg's order. It follows
 * Debian Policy §5.6.12 "Version" (https://www.debian.org/doc/debian-policy/ch-controlfields.html#version) and is
 * checked against `dpkg --compare-versions` (fixtures/debian, recorded by fixtures/tools/oracle-debian.sh):
 * - [epoch:]upstream[-revision]; the epoch is a number (missing = 0), the revision is what follows the last "-"
 *   (missing = "", which equals "0");
 * - upstream and revision are compared left to right in alternating non-digit and digit parts: non-digit parts
 *   character by character where "~" sorts before everything, even the end of the part, letters sort before
 *   non-letters; digit parts by value;
 * - so 1.0~rc1 < 1.0 < 1.0a < 1.0+b1, and 1:0.9 > 2.0.
 * Valid: what dpkg accepts without a warning (the upstream part starts with a digit; only alphanumerics and . + ~ -
 * in it, and ":" after an epoch; only alphanumerics and . + ~ in the revision).
 */

interface DebVersion {
  epoch: string;
  upstream: string;
  revision: string;
}

export function parseDebian(input: string): DebVersion | undefined {
  const v = input.trim();
  if (v === '' || /\s/.test(v)) return undefined;
  let rest = v;
  let epoch = '0';
  const colon = rest.indexOf(':');
  if (colon >= 0) {
    epoch = rest.slice(0, colon);
    rest = rest.slice(colon + 1);
    if (!/^\d+$/.test(epoch) || compareDigits(epoch, '2147483647') > 0) return undefined;
  }
  let revision = '';
  const dash = rest.lastIndexOf('-');
  if (dash >= 0) {
    revision = rest.slice(dash + 1);
    rest = rest.slice(0, dash);
    if (revision === '' || !/^[A-Za-z0-9+.~]+$/.test(revision)) return undefined;
  }
  if (!/^[0-9][A-Za-z0-9.+~:-]*$/.test(rest)) return undefined;
  return { epoch, upstream: rest, revision };
}

/** dpkg's order of one character in a non-digit part; the end of the part is 0. */
function order(c: string | undefined): number {
  if (c === undefined) return 0;
  if (c === '~') return -1;
  if (/[A-Za-z]/.test(c)) return c.charCodeAt(0);
  return c.charCodeAt(0) + 256;
}

const digit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

/** dpkg's verrevcmp. */
export function verrevcmp(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while ((i < a.length && !digit(a[i])) || (j < b.length && !digit(b[j]))) {
      const ac = digit(a[i]) ? 0 : order(a[i]);
      const bc = digit(b[j]) ? 0 : order(b[j]);
      if (ac !== bc) return ac - bc;
      i++;
      j++;
    }
    const si = i;
    while (digit(a[i])) i++;
    const sj = j;
    while (digit(b[j])) j++;
    const c = compareDigits(a.slice(si, i), b.slice(sj, j));
    if (c !== 0) return c;
  }
  return 0;
}

export function compareDebian(a: DebVersion, b: DebVersion): number {
  return compareDigits(a.epoch, b.epoch) || verrevcmp(a.upstream, b.upstream) || verrevcmp(a.revision, b.revision);
}

export const debianVersioning = defineScheme('debian', parseDebian, compareDebian);
