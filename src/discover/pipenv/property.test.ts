import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe } from 'vitest';
import { parserProperties } from '../python/property-suite.js';
import { extractPipfileLock } from './extract.js';

const lock = readFileSync(join(import.meta.dirname, '../../../test/fixtures/corpus/pipenv/ohcnetwork__care__Pipfile.lock'), 'utf8');

describe('Pipfile.lock parser under arbitrary input', () => {
  parserProperties((text) => extractPipfileLock({ file: 'Pipfile.lock', text, pipfile: { file: 'Pipfile', text: '[packages]\nx = "*"\n' } }), {
    samples: [lock.slice(0, 30000)],
    withName: (n) => JSON.stringify({ default: { [n]: { version: '==1.0.0', git: n, path: n } }, develop: { [n]: { version: n } } }),
  });
});
