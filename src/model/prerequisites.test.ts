import { describe, expect, it } from 'vitest';
import { composerPlatform, mergePrerequisites, nonEmpty, npmPlatform, prerequisiteProperties, runtimeStatement } from './prerequisites.js';

describe('prerequisites from package metadata', () => {
  it('npm engines, os, cpu and libc: runtime and OS are software, the processor is hardware', () => {
    // the shape of @esbuild/linux-x64 in a real package-lock.json
    expect(npmPlatform({ engines: { node: '>=18' }, os: ['linux'], cpu: ['x64'], libc: ['glibc'] })).toEqual({
      software: ['node >=18', 'os: linux', 'libc: glibc'],
      hardware: ['cpu: x64'],
    });
    // "!" excludes: fsevents-style lists and the legacy negation syntax
    expect(npmPlatform({ os: ['!win32'] })).toEqual({ software: ['os: not win32'] });
    expect(npmPlatform({ os: ['darwin', 'linux', '!sunos'] })).toEqual({ software: ['os: darwin, linux; not sunos'] });
  });

  it('a range that constrains nothing is no prerequisite; odd shapes are ignored, never thrown', () => {
    expect(runtimeStatement('node', '*')).toBeUndefined();
    expect(runtimeStatement('ruby', '>= 0')).toBeUndefined();
    expect(runtimeStatement('python', '')).toBeUndefined();
    expect(runtimeStatement('python', 42)).toBeUndefined();
    expect(npmPlatform({ engines: ['node >= 0.4'], os: 'linux', cpu: { x: 1 } })).toEqual({ software: ['os: linux'] });
    expect(nonEmpty(npmPlatform({}))).toBeUndefined();
  });

  it('a hostile "__proto__" engine is a name; control characters and long values are cleaned', () => {
    const engines = JSON.parse('{"__proto__": ">=1", "node": ">=20\\u0000\\nrm -rf"}') as unknown;
    expect(npmPlatform({ engines }).software).toEqual(['__proto__ >=1', 'node >=20 rm -rf']);
    expect(runtimeStatement('node', `>=${'9'.repeat(500)}`)!.length).toBeLessThanOrEqual(200);
  });

  it('Composer: php and ext-*/lib-* are prerequisites, packages are dependencies', () => {
    expect(composerPlatform({ php: '>=8.1', 'ext-json': '*', 'lib-icu': '>=60', 'psr/log': '^3' })).toEqual({
      software: ['php >=8.1', 'php extension json', 'php extension icu >=60'],
    });
  });

  it('merges the lockfile\'s statements with the registry\'s without repeats', () => {
    const props = prerequisiteProperties({ software: ['node >=18', 'os: linux'], hardware: ['cpu: x64'] });
    expect(props).toHaveLength(3);
    expect(mergePrerequisites(props, { software: ['node >= 18', 'python >=3.8'], hardware: ['cpu: x64'] })).toEqual({
      hardware: ['cpu: x64'],
      software: ['node >=18', 'os: linux', 'python >=3.8'],
    });
    expect(mergePrerequisites([{ name: 'go:toolchain', value: 'go1.22' }], undefined)).toBeUndefined();
  });
});
