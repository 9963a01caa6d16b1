import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe } from 'vitest';
import { parserProperties } from '../python/property-suite.js';
import { extractUvLock } from './extract.js';

const lock = readFileSync(join(import.meta.dirname, '../../../test/fixtures/corpus/uv/canvas-medical__canvas-plugins__uv.lock'), 'utf8').slice(0, 20000);

describe('uv.lock parser under arbitrary input', () => {
  parserProperties((text) => extractUvLock({ file: 'uv.lock', text }), {
    samples: [lock],
    withName: (n) => `version = 1\n\n[[package]]\nname = "root"\nversion = "0.1.0"\nsource = { editable = "." }\ndependencies = [{ name = ${JSON.stringify(n)} }]\n\n[[package]]\nname = ${JSON.stringify(n)}\nversion = "1.0.0"\nsource = { directory = ${JSON.stringify(n)} }\n`,
  });
});
