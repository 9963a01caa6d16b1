import * as pep440 from '@renovatebot/pep440';
import { defineScheme } from './define.js';

/**
 * PyPI: PEP 440 (https://peps.python.org/pep-0440/#summary-of-permitted-suffixes-and-relative-ordering) through
 * @renovatebot/pep440: epochs, dev < pre (a < b < rc) < release < post, local versions after their public version,
 * normalised spellings ("1.0RC1" = "1.0rc1", "1.0" = "1.0.0").
 */
export const pep440Versioning = defineScheme(
  'pep440',
  // PEP 440 allows surrounding whitespace; the library does not
  (v) => (pep440.valid(v.trim()) === null ? undefined : v.trim()),
  (a, b) => pep440.compare(a, b),
);
