import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TureenError } from '../../model/errors.js';
import { memoryRepo } from '../source.js';
import { resultOrTureenError } from '../test-support/property.js';
import { extractPom } from './extract.js';
import { source } from './index.js';

const ROOT = readFileSync(join(import.meta.dirname, '../../../test/fixtures/corpus/maven/dcm4che__dcm4che__pom.xml'), 'utf8');
const CORE = readFileSync(join(import.meta.dirname, '../../../test/fixtures/corpus/maven/dcm4che__dcm4che__dcm4che-core__pom.xml'), 'utf8');
const run = (text: string) => resultOrTureenError(() => extractPom({ file: 'pom.xml', text }));
const HOSTILE = ['__proto__', 'constructor', '../../etc/passwd', 'a\u0000b', '\u001b[31mred', '${x}', '${__proto__}', '', ' ', 'toString', '[1,)', '<', '&amp;'];
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

describe('pom.xml parser under arbitrary input', () => {
  it('returns a result or a TureenError for any string', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => void run(s)), { numRuns: 300 });
  });

  it('returns a result or a TureenError for truncations of a real POM, alone and as a parent', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: ROOT.length }), (n) => {
      void run(ROOT.slice(0, n));
      const repo = memoryRepo({ 'pom.xml': ROOT.slice(0, n), 'dcm4che-core/pom.xml': CORE });
      void resultOrTureenError(() => source.extract('dcm4che-core/pom.xml', repo));
    }), { numRuns: 150 });
  });

  it('keeps hostile coordinates and property names as data', () => {
    const v = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 10 }));
    fc.assert(fc.property(v, v, v, v, (g, a, ver, p) => {
      const text = `<project><groupId>${esc(g)}</groupId><artifactId>${esc(a)}</artifactId><version>${esc(ver)}</version>
<properties><p>${esc(p)}</p><q>\${p}\${p}</q></properties>
<dependencies><dependency><groupId>${esc(g)}</groupId><artifactId>${esc(a)}</artifactId><version>\${q}</version></dependency></dependencies></project>`;
      const r = run(text);
      if (!(r instanceof TureenError)) expect(r.components.length).toBeGreaterThan(0);
      expect(({} as Record<string, unknown>).p).toBeUndefined();
    }), { numRuns: 300 });
  });

  it('survives deep nesting, exponential properties and prototype element names', () => {
    const deep = `<project>${'<a>'.repeat(5000)}${'</a>'.repeat(5000)}</project>`;
    void run(deep);
    const props = Array.from({ length: 40 }, (_, i) => `<p${i}>\${p${i + 1}}\${p${i + 1}}</p${i}>`).join('') + '<p40>x</p40>';
    const r = run(`<project><groupId>g</groupId><artifactId>a</artifactId><version>\${p0}</version><properties>${props}</properties></project>`);
    expect(r instanceof TureenError || r.components[0]?.version.length === 0 || (r.components[0]?.version.length ?? 0) <= 4096).toBe(true);
    expect(run('<project><properties><__proto__>x</__proto__></properties></project>')).toBeInstanceOf(TureenError);
  });
});
