import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Component } from '../../model/component.js';
import { memoryRepo } from '../source.js';
import { extractVendored } from './extract.js';
import { repoSource } from './index.js';

const FIX = join(import.meta.dirname, 'fixtures');
const real = (f: string) => readFileSync(join(FIX, f), 'utf8');
const fp = (c: Component) => c.properties?.find((p) => p.name === 'vendored:fingerprint')?.value;
const summary = (cs: Component[]) => cs.map((c) => `${c.name}@${c.version} ${c.kind} ${c.origin.ref}`).sort();

describe('vendored: an STM32CubeIDE project tree', () => {
  // The layout STM32CubeMX generates: Core/ is the project's own code; Drivers/ and Middlewares/ are ST's and third parties'.
  const repo = memoryRepo({
    'Core/Src/main.c': 'int main(void) { return 0; }\n',
    'Core/Inc/main.h': '#pragma once\n',
    'Drivers/CMSIS/Include/cmsis_version.h': real('lines/cmsis_version.h.txt'),
    'Drivers/CMSIS/Include/core_cm7.h': '/* core header */\n',
    'Drivers/STM32H7xx_HAL_Driver/Src/stm32h7xx_hal.c': real('lines/stm32h7xx_hal.c.txt'),
    'Drivers/STM32H7xx_HAL_Driver/Inc/stm32h7xx_hal.h': '/* hal header */\n',
    'Drivers/BSP/STM32H7xx_Nucleo/stm32h7xx_nucleo.c': '/* board support */\n',
    'Middlewares/Third_Party/FreeRTOS/Source/include/task.h': real('lines/task.h.txt'),
    'Middlewares/Third_Party/FreeRTOS/Source/tasks.c': '/* kernel */\n',
    'Middlewares/Third_Party/FatFs/src/ff.h': real('lines/ff.h.txt'),
    'Middlewares/ST/STM32_USB_Device_Library/Core/Src/usbd_core.c': '/* usb */\n',
    'Middlewares/LVGL/lv_conf.h': '/* the LVGL configuration of the project */\n',
    'Debug/Core/Src/main.o': '\u007fELF',
    'Debug/app.elf': '\u007fELF',
    'Debug/app.map': 'map',
  });
  const r = extractVendored(repo);

  it('finds the four known libraries and the three unknown vendor folders, nothing from Core/ or Debug/', () => {
    // hand-listed from the tree above
    expect(summary(r.components)).toEqual([
      'CMSIS-Core@5.0 driver-bsp Drivers/CMSIS',
      'FatFs@R0.16 vendored-code Middlewares/Third_Party/FatFs/src',
      'FreeRTOS-Kernel@10.3.1 framework Middlewares/Third_Party/FreeRTOS/Source',
      'LVGL@ vendored-code Middlewares/LVGL',
      'STM32H7xx_Nucleo@ driver-bsp Drivers/BSP/STM32H7xx_Nucleo',
      'STM32_USB_Device_Library@ vendored-code Middlewares/ST/STM32_USB_Device_Library',
      'stm32h7xx_hal_driver@1.11.2 driver-bsp Drivers/STM32H7xx_HAL_Driver',
    ]);
    for (const c of r.components) expect(Component.safeParse(c).success).toBe(true);
  });

  it('warns once per unidentified folder, saying how to declare it', () => {
    expect(r.findings.map((f) => [f.rule, f.severity, f.file])).toEqual([
      ['vendored.unidentified', 'warning', 'Drivers/BSP/STM32H7xx_Nucleo'],
      ['vendored.unidentified', 'warning', 'Middlewares/LVGL'],
      ['vendored.unidentified', 'warning', 'Middlewares/ST/STM32_USB_Device_Library'],
    ]);
    expect(r.findings[0]?.fix).toContain('README.chromium');
    expect(r.findings[0]?.fix).toContain('tureen.config.yaml');
  });

  it('keys an unversioned folder by its path, so two unknown copies stay two items', () => {
    const bsp = r.components.find((c) => c.name === 'STM32H7xx_Nucleo');
    expect(bsp).toMatchObject({ purl: 'pkg:generic/STM32H7xx_Nucleo', key: 'pkg:generic/STM32H7xx_Nucleo?vendored_path=Drivers%2FBSP%2FSTM32H7xx_Nucleo' });
    expect(r.findings[0]?.item).toBe(bsp?.key);
  });

  it('reads only marker heads, never the build output or the project code', () => {
    expect(r.files.some((f) => f.startsWith('Debug/') || f.startsWith('Core/'))).toBe(false);
  });

  it('is exported as a RepoSource with id "vendored"', () => {
    expect(repoSource.id).toBe('vendored');
    expect(summary(repoSource.extractRepo(repo).components)).toEqual(summary(r.components));
  });
});

