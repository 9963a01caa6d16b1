import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { indexOfPeersSuffix, parseKey, refToDepPath, removePeersSuffix } from './deppath.js';

// Expected values are written out by hand from pnpm's documented key syntaxes and from keys that
// the real pnpm 6/7/8/9 wrote into the fixtures of this folder.

describe('lockfile keys: v5.x (pnpm 6/7)', () => {
  it('reads plain, scoped and peer-suffixed registry keys', () => {
    expect(parseKey('/ms/2.1.3', 'v5')).toEqual({ base: '/ms/2.1.3', registry: true, name: 'ms', version: '2.1.3' });
    expect(parseKey('/@sindresorhus/is/4.6.0', 'v5')).toMatchObject({ registry: true, name: '@sindresorhus/is', version: '4.6.0' });
    expect(parseKey('/use-sync-external-store/1.2.0_react@18.2.0', 'v5')).toMatchObject({
      base: '/use-sync-external-store/1.2.0',
      name: 'use-sync-external-store',
      version: '1.2.0',
    });
    // several peers joined by "+", scoped peers spelled with "+" for "/"
    expect(parseKey('/@testing-library/react-hooks/7.0.2_@types+react@17.0.0+react@17.0.2', 'v5')).toMatchObject({
      name: '@testing-library/react-hooks',
      version: '7.0.2',
    });
    // an underscore in the name is not a peer separator
    expect(parseKey('/lodash_fork/1.0.0_react@17.0.2', 'v5')).toMatchObject({ name: 'lodash_fork', version: '1.0.0' });
  });

  it('leaves non-registry keys to the entry (git, tarball, directory)', () => {
    for (const key of ['127.0.0.1+18947/git-dep/c2da19ba667cc9952c9b63a0ccfc011f73e3cf60', '@127.0.0.1+18947/ms-2.0.0.tgz', 'file:local-dep', 'github.com/kevva/is-positive/97edff6f525f192a3f83cea1944765f769ae2678']) {
      expect(parseKey(key, 'v5').registry).toBe(false);
    }
  });

  it('turns references into keys: versions, aliases, paths and links', () => {
    expect(refToDepPath('1.2.0_react@18.2.0', 'use-sync-external-store', 'v5')).toBe('/use-sync-external-store/1.2.0_react@18.2.0');
    expect(refToDepPath('/ms/2.1.3', 'my-ms', 'v5')).toBe('/ms/2.1.3');
    expect(refToDepPath('file:local-dep', 'local-dep', 'v5')).toBe('file:local-dep');
    expect(refToDepPath('@127.0.0.1+18947/ms-2.0.0.tgz', 'ms-tarball', 'v5')).toBe('@127.0.0.1+18947/ms-2.0.0.tgz');
    expect(refToDepPath('link:../lib', '@fixture/lib', 'v5')).toBeNull();
  });
});

describe('lockfile keys: v6.0 (pnpm 8)', () => {
  it('reads registry keys with parenthesised peers, nested and scoped', () => {
    expect(parseKey('/@sindresorhus/is@4.6.0', 'v6')).toMatchObject({ registry: true, name: '@sindresorhus/is', version: '4.6.0' });
    expect(parseKey('/use-sync-external-store@1.2.0(react@17.0.2)', 'v6')).toMatchObject({ base: '/use-sync-external-store@1.2.0', version: '1.2.0' });
    expect(parseKey('/vite-plugin-static-copy@0.17.1(vite@4.5.3(@types/node@20.12.10)(terser@5.31.0))', 'v6')).toMatchObject({
      name: 'vite-plugin-static-copy',
      version: '0.17.1',
    });
    expect(parseKey('127.0.0.1+18947/git-dep/c2da19ba667cc9952c9b63a0ccfc011f73e3cf60', 'v6').registry).toBe(false);
  });

  it('turns references into keys; a "/" inside the peer suffix does not make a path', () => {
    expect(refToDepPath('1.2.0(react@17.0.2)', 'use-sync-external-store', 'v6')).toBe('/use-sync-external-store@1.2.0(react@17.0.2)');
    expect(refToDepPath('19.3.0(@types/node@20.12.10)(typescript@5.4.5)', '@commitlint/cli', 'v6')).toBe('/@commitlint/cli@19.3.0(@types/node@20.12.10)(typescript@5.4.5)');
    expect(refToDepPath('/ms@2.1.3', 'my-ms', 'v6')).toBe('/ms@2.1.3');
  });
});

