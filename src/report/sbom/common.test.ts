import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { currentEntries, mapStrings, reportTimestamp, vulnerabilitySource, xmlSafe } from './common.js';
import type { SoupRecord } from '../../model/record.js';

describe('the writers\' shared rules', () => {
  it('the report date is the documents\' time, and must be a real date', () => {
    expect(reportTimestamp({ date: '2026-11-26' })).toBe('2026-11-26T00:00:00Z');
    expect(reportTimestamp({ date: '2028-02-29' })).toBe('2028-02-29T00:00:00Z');
    for (const bad of ['2026-02-31', '2027-02-29', '26-11-2026', '2026-11-26T10:00:00Z', '', 'tomorrow']) {
      expect(() => reportTimestamp({ date: bad }), bad).toThrow(/not a date/);
    }
  });

  it('only entries about the version shipped count', () => {
    const record = { identification: { version: '2.0.0' }, vulnerabilityReview: { version: '2.0.0', sources: [], entries: [
      { id: 'A', state: 'not_affected' }, { id: 'B', state: 'exploitable', version: '1.9.0' }, { id: 'C', state: 'resolved', version: '2.0.0' },
    ] } } as unknown as SoupRecord;
    expect(currentEntries({ record }).map((e) => e.id)).toEqual(['A', 'C']);
    // a review of an older version says nothing about this one, unless an entry names this version
    const old = { ...record, vulnerabilityReview: { ...record.vulnerabilityReview, version: '1.9.0' } } as SoupRecord;
    expect(currentEntries({ record: old }).map((e) => e.id)).toEqual(['C']);
    expect(currentEntries({ record: { ...record, vulnerabilityReview: undefined } as SoupRecord })).toEqual([]);
  });

  it('finds where an id is published', () => {
    expect(vulnerabilitySource('CVE-2024-37890')).toEqual({ name: 'NVD', url: 'https://nvd.nist.gov/vuln/detail/CVE-2024-37890' });
    expect(vulnerabilitySource('GHSA-3h5v-q93c-6h6q')).toEqual({ name: 'GitHub', url: 'https://github.com/advisories/GHSA-3h5v-q93c-6h6q' });
    expect(vulnerabilitySource('PYSEC-2023-74')).toEqual({ name: 'OSV', url: 'https://osv.dev/vulnerability/PYSEC-2023-74' });
    expect(vulnerabilitySource('a b/<c>').url).toBe('https://osv.dev/vulnerability/a%20b%2F%3Cc%3E');
  });

  it('XML: what XML 1.0 cannot carry becomes U+FFFD, everything else stays', () => {
    expect(xmlSafe('a\u0000b\u0007c\u001bd\u000be\u000cf')).toBe('a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\uFFFDf');
    expect(xmlSafe('tab\tnl\ncr\r <&>]]> \u202e\u200f é 😀 \u0085')).toBe('tab\tnl\ncr\r <&>]]> \u202e\u200f é 😀 \u0085');
    // lone surrogates (a broken emoji) and the two non-characters
    expect(xmlSafe('x\uD83Dy\uDE00z\uFFFE\uFFFF')).toBe('x\uFFFDy\uFFFDz\uFFFD\uFFFD');
  });

  it('maps every string value of plain data, keeping keys, shared objects shared and __proto__ a plain key', () => {
    const shared = { name: 'a\u0000' };
    const input = JSON.parse('{"list":[1,true,null,"b\\u0007"],"__proto__":{"polluted":"x"}}') as Record<string, unknown>;
    Object.assign(input, { one: shared, two: shared });
    const out = mapStrings(input, (s) => s.toUpperCase());
    expect(out.list).toEqual([1, true, null, 'B\u0007']);
    expect(out.one).toBe(out.two);
    expect(out.one).toEqual({ name: 'A\u0000' });
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.getOwnPropertyNames(out)).toContain('__proto__');
    expect((Object.getOwnPropertyDescriptor(out, '__proto__')?.value as Record<string, unknown>).polluted).toBe('X');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(input.one).toEqual({ name: 'a\u0000' }); // the input is untouched
  });

  it('the stored schemas are the unmodified copies fixtures/README.md names', () => {
    const sha = (f: string) => createHash('sha256').update(readFileSync(new URL(`./fixtures/${f}`, import.meta.url))).digest('hex');
    expect(sha('spdx-schema.json')).toBe('ca7fd7cc2c8107c3b6b5976058bb72363e8c072f0e446609d4fe7234860c2894');
    expect(sha('openvex_json_schema.json')).toBe('f0a7c345f2ca57d357c957a20a7f8a92ef5add747fd93813aa54b7141df85e89');
  });
});
