import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { memoryRepo } from '../source.js';
import { resultOrTureenError } from '../test-support/property.js';
import { extractBuildGradle } from './build.js';
import { source } from './index.js';
import { extractGradleLock } from './lockfile.js';

const CORPUS = join(import.meta.dirname, '../../../test/fixtures/corpus/gradle');
const LOCK = readFileSync(join(CORPUS, 'CDCgov__prime-simplereport__backend__gradle.lockfile'), 'utf8');
const BUILD = readFileSync(join(CORPUS, 'CDCgov__prime-simplereport__backend__build.gradle'), 'utf8');
const HOSTILE = ['__proto__', 'constructor', '../../x', 'a\u0000b', '\u001b[2J', '${x}', '$__proto__', '', 'toString', '"', "'", '{', '}', '(', '/*', '//'];

describe('gradle parsers under arbitrary input', () => {
  it('lockfile: a result or a TureenError for any string and every sampled truncation', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => void resultOrTureenError(() => extractGradleLock({ file: 'gradle.lockfile', text: s }))), { numRuns: 300 });
    fc.assert(fc.property(fc.integer({ min: 0, max: LOCK.length }), (n) => void resultOrTureenError(() => extractGradleLock({ file: 'gradle.lockfile', text: LOCK.slice(0, n) }))), { numRuns: 200 });
  });

  it('build script: a result or a TureenError for any string, truncation, and hostile coordinates', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => void resultOrTureenError(() => extractBuildGradle({ file: 'build.gradle', text: s }))), { numRuns: 300 });
    fc.assert(fc.property(fc.integer({ min: 0, max: BUILD.length }), (n) => {
      const repo = memoryRepo({ 'build.gradle': BUILD.slice(0, n), 'gradle.lockfile': LOCK });
      void resultOrTureenError(() => source.extract('build.gradle', repo));
    }), { numRuns: 150 });
    const part = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 8 }));
    fc.assert(fc.property(part, part, part, (g, a, v) => {
      const text = `def ${'x'} = '${v}'\ndependencies {\n  implementation '${g}:${a}:${v}'\n  implementation group: '${g}', name: '${a}', version: "$x"\n  api(project(':${a}'))\n}\n`;
      const r = resultOrTureenError(() => extractBuildGradle({ file: 'build.gradle', text }));
      expect(r).toBeDefined();
      expect(({} as Record<string, unknown>).x).toBeUndefined();
    }), { numRuns: 300 });
  });

  it('build script: deep nesting and unbalanced braces end', () => {
    void resultOrTureenError(() => extractBuildGradle({ file: 'build.gradle', text: `${'a {'.repeat(20000)}dependencies { implementation 'g:a:1' }` }));
    void resultOrTureenError(() => extractBuildGradle({ file: 'build.gradle', text: `dependencies {${'('.repeat(20000)}` }));
    void resultOrTureenError(() => extractBuildGradle({ file: 'build.gradle', text: `dependencies { implementation "${'$'.repeat(20000)}" }` }));
  });
});
