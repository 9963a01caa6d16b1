import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TureenError } from '../../model/errors.js';
import { memoryRepo } from '../source.js';
import { source } from './index.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');

function caseFiles(name: string, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, rel: string) => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      const r = rel ? `${rel}/${e}` : e;
      if (statSync(p).isDirectory()) walk(p, r);
      else out[`${prefix}${r}`] = readFileSync(p, 'utf8');
    }
  };
  walk(join(FIXTURES, name), '');
  return out;
}

describe('cargo source', () => {
  it('reads Cargo.lock anywhere but in build output and vendored crates', () => {
    const repo = memoryRepo({ 'third_party/vendor/foo/.cargo-checksum.json': '{}', 'Cargo.lock': '' });
    expect(source.matches('Cargo.lock', repo)).toBe(true);
    expect(source.matches('firmware/tools/Cargo.lock', repo)).toBe(true);
    expect(source.matches('target/package/x/Cargo.lock', repo)).toBe(false);
    expect(source.matches('third_party/vendor/foo/Cargo.lock', repo)).toBe(false);
    expect(source.matches('Cargo.toml', repo)).toBe(false); // covered by the Cargo.lock beside it
    expect(source.matches('Cargo.toml')).toBe(false); // without the repository it cannot tell
    expect(source.matches('Cargo.lock.orig', repo)).toBe(false);
  });

  it('finds the workspace members through the repository, below the lockfile folder', () => {
    const repo = memoryRepo(caseFiles('workspace-v4', 'rust/'));
    const r = source.extract('rust/Cargo.lock', repo);
    expect(r.findings).toEqual([]);
    const members = readFileSync(join(FIXTURES, 'workspace-v4', 'workspace-members.txt'), 'utf8').trim().split('\n');
    expect(r.components.filter((c) => c.firstParty).map((c) => `${c.name}@${c.version}`).sort()).toEqual(members);
    expect(r.components.find((c) => c.name === 'pump-cli')?.origin).toEqual({ type: 'workspace', ref: 'rust/crates/cli' });
    expect(r.components.find((c) => c.name === 'devtool')?.scope).toBe('development');
    expect(r.components.find((c) => c.name === 'codegen')?.scope).toBe('build');
    // line 34 of the lockfile is `name = "pump-cli"` (counted by hand), line 1 of its Cargo.toml `[package]`
    const cli = r.components.find((c) => c.name === 'pump-cli');
    expect(cli?.evidence.map((e) => [e.file, e.line])).toEqual([['rust/Cargo.lock', 34], ['rust/crates/cli/Cargo.toml', 1]]);
  });

  it('throws a TureenError for a lockfile it cannot read', () => {
    expect(() => source.extract('Cargo.lock', memoryRepo({}))).toThrow(TureenError);
    expect(() => source.extract('Cargo.lock', memoryRepo({ 'Cargo.lock': '[[package]\n' }))).toThrow(TureenError);
  });

  it('reports a member Cargo.toml it cannot parse, and still lists the lockfile', () => {
    const files = caseFiles('workspace-v4', '');
    files['crates/cli/Cargo.toml'] = '[package\nname = "pump-cli"\n';
    const r = source.extract('Cargo.lock', memoryRepo(files));
    expect(r.findings.map((f) => [f.rule, f.file])).toEqual([['cargo.manifest-unreadable', 'crates/cli/Cargo.toml']]);
    expect(r.components).toHaveLength(11);
  });
});
