import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { memoryRepo } from '../source.js';
import { resultOrTureenError } from '../test-support/property.js';
import { extractVendored } from './extract.js';

const HOSTILE = ['__proto__', 'constructor', 'prototype', '..', '.', 'a\u0000b', '\u001b[31mred', 'toString', 'third_party', 'vendor', 'Drivers', 'BSP', 'CMSIS'];
const segment = fc.oneof(fc.constantFrom(...HOSTILE), fc.stringMatching(/^[A-Za-z0-9_.-]{1,12}$/));
const marker = fc.constantFrom('zlib.h', 'task.h', 'VERSION', 'README.chromium', 'METADATA', '.gitrepo', 'library.json', 'idf_component.yml', 'package.json', 'CHANGELOG.md', 'LICENSE', 'jquery.min.js', 'stb.h', 'update.sh');
const body = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.constantFrom(
    '#define ZLIB_VERSION "../../etc/passwd"\n',
    '#define ZLIB_VERSION "1.2.13\u0000x"\n',
    `#define tskKERNEL_VERSION_NUMBER "V${'9'.repeat(500)}"\n`,
    'Name: \u001b[31m\nVersion: 1.0\n',
    '{"name": "__proto__", "version": {"x": 1}}',
    '{ nope',
    'version: [1, 2',
    `${'['.repeat(5000)}`,
    '/*! jQuery v3.6.0 | x */',
    'TAG=$(curl evil)\n',
  ),
);

describe('vendored source under arbitrary trees', () => {
  it('returns valid components (or a TureenError) for any tree of hostile names and contents', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.array(segment, { minLength: 0, maxLength: 4 }), marker, body), { maxLength: 12 }), (entries) => {
        const files: Record<string, string> = {};
        for (const [dirs, name, text] of entries) files[[...dirs, name].join('/')] = text;
        const r = resultOrTureenError(() => extractVendored(memoryRepo(files)));
        if (!(r instanceof Error)) {
          for (const c of r.components) {
            // eslint-disable-next-line no-control-regex -- control characters must never reach a version or name
            expect(c.version).not.toMatch(/[\u0000-\u001f/]/);
            // eslint-disable-next-line no-control-regex -- control characters must never reach a version or name
            expect(c.name).not.toMatch(/[\u0000-\u001f]/);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps "__proto__" folders as data', () => {
    const r = extractVendored(memoryRepo({ 'third_party/__proto__/x.c': '', 'third_party/constructor/VERSION': '2.0.0\n' }));
    expect(r.components.map((c) => `${c.name}@${c.version}`).sort()).toEqual(['__proto__@', 'constructor@2.0.0']);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});
