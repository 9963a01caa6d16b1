import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Component } from '../../model/component.js';
import { memoryRepo } from '../source.js';
import { CATALOGUE } from './catalogue.js';
import { extractVendored } from './extract.js';
import { Catalogue } from './schema.js';

const LINES = join(import.meta.dirname, 'fixtures', 'lines');
const line = (f: string) => readFileSync(join(LINES, `${f}.txt`), 'utf8');
/** 1-based line of the first line containing `needle` (an independent count, not the parser's). */
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

interface Case {
  id: string;
  /** repository path → fixture file (the real lines, see fixtures/README.md) or literal text. */
  files: Record<string, { fixture: string } | string>;
  /** Expected, read by hand from the fixture lines. */
  name: string;
  version: string;
  purl: string;
  root: string;
  /** The evidence: the file and the text of the line that holds the version. */
  evidence: [file: string, needle: string];
  ecosystem?: string;
}

// pkg:github names are case-insensitive: the purl spec lower-cases them (packageurl-js does).
const CASES: Case[] = [
  { id: 'freertos-kernel', files: { 'Middlewares/Third_Party/FreeRTOS/Source/include/task.h': { fixture: 'task.h' } }, name: 'FreeRTOS-Kernel', version: '10.3.1', purl: 'pkg:github/freertos/freertos-kernel@10.3.1', root: 'Middlewares/Third_Party/FreeRTOS/Source', evidence: ['Middlewares/Third_Party/FreeRTOS/Source/include/task.h', 'tskKERNEL_VERSION_NUMBER'] },
  // 0x01 . 0x0B . 0x02 = 1.11.2, as the file's own comment says ("version number V1.11.2")
  { id: 'stm32-hal', files: { 'Drivers/STM32H7xx_HAL_Driver/Src/stm32h7xx_hal.c': { fixture: 'stm32h7xx_hal.c' } }, name: 'stm32h7xx_hal_driver', version: '1.11.2', purl: 'pkg:github/stmicroelectronics/stm32h7xx_hal_driver@1.11.2', root: 'Drivers/STM32H7xx_HAL_Driver', evidence: ['Drivers/STM32H7xx_HAL_Driver/Src/stm32h7xx_hal.c', '__STM32H7xx_HAL_VERSION_MAIN'] },
  // 0x02 . 0x06 . 0x0A = 2.6.10, as the file's comment says ("CMSIS version number V2.6.10")
  { id: 'stm32-cmsis-device', files: { 'Drivers/CMSIS/Device/ST/STM32F4xx/Include/stm32f4xx.h': { fixture: 'stm32f4xx.h' } }, name: 'cmsis_device_f4', version: '2.6.10', purl: 'pkg:github/stmicroelectronics/cmsis_device_f4@2.6.10', root: 'Drivers/CMSIS/Device/ST/STM32F4xx', evidence: ['Drivers/CMSIS/Device/ST/STM32F4xx/Include/stm32f4xx.h', '__STM32F4xx_CMSIS_VERSION_MAIN'] },
  { id: 'cmsis-core', files: { 'Drivers/CMSIS/Include/cmsis_version.h': { fixture: 'cmsis_version.h' } }, name: 'CMSIS-Core', version: '5.0', purl: 'pkg:github/arm-software/cmsis_5@5.0', root: 'Drivers/CMSIS', evidence: ['Drivers/CMSIS/Include/cmsis_version.h', '__CM_CMSIS_VERSION_MAIN'] },
  { id: 'zephyr', files: { 'zephyr/VERSION': { fixture: 'zephyr-VERSION' }, 'zephyr/zephyr-env.sh': '# placeholder: only the name matters\n' }, name: 'zephyr', version: '1.13.0-rc1', purl: 'pkg:github/zephyrproject-rtos/zephyr@1.13.0-rc1', root: 'zephyr', evidence: ['zephyr/VERSION', 'VERSION_MAJOR'] },
  { id: 'esp-idf', files: { 'esp-idf/components/esp_common/include/esp_idf_version.h': { fixture: 'esp_idf_version.h' } }, name: 'esp-idf', version: '5.1.0', purl: 'pkg:github/espressif/esp-idf@5.1.0', root: 'esp-idf', evidence: ['esp-idf/components/esp_common/include/esp_idf_version.h', 'ESP_IDF_VERSION_MAJOR'] },
  { id: 'nrfx', files: { 'modules/hal/nordic/nrfx/drivers/nrfx_common.h': { fixture: 'nrfx_common.h' } }, name: 'nrfx', version: '3.14.0', purl: 'pkg:github/nordicsemiconductor/nrfx@3.14.0', root: 'modules/hal/nordic/nrfx', evidence: ['modules/hal/nordic/nrfx/drivers/nrfx_common.h', '#define NRFX_RELEASE_VER_MAJOR'] },
  { id: 'tinyusb', files: { 'lib/tinyusb/src/tusb_option.h': { fixture: 'tusb_option.h' } }, name: 'tinyusb', version: '0.20.1', purl: 'pkg:github/hathach/tinyusb@0.20.1', root: 'lib/tinyusb', evidence: ['lib/tinyusb/src/tusb_option.h', 'TUSB_VERSION_MAJOR'] },
  { id: 'lwip', files: { 'Middlewares/Third_Party/LwIP/src/include/lwip/init.h': { fixture: 'init.h' } }, name: 'lwip', version: '2.0.0', purl: 'pkg:generic/lwip@2.0.0', root: 'Middlewares/Third_Party/LwIP', evidence: ['Middlewares/Third_Party/LwIP/src/include/lwip/init.h', 'LWIP_VERSION_MAJOR'] },
  { id: 'fatfs', files: { 'Middlewares/Third_Party/FatFs/src/ff.h': { fixture: 'ff.h' } }, name: 'FatFs', version: 'R0.16', purl: 'pkg:generic/fatfs@R0.16', root: 'Middlewares/Third_Party/FatFs/src', evidence: ['Middlewares/Third_Party/FatFs/src/ff.h', 'Generic FAT Filesystem module'] },
  { id: 'lvgl', files: { 'lib/lvgl/lvgl.h': { fixture: 'lvgl.h' }, 'lib/lvgl/lv_version.h': { fixture: 'lv_version.h' } }, name: 'lvgl', version: '9.1.1', purl: 'pkg:github/lvgl/lvgl@9.1.1', root: 'lib/lvgl', evidence: ['lib/lvgl/lv_version.h', 'LVGL_VERSION_MAJOR'] },
  { id: 'mbedtls', files: { 'third_party/mbedtls/include/mbedtls/build_info.h': { fixture: 'build_info.h' } }, name: 'mbedtls', version: '2.26.0', purl: 'pkg:github/mbed-tls/mbedtls@2.26.0', root: 'third_party/mbedtls', evidence: ['third_party/mbedtls/include/mbedtls/build_info.h', 'MBEDTLS_VERSION_STRING '] },
  { id: 'wolfssl', files: { 'third_party/wolfssl/wolfssl/version.h': { fixture: 'wolfssl-version.h' } }, name: 'wolfssl', version: '5.7.2', purl: 'pkg:github/wolfssl/wolfssl@5.7.2', root: 'third_party/wolfssl', evidence: ['third_party/wolfssl/wolfssl/version.h', 'LIBWOLFSSL_VERSION_STRING'] },
  { id: 'openssl', files: { 'libs/openssl/include/openssl/opensslv.h': { fixture: 'opensslv.h' } }, name: 'openssl', version: '1.1.1g', purl: 'pkg:github/openssl/openssl@1.1.1g', root: 'libs/openssl', evidence: ['libs/openssl/include/openssl/opensslv.h', 'OPENSSL_VERSION_TEXT'] },
  { id: 'curl', files: { 'third_party/curl/include/curl/curlver.h': { fixture: 'curlver.h' } }, name: 'curl', version: '7.50.1-DEV', purl: 'pkg:github/curl/curl@7.50.1-DEV', root: 'third_party/curl', evidence: ['third_party/curl/include/curl/curlver.h', '#define LIBCURL_VERSION "'] },
  { id: 'nanopb', files: { 'components/nanopb/pb.h': { fixture: 'pb.h' } }, name: 'nanopb', version: '0.2.7-dev', purl: 'pkg:github/nanopb/nanopb@0.2.7-dev', root: 'components/nanopb', evidence: ['components/nanopb/pb.h', 'NANOPB_VERSION'] },
  { id: 'zlib', files: { 'third_party/zlib/zlib.h': { fixture: 'zlib.h' } }, name: 'zlib', version: '1.2.5.2-motley', purl: 'pkg:github/madler/zlib@1.2.5.2-motley', root: 'third_party/zlib', evidence: ['third_party/zlib/zlib.h', 'ZLIB_VERSION "'] },
  { id: 'zlib-ng', files: { 'third_party/zlib-ng/zlib-ng.h.in': { fixture: 'zlib-ng.h.in' } }, name: 'zlib-ng', version: '2.1.0.devel', purl: 'pkg:github/zlib-ng/zlib-ng@2.1.0.devel', root: 'third_party/zlib-ng', evidence: ['third_party/zlib-ng/zlib-ng.h.in', 'ZLIBNG_VERSION "'] },
  { id: 'libpng', files: { 'third_party/libpng/png.h': { fixture: 'png.h' } }, name: 'libpng', version: '1.6.38.git', purl: 'pkg:github/pnggroup/libpng@1.6.38.git', root: 'third_party/libpng', evidence: ['third_party/libpng/png.h', '#define PNG_LIBPNG_VER 10638'] },
  { id: 'libpng', files: { 'deps/png/png.h': { fixture: 'png-1.6.43.h' } }, name: 'libpng', version: '1.6.43', purl: 'pkg:github/pnggroup/libpng@1.6.43', root: 'deps/png', evidence: ['deps/png/png.h', 'PNG_LIBPNG_VER_STRING'] },
  { id: 'expat', files: { 'third_party/expat/lib/expat.h': { fixture: 'expat.h' } }, name: 'expat', version: '1.95.3', purl: 'pkg:github/libexpat/libexpat@1.95.3', root: 'third_party/expat/lib', evidence: ['third_party/expat/lib/expat.h', 'XML_MAJOR_VERSION'] },
  { id: 'libjpeg-turbo', files: { 'third_party/libjpeg-turbo/jversion.h': { fixture: 'turbo-jversion.h' }, 'third_party/libjpeg-turbo/CMakeLists.txt': { fixture: 'turbo-CMakeLists.txt' } }, name: 'libjpeg-turbo', version: '2.0.7', purl: 'pkg:github/libjpeg-turbo/libjpeg-turbo@2.0.7', root: 'third_party/libjpeg-turbo', evidence: ['third_party/libjpeg-turbo/CMakeLists.txt', 'set(VERSION'] },
  { id: 'libjpeg', files: { 'third_party/libjpeg/jversion.h': { fixture: 'ijg-jversion.h' } }, name: 'libjpeg', version: '9', purl: 'pkg:generic/libjpeg@9', root: 'third_party/libjpeg', evidence: ['third_party/libjpeg/jversion.h', '#define JVERSION'] },
  { id: 'openjpeg', files: { 'third_party/openjpeg/src/lib/openjp2/openjpeg.h': '/* placeholder: the marker is recognised by its path */\n', 'third_party/openjpeg/CMakeLists.txt': { fixture: 'openjpeg-CMakeLists.txt' } }, name: 'openjpeg', version: '2.1.0', purl: 'pkg:github/uclouvain/openjpeg@2.1.0', root: 'third_party/openjpeg', evidence: ['third_party/openjpeg/CMakeLists.txt', 'OPENJPEG_VERSION_MAJOR 2'] },
  { id: 'libtiff', files: { 'third_party/tiff/libtiff/tiffvers.h': { fixture: 'tiffvers.h' } }, name: 'libtiff', version: '4.5.0', purl: 'pkg:generic/libtiff@4.5.0', root: 'third_party/tiff/libtiff', evidence: ['third_party/tiff/libtiff/tiffvers.h', 'TIFFLIB_VERSION_STR'] },
  { id: 'hdf5', files: { 'third_party/hdf5/src/H5public.h': { fixture: 'H5public.h' } }, name: 'hdf5', version: '1.13.0', purl: 'pkg:github/hdfgroup/hdf5@1.13.0', root: 'third_party/hdf5/src', evidence: ['third_party/hdf5/src/H5public.h', 'H5_VERS_MAJOR'] },
  { id: 'sqlite', files: { 'third_party/sqlite/sqlite3.h': { fixture: 'sqlite3.h' } }, name: 'sqlite', version: '3.24.0', purl: 'pkg:generic/sqlite@3.24.0', root: 'third_party/sqlite', evidence: ['third_party/sqlite/sqlite3.h', 'SQLITE_VERSION '] },
  { id: 'cjson', files: { 'components/cJSON/cJSON.h': { fixture: 'cJSON.h' } }, name: 'cJSON', version: '1.5.3', purl: 'pkg:github/davegamble/cjson@1.5.3', root: 'components/cJSON', evidence: ['components/cJSON/cJSON.h', 'CJSON_VERSION_MAJOR'] },
  { id: 'gdcm', files: { 'Modules/ThirdParty/GDCM/src/gdcm/Source/Common/gdcmConfigure.h.in': '/* placeholder: the marker is recognised by its path */\n', 'Modules/ThirdParty/GDCM/src/gdcm/CMakeLists.txt': { fixture: 'gdcm-CMakeLists.txt' } }, name: 'gdcm', version: '2.2.0', purl: 'pkg:generic/gdcm@2.2.0', root: 'Modules/ThirdParty/GDCM/src/gdcm', evidence: ['Modules/ThirdParty/GDCM/src/gdcm/CMakeLists.txt', 'GDCM_MAJOR_VERSION'] },
  { id: 'dcmtk', files: { 'external/dcmtk/dcmdata/include/dcmtk/dcmdata/dctk.h': '/* placeholder: the marker is recognised by its path */\n', 'external/dcmtk/VERSION': { fixture: 'dcmtk-VERSION' } }, name: 'dcmtk', version: '3.5.5_CVS', purl: 'pkg:generic/dcmtk@3.5.5_CVS', root: 'external/dcmtk', evidence: ['external/dcmtk/VERSION', '3.5.5'] },
  { id: 'eigen', files: { 'external/eigen/Eigen/src/Core/util/Macros.h': { fixture: 'Macros.h' } }, name: 'eigen', version: '3.2.90', purl: 'pkg:generic/eigen@3.2.90', root: 'external/eigen', evidence: ['external/eigen/Eigen/src/Core/util/Macros.h', 'EIGEN_WORLD_VERSION'] },
  { id: 'jquery', files: { 'web/static/js/jquery.min.js': { fixture: 'jquery.min.js' } }, name: 'jquery', version: '3.6.0', purl: 'pkg:npm/jquery@3.6.0', root: 'web/static/js/jquery.min.js', evidence: ['web/static/js/jquery.min.js', 'jQuery v3.6.0'], ecosystem: 'npm' },
  { id: 'bootstrap', files: { 'web/static/js/bootstrap.bundle.min.js': { fixture: 'bootstrap.bundle.min.js' } }, name: 'bootstrap', version: '5.3.0', purl: 'pkg:npm/bootstrap@5.3.0', root: 'web/static/js/bootstrap.bundle.min.js', evidence: ['web/static/js/bootstrap.bundle.min.js', 'Bootstrap v5.3.0'], ecosystem: 'npm' },
  { id: 'chart.js', files: { 'web/static/js/Chart.min.js': { fixture: 'Chart.min.js' } }, name: 'chart.js', version: '2.9.4', purl: 'pkg:npm/chart.js@2.9.4', root: 'web/static/js/Chart.min.js', evidence: ['web/static/js/Chart.min.js', 'Chart.js v2.9.4'], ecosystem: 'npm' },
  { id: 'd3', files: { 'web/static/js/d3.min.js': { fixture: 'd3.min.js' } }, name: 'd3', version: '7.8.5', purl: 'pkg:npm/d3@7.8.5', root: 'web/static/js/d3.min.js', evidence: ['web/static/js/d3.min.js', 'd3js.org v7.8.5'], ecosystem: 'npm' },
  { id: 'moment', files: { 'web/static/js/moment.min.js': { fixture: 'moment.min.js' } }, name: 'moment', version: '2.10.3', purl: 'pkg:npm/moment@2.10.3', root: 'web/static/js/moment.min.js', evidence: ['web/static/js/moment.min.js', 'version : 2.10.3'], ecosystem: 'npm' },
  { id: 'lodash', files: { 'web/static/js/lodash.min.js': { fixture: 'lodash.min.js' } }, name: 'lodash', version: '4.17.21', purl: 'pkg:npm/lodash@4.17.21', root: 'web/static/js/lodash.min.js', evidence: ['web/static/js/lodash.min.js', 'VERSION="4.17.21"'], ecosystem: 'npm' },
  { id: 'font-awesome', files: { 'web/static/css/all.min.css': { fixture: 'all.min.css' } }, name: '@fortawesome/fontawesome-free', version: '6.4.0', purl: 'pkg:npm/%40fortawesome/fontawesome-free@6.4.0', root: 'web/static/css/all.min.css', evidence: ['web/static/css/all.min.css', 'Font Awesome Free 6.4.0'], ecosystem: 'npm' },
  { id: 'font-awesome-4', files: { 'web/static/css/font-awesome.min.css': { fixture: 'font-awesome.min.css' } }, name: 'font-awesome', version: '4.7.0', purl: 'pkg:npm/font-awesome@4.7.0', root: 'web/static/css/font-awesome.min.css', evidence: ['web/static/css/font-awesome.min.css', 'Font Awesome 4.7.0'], ecosystem: 'npm' },
];

