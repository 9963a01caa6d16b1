import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonKeys } from './jsonkeys.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Check every key of `value` against the text: the offset must be where JSON.stringify put that key. */
function checkAll(text: string, keys: JsonKeys, value: Json, owner: number): number {
  let checked = 0;
  if (Array.isArray(value)) return 0; // keys inside arrays are not addressed
  if (value === null || typeof value !== 'object') return 0;
  for (const [k, v] of Object.entries(value)) {
    const at = keys.find(owner, k);
    expect(at, JSON.stringify(k)).toBeDefined();
    expect(text.slice(at as number).startsWith(`${JSON.stringify(k)}:`)).toBe(true);
    checked += 1 + checkAll(text, keys, v, at as number);
  }
  return checked;
}

describe('JsonKeys', () => {
  it('finds every key of any JSON object, at any depth, escapes included', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 4 })), fc.boolean(), (obj, pretty) => {
        const text = JSON.stringify(obj, null, pretty ? 2 : undefined);
        checkAll(text, new JsonKeys(text), JSON.parse(text) as Json, -1);
      }),
      { numRuns: 200 },
    );
  });

  it('keeps the last of repeated keys, as JSON.parse does', () => {
    const text = '{"a": 1, "a": {"b": 2}}';
    const a = new JsonKeys(text).find(-1, 'a');
    expect(a).toBe(text.lastIndexOf('"a"'));
    expect(new JsonKeys(text).find(a, 'b')).toBe(text.indexOf('"b"'));
  });

  it('reads a deeply nested text without recursion', () => {
    const depth = 100_000;
    const text = `${'{"k":'.repeat(depth)}1${'}'.repeat(depth)}`;
    const keys = new JsonKeys(text);
    let at: number | undefined = -1;
    for (let i = 0; i < depth; i++) at = keys.find(at, 'k');
    expect(at).toBe(text.lastIndexOf('"k"'));
  });
});