describe('vendored: folder metadata of an unidentified library', () => {
  it("README.chromium (Chromium's format) names the library, its version and URL; no warning", () => {
    const r = extractVendored(memoryRepo({ 'third_party/zlib/README.chromium': real('meta/README.chromium'), 'third_party/zlib/adler32.c': '/* */\n' }));
    expect(r.components).toHaveLength(1);
    // README.chromium lines 1-3: Name: zlib / URL: http://zlib.net/ / Version: 1.2.5
    expect(r.components[0]).toMatchObject({
      name: 'zlib', version: '1.2.5', purl: 'pkg:generic/zlib@1.2.5', key: 'pkg:generic/zlib@1.2.5', ecosystem: 'generic', kind: 'vendored-code',
      origin: { type: 'vendored', ref: 'third_party/zlib', url: 'http://zlib.net/' },
      evidence: [{ file: 'third_party/zlib/README.chromium', line: 3, source: 'vendored' }],
      licenses: [{ name: 'Custom license' }],
    });
    expect(r.findings).toEqual([]);
  });

  it('a fingerprint wins over the metadata when both are there', () => {
    const r = extractVendored(memoryRepo({ 'third_party/zlib/README.chromium': real('meta/README.chromium'), 'third_party/zlib/zlib.h': real('lines/zlib.h.txt') }));
    expect(summary(r.components)).toEqual(['zlib@1.2.5.2-motley vendored-code third_party/zlib']);
  });

  it('Android METADATA: identifier version and URL', () => {
    const r = extractVendored(memoryRepo({ 'external/eigen3/METADATA': real('meta/METADATA'), 'external/eigen3/Eigen/Core': '// core\n' }));
    // METADATA line 14: version: "3.4.0"; line 1: name: "eigen"
    expect(r.components[0]).toMatchObject({ name: 'eigen', version: '3.4.0', origin: { url: 'https://gitlab.com/libeigen/eigen.git' }, evidence: [{ file: 'external/eigen3/METADATA', line: 14 }] });
  });

  it('git-subrepo .gitrepo: the upstream commit is the version', () => {
    const r = extractVendored(memoryRepo({ 'vendor/external-module-manager/.gitrepo': real('meta/.gitrepo'), 'vendor/external-module-manager/index.php': '<?php\n' }));
    expect(r.components[0]).toMatchObject({ name: 'external-module-manager', version: '1383e18ed8a8e4b05e5a189daa4a7a7e05d23f73', origin: { url: 'git@github.com:susom/external-module-manager.git' } });
  });

  it('update script, VERSION file, library.properties, library.json, idf_component.yml, package.json', () => {
    const r = extractVendored(memoryRepo({
      'third_party/a/update.sh': '#!/bin/sh\nset -e\nTAG=v2.4.1\ngit clone --depth 1 -b "$TAG" https://github.com/x/a.git src\n',
      'third_party/b/VERSION': '1.0.7\n',
      'third_party/c/library.properties': 'name=Adafruit GFX Library\nversion=1.11.9\nurl=https://github.com/adafruit/Adafruit-GFX-Library\n',
      'third_party/d/library.json': '{ "name": "ArduinoJson", "version": "6.21.3", "license": "MIT", "repository": { "type": "git", "url": "https://github.com/bblanchon/ArduinoJson.git" } }',
      'managed_components/espressif__led_strip/idf_component.yml': 'version: "2.5.3"\ndescription: Driver for Addressable LED Strip\nurl: https://github.com/espressif/idf-extra-components/tree/master/led_strip\n',
      'vendor/chartjs-plugin/package.json': '{ "name": "chartjs-plugin-annotation", "version": "1.4.0", "license": "MIT" }',
    }));
    expect(r.components.map((c) => `${c.name}@${c.version}`).sort()).toEqual([
      'Adafruit GFX Library@1.11.9', 'ArduinoJson@6.21.3', 'a@2.4.1', 'b@1.0.7', 'chartjs-plugin-annotation@1.4.0', 'espressif__led_strip@2.5.3',
    ]);
    expect(r.components.find((c) => c.name === 'a')?.evidence[0]).toEqual({ file: 'third_party/a/update.sh', line: 3, source: 'vendored' });
    expect(r.components.find((c) => c.name === 'ArduinoJson')?.licenses).toEqual([{ expression: 'MIT' }]);
    expect(r.findings).toEqual([]);
  });

  it('a CHANGELOG or CMake project() version is only a guess: kept, with a warning', () => {
    const r = extractVendored(memoryRepo({ 'third_party/q/CHANGELOG.md': '# Changelog\n\n## [0.9.2] - 2024-01-02\n- fix\n' }));
    expect(r.components[0]).toMatchObject({ name: 'q', version: '0.9.2', evidence: [{ file: 'third_party/q/CHANGELOG.md', line: 3 }] });
    expect(r.findings.map((f) => f.rule)).toEqual(['vendored.unidentified']);
    expect(r.findings[0]?.message).toContain('only a guess');
  });

  it('a permissive LICENSE text gives the licence when nothing else does', () => {
    const mit = 'Permission is hereby granted, free of charge, to any person obtaining a copy of\nthis software ...';
    const r = extractVendored(memoryRepo({ 'extern/thing/LICENSE': mit, 'extern/thing/thing.c': '' }));
    expect(r.components[0]).toMatchObject({ name: 'thing', version: '', licenses: [{ expression: 'MIT' }] });
  });

  it('a single-file library directly in a vendor folder is an item of its own, version from its first comment', () => {
    const r = extractVendored(memoryRepo({ 'third_party/stb_image.h': real('meta/stb_image.h'), 'third_party/CMakeLists.txt': 'add_library(x)\n' }));
    expect(r.components.map((c) => `${c.name}@${c.version}`)).toEqual(['stb_image@2.28']);
    expect(r.components[0]?.evidence).toEqual([{ file: 'third_party/stb_image.h', line: 1, source: 'vendored' }]);
  });
});

