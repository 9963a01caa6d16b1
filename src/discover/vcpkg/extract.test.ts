import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Component } from '../../model/component.js';
import { TureenError } from '../../model/errors.js';
import { memoryRepo } from '../source.js';
import { extractVcpkg } from './extract.js';
import { source } from './index.js';

const read = (p: string) => readFileSync(join(import.meta.dirname, 'fixtures', p), 'utf8');
const show = (cs: Component[]) => cs.map((c) => `${c.name}@${c.version}:${c.scope}`).sort();
const prop = (c: Component | undefined, name: string) => c?.properties?.find((p) => p.name === name)?.value;

describe('vcpkg.json', () => {
  it('the real avif-format manifest: one dependency, version known only through the baseline', () => {
    const text = read('avif-format/vcpkg.json');
    const r = extractVcpkg({ file: 'vcpkg.json', text });
    expect(show(r.components)).toEqual(['lcms@:runtime']);
    const lcms = r.components[0];
    expect(lcms).toMatchObject({ ecosystem: 'vcpkg', direct: true, purl: 'pkg:generic/lcms?repository_url=https%3A%2F%2Fgithub.com%2Fmicrosoft%2Fvcpkg', evidence: [{ line: 7 }] });
    expect(prop(lcms, 'vcpkg:baseline')).toBe('e3a3942a9eb0cb47c12898e5fd819f258441b6f6');
    expect(r.findings.map((f) => [f.rule, f.severity])).toEqual([['vcpkg.unpinned', 'warning'], ['vcpkg.transitive', 'info']]);
    expect(r.findings[0]?.message).toContain('e3a3942a9eb0cb47c12898e5fd819f258441b6f6');
    for (const c of r.components) expect(Component.safeParse(c).success).toBe(true);
  });

  it('an override pins the exact version (the versioning tutorial)', () => {
    const r = extractVcpkg({ file: 'vcpkg.json', text: read('versioning-docs/vcpkg.json') });
    expect(show(r.components)).toEqual(['fmt@6.2.1:runtime', 'zlib@:runtime']);
    expect(prop(r.components.find((c) => c.name === 'fmt'), 'declared-range')).toBe('>=7.1.3#1');
    expect(r.findings.filter((f) => f.rule === 'vcpkg.unpinned').map((f) => f.item)).toEqual(['pkg:generic/zlib?repository_url=https%3A%2F%2Fgithub.com%2Fmicrosoft%2Fvcpkg']);
  });

  it('features, host, platform, registries from vcpkg-configuration.json (written from the reference)', () => {
    const repo = memoryRepo({ 'fw/vcpkg.json': read('reference/vcpkg.json'), 'fw/vcpkg-configuration.json': read('reference/vcpkg-configuration.json') });
    const r = source.extract('fw/vcpkg.json', repo);
    // hand-derived from the fixture: six top-level dependencies + one per feature; logging is a default feature
    expect(show(r.components)).toEqual([
      'boost-asio@:runtime', 'company-hal@:runtime', 'curl@:runtime', 'gtest@:optional',
      'openssl@3.2.0:runtime', 'protobuf@:build', 'spdlog@:runtime', 'zlib@1.3.1:runtime',
    ]);
    const byName = (n: string) => r.components.find((c) => c.name === n);
    expect(byName('protobuf')?.kind).toBe('tool');
    expect(prop(byName('zlib'), 'vcpkg:port-version')).toBe('1');
    expect(prop(byName('boost-asio'), 'vcpkg:platform')).toBe('!uwp');
    expect(prop(byName('curl'), 'vcpkg:features')).toBe('openssl');
    expect(byName('company-hal')).toMatchObject({ origin: { url: 'https://git.example.com/company/vcpkg-registry.git' } });
    expect(prop(byName('company-hal'), 'vcpkg:baseline')).toBe('0a2858823b43f7945763faa5f1f39e7b859b5de5');
    expect(prop(byName('curl'), 'vcpkg:baseline')).toBe('c4af3593e1f1aa9e14a560a09e45ea2cb0dfd74d');
    const unpinned = r.findings.filter((f) => f.rule === 'vcpkg.unpinned').map((f) => f.item?.split('?')[0]).sort();
    expect(unpinned).toEqual(['pkg:generic/boost-asio', 'pkg:generic/company-hal', 'pkg:generic/curl', 'pkg:generic/gtest', 'pkg:generic/protobuf', 'pkg:generic/spdlog']);
  });

  it('without any baseline, says vcpkg takes whatever its checkout holds', () => {
    const r = extractVcpkg({ file: 'vcpkg.json', text: '{"dependencies":["fmt"]}' });
    expect(r.findings[0]?.message).toContain('no baseline');
    expect(r.findings[0]?.fix).toContain('x-update-baseline');
  });

  it('throws a TureenError for what is not a manifest', () => {
    expect(() => extractVcpkg({ file: 'vcpkg.json', text: '{"dependencies": "fmt"}' })).toThrow(TureenError);
    expect(() => extractVcpkg({ file: 'vcpkg.json', text: '{"dependencies": [{"version>=": "1"}]}' })).toThrow(TureenError);
    expect(() => extractVcpkg({ file: 'vcpkg.json', text: '{' })).toThrow(TureenError);
  });

  it('matches the project manifest, not port definitions or install trees', () => {
    expect(source.matches('vcpkg.json')).toBe(true);
    expect(source.matches('app/vcpkg.json')).toBe(true);
    expect(source.matches('vcpkg/ports/zlib/vcpkg.json')).toBe(false);
    expect(source.matches('build/vcpkg_installed/vcpkg/status/vcpkg.json')).toBe(false);
    expect(source.matches('vcpkg-configuration.json')).toBe(false);
  });
});
