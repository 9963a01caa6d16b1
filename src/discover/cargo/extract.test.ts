import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Component } from '../../model/component.js';
import { TureenError } from '../../model/errors.js';
import { extractCargoLock, gitSource, satisfiesCargo } from './extract.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const CORPUS = join(import.meta.dirname, '../../../test/fixtures/corpus/cargo');

/** Every file of a fixture folder, by path relative to it. */
function files(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string, rel: string) => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      const r = rel ? `${rel}/${e}` : e;
      if (statSync(p).isDirectory()) walk(p, r);
      else out.set(r, readFileSync(p, 'utf8'));
    }
  };
  walk(dir, '');
  return out;
}

function scanCase(name: string, withManifests = true) {
  const all = files(join(FIXTURES, name));
  const paths = [...all.keys()].filter((p) => p.endsWith('Cargo.toml'));
  return extractCargoLock({
    file: 'Cargo.lock',
    text: all.get('Cargo.lock') as string,
    ...(withManifests ? { manifests: { paths, get: (p: string) => all.get(p) } } : {}),
  });
}

/** name@version lines that the real `cargo tree` printed (see fixtures/README.md). */
const tree = (name: string, which: string) => readFileSync(join(FIXTURES, name, `tree-${which}.txt`), 'utf8').trim().split('\n').sort();
const ids = (cs: Component[]) => [...new Set(cs.map((c) => `${c.name}@${c.version}`))].sort();
const minus = (a: string[], b: string[]) => a.filter((x) => !b.includes(x));

describe('Cargo.lock v1–v4 written by cargo 1.95, compared with `cargo tree`', () => {
  const keysByVersion: string[][] = [];
  for (const v of [1, 2, 3, 4]) {
    const name = `registry-v${v}`;
    describe(name, () => {
      const { components, findings } = scanCase(name);
      const lockText = readFileSync(join(FIXTURES, name, 'Cargo.lock'), 'utf8');
      const firstParty = components.filter((c) => c.firstParty);
      const soup = components.filter((c) => !c.firstParty);
      keysByVersion.push(components.map((c) => c.key).sort());

      it('lists every package `cargo tree -e all` shows, the project itself as first-party', () => {
        expect(ids(components)).toEqual(tree(name, 'all'));
        expect(ids(firstParty)).toEqual(['app@1.0.0']);
        expect(findings).toEqual([]);
      });

      it('decides runtime / optional / build / development as `cargo tree -e` per edge kind does', () => {
        const runtime = ids(soup.filter((c) => c.scope === 'runtime'));
        const shipped = ids(soup.filter((c) => c.scope === 'runtime' || c.scope === 'optional'));
        const notDev = ids(soup.filter((c) => c.scope !== 'development'));
        expect(runtime).toEqual(minus(tree(name, 'normal'), ['app@1.0.0']));
        expect(shipped).toEqual(minus(tree(name, 'normal-all-features'), ['app@1.0.0']));
        expect(notDev).toEqual(minus(tree(name, 'normal-build'), ['app@1.0.0']));
        // hand-checked against the Cargo.toml: cc is the one build-dependency, proptest (and its rand 0.8) dev
        expect(ids(soup.filter((c) => c.scope === 'build'))).toEqual(['cc@1.0.83']);
        expect(ids(soup.filter((c) => c.scope === 'development'))).toEqual(['proptest@1.4.0', 'rand@0.8.5']);
      });

      it('keeps each registry checksum as a SHA-256 hash', () => {
        // independent: every 64-hex string in the file is one package's checksum (v1: in [metadata])
        const sums = [...lockText.matchAll(/"([0-9a-f]{64})"/g)].map((m) => m[1]).sort();
        expect(sums).toHaveLength(8);
        expect(soup.flatMap((c) => c.hashes.map((h) => { expect(h.alg).toBe('SHA-256'); return h.content; })).sort()).toEqual(sums);
      });

      it('reads the git dependency as origin git at the locked commit', () => {
        const commit = /#([0-9a-f]{40})"/.exec(lockText)?.[1] as string;
        const t = components.find((c) => c.name === 'telemetry');
        expect(t?.origin).toEqual({ type: 'git', url: 'file:///tmp/tureen-cargo-registry/gitdep', ref: commit });
        expect(decodeURIComponent(t?.purl ?? '')).toBe(`pkg:cargo/telemetry@2.1.0?vcs_url=git+file:///tmp/tureen-cargo-registry/gitdep#${commit}`);
        expect(t?.properties).toEqual([{ name: 'cargo:git-ref', value: 'tag=v2.1.0' }]);
        expect(t?.scope).toBe('runtime');
      });

      it('marks as direct exactly the dependencies Cargo.toml declares', () => {
        expect(ids(soup.filter((c) => c.direct))).toEqual(['cc@1.0.83', 'log@0.4.20', 'proptest@1.4.0', 'rand@0.7.3', 'serde@1.0.190', 'telemetry@2.1.0']);
      });

      it('places each package at the line of its name in Cargo.lock', () => {
        const lines = lockText.split('\n');
        for (const c of components) {
          const line = c.evidence[0]?.line as number;
          expect(lines[line - 1]).toBe(`name = "${c.name}"`);
          expect(lines[line]).toBe(`version = "${c.version}"`);
        }
      });

      it('produces components that satisfy the model', () => {
        for (const c of components) expect(Component.safeParse(c).success, c.key).toBe(true);
      });
    });
  }

  it('gives the same identities whatever the lockfile version', () => {
    for (const keys of keysByVersion.slice(1)) expect(keys).toEqual(keysByVersion[0]);
  });
});

