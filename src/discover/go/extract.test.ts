import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Component } from '../../model/component.js';
import { TureenError } from '../../model/errors.js';
import { extractGoMod, golangPurl } from './extract.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const CORPUS = join(import.meta.dirname, '../../../test/fixtures/corpus/go');
const read = (...p: string[]) => readFileSync(join(...p), 'utf8');
const prop = (c: Component | undefined, name: string) => c?.properties?.find((p) => p.name === name)?.value;
const soup = (cs: Component[]) => cs.filter((c) => !c.firstParty && c.name !== 'stdlib');

describe('a real go.mod + go.sum: tidepool-org/platform (diabetes data platform)', () => {
  const mod = read(CORPUS, 'tidepool-org__platform__go.mod');
  const sum = read(CORPUS, 'tidepool-org__platform__go.sum');
  const { components, findings } = extractGoMod({ file: 'go.mod', text: mod, sum: { file: 'go.sum', text: sum } });
  // independent reading: every "<path> v<version>" line inside a require block
  const requires = [...mod.matchAll(/^\t(\S+) (v\S+)( \/\/ indirect)?$/gm)].map((m) => ({ path: m[1] as string, version: m[2] as string, indirect: Boolean(m[3]) }));

  it('has the 126 requires of SOURCES.md: 42 direct, 84 indirect', () => {
    expect(requires).toHaveLength(126);
    expect(requires.filter((r) => !r.indirect)).toHaveLength(42);
  });

  it('lists one item per require, plus the main module and the standard library', () => {
    expect(components).toHaveLength(126 + 2);
    expect(soup(components).map((c) => c.name).sort()).toEqual(requires.map((r) => r.path).sort());
    expect(components.filter((c) => c.firstParty).map((c) => c.name)).toEqual(['github.com/tidepool-org/platform']);
    expect(soup(components).filter((c) => c.direct)).toHaveLength(42);
    expect(soup(components).filter((c) => prop(c, 'go:indirect') === 'true')).toHaveLength(84);
    expect(components.every((c) => c.scope === 'runtime')).toBe(true);
  });

  it('gives OSV versions (no "v") and purls with the module version', () => {
    for (const r of requires.filter((x) => x.path !== 'github.com/tidepool-org/platform-plugin-abbott')) {
      const c = components.find((x) => x.name === r.path);
      expect(c?.version).toBe(r.version.slice(1));
      expect(c?.purl).toBe(golangPurl(r.path, r.version));
      expect(prop(c, 'go:version')).toBe(r.version);
    }
    expect(components.find((c) => c.name === 'golang.org/x/net')?.purl).toBe('pkg:golang/golang.org/x/net@v0.43.0');
  });

  it('keeps the go.sum h1: of each module zip as a property, and finds none missing', () => {
    const withSum = soup(components).filter((c) => prop(c, 'go:sum') !== undefined);
    expect(withSum).toHaveLength(125);
    for (const c of withSum) {
      const v = prop(c, 'go:version') as string;
      const line = sum.split('\n').find((l) => l.startsWith(`${c.name} ${v} `)) as string;
      expect(prop(c, 'go:sum')).toBe(line.split(' ')[2]);
      expect(c.hashes).toEqual([]);
    }
    expect(findings.filter((f) => f.rule === 'go.missing-sum')).toEqual([]);
  });

  it('reads pseudo-versions as commits and keeps +incompatible', () => {
    // a pseudo-version ends in -<14-digit UTC time>-<12-hex commit>, the time after "-" or after "-0."/".0."
    const pseudo = requires.filter((r) => /[-.]\d{14}-[0-9a-f]{12}$/.test(r.version));
    expect(pseudo).toHaveLength(18);
    expect(soup(components).filter((c) => prop(c, 'go:pseudo-version') === 'true')).toHaveLength(pseudo.length);
    const genq = components.find((c) => c.name === 'github.com/Khan/genqlient');
    expect(genq?.origin).toEqual({ type: 'registry', ref: '5b0aabc933fa' });
    expect(prop(genq, 'go:commit-time')).toBe('2025-11-19T06:41:04Z');
    const inc = requires.filter((r) => r.version.endsWith('+incompatible'));
    expect(soup(components).filter((c) => prop(c, 'go:incompatible') === 'true')).toHaveLength(inc.length);
    expect(components.find((c) => c.name === 'github.com/blang/semver')?.version).toBe('3.5.1+incompatible');
  });

  it('reads the one replace (a local folder) as origin file with a go.local-replace warning', () => {
    const abbott = components.find((c) => c.name === 'github.com/tidepool-org/platform-plugin-abbott');
    expect(abbott).toMatchObject({ version: '', origin: { type: 'file', ref: 'plugin/abbott' }, direct: true, firstParty: false });
    const f = findings.find((x) => x.rule === 'go.local-replace');
    expect(f).toMatchObject({ severity: 'warning', file: 'go.mod', line: mod.split('\n').findIndex((l) => l.startsWith('replace')) + 1, item: abbott?.key });
  });

  it('lists the standard library at the go directive, with an info finding that the toolchain is unknown', () => {
    const std = components.find((c) => c.name === 'stdlib');
    expect(std).toMatchObject({ ecosystem: 'Go', version: '1.25.7', purl: 'pkg:golang/stdlib@1.25.7', evidence: [{ file: 'go.mod', line: 3, source: 'go' }] });
    expect(findings.find((f) => f.rule === 'go.toolchain-unknown')).toMatchObject({ severity: 'info', line: 3 });
    expect(findings.map((f) => f.rule).sort()).toEqual(['go.local-replace', 'go.toolchain-unknown']);
  });

  it('places each require at its line', () => {
    const lines = mod.split('\n');
    for (const c of soup(components)) expect(lines[(c.evidence[0]?.line as number) - 1]).toContain(`\t${c.name} `);
  });

  it('produces components that satisfy the model', () => {
    for (const c of components) expect(Component.safeParse(c).success, c.key).toBe(true);
  });
});

