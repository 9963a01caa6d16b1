import { describe, expect, it } from 'vitest';
import type { Component } from '../model/component.js';
import { classify } from './index.js';

function comp(name: string, over: Partial<Component> = {}): Component {
  const version = over.version ?? '1.0.0';
  return {
    key: `pkg:npm/${name}@${version}`, ecosystem: 'npm', name, version, purl: `pkg:npm/${name}@${version}`,
    licenses: [], hashes: [], scope: 'runtime', direct: true, firstParty: false, origin: { type: 'registry' },
    paths: [['app@1.0.0', `${name}@${version}`]], dependencies: [],
    evidence: [{ file: 'package-lock.json', line: 12, source: 'npm' }], ...over,
  };
}

describe('classify (default rules)', () => {
  const [runtime, optional, dev, ws, cloud, local] = classify([
    comp('express'),
    comp('fsevents', { scope: 'optional' }),
    comp('vitest', { scope: 'development' }),
    comp('pump-ui', { firstParty: true, origin: { type: 'workspace' } }),
    comp('@aws-sdk/client-s3'),
    comp('vendored-lib', { origin: { type: 'file', ref: 'vendor/lib.tgz' } }),
  ], {});

  it('makes runtime and optional packages off-the-shelf SOUP libraries, citing the evidence', () => {
    expect(runtime?.classification).toMatchObject({ soup: true, branch: 'off-the-shelf', kind: 'library', rule: 'npm.runtime' });
    expect(runtime?.classification.rationale).toContain('package-lock.json:12');
    expect(optional?.classification).toMatchObject({ soup: true, branch: 'off-the-shelf', rule: 'npm.optional' });
  });

  it('makes development-only packages tools, not SOUP, with the production-install evidence', () => {
    expect(dev?.classification).toMatchObject({ soup: false, branch: null, kind: 'tool', rule: 'npm.development' });
    expect(dev?.classification.rationale).toContain('npm ci --omit=dev');
  });

  it('makes workspace packages first-party, not SOUP', () => {
    expect(ws?.classification).toMatchObject({ soup: false, kind: 'first-party', rule: 'first-party.workspace' });
  });

  it('recognises cloud SDKs from the maintained list', () => {
    expect(cloud?.classification).toMatchObject({ soup: true, kind: 'cloud-sdk' });
  });

  it('keeps a package from a local path SOUP until shown otherwise', () => {
    expect(local?.classification).toMatchObject({ soup: true, kind: 'vendored-code', rule: 'npm.local-path' });
  });
});

describe('classify (overrides)', () => {
  const config = {
    overrides: [
      { match: 'chart.js', file: 'ui/**', soup: true, kind: 'library' as const, reason: 'bundled into the UI by vite' },
      { match: '@internal/*', soup: false, kind: 'first-party' as const, reason: 'our own packages on a private registry' },
      { match: 'pkg:npm/lodash@4', soup: false, reason: 'only used by the build scripts' },
    ],
  };
  const [chartUi, chartOther, internal, lodash, untouched] = classify([
    comp('chart.js', { scope: 'development', evidence: [{ file: 'ui/pnpm-lock.yaml', line: 3, source: 'pnpm' }] }),
    comp('chart.js', { version: '3.0.0', scope: 'development' }),
    comp('@internal/dose'),
    comp('lodash', { version: '4.17.21' }),
    comp('ws'),
  ], config, 'tureen.config.yaml');

  it('applies an override restricted to a file glob, and shows its reason and the default it replaced', () => {
    expect(chartUi?.classification).toMatchObject({ soup: true, branch: 'off-the-shelf', kind: 'library', rule: 'config.override' });
    expect(chartUi?.classification.override).toEqual({ match: 'chart.js', reason: 'bundled into the UI by vite', file: 'tureen.config.yaml' });
    expect(chartUi?.classification.rationale).toContain('without it: not SOUP by rule npm.development');
    expect(chartOther?.classification.rule).toBe('npm.development');
  });

  it('matches name globs and purl prefixes', () => {
    expect(internal?.classification).toMatchObject({ soup: false, branch: null, kind: 'first-party' });
    expect(lodash?.classification).toMatchObject({ soup: false, kind: 'tool', rule: 'config.override' });
    expect(untouched?.classification.rule).toBe('npm.runtime');
  });
});

describe('classify (what the source knows)', () => {
  const deb = (over: Partial<Component>) => comp('libc6', { ecosystem: 'Debian:12', evidence: [{ file: 'rootfs/var/lib/dpkg/status', line: 40, source: 'dpkg' }], ...over });
  it('keeps the kind a source recognised, as SOUP with a kind-specific rule and rationale', () => {
    const [pkg, model, plugin, devPkg] = classify([
      deb({ kind: 'os-package' }),
      comp('resnet50', { ecosystem: 'ML', kind: 'ml-model', evidence: [{ file: 'models/resnet50.onnx', source: 'ml-model' }] }),
      comp('maven-surefire-plugin', { ecosystem: 'Maven', kind: 'tool', scope: 'build', evidence: [{ file: 'pom.xml', line: 80, source: 'maven' }] }),
      deb({ kind: 'os-package', scope: 'build' }),
    ], {});
    expect(pkg?.classification).toMatchObject({ soup: true, branch: 'off-the-shelf', kind: 'os-package', rule: 'dpkg.os-package' });
    expect(pkg?.classification.rationale).toContain('rootfs/var/lib/dpkg/status:40');
    expect(model?.classification).toMatchObject({ soup: true, kind: 'ml-model', rule: 'ml-model.ml-model' });
    expect(plugin?.classification).toMatchObject({ soup: false, kind: 'tool' });
    // a build-only scope wins over the kind: it does not ship
    expect(devPkg?.classification).toMatchObject({ soup: false, kind: 'tool', rule: 'Debian:12.build' });
  });

  it('takes a decision the source made (declared items), with the source kind', () => {
    const [fw] = classify([comp('fuel-gauge-fw', { kind: 'firmware', decision: { soup: false, branch: null, rule: 'declared.firmware', rationale: 'Inside the fuel gauge.' } })], {});
    expect(fw?.classification).toEqual({ soup: false, branch: null, kind: 'firmware', rule: 'declared.firmware', rationale: 'Inside the fuel gauge.' });
  });
});
