import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import type { Scope } from '../../model/component.js';
import { isTureenError } from '../../model/errors.js';
import { extractPnpmLock } from './extract.js';

const FIX = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const REAL = ['ws-v5.4-pnpm7', 'ws-v6.0-pnpm8', 'ws-v9.0-pnpm9'].map((c) => readFileSync(join(FIX, c, 'pnpm-lock.yaml'), 'utf8'));

/** The parser's whole contract on bad input: a result, or a TureenError; never another exception. */
function resultOrTureenError(text: string): 'result' | 'error' {
  try {
    extractPnpmLock(text, 'pnpm-lock.yaml');
    return 'result';
  } catch (e) {
    if (isTureenError(e)) return 'error';
    throw e;
  }
}

describe('pnpm lockfile parser: any input gives a result or a TureenError', () => {
  it('arbitrary strings', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.lorem()), (s) => void resultOrTureenError(s)), { numRuns: 300 });
  });

  it('YAML-looking junk after a real header', () => {
    const line = fc.oneof(fc.string(), fc.constantFrom('packages:', 'snapshots:', 'importers:', '  .:', '  a@1.0.0: {}', '    dependencies:', '      a: 1.0.0', "  '/a/1.0.0':", '- x', '&a b', '*a'));
    fc.assert(
      fc.property(fc.constantFrom("lockfileVersion: '9.0'", "lockfileVersion: '6.0'", 'lockfileVersion: 5.4'), fc.array(line, { maxLength: 12 }), (head, lines) => {
        resultOrTureenError([head, ...lines].join('\n'));
      }),
      { numRuns: 300 },
    );
  });

  it('truncations of real lockfiles (pnpm 7, 8, 9) at sampled points', () => {
    for (const text of REAL) {
      const step = Math.max(1, Math.floor(text.length / 100));
      for (let n = 0; n <= text.length; n += step) resultOrTureenError(text.slice(0, n));
      // and at every other line end, where a truncated file is still valid YAML but loses its tail
      let k = 0;
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) if (k++ % 2 === 0) resultOrTureenError(text.slice(0, i + 1));
    }
  });

  it('random YAML values in place of any field of a real lockfile', () => {
    const docs = REAL.map((t) => parseYaml(t) as unknown);
    const paths = docs.map((d) => allPaths(d));
    fc.assert(
      fc.property(fc.nat(docs.length - 1), fc.nat(), fc.jsonValue({ maxDepth: 3 }), (which, pick, value) => {
        const list = paths[which] as string[][];
        const path = list[pick % list.length] as string[];
        const doc = structuredClone(docs[which]);
        setAt(doc, path, value);
        resultOrTureenError(stringifyYaml(doc));
      }),
      { numRuns: 300 },
    );
  });
});

/** Every path of keys in a parsed YAML tree (maps only), root excluded. */
function allPaths(v: unknown, prefix: string[] = [], out: string[][] = []): string[][] {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    for (const k of Object.keys(v)) {
      const p = [...prefix, k];
      out.push(p);
      allPaths((v as Record<string, unknown>)[k], p, out);
    }
  }
  return out;
}

function setAt(root: unknown, path: readonly string[], value: unknown): void {
  let cur = root as Record<string, unknown>;
  for (const k of path.slice(0, -1)) cur = cur[k] as Record<string, unknown>;
  Object.defineProperty(cur, path[path.length - 1] as string, { value, enumerable: true, writable: true, configurable: true });
}

// ------------------------------------------------------------------------------------------------
// Scope on random dependency graphs, written in the three lockfile syntaxes, against a plain
// breadth-first computation of what a production install (`pnpm install --prod`) would skip.

type Kind = 'prod' | 'optional' | 'dev';
interface RandomGraph {
  n: number;
  importerDeps: Array<{ importer: 0 | 1; to: number; kind: Kind }>;
  edges: Array<{ from: number; to: number; kind: Exclude<Kind, 'dev'> }>;
}

const randomGraph: fc.Arbitrary<RandomGraph> = fc.integer({ min: 1, max: 12 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    importerDeps: fc.uniqueArray(fc.record({ importer: fc.constantFrom(0 as const, 1 as const), to: fc.nat(n - 1), kind: fc.constantFrom<Kind>('prod', 'optional', 'dev') }), {
      maxLength: 6,
      selector: (d) => `${d.importer}:${d.to}`,
    }),
    edges: fc.uniqueArray(fc.record({ from: fc.nat(n - 1), to: fc.nat(n - 1), kind: fc.constantFrom<'prod' | 'optional'>('prod', 'optional') }), {
      maxLength: 20,
      selector: (e) => `${e.from}:${e.to}`,
    }),
  }),
);

/** Names chosen to be hostile as object keys and paths. */
const NAMES = ['__proto__', 'constructor', '../../x', '@s/a', 'toString', 'b', 'c_d', '@s/__proto__', 'hasOwnProperty', 'e', 'f', 'g'];

