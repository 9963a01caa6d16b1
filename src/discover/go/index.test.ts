import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TureenError } from '../../model/errors.js';
import { mergeComponents } from '../merge.js';
import { memoryRepo } from '../source.js';
import { source } from './index.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const fx = (...p: string[]) => readFileSync(join(FIXTURES, ...p), 'utf8');

describe('go source', () => {
  it('reads go.mod files but not those Go ignores (vendor/, testdata/, _ and . folders)', () => {
    expect(source.matches('go.mod')).toBe(true);
    expect(source.matches('services/api/go.mod')).toBe(true);
    expect(source.matches('vendor/github.com/x/y/go.mod')).toBe(false);
    expect(source.matches('pkg/parser/testdata/go.mod')).toBe(false);
    expect(source.matches('_examples/go.mod')).toBe(false);
    expect(source.matches('.github/go.mod')).toBe(false);
    expect(source.matches('go.sum')).toBe(false);
    expect(source.matches('go.mod.bak')).toBe(false);
  });

  it('reads the go.sum beside the go.mod', () => {
    const repo = memoryRepo({ 'modules/image/go.mod': fx('risor-image', 'go.mod'), 'modules/image/go.sum': fx('risor-image', 'go.sum') });
    const r = source.extract('modules/image/go.mod', repo);
    expect(r.findings.map((f) => f.rule)).toEqual(['go.local-replace']);
    expect(r.components.find((c) => c.name === 'github.com/risor-io/risor')?.origin).toEqual({ type: 'file', ref: '.' });
  });

  describe('a go.work workspace (written from the go.work reference)', () => {
    const repo = memoryRepo({
      'fw/go.work': fx('workspace', 'go.work'),
      'fw/svc/go.mod': fx('workspace', 'svc', 'go.mod'),
      'fw/svc/go.sum': fx('workspace', 'svc', 'go.sum'),
      'fw/lib/go.mod': fx('workspace', 'lib', 'go.mod'),
    });
    const svc = source.extract('fw/svc/go.mod', repo);
    const lib = source.extract('fw/lib/go.mod', repo);

    it('makes the other used module first-party, and applies the go.work replace', () => {
      expect(svc.findings).toEqual([]);
      expect(svc.components.find((c) => c.name === 'example.com/pump/lib')).toMatchObject({ firstParty: true, version: '', origin: { type: 'workspace', ref: 'fw/lib' } });
      const sdk = svc.components.find((c) => c.name === 'github.com/vendor/sdk');
      expect(sdk).toMatchObject({ version: '1.4.1', firstParty: false, evidence: [{ file: 'fw/svc/go.mod', line: 7 }, { file: 'fw/go.work', line: 10 }] });
    });

    it("takes the standard library from go.work's toolchain, for every module it uses", () => {
      for (const r of [svc, lib]) expect(r.components.find((c) => c.name === 'stdlib')?.version).toBe('1.23.4');
      expect(lib.findings).toEqual([]);
    });

    it('gives the used module one identity whether it is read as required or as a main module', () => {
      const merged = mergeComponents([...svc.components, ...lib.components]);
      expect(merged.filter((c) => c.name === 'example.com/pump/lib')).toHaveLength(1);
      expect(merged.filter((c) => c.firstParty).map((c) => c.name).sort()).toEqual(['example.com/pump/lib', 'example.com/pump/svc']);
    });

    it('ignores a go.work that does not use the module', () => {
      const other = memoryRepo({ 'go.work': 'go 1.23\nuse ./a\n', 'b/go.mod': 'module b\ngo 1.23\nrequire example.com/pump/lib v0.1.0\n' });
      const r = source.extract('b/go.mod', other);
      expect(r.components.find((c) => c.name === 'example.com/pump/lib')?.firstParty).toBe(false);
    });
  });

  it('throws a TureenError for a go.mod it cannot read', () => {
    expect(() => source.extract('go.mod', memoryRepo({}))).toThrow(TureenError);
    expect(() => source.extract('go.mod', memoryRepo({ 'go.mod': 'require (\n' }))).toThrow(TureenError);
  });
});

describe('vendor/modules.txt', () => {
  const files = (dir: string) => ({
    [`${dir}go.mod`]: fx('hexagon-vendor', 'go.mod'),
    [`${dir}vendor/modules.txt`]: fx('hexagon-vendor', 'vendor', 'modules.txt'),
  });

  it('marks the vendored modules (a real go.mod + modules.txt: 3 modules, hand-counted)', () => {
    const r = source.extract('svc/go.mod', memoryRepo(files('svc/')));
    const vendored = r.components.filter((c) => c.properties?.some((p) => p.name === 'go:vendored' && p.value === 'true'));
    expect(vendored.map((c) => `${c.name}@${c.version}`).sort()).toEqual(['github.com/BurntSushi/toml@1.2.0', 'github.com/jinzhu/configor@1.2.2', 'gopkg.in/yaml.v3@3.0.1']);
    // modules.txt line 5 is "# github.com/jinzhu/configor v1.2.2"
    expect(vendored.find((c) => c.name === 'github.com/jinzhu/configor')?.evidence).toEqual([
      { file: 'svc/go.mod', line: 5, source: 'go' },
      { file: 'svc/vendor/modules.txt', line: 5, source: 'go' },
    ]);
    expect(r.findings.map((f) => f.rule).sort()).toEqual(['go.missing-sum', 'go.toolchain-unknown']);
  });

  it('warns when go.mod requires what modules.txt does not list (go build refuses: inconsistent vendoring)', () => {
    const f = files('');
    f['go.mod'] = f['go.mod']?.replace('v1.2.2', 'v1.2.3') as string;
    const r = source.extract('go.mod', memoryRepo(f));
    expect(r.findings.filter((x) => x.rule === 'go.vendor-inconsistent').map((x) => x.item)).toEqual(['pkg:golang/github.com/jinzhu/configor@v1.2.3']);
  });

  it('before go 1.17: adds the vendored modules go.mod does not name; without vendor, warns that go.mod is incomplete', () => {
    const old = 'module m\n\ngo 1.16\n\nrequire github.com/jinzhu/configor v1.2.2\n';
    const r = source.extract('go.mod', memoryRepo({ 'go.mod': old, 'vendor/modules.txt': fx('hexagon-vendor', 'vendor', 'modules.txt') }));
    expect(r.components.filter((c) => !c.firstParty && c.name !== 'stdlib').map((c) => c.name).sort()).toEqual(['github.com/BurntSushi/toml', 'github.com/jinzhu/configor', 'gopkg.in/yaml.v3']);
    expect(r.findings.map((f) => f.rule)).not.toContain('go.vendor-inconsistent');
    const bare = source.extract('go.mod', memoryRepo({ 'go.mod': old }));
    expect(bare.findings.find((f) => f.rule === 'go.incomplete-requires')).toMatchObject({ severity: 'warning', line: 3 });
  });
});
