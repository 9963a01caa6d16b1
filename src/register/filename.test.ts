import { createHash } from 'node:crypto';
import { isAbsolute, join, relative, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TureenError } from '../model/errors.js';
import { ECOSYSTEM_SLUGS, ecosystemSlug, insideFolder, isSafeFileName, recordFileName, recordPath } from './filename.js';

const file = (ecosystem: string, name: string) => recordFileName({ ecosystem, name });
/** The hash suffix, computed here from its definition: first 8 hex of SHA-256 over JSON [ecosystem, name]. */
const h = (ecosystem: string, name: string) =>
  createHash('sha256').update(JSON.stringify([ecosystem, name])).digest('hex').slice(0, 8);

const SHAPE = /^[a-z0-9][a-z0-9._-]*\.yaml$/;
const RESERVED = ['con', 'prn', 'aux', 'nul', ...[...'0123456789'].flatMap((d) => [`com${d}`, `lpt${d}`])];

/** Every property a record file name must have, checked from first principles. */
function expectSafe(name: string): void {
  expect(name).toMatch(SHAPE);
  expect(Buffer.byteLength(name)).toBeLessThanOrEqual(120);
  expect(name).not.toBe('.');
  expect(name).not.toBe('..');
  expect(name).not.toMatch(/[/\\\0 ]/);
  expect(name).not.toMatch(/[. ]$/);
  expect(RESERVED).not.toContain(name.split('.')[0]);
}

/** recordPath's result is one file directly inside the folder, checked independently. */
function expectInside(folder: string, path: string): void {
  const rel = relative(resolve(folder), resolve(path));
  expect(isAbsolute(rel)).toBe(false);
  expect(rel.startsWith('..')).toBe(false);
  expect(rel).not.toBe('');
  expect(rel).toBe(rel.split(/[/\\]/).pop());
}

describe('recordFileName: ordinary names are readable and exact', () => {
  it.each([
    ['npm', 'left-pad', 'npm-left-pad.yaml'],
    ['npm', '@types/node', 'npm--types--node.yaml'],
    ['npm', '@scope/pkg', 'npm--scope--pkg.yaml'],
    ['npm', 'chart.js', 'npm-chart.js.yaml'],
    ['PyPI', 'requests', 'pypi-requests.yaml'],
    ['PyPI', 'charset-normalizer', 'pypi-charset-normalizer.yaml'],
    ['Maven', 'org.slf4j:slf4j-api', 'maven-org.slf4j__slf4j-api.yaml'],
    ['Go', 'github.com/spf13/cobra', 'go-github.com--spf13--cobra.yaml'],
    ['crates.io', 'serde_json', 'crates.io-serde_json.yaml'],
    ['RubyGems', 'rails', 'rubygems-rails.yaml'],
    ['Packagist', 'monolog/monolog', 'packagist-monolog--monolog.yaml'],
    ['Debian:12', 'openssl', 'debian.12-openssl.yaml'],
    ['Debian', 'libc6', 'debian-libc6.yaml'],
    ['Ubuntu:22.04:LTS', 'libc6', 'ubuntu.22.04.lts-libc6.yaml'],
    ['Ubuntu:23.10', 'libc6', 'ubuntu.23.10-libc6.yaml'],
    ['Alpine:v3.19', 'musl', 'alpine.v3.19-musl.yaml'],
    ['Red Hat', 'openssl', 'redhat-openssl.yaml'],
    ['rpm:fedora', 'bash', 'rpm.fedora-bash.yaml'],
    ['GIT', 'zephyrproject-rtos/zephyr', 'git-zephyrproject-rtos--zephyr.yaml'],
    ['Docker', 'library/nginx', 'docker-library--nginx.yaml'],
    ['HuggingFace', 'bert-base-uncased', 'huggingface-bert-base-uncased.yaml'],
    ['generic', 'freertos', 'generic-freertos.yaml'],
    ['vcpkg', 'zlib', 'vcpkg-zlib.yaml'],
    ['jar', 'commons-io', 'jar-commons-io.yaml'],
  ])('%s %s → %s', (ecosystem, name, expected) => {
    expect(file(ecosystem, name)).toBe(expected);
    expectSafe(expected);
  });

  it('does not depend on the version: a version change keeps the file', () => {
    const a = recordFileName({ ecosystem: 'npm', name: 'ws', version: '8.17.0' });
    const b = recordFileName({ ecosystem: 'npm', name: 'ws', version: '8.18.1' });
    expect(a).toBe('npm-ws.yaml');
    expect(b).toBe(a);
    expect(recordFileName({ ecosystem: 'npm', name: 'ws' })).toBe(a);
  });
});

