import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Component } from '../../model/component.js';
import { extractComposerLock } from './extract.js';

const APP = join(import.meta.dirname, 'fixtures/spec-app');
const LOCK = readFileSync(join(APP, 'composer.lock'), 'utf8');
const JSON_ = readFileSync(join(APP, 'composer.json'), 'utf8');
const prereq = (c: Component | undefined) => (c?.properties ?? []).filter((p) => p.name === 'prerequisite:software').map((p) => p.value);

describe('prerequisites from composer.lock (spec-app: written from the format; three of its entries, require included, copied from a real lockfile)', () => {
  const { components } = extractComposerLock({ file: 'composer.lock', text: LOCK, manifest: { file: 'composer.json', text: JSON_ } });
  const by = new Map(components.map((c) => [c.name, c]));
  // an independent reading: JSON.parse, the entries whose require names php or a platform package
  const raw = JSON.parse(LOCK) as Record<'packages' | 'packages-dev', { name: string; require?: Record<string, string> }[]>;
  const entries = [...raw.packages, ...raw['packages-dev']];
  const platformKeys = (e: { require?: Record<string, string> }) => Object.keys(e.require ?? {}).filter((k) => /^(php|php-64bit|hhvm|ext-.+|lib-.+)$/i.test(k));

  it('a package\'s php requirement is its prerequisite', () => {
    expect(prereq(by.get('kevinlebrun/colors.php'))).toEqual(['php >=5.3.0']);
    expect(prereq(by.get('nategood/commando'))).toEqual(['php >=5.3']);
    expect(prereq(by.get('symfony/polyfill-mbstring'))).toEqual(['php >=7.1']);
    expect(prereq(by.get('myclabs/deep-copy'))).toEqual(['php >=5.4.0']);
  });

  it('package requirements are not prerequisites: the metapackage requires two packages and no platform', () => {
    expect(Object.keys(entries.find((e) => e.name === 'acme/runtime-bundle')?.require ?? {})).toHaveLength(2);
    expect(prereq(by.get('acme/runtime-bundle'))).toEqual([]);
  });

  it('the 4 entries that require a platform package are exactly the components with prerequisites, one statement each', () => {
    const withPlatform = entries.filter((e) => platformKeys(e).length);
    expect(withPlatform).toHaveLength(4);
    const carrying = components.filter((c) => prereq(c).length);
    expect(carrying.map((c) => c.name).sort()).toEqual(withPlatform.map((e) => e.name).sort());
    for (const e of withPlatform) expect(prereq(by.get(e.name))).toHaveLength(platformKeys(e).length);
    expect(components.filter((c) => c.firstParty).flatMap(prereq)).toEqual([]);
  });
});

describe('require is read leniently', () => {
  const lock = (require: string) => `{"packages": [{"name": "a/b", "version": "1.0.0", "require": ${require}}], "packages-dev": []}`;
  const one = (require: string) => extractComposerLock({ file: 'composer.lock', text: lock(require) }).components.find((c) => c.name === 'a/b');

  it('extensions are prerequisites even with "*"; system libraries too; other packages are not', () => {
    expect(prereq(one('{"php": "^8.1", "ext-mbstring": "*", "ext-intl": ">=1.0", "lib-openssl": "*", "psr/log": "^3"}'))).toEqual([
      'php ^8.1', 'php extension mbstring', 'php extension intl >=1.0', 'php extension openssl',
    ]);
  });

  it('an empty require written as [], or one of another shape, never rejects the lockfile and says nothing', () => {
    for (const r of ['[]', '"php"', '5', 'null', '["php"]']) {
      const c = one(r);
      expect(c?.version, r).toBe('1.0.0');
      expect(prereq(c)).toEqual([]);
    }
  });

  it('a "__proto__" key stays data', () => {
    expect(prereq(one('{"__proto__": ">=1", "php": ">=8"}'))).toEqual(['php >=8']);
    expect(({} as Record<string, unknown>)['php']).toBeUndefined();
  });
});
