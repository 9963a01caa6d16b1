import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Component } from '../../model/component.js';
import { memoryRepo } from '../source.js';
import { source } from './index.js';
import { extractCargoManifest } from './manifest-only.js';

const CORPUS = join(import.meta.dirname, '../../../test/fixtures/corpus/cargo');
const TOML = readFileSync(join(CORPUS, 'makers-for-life__makair-control-ui__Cargo.toml'), 'utf8');

describe('a Cargo.toml that no Cargo.lock covers (the corpus Cargo.toml alone)', () => {
  const { components, findings } = extractCargoManifest({ file: 'Cargo.toml', text: TOML });
  // independent: the key of every line of the [dependencies] table
  const section = TOML.slice(TOML.indexOf('[dependencies]'), TOML.indexOf('[features]'));
  const keys = [...section.matchAll(/^([A-Za-z0-9_-]+) = /gm)].map((m) => m[1] as string);

  it('lists the package first-party and the 23 declared dependencies with their requirement, not a version', () => {
    expect(keys).toHaveLength(23);
    expect(components.filter((c) => c.firstParty).map((c) => `${c.name}@${c.version}`)).toEqual(['makair-control@2.4.0']);
    const deps = components.filter((c) => !c.firstParty);
    expect(deps.map((c) => c.name).sort()).toEqual([...keys].sort());
    expect(deps.every((c) => c.version === '' && c.direct)).toBe(true);
    expect(deps.find((c) => c.name === 'clap')?.properties).toEqual([{ name: 'declared-range', value: '2.33' }]);
    for (const c of components) expect(Component.safeParse(c).success, c.key).toBe(true);
  });

  it('scopes the two optional ones (off by default) optional, the rest runtime', () => {
    expect(components.filter((c) => c.scope === 'optional').map((c) => c.name).sort()).toEqual(['rn2903', 'sysfs_gpio']);
  });

  it('reads git dependencies: a rev is the commit, a tag is kept as the asked ref', () => {
    expect(components.find((c) => c.name === 'rn2903')?.origin).toEqual({ type: 'git', url: 'https://github.com/waxzce/lora-rust-rn2903-rn2483.git', ref: 'b086057ba096920abef3870ad0cefa2c80a343e2' });
    expect(components.find((c) => c.name === 'makair-telemetry')?.origin).toEqual({ type: 'git', url: 'https://github.com/makers-for-life/makair-telemetry' });
  });

  it('warns per dependency at its line, and once that the transitive crates are missing', () => {
    const lines = TOML.split('\n');
    const unpinned = findings.filter((f) => f.rule === 'cargo.unpinned');
    expect(unpinned).toHaveLength(23);
    for (const f of unpinned) expect(lines[(f.line as number) - 1]).toMatch(/^[A-Za-z0-9_-]+ = /);
    expect(findings.filter((f) => f.rule === 'cargo.no-lockfile')).toHaveLength(1);
  });
});

describe('the cargo source picks Cargo.toml only where no Cargo.lock covers it', () => {
  const files: Record<string, string> = {};
  const walk = (d: string, rel: string) => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      const r = rel ? `${rel}/${e}` : e;
      if (statSync(p).isDirectory()) walk(p, r);
      else files[r] = readFileSync(p, 'utf8');
    }
  };
  walk(join(import.meta.dirname, 'fixtures', 'workspace-v4'), '');

  it('with the lockfile: only Cargo.lock', () => {
    const repo = memoryRepo(files);
    expect(repo.files.filter((f) => source.matches(f, repo))).toEqual(['Cargo.lock']);
  });

  it('without it: every Cargo.toml, members first-party, path dependencies left to their own Cargo.toml', () => {
    const { 'Cargo.lock': _lock, ...rest } = files;
    const repo = memoryRepo(rest);
    const matched = repo.files.filter((f) => source.matches(f, repo));
    expect(matched).toHaveLength(Object.keys(rest).filter((f) => f.endsWith('Cargo.toml')).length);
    const results = matched.map((f) => source.extract(f, repo));
    expect(results.flatMap((r) => r.findings)).toEqual([]);
    expect(results.flatMap((r) => r.components).every((c) => c.firstParty)).toBe(true);
  });

  it('a member inherits `workspace = true` dependencies from the workspace root above it', () => {
    const repo = memoryRepo({
      'Cargo.toml': '[workspace]\nmembers = ["m"]\n[workspace.dependencies]\nserde = { version = "1.0.190", optional = true }\n',
      'm/Cargo.toml': '[package]\nname = "m"\nversion = "0.1.0"\n[dependencies]\nserde = { workspace = true }\n[build-dependencies]\ncc = "1"\n',
    });
    expect(source.matches('m/Cargo.toml', repo)).toBe(true);
    const r = source.extract('m/Cargo.toml', repo);
    expect(r.components.find((c) => c.name === 'serde')).toMatchObject({ scope: 'optional', properties: [{ name: 'declared-range', value: '1.0.190' }], evidence: [{ line: 5 }] });
    expect(r.components.find((c) => c.name === 'cc')?.scope).toBe('build');
  });
});
