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
