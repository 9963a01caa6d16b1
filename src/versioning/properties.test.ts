import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apkVersioning } from './apk.js';
import { composerVersioning } from './composer.js';
import { debianVersioning } from './debian.js';
import { fallback } from './fallback.js';
import { goVersioning } from './go.js';
import { mavenVersioning } from './maven.js';
import { nugetVersioning } from './nuget.js';
import { pep440Versioning } from './pep440.js';
import { rpmVersioning } from './rpm.js';
import { rubygemsVersioning } from './rubygems.js';
import { cratesSemver, npmSemver, semverRanges } from './semver.js';
import type { Versioning } from './types.js';

// Small grammars per scheme, so that most generated strings are versions the scheme reads (and compares for real).
const n = fc.constantFrom('0', '1', '2', '9', '10', '01', '100');
const pick = (...xs: string[]) => fc.constantFrom(...xs);
const seq = (part: fc.Arbitrary<string>, sep: fc.Arbitrary<string>, min: number, max: number) =>
  fc.tuple(part, fc.array(fc.tuple(sep, part), { minLength: min - 1, maxLength: max - 1 })).map(([h, t]) => h + t.map(([s, p]) => s + p).join(''));
const opt = (a: fc.Arbitrary<string>) => fc.option(a, { nil: '' });

const semverLike = fc
  .tuple(seq(n, pick('.'), 3, 3), opt(seq(fc.oneof(n, pick('alpha', 'beta', 'rc', 'x-y')), pick('.'), 1, 3).map((s) => `-${s}`)), opt(pick('+build', '+b.1', '+incompatible')))
  .map(([a, b, c]) => a.replace(/(^|\.)0+(\d)/g, '$1$2') + b.replace(/(^|[-.])0+(\d)/g, '$1$2') + c);

const GRAMMARS: [string, Versioning, fc.Arbitrary<string>][] = [
  ['npm semver', npmSemver, semverLike],
  ['crates semver', cratesSemver, semverLike],
  ['SEMVER ranges', semverRanges, fc.oneof(semverLike, seq(n, pick('.'), 1, 2))],
  ['go', goVersioning, fc.tuple(pick('v', ''), semverLike).map(([v, s]) => v + s)],
  ['pep440', pep440Versioning, fc
    .tuple(opt(pick('1!')), seq(n, pick('.'), 1, 4), opt(fc.tuple(pick('a', 'b', 'rc', 'c', 'alpha'), n).map(([a, b]) => a + b)), opt(n.map((x) => `.post${x}`)), opt(n.map((x) => `.dev${x}`)), opt(pick('+abc', '+1.2', '+x.10')))
    .map((p) => p.join(''))],
  ['maven', mavenVersioning, fc.tuple(n, seq(fc.oneof(n, pick('alpha', 'a', 'beta', 'b', 'm', 'rc', 'cr', 'snapshot', 'ga', 'final', 'sp', 'foo', 'RC', '')), pick('.', '-', ''), 1, 5)).map(([a, b]) => a + (/^[0-9]/.test(b) ? '.' : '') + b)],
  ['nuget', nugetVersioning, fc.tuple(seq(n, pick('.'), 1, 4), opt(seq(fc.oneof(n.filter((x) => !/^0\d/.test(x)), pick('alpha', 'Beta', 'RC', 'rc-1')), pick('.'), 1, 3).map((s) => `-${s}`)), opt(pick('+meta', '+01'))).map((p) => p.join(''))],
  ['rubygems', rubygemsVersioning, fc.tuple(n, opt(seq(fc.oneof(n, pick('a', 'b', 'pre', 'rc', 'A', 'x1')), pick('.'), 1, 4).map((s) => `.${s}`)), opt(pick('-1', '-pre', '-rc.1'))).map((p) => p.join(''))],
  ['composer', composerVersioning, fc.tuple(pick('', 'v'), seq(n, pick('.'), 1, 4), opt(fc.tuple(pick('-', '.', ''), pick('alpha', 'a', 'beta', 'b', 'RC', 'patch', 'p', 'stable'), opt(n)).map((p) => p.join(''))), opt(pick('-dev'))).map((p) => p.join(''))],
  ['debian', debianVersioning, fc.tuple(opt(fc.tuple(n, pick(':')).map((p) => p.join(''))), seq(fc.oneof(n, pick('a', '~rc', '~', '+dfsg', 'Z')), pick('.', '', '+', '~'), 1, 4).map((s) => (/^\d/.test(s) ? s : `1${s}`)), opt(seq(fc.oneof(n, pick('ubuntu', 'deb', '~bpo', '+b')), pick('', '.', '+', '~'), 1, 3).map((s) => `-${s}`))).map((p) => p.join(''))],
  ['apk', apkVersioning, fc.tuple(seq(n, pick('.'), 1, 4), opt(pick('a', 'z')), opt(fc.tuple(pick('_alpha', '_beta', '_pre', '_rc', '_p', '_git', '_cvs'), opt(n)).map((p) => p.join(''))), opt(n.map((x) => `-r${x}`))).map((p) => p.join(''))],
  ['rpm', rpmVersioning, fc.tuple(opt(fc.tuple(n, pick(':')).map((p) => p.join(''))), seq(fc.oneof(n, pick('a', 'rc', 'git', 'Z', '~', '^')), pick('.', '', '_', '+', '~', '^'), 1, 4), opt(seq(fc.oneof(n, pick('el8', 'el9_2', 'fc40', 'git')), pick('.', '', '~', '^'), 1, 3).map((s) => `-${s}`))).map((p) => p.join(''))],
  ['fallback', fallback, fc.oneof(seq(fc.oneof(n, pick('a', 'rc', 'B')), pick('.', '-', '_', ''), 1, 5), fc.string())],
];

