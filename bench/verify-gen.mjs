// Checks a generated lockfile with npm's own code, independently of the generator: npm's Arborist (bundled with the
// npm CLI) loads the lockfile as npm ci would, resolves every dependency edge by npm's lookup, and recomputes the
// dev/optional/devOptional flags from the graph; the check reports edges that do not resolve to a version the range
// accepts, and entries whose flags differ from what npm itself would write.
// Usage: node bench/verify-gen.mjs [packages=10000] [seed=62304]   (takes ~20 s at 10,000: Arborist's load is slow)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeNpmLock } from './gen-npm-lock.mjs';

const [n, seed] = process.argv.slice(2);
const npmRoot = join(execFileSync('npm', ['root', '-g'], { encoding: 'utf8' }).trim(), 'npm');
const require = createRequire(join(npmRoot, 'package.json'));
const Arborist = require('@npmcli/arborist');
const resetDepFlags = require('@npmcli/arborist/lib/reset-dep-flags.js');
const calcDepFlags = require('@npmcli/arborist/lib/calc-dep-flags.js');
const semver = require('semver');

/** The flags npm writes into package-lock.json for a node (Shrinkwrap's metaFromNode). */
const written = (node) => node.extraneous
  ? 'extraneous'
  : [node.peer && 'peer', node.dev && 'dev', node.optional && 'optional',
    node.devOptional && !node.dev && !node.optional && 'devOptional'].filter(Boolean).join('+');

const dir = mkdtempSync(join(tmpdir(), 'tureen-verify-gen-'));
try {
  const stats = writeNpmLock(dir, { packages: n ? Number(n) : undefined, seed: seed ? Number(seed) : undefined });
  const tree = await new Arborist({ path: dir }).loadVirtual();
  const fromLock = new Map();
  let edges = 0;
  const invalid = [];
  for (const node of tree.inventory.values()) {
    if (!node.isRoot) fromLock.set(node.location, written(node));
    for (const e of node.edgesOut.values()) {
      edges++;
      if (!e.to || !semver.satisfies(e.to.version, e.spec)) invalid.push(`${node.location || '(root)'} → ${e.name}@${e.spec}: ${e.to ? e.to.version : 'missing'}`);
    }
  }
  resetDepFlags(tree);
  calcDepFlags(tree, true);
  const flagDiffs = [];
  for (const node of tree.inventory.values()) {
    if (node.isRoot) continue;
    const now = written(node);
    if (now !== fromLock.get(node.location)) flagDiffs.push(`${node.location}: lockfile "${fromLock.get(node.location)}", npm "${now}"`);
  }
  console.log({ generator: stats, arborist: { entries: tree.inventory.size - 1, edges, invalidEdges: invalid.length, flagDiffs: flagDiffs.length } });
  for (const line of [...invalid, ...flagDiffs].slice(0, 20)) console.log(`  ${line}`);
  process.exitCode = invalid.length || flagDiffs.length || stats.entries !== tree.inventory.size - 1 ? 1 : 0;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
