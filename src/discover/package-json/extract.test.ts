import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Component } from '../../model/component.js';
import { TureenError } from '../../model/errors.js';
import { extractPackageJson, RANGE_FIX, RANGE_MESSAGE, RANGE_RULE } from './extract.js';

const OREF0 = readFileSync(join(import.meta.dirname, 'fixtures', 'oref0', 'package.json'), 'utf8');

const byName = (cs: Component[], name: string) => {
  const c = cs.find((x) => x.name === name && !x.firstParty);
  expect(c, name).toBeDefined();
  return c as Component;
};

describe('a real package.json with no lockfile: openaps/oref0', () => {
  const { components, findings } = extractPackageJson({ file: 'oref0/package.json', text: OREF0 });
  // independent reading: plain JSON.parse, and "exact" = three dot-separated numbers
  const raw = JSON.parse(OREF0) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
  const declared = { ...raw.devDependencies, ...raw.dependencies };
  const exact = Object.entries(declared).filter(([, v]) => /^\d+\.\d+\.\d+$/.test(v));

  it('lists every declared dependency once, plus the package itself as first-party', () => {
    expect(components.filter((c) => !c.firstParty).map((c) => c.name).sort()).toEqual(Object.keys(declared).sort());
    expect(components.filter((c) => c.firstParty)).toMatchObject([{ name: 'oref0', version: '0.5.3-dev', key: 'pkg:npm/oref0@0.5.3-dev', licenses: [{ expression: 'MIT' }] }]);
  });

  it('keeps the version only of exact pins, and warns about every range', () => {
    for (const [name, v] of exact) expect(byName(components, name)).toMatchObject({ version: v, key: `pkg:npm/${name}@${v}` });
    const ranges = Object.keys(declared).filter((n) => !exact.some(([e]) => e === n));
    for (const name of ranges) expect(byName(components, name)).toMatchObject({ version: '', key: `pkg:npm/${name}` });
    expect(findings.map((f) => f.item).sort()).toEqual(ranges.map((n) => `pkg:npm/${n}`).sort());
    for (const f of findings) {
      expect(f).toMatchObject({ rule: RANGE_RULE, severity: 'warning', file: 'oref0/package.json', fix: RANGE_FIX });
      expect(f.message).toContain(RANGE_MESSAGE);
    }
  });

  it('takes scope from the section, and every dependency is direct', () => {
    for (const name of Object.keys(raw.dependencies)) expect(byName(components, name)).toMatchObject({ scope: 'runtime', direct: true });
    for (const name of Object.keys(raw.devDependencies)) expect(byName(components, name)).toMatchObject({ scope: 'development', direct: true });
  });

  it('points at the line of each declaration', () => {
    const lines = OREF0.split('\n');
    for (const c of components.filter((x) => !x.firstParty)) {
      expect(lines[(c.evidence[0]?.line as number) - 1]).toContain(`"${c.name}": `);
    }
    expect(byName(components, 'lodash').evidence[0]?.key).toBe('dependencies["lodash"]');
  });
});

const manifest = (o: Record<string, unknown>) => JSON.stringify({ name: 'device-ui', version: '2.0.0', ...o }, null, 2);

describe('the kinds of version spec', () => {
  const text = manifest({
    dependencies: {
      exact: '1.2.3',
      eq: '=1.2.3',
      vee: 'v1.2.3',
      caret: '^1.2.3',
      star: '*',
      tag: 'latest',
      empty: '',
      alias: 'npm:real-name@4.5.6',
      'alias-range': 'npm:@scope/real@^2',
      gh: 'github:owner/repo#main',
      short: 'owner/repo',
      pinned: 'git+https://github.com/owner/pinned.git#3a1288830817d13da39e9231302261896f8721ea',
      tb: 'https://registry.example/tb/-/tb-3.1.4.tgz',
      renamed: 'https://registry.example/tb/-/tb-3.1.4.tgz',
      folder: 'file:../vendor/folder',
      local: 'file:./local-9.9.9.tgz',
      linked: 'link:../vendor/linked',
      sibling: 'workspace:*',
      cat: 'catalog:',
    },
  });
  const manifests = new Map([['vendor/folder/package.json', '{"name":"folder","version":"0.4.0"}']]);
  const { components, findings } = extractPackageJson({ file: 'ui/package.json', text, manifests });
  const c = (name: string) => byName(components, name);
  const warned = new Set(findings.map((f) => f.item));

  it('keeps exact versions written as 1.2.3, =1.2.3 and v1.2.3', () => {
    for (const n of ['exact', 'eq', 'vee']) {
      expect(c(n)).toMatchObject({ version: '1.2.3', purl: `pkg:npm/${n}@1.2.3` });
      expect(warned.has(c(n).key)).toBe(false);
    }
  });

  it('leaves ranges, tags and empty specs without a version, each with a warning', () => {
    for (const n of ['caret', 'star', 'tag', 'empty', 'cat']) {
      expect(c(n)).toMatchObject({ version: '', purl: `pkg:npm/${n}` });
      expect(warned.has(c(n).key)).toBe(true);
    }
  });

  it('names an alias by the real package', () => {
    expect(c('real-name')).toMatchObject({ version: '4.5.6', evidence: [{ key: 'dependencies["alias"]' }] });
    expect(c('@scope/real')).toMatchObject({ version: '', purl: 'pkg:npm/%40scope/real' });
    expect(components.some((x) => x.name === 'alias' || x.name === 'alias-range')).toBe(false);
  });

  it('identifies git dependencies by their URL; only a commit is an exact version', () => {
    expect(c('gh')).toMatchObject({ version: '', origin: { type: 'git', url: 'https://github.com/owner/repo.git', ref: 'main' } });
    expect(c('gh').purl).toBe(`pkg:npm/gh?vcs_url=${encodeURIComponent('git+https://github.com/owner/repo.git#main')}`);
    expect(c('short').origin.url).toBe('https://github.com/owner/repo.git');
    const sha = '3a1288830817d13da39e9231302261896f8721ea';
    expect(c('pinned')).toMatchObject({ version: sha, origin: { type: 'git', ref: sha } });
    expect(warned.has(c('gh').key) && warned.has(c('short').key)).toBe(true);
    expect(warned.has(c('pinned').key)).toBe(false);
    expect(findings.find((f) => f.item === c('gh').key)?.message).toMatch(/not a commit/);
  });

  it('identifies a tarball URL by the URL and takes the version from its file name', () => {
    const url = 'https://registry.example/tb/-/tb-3.1.4.tgz';
    expect(c('tb')).toMatchObject({ version: '3.1.4', purl: `pkg:npm/tb@3.1.4?download_url=${encodeURIComponent(url)}`, origin: { type: 'tarball', url } });
    // a file name for another package says nothing about this one's version
    expect(c('renamed')).toMatchObject({ version: '', purl: `pkg:npm/renamed?download_url=${encodeURIComponent(url)}` });
    expect(warned.has(c('renamed').key)).toBe(true);
  });

  it("reads a local folder's version from its package.json, and knows none for a link without one", () => {
    expect(c('folder')).toMatchObject({ version: '0.4.0', origin: { type: 'file', ref: '../vendor/folder' } });
    expect(c('local')).toMatchObject({ version: '9.9.9', origin: { type: 'tarball', ref: './local-9.9.9.tgz' } });
    expect(c('linked')).toMatchObject({ version: '', origin: { type: 'link', ref: '../vendor/linked' } });
    expect(warned.has(c('linked').key)).toBe(true);
  });

  it('skips workspace: dependencies (packages of this repository)', () => {
    expect(components.some((x) => x.name === 'sibling')).toBe(false);
  });

  it('produces components that satisfy the model', () => {
    for (const x of components) expect(Component.safeParse(x).success, x.key).toBe(true);
  });
});

