import { describe, expect, it } from 'vitest';
import { cachedLicense, isRange } from './identity.js';

describe('isRange', () => {
  it('tells ranges and tags from versions (cases written by hand from npm, PEP 440 and Maven usage)', () => {
    for (const r of ['^1.2.3', '~1.2', '>=1.0', '<2', '>=1.0,<2.0', '1.x', '1.2.*', '*', 'latest', '1.0.0 - 2.0.0', '1 || 2', '=>1']) expect(isRange(r), r).toBe(true);
    for (const v of ['1.2.3', 'v1.2.3', '2024.2', '1.0.0-beta.1', '7.88.1-10+deb12u5', '86b5e0934494bd15c9632b12f734a8a67f723594', '0.0.0-20210101000000-abcdef123456', '1.2.3+build.4', 'x86_64-1.0']) expect(isRange(v), v).toBe(false);
  });
});

describe('cachedLicense', () => {
  it('keeps valid SPDX expressions and writes anything else as a name, never corrected', () => {
    expect(cachedLicense('MIT')).toEqual({ expression: 'MIT' });
    expect(cachedLicense('(LGPL-2.0-only AND LicenseRef-3)')).toEqual({ expression: '(LGPL-2.0-only AND LicenseRef-3)' });
    expect(cachedLicense('GPL-2+')).toEqual({ name: 'GPL-2+' });
    expect(cachedLicense('Apache 2')).toEqual({ name: 'Apache 2' });
    expect(cachedLicense('  ')).toBeUndefined();
  });
});
