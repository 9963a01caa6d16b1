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