describe('lockfile keys: v9.0 (pnpm 9)', () => {
  it('reads registry and non-registry keys; the name is always in the key', () => {
    expect(parseKey('@commitlint/cli@19.3.0(@types/node@20.12.10)(typescript@5.4.5)', 'v9')).toMatchObject({
      base: '@commitlint/cli@19.3.0',
      registry: true,
      name: '@commitlint/cli',
      version: '19.3.0',
    });
    expect(parseKey('ms@http://127.0.0.1:18947/ms-2.0.0.tgz', 'v9')).toMatchObject({ registry: false, name: 'ms' });
    expect(parseKey('git-dep@git+http://127.0.0.1:18947/git-dep.git#c2da19ba667cc9952c9b63a0ccfc011f73e3cf60', 'v9')).toMatchObject({ registry: false, name: 'git-dep' });
    expect(parseKey('local-dep@file:local-dep', 'v9')).toMatchObject({ registry: false, name: 'local-dep' });
  });

  it('turns references into keys: versions, aliases (real-name@version), URLs', () => {
    expect(refToDepPath('1.2.0(react@18.2.0)', 'use-sync-external-store', 'v9')).toBe('use-sync-external-store@1.2.0(react@18.2.0)');
    expect(refToDepPath('ms@2.1.3', 'my-ms', 'v9')).toBe('ms@2.1.3');
    expect(refToDepPath('string-width@4.2.3', 'string-width-cjs', 'v9')).toBe('string-width@4.2.3');
    expect(refToDepPath('@scope/real@1.0.0', 'alias', 'v9')).toBe('@scope/real@1.0.0');
    expect(refToDepPath('git+http://127.0.0.1:18947/git-dep.git#c2da19ba667cc9952c9b63a0ccfc011f73e3cf60', 'git-dep', 'v9')).toBe(
      'git-dep@git+http://127.0.0.1:18947/git-dep.git#c2da19ba667cc9952c9b63a0ccfc011f73e3cf60',
    );
    expect(refToDepPath('file:local-dep', 'local-dep', 'v9')).toBe('local-dep@file:local-dep');
    expect(refToDepPath('link:../lib', '@fixture/lib', 'v9')).toBeNull();
  });

  it('finds the peer suffix only at the end and only when balanced', () => {
    expect(indexOfPeersSuffix('a@1.0.0(b@2.0.0(c@3.0.0))(d@1.0.0)')).toBe('a@1.0.0'.length);
    expect(indexOfPeersSuffix('a@1.0.0')).toBe(-1);
    expect(indexOfPeersSuffix('a@1.0.0(b@2.0.0')).toBe(-1);
    expect(removePeersSuffix('a@1.0.0(b@2.0.0)', 'v9')).toBe('a@1.0.0');
  });
});

describe('dependency paths: properties', () => {
  const name = fc.oneof(
    fc.stringMatching(/^[a-z][a-z0-9._-]{0,12}$/),
    fc.tuple(fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/), fc.stringMatching(/^[a-z][a-z0-9._-]{0,8}$/)).map(([s, n]) => `@${s}/${n}`),
  );
  const version = fc.tuple(fc.nat(99), fc.nat(99), fc.nat(99)).map((v) => v.join('.'));

  it('a reference written for a name and version reads back as that name and version, peers or not (v5, v6, v9)', () => {
    fc.assert(
      fc.property(name, version, fc.option(fc.tuple(name, version)), (n, v, peer) => {
        const v5 = peer ? `${v}_${peer[0].replace('/', '+')}@${peer[1]}` : v;
        const v69 = peer ? `${v}(${peer[0]}@${peer[1]})` : v;
        for (const [syntax, ref] of [['v5', v5], ['v6', v69], ['v9', v69]] as const) {
          const key = refToDepPath(ref, n, syntax);
          expect(key).not.toBeNull();
          expect(parseKey(key as string, syntax)).toMatchObject({ registry: true, name: n, version: v });
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary keys and references', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.constantFrom('v5', 'v6', 'v9') as fc.Arbitrary<'v5' | 'v6' | 'v9'>, (a, b, syntax) => {
        parseKey(a, syntax);
        refToDepPath(a, b, syntax);
        removePeersSuffix(a, syntax);
      }),
      { numRuns: 500 },
    );
  });
});
