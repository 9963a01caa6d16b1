import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Component } from '../../model/component.js';
import { TureenError } from '../../model/errors.js';
import { memoryRepo } from '../source.js';
import { versionFromUrl } from '../git-submodules/gitref.js';
import { extractPlatformio, isTestEnv, parseSpec } from './extract.js';
import { envOption, parseIni } from './ini.js';
import { source } from './index.js';

const CORPUS_FILE = join(import.meta.dirname, '../../../test/fixtures/corpus/platformio/RespiraWorks__Ventilator__software__controller__platformio.ini');
const CORPUS = readFileSync(CORPUS_FILE, 'utf8');
const FIXTURES = join(import.meta.dirname, 'fixtures');
const show = (cs: Component[]) => cs.map((c) => `${c.name}@${c.version}:${c.scope}`).sort();

describe('platformio.ini reader', () => {
  it('reads multi-line values, inline comments, extends and ${section.option}', () => {
    const text = [
      '[common]',
      'deps =',
      '  bblanchon/ArduinoJson @ 7.0.4 ; json',
      '  knolleary/PubSubClient@2.8',
      '[env]',
      'framework = arduino',
      '[env:base]',
      'platform = espressif32 @ 6.5.0',
      'lib_deps = ${common.deps}',
      '[env:child]',
      'extends = env:base',
      'build_flags = -D X=${sysenv.X}',
    ].join('\n');
    const s = parseIni(text, 'platformio.ini');
    expect(envOption(s, 'child', 'lib_deps')).toEqual([
      { text: 'bblanchon/ArduinoJson @ 7.0.4', line: 3 },
      { text: 'knolleary/PubSubClient@2.8', line: 4 },
    ]);
    expect(envOption(s, 'child', 'platform')).toEqual([{ text: 'espressif32 @ 6.5.0', line: 8 }]);
    expect(envOption(s, 'child', 'framework')).toEqual([{ text: 'arduino', line: 6 }]);
    expect(envOption(s, 'child', 'build_flags')).toEqual([{ text: '-D X=${sysenv.X}', line: 12 }]);
    expect(envOption(s, 'child', 'nothing')).toBeUndefined();
  });

  it('survives an extends cycle and self-referencing interpolation', () => {
    const s = parseIni('[env:a]\nextends = env:b\nlib_deps = ${env:a.lib_deps}\n[env:b]\nextends = env:a\n', 'p.ini');
    expect(() => envOption(s, 'b', 'lib_deps')).not.toThrow();
    expect(() => envOption(s, 'a', 'platform')).not.toThrow();
  });

  it('throws a TureenError for lines it cannot read', () => {
    expect(() => parseIni('platform = x\n', 'p.ini')).toThrow(TureenError);
    expect(() => parseIni('[env:a]\nthis is not an option\n', 'p.ini')).toThrow(TureenError);
  });
});

describe('package specifications', () => {
  it('reads owner/name@spec, URLs and local folders', () => {
    expect(parseSpec('nanopb/Nanopb@^0.4.7')).toEqual({ owner: 'nanopb', name: 'Nanopb', requirement: '^0.4.7', type: 'registry' });
    expect(parseSpec('bblanchon/ArduinoJson @ 7.0.4')).toEqual({ owner: 'bblanchon', name: 'ArduinoJson', requirement: '7.0.4', type: 'registry' });
    expect(parseSpec('googletest@1.12.1')).toEqual({ name: 'googletest', requirement: '1.12.1', type: 'registry' });
    expect(parseSpec('https://github.com/me/Lib.git#v1.2.0')).toEqual({ name: 'Lib', url: 'https://github.com/me/Lib.git', requirement: 'v1.2.0', type: 'git' });
    expect(parseSpec('MyLib=https://example.com/MyLib-1.0.3.zip')).toMatchObject({ name: 'MyLib', type: 'tarball' });
    expect(parseSpec('symlink://../shared/lib')).toMatchObject({ name: 'lib', type: 'file' });
    expect(versionFromUrl('https://github.com/x/y/archive/refs/tags/v1.2.3.tar.gz')).toBe('1.2.3');
    expect(versionFromUrl('https://example.com/MyLib-1.0.3.zip')).toBe('1.0.3');
    expect(versionFromUrl('https://example.com/master.zip')).toBe('');
  });

  it('tells host test environments', () => {
    expect(isTestEnv('native', 'native@1.2.1')).toBe(true);
    expect(isTestEnv('stm32', 'ststm32@17.6.0')).toBe(false);
    expect(isTestEnv('integration-test', 'ststm32@17.6.0')).toBe(true);
    expect(isTestEnv('host', 'platformio/native')).toBe(true);
    expect(isTestEnv('attest', 'x')).toBe(false);
  });
});

