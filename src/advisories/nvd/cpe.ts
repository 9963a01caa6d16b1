/**
 * CPE 2.3 formatted strings (NISTIR 7695 "CPE Naming" §6.2: cpe:2.3:part:vendor:product:version:update:edition:
 * language:sw_edition:target_sw:target_hw:other) and the attribute comparison of NISTIR 7696 "CPE Name Matching",
 * as far as NVD's applicability statements need it. Parsing never throws: a string that is not a CPE 2.3 name
 * gives undefined.
 */

/** One attribute: ANY ("*"), NA ("-"), or a value; a value with unquoted * or ? is a pattern. */
export type CpeValue =
  | { kind: 'any' }
  | { kind: 'na' }
  | { kind: 'value'; /** unquoted, lower-cased */ text: string; /** set when the value holds unquoted wildcards */ pattern?: RegExp };

export const CPE_ATTRIBUTES = ['part', 'vendor', 'product', 'version', 'update', 'edition', 'language', 'swEdition', 'targetSw', 'targetHw', 'other'] as const;
export type CpeAttribute = (typeof CPE_ATTRIBUTES)[number];

export interface Cpe {
  attrs: Record<CpeAttribute, CpeValue>;
  /** the eleven fields as written (quoting kept), for building match strings */
  raw: string[];
}

const MAX_CPE = 2000;

function escapeRe(ch: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(ch) ? `\\${ch}` : ch;
}

function parseField(field: string): CpeValue | undefined {
  if (field === '*') return { kind: 'any' };
  if (field === '-') return { kind: 'na' };
  if (field === '') return undefined;
  let text = '';
  let re = '';
  let wild = false;
  for (let i = 0; i < field.length; i++) {
    const ch = field[i]!;
    if (ch === '\\') {
      const next = field[i + 1];
      if (next === undefined) return undefined;
      text += next.toLowerCase();
      re += escapeRe(next.toLowerCase());
      i++;
    } else if (ch === '*' || ch === '?') {
      wild = true;
      text += ch;
      re += ch === '*' ? '.*' : '.';
    } else {
      text += ch.toLowerCase();
      re += escapeRe(ch.toLowerCase());
    }
  }
  return wild ? { kind: 'value', text, pattern: new RegExp(`^${re}$`, 's') } : { kind: 'value', text };
}

/** Split on the colons not quoted by a backslash. */
function splitFields(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === '\\' && i + 1 < s.length) {
      cur += ch + s[i + 1];
      i++;
    } else if (ch === ':') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/** Parse "cpe:2.3:…" (13 colon-separated parts); undefined when it is not a CPE 2.3 formatted string. */
export function parseCpe(s: string): Cpe | undefined {
  if (typeof s !== 'string' || s.length > MAX_CPE || !/^cpe:2\.3:/i.test(s)) return undefined;
  const fields = splitFields(s.slice('cpe:2.3:'.length));
  if (fields.length !== CPE_ATTRIBUTES.length) return undefined;
  const attrs = {} as Record<CpeAttribute, CpeValue>;
  for (let i = 0; i < fields.length; i++) {
    const v = parseField(fields[i]!);
    if (!v) return undefined;
    attrs[CPE_ATTRIBUTES[i]!] = v;
  }
  const part = attrs.part;
  if (part.kind === 'value' && (part.pattern || !['a', 'o', 'h'].includes(part.text))) return undefined;
  return { attrs, raw: fields };
}

/**
 * Does the criteria's attribute `source` cover the component's attribute `target`? ANY covers everything, NA only
 * NA, a value an equal value (case-insensitive), a pattern the values it matches. A component attribute that is
 * ANY (the component does not say) is taken as covered: when in doubt, the advisory applies.
 */
export function attributeMatches(source: CpeValue, target: CpeValue): boolean {
  if (source.kind === 'any' || target.kind === 'any') return true;
  if (source.kind === 'na' || target.kind === 'na') return source.kind === target.kind;
  if (source.pattern && !target.pattern) return source.pattern.test(target.text);
  return source.text === target.text;
}

/**
 * The vendor:product prefix of a CPE ("cpe:2.3:a:apache:log4j"), quoting kept: NVD's virtualMatchString with it
 * returns the CVEs of every version, to be matched locally. Undefined when vendor or product is not a plain value.
 */
export function vendorProductPrefix(cpe: Cpe): string | undefined {
  const { part, vendor, product } = cpe.attrs;
  if (vendor.kind !== 'value' || product.kind !== 'value' || vendor.pattern || product.pattern) return undefined;
  return `cpe:2.3:${part.kind === 'value' ? cpe.raw[0] : '*'}:${cpe.raw[1]}:${cpe.raw[2]}`;
}
