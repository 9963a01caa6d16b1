import { resultOrTureenError } from '../test-support/property.js';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { memoryRepo } from '../source.js';
import { extractYarnV1 } from './extract.js';
import { source } from './index.js';
import { CORPUS_LOCK, YARN_FIXTURES, read } from './test-support/expected.js';


const WS = path.join(YARN_FIXTURES, 'workspaces');
const LOCK = read(path.join(WS, 'yarn.lock'));
const MANIFEST = read(path.join(WS, 'package.json'));
const HEADER = '# yarn lockfile v1\n\n';
const scan = (text: string) => () => source.extract('yarn.lock', memoryRepo({ 'yarn.lock': text, 'package.json': MANIFEST }));

/** Fragments of the v1 format, so that random text reaches deep into the grammar. */
const v1Token = fc.constantFrom(
  '\n', '  ', '    ', '"', ':', ' ', ',', '#', '-', 'version', 'resolved', 'dependencies:', 'optionalDependencies:',
  'a@^1', '"b@1.0.0"', '"1.0.0"', '__proto__', '"__proto__"', 'constructor', 'true', 'null', '\\u0041', '\r\n', '\t',
);

describe('yarn v1 reader on arbitrary input', () => {
  it('any text: a result or a TureenError', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => void resultOrTureenError(scan(s))), { numRuns: 300 });
  });

  it('any text after the v1 header, and text made of v1 fragments', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => void resultOrTureenError(scan(HEADER + s))), { numRuns: 300 });
    fc.assert(
      fc.property(fc.array(v1Token, { maxLength: 80 }), (parts) => void resultOrTureenError(scan(HEADER + parts.join('')))),
      { numRuns: 500 },
    );
  });

  it('truncations of a real lockfile (fixtures/workspaces): every 4th cut, and every cut of the first entry', () => {
    for (let i = 0; i <= LOCK.length; i++) if (i % 4 === 0 || i < 400) resultOrTureenError(scan(LOCK.slice(0, i)));
  });

  it('sampled truncations of the corpus lockfile', () => {
    const corpus = read(CORPUS_LOCK);
    for (const f of [0.013, 0.37, 0.71]) resultOrTureenError(scan(corpus.slice(0, Math.floor(corpus.length * f))));
  });

  it('random text in place of any line or value of a real lockfile', () => {
    const lines = LOCK.split('\n');
    fc.assert(
      fc.property(fc.nat(lines.length - 1), fc.string({ maxLength: 40 }), fc.boolean(), (i, s, keepKey) => {
        const copy = [...lines];
        const line = copy[i] ?? '';
        const key = /^\s*"?[^\s"]+"?\s/.exec(line)?.[0];
        copy[i] = keepKey && key ? key + JSON.stringify(s) : s;
        resultOrTureenError(scan(copy.join('\n')));
      }),
      { numRuns: 300 },
    );
  });

  it('deep nesting and long lines end in a result or a typed error', () => {
    let nested = HEADER;
    for (let i = 0; i < 3000; i++) nested += `${'  '.repeat(i)}"k${i}":\n`;
    resultOrTureenError(scan(nested));
    resultOrTureenError(scan(`${HEADER}a@^1:\n  version "${'x'.repeat(200_000)}"\n`));
  });
});

/** A package name as hostile input: object keys of JavaScript, paths, control characters, anything without "@" or ",". */
const hostileName = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '../../x', '..', '/etc/passwd', 'a\u0000b', 'a\nb'),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }),
).filter((n) => !n.includes('@') && !n.includes(',') && n.trim() === n && n.length > 0);

/** Quote for the v1 format: JSON escapes, plus DEL, which the grammar only takes escaped. */
const q = (s: string) => JSON.stringify(s).replace(/\u007f/g, '\\u007f');

describe('yarn v1 reader: names are data', () => {
  it('every entry of a generated lockfile comes back under its own name, reached from the manifest', () => {
    fc.assert(
      fc.property(fc.uniqueArray(hostileName, { minLength: 1, maxLength: 8 }), (names) => {
        const lock = HEADER + names.map((n) => `${q(`${n}@^1.0.0`)}:\n  version "1.0.0"\n`).join('\n');
        const manifest = `{"name":"app","dependencies":{${names.map((n) => `${JSON.stringify(n)}:"^1.0.0"`).join(',')}}}`;
        const res = extractYarnV1({ lockfile: { file: 'yarn.lock', text: lock }, manifest: { file: 'package.json', text: manifest } });
        const found = res.components.filter((c) => !c.firstParty);
        expect(found.map((c) => c.name).sort()).toEqual([...names].sort());
        expect(found.every((c) => c.scope === 'runtime' && c.direct)).toBe(true);
        expect(res.findings).toEqual([]);
      }),
      { numRuns: 200 },
    );
    expect(({} as Record<string, unknown>)['version']).toBeUndefined();
  });
});