describe('platformio.ini → components', () => {
  it('reads the corpus file (RespiraWorks Ventilator controller, 3 envs)', () => {
    const r = extractPlatformio({ file: 'software/controller/platformio.ini', text: CORPUS });
    // independent count: distinct values written after "platform =", "platform_packages =" and "lib_deps =" (", "-separated)
    const values = (key: string) => [...CORPUS.matchAll(new RegExp(`^${key} = (.+)$`, 'gm'))].flatMap((m) => (m[1] as string).split(', '));
    const distinct = new Set([...values('platform'), ...values('platform_packages'), ...values('lib_deps')]);
    expect(distinct.size).toBe(5);
    expect(r.components).toHaveLength(distinct.size);
    // hand-derived: platforms and the toolchain are build; Nanopb ships with env:stm32; googletest is only in env:native
    expect(show(r.components)).toEqual([
      'googletest@1.12.1:test',
      'nanopb/Nanopb@:runtime',
      'native@1.2.1:build',
      'ststm32@17.6.0:build',
      'toolchain-gccarmnoneeabi@:build',
    ]);
    const nanopb = r.components.find((c) => c.name === 'nanopb/Nanopb');
    expect(nanopb).toMatchObject({ ecosystem: 'PlatformIO', purl: 'pkg:generic/nanopb/Nanopb?repository_url=https%3A%2F%2Fregistry.platformio.org', direct: true });
    expect(nanopb?.properties).toContainEqual({ name: 'declared-range', value: '^0.4.7' });
    // independent: the lines that write "nanopb/Nanopb" (98 env:stm32, 118 env:integration-test, 123 env:native)
    const lines = CORPUS.split('\n').flatMap((l, i) => (l.includes('nanopb/Nanopb') ? [i + 1] : []));
    expect(lines).toEqual([98, 118, 123]);
    expect(nanopb?.evidence.map((e) => e.line)).toEqual(lines);
    expect(r.components.find((c) => c.name === 'ststm32')?.kind).toBe('tool');
    expect(r.findings.filter((f) => f.rule === 'platformio.toolchain-runtime')).toHaveLength(1);
    expect(r.findings.filter((f) => f.rule !== 'platformio.toolchain-runtime').map((f) => [f.rule, f.line, f.item])).toEqual([
      ['platformio.unpinned', CORPUS.split('\n').findIndex((l) => l.startsWith('platform_packages')) + 1, 'pkg:generic/toolchain-gccarmnoneeabi?repository_url=https%3A%2F%2Fregistry.platformio.org'],
      ['platformio.unpinned', 98, nanopb?.key],
    ]);
    for (const c of r.components) expect(Component.safeParse(c).success).toBe(true);
  });

  it('reads frameworks, git libraries and framework packages (fixture written from the docs)', () => {
    const text = readFileSync(join(FIXTURES, 'esp32-docs/platformio.ini'), 'utf8');
    const r = extractPlatformio({ file: 'platformio.ini', text });
    expect(show(r.components)).toEqual([
      'ArduinoJson@:runtime',
      'OneWire@2.3.7:runtime',
      'arduino@:runtime',
      'bblanchon/ArduinoJson@7.0.4:runtime',
      'espressif32@6.5.0:build',
      'framework-arduinoespressif32@:runtime',
      'platformio/tool-esptoolpy@1.40501.0:build',
      'throwtheswitch/Unity@2.5.2:test',
    ]);
    const fw = r.components.find((c) => c.name === 'arduino');
    expect(fw).toMatchObject({ kind: 'framework', version: '' });
    expect(r.components.find((c) => c.name === 'OneWire')).toMatchObject({
      ecosystem: 'GIT', purl: 'pkg:github/paulstoffregen/onewire@v2.3.7', origin: { type: 'git', url: 'https://github.com/PaulStoffregen/OneWire.git', ref: 'v2.3.7' },
    });
    const rules = r.findings.map((f) => `${f.rule}:${f.severity}:${f.line}`);
    expect(rules).toEqual([
      'platformio.unpinned:warning:8',
      'platformio.framework-version:info:3',
      'platformio.unpinned:warning:13',
    ]);
  });

  it('says that extra_configs files are not merged', () => {
    const r = extractPlatformio({ file: 'platformio.ini', text: '[platformio]\nextra_configs =\n  extra_envs.ini\n[env:a]\nlib_deps = x@1.0.0\n' });
    expect(r.findings.map((f) => [f.rule, f.line])).toEqual([['platformio.extra-configs', 2]]);
  });

  it('matches platformio.ini only, outside .pio', () => {
    expect(source.matches('fw/platformio.ini')).toBe(true);
    expect(source.matches('.pio/libdeps/x/platformio.ini')).toBe(false);
    expect(source.matches('platformio.ini.orig')).toBe(false);
    expect(source.extract('platformio.ini', memoryRepo({ 'platformio.ini': '[env:a]\nlib_deps = x@1.0.0\n' })).components).toHaveLength(1);
  });
});