describe('recordFileName: anything lossy gets a readable part and a hash of the exact pair', () => {
  it.each([
    ['NuGet', 'Newtonsoft.Json', 'nuget-newtonsoft.json'],
    ['npm', 'Foo', 'npm-foo'],
    ['PyPI', 'Django', 'pypi-django'],
    ['Go', 'github.com/Azure/azure-sdk-for-go', 'go-github.com-azure-azure-sdk-for-go'],
    ['Debian:12', 'libstdc++6', 'debian.12-libstdc-6'],
    ['generic', 'Acme RTOS', 'generic-acme-rtos'],
    ['generic', 'Crème Brûlée', 'generic-creme-brulee'],
    ['npm', '../../x', 'npm-x'],
    ['npm', '__proto__', 'npm-proto'],
    ['generic', 'CON', 'generic-con'],
    ['npm', 'a\\b', 'npm-a-b'],
    ['npm', 'a\u0000b', 'npm-a-b'],
    ['npm', 'a\nb', 'npm-a-b'],
    ['npm', 'a--b', 'npm-a-b'],
    ['npm', 'a/', 'npm-a'],
    ['npm', '@deadbeef', 'npm-deadbeef'], // its exact form "npm--deadbeef" would look hashed
    ['npm', 'x/0123abcd', 'npm-x-0123abcd'],
    ['CycloneDX', 'thing', 'cyclonedx-thing'],
    ['pypi', 'requests', 'pypi-requests'], // an unknown ecosystem spelled like a known slug
    ['opensuse-tumbleweed:20240223', 'bash', 'opensuse-tumbleweed-20240223-bash'],
    ['npm', '日本語', 'npm'],
    ['', '', 'unknown'],
  ])('%j %j → %s--<hash>.yaml', (ecosystem, name, readable) => {
    const got = file(ecosystem, name);
    expect(got).toBe(`${readable}--${h(ecosystem, name)}.yaml`);
    expectSafe(got);
  });

  it('keeps a 500-character name within 120 bytes, hashed', () => {
    const name = 'a'.repeat(500);
    const got = file('npm', name);
    expectSafe(got);
    expect(got.endsWith(`--${h('npm', name)}.yaml`)).toBe(true);
    expect(got.startsWith('npm-aaaa')).toBe(true);
    expect(Buffer.byteLength(got)).toBe(120);
    expect(file('npm', 'a'.repeat(501))).not.toBe(got);
  });

  it('keeps an exact name up to exactly 120 bytes and hashes one byte more', () => {
    const fits = 'a'.repeat(120 - 'npm-.yaml'.length);
    expect(file('npm', fits)).toBe(`npm-${fits}.yaml`);
    const over = `${fits}a`;
    expect(file('npm', over)).toMatch(/--[0-9a-f]{8}\.yaml$/);
  });

  it('con.txt and other device names are harmless: the ecosystem comes first', () => {
    for (const n of ['con', 'con.txt', 'nul', 'aux.tar.gz', 'com1', 'lpt9', 'prn']) expectSafe(file('npm', n));
    expectSafe(file('con', 'x'));
    expectSafe(file('nul.txt', 'x'));
    expectSafe(file('CON', ''));
  });

  it('gives distinct names to names that differ only in what the readable part drops', () => {
    const names = ['a_b', 'a.b', 'a-b', 'a b', 'a/b', 'a:b', 'a\\b', 'a\u0000b', 'a__b', 'a--b', 'a..b', 'A_B', 'Foo', 'foo', 'FOO', 'fóo', 'fo\u0301o', 'foo '];
    const files = names.map((n) => file('npm', n).toLowerCase());
    expect(new Set(files).size).toBe(names.length);
  });

  it('distinguishes lone surrogates, which a UTF-8 encoding would merge', () => {
    expect(file('npm', '\uD800')).not.toBe(file('npm', '\uDBFF'));
    expect(file('npm\uD800', 'x')).not.toBe(file('npm\uDC00', 'x'));
  });

  it('rejects a non-text ecosystem or name with a TureenError', () => {
    const bad = { ecosystem: 'npm', name: 42 } as unknown as { ecosystem: string; name: string };
    expect(() => recordFileName(bad)).toThrow(TureenError);
  });
});

