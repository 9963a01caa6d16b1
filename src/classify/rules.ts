import type { Component } from '../model/component.js';
import type { Classification } from '../model/classification.js';
import type { Kind } from '../model/classification.js';
import { isCloudSdk } from './cloud-sdks.js';

/**
 * Why an item of a kind the source recognised is SOUP (data, not branches): the sentence after "SOUP (off-the-shelf): ".
 * A kind missing here falls back to the library sentence.
 */
const KIND_REASON: Readonly<Partial<Record<Kind, string>>> = {
  'operating-system': 'the operating system the device software runs on, supplied by a third party and not developed for this device',
  'os-package': 'an operating-system package installed in the device image, built and supplied by the distribution, not developed for this device',
  'container-image': 'a container base image the device software is built on; everything in it ships with the device',
  'ml-model': 'a machine-learning model obtained from a third party; its training and validation records are not the team\'s, so it is used as-is',
  'vendored-code': 'third-party source code copied into this repository; it was not developed under the team\'s IEC 62304 process',
  'driver-bsp': 'a vendor driver, HAL or board-support package copied into or pulled into the firmware',
  framework: 'a third-party framework the device software is built on',
  'commercial-sdk': 'a commercial SDK supplied by a vendor without IEC 62304 development records',
  'legacy-code': 'software developed before the team\'s IEC 62304 process without adequate records',
  'cloud-service': 'a third-party cloud service the device software calls; its software is developed and changed by its operator, outside the team\'s IEC 62304 process',
  'subcontracted-module': 'a module developed by a subcontractor whose IEC 62304 development records are not available to the manufacturer',
};

/** How a production install is named per package manager, for rationales. */
const PROD_INSTALL: Readonly<Record<string, string>> = {
  npm: 'npm ci --omit=dev',
  yarn: 'yarn install --production',
  'yarn-berry': 'yarn workspaces focus --production',
  pnpm: 'pnpm install --prod',
  bun: 'bun install --production',
  'package-json': 'a production install',
  requirements: 'pip install -r requirements.txt',
  poetry: 'poetry install --only main',
  uv: 'uv sync --frozen --no-dev',
  pipenv: 'pipenv sync',
  pdm: 'pdm install --prod',
  pylock: 'the lock file\'s default install',
  cargo: 'cargo build --release',
  go: 'go build',
  nuget: 'dotnet restore --locked-mode',
  composer: 'composer install --no-dev',
  rubygems: 'bundle install without development and test groups',
  swift: 'swift package resolve',
  cocoapods: 'pod install',
  pub: 'flutter pub get',
  dockerfile: 'docker build (the final stage)',
  dpkg: 'the device image\'s package installation',
  apk: 'the device image\'s package installation',
  conan: 'conan install --lockfile=conan.lock',
  vcpkg: 'vcpkg install',
  platformio: 'pio run',
  west: 'west update',
  'git-submodules': 'git submodule update --init',
  cmake: 'the CMake configure step',
  vendored: 'the build that compiles the copied sources',
  'ml-model': 'the device package that carries the model file',
  'ml-hub': 'the model download the device software performs',
  maven: 'mvn package',
  gradle: './gradlew assemble',
  'gradle-catalog': 'the build that uses the version catalog',
  jar: 'the packaging of the committed archive',
  cyclonedx: 'the SBOM\'s own component scope',
  spdx: 'the SBOM\'s relationships from the described package',
};

function where(c: Component): string {
  const e = c.evidence[0];
  if (!e) return 'the scan';
  return e.line ? `${e.file}:${e.line}` : e.file;
}

function via(c: Component): string {
  const p = c.paths[0];
  return p && p.length > 1 ? ` (path: ${p.join(' > ')})` : '';
}

function prodInstall(c: Component): string {
  const ids = [...new Set(c.evidence.map((e) => e.source))];
  return ids.map((id) => PROD_INSTALL[id] ?? 'a production install').join(' / ');
}

/**
 * The default decision, before any override. Rules (id → when):
 *  - first-party.workspace: the root project or a workspace package of this repository;
 *  - <ecosystem>.local-path: a package installed from a local folder or tarball that is not a workspace;
 *  - <ecosystem>.development: a production install leaves it out (dev-only): a tool, not shipped;
 *  - <ecosystem>.test / .build: test-only or build-only: a tool, not shipped;
 *  - <ecosystem>.runtime / .optional: installed for production: off-the-shelf SOUP.
 * When in doubt it is SOUP: anything that is not shown to be first-party or development-only is SOUP.
 */