describe('a cargo workspace (v4): members, path packages, dev/build dependencies between members', () => {
  const name = 'workspace-v4';
  const { components, findings } = scanCase(name);
  const members = readFileSync(join(FIXTURES, name, 'workspace-members.txt'), 'utf8').trim().split('\n').sort();
  const soup = components.filter((c) => !c.firstParty);

  it('makes first-party exactly the members `cargo metadata` lists', () => {
    expect(ids(components.filter((c) => c.firstParty))).toEqual(members);
    expect(ids(components)).toEqual(tree(name, 'all'));
    expect(findings).toEqual([]);
  });

  it('decides scopes as `cargo tree -e` per edge kind does', () => {
    expect(ids(soup.filter((c) => c.scope === 'runtime'))).toEqual(minus(tree(name, 'normal'), members));
    expect(ids(soup.filter((c) => c.scope === 'runtime' || c.scope === 'optional'))).toEqual(minus(tree(name, 'normal-all-features'), members));
    expect(ids(soup.filter((c) => c.scope !== 'development'))).toEqual(minus(tree(name, 'normal-build'), members));
  });

  it('gives path packages outside the workspace origin file with their folder, members origin workspace', () => {
    expect(soup.find((c) => c.name === 'codegen')?.origin).toEqual({ type: 'file', ref: 'vendor/codegen' });
    // helper is only known from codegen's own Cargo.toml
    expect(soup.find((c) => c.name === 'helper')?.origin).toEqual({ type: 'file', ref: 'vendor/helper' });
    expect(components.find((c) => c.name === 'pump-cli')?.origin).toEqual({ type: 'workspace', ref: 'crates/cli' });
    expect(components.find((c) => c.name === 'pump-app')?.origin).toEqual({ type: 'workspace', ref: '.' });
  });

  it('without the Cargo.toml files: every package runtime, and an info finding that says why', () => {
    const r = scanCase(name, false);
    expect(r.findings.map((f) => [f.rule, f.severity])).toEqual([['cargo.no-manifest', 'info']]);
    expect(r.components.every((c) => c.scope === 'runtime')).toBe(true);
    // all packages without a source count as the project's own then
    expect(r.components.every((c) => c.firstParty)).toBe(true);
  });
});