const content = (v: { fixture: string } | string) => (typeof v === 'string' ? v : line(v.fixture));

describe('vendored catalogue', () => {
  it('is valid data (zod) with unique ids, and has at least 30 fingerprints', () => {
    expect(() => Catalogue.parse(CATALOGUE)).not.toThrow();
    const ids = CATALOGUE.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(30);
  });

  it('has a test case with a real line for every fingerprint', () => {
    expect([...new Set(CASES.map((c) => c.id))].sort()).toEqual(CATALOGUE.map((f) => f.id).sort());
  });

  for (const c of CASES) {
    it(`${c.id}: ${Object.keys(c.files)[0]} → ${c.name}@${c.version}`, () => {
      const files = Object.fromEntries(Object.entries(c.files).map(([p, v]) => [p, content(v)]));
      const r = extractVendored(memoryRepo(files));
      const found = r.components.filter((x) => x.properties?.some((p) => p.name === 'vendored:fingerprint' && p.value === c.id));
      expect(found).toHaveLength(1);
      const comp = found[0] as Component;
      expect(Component.safeParse(comp).success).toBe(true);
      expect({ name: comp.name, version: comp.version, purl: comp.purl, key: comp.key, ecosystem: comp.ecosystem })
        // libraries named by their GitHub repository are GIT, like submodules and CMake downloads; others generic
        .toEqual({ name: c.name, version: c.version, purl: c.purl, key: c.purl, ecosystem: c.ecosystem ?? (c.purl.startsWith('pkg:github/') ? 'GIT' : 'generic') });
      expect(comp.origin).toEqual({ type: 'vendored', ref: c.root });
      const [file, needle] = c.evidence;
      expect(comp.evidence[0]).toEqual({ file, line: lineOf(files[file] as string, needle), source: 'vendored' });
      expect(comp.direct).toBe(true);
      expect(comp.scope).toBe('runtime');
      const fp = CATALOGUE.find((f) => f.id === c.id);
      expect(comp.kind).toBe(fp?.kind);
      if (fp?.cpe) expect(comp.cpe).toBe(`cpe:2.3:a:${fp.cpe}:${c.version.replace(/[^A-Za-z0-9._-]/g, (ch) => `\\${ch}`)}:*:*:*:*:*:*:*`);
      // no "unversioned" warning for an identified, versioned library
      expect(r.findings.filter((f) => f.item === comp.key)).toEqual([]);
    });
  }
});