function expectedScopes(g: RandomGraph): Map<string, Scope | 'unreachable'> {
  const reach = (kinds: Kind[]) => {
    const seen = new Set<number>();
    const queue = g.importerDeps.filter((d) => kinds.includes(d.kind)).map((d) => d.to);
    while (queue.length) {
      const x = queue.shift() as number;
      if (seen.has(x)) continue;
      seen.add(x);
      for (const e of g.edges) if (e.from === x && kinds.includes(e.kind)) queue.push(e.to);
    }
    return seen;
  };
  const runtime = reach(['prod']);
  const nonDev = reach(['prod', 'optional']);
  const all = reach(['prod', 'optional', 'dev']);
  const out = new Map<string, Scope | 'unreachable'>();
  for (let i = 0; i < g.n; i++) {
    out.set(NAMES[i] as string, runtime.has(i) ? 'runtime' : nonDev.has(i) ? 'optional' : all.has(i) ? 'development' : 'unreachable');
  }
  return out;
}

const FIELD: Record<Kind, string> = { prod: 'dependencies', optional: 'optionalDependencies', dev: 'devDependencies' };

function render(g: RandomGraph, syntax: 'v5' | 'v6' | 'v9'): string {
  const name = (i: number) => NAMES[i] as string;
  const key = (i: number) => (syntax === 'v5' ? `/${name(i)}/1.0.${i}` : syntax === 'v6' ? `/${name(i)}@1.0.${i}` : `${name(i)}@1.0.${i}`);
  const importers = new Map<string, Map<string, Map<string, unknown>>>([
    ['.', new Map()],
    ['packages/a', new Map()],
  ]);
  for (const d of g.importerDeps) {
    const imp = importers.get(d.importer === 0 ? '.' : 'packages/a') as Map<string, Map<string, unknown>>;
    const field = FIELD[d.kind];
    if (!imp.has(field)) imp.set(field, new Map());
    (imp.get(field) as Map<string, unknown>).set(name(d.to), syntax === 'v5' ? `1.0.${d.to}` : { specifier: `1.0.${d.to}`, version: `1.0.${d.to}` });
    if (syntax === 'v5') {
      if (!imp.has('specifiers')) imp.set('specifiers', new Map());
      (imp.get('specifiers') as Map<string, unknown>).set(name(d.to), `1.0.${d.to}`);
    }
  }
  const graphEntries = new Map<string, Map<string, unknown>>();
  for (let i = 0; i < g.n; i++) {
    const entry = new Map<string, unknown>();
    for (const e of g.edges.filter((x) => x.from === i)) {
      const field = FIELD[e.kind];
      if (!entry.has(field)) entry.set(field, new Map());
      (entry.get(field) as Map<string, unknown>).set(name(e.to), `1.0.${e.to}`);
    }
    graphEntries.set(key(i), entry);
  }
  const packages = new Map<string, unknown>();
  for (let i = 0; i < g.n; i++) {
    const meta = new Map<string, unknown>([['resolution', { integrity: 'sha512-AAAA' }]]);
    if (syntax !== 'v9') for (const [k, v] of graphEntries.get(key(i)) as Map<string, unknown>) meta.set(k, v);
    packages.set(key(i), meta);
  }
  const doc = new Map<string, unknown>([
    ['lockfileVersion', syntax === 'v5' ? '5.4' : syntax === 'v6' ? '6.0' : '9.0'],
    ['importers', importers],
    ['packages', packages],
  ]);
  if (syntax === 'v9') doc.set('snapshots', graphEntries);
  return stringifyYaml(doc);
}

describe('scope on random graphs agrees with a plain reachability walk, in v5, v6 and v9 syntax', () => {
  it('runtime / optional / development / unreachable, hostile names included', () => {
    fc.assert(
      fc.property(randomGraph, (g) => {
        const expected = expectedScopes(g);
        for (const syntax of ['v5', 'v6', 'v9'] as const) {
          const r = extractPnpmLock(render(g, syntax), 'pnpm-lock.yaml');
          const got = new Map(r.components.filter((c) => !c.firstParty).map((c) => [c.name, c.scope]));
          expect(got.size, syntax).toBe(g.n);
          const unreachable = new Set(r.findings.filter((f) => f.rule === 'pnpm.unreachable').map((f) => f.item));
          for (const [n, s] of expected) {
            const c = r.components.find((x) => x.name === n && !x.firstParty);
            if (s === 'unreachable') {
              expect(got.get(n), `${syntax} ${n}`).toBe('runtime');
              expect(unreachable.has(c?.key), `${syntax} ${n}`).toBe(true);
            } else {
              expect(got.get(n), `${syntax} ${n}`).toBe(s);
              expect(unreachable.has(c?.key)).toBe(false);
            }
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});
