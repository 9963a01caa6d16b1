import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe } from 'vitest';
import { parserProperties } from '../python/property-suite.js';
import { extractPylock } from './extract.js';

const lock = readFileSync(join(import.meta.dirname, 'fixtures/spec/pylock.toml'), 'utf8');

describe('pylock.toml parser under arbitrary input', () => {
  parserProperties((text) => extractPylock({ file: 'pylock.toml', text }), {
    samples: [lock],
    withName: (n) => `lock-version = "1.0"\n\n[[packages]]\nname = ${JSON.stringify(n)}\nversion = "1.0.0"\nmarker = ${JSON.stringify(`${JSON.stringify(n)} in dependency_groups`)}\n\n[packages.directory]\npath = ${JSON.stringify(n)}\n`,
  });
});
