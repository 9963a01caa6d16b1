import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { goEscape } from './go.js';
import { npmPath } from './npm.js';
import { nugetVersion } from './nuget.js';
import { expandMinified } from './packagist.js';
import { httpUrl, joinNames, own, personName, repoUrl, text, utcDate } from './values.js';

describe('repoUrl', () => {
  it.each([
    ['git+https://github.com/isaacs/string-locale-compare', 'https://github.com/isaacs/string-locale-compare'],
    ['git@github.com:stevemao/left-pad.git', 'https://github.com/stevemao/left-pad'],
    ['git+ssh://git@github.com/o/r.git', 'https://github.com/o/r'],
    ['ssh://git@gitlab.example.org:2222/group/sub/r.git', 'https://gitlab.example.org/group/sub/r'],
    ['git://github.com/junit-team/junit4.git', 'https://github.com/junit-team/junit4'],
    ['https://github.com/o/r/', 'https://github.com/o/r'],
    ['https://user:secret@github.com/o/r.git#main', 'https://github.com/o/r'],
    ['jonschlinkert/is-number', 'https://github.com/jonschlinkert/is-number'],
    ['github:o/r', 'https://github.com/o/r'],
    ['gitlab:o/r', 'https://gitlab.com/o/r'],
    ['bitbucket:o/r.git', 'https://bitbucket.org/o/r'],
  ])('%s → %s', (input, expected) => {
    expect(repoUrl(input)).toBe(expected);
  });

  it.each(['', 'javascript:alert(1)', 'file:///etc/passwd', 'just words here', 'C:\\src\\repo'])('refuses %j', (input) => {
    expect(repoUrl(input)).toBeUndefined();
  });

  it('never throws, and gives only https URLs', () => {
    fc.assert(fc.property(fc.string(), (s) => {
      const out = repoUrl(s);
      if (out !== undefined) expect(new URL(out).protocol).toBe('https:');
    }));
  });
});

describe('value helpers', () => {
  it('personName takes the name out of "Name <email> (url)" and objects', () => {
    expect(personName('Isaac Z. Schlueter <i@izs.me> (https://izs.me)')).toBe('Isaac Z. Schlueter');
    expect(personName({ name: 'Example Org', email: 'x@y' })).toBe('Example Org');
    expect(personName('someone@example.org')).toBeUndefined();
    expect(personName('<only@mail>')).toBeUndefined();
    expect(personName(42)).toBeUndefined();
  });

  it('utcDate gives the UTC day, and no date for 1900 or garbage', () => {
    expect(utcDate('2021-05-31T23:59:59.999-02:00')).toBe('2021-06-01');
    expect(utcDate('2024-09-05T00:40:51.026000+00:00')).toBe('2024-09-05');
    expect(utcDate('Sat, 13 Feb 2021 16:58:33 GMT')).toBe('2021-02-13');
    expect(utcDate('1900-01-01T00:00:00+00:00')).toBeUndefined();
    expect(utcDate('yesterday')).toBeUndefined();
    expect(utcDate(undefined)).toBeUndefined();
  });

  it('text() is one line without control characters, at most 500 characters', () => {
    fc.assert(fc.property(fc.string({ maxLength: 2000 }), (s) => {
      const t = text(s);
      if (t === undefined) return;
      expect(t.length).toBeLessThanOrEqual(500);
      // eslint-disable-next-line no-control-regex
      expect(t).not.toMatch(/[\u0000-\u001f\u007f]/);
      expect(t).toBe(t.trim());
    }));
  });

  it('own() never returns inherited properties', () => {
    expect(own({}, 'constructor')).toBeUndefined();
    expect(own(JSON.parse('{"__proto__": 1}'), '__proto__')).toBe(1);
    expect(own([1], '0')).toBeUndefined();
    expect(own(null, 'x')).toBeUndefined();
  });

  it('httpUrl and joinNames', () => {
    expect(httpUrl('https://x.org/a')).toBe('https://x.org/a');
    expect(httpUrl('ftp://x.org')).toBeUndefined();
    expect(joinNames(['a', undefined, 'b', 'a'])).toBe('a, b');
    expect(joinNames([])).toBeUndefined();
  });

  it('npmPath and goEscape', () => {
    expect(npmPath('@scope/name')).toBe('@scope%2Fname');
    expect(npmPath('left-pad')).toBe('left-pad');
    expect(npmPath('../x')).toBe('..%2Fx');
    expect(goEscape('github.com/BurntSushi/toml')).toBe('github.com/!burnt!sushi/toml');
    expect(goEscape('v1.0.0-RC1')).toBe('v1.0.0-!r!c1');
  });

  it.each([
    ['1.0', '1.0.0'], ['1.02.3.0', '1.2.3'], ['1.2.3.4', '1.2.3.4'], ['4.0.0-Beta.1+sha.abc', '4.0.0-beta.1'], ['13.0.3', '13.0.3'], ['not.a.version', 'not.a.version'],
  ])('nugetVersion(%s) = %s', (input, expected) => {
    expect(nugetVersion(input)).toBe(expected);
  });
});

/** Composer's minification, written from its description: keys equal to the previous version's are left out; removed keys are "__unset". */
function minify(versions: Record<string, unknown>[]): Record<string, unknown>[] {
  const has = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);
  const out: Record<string, unknown>[] = [];
  let prev: Record<string, unknown> | undefined;
  for (const v of versions) {
    const m = new Map<string, unknown>();
    for (const k of Object.keys(v)) if (!prev || !has(prev, k) || JSON.stringify(v[k]) !== JSON.stringify(prev[k])) m.set(k, v[k]);
    if (prev) for (const k of Object.keys(prev)) if (!has(v, k)) m.set(k, '__unset');
    out.push(Object.fromEntries(m)); // fromEntries defines own keys, "__proto__" included
    prev = v;
  }
  return out;
}

describe('expandMinified (Composer 2 metadata)', () => {
  it('expand(minify(versions)) gives the versions back', () => {
    const value = fc.oneof(fc.string().filter((s) => s !== '__unset'), fc.integer(), fc.array(fc.string(), { maxLength: 3 }));
    const version = fc.dictionary(fc.constantFrom('version', 'license', 'authors', 'time', 'source', 'homepage', '__proto__'), value);
    fc.assert(fc.property(fc.array(version, { maxLength: 8 }), (versions) => {
      const parsed = JSON.parse(JSON.stringify(versions)) as Record<string, unknown>[]; // keys as data, as the client sees them
      const expanded = expandMinified(minify(parsed));
      expect(expanded.map((m) => Object.fromEntries(m))).toEqual(parsed);
    }));
  });
});

describe('URL path segments', () => {
  it('climbs() finds "." and ".." parts, percent-encoded too', async () => {
    const { climbs } = await import('./client.js');
    for (const bad of ['.', '..', '../x', 'a/../b', '%2e%2E', 'a\\..']) expect(climbs(bad)).toBe(true);
    for (const ok of ['left-pad', '@scope/name', 'a..b', '1.0.0', '...']) expect(climbs(ok)).toBe(false);
  });
});
