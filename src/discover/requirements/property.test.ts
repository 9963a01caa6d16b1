import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe } from 'vitest';
import { parserProperties } from '../python/property-suite.js';
import { extractRequirements } from './extract.js';

const dev = readFileSync(join(import.meta.dirname, '../../../test/fixtures/corpus/requirements/Project-MONAI__MONAI__requirements-dev.txt'), 'utf8');
const tree = readFileSync(join(import.meta.dirname, 'fixtures/tree/requirements.txt'), 'utf8');

describe('requirements parser under arbitrary input', () => {
  parserProperties((text) => extractRequirements({ file: 'requirements.txt', text, read: (p) => (p === 'requirements.txt' ? text : undefined) }), {
    samples: [dev, tree],
    withName: (n) => `${n}==1.0.0\n-e ${n}\ngit+https://h/${n}.git@main#egg=${n}\n${n} @ https://h/${n}-1.0.0.tar.gz\n-r ${n}\n`,
  });
});
