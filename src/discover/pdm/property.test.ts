import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe } from 'vitest';
import { parserProperties } from '../python/property-suite.js';
import { extractPdmLock } from './extract.js';

const dir = join(import.meta.dirname, 'fixtures/mpd-now-playable');
const lock = readFileSync(join(dir, 'pdm.lock'), 'utf8');
const py = readFileSync(join(dir, 'pyproject.toml'), 'utf8');

describe('pdm.lock parser under arbitrary input', () => {
  parserProperties((text) => extractPdmLock({ file: 'pdm.lock', text, pyproject: { file: 'pyproject.toml', text: py } }), {
    samples: [lock, py],
    withName: (n) => `[metadata]\ngroups = ["default"]\n\n[[package]]\nname = ${JSON.stringify(n)}\nversion = "1.0.0"\ngroups = [${JSON.stringify(n)}]\ndependencies = [${JSON.stringify(n)}]\npath = ${JSON.stringify(n)}\n`,
  });
});
