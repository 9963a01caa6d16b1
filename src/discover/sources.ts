import type { RepoSource, Source } from './source.js';
import { source as bun } from './bun/index.js';
import { repoSource as declared } from './declared/index.js';
import { repoSource as legacy } from './legacy/index.js';
import { source as npm } from './npm/index.js';
import { source as packageJson } from './package-json/index.js';
import { source as pnpm } from './pnpm/index.js';
import { source as yarn } from './yarn/index.js';
import { source as requirements } from './requirements/index.js';
import { source as poetry } from './poetry/index.js';
import { source as uv } from './uv/index.js';
import { source as pipenv } from './pipenv/index.js';
import { source as pdm } from './pdm/index.js';
import { source as pylock } from './pylock/index.js';
import { source as cargo } from './cargo/index.js';
import { source as go } from './go/index.js';
import { source as maven } from './maven/index.js';
import { source as gradle } from './gradle/index.js';
import { source as gradleCatalog } from './gradle-catalog/index.js';
import { source as jar } from './jar/index.js';
import { source as nuget } from './nuget/index.js';
import { source as composer } from './composer/index.js';
import { source as rubygems } from './rubygems/index.js';
import { source as swift } from './swift/index.js';
import { source as cocoapods } from './cocoapods/index.js';
import { source as pub } from './pub/index.js';
import { source as osRelease } from './os-release/index.js';
import { source as dpkg } from './dpkg/index.js';
import { source as apk } from './apk/index.js';
import { source as dockerfile } from './dockerfile/index.js';
import { source as conan } from './conan/index.js';
import { source as vcpkg } from './vcpkg/index.js';
import { source as platformio } from './platformio/index.js';
import { source as west } from './west/index.js';
import { source as gitSubmodules } from './git-submodules/index.js';
import { source as cmake } from './cmake/index.js';
import { source as cyclonedx } from './cyclonedx/index.js';
import { source as spdx } from './spdx/index.js';
import { repoSource as vendored } from './vendored/index.js';
import { repoSource as mlModels } from './ml-models/index.js';
import { source as mlHub } from './ml-models/hub.js';

/** Every source Tureen runs, in order. A plain array: add a source by adding its folder and a line here. */
export const SOURCES: readonly Source[] = [
  npm, yarn, pnpm, bun, packageJson,
  requirements, poetry, uv, pipenv, pdm, pylock,
  cargo, go,
  maven, gradle, gradleCatalog, jar,
  nuget, composer, rubygems, swift, cocoapods, pub,
  conan, vcpkg, platformio, west, gitSubmodules, cmake,
  cyclonedx, spdx,
  osRelease, dpkg, apk, dockerfile,
  mlHub,
];

/** Sources that look at the whole repository, run once after the file sources. */
export const REPO_SOURCES: readonly RepoSource[] = [vendored, mlModels, declared, legacy];