export function defaultClassification(c: Component): Classification {
  const eco = c.ecosystem;
  if (c.decision) {
    return { ...c.decision, kind: c.kind ?? (c.decision.soup ? 'library' : 'first-party') };
  }
  if (c.firstParty) {
    return {
      soup: false,
      branch: null,
      kind: 'first-party',
      rule: 'first-party.workspace',
      rationale: `Developed in this repository: a root project or workspace package (${where(c)}); it is covered by the team's own development records, not SOUP. If this code predates your IEC 62304 process or was ported without records, declare it as legacy code.`,
    };
  }
  if (c.scope === 'development' || c.scope === 'test') {
    const what = c.scope === 'development' ? 'development-only' : 'test-only';
    return {
      soup: false,
      branch: null,
      kind: 'tool',
      rule: `${eco}.${c.scope}`,
      rationale: `Not SOUP: ${what} dependency that does not ship in the device — a production install (${prodInstall(c)}) leaves it out; it is reached only through ${c.scope === 'test' ? 'test' : 'development'} dependencies${via(c)}. Evidence: ${where(c)}. If the build bundles it into the shipped artefact, override it as SOUP in tureen.config.yaml.`,
    };
  }
  if (c.scope === 'build') {
    return {
      soup: false,
      branch: null,
      kind: 'tool',
      rule: `${eco}.build`,
      rationale: `Not SOUP: build-only — it runs while the device software is built (a build script, compiler plugin, toolchain or build stage) but is not part of the shipped artefact${via(c)}. Evidence: ${where(c)}. If its code ends up in what ships (a generated or statically linked part), override it as SOUP in tureen.config.yaml.`,
    };
  }
  if (c.kind === 'tool') {
    return {
      soup: false,
      branch: null,
      kind: 'tool',
      rule: `${c.evidence[0]?.source ?? eco}.tool`,
      rationale: `Not SOUP: a build or development tool (${where(c)}) that produces or checks the device software but is not part of it. If it ships in the device, override it as SOUP in tureen.config.yaml.`,
    };
  }
  if (c.kind && c.kind !== 'library' && c.kind !== 'first-party') {
    const reason = KIND_REASON[c.kind] ?? 'third-party software that was not developed for this device';
    const branch = c.kind === 'legacy-code' ? 'no-records' : 'off-the-shelf';
    return {
      soup: true,
      branch,
      kind: c.kind,
      rule: `${c.evidence[0]?.source ?? eco}.${c.kind}`,
      rationale: `SOUP (${branch}): ${reason}${c.scope === 'optional' ? ' (optional: it ships wherever it is installed)' : ''}${via(c)}. Evidence: ${where(c)}.`,
    };
  }
  if (c.origin.type === 'file' || c.origin.type === 'link') {
    return {
      soup: true,
      branch: 'off-the-shelf',
      kind: 'vendored-code',
      rule: `${eco}.local-path`,
      rationale: `SOUP until shown otherwise: installed from a local ${c.origin.type === 'file' ? 'file or folder' : 'link'} (${c.origin.ref ?? c.origin.url ?? 'unknown path'}) that is not a workspace of this repository, so Tureen cannot tell who wrote it or under which process. Evidence: ${where(c)}. If your team developed it under your IEC 62304 process, override it as first-party in tureen.config.yaml.`,
    };
  }
  const cloud = isCloudSdk(eco, c.name);
  const installed = c.scope === 'optional' ? 'installed by a production install as an optional dependency (it ships wherever its install succeeds)' : 'installed by a production install';
  return {
    soup: true,
    branch: 'off-the-shelf',
    kind: cloud ? 'cloud-sdk' : 'library',
    rule: `${eco}.${c.scope}`,
    rationale: `SOUP (off-the-shelf): third-party ${cloud ? 'cloud client SDK' : 'package'} ${c.direct ? 'declared directly' : 'pulled in transitively'} and ${installed}${via(c)}; it was not developed for this device. Evidence: ${where(c)}.`,
  };
}
