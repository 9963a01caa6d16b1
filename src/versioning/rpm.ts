import { defineScheme } from './define.js';

/**
 * RPM package versions (Red Hat, Rocky Linux, AlmaLinux, SUSE, openSUSE, Mageia, openEuler …), hand-written: no
 * maintained npm library implements rpm's order. It follows rpm's rpmvercmp and EVR comparison (rpm 4.18,
 * `rpmio/rpmvercmp.c`, `lib/rpmver.c`) and is checked against rpm itself (fixtures/rpm, recorded by
 * fixtures/tools/oracle-rpm.sh with `rpm.vercmp`) and against rpm's own test cases (`tests/rpmvercmp.at`):
 * - `[epoch:]version[-release]`: the epoch is the leading digits before a ":" (missing = 0), the release is what
 *   follows the last "-";
 * - each part is compared in segments: a run of digits (by value, leading zeros ignored) or a run of ASCII letters
 *   (byte order); anything else separates segments and is otherwise ignored, so "1.0" = "1_0"; a digit segment is
 *   newer than a letter segment; "~" sorts before everything, even the end ("1.0~rc1" < "1.0"); "^" sorts after the
 *   end but before anything else ("1.0" < "1.0^git1" < "1.0.1"); otherwise the version with segments left is newer.
 * One deliberate difference: rpm compares the releases only when both versions have one, so for rpm "1.0" equals
 * both "1.0-1" and "1.0-2", which is no order at all; here a missing release is an empty one, older than any
 * ("1.0" < "1.0-1"). OSV's RPM versions always carry their release.
 */

interface Evr {
  epoch: string;
  version: string;
  release: string;
}

export function parseRpm(input: string): Evr | undefined {
  if (input === '' || /\s/.test(input)) return undefined;
  const digits = /^\d*/.exec(input)![0];
  let epoch = '0';
  let rest = input;
  if (input[digits.length] === ':') {
    epoch = digits || '0';
    rest = input.slice(digits.length + 1);
  }
  const dash = rest.lastIndexOf('-');
  const version = dash < 0 ? rest : rest.slice(0, dash);
  const release = dash < 0 ? '' : rest.slice(dash + 1);
  return { epoch, version, release };
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isAlpha = (c: string | undefined): boolean => c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
const isSeparator = (c: string): boolean => !isDigit(c) && !isAlpha(c) && c !== '~' && c !== '^';

/** rpm's rpmvercmp: <0, 0, >0. */
export function rpmvercmp(a: string, b: string): number {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while (i < a.length && isSeparator(a[i]!)) i++;
    while (j < b.length && isSeparator(b[j]!)) j++;
    // "~" sorts before everything else, the end included
    if (a[i] === '~' || b[j] === '~') {
      if (a[i] !== '~') return 1;
      if (b[j] !== '~') return -1;
      i++;
      j++;
      continue;
    }
    // "^" sorts after the end, before anything else
    if (a[i] === '^' || b[j] === '^') {
      if (i >= a.length) return -1;
      if (j >= b.length) return 1;
      if (a[i] !== '^') return 1;
      if (b[j] !== '^') return -1;
      i++;
      j++;
      continue;
    }
    if (i >= a.length || j >= b.length) break;
    const si = i;
    const sj = j;
    const numeric = isDigit(a[i]);
    const same = numeric ? isDigit : isAlpha;
    while (i < a.length && same(a[i])) i++;
    while (j < b.length && same(b[j])) j++;
    // a digit segment against a letter one: the digits are newer
    if (j === sj) return numeric ? 1 : -1;
    let x = a.slice(si, i);
    let y = b.slice(sj, j);
    if (numeric) {
      x = x.replace(/^0+/, '');
      y = y.replace(/^0+/, '');
      if (x.length !== y.length) return x.length > y.length ? 1 : -1;
    }
    if (x !== y) return x < y ? -1 : 1;
  }
  if (i >= a.length && j >= b.length) return 0;
  return i < a.length ? 1 : -1;
}

export function compareRpm(a: Evr, b: Evr): number {
  return rpmvercmp(a.epoch, b.epoch) || rpmvercmp(a.version, b.version) || rpmvercmp(a.release, b.release);
}

export const rpmVersioning = defineScheme('rpm', parseRpm, compareRpm);
