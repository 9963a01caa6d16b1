import { describe, expect, it } from 'vitest';
import { attributeMatches, parseCpe, vendorProductPrefix, type CpeValue } from './cpe.js';

describe('parseCpe (CPE 2.3 formatted strings)', () => {
  it('reads the eleven attributes: ANY, NA and values, lower-cased', () => {
    const c = parseCpe('cpe:2.3:a:Apache:Log4j:2.0:beta9:*:*:*:*:*:-')!;
    expect(c.attrs.part).toEqual({ kind: 'value', text: 'a' });
    expect(c.attrs.vendor).toEqual({ kind: 'value', text: 'apache' });
    expect(c.attrs.product).toEqual({ kind: 'value', text: 'log4j' });
    expect(c.attrs.version).toEqual({ kind: 'value', text: '2.0' });
    expect(c.attrs.update).toEqual({ kind: 'value', text: 'beta9' });
    expect(c.attrs.edition).toEqual({ kind: 'any' });
    expect(c.attrs.other).toEqual({ kind: 'na' });
  });

  it('a backslash quotes the next character: an escaped colon does not split, an escaped * is no wildcard', () => {
    const c = parseCpe('cpe:2.3:a:apple:swiftnio_http\\/2:1.19.1:*:*:*:*:swift:*:*')!;
    expect(c.attrs.product).toEqual({ kind: 'value', text: 'swiftnio_http/2' });
    expect(c.attrs.targetSw).toEqual({ kind: 'value', text: 'swift' });
    const colon = parseCpe('cpe:2.3:a:vendor:prod\\:uct:1.0:*:*:*:*:*:*:*')!;
    expect(colon.attrs.product).toEqual({ kind: 'value', text: 'prod:uct' });
    expect(colon.attrs.version).toEqual({ kind: 'value', text: '1.0' });
    const star = parseCpe('cpe:2.3:a:vendor:c\\+\\+\\*:1.0:*:*:*:*:*:*:*')!;
    expect(star.attrs.product).toEqual({ kind: 'value', text: 'c++*' });
  });

  it('unquoted * and ? inside a value make a pattern', () => {
    const c = parseCpe('cpe:2.3:o:microsoft:windows_10_*:*:*:*:*:*:*:*:*')!;
    const p = c.attrs.product;
    expect(p.kind === 'value' && p.pattern?.test('windows_10_21h2')).toBe(true);
    expect(p.kind === 'value' && p.pattern?.test('windows_11_21h2')).toBe(false);
  });

  it('anything else is not a CPE 2.3 name', () => {
    for (const s of [
      'cpe:/a:apache:log4j:2.14.1', // CPE 2.2 URI
      'cpe:2.3:a:apache:log4j:2.14.1', // too few fields
      'cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*:*', // too many
      'cpe:2.3:x:apache:log4j:2.14.1:*:*:*:*:*:*:*', // no such part
      'cpe:2.3:a::log4j:2.14.1:*:*:*:*:*:*:*', // empty field
      'cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:\\', // dangling backslash
      `cpe:2.3:a:${'x'.repeat(3000)}:p:1:*:*:*:*:*:*:*`,
      '',
    ]) expect(parseCpe(s), s).toBeUndefined();
    expect(parseCpe(undefined as unknown as string)).toBeUndefined();
  });
});

describe('attributeMatches (NISTIR 7696, with an unspecified component attribute taken as covered)', () => {
  const any: CpeValue = { kind: 'any' };
  const na: CpeValue = { kind: 'na' };
  const v = (text: string): CpeValue => ({ kind: 'value', text });
  it('ANY covers all; NA covers only NA; values compare equal', () => {
    expect(attributeMatches(any, v('x'))).toBe(true);
    expect(attributeMatches(any, na)).toBe(true);
    expect(attributeMatches(na, na)).toBe(true);
    expect(attributeMatches(na, v('sp1'))).toBe(false);
    expect(attributeMatches(v('sp1'), na)).toBe(false);
    expect(attributeMatches(v('node.js'), v('node.js'))).toBe(true);
    expect(attributeMatches(v('node.js'), v('python'))).toBe(false);
  });
  it('a component attribute left ANY is covered by any criteria value (when in doubt, the advisory applies)', () => {
    expect(attributeMatches(v('node.js'), any)).toBe(true);
  });
});

describe('vendorProductPrefix', () => {
  it('keeps the quoting as written, for NVD’s virtualMatchString', () => {
    expect(vendorProductPrefix(parseCpe('cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*')!)).toBe('cpe:2.3:a:apache:log4j');
    expect(vendorProductPrefix(parseCpe('cpe:2.3:a:apple:swiftnio_http\\/2:1.0:*:*:*:*:*:*:*')!)).toBe('cpe:2.3:a:apple:swiftnio_http\\/2');
    expect(vendorProductPrefix(parseCpe('cpe:2.3:*:apache:log4j:*:*:*:*:*:*:*:*')!)).toBe('cpe:2.3:*:apache:log4j');
  });
  it('refuses a CPE without a plain vendor and product', () => {
    expect(vendorProductPrefix(parseCpe('cpe:2.3:a:*:log4j:*:*:*:*:*:*:*:*')!)).toBeUndefined();
    expect(vendorProductPrefix(parseCpe('cpe:2.3:a:apache:log*:*:*:*:*:*:*:*:*')!)).toBeUndefined();
  });
});
