import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe } from 'vitest';
import { parserProperties } from '../python/property-suite.js';
import { extractPoetryLock } from './extract.js';

const lock = readFileSync(join(import.meta.dirname, 'fixtures/lock-v1/poetry.lock'), 'utf8');
const py = readFileSync(join(import.meta.dirname, 'fixtures/lock-v1/pyproject.toml'), 'utf8');

describe('poetry.lock parser under arbitrary input', () => {
  parserProperties((text) => extractPoetryLock({ file: 'poetry.lock', text, pyproject: { file: 'pyproject.toml', text: py } }), {
    samples: [lock, py],
    withName: (n) => `[[package]]\nname = ${JSON.stringify(n)}\nversion = "1.0.0"\ncategory = "main"\n\n[package.dependencies]\n${JSON.stringify(n)} = "*"\n\n[package.source]\ntype = "directory"\nurl = ${JSON.stringify(n)}\n`,
  });
});
