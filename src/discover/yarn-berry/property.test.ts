import { resultOrTureenError } from '../test-support/property.js';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { memoryRepo } from '../source.js';
import { source } from '../yarn/index.js';
import { BERRY_FIXTURES, read } from '../yarn/test-support/expected.js';
import { extractYarnBerry } from './extract.js';


const DIR = path.join(BERRY_FIXTURES, 'yarn4');
const LOCK = read(path.join(DIR, 'yarn.lock'));
const FILES = {
  'package.json': read(path.join(DIR, 'package.json')),
  'packages/lib-a/package.json': read(path.join(DIR, 'packages/lib-a/package.json')),
};
const META = '__metadata:\n  version: 8\n  cacheKey: 10c0\n\n';
const scan = (text: string) => () => source.extract('yarn.lock', memoryRepo({ ...FILES, 'yarn.lock': text }));

const yamlToken = fc.constantFrom(
  '\n', '  ', '    ', '"', "'", ':', ': ', ' ', ',', '#', '- ', '[', ']', '{', '}', '&a ', '*a', '!!str ', '|', '>', '? ',
  'version', 'resolution', 'dependencies', 'dependenciesMeta', 'optional', 'true', '"a@npm:^1"', '"a@npm:1.0.0"',
  'npm:^1', 'patch:', 'workspace:.', '__proto__', 'constructor', '%41', '\t', '\r\n',
);

describe('yarn berry reader on arbitrary input', () => {
  it('any text after __metadata, and text made of YAML / lockfile fragments', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => void resultOrTureenError(scan(META + s))), { numRuns: 300 });
    fc.assert(
      fc.property(fc.array(yamlToken, { maxLength: 80 }), (parts) => void resultOrTureenError(scan(META + parts.join('')))),
      { numRuns: 500 },
    );
  });

  it('truncations of a real lockfile (fixtures/yarn4): every 4th cut', () => {
    for (let i = 0; i <= LOCK.length; i += 4) resultOrTureenError(scan(LOCK.slice(0, i)));
  });

  it('random JSON values in place of any field of a real lockfile', () => {
    const doc = parse(LOCK) as Record<string, Record<string, unknown>>;
    const keys = Object.keys(doc);
    const fields = ['version', 'resolution', 'dependencies', 'dependenciesMeta', 'peerDependencies', 'checksum', 'linkType', 'cacheKey'];
    fc.assert(
      fc.property(fc.constantFrom(...keys), fc.constantFrom(...fields), fc.jsonValue({ maxDepth: 3 }), (key, field, value) => {
        const copy = structuredClone(doc);
        const target = copy[key];
        if (target && typeof target === 'object') target[field] = value;
        resultOrTureenError(scan(stringify(copy)));
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.constantFrom(...keys), fc.jsonValue({ maxDepth: 3 }), (key, value) => {
        const copy: Record<string, unknown> = structuredClone(doc);
        copy[key] = value;
        resultOrTureenError(scan(stringify(copy)));
      }),
      { numRuns: 200 },
    );
  });

  it('an alias bomb, deep nesting and long lines end in a result or a typed error', () => {
    let bomb = `${META}a0: &a0 ["x","x","x","x","x","x","x","x","x","x"]\n`;
    for (let i = 1; i < 12; i++) bomb += `a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(',')}]\n`;
    bomb += '"p@npm:^1":\n  version: 1.0.0\n  resolution: "p@npm:1.0.0"\n  dependencies: *a11\n  dependenciesMeta: *a11\n';
    resultOrTureenError(scan(bomb));
    resultOrTureenError(scan(`${META}x: ${'['.repeat(50_000)}`));
    resultOrTureenError(scan(`${META}"a@npm:1":\n  version: ${'1'.repeat(200_000)}\n  resolution: "a@npm:1"\n`));
  });
});

const hostileName = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '../../x', '..', '/etc/passwd', 'a\u0000b', 'a\nb'),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }),
).filter((n) => !n.includes('@') && !n.includes(',') && n.trim() === n && n.length > 0);
/** YAML double-quoted: JSON escapes, plus the characters YAML only takes escaped. */
const q = (s: string) => JSON.stringify(s).replace(/[\u007f-\u009f\ufeff\ufffe\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

describe('yarn berry reader: names are data', () => {
  it('every entry of a generated lockfile comes back under its own name, reached from the workspace', () => {
    fc.assert(
      fc.property(fc.uniqueArray(hostileName, { minLength: 1, maxLength: 8 }), (names) => {
        let lock = `${META}"app@workspace:.":\n  version: 0.0.0-use.local\n  resolution: "app@workspace:."\n  dependencies:\n`;
        lock += names.map((n) => `    ${q(n)}: "npm:^1.0.0"\n`).join('');
        lock += '  languageName: unknown\n  linkType: soft\n\n';
        lock += names.map((n) => `${q(`${n}@npm:^1.0.0`)}:\n  version: 1.0.0\n  resolution: ${q(`${n}@npm:1.0.0`)}\n  languageName: node\n  linkType: hard\n`).join('\n');
        const res = extractYarnBerry({ lockfile: { file: 'yarn.lock', text: lock } });
        const found = res.components.filter((c) => !c.firstParty);
        expect(found.map((c) => c.name).sort()).toEqual([...names].sort());
        expect(found.every((c) => c.scope === 'runtime' && c.direct)).toBe(true);
        expect(res.findings.map((f) => f.rule)).toEqual(['yarn.manifest-missing']);
      }),
      { numRuns: 200 },
    );
    expect(({} as Record<string, unknown>)['version']).toBeUndefined();
  });
});