describe('a real go.mod with toolchain and a replace by the repository root: risor-io/risor modules/image', () => {
  const { components, findings } = extractGoMod({
    file: 'modules/image/go.mod',
    text: read(FIXTURES, 'risor-image', 'go.mod'),
    sum: { file: 'modules/image/go.sum', text: read(FIXTURES, 'risor-image', 'go.sum') },
  });

  it('takes the standard library version from the toolchain line, without a finding about it', () => {
    expect(components.find((c) => c.name === 'stdlib')).toMatchObject({ version: '1.21.0', purl: 'pkg:golang/stdlib@1.21.0' });
    expect(findings.map((f) => f.rule)).toEqual(['go.local-replace']);
  });

  it('lists the 3 requires (hand-counted), risor itself as the repository root folder', () => {
    expect(soup(components).map((c) => `${c.name}@${c.version}`).sort()).toEqual([
      'github.com/anthonynsimon/bild@0.13.0', 'github.com/risor-io/risor@', 'golang.org/x/image@0.10.0',
    ]);
    expect(components.find((c) => c.name === 'github.com/risor-io/risor')?.origin).toEqual({ type: 'file', ref: '.' });
    expect(prop(components.find((c) => c.name === 'golang.org/x/image'), 'go:sum')).toBe('h1:gXjUUtwtx5yOE0VKWq1CH4IJAClq4UGgUA3i+rpON9M=');
  });
});