describe('ecosystem slugs', () => {
  it('are distinct, dash-free and never a release family shape', () => {
    const slugs = [...ECOSYSTEM_SLUGS.values()];
    expect(new Set(slugs).size).toBe(slugs.length);
    for (const s of slugs) {
      expect(s).toMatch(/^[a-z0-9][a-z0-9.]*$/);
      expect(s).not.toMatch(/^(debian|ubuntu|alpine|rpm)\./);
    }
  });

  it('writes releases with a dot and keeps the shapes apart', () => {
    expect(ecosystemSlug('Debian:12')).toBe('debian.12');
    expect(ecosystemSlug('Ubuntu:22.04')).toBe('ubuntu.22.04');
    expect(ecosystemSlug('Ubuntu:22.04:LTS')).toBe('ubuntu.22.04.lts');
    expect(ecosystemSlug('Alpine:v3.19')).toBe('alpine.v3.19');
    // not exact: would meet another spelling
    expect(ecosystemSlug('debian.12')).toBeUndefined();
    expect(ecosystemSlug('Ubuntu:22:04')).toBeUndefined();
    expect(ecosystemSlug('pypi')).toBeUndefined();
    expect(ecosystemSlug('Pypi')).toBeUndefined();
    expect(ecosystemSlug('my-eco')).toBeUndefined();
    expect(ecosystemSlug('vcpkg')).toBe('vcpkg');
    expect(ecosystemSlug('root')).toBe('root');
  });
});

/** Decodes an exact (hash-free) file name back to its pair, written from the documented format. */
function decodeExact(fileName: string): [string, string] {
  const stem = fileName.slice(0, -'.yaml'.length);
  const dash = stem.indexOf('-');
  const ecoSlug = stem.slice(0, dash);
  let rest = stem.slice(dash + 1);
  const inverse = new Map([...ECOSYSTEM_SLUGS].map(([e, s]) => [s, e]));
  let eco = inverse.get(ecoSlug);
  let m: RegExpExecArray | null;
  if (eco === undefined) {
    if ((m = /^debian\.(.+)$/.exec(ecoSlug))) eco = `Debian:${m[1]}`;
    else if ((m = /^ubuntu\.(.+)\.lts$/.exec(ecoSlug))) eco = `Ubuntu:${m[1]}:LTS`;
    else if ((m = /^ubuntu\.(.+)$/.exec(ecoSlug))) eco = `Ubuntu:${m[1]}`;
    else if ((m = /^alpine\.v(.+)$/.exec(ecoSlug))) eco = `Alpine:v${m[1]}`;
    else if ((m = /^rpm\.(.+)$/.exec(ecoSlug))) eco = `rpm:${m[1]}`;
    else eco = ecoSlug;
  }
  let name = '';
  if (rest.startsWith('-')) {
    name = '@';
    rest = rest.slice(1);
  }
  name += rest.replaceAll('--', '/').replaceAll('__', ':');
  return [eco, name];
}

const ECOSYSTEMS = ['npm', 'PyPI', 'pypi', 'Pypi', 'Maven', 'Go', 'crates.io', 'cratesio', 'NuGet', 'Debian', 'Debian:12', 'debian.12', 'Debian:1.2',
  'Ubuntu:22.04', 'Ubuntu:22.04:LTS', 'ubuntu.22.04.lts', 'Ubuntu:22:04', 'Alpine:v3.19', 'rpm:fedora', 'rpm', 'generic', 'vcpkg', 'root',
  'con', 'CON', 'npm-x', 'npm ', '', 'a-b', 'a_b', 'redhat', 'Red Hat'];

/** Names built from the characters that matter: letters in both cases, every mark the scheme uses, odd ones. */
const trickyChar = fc.constantFrom('a', 'b', 'A', '0', 'f', '.', '_', '-', '/', ':', '@', '\\', ' ', '\u0000', '\n', 'é', 'e\u0301', '\uD800', '~', '+');
const trickyName = fc.array(trickyChar, { maxLength: 12 }).map((cs) => cs.join(''));
const anyName = fc.oneof(trickyName, fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string({ maxLength: 600 }));
const anyEco = fc.oneof(fc.constantFrom(...ECOSYSTEMS), fc.string({ unit: 'binary', maxLength: 40 }), trickyName);

