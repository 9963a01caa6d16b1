import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TureenError } from '../../model/errors.js';
import { resultOrTureenError } from '../test-support/property.js';
import { extractPlatformio } from './extract.js';

const CORPUS = readFileSync(join(import.meta.dirname, '../../../test/fixtures/corpus/platformio/RespiraWorks__Ventilator__software__controller__platformio.ini'), 'utf8');
const run = (text: string) => resultOrTureenError(() => extractPlatformio({ file: 'platformio.ini', text }));
const HOSTILE = ['__proto__', 'constructor', '../../x', 'a\u0000b', '\u001b[31m', '${env.lib_deps}', '${this.lib_deps}', 'http://', 'symlink://', '@', '#', ''];

describe('platformio.ini parser under arbitrary input', () => {
  it('gives a result or a TureenError for any string', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => void run(s)), { numRuns: 300 });
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (s) => void run(`[env:x]\nlib_deps = ${s}\nplatform = ${s}\nframework = ${s}\n`)), { numRuns: 300 });
  });

  it('survives every truncation of the corpus file', () => {
    for (let n = 0; n <= CORPUS.length; n += 11) run(CORPUS.slice(0, n));
  });

  it('stops interpolation that refers to itself or fans out', () => {
    const fan = Array.from({ length: 12 }, (_, i) => `[s${i}]\nv = \${s${i + 1}.v} \${s${i + 1}.v} \${s${i + 1}.v} \${s${i + 1}.v}`).join('\n');
    const r = run(`${fan}\n[s12]\nv = x@1.0.0\n[env:a]\nlib_deps = \${s0.v}\n`);
    expect(r instanceof TureenError).toBe(false);
    // a custom name that is only an owner ("$/") falls back to the URL's name
    const r2 = run('[env:a]\nlib_deps = $/@symlink://\n  x/@https://github.com/o/r.git\n');
    expect(r2 instanceof TureenError).toBe(false);
    const self = run('[env:__proto__]\nlib_deps = ${this.lib_deps}\n  ${this.lib_deps}\n');
    expect(self instanceof TureenError).toBe(false);
  });

  it('keeps hostile section and package names as data, and stops interpolation loops', () => {
    const part = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 10 }));
    fc.assert(fc.property(part, part, part, (env, dep, ver) => {
      const text = `[env]\nlib_deps = \${env:${env}.lib_deps}\n[env:${env}]\nextends = env:${env}\nlib_deps =\n  ${dep}@${ver}\n  \${env.lib_deps}\n`;
      const r = run(text);
      if (!(r instanceof TureenError)) for (const c of r.components) expect(typeof c.name).toBe('string');
      expect(({} as Record<string, unknown>).lib_deps).toBeUndefined();
    }), { numRuns: 300 });
  });
});
