import { posix } from 'node:path';
import type { Component, Origin, Property, Scope } from '../../model/component.js';
import { malformed } from '../../model/errors.js';
import type { Finding } from '../../model/finding.js';
import { purlOf } from '../../util/purl.js';
import { component } from '../component.js';
import { mergeComponents } from '../merge.js';
import type { ExtractResult } from '../source.js';
import { ECOSYSTEM, SOURCE_ID } from './extract.js';
import { interpret, readRaw, type CargoManifestRaw, type DepDecl } from './manifest.js';
import { clip } from '../../util/text.js';

export interface CargoManifestInput {
  /** Repository-relative POSIX path of the Cargo.toml. */
  file: string;
  text: string;
  /** The workspace root's Cargo.toml, when this one is a member of a workspace further up. */
  workspaceRoot?: { file: string; text: string };
}

/**
 * A Cargo.toml that no Cargo.lock covers (libraries often do not commit one): its package (first-party) and each
 * declared dependency with its requirement as `declared-range` and an empty version, scoped by its table, with a
 * `cargo.unpinned` warning each. Path dependencies are left to their own Cargo.toml. What the dependencies pull in
 * transitively is unknown without a lockfile: one `cargo.no-lockfile` warning says so.
 */
export function extractCargoManifest(input: CargoManifestInput): ExtractResult {
  const { file } = input;
  const raw = readRaw(file, input.text);
  let root: CargoManifestRaw = raw;
  if (input.workspaceRoot) {
    try {
      root = readRaw(input.workspaceRoot.file, input.workspaceRoot.text);
    } catch {
      root = raw; // the root's own problem is reported when the root is read
    }
  }
  const m = interpret(raw, root);
  const lines = input.text.split('\n');
  const dir = posix.dirname(file) === '.' ? '' : posix.dirname(file);
  const components: Component[] = [];
  const findings: Finding[] = [];

  const declared = m.deps.filter((d) => d.path === undefined);
  // cargo's rule for crate names (ASCII letters, digits, "-" and "_"); anything else cannot be a dependency
  const crateName = /^[A-Za-z0-9_-]+$/;
  for (const n of [...(m.name !== undefined ? [m.name] : []), ...declared.map((d) => d.crate)]) {
    if (!crateName.test(n)) throw malformed(file, `"${clip(n)}" is not a crate name`, undefined, 'Fix the name in Cargo.toml; cargo itself refuses it.');
  }
  if (m.name !== undefined) {
    const version = m.version ?? '';
    components.push(component({
      ecosystem: ECOSYSTEM, name: m.name, version, purl: purlOf('cargo', undefined, m.name, version || undefined), scope: 'runtime', firstParty: true,
      origin: { type: 'workspace', ref: dir || '.' },
      evidence: [{ file, ...lineOf(lines, (l) => l.trim() === '[package]'), source: SOURCE_ID }],
    }));
  }
  for (const d of declared) {
    const scope = scopeOf(d, m.defaultOn);
    const origin: Origin = d.git ? { type: 'git', url: d.git, ...(d.gitRef?.startsWith('rev=') ? { ref: d.gitRef.slice(4) } : {}) } : { type: 'registry' };
    const purl = purlOf('cargo', undefined, d.crate, undefined, d.git ? { vcs_url: `git+${d.git}` } : undefined);
    const props: Property[] = [];
    if (d.req !== undefined) props.push({ name: 'declared-range', value: d.req });
    if (d.gitRef) props.push({ name: 'cargo:git-ref', value: d.gitRef });
    if (d.target) props.push({ name: 'cargo:target', value: d.target });
    const at = lineOf(lines, (l) => new RegExp(`^\\s*"?${escape(d.key)}"?\\s*=`).test(l) || l.trim() === `[dependencies.${d.key}]`);
    components.push(component({
      ecosystem: ECOSYSTEM, name: d.crate, version: '', purl, scope, direct: true, origin,
      evidence: [{ file, ...at, source: SOURCE_ID }],
      ...(props.length ? { properties: props } : {}),
    }));
    findings.push({
      rule: 'cargo.unpinned',
      severity: 'warning',
      message: `${clip(d.crate)} is declared as "${clip(d.req ?? d.gitRef ?? d.git ?? '*')}" and no Cargo.lock pins the version that is built`,
      file,
      ...at,
      item: purl,
      fix: `Commit the Cargo.lock of ${file} (run \`cargo generate-lockfile\`); cargo then builds exactly the versions it records.`,
    });
  }
  if (declared.length > 0) {
    findings.push({
      rule: 'cargo.no-lockfile',
      severity: 'warning',
      message: `no Cargo.lock covers ${file}: the crates its ${declared.length} dependencies pull in are not in this inventory, and their versions are not fixed`,
      file,
      fix: `Commit the Cargo.lock (\`cargo generate-lockfile\` beside ${file}, or at its workspace root).`,
    });
  }
  return { components: mergeComponents(components), findings };
}

function scopeOf(d: DepDecl, defaultOn: ReadonlySet<string>): Scope {
  if (d.kind === 'dev') return 'development';
  if (d.kind === 'build') return 'build';
  return d.optional && !defaultOn.has(d.key) ? 'optional' : 'runtime';
}

function lineOf(lines: readonly string[], test: (l: string) => boolean): { line?: number } {
  const i = lines.findIndex(test);
  return i === -1 ? {} : { line: i + 1 };
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

