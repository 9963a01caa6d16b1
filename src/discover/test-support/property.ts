import { Component } from '../../model/component.js';
import { TureenError } from '../../model/errors.js';
import type { ExtractResult } from '../source.js';

/**
 * The property every parser must hold on any input: it returns a result whose components are all valid against
 * the model, or it throws a TureenError. Any other exception (or an invalid component) fails the property.
 */
export function resultOrTureenError(f: () => ExtractResult): ExtractResult | TureenError {
  try {
    const r = f();
    for (const c of r.components) {
      const ok = Component.safeParse(c);
      if (!ok.success) throw new Error(`invalid component ${c.key}: ${ok.error.message}`);
    }
    return r;
  } catch (e) {
    if (e instanceof TureenError) return e;
    throw e;
  }
}

/** Every path (keys and indexes) inside a JSON value, the empty path included: where a property test may plant a value. */
export function jsonPaths(v: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...jsonPaths(x, [...prefix, i])));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push(...jsonPaths(x, [...prefix, k]));
  return out;
}

/** A copy of a JSON value with `value` at `path` (the original is not changed). */
export function replaceAt(v: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  const copy = (Array.isArray(v) ? [...(v as unknown[])] : { ...(v as object) }) as Record<string | number, unknown>;
  copy[head] = replaceAt((v as Record<string | number, unknown>)[head], rest, value);
  return copy;
}
