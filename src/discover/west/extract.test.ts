import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Component } from '../../model/component.js';
import { TureenError } from '../../model/errors.js';
import { memoryRepo } from '../source.js';
import { extractWest } from './extract.js';
import { source } from './index.js';

const read = (p: string) => readFileSync(join(import.meta.dirname, 'fixtures', p), 'utf8');
const show = (cs: Component[]) => cs.map((c) => `${c.name}@${c.version}:${c.scope}`).sort();
/** Independent count: "- name:" items under "projects:" (before "self:"), by a regex over the text. */
const lineOf = (text: string, s: string) => text.split('\n').findIndex((l) => l.trim() === s) + 1;
const projectCount = (text: string) => (/^\s*projects:\s*\n([\s\S]*?)(?=^\s*self:|$(?![\s\S]))/m.exec(text)?.[1] ?? '').match(/^\s*- name:/gm)?.length ?? 0;

describe('west manifests (real files)', () => {
  it('Anjay-zephyr-client: two tagged projects, zephyr imports its own manifest', () => {
    const text = read('anjay-zephyr-client/west.yml');
    const r = extractWest({ file: 'west.yml', text });
    expect(r.components).toHaveLength(projectCount(text));
    expect(show(r.components)).toEqual(['Anjay-zephyr@2.11.1:runtime', 'zephyr@2.5.0:runtime']);
    const zephyr = r.components.find((c) => c.name === 'zephyr');
    expect(zephyr).toMatchObject({
      ecosystem: 'GIT', kind: 'framework', direct: true, purl: 'pkg:github/zephyrproject-rtos/zephyr@v2.5.0',
      origin: { type: 'git', url: 'https://github.com/zephyrproject-rtos/zephyr', ref: 'v2.5.0' },
      evidence: [{ file: 'west.yml', line: lineOf(text, '- name: zephyr'), source: 'west' }],
    });
    expect(r.components.find((c) => c.name === 'Anjay-zephyr')).toMatchObject({ purl: 'pkg:github/avsystem/anjay-zephyr@2.11.1', evidence: [{ line: lineOf(text, '- name: Anjay-zephyr') }] });
    expect(r.findings.map((f) => [f.rule, f.line])).toEqual([['west.import', lineOf(text, '- name: zephyr')]]);
    for (const c of r.components) expect(Component.safeParse(c).success).toBe(true);
  });

  it('tschunk-fw: zephyr on the branch main is unpinned', () => {
    const r = extractWest({ file: 'west.yml', text: read('tschunk-fw/west.yml') });
    expect(show(r.components)).toEqual(['zephyr@:runtime']);
    expect(r.components[0]?.purl).toBe('pkg:github/zephyrproject-rtos/zephyr');
    expect(r.findings.map((f) => [f.rule, f.severity, f.line])).toEqual([['west.unpinned', 'warning', 8], ['west.import', 'info', 8]]);
  });

  it('zephyr_fpv: comments and an import allow-list', () => {
    const text = read('zephyr_fpv/west.yml');
    const r = extractWest({ file: 'west.yml', text });
    expect(r.components).toHaveLength(projectCount(text));
    expect(r.components[0]).toMatchObject({ name: 'zephyr', version: '4.4.0', properties: expect.arrayContaining([{ name: 'west:path', value: 'zephyr-v4.4.0' }]) });
  });
});

describe('west manifest rules (written from the docs)', () => {
  it('defaults, remotes, repo-path, url, group-filter and HAL modules', () => {
    const text = read('docs/west.yml');
    const r = extractWest({ file: 'west.yml', text });
    expect(r.components).toHaveLength(projectCount(text));
    expect(show(r.components)).toEqual([
      'babblesim_base@1.2.3:optional',
      'hal_nordic@2a6b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d:runtime',
      'mbedtls@1.0.0:runtime',
      'nanopb@0.4.8:runtime',
      'nodefault@:runtime',
      'private-lib@:runtime',
    ]);
    expect(r.components.find((c) => c.name === 'hal_nordic')?.kind).toBe('driver-bsp');
    expect(r.components.find((c) => c.name === 'private-lib')).toMatchObject({
      origin: { url: 'https://git.example.com/firmware/libs/private.git', ref: 'develop' },
      purl: 'pkg:generic/private-lib?vcs_url=git%2Bhttps%3A%2F%2Fgit.example.com%2Ffirmware%2Flibs%2Fprivate.git',
    });
    expect(r.components.find((c) => c.name === 'mbedtls')?.origin.url).toBe('https://github.com/zephyrproject-rtos/mbedtls');
    expect(r.findings.map((f) => [f.rule, f.line])).toEqual([['west.unpinned', lineOf(text, '- name: private-lib')], ['west.unpinned', lineOf(text, '- name: nodefault')]]);
  });

  it("uses west's default revision master when none is given", () => {
    const r = extractWest({ file: 'west.yml', text: 'manifest:\n  projects:\n    - name: lib\n      url: https://github.com/o/lib\n' });
    expect(r.components[0]).toMatchObject({ version: '', origin: { ref: 'master' } });
    expect(r.findings[0]?.message).toContain('default revision "master"');
  });

  it('reports projects without a usable remote, and rejects what is not a manifest', () => {
    const r = extractWest({ file: 'west.yml', text: 'manifest:\n  projects:\n    - name: lost\n      remote: nowhere\n' });
    expect(r.components).toEqual([]);
    expect(r.findings.map((f) => f.rule)).toEqual(['west.no-url']);
    expect(() => extractWest({ file: 'west.yml', text: 'projects: []\n' })).toThrow(TureenError);
    expect(() => extractWest({ file: 'west.yml', text: 'manifest:\n  projects: {a: 1}\n' })).toThrow(TureenError);
  });

  it('matches manifest names and skips YAML files that are not manifests', () => {
    expect(source.matches('west.yml')).toBe(true);
    expect(source.matches('app/west-frozen.yml')).toBe(true);
    expect(source.matches('northwest.yml')).toBe(false);
    expect(source.extract('.github/workflows/west.yml', memoryRepo({ '.github/workflows/west.yml': 'on: push\njobs: {}\n' }))).toEqual({ components: [], findings: [] });
  });
});
