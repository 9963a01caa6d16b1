import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Component } from '../../model/component.js';
import { TureenError } from '../../model/errors.js';
import { memoryRepo } from '../source.js';
import { composerLicenses, extractComposerJson, extractComposerLock } from './extract.js';
import { source } from './index.js';

const APP = join(import.meta.dirname, 'fixtures/spec-app');
const read = (p: string) => readFileSync(join(APP, p), 'utf8');
const LOCK = read('composer.lock');
const JSON_ = read('composer.json');

/** Independent reading: the names in "packages" and "packages-dev", with JSON.parse. */
const raw = JSON.parse(LOCK) as { packages: { name: string; version: string }[]; 'packages-dev': { name: string; version: string }[] };

describe('composer.lock with its composer.json (written from the format)', () => {
  const r = extractComposerLock({ file: 'composer.lock', text: LOCK, manifest: { file: 'composer.json', text: JSON_ } });
  const by = new Map(r.components.map((c) => [c.name, c]));

  it('lists every lock entry plus the first-party root: 5 + 1 entries and acme/pump-console', () => {
    expect(raw.packages).toHaveLength(5);
    expect(raw['packages-dev']).toHaveLength(1);
    expect(r.components).toHaveLength(7);
    expect(by.get('acme/pump-console')).toMatchObject({ firstParty: true, scope: 'runtime', purl: 'pkg:composer/acme/pump-console' });
    for (const c of r.components) expect(Component.safeParse(c).success).toBe(true);
  });

  it('takes the scope from the section: packages runtime, packages-dev development', () => {
    for (const p of raw.packages) expect(by.get(p.name)?.scope).toBe('runtime');
    for (const p of raw['packages-dev']) expect(by.get(p.name)?.scope).toBe('development');
  });

  it('marks what composer.json requires as direct, and follows require for paths', () => {
    const direct = r.components.filter((c) => c.direct).map((c) => c.name).sort();
    expect(direct).toEqual(['acme/pump-protocol', 'acme/runtime-bundle', 'myclabs/deep-copy', 'nategood/commando', 'symfony/polyfill-mbstring']);
    expect(by.get('kevinlebrun/colors.php')?.direct).toBe(false);
    expect(by.get('kevinlebrun/colors.php')?.paths[0]).toEqual(['acme/pump-console', 'nategood/commando@0.2.9', 'kevinlebrun/colors.php@0.4.1']);
  });

  it('keeps the published "v" version, records it normalised, and reads shasum, licences and origins', () => {
    const mb = by.get('symfony/polyfill-mbstring') as Component;
    expect(mb.version).toBe('v1.27.0');
    expect(mb.purl).toBe('pkg:composer/symfony/polyfill-mbstring@v1.27.0');
    expect(mb.properties).toContainEqual({ name: 'composer:normalized', value: '1.27.0' });
    expect(mb.hashes).toEqual([{ alg: 'SHA-1', content: '0123456789abcdef0123456789abcdef01234567' }]);
    expect(mb.licenses).toEqual([{ expression: '(MIT) OR (Apache-2.0)' }]);
    expect(mb.origin).toEqual({ type: 'registry', url: 'https://api.github.com/repos/symfony/polyfill-mbstring/zipball/8ad114f6b39e2c98a8b0e3bd907732c207c2b534' });
    expect(by.get('nategood/commando')?.hashes).toEqual([]); // empty shasum
    expect(by.get('acme/runtime-bundle')?.properties).toContainEqual({ name: 'composer:type', value: 'metapackage' });
  });

  it('takes a path package inside the repository as first-party, without an unpinned warning', () => {
    expect(by.get('acme/pump-protocol')).toMatchObject({ firstParty: true, origin: { type: 'file', ref: 'packages/pump-protocol' } });
    expect(r.findings.filter((f) => f.rule === 'composer.unpinned')).toEqual([]);
  });

  it('points each package at the line of its "name"', () => {
    const lines = LOCK.split('\n');
    for (const c of r.components.filter((x) => !x.firstParty || x.name === 'acme/pump-protocol')) {
      expect(lines[(c.evidence[0]?.line as number) - 1]).toContain(`"name": "${c.name}"`);
    }
  });
});

describe('composer.lock without composer.json, and composer.json alone', () => {
  it('still gives each package with its section scope, none direct', () => {
    const r = extractComposerLock({ file: 'app/composer.lock', text: LOCK });
    expect(r.components.filter((c) => !c.firstParty || c.name === 'acme/pump-protocol')).toHaveLength(6);
    expect(r.components.some((c) => c.direct)).toBe(false);
    expect(r.components.find((c) => c.firstParty && c.origin.type === 'workspace')?.name).toBe('app');
  });

  it('reads composer.json alone as declared ranges with warnings', () => {
    const r = extractComposerJson('composer.json', JSON_);
    // hand count: require has 6 entries, 2 of them platform (php, ext-json); require-dev has 1
    expect(r.components).toHaveLength(1 + 4 + 1);
    expect(r.findings.filter((f) => f.rule === 'composer.unpinned')).toHaveLength(5);
    expect(r.components.find((c) => c.name === 'nategood/commando')?.properties).toEqual([{ name: 'declared-range', value: '^0.2.9' }]);
    expect(r.components.find((c) => c.name === 'myclabs/deep-copy')?.scope).toBe('development');
  });

  it('joins licence arrays as a disjunction', () => {
    expect(composerLicenses(['MIT'])).toEqual([{ expression: 'MIT' }]);
    expect(composerLicenses(['LGPL-2.1-only', 'GPL-3.0-or-later'])).toEqual([{ expression: '(LGPL-2.1-only) OR (GPL-3.0-or-later)' }]);
    expect(composerLicenses('proprietary')).toEqual([{ name: 'proprietary' }]);
  });
});

describe('composer source', () => {
  it('matches composer.lock and composer.json outside vendor/', () => {
    expect(source.matches('composer.lock')).toBe(true);
    expect(source.matches('web/composer.json')).toBe(true);
    expect(source.matches('vendor/symfony/console/composer.json')).toBe(false);
  });
  it('reads the lock with the composer.json beside it, and skips that composer.json', () => {
    const repo = memoryRepo({ 'composer.lock': LOCK, 'composer.json': JSON_ });
    expect(source.extract('composer.lock', repo).components.filter((c) => c.direct)).toHaveLength(5);
    expect(source.extract('composer.json', repo)).toEqual({ components: [], findings: [] });
  });
  it('leaves a path package\'s composer.json to the lock above that lists it', () => {
    const inner = read('packages/pump-protocol/composer.json');
    const repo = memoryRepo({ 'composer.lock': LOCK, 'composer.json': JSON_, 'packages/pump-protocol/composer.json': inner });
    expect(source.extract('packages/pump-protocol/composer.json', repo)).toEqual({ components: [], findings: [] });
    const alone = memoryRepo({ 'packages/pump-protocol/composer.json': inner });
    expect(source.extract('packages/pump-protocol/composer.json', alone).components.map((c) => c.name)).toEqual(['acme/pump-protocol']);
  });
  it('turns bad input into TureenErrors', () => {
    expect(() => extractComposerLock({ file: 'composer.lock', text: '{' })).toThrow(TureenError);
    expect(() => extractComposerLock({ file: 'composer.lock', text: '{"packages": [{"version": "1"}]}' })).toThrow(TureenError);
    expect(() => extractComposerJson('composer.json', '{"require": 5}')).toThrow(TureenError);
  });
});