describe('a crate replaced through [patch.crates-io] by a local folder (cargo 1.95, v4)', () => {
  const name = 'patched-v4';
  const { components, findings } = scanCase(name);

  it('lists what `cargo tree` lists, the patched crate from its folder, not first-party, with a cargo.patched note', () => {
    expect(ids(components)).toEqual(tree(name, 'all'));
    expect(ids(components.filter((c) => c.scope === 'runtime' && !c.firstParty))).toEqual(minus(tree(name, 'normal'), ['app@1.0.0']));
    const log = components.find((c) => c.name === 'log');
    expect(log).toMatchObject({ firstParty: false, origin: { type: 'file', ref: 'patches/log' }, hashes: [] });
    expect(findings.map((f) => [f.rule, f.item])).toEqual([['cargo.patched', 'pkg:cargo/log@0.4.20']]);
  });
});

describe('a real Cargo.lock: makers-for-life/makair-control-ui (ventilator UI), v3, with its Cargo.toml', () => {
  const lockText = readFileSync(join(CORPUS, 'makers-for-life__makair-control-ui__Cargo.lock'), 'utf8');
  const tomlText = readFileSync(join(CORPUS, 'makers-for-life__makair-control-ui__Cargo.toml'), 'utf8');
  const { components, findings } = extractCargoLock({
    file: 'Cargo.lock',
    text: lockText,
    manifests: { paths: ['Cargo.toml'], get: (p) => (p === 'Cargo.toml' ? tomlText : undefined) },
  });

  it('lists the 230 packages: 227 from crates.io, 2 from git, 1 root (SOURCES.md)', () => {
    expect(components).toHaveLength(230);
    expect(components.filter((c) => c.origin.type === 'registry')).toHaveLength(227);
    expect(components.filter((c) => c.origin.type === 'git')).toHaveLength(2);
    expect(components.filter((c) => c.firstParty).map((c) => c.name)).toEqual(['makair-control']);
    expect(findings).toEqual([]);
  });

  it('has one SHA-256 per checksum line', () => {
    expect(components.flatMap((c) => c.hashes)).toHaveLength(lockText.match(/^checksum = /gm)?.length ?? -1);
  });

  it('marks the 23 [dependencies] direct, the two optional ones (off by default) and what only they bring optional', () => {
    expect(components.filter((c) => c.direct)).toHaveLength(23);
    // independent: a BFS over the lockfile's dependency names (regex-read) from the root without the optional deps
    const deps = new Map<string, string[]>();
    for (const block of lockText.split('[[package]]').slice(1)) {
      const n = /name = "([^"]+)"/.exec(block)?.[1] as string;
      const v = /version = "([^"]+)"/.exec(block)?.[1] as string;
      const list = [...(/dependencies = \[([^\]]*)\]/.exec(block)?.[1] ?? '').matchAll(/"([^"]+)"/g)].map((m) => m[1] as string);
      deps.set(`${n} ${v}`, list);
    }
    const keyOf = (ref: string) => {
      const [n, v] = ref.split(' ');
      return [...deps.keys()].find((k) => (v ? k === `${n} ${v}` : k.startsWith(`${n} `))) as string;
    };
    const seen = new Set<string>();
    const queue = (deps.get('makair-control 2.4.0') ?? []).filter((r) => !/^(rn2903|sysfs_gpio)\b/.test(r)).map(keyOf);
    for (const k of queue) {
      if (seen.has(k)) continue;
      seen.add(k);
      queue.push(...(deps.get(k) ?? []).map(keyOf));
    }
    const runtime = components.filter((c) => c.scope === 'runtime' && !c.firstParty).map((c) => `${c.name} ${c.version}`).sort();
    expect(runtime).toEqual([...seen].sort());
    const optional = components.filter((c) => c.scope === 'optional').map((c) => c.name).sort();
    expect(optional).toContain('rn2903');
    expect(optional).toContain('sysfs_gpio');
    expect(runtime.length + optional.length).toBe(229);
  });

  it('reads the two git sources: by tag and by rev', () => {
    const tele = components.find((c) => c.name === 'makair-telemetry');
    expect(tele?.origin).toEqual({ type: 'git', url: 'https://github.com/makers-for-life/makair-telemetry', ref: 'f644c7952faadb8370022a391937f9d1d208b6dc' });
    const rn = components.find((c) => c.name === 'rn2903');
    expect(rn?.properties).toEqual([{ name: 'cargo:git-ref', value: 'rev=b086057ba096920abef3870ad0cefa2c80a343e2' }]);
  });
});