const sgn = (x: number) => (x < 0 ? -1 : x > 0 ? 1 : 0);

describe.each(GRAMMARS)('%s is a consistent order', (_name, v, version) => {
  it('mostly generates versions the scheme reads (so the properties below test real comparisons)', () => {
    const sample = fc.sample(version, { numRuns: 300, seed: 1 });
    expect(sample.filter((s) => v.isValid(s)).length).toBeGreaterThan(200);
  });

  it('is reflexive and antisymmetric', () => {
    fc.assert(
      fc.property(version, version, (a, b) => {
        expect(v.compare(a, a)).toBe(0);
        expect(sgn(v.compare(a, b)) + sgn(v.compare(b, a))).toBe(0);
      }),
      { numRuns: 500 },
    );
  });

  it('is transitive, also across valid and unreadable strings', () => {
    const any = fc.oneof({ weight: 4, arbitrary: version }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) });
    fc.assert(
      fc.property(any, any, any, (a, b, c) => {
        const ab = v.compare(a, b);
        const bc = v.compare(b, c);
        if (ab <= 0 && bc <= 0) expect(v.compare(a, c)).toBeLessThanOrEqual(0);
        if (ab === 0 && bc === 0) expect(v.compare(a, c)).toBe(0);
        if (ab < 0 && bc <= 0) expect(v.compare(a, c)).toBeLessThan(0);
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 1000) },
    );
  });

  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary', maxLength: 300 }), fc.constant('')), fc.oneof(fc.string(), version), (a, b) => {
        expect([-1, 0, 1]).toContain(v.compare(a, b));
        expect(typeof v.isValid(a)).toBe('boolean');
      }),
      { numRuns: 300 },
    );
    const hostile = [undefined, null, 42, {}, '__proto__', 'constructor', '9'.repeat(10_000), '1.'.repeat(5_000)] as unknown as string[];
    for (const h of hostile) {
      expect(() => v.compare(h, '1.0')).not.toThrow();
      expect(() => v.isValid(h)).not.toThrow();
    }
  });
});
