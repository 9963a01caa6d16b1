// Deterministic generator of a large, realistic npm lockfile (lockfileVersion 3) for the benchmark.
// Hand-written: no maintained library generates synthetic lockfiles; npm itself needs real packages on a registry.
//
// Shape, as npm writes it:
//   - a root entry ("") with dependencies, optionalDependencies and devDependencies, and a matching package.json;
//   - most packages hoisted to node_modules/<name>; some names in a second version nested under the package that
//     needs it (node_modules/a/node_modules/b), a few two levels deep;
//   - every entry has version, resolved, integrity (sha512 SRI), license; some have bin, engines, hasInstallScript;
//   - dependencies / optionalDependencies / peerDependencies with ranges that the copy npm's lookup finds (walking
//     up the node_modules folders) satisfies, including cycles;
//   - dev / optional / devOptional flags computed the way npm computes them: from reachability from the root.
// Usage: node bench/gen-npm-lock.mjs <out-dir> [packages=10000] [seed=62304]
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { prng } from './prng.mjs';


const WORDS = ['array', 'async', 'buffer', 'cache', 'chalk', 'color', 'core', 'debug', 'deep', 'diff', 'emit', 'escape',
  'event', 'fast', 'file', 'flat', 'glob', 'graceful', 'hash', 'http', 'is', 'json', 'lazy', 'lru', 'map', 'merge', 'mime',
  'minimal', 'node', 'object', 'once', 'parse', 'path', 'picker', 'plugin', 'pretty', 'promise', 'proxy', 'queue', 'read',
  'regex', 'resolve', 'safe', 'semver', 'shim', 'signal', 'source', 'stream', 'string', 'strip', 'sync', 'tiny', 'to',
  'type', 'unique', 'url', 'util', 'walk', 'which', 'wrap', 'yaml', 'zip'];
const SCOPES = ['babel', 'types', 'eslint', 'jest', 'rollup', 'esbuild', 'vitest', 'smithy', 'aws-sdk', 'octokit'];
const LICENSES = ['MIT', 'MIT', 'MIT', 'MIT', 'ISC', 'ISC', 'Apache-2.0', 'BSD-3-Clause', 'BSD-2-Clause', '0BSD', '(MIT OR Apache-2.0)'];

/**
 * @param {{ packages?: number, seed?: number }} [opts]
 * @returns {{ lockfile: string, packageJson: string, stats: { entries: number, nested: number, dev: number,
 *   optional: number, devOptional: number, prod: number, edges: number } }}
 */
