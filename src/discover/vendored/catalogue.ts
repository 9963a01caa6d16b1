import type { Fingerprint } from './schema.js';

/**
 * Third-party libraries recognised in a source tree, as data. Every regex here was checked against the real line of
 * the library's own file (see fixtures/README.md, which names the repository, path and commit of each line used by
 * catalogue.test.ts). Add a library by adding an entry and a fixture line; the engine (extract.ts) has no
 * per-library code.
 */
export const CATALOGUE: readonly Fingerprint[] = [
  // ---------------------------------------------------------------- RTOS, chip vendors' drivers and SDKs
  {
    id: 'freertos-kernel', display: 'FreeRTOS kernel', name: 'FreeRTOS-Kernel', purl: 'pkg:github/FreeRTOS/FreeRTOS-Kernel',
    cpe: 'amazon:freertos', license: 'MIT', kind: 'framework', homepage: 'https://www.freertos.org/',
    markers: ['**/include/task.h'],
    confirm: 'tskKERNEL_VERSION_NUMBER',
    version: [
      { patterns: ['^#define\\s+tskKERNEL_VERSION_NUMBER\\s+"V?(?<v>[0-9][^"\\s]*)"'] },
      { patterns: ['^#define\\s+tskKERNEL_VERSION_MAJOR\\s+(?<major>\\d+)', '^#define\\s+tskKERNEL_VERSION_MINOR\\s+(?<minor>\\d+)', '^#define\\s+tskKERNEL_VERSION_BUILD\\s+(?<build>\\d+)'], template: '{major}.{minor}.{build}' },
    ],
  },
  {
    id: 'stm32-hal', display: 'STM32{family} HAL driver', name: 'stm32{family:lower}xx_hal_driver', purl: 'pkg:github/STMicroelectronics/stm32{family:lower}xx_hal_driver',
    license: 'BSD-3-Clause', kind: 'driver-bsp', homepage: 'https://github.com/STMicroelectronics',
    markers: ['**/Src/stm32*_hal.c'],
    version: [{
      patterns: [
        '^#define\\s+_*STM32(?<family>[A-Z][A-Z0-9]{0,3}?)(?:xx|XX)_HAL_VERSION_MAIN\\s+\\(\\s*0x(?<main>[0-9A-Fa-f]+)U?L?\\s*\\)',
        '^#define\\s+_*STM32[A-Z0-9]+(?:xx|XX)_HAL_VERSION_SUB1\\s+\\(\\s*0x(?<sub1>[0-9A-Fa-f]+)U?L?\\s*\\)',
        '^#define\\s+_*STM32[A-Z0-9]+(?:xx|XX)_HAL_VERSION_SUB2\\s+\\(\\s*0x(?<sub2>[0-9A-Fa-f]+)U?L?\\s*\\)',
      ],
      template: '{main:hex}.{sub1:hex}.{sub2:hex}',
    }],
  },
  {
    id: 'stm32-cmsis-device', display: 'STM32{family} CMSIS device headers', name: 'cmsis_device_{family:lower}', purl: 'pkg:github/STMicroelectronics/cmsis_device_{family:lower}',
    license: 'Apache-2.0', kind: 'driver-bsp', homepage: 'https://github.com/STMicroelectronics',
    markers: ['**/Include/stm32*xx.h'],
    version: [{
      patterns: [
        '^#define\\s+_*STM32(?<family>[A-Z][A-Z0-9]{0,3}?)(?:xx|XX)_CMSIS_VERSION_MAIN\\s+\\(\\s*0x(?<main>[0-9A-Fa-f]+)U?L?\\s*\\)',
        '^#define\\s+_*STM32[A-Z0-9]+(?:xx|XX)_CMSIS_VERSION_SUB1\\s+\\(\\s*0x(?<sub1>[0-9A-Fa-f]+)U?L?\\s*\\)',
        '^#define\\s+_*STM32[A-Z0-9]+(?:xx|XX)_CMSIS_VERSION_SUB2\\s+\\(\\s*0x(?<sub2>[0-9A-Fa-f]+)U?L?\\s*\\)',
      ],
      template: '{main:hex}.{sub1:hex}.{sub2:hex}',
    }],
  },
  {
    id: 'cmsis-core', display: 'CMSIS-Core', name: 'CMSIS-Core', purl: 'pkg:github/ARM-software/CMSIS_5',
    license: 'Apache-2.0', kind: 'driver-bsp', homepage: 'https://arm-software.github.io/CMSIS_5/',
    markers: ['**/Include/cmsis_version.h'],
    version: [{
      patterns: ['^#define\\s+__CM_CMSIS_VERSION_MAIN\\s+\\(\\s*(?<main>\\d+)U?\\s*\\)', '^#define\\s+__CM_CMSIS_VERSION_SUB\\s+\\(\\s*(?<sub>\\d+)U?\\s*\\)'],
      template: '{main}.{sub}',
    }],
  },
  {
    id: 'zephyr', display: 'Zephyr RTOS', name: 'zephyr', purl: 'pkg:github/zephyrproject-rtos/zephyr',
    cpe: 'zephyrproject:zephyr', license: 'Apache-2.0', kind: 'framework', homepage: 'https://zephyrproject.org/',
    markers: ['**/VERSION'], requires: ['zephyr-env.sh'],
    version: [{
      patterns: ['^VERSION_MAJOR\\s*=\\s*(?<major>\\d+)', '^VERSION_MINOR\\s*=\\s*(?<minor>\\d+)', '^PATCHLEVEL\\s*=\\s*(?<patch>\\d+)', '^EXTRAVERSION\\s*=[ \\t]*(?<extra>[\\w.]*)'],
      template: '{major}.{minor}.{patch}[-{extra}]',
    }],
  },
  {
    id: 'esp-idf', display: 'ESP-IDF', name: 'esp-idf', purl: 'pkg:github/espressif/esp-idf',
    cpe: 'espressif:esp-idf', license: 'Apache-2.0', kind: 'framework', homepage: 'https://github.com/espressif/esp-idf',
    markers: ['**/components/esp_common/include/esp_idf_version.h'],
    version: [{
      patterns: ['^#define\\s+ESP_IDF_VERSION_MAJOR\\s+(?<major>\\d+)', '^#define\\s+ESP_IDF_VERSION_MINOR\\s+(?<minor>\\d+)', '^#define\\s+ESP_IDF_VERSION_PATCH\\s+(?<patch>\\d+)'],
      template: '{major}.{minor}.{patch}',
    }],
  },
  {
    id: 'nrfx', display: 'nrfx (Nordic drivers)', name: 'nrfx', purl: 'pkg:github/NordicSemiconductor/nrfx',
    license: 'BSD-3-Clause', kind: 'driver-bsp', homepage: 'https://github.com/NordicSemiconductor/nrfx',
    markers: ['**/drivers/nrfx_common.h'],
    version: [{
      patterns: ['^#define\\s+NRFX_RELEASE_VER_MAJOR\\s+(?<major>\\d+)', '^#define\\s+NRFX_RELEASE_VER_MINOR\\s+(?<minor>\\d+)', '^#define\\s+NRFX_RELEASE_VER_MICRO\\s+(?<micro>\\d+)'],
      template: '{major}.{minor}.{micro}',
    }],
  },
  {
    id: 'tinyusb', display: 'TinyUSB', name: 'tinyusb', purl: 'pkg:github/hathach/tinyusb',
    license: 'MIT', kind: 'vendored-code', homepage: 'https://github.com/hathach/tinyusb',
    markers: ['**/src/tusb_option.h'],
    confirm: '_TUSB_OPTION_H_|TUSB_VERSION_MAJOR',
    version: [{
      patterns: ['^#define\\s+TUSB_VERSION_MAJOR\\s+(?<major>\\d+)', '^#define\\s+TUSB_VERSION_MINOR\\s+(?<minor>\\d+)', '^#define\\s+TUSB_VERSION_REVISION\\s+(?<rev>\\d+)'],
      template: '{major}.{minor}.{rev}',
    }],
  },
  {
    id: 'lwip', display: 'lwIP', name: 'lwip', purl: 'pkg:generic/lwip',
    cpe: 'lwip_project:lwip', license: 'BSD-3-Clause', kind: 'vendored-code', homepage: 'https://savannah.nongnu.org/projects/lwip/',
    markers: ['**/src/include/lwip/init.h'],
    version: [{
      patterns: ['^#define\\s+LWIP_VERSION_MAJOR\\s+(?<major>\\d+)', '^#define\\s+LWIP_VERSION_MINOR\\s+(?<minor>\\d+)', '^#define\\s+LWIP_VERSION_REVISION\\s+(?<rev>\\d+)'],
      template: '{major}.{minor}.{rev}',
    }],
  },
  {
    id: 'fatfs', display: 'FatFs', name: 'FatFs', purl: 'pkg:generic/fatfs',
    license: 'LicenseRef-FatFs', kind: 'vendored-code', homepage: 'http://elm-chan.org/fsw/ff/',
    markers: ['**/ff.h'],
    confirm: 'FatFs',
    version: [{ patterns: ['FatFs\\b[^\\n]*?\\bR(?<v>0\\.\\d+[a-z]?)\\b'], template: 'R{v}', headBytes: 4096 }],
  },
  {
    id: 'lvgl', display: 'LVGL', name: 'lvgl', purl: 'pkg:github/lvgl/lvgl',
    cpe: 'lvgl:lvgl', license: 'MIT', kind: 'vendored-code', homepage: 'https://lvgl.io/',
    markers: ['**/lvgl.h'],
    confirm: 'LVGL_VERSION_MAJOR|lv_version\\.h',
    version: [
      { patterns: ['^#define\\s+LVGL_VERSION_MAJOR\\s+(?<major>\\d+)', '^#define\\s+LVGL_VERSION_MINOR\\s+(?<minor>\\d+)', '^#define\\s+LVGL_VERSION_PATCH\\s+(?<patch>\\d+)'], template: '{major}.{minor}.{patch}' },
      { file: 'lv_version.h', patterns: ['^#define\\s+LVGL_VERSION_MAJOR\\s+(?<major>\\d+)', '^#define\\s+LVGL_VERSION_MINOR\\s+(?<minor>\\d+)', '^#define\\s+LVGL_VERSION_PATCH\\s+(?<patch>\\d+)'], template: '{major}.{minor}.{patch}' },
    ],
  },
  // ---------------------------------------------------------------- security and networking
  {
    id: 'mbedtls', display: 'Mbed TLS', name: 'mbedtls', purl: 'pkg:github/Mbed-TLS/mbedtls',
    cpe: 'arm:mbed_tls', license: 'Apache-2.0 OR GPL-2.0-or-later', kind: 'vendored-code', homepage: 'https://www.trustedfirmware.org/projects/mbed-tls/',
    markers: ['**/include/mbedtls/build_info.h', '**/include/mbedtls/version.h'],
    confirm: 'MBEDTLS_VERSION_STRING\\b',
    version: [{ patterns: ['^#define\\s+MBEDTLS_VERSION_STRING\\s+"(?<v>[^"]+)"'] }],
  },
  {
    id: 'wolfssl', display: 'wolfSSL', name: 'wolfssl', purl: 'pkg:github/wolfSSL/wolfssl',
    cpe: 'wolfssl:wolfssl', license: 'GPL-2.0-or-later', kind: 'vendored-code', homepage: 'https://www.wolfssl.com/',
    markers: ['**/wolfssl/version.h'],
    version: [{ patterns: ['^#define\\s+LIBWOLFSSL_VERSION_STRING\\s+"(?<v>[^"]+)"'] }],
  },
  {
    id: 'openssl', display: 'OpenSSL', name: 'openssl', purl: 'pkg:github/openssl/openssl',
    cpe: 'openssl:openssl', license: 'Apache-2.0', kind: 'vendored-code', homepage: 'https://www.openssl.org/',
    markers: ['**/include/openssl/opensslv.h'],
    confirm: 'OPENSSL_VERSION_(?:TEXT|STR|MAJOR)',
    version: [
      { patterns: ['^#\\s*define\\s+OPENSSL_VERSION_MAJOR\\s+(?<major>\\d+)', '^#\\s*define\\s+OPENSSL_VERSION_MINOR\\s+(?<minor>\\d+)', '^#\\s*define\\s+OPENSSL_VERSION_PATCH\\s+(?<patch>\\d+)'], template: '{major}.{minor}.{patch}' },
      { patterns: ['^#\\s*define\\s+OPENSSL_VERSION_TEXT\\s+"OpenSSL (?<v>\\d[\\w.]*)'] },
    ],
  },
  {
    id: 'curl', display: 'libcurl', name: 'curl', purl: 'pkg:github/curl/curl',
    cpe: 'haxx:libcurl', license: 'curl', kind: 'vendored-code', homepage: 'https://curl.se/',
    markers: ['**/include/curl/curlver.h'],
    version: [{ patterns: ['^#define\\s+LIBCURL_VERSION\\s+"(?<v>[^"]+)"'] }],
  },
  {
    id: 'nanopb', display: 'nanopb', name: 'nanopb', purl: 'pkg:github/nanopb/nanopb',
    cpe: 'nanopb_project:nanopb', license: 'Zlib', kind: 'vendored-code', homepage: 'https://jpa.kapsi.fi/nanopb/',
    markers: ['**/pb.h'],
    version: [{ patterns: ['^#define\\s+NANOPB_VERSION\\s+"?nanopb-(?<v>[0-9][^"\\s]*)"?'] }],
  },
  // ---------------------------------------------------------------- data formats, compression, images
  {
    id: 'zlib', display: 'zlib', name: 'zlib', purl: 'pkg:github/madler/zlib',
    cpe: 'zlib:zlib', license: 'Zlib', kind: 'vendored-code', homepage: 'https://zlib.net/',
    markers: ['**/zlib.h'],
    unless: 'ZLIBNG_VERSION|zlib-ng',
    version: [{ patterns: ['^#define\\s+ZLIB_VERSION\\s+"(?<v>[^"]+)"'] }],
  },
  {
    id: 'zlib-ng', display: 'zlib-ng', name: 'zlib-ng', purl: 'pkg:github/zlib-ng/zlib-ng',
    cpe: 'zlib-ng:zlib-ng', license: 'Zlib', kind: 'vendored-code', homepage: 'https://github.com/zlib-ng/zlib-ng',
    markers: ['**/zlib-ng.h', '**/zlib-ng.h.in', '**/zlib.h', '**/zlib.h.in'],
    version: [{ patterns: ['^#define\\s+ZLIBNG_VERSION\\s+"(?<v>[^"]+)"'] }],
  },
  {
    id: 'libpng', display: 'libpng', name: 'libpng', purl: 'pkg:github/pnggroup/libpng',
    cpe: 'libpng:libpng', license: 'Libpng', kind: 'vendored-code', homepage: 'http://www.libpng.org/pub/png/libpng.html',
    markers: ['**/png.h'],
    confirm: '^#define\\s+PNG_LIBPNG_VER',
    version: [
      { patterns: ['^#define\\s+PNG_LIBPNG_VER_STRING\\s+"(?<v>[^"]+)"'] },
      { patterns: ['^#define\\s+PNG_LIBPNG_VER\\s+\\d+\\s*/\\*\\s*(?<v>\\d+\\.\\d+\\.\\d+[\\w.]*)\\s*\\*/'] },
    ],
  },
  {
    id: 'expat', display: 'Expat', name: 'expat', purl: 'pkg:github/libexpat/libexpat',
    cpe: 'libexpat_project:libexpat', license: 'MIT', kind: 'vendored-code', homepage: 'https://libexpat.github.io/',
    markers: ['**/expat.h'],
    version: [{
      patterns: ['^#\\s*define\\s+XML_MAJOR_VERSION\\s+(?<major>\\d+)', '^#\\s*define\\s+XML_MINOR_VERSION\\s+(?<minor>\\d+)', '^#\\s*define\\s+XML_MICRO_VERSION\\s+(?<micro>\\d+)'],
      template: '{major}.{minor}.{micro}',
    }],
  },
  {
    id: 'libjpeg-turbo', display: 'libjpeg-turbo', name: 'libjpeg-turbo', purl: 'pkg:github/libjpeg-turbo/libjpeg-turbo',
    cpe: 'libjpeg-turbo:libjpeg-turbo', license: 'IJG AND BSD-3-Clause AND Zlib', kind: 'vendored-code', homepage: 'https://libjpeg-turbo.org/',
    markers: ['**/jconfig.h', '**/jversion.h'],
    confirm: 'LIBJPEG_TURBO_VERSION|libjpeg-turbo',
    version: [
      { patterns: ['^#define\\s+LIBJPEG_TURBO_VERSION\\s+(?<v>\\d+\\.\\d+\\.\\d+)'] },
      { file: 'jconfig.h', patterns: ['^#define\\s+LIBJPEG_TURBO_VERSION\\s+(?<v>\\d+\\.\\d+\\.\\d+)'] },
      { file: 'CMakeLists.txt', patterns: ['^set\\(VERSION\\s+(?<v>\\d+\\.\\d+\\.\\d+)\\)'] },
    ],
  },
  {
    id: 'libjpeg', display: 'libjpeg (IJG)', name: 'libjpeg', purl: 'pkg:generic/libjpeg',
    cpe: 'ijg:libjpeg', license: 'IJG', kind: 'vendored-code', homepage: 'https://www.ijg.org/',
    markers: ['**/jversion.h'],
    unless: 'libjpeg-turbo|LIBJPEG_TURBO',
    version: [{ patterns: ['^#define\\s+JVERSION\\s+"(?<v>\\d+[a-z]?)\\s'] }],
  },
  {
    id: 'openjpeg', display: 'OpenJPEG', name: 'openjpeg', purl: 'pkg:github/uclouvain/openjpeg',
    cpe: 'uclouvain:openjpeg', license: 'BSD-2-Clause', kind: 'vendored-code', homepage: 'https://www.openjpeg.org/',
    markers: ['**/src/lib/openjp2/openjpeg.h'],
    version: [
      { file: 'CMakeLists.txt', patterns: ['^set\\(OPENJPEG_VERSION_MAJOR (?<major>\\d+)\\)', '^set\\(OPENJPEG_VERSION_MINOR (?<minor>\\d+)\\)', '^set\\(OPENJPEG_VERSION_BUILD (?<build>\\d+)\\)'], template: '{major}.{minor}.{build}' },
      { file: 'src/lib/openjp2/opj_config.h', patterns: ['^#define\\s+OPJ_VERSION_MAJOR\\s+(?<major>\\d+)', '^#define\\s+OPJ_VERSION_MINOR\\s+(?<minor>\\d+)', '^#define\\s+OPJ_VERSION_BUILD\\s+(?<build>\\d+)'], template: '{major}.{minor}.{build}' },
    ],
  },
  {
    id: 'libtiff', display: 'LibTIFF', name: 'libtiff', purl: 'pkg:generic/libtiff',
    cpe: 'libtiff:libtiff', license: 'libtiff', kind: 'vendored-code', homepage: 'https://libtiff.gitlab.io/libtiff/',
    markers: ['**/tiffvers.h', '**/tiffvers.h.in'],
    confirm: 'TIFFLIB_VERSION',
    version: [
      { patterns: ['^#define\\s+TIFFLIB_VERSION_STR\\s+"LIBTIFF, Version (?<v>\\d[\\w.]*)'] },
      { patterns: ['^#define\\s+TIFFLIB_MAJOR_VERSION\\s+(?<major>\\d+)', '^#define\\s+TIFFLIB_MINOR_VERSION\\s+(?<minor>\\d+)', '^#define\\s+TIFFLIB_MICRO_VERSION\\s+(?<micro>\\d+)'], template: '{major}.{minor}.{micro}' },
      { file: 'VERSION', patterns: ['^(?<v>\\d+\\.\\d+\\.\\d+)\\s*$'], headBytes: 256 },
      { file: '../VERSION', patterns: ['^(?<v>\\d+\\.\\d+\\.\\d+)\\s*$'], headBytes: 256 },
    ],
  },
  {
    id: 'hdf5', display: 'HDF5', name: 'hdf5', purl: 'pkg:github/HDFGroup/hdf5',
    cpe: 'hdfgroup:hdf5', license: 'BSD-3-Clause', kind: 'vendored-code', homepage: 'https://www.hdfgroup.org/solutions/hdf5/',
    markers: ['**/H5public.h'],
    version: [{
      patterns: ['^#define\\s+H5_VERS_MAJOR\\s+(?<major>\\d+)', '^#define\\s+H5_VERS_MINOR\\s+(?<minor>\\d+)', '^#define\\s+H5_VERS_RELEASE\\s+(?<release>\\d+)'],
      template: '{major}.{minor}.{release}',
    }],
  },
  {
    id: 'sqlite', display: 'SQLite', name: 'sqlite', purl: 'pkg:generic/sqlite',
    cpe: 'sqlite:sqlite', license: 'blessing', kind: 'vendored-code', homepage: 'https://sqlite.org/',
    markers: ['**/sqlite3.h'],
    version: [{ patterns: ['^#define\\s+SQLITE_VERSION\\s+"(?<v>[^"]+)"'] }],
  },
  {
    id: 'cjson', display: 'cJSON', name: 'cJSON', purl: 'pkg:github/DaveGamble/cJSON',
    cpe: 'cjson_project:cjson', license: 'MIT', kind: 'vendored-code', homepage: 'https://github.com/DaveGamble/cJSON',
    markers: ['**/cJSON.h'],
    version: [{
      patterns: ['^#define\\s+CJSON_VERSION_MAJOR\\s+(?<major>\\d+)', '^#define\\s+CJSON_VERSION_MINOR\\s+(?<minor>\\d+)', '^#define\\s+CJSON_VERSION_PATCH\\s+(?<patch>\\d+)'],
      template: '{major}.{minor}.{patch}',
    }],
  },
  // ---------------------------------------------------------------- medical imaging and numerics
  {
    id: 'gdcm', display: 'GDCM (Grassroots DICOM)', name: 'gdcm', purl: 'pkg:generic/gdcm',
    license: 'BSD-3-Clause', kind: 'vendored-code', homepage: 'https://sourceforge.net/projects/gdcm/',
    markers: ['**/Source/Common/gdcmConfigure.h.in', '**/Source/Common/gdcmVersion.h'],
    version: [
      { file: 'CMakeLists.txt', patterns: ['^(?:set|SET)\\(GDCM_MAJOR_VERSION (?<major>\\d+)\\)', '^(?:set|SET)\\(GDCM_MINOR_VERSION (?<minor>\\d+)\\)', '^(?:set|SET)\\(GDCM_BUILD_VERSION (?<build>\\d+)\\)'], template: '{major}.{minor}.{build}' },
      { file: 'CMakeLists.txt', patterns: ['^project\\(\\s*GDCM\\s+VERSION\\s+(?<v>\\d+\\.\\d+\\.\\d+)'] },
    ],
  },
  {
    id: 'dcmtk', display: 'DCMTK', name: 'dcmtk', purl: 'pkg:generic/dcmtk',
    cpe: 'offis:dcmtk', license: 'BSD-3-Clause', kind: 'vendored-code', homepage: 'https://dicom.offis.de/dcmtk',
    markers: ['**/dcmdata/include/dcmtk/dcmdata/dctk.h'],
    version: [
      { file: 'VERSION', patterns: ['^(?<v>\\d+\\.\\d+\\.\\d+[\\w.+-]*)\\s*$'], headBytes: 256 },
      { file: 'CMake/dcmtkPrepare.cmake', patterns: ['^set\\(DCMTK_MAJOR_VERSION (?<major>\\d+)\\)', '^set\\(DCMTK_MINOR_VERSION (?<minor>\\d+)\\)', '^set\\(DCMTK_BUILD_VERSION (?<build>\\d+)\\)'], template: '{major}.{minor}.{build}' },
    ],
  },
  {
    id: 'eigen', display: 'Eigen', name: 'eigen', purl: 'pkg:generic/eigen',
    license: 'MPL-2.0', kind: 'vendored-code', homepage: 'https://eigen.tuxfamily.org/',
    markers: ['**/Eigen/src/Core/util/Macros.h'],
    version: [{
      patterns: ['^#define\\s+EIGEN_WORLD_VERSION\\s+(?<world>\\d+)', '^#define\\s+EIGEN_MAJOR_VERSION\\s+(?<major>\\d+)', '^#define\\s+EIGEN_MINOR_VERSION\\s+(?<minor>\\d+)'],
      template: '{world}.{major}.{minor}',
    }],
  },
  // ---------------------------------------------------------------- JavaScript and CSS copied into a web UI (banners)
  {
    id: 'jquery', display: 'jQuery', name: 'jquery', purl: 'pkg:npm/jquery', ecosystem: 'npm',
    cpe: 'jquery:jquery', license: 'MIT', kind: 'vendored-code', homepage: 'https://jquery.com/',
    markers: ['**/jquery*.js'], single: true,
    unless: 'jQuery UI|jQuery Migrate|jQuery Validation',
    version: [{ patterns: ['(?:^/\\*!|^\\s\\*) jQuery (?:JavaScript Library )?v(?<v>\\d+\\.\\d+\\.\\d+[\\w.-]*)'], headBytes: 2048 }],
  },
  {
    id: 'bootstrap', display: 'Bootstrap', name: 'bootstrap', purl: 'pkg:npm/bootstrap', ecosystem: 'npm',
    cpe: 'getbootstrap:bootstrap', license: 'MIT', kind: 'vendored-code', homepage: 'https://getbootstrap.com/',
    markers: ['**/bootstrap*.js', '**/bootstrap*.css'], single: true,
    version: [{ patterns: ['^\\s*\\*\\s*Bootstrap v(?<v>\\d+\\.\\d+\\.\\d+[\\w.-]*)'], headBytes: 2048 }],
  },
  {
    id: 'chart.js', display: 'Chart.js', name: 'chart.js', purl: 'pkg:npm/chart.js', ecosystem: 'npm',
    cpe: 'chartjs:chart.js', license: 'MIT', kind: 'vendored-code', homepage: 'https://www.chartjs.org/',
    markers: ['**/chart*.js', '**/Chart*.js'], single: true,
    version: [{ patterns: ['^\\s*\\*\\s*Chart\\.js v(?<v>\\d+\\.\\d+\\.\\d+[\\w.-]*)'], headBytes: 2048 }],
  },
  {
    id: 'd3', display: 'D3', name: 'd3', purl: 'pkg:npm/d3', ecosystem: 'npm',
    license: 'ISC', kind: 'vendored-code', homepage: 'https://d3js.org/',
    markers: ['**/d3*.js'], single: true,
    version: [{ patterns: ['^// https://d3js\\.org v(?<v>\\d+\\.\\d+\\.\\d+[\\w.-]*)'], headBytes: 1024 }],
  },
  {
    id: 'lodash', display: 'Lodash', name: 'lodash', purl: 'pkg:npm/lodash', ecosystem: 'npm',
    cpe: 'lodash:lodash', license: 'MIT', kind: 'vendored-code', homepage: 'https://lodash.com/',
    markers: ['**/lodash*.js'], single: true,
    confirm: 'Lodash|lodash\\.com',
    version: [{ patterns: ['\\bVERSION\\s*=\\s*[\'"](?<v>\\d+\\.\\d+\\.\\d+)[\'"]'], headBytes: 1 << 20 }],
  },
  {
    id: 'moment', display: 'Moment.js', name: 'moment', purl: 'pkg:npm/moment', ecosystem: 'npm',
    cpe: 'momentjs:moment', license: 'MIT', kind: 'vendored-code', homepage: 'https://momentjs.com/',
    markers: ['**/moment*.js'], single: true,
    version: [{ patterns: ['^//! version : (?<v>\\d+\\.\\d+\\.\\d+[\\w.-]*)'], headBytes: 1024 }],
  },
  {
    id: 'font-awesome', display: 'Font Awesome Free', name: '@fortawesome/fontawesome-free', purl: 'pkg:npm/@fortawesome/fontawesome-free', ecosystem: 'npm',
    license: 'CC-BY-4.0 AND OFL-1.1 AND MIT', kind: 'vendored-code', homepage: 'https://fontawesome.com/',
    markers: ['**/*fontawesome*.css', '**/all*.css', '**/fontawesome*.js', '**/all*.js'], single: true,
    version: [{ patterns: ['^\\s*\\*\\s*Font Awesome Free (?<v>\\d+\\.\\d+\\.\\d+)'], headBytes: 1024 }],
  },
  {
    id: 'font-awesome-4', display: 'Font Awesome 4', name: 'font-awesome', purl: 'pkg:npm/font-awesome', ecosystem: 'npm',
    license: 'OFL-1.1 AND MIT', kind: 'vendored-code', homepage: 'https://fontawesome.com/v4/',
    markers: ['**/font-awesome*.css'], single: true,
    version: [{ patterns: ['^\\s*\\*\\s*Font Awesome (?<v>4\\.\\d+\\.\\d+)'], headBytes: 1024 }],
  },
];
