import { defineScheme } from './define.js';
import { compareDigits } from './fallback.js';

/**
 * Maven version order, hand-written: no maintained npm library implements it. It follows Maven's ComparableVersion
 * as specified in its Javadoc (https://maven.apache.org/ref/3.8.7/maven-artifact/apidocs/org/apache/maven/artifact/versioning/ComparableVersion.html)
 * and checked against maven-artifact 3.8.7 itself (fixtures/maven, recorded by fixtures/tools/oracle-maven.java):
 * - the version is split on "." and "-" and at every digit↔letter transition; a "-", a transition, and a qualifier
 *   after "." open a sub-list, so "1-1" < "1.1" and "1.0.RC1" = "1-rc1";
 * - numbers compare by value; "" = "0"; trailing zeros, empty strings and "final", "ga", "release" are dropped
 *   ("1.0.0" = "1" = "1-final");
 * - qualifiers: alpha (a1) < beta (b1) < milestone (m1) < rc = cr < snapshot < "" = ga = final = release < sp, then any
 *   other qualifier (alphabetically) after sp; a number sorts after any qualifier ("1.0.1" > "1.0-sp");
 * - so 2.13.4 < 2.13.4.1 < 2.13.10, and 1.0-alpha-1 < 1.0 < 1.0-sp-1 < 1.0.1.
 */

type Item = { kind: 'int'; v: string } | { kind: 'str'; v: string } | { kind: 'list'; items: Item[] };

const QUALIFIERS = ['alpha', 'beta', 'milestone', 'rc', 'snapshot', '', 'sp'];
const ALIASES = new Map([
  ['ga', ''],
  ['final', ''],
  ['release', ''],
  ['cr', 'rc'],
]);
const RELEASE_INDEX = String(QUALIFIERS.indexOf(''));

function intItem(digits: string): Item {
  return { kind: 'int', v: digits.replace(/^0+/, '') };
}

function strItem(value: string, followedByDigit: boolean): Item {
  let v = value;
  if (followedByDigit && v.length === 1) {
    // a1 = alpha-1, b1 = beta-1, m1 = milestone-1
    if (v === 'a') v = 'alpha';
    else if (v === 'b') v = 'beta';
    else if (v === 'm') v = 'milestone';
  }
  return { kind: 'str', v: ALIASES.get(v) ?? v };
}

function isNull(i: Item): boolean {
  if (i.kind === 'int') return i.v === '';
  if (i.kind === 'str') return i.v === '';
  return i.items.length === 0;
}

/** Trailing "null" items go, looking past trailing sub-lists: "1.0-rc" → [1, [rc]]. */
function normalize(list: Item[]): void {
  for (let i = list.length - 1; i >= 0; i--) {
    const last = list[i]!;
    if (isNull(last)) list.splice(i, 1);
    else if (last.kind !== 'list') break;
  }
}

const isDigit = (c: string) => c >= '0' && c <= '9';

function parseItem(isDigitRun: boolean, buf: string): Item {
  return isDigitRun ? intItem(buf) : strItem(buf, false);
}

export function parseMaven(version: string): Item[] {
  const v = version.toLowerCase();
  const root: Item[] = [];
  let list = root;
  const stack: Item[][] = [root];
  let digit = false;
  let start = 0;
  const open = () => {
    const sub: Item[] = [];
    list.push({ kind: 'list', items: sub });
    list = sub;
    stack.push(sub);
  };
  for (let i = 0; i < v.length; i++) {
    const c = v[i]!;
    if (c === '.' || c === '-') {
      list.push(i === start ? intItem('0') : parseItem(digit, v.slice(start, i)));
      start = i + 1;
      if (c === '-') open();
    } else if (isDigit(c)) {
      if (!digit && i > start) {
        // "1.0.0.X1" reads as "1.0.0-X1": a qualifier after "." opens a sub-list too
        if (list.length > 0) open();
        list.push(strItem(v.slice(start, i), true));
        start = i;
        open();
      }
      digit = true;
    } else {
      if (digit && i > start) {
        list.push(parseItem(true, v.slice(start, i)));
        start = i;
        open();
      }
      digit = false;
    }
  }
  if (v.length > start) {
    if (!digit && list.length > 0) open(); // "1.foo" reads as "1-foo"
    list.push(parseItem(digit, v.slice(start)));
  }
  while (stack.length > 0) normalize(stack.pop()!);
  return root;
}

function qualifierKey(q: string): string {
  const i = QUALIFIERS.indexOf(q);
  return i === -1 ? `${QUALIFIERS.length}-${q}` : String(i);
}

function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Item.compareTo(other) of ComparableVersion; `undefined` is Java's null (the shorter side). */
function compareItem(a: Item, b: Item | undefined): number {
  switch (a.kind) {
    case 'int':
      if (b === undefined) return a.v === '' ? 0 : 1;
      if (b.kind === 'int') return compareDigits(a.v, b.v);
      return 1; // 1.1 > 1-sp, 1.1 > 1-1
    case 'str':
      if (b === undefined) return cmpStr(qualifierKey(a.v), RELEASE_INDEX); // 1-rc < 1, 1-sp > 1
      if (b.kind === 'str') return cmpStr(qualifierKey(a.v), qualifierKey(b.v));
      return -1; // 1.any < 1.1, 1.any < 1-1
    case 'list':
      if (b === undefined) {
        for (const item of a.items) {
          const r = compareItem(item, undefined);
          if (r !== 0) return r;
        }
        return 0;
      }
      if (b.kind === 'int') return -1; // 1-1 < 1.0.x
      if (b.kind === 'str') return 1; // 1-1 > 1-sp
      return compareLists(a.items, b.items);
  }
}

function compareLists(a: Item[], b: Item[]): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const l = a[i];
    const r = b[i];
    const result = l === undefined ? (r === undefined ? 0 : -compareItem(r, undefined)) : compareItem(l, r);
    if (result !== 0) return result;
  }
  return 0;
}

/**
 * The shapes on which ComparableVersion is not transitive: a list that starts with a list (a dropped "0", "final",
 * "ga" or "release" followed by more: "1-final-alpha"), or a qualifier that is not the first item of a sub-list
 * ("1.foo.0" reads as [1, foo], which sorts below 1-alpha while 1-alpha < 1 < 1.foo.0).
 */
function irregular(list: Item[], root: boolean): boolean {
  return list.some((item, i) => {
    if (item.kind === 'list') return i === 0 || irregular(item.items, false);
    return item.kind === 'str' && (root || i > 0);
  });
}

/**
 * ComparableVersion reads every string, but its order is not transitive on all of them: it says
 * "9" < "9alphaalpha" < "9final.alpha" < "9", "1.foo.0" < "1alpha" < "1" < "1.foo.0", and ":" < "final.alpha" <
 * "final" < ":". Valid here is what a version looks like — a digit first, then letters, digits and . - _ + — without
 * the irregular shapes above; on those the order is Maven's and consistent (fuzzed in properties.test.ts). Anything
 * else sorts after them, by the fallback.
 */
export const mavenVersioning = defineScheme(
  'maven',
  (v) => {
    if (!/^[0-9][0-9A-Za-z._+-]*$/.test(v)) return undefined;
    const parsed = parseMaven(v);
    return irregular(parsed, true) ? undefined : parsed;
  },
  compareLists,
);