export function generateNpmLock({ packages = 10_000, seed = 62304 } = {}) {
  const rnd = prng(seed);
  const int = (n) => Math.floor(rnd() * n);
  const pick = (xs) => xs[int(xs.length)];

  const nestedCount = Math.round(packages * 0.08);
  const top = packages - nestedCount;

  // Names: unique, ~15% scoped.
  const names = [];
  const seen = new Set();
  while (names.length < top) {
    const base = `${pick(WORDS)}-${pick(WORDS)}${rnd() < 0.3 ? `-${pick(WORDS)}` : ''}${rnd() < 0.2 ? int(10) : ''}`;
    const name = rnd() < 0.15 ? `@${pick(SCOPES)}/${base}` : base;
    if (!seen.has(name)) { seen.add(name); names.push(name); }
  }
  const version = () => {
    const major = rnd() < 0.25 ? 0 : 1 + int(rnd() < 0.8 ? 5 : 30);
    return [major, int(20), int(15)];
  };

  /** @type {Map<string, { name: string, v: number[], cat: 'prod'|'opt'|'dev', deps: Map<string, 'prod'|'optional'|'peer'> }>} */
  const entries = new Map();
  const topPath = (i) => `node_modules/${names[i]}`;
  for (let i = 0; i < top; i++) entries.set(topPath(i), { name: names[i], v: version(), cat: 'prod', deps: new Map() });

  // The root: its direct dependencies are the first names.
  const ROOT_PROD = 30;
  const ROOT_OPT = 3;
  const ROOT_DEV = 55;
  const root = { prod: [], opt: [], dev: [] };
  for (let i = 0; i < ROOT_PROD + ROOT_OPT + ROOT_DEV; i++) {
    const cat = i < ROOT_PROD ? 'prod' : i < ROOT_PROD + ROOT_OPT ? 'opt' : 'dev';
    entries.get(topPath(i)).cat = cat;
    root[cat].push(i);
  }
  const byCat = { prod: [...root.prod], opt: [...root.opt], dev: [...root.dev] };

  // A spanning tree so that every name is installed for a reason: each later name is a dependency of an earlier one
  // and inherits its part of the tree (production, optional or development).
  for (let i = ROOT_PROD + ROOT_OPT + ROOT_DEV; i < top; i++) {
    const parent = entries.get(topPath(int(i)));
    const e = entries.get(topPath(i));
    e.cat = parent.cat;
    byCat[e.cat].push(i);
    parent.deps.set(e.name, rnd() < 0.03 ? 'optional' : 'prod');
  }
  // Extra edges (about two per package): within the same part of the tree, or from development/optional code into
  // production packages (never the reverse, which would make the development tree production). Like real
  // registries, the graph is layered (a package depends on lower-level ones: later names) with a few cycles.
  /** A random member of the sorted list `xs` greater than `i` (any member for a back edge). */
  const pickBelow = (xs, i) => {
    if (rnd() < 0.01) return pick(xs);
    let lo = 0;
    let hi = xs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (xs[mid] <= i) lo = mid + 1;
      else hi = mid;
    }
    return lo < xs.length ? xs[lo + int(xs.length - lo)] : undefined;
  };
  for (let i = 0; i < top; i++) {
    const e = entries.get(topPath(i));
    const extra = int(5);
    for (let k = 0; k < extra; k++) {
      const cat = e.cat !== 'prod' && rnd() < 0.25 ? 'prod' : e.cat;
      const j = pickBelow(byCat[cat], i);
      if (j === undefined || j === i || e.deps.has(names[j])) continue;
      const r = rnd();
      e.deps.set(names[j], r < 0.02 ? 'optional' : r < 0.03 ? 'peer' : 'prod');
    }
  }
  // Nested copies: a second version of a name, under the package that needs it (and a few under a nested copy).
  const nestedPaths = [];
  while (nestedPaths.length < nestedCount) {
    const underNested = nestedPaths.length > 20 && rnd() < 0.1;
    const parentPath = underNested ? pick(nestedPaths) : topPath(ROOT_PROD + int(top - ROOT_PROD));
    const parent = entries.get(parentPath);
    const j = int(top);
    const name = names[j];
    const path = `${parentPath}/node_modules/${name}`;
    // Not a name the parent already uses: re-pointing that edge could orphan the hoisted copy.
    if (name === parent.name || parent.deps.has(name) || entries.has(path)) continue;
    const hoisted = entries.get(topPath(j)).v;
    const v = [hoisted[0] === 0 ? 1 + int(3) : hoisted[0] - 1 + 2 * int(2), int(20), int(15)];
    if (v[0] === hoisted[0]) v[0] += 1;
    entries.set(path, { name, v, cat: parent.cat, deps: new Map() });
    parent.deps.set(name, 'prod');
    nestedPaths.push(path);
    const own = int(3);
    for (let k = 0; k < own; k++) {
      const t = pickBelow(byCat[parent.cat === 'prod' || rnd() < 0.3 ? 'prod' : parent.cat], j);
      if (t !== undefined && names[t] !== name) entries.get(path).deps.set(names[t], 'prod');
    }
  }

  // npm's lookup: from the folder of `from`, walk up the node_modules folders to the first copy of `name`.
  const lookup = (from, name) => {
    let dir = from;
    for (;;) {
      const candidate = `${dir ? `${dir}/` : ''}node_modules/${name}`;
      if (entries.has(candidate)) return candidate;
      if (!dir) return undefined;
      const cut = dir.lastIndexOf('/node_modules/');
      dir = cut < 0 ? '' : dir.slice(0, cut);
    }
  };

  // Flags, as npm computes them (calc-dep-flags): reachability from the root over the kinds of edge allowed.
  const rootEdges = [...root.prod.map((i) => [names[i], 'prod']), ...root.opt.map((i) => [names[i], 'optional']),
    ...root.dev.map((i) => [names[i], 'dev'])];
  const reach = (allowed) => {
    const seenPaths = new Set();
    const stack = [];
    for (const [n, kind] of rootEdges) if (allowed.has(kind)) stack.push(lookup('', n));
    while (stack.length) {
      const p = stack.pop();
      if (seenPaths.has(p)) continue;
      seenPaths.add(p);
      for (const [n, kind] of entries.get(p).deps) if (allowed.has(kind)) stack.push(lookup(p, n));
    }
    return seenPaths;
  };
  const all = reach(new Set(['prod', 'peer', 'optional', 'dev']));
  const prodSet = reach(new Set(['prod', 'peer']));
  const nonDev = reach(new Set(['prod', 'peer', 'optional']));
  const nonOpt = reach(new Set(['prod', 'peer', 'dev']));
  if (all.size !== entries.size) throw new Error(`generator bug: ${entries.size - all.size} unreachable entries`);

  const fmt = (v) => v.join('.');
  const range = (v) => {
    const r = rnd();
    return r < 0.75 ? `^${fmt(v)}` : r < 0.9 ? `~${fmt(v)}` : fmt(v);
  };
  const integrity = (name, v) => `sha512-${createHash('sha512').update(`${name}@${fmt(v)}`).digest('base64')}`;
  const tarball = (name, v) => `https://registry.npmjs.org/${name}/-/${name.slice(name.lastIndexOf('/') + 1)}-${fmt(v)}.tgz`;

  const stats = { entries: entries.size, nested: nestedPaths.length, dev: 0, optional: 0, devOptional: 0, prod: 0, edges: 0 };
  const pkgs = {};
  const rootDeps = (idx) => Object.fromEntries(idx.map((i) => [names[i], `^${fmt(entries.get(topPath(i)).v)}`]).sort(([a], [b]) => a.localeCompare(b, 'en')));
  const manifest = {
    name: 'bench-device', version: '1.0.0', license: 'UNLICENSED',
    dependencies: rootDeps(root.prod), devDependencies: rootDeps(root.dev), optionalDependencies: rootDeps(root.opt),
  };
  pkgs[''] = { name: manifest.name, version: manifest.version, license: manifest.license, dependencies: manifest.dependencies,
    devDependencies: manifest.devDependencies, optionalDependencies: manifest.optionalDependencies };

  const paths = [...entries.keys()].sort((a, b) => a.localeCompare(b, 'en'));
  for (const p of paths) {
    const e = entries.get(p);
    const o = { version: fmt(e.v), resolved: tarball(e.name, e.v), integrity: integrity(e.name, e.v) };
    if (!prodSet.has(p)) {
      const dev = !nonDev.has(p);
      const optional = !nonOpt.has(p);
      if (dev) o.dev = true;
      if (optional) o.optional = true;
      if (!dev && !optional) o.devOptional = true;
      if (dev) stats.dev++;
      else if (optional) stats.optional++;
      else stats.devOptional++;
    } else stats.prod++;
    if (rnd() < 0.03) o.hasInstallScript = true;
    o.license = pick(LICENSES);
    const groups = { prod: {}, optional: {}, peer: {} };
    for (const [n, kind] of [...e.deps].sort(([a], [b]) => a.localeCompare(b, 'en'))) {
      groups[kind][n] = range(entries.get(lookup(p, n)).v);
      stats.edges++;
    }
    if (Object.keys(groups.prod).length) o.dependencies = groups.prod;
    if (rnd() < 0.05) o.bin = { [e.name.slice(e.name.lastIndexOf('/') + 1)]: 'bin/cli.js' };
    if (rnd() < 0.3) o.engines = { node: pick(['>=12', '>=14', '>=16', '>=18', '^18.18.0 || >=20']) };
    if (Object.keys(groups.optional).length) o.optionalDependencies = groups.optional;
    if (Object.keys(groups.peer).length) o.peerDependencies = groups.peer;
    pkgs[p] = o;
  }
  const lock = { name: manifest.name, version: manifest.version, lockfileVersion: 3, requires: true, packages: pkgs };
  return {
    lockfile: `${JSON.stringify(lock, null, 2)}\n`,
    packageJson: `${JSON.stringify(manifest, null, 2)}\n`,
    stats,
  };
}

/** Write package-lock.json and package.json into `dir`; returns the stats. */
export function writeNpmLock(dir, opts) {
  const g = generateNpmLock(opts);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package-lock.json'), g.lockfile);
  writeFileSync(join(dir, 'package.json'), g.packageJson);
  return g.stats;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const [dir, n, seed] = process.argv.slice(2);
  if (!dir) {
    console.error('usage: node bench/gen-npm-lock.mjs <out-dir> [packages=10000] [seed=62304]');
    process.exit(2);
  }
  console.log(writeNpmLock(dir, { packages: n ? Number(n) : undefined, seed: seed ? Number(seed) : undefined }));
}
