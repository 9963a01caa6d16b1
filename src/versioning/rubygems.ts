import { defineScheme } from './define.js';
import { compareSegments } from './fallback.js';

/**
 * RubyGems versions, hand-written: no maintained npm library implements Gem::Version. It follows Gem::Version's
 * documented rules (https://guides.rubygems.org/patterns/#semantic-versioning, Gem::Version rdoc) and is checked
 * against Ruby's own Gem::Version (fixtures/rubygems, recorded by fixtures/tools/oracle-rubygems.rb):
 * - valid: digits, then "."-separated alphanumeric segments, then optionally "-" and more ("1.2.3.pre1", "1.0-rc1");
 *   blank is "0"; a "-" is read as ".pre.";
 * - the version is cut into runs of digits and runs of letters; trailing zero numbers are dropped, both in the leading
 *   numeric part and after the first letter run ("1.0.0" = "1", "1.0.a.0" = "1.a");
 * - runs compare left to right, a missing run counting as 0: numbers by value, letter runs by byte order, and a letter
 *   run sorts before a number — any letter makes a pre-release ("1.0.a" < "1.0" < "1.0.1", "1.0.b1" < "1.0.rc1").
 */

// Ruby's \s is ASCII whitespace only
const VALID = /^[ \t\r\n\f\v]*([0-9]+(?:\.[0-9a-zA-Z]+)*(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?)?[ \t\r\n\f\v]*$/;
const strip = (v: string) => v.replace(/^[ \t\r\n\f\v]+|[ \t\r\n\f\v]+$/g, '');

interface Seg {
  num: boolean;
  v: string;
}

function segments(v: string): Seg[] {
  const s = strip(v) === '' ? '0' : strip(v).replace(/-/g, '.pre.');
  return [...s.matchAll(/[0-9]+|[a-z]+/gi)].map((m) => (/^\d/.test(m[0]) ? { num: true, v: m[0].replace(/^0+/, '') } : { num: false, v: m[0] }));
}

const isZero = (s: Seg) => s.num && s.v === '';

/** Gem::Version#canonical_segments: trailing zeros dropped from the numeric part and from the part after the first letters. */
function canonical(v: string): Seg[] {
  const segs = segments(v);
  const firstString = segs.findIndex((s) => !s.num);
  const numeric = firstString < 0 ? segs : segs.slice(0, firstString);
  const rest = firstString < 0 ? [] : segs.slice(firstString);
  const trim = (list: Seg[]) => {
    const out = [...list];
    while (out.length > 0 && isZero(out[out.length - 1]!)) out.pop();
    return out;
  };
  return [...trim(numeric), ...trim(rest)];
}

export const rubygemsVersioning = defineScheme('rubygems', (v) => (VALID.test(v) ? canonical(v) : undefined), compareSegments);
