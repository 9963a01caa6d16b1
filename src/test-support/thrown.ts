import { TureenError } from '../model/errors.js';

/** The TureenError a call throws (a test fails when it throws anything else, or nothing). */
export function thrown(f: () => unknown): TureenError {
  try {
    f();
  } catch (e) {
    if (e instanceof TureenError) return e;
    throw e;
  }
  throw new Error('expected a TureenError');
}