describe('vendored: what is not vendored code', () => {
  it("skips package managers' install folders: composer vendor/, Go vendor/, Ruby vendor/bundle, cargo vendor, Elixir deps/", () => {
    const r = extractVendored(memoryRepo({
      'php/composer.json': '{}', 'php/vendor/monolog/monolog/src/Logger.php': '<?php',
      'go/vendor/modules.txt': '# github.com/x/y v1.0.0', 'go/vendor/github.com/x/y/y.go': 'package y',
      'rb/vendor/bundle/ruby/3.2.0/gems/rack-3.0.0/lib/rack.rb': '',
      'rs/vendor/serde/.cargo-checksum.json': '{}', 'rs/vendor/serde/src/lib.rs': '',
      'ex/mix.exs': '', 'ex/deps/jason/mix.exs': '',
    }));
    expect(r.components).toEqual([]);
    expect(r.findings).toEqual([]);
  });

  it("skips a vendor/ subfolder that is a local package of a lockfile above it (the package manager's source lists it)", () => {
    const r = extractVendored(memoryRepo({
      'Cargo.lock': '', 'Cargo.toml': '[workspace]', 'vendor/codegen/Cargo.toml': '[package]\nname = "codegen"\nversion = "0.1.0"\n', 'vendor/codegen/src/lib.rs': '',
      'web/bun.lock': '{}', 'web/vendor/local-pkg/package.json': '{"name":"local-pkg","version":"0.0.1"}',
      'other/vendor/plain-lib/package.json': '{"name":"plain-lib","version":"2.0.0"}',
    }));
    expect(r.components.map((c) => `${c.name}@${c.version}`)).toEqual(['plain-lib@2.0.0']);
  });

  it('skips build output folders and object files', () => {
    const r = extractVendored(memoryRepo({
      'third_party/zlib/zlib.h': real('lines/zlib.h.txt'),
      'build/third_party/zlib/zlib.h': real('lines/zlib.h.txt'),
      'cmake-build-debug/_deps/foo/zlib.h': real('lines/zlib.h.txt'),
      'third_party/prebuilt/libfoo.a': '!<arch>',
    }));
    expect(summary(r.components)).toEqual(['zlib@1.2.5.2-motley vendored-code third_party/zlib']);
  });
});

