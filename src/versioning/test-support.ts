import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

/** Lines of a fixture file, split on tabs; blank lines and "# " comments skipped. */
export function readTsv(...path: string[]): string[][] {
  return readFileSync(join(FIXTURES, ...path), 'utf8')
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('# '))
    .map((l) => l.split('\t'));
}

export const sign = (n: number) => (n < 0 ? '<' : n > 0 ? '>' : '=');
