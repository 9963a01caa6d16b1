import { parse } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { TureenError } from '../../model/errors.js';
import { parseJsonc } from './jsonc.js';

const HOSTILE = '{ "packages": { "__proto__": ["evil@1.0.0"], "a": ["a@1.0.0",], }, }';

describe('parseJsonc (bun.lock syntax: JSON with trailing commas and comments)', () => {
  it("needs parseTree: jsonc-parser's parse() turns a \"__proto__\" key into the prototype and loses the entry", () => {
    const v = parse(HOSTILE, [], { allowTrailingComma: true }) as { packages: object };
    expect(Object.keys(v.packages)).toEqual(['a']);
    expect(Object.getPrototypeOf(v.packages)).not.toBe(Object.prototype);
  });

  it('keeps "__proto__" as an ordinary own key and leaves prototypes alone', () => {
    const { value } = parseJsonc(HOSTILE, 'bun.lock');
    const packages = (value as { packages: Record<string, unknown> }).packages;
    expect(Object.keys(packages)).toEqual(['__proto__', 'a']);
    expect(Object.getPrototypeOf(packages)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(packages, '__proto__')?.value).toEqual(['evil@1.0.0']);
  });

  it('gives the line of a key', () => {
    const p = parseJsonc('{\n  // c\n  "a": {\n    "b": [1,\n 2,],\n  },\n}', 'f');
    expect(p.lineOf(['a'])).toBe(3);
    expect(p.lineOf(['a', 'b'])).toBe(4);
    expect(p.lineOf(['a', 'b', 1])).toBe(5);
    expect(p.lineOf(['nope'])).toBeUndefined();
  });

  it('names the line and column of a syntax error', () => {
    try {
      parseJsonc('{\n  "a": 1\n  "b": 2\n}', 'x/bun.lock');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(TureenError);
      expect((e as TureenError).location()).toBe('x/bun.lock:3:3');
      expect((e as TureenError).message).toMatch(/comma expected/);
    }
  });

  it('turns absurd nesting into a TureenError, not a stack overflow', () => {
    expect(() => parseJsonc('['.repeat(200_000), 'bun.lock')).toThrow(TureenError);
    expect(() => parseJsonc(`{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}`, 'bun.lock')).toThrow(TureenError);
  });
});