describe('helpers', () => {
  it('reads cargo version requirements', () => {
    expect(satisfiesCargo('0.8.5', '0.8')).toBe(true);
    expect(satisfiesCargo('0.7.3', '0.8')).toBe(false);
    expect(satisfiesCargo('1.2.3', '>=1, <2')).toBe(true);
    expect(satisfiesCargo('1.2.3', '=1.2.3')).toBe(true);
  });

  it('splits git sources, v4 percent-encoding included', () => {
    expect(gitSource('git+https://h/r?branch=feat%2Fx#0123456789abcdef0123456789abcdef01234567')).toEqual({ url: 'https://h/r', ref: 'branch=feat/x', commit: '0123456789abcdef0123456789abcdef01234567' });
    expect(gitSource('git+https://h/r')).toEqual({ url: 'https://h/r', ref: '', commit: '' });
  });

  it('resolves "name version (source)" references when a crate is there twice', () => {
    const text = `version = 3
[[package]]
name = "app"
version = "0.1.0"
dependencies = ["rand 0.7.3", "rand 0.8.5 (registry+https://github.com/rust-lang/crates.io-index)"]
[[package]]
name = "rand"
version = "0.7.3"
source = "registry+https://github.com/rust-lang/crates.io-index"
[[package]]
name = "rand"
version = "0.8.5"
source = "registry+https://github.com/rust-lang/crates.io-index"
`;
    const r = extractCargoLock({ file: 'Cargo.lock', text });
    expect(r.components.find((c) => c.name === 'app')?.dependencies.sort()).toEqual(['pkg:cargo/rand@0.7.3', 'pkg:cargo/rand@0.8.5']);
  });

  it('reads the oldest v1 shape, with the root package in a [root] table (written from the format)', () => {
    const text = `[root]
name = "app"
version = "0.1.0"
dependencies = [
 "libc 0.2.18 (registry+https://github.com/rust-lang/crates.io-index)",
]

[[package]]
name = "libc"
version = "0.2.18"
source = "registry+https://github.com/rust-lang/crates.io-index"

[metadata]
"checksum libc 0.2.18 (registry+https://github.com/rust-lang/crates.io-index)" = "a51822fc847e7a8101514d1d44e354ba2ffa7d4c194dcab48870740e327cac70"
`;
    const r = extractCargoLock({ file: 'Cargo.lock', text, manifests: { paths: ['Cargo.toml'], get: (p) => (p === 'Cargo.toml' ? '[package]\nname = "app"\nversion = "0.1.0"\n[dependencies]\nlibc = "0.2"\n' : undefined) } });
    expect(r.findings).toEqual([]);
    expect(r.components.map((c) => [c.name, c.firstParty, c.direct, c.evidence[0]?.line, c.hashes.length])).toEqual([['app', true, false, 2, 0], ['libc', false, true, 9, 1]]);
  });

  it('warns about a reference the lockfile does not list, and about a newer lockfile version', () => {
    const r = extractCargoLock({ file: 'Cargo.lock', text: 'version = 9\n[[package]]\nname = "a"\nversion = "1.0.0"\ndependencies = ["ghost"]\n' });
    expect(r.findings.map((f) => f.rule).sort()).toEqual(['cargo.lockfile-version', 'cargo.no-manifest', 'cargo.unresolved']);
    expect(r.findings.find((f) => f.rule === 'cargo.unresolved')?.line).toBe(3);
  });

  it('throws a TureenError with the line for broken TOML, and with the key for a wrong shape', () => {
    const e1 = (() => { try { extractCargoLock({ file: 'Cargo.lock', text: '[[package]]\nname = "a"\nversion = \n' }); } catch (e) { return e; } })();
    expect(e1).toBeInstanceOf(TureenError);
    expect((e1 as TureenError).place?.line).toBe(3);
    expect(() => extractCargoLock({ file: 'Cargo.lock', text: '[[package]]\nname = 1\nversion = "1"\n' })).toThrow(/package\.\[0\]\.name|package/);
  });
});