describe('every go.mod directive (written from the go.mod reference)', () => {
  const text = read(FIXTURES, 'directives', 'go.mod');
  const { components, findings } = extractGoMod({ file: 'directives/go.mod', text, sum: { file: 'directives/go.sum', text: read(FIXTURES, 'directives', 'go.sum') } });
  const by = (n: string) => components.find((c) => c.name === n);

  it('lists the 9 requires (hand-counted) after replace; exclude, retract, godebug and tool add nothing', () => {
    expect(soup(components).map((c) => `${c.name}@${c.version}`).sort()).toEqual([
      'example.com/local/helper@',
      'github.com/blang/semver@3.5.1+incompatible',
      'github.com/old/lib@1.2.4',
      'github.com/ourfork/dep@1.0.1-patched',
      'github.com/pre/release@1.2.4-0.20240115093000-0123456789ab',
      'github.com/raw/quoted@0.3.0',
      'github.com/untagged/thing@0.0.0-20230101000000-abcdef123456',
      'golang.org/x/net@0.17.0',
      'golang.org/x/tools@0.21.0',
    ]);
    expect(by('example.com/pump')?.firstParty).toBe(true);
  });

  it('records what a replacement replaces', () => {
    expect(prop(by('github.com/ourfork/dep'), 'go:replaces')).toBe('github.com/forked/dep@v1.0.0');
    expect(prop(by('github.com/old/lib'), 'go:replaces')).toBe('github.com/old/lib@v1.2.3');
    expect(by('github.com/old/lib')?.evidence.map((e) => e.line)).toEqual([13, 32]);
  });

  it('reads "// indirect; …" as indirect, and pseudo-versions of each form', () => {
    expect(by('github.com/pre/release')).toMatchObject({ direct: false, origin: { ref: '0123456789ab' } });
    expect(by('github.com/untagged/thing')?.origin).toEqual({ type: 'registry', ref: 'abcdef123456' });
    expect(prop(by('github.com/pre/release'), 'go:sum')).toBeUndefined();
  });

  it('reports the missing go.sum line, the local replace and the unknown toolchain', () => {
    // lines counted by hand: go 1.22 is line 4, x/tools line 19, the helper replace line 34
    expect(findings.map((f) => [f.rule, f.line, f.item]).sort()).toEqual([
      ['go.local-replace', 34, 'pkg:golang/example.com/local/helper'],
      ['go.missing-sum', 19, 'pkg:golang/golang.org/x/tools@v0.21.0'],
      ['go.toolchain-unknown', 4, 'pkg:golang/stdlib@1.22'],
    ]);
  });
});

describe('edge cases', () => {
  const run = (text: string, sum?: string) => extractGoMod({ file: 'go.mod', text, ...(sum !== undefined ? { sum: { file: 'go.sum', text: sum } } : {}) });

  it('without go.sum: one warning for the file', () => {
    const r = run('module m\n\ngo 1.22\ntoolchain go1.22.3\nrequire a.b/c v1.0.0\n');
    expect(r.findings.map((f) => f.rule)).toEqual(['go.missing-sum']);
    expect(r.components.find((c) => c.name === 'stdlib')?.version).toBe('1.22.3');
  });

  it('a version that is not exact: version empty, the range as a property, a go.unpinned warning', () => {
    const r = run('module m\ngo 1.22\nrequire a.b/c master\n', '');
    const c = r.components.find((x) => x.name === 'a.b/c');
    expect(c).toMatchObject({ version: '', purl: 'pkg:golang/a.b/c', properties: [{ name: 'declared-range', value: 'master' }] });
    expect(r.findings.find((f) => f.rule === 'go.unpinned')?.line).toBe(3);
  });

  it('no go line: stdlib without a version and a warning', () => {
    const r = run('module m\n');
    expect(r.components.find((c) => c.name === 'stdlib')).toMatchObject({ version: '', purl: 'pkg:golang/stdlib' });
    expect(r.findings.map((f) => [f.rule, f.severity])).toEqual([['go.toolchain-unknown', 'warning']]);
  });

  it('throws a TureenError with the line for what go itself refuses', () => {
    const line = (text: string) => {
      try {
        run(text);
      } catch (e) {
        expect(e).toBeInstanceOf(TureenError);
        return (e as TureenError).place?.line;
      }
      return 'no error';
    };
    expect(line('go 1.22\n')).toBeUndefined(); // no module line
    expect(line('module m\nrequire (\n  a.b/c v1.0.0\n')).toBe(2);
    expect(line('module m\nrequire a.b/c\n')).toBe(2);
    expect(line('module m\nreplace a.b/c => d.e/f\n')).toBe(2);
    expect(line('module m\nreplace a.b/c => ./x v1.0.0\n')).toBe(2);
    expect(line('module m\nrequire "a.b/c v1.0.0\n')).toBe(2);
  });
});
