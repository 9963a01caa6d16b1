import { describe, expect, it } from 'vitest';
import { bugReason, fixWords, mergeCandidates, namesVersion, oneLine, webUrl } from './util.js';
import { compareFor } from './versions.js';
import { parseLink } from './paging.js';

describe('namesVersion: does a text name the shipped version?', () => {
  it('finds the version as written, with "v" or after "@"', () => {
    expect(namesVersion('Still happens on v5.1.0 after upgrading.', '5.1.0')).toBe(true);
    expect(namesVersion('flowlib@5.1.0 crashes', '5.1.0')).toBe(true);
    expect(namesVersion('Broken in 5.1.0.', '5.1.0')).toBe(true);
    expect(namesVersion('(5.1.0)', 'v5.1.0')).toBe(true);
  });
  it('does not take another version for it', () => {
    expect(namesVersion('The guide talks about 15.1.0', '5.1.0')).toBe(false);
    expect(namesVersion('see 5.1.0.1', '5.1.0')).toBe(false);
    expect(namesVersion('5.1.0-beta.2 only', '5.1.0')).toBe(false);
    expect(namesVersion('5.1.01', '5.1.0')).toBe(false);
    expect(namesVersion('5x1y0', '5.1.0')).toBe(false); // dots are dots, not "any character"
    expect(namesVersion(null, '5.1.0')).toBe(false);
  });
});

describe('bugReason', () => {
  it('created on or after the release → candidate; before → only when it names the version; no date → candidate', () => {
    expect(bugReason({ createdAt: '2025-03-31T00:00:00Z', title: 'x' }, '5.1.0', '2025-03-31')).toBe('open bug created after 5.1.0 was released (2025-03-31)');
    expect(bugReason({ createdAt: '2025-03-30T23:59:59Z', title: 'x' }, '5.1.0', '2025-03-31')).toBeUndefined();
    expect(bugReason({ createdAt: '2025-01-01T00:00:00Z', title: 'x', body: 'on 5.1.0' }, '5.1.0', '2025-03-31')).toBe('open bug that names 5.1.0');
    expect(bugReason({ createdAt: '2025-01-01T00:00:00Z', title: 'x' }, '5.1.0', undefined)).toBe('open bug; the release date of 5.1.0 is not known, so it may affect it');
  });
});

describe('small helpers', () => {
  it('oneLine removes control characters and clips', () => {
    expect(oneLine('a\u0000b\u001b[31m\n  c')).toBe('a b [31m c');
    expect(oneLine('x'.repeat(300), 50)).toHaveLength(50);
  });
  it('webUrl keeps http(s) only', () => {
    expect(webUrl('https://github.com/o/r/issues/1')).toBe('https://github.com/o/r/issues/1');
    expect(webUrl('javascript:alert(1)')).toBeUndefined();
    expect(webUrl(42)).toBeUndefined();
  });
  it('fixWords names the words found, once each', () => {
    expect(fixWords('Fixes a regression; fixed CVE-2024-12345 (security)')).toEqual(['fix', 'regression', 'CVE', 'security']);
    expect(fixWords('prefix suffix debug')).toEqual([]);
  });
  it('mergeCandidates keeps the first of an id and adds the other reason', () => {
    const a = [{ id: 'x', reason: 'one' }];
    mergeCandidates(a, [{ id: 'x', reason: 'two' }, { id: 'y', reason: 'three' }, { id: 'x', reason: 'one' }]);
    expect(a).toEqual([{ id: 'x', reason: 'one; two' }, { id: 'y', reason: 'three' }]);
  });
});

describe('parseLink (RFC 8288 as GitHub and GitLab send it)', () => {
  it('GitHub: next and last', () => {
    const l = parseLink('<https://api.github.com/repositories/1300192/issues?page=2>; rel="next", <https://api.github.com/repositories/1300192/issues?page=515>; rel="last"');
    expect(l.get('next')).toBe('https://api.github.com/repositories/1300192/issues?page=2');
    expect(l.get('last')).toBe('https://api.github.com/repositories/1300192/issues?page=515');
  });
  it('GitLab: prev, next, first, last', () => {
    const l = parseLink('<https://gitlab.example.com/api/v4/projects/8/issues/8/notes?page=1&per_page=3>; rel="prev", <https://gitlab.example.com/api/v4/projects/8/issues/8/notes?page=3&per_page=3>; rel="next", <https://gitlab.example.com/api/v4/projects/8/issues/8/notes?page=1&per_page=3>; rel="first", <https://gitlab.example.com/api/v4/projects/8/issues/8/notes?page=3&per_page=3>; rel="last"');
    expect(l.get('next')).toBe('https://gitlab.example.com/api/v4/projects/8/issues/8/notes?page=3&per_page=3');
    expect([...l.keys()]).toEqual(['prev', 'next', 'first', 'last']);
  });
  it('nothing readable → empty', () => {
    expect(parseLink(null).size).toBe(0);
    expect(parseLink('garbage').size).toBe(0);
  });
});

describe('compareFor', () => {
  it('semver for npm, PEP 440 for PyPI, dotted numbers otherwise, undefined when neither', () => {
    expect(compareFor('npm')('5.2.0', '5.1.10')).toBe(1);
    expect(compareFor('npm')('v5.1.0', '5.1.0')).toBe(0);
    expect(compareFor('npm')('5.2.0-beta.1', '5.2.0')).toBe(-1);
    expect(compareFor('PyPI')('1.0.post1', '1.0')).toBe(1);
    expect(compareFor('PyPI')('1.0rc1', '1.0')).toBe(-1);
    expect(compareFor('Debian:12')('12', '11.9')).toBe(1);
    expect(compareFor('Maven')('1.2.3.4', '1.2.3')).toBe(1);
    expect(compareFor('npm')('nightly', '1.0.0')).toBeUndefined();
  });
});