describe('properties', () => {
  it('every name is safe, deterministic, and its path stays inside the folder', () => {
    fc.assert(
      fc.property(anyEco, anyName, (ecosystem, name) => {
        const got = file(ecosystem, name);
        expectSafe(got);
        expect(isSafeFileName(got)).toBe(true);
        expect(file(ecosystem, name)).toBe(got);
        for (const folder of ['soup', 'records/soup/', '/tmp/x/soup', '.']) {
          const p = recordPath(folder, { ecosystem, name });
          expect(p).toBe(join(folder, got));
          expectInside(folder, p);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('distinct pairs get names distinct ignoring case', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(anyEco, anyName), { selector: (p) => JSON.stringify(p), minLength: 2, maxLength: 60 }), (pairs) => {
        const names = new Set(pairs.map(([e, n]) => file(e, n).toLowerCase()));
        expect(names.size).toBe(pairs.length);
      }),
      { numRuns: 500 },
    );
  });

  it('every exact name decodes back to its pair', () => {
    const seg = fc.array(fc.constantFrom('a', 'z', '0', '9'), { minLength: 1, maxLength: 3 }).map((cs) => cs.join(''));
    const segment = fc.array(fc.tuple(fc.constantFrom('.', '_', '-'), seg), { maxLength: 3 }).chain((rest) =>
      seg.map((first) => first + rest.map(([p, s]) => p + s).join('')));
    const plain = fc.tuple(fc.boolean(), segment, fc.array(fc.tuple(fc.constantFrom('/', ':'), segment), { maxLength: 3 }))
      .map(([at, first, rest]) => (at ? '@' : '') + first + rest.map(([p, s]) => p + s).join(''));
    fc.assert(
      fc.property(fc.constantFrom(...ECOSYSTEMS), plain, (ecosystem, name) => {
        const got = file(ecosystem, name);
        if (/--[0-9a-f]{8}\.yaml$/.test(got)) return; // hashed (lossy ecosystem, or a name that looks hashed)
        expect(decodeExact(got)).toEqual([ecosystem, name]);
      }),
      { numRuns: 3000 },
    );
  });

  it('every name up to 3 characters over the marks alphabet, in every test ecosystem, is distinct', () => {
    const alphabet = ['a', 'A', '0', '.', '_', '-', '/', ':', '@', ' '];
    const names = [''];
    for (let len = 1, layer = ['']; len <= 3; len++) {
      layer = layer.flatMap((p) => alphabet.map((c) => p + c));
      names.push(...layer);
    }
    const seen = new Map<string, string>();
    for (const e of ECOSYSTEMS) {
      for (const n of names) {
        const f = file(e, n).toLowerCase();
        const before = seen.get(f);
        expect(before, `${JSON.stringify([e, n])} and ${before} share ${f}`).toBeUndefined();
        seen.set(f, JSON.stringify([e, n]));
      }
    }
    expect(seen.size).toBe(ECOSYSTEMS.length * names.length);
  });
});

describe('recordPath and insideFolder', () => {
  it('put hostile names inside the folder', () => {
    for (const name of ['../../x', '..', '.', '/etc/passwd', 'a/../../b', 'C:\\Windows\\x', '\\\\server\\share', 'x\u0000/../y', 'x'.repeat(500)]) {
      const p = recordPath('soup', { ecosystem: 'npm', name });
      expectInside('soup', p);
    }
    expect(recordPath('soup', { ecosystem: '../..', name: 'x' })).toMatch(/^soup[/\\][a-z0-9]/);
  });

  it('refuses a file name that would leave the folder or is not a plain safe name', () => {
    for (const bad of ['../x.yaml', '..', '.', '', 'a/b.yaml', 'a\\b.yaml', '/abs.yaml', 'CON.yaml', 'Upper.yaml', '.hidden.yaml', '-x.yaml', 'x.yaml.', `${'a'.repeat(116)}.yaml`]) {
      let err: unknown;
      try {
        insideFolder('soup', bad);
      } catch (e) {
        err = e;
      }
      expect(err, bad).toBeInstanceOf(TureenError);
      expect((err as TureenError).code).toBe('output.write');
      expect((err as TureenError).fix).not.toBe('');
    }
    expect(insideFolder('soup', 'npm-x.yaml')).toBe(join('soup', 'npm-x.yaml'));
  });
});
