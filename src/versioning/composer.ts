import { defineScheme } from './define.js';

/**
 * Packagist / Composer versions, hand-written: no maintained npm library implements them. Composer orders versions by
 * normalising them (composer/semver VersionParser::normalize, https://getcomposer.org/doc/articles/versions.md) and then
 * comparing with PHP's version_compare (https://www.php.net/manual/en/function.version-compare.php); both are
 * re-implemented here and checked against composer/semver 3.3 on PHP 8.2 (fixtures/composer, recorded by
 * fixtures/tools/oracle-composer.php):
 * - "v1.2" → "1.2.0.0"; up to four numbers; stability suffixes with an optional number, "-", "." or "_" before them
 *   (a → alpha, b → beta, rc → RC, p/pl → patch, "stable" dropped), "-dev" last; date versions "2010.01.02";
 *   build metadata "+…" dropped;
 * - PHP's order: numbers by value; dev < alpha < beta < RC < (a number / nothing) < patch;
 *   so 1.0.0-dev < 1.0.0-alpha1 < 1.0.0-beta2 < 1.0.0-RC1 < 1.0.0 < 1.0.0-patch1 < 1.0.1.
 * Branch names ("dev-master") are not versions Composer can order against each other: invalid here.
 */

const MODIFIER = '[._-]?(?:(stable|beta|b|RC|alpha|a|patch|pl|p)((?:[.-]?\\d+)*)?)?([.-]?dev)?';
const CLASSICAL = new RegExp(`^v?(\\d{1,5})(\\.\\d+)?(\\.\\d+)?(\\.\\d+)?${MODIFIER}$`, 'i');
const DATE = new RegExp(`^v?(\\d{4}(?:[.:-]?\\d{2}){1,6}(?:[.:-]?\\d{1,3})?)${MODIFIER}$`, 'i');
const BRANCH = /^v?(\d+)(\.(?:\d+|[xX*]))?(\.(?:\d+|[xX*]))?(\.(?:\d+|[xX*]))?$/i;

function expandStability(s: string): string {
  const l = s.toLowerCase();
  if (l === 'a') return 'alpha';
  if (l === 'b') return 'beta';
  if (l === 'p' || l === 'pl') return 'patch';
  if (l === 'rc') return 'RC';
  return l;
}

/** VersionParser::normalize; undefined where Composer throws ("Invalid version string"). */
export function normalizeComposer(input: string): string | undefined {
  let version = input.trim();
  const alias = /^([^,\s]+) +as +([^,\s]+)$/.exec(version);
  if (alias) version = alias[1]!;
  const flag = /@(?:stable|RC|beta|alpha|dev)$/i.exec(version);
  if (flag) version = version.slice(0, version.length - flag[0].length);
  if (version === 'master' || version === 'trunk' || version === 'default') version = `dev-${version}`;
  if (version.slice(0, 4).toLowerCase() === 'dev-') return `dev-${version.slice(4)}`;
  const build = /^([^,\s+]+)\+\S+$/.exec(version);
  if (build) version = build[1]!;

  let m = CLASSICAL.exec(version);
  let index = 5;
  if (m) {
    version = `${m[1]}${m[2] || '.0'}${m[3] || '.0'}${m[4] || '.0'}`;
  } else {
    m = DATE.exec(version);
    index = 2;
    if (m) version = m[1]!.replace(/\D/g, '.');
  }
  if (m) {
    const stability = m[index];
    if (stability) {
      if (stability === 'stable') return version;
      const n = m[index + 1];
      version += `-${expandStability(stability)}${n ? n.replace(/^[.-]+/, '') : ''}`;
    }
    if (m[index + 2]) version += '-dev';
    return version;
  }
  const dev = /^(.*?)[.-]?dev$/i.exec(version);
  if (dev) {
    const b = BRANCH.exec(dev[1]!.trim());
    if (b) {
      const parts = [b[1]!, b[2] ?? '.x', b[3] ?? '.x', b[4] ?? '.x'].map((p) => p.replace(/[*X]/g, 'x'));
      return `${parts.join('').replace(/x/g, '9999999')}-dev`;
    }
  }
  return undefined;
}

// PHP's version_compare

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isAlnum = (c: string) => /^[A-Za-z0-9]$/.test(c);

/** php_canonicalize_version: "-", "_", "+" and other non-alphanumerics become ".", and "." goes between digits and letters. */
export function canonicalizePhp(v: string): string {
  if (v === '') return '';
  let out = v[0]!;
  let lp = v[0]!;
  for (let i = 1; i < v.length; i++) {
    const c = v[i]!;
    const lq = out[out.length - 1];
    if (c === '-' || c === '_' || c === '+') {
      if (lq !== '.') out += '.';
    } else if ((!isDigit(lp) && lp !== '.' && isDigit(c)) || (isDigit(lp) && !isDigit(c) && c !== '.')) {
      if (lq !== '.') out += '.';
      out += c;
    } else if (!isAlnum(c)) {
      if (lq !== '.') out += '.';
    } else {
      out += c;
    }
    lp = c;
  }
  return out;
}

const FORMS: [string, number][] = [
  ['dev', 0],
  ['alpha', 1],
  ['a', 1],
  ['beta', 2],
  ['b', 2],
  ['RC', 3],
  ['rc', 3],
  ['#', 4],
  ['pl', 5],
  ['p', 5],
];

function formOrder(s: string): number {
  for (const [name, order] of FORMS) if (s.startsWith(name)) return order;
  return -1;
}

function compareForms(a: string, b: string): number {
  return Math.sign(formOrder(a) - formOrder(b));
}

const LONG_MAX = 9223372036854775807n;
function strtol(s: string): bigint {
  const m = /^\d+/.exec(s);
  const n = m ? BigInt(m[0]) : 0n;
  return n > LONG_MAX ? LONG_MAX : n;
}

export function phpVersionCompare(v1: string, v2: string): number {
  if (v1 === '' || v2 === '') {
    if (v1 === '' && v2 === '') return 0;
    return v1 === '' ? -1 : 1;
  }
  const a = (v1.startsWith('#') ? v1 : canonicalizePhp(v1)).split('.');
  const b = (v2.startsWith('#') ? v2 : canonicalizePhp(v2)).split('.');
  let i = 0;
  let compare = 0;
  for (; i < a.length && i < b.length; i++) {
    const p1 = a[i]!;
    const p2 = b[i]!;
    if (isDigit(p1[0]) && isDigit(p2[0])) {
      const l1 = strtol(p1);
      const l2 = strtol(p2);
      compare = l1 < l2 ? -1 : l1 > l2 ? 1 : 0;
    } else if (!isDigit(p1[0]) && !isDigit(p2[0])) {
      compare = compareForms(p1, p2);
    } else if (isDigit(p1[0])) {
      compare = compareForms('#N#', p2);
    } else {
      compare = compareForms(p1, '#N#');
    }
    if (compare !== 0) return compare;
  }
  if (i < a.length) {
    const rest = a.slice(i).join('.');
    return isDigit(rest[0]) ? 1 : phpVersionCompare(rest, '#N#');
  }
  if (i < b.length) {
    const rest = b.slice(i).join('.');
    return isDigit(rest[0]) ? -1 : phpVersionCompare('#N#', rest);
  }
  return 0;
}

export const composerVersioning = defineScheme(
  'composer',
  (v) => {
    const n = normalizeComposer(v);
    return n === undefined || n.startsWith('dev-') ? undefined : n;
  },
  phpVersionCompare,
);