describe('vendored: git submodules', () => {
  it('a submodule folder is named by the git-submodules source, not reported as unidentified; a fingerprint inside it says so', () => {
    const r = extractVendored(memoryRepo({
      '.gitmodules': '[submodule "third_party/mbedtls"]\n\tpath = third_party/mbedtls\n\turl = https://github.com/Mbed-TLS/mbedtls.git\n[submodule "third_party/unknown"]\n\tpath = third_party/unknown\n\turl = https://example.com/unknown.git\n',
      'third_party/mbedtls/include/mbedtls/build_info.h': real('lines/build_info.h.txt'),
      'third_party/unknown/src/a.c': '',
      'third_party/copied/a.c': '',
    }));
    expect(summary(r.components)).toEqual(['copied@ vendored-code third_party/copied', 'mbedtls@2.26.0 vendored-code third_party/mbedtls']);
    expect(r.components.find((c) => c.name === 'mbedtls')?.properties).toContainEqual({ name: 'vendored:git-submodule', value: 'third_party/mbedtls' });
  });
});

describe('vendored: fingerprints anywhere', () => {
  it('finds a library copied outside any vendor folder, and one nested inside another vendored library', () => {
    const r = extractVendored(memoryRepo({
      'src/compress/zlib/zlib.h': real('lines/zlib.h.txt'),
      'third_party/sdk/README.md': '# vendor SDK\n',
      'third_party/sdk/third_party/sqlite/sqlite3.h': real('lines/sqlite3.h.txt'),
    }));
    expect(summary(r.components)).toEqual([
      'sdk@ vendored-code third_party/sdk',
      'sqlite@3.24.0 vendored-code third_party/sdk/third_party/sqlite',
      'zlib@1.2.5.2-motley vendored-code src/compress/zlib',
    ]);
  });

  it('a known library whose version cannot be read is still an item, with a warning', () => {
    const r = extractVendored(memoryRepo({ 'third_party/openjpeg/src/lib/openjp2/openjpeg.h': '/* no version here */\n' }));
    expect(r.components).toHaveLength(1);
    expect(r.components[0]).toMatchObject({ name: 'openjpeg', version: '', purl: 'pkg:github/uclouvain/openjpeg', key: 'pkg:github/uclouvain/openjpeg?vendored_path=third_party%2Fopenjpeg' });
    expect(r.components[0]?.cpe).toBeUndefined();
    expect(r.findings.map((f) => f.rule)).toEqual(['vendored.unversioned']);
  });

  it("zlib-ng's compat zlib.h is zlib-ng, not zlib", () => {
    const zngCompat = `${real('lines/zlib-ng.h.in.txt')}\n#define ZLIB_VERSION "1.3.0.zlib-ng"\n`;
    const r = extractVendored(memoryRepo({ 'third_party/zlib-ng/zlib.h': zngCompat }));
    expect(r.components.map((c) => fp(c))).toEqual(['zlib-ng']);
  });

  it('the same library found through two markers at one root is one item', () => {
    const r = extractVendored(memoryRepo({ 'third_party/mbedtls/include/mbedtls/build_info.h': real('lines/build_info.h.txt'), 'third_party/mbedtls/include/mbedtls/version.h': '#include "mbedtls/build_info.h"\n' }));
    expect(r.components).toHaveLength(1);
  });
});