describe('sections and scope', () => {
  const text = manifest({
    dependencies: { both: '1.0.0', prod: '1.0.0' },
    optionalDependencies: { both: '1.0.0', opt: '1.0.0' },
    peerDependencies: { peerdev: '^1', peer: '2.0.0' },
    devDependencies: { peerdev: '1.0.0', dev: '1.0.0' },
  });
  const { components } = extractPackageJson({ file: 'package.json', text });
  const scope = (n: string) => byName(components, n).scope;

  it('maps dependencies and peers to runtime, optional to optional, dev to development', () => {
    expect([scope('prod'), scope('peer'), scope('opt'), scope('dev')]).toEqual(['runtime', 'runtime', 'optional', 'development']);
  });

  it('lists a name declared twice once: optional wins over dependencies, a peer over dev', () => {
    expect(components.filter((c) => c.name === 'both')).toHaveLength(1);
    expect(scope('both')).toBe('optional');
    expect(byName(components, 'both').evidence[0]?.key).toBe('optionalDependencies["both"]');
    expect(scope('peerdev')).toBe('runtime');
  });

  it('names the root after its folder when the manifest has no name', () => {
    const r = extractPackageJson({ file: 'svc/api/package.json', text: '{"dependencies":{"a":"1.0.0"}}' });
    expect(r.components.find((c) => c.firstParty)).toMatchObject({ name: 'svc/api', version: '', paths: [] });
    expect(byName(r.components, 'a').paths).toEqual([['svc/api', 'a@1.0.0']]);
  });
});

describe('hostile and broken manifests', () => {
  it('keeps names such as __proto__, constructor and ../../x as data', () => {
    const text = '{"name":"x","dependencies":{"__proto__":"1.0.0","constructor":"^1","../../x":"2.0.0","a\\u0000b":"*"}}';
    const r = extractPackageJson({ file: 'package.json', text });
    expect(r.components.filter((c) => !c.firstParty).map((c) => c.name).sort()).toEqual(['../../x', '__proto__', 'a\u0000b', 'constructor']);
    expect(({} as Record<string, unknown>)['1.0.0']).toBeUndefined();
    for (const f of r.findings) expect(f.message.includes('\u0000')).toBe(false);
  });

  it('keeps a licence text that the SPDX corrector chokes on as a name', () => {
    const r = extractPackageJson({ file: 'package.json', text: '{"name":"x","license":["+", {"type":"MIT"}]}' });
    expect(r.components[0]?.licenses).toEqual([{ name: '+' }, { expression: 'MIT' }]);
  });

  const bad: [string, string, number][] = [
    ['broken JSON', '{\n  "name": "x",\n  "dependencies": {\n', 4],
    ['a dependency that is not a string', '{\n  "name": "x",\n  "dependencies": {\n    "a": 1\n  }\n}', 4],
    ['dependencies that are a list', '{\n  "dependencies": ["a"]\n}', 2],
    ['a manifest that is not an object', '[1, 2]', 1],
  ];
  for (const [what, text, line] of bad) {
    it(`throws a TureenError with the place for ${what}`, () => {
      let err: unknown;
      try {
        extractPackageJson({ file: 'w/package.json', text });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(TureenError);
      expect((err as TureenError).file).toBe('w/package.json');
      expect((err as TureenError).place?.line).toBe(line);
    });
  }
});
