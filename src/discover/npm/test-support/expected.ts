/**
 * Test helpers: read the fixtures recorded with the real npm (see ../fixtures/README.md) and the
 * scope each install location has according to what npm actually installed. Nothing here uses the
 * extractor under test.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Component, Scope } from '../../../model/component.js';

export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
export const CORPUS = fileURLToPath(new URL('../../../../test/fixtures/corpus/npm/', import.meta.url));

export function fixture(rel: string): string {
  return readFileSync(`${FIXTURES}${rel}`, 'utf8');
}

/** "<location>\t<name>@<version>" lines (list-installed.mjs / query-nodes.mjs output) → location → name@version. */
export function listing(rel: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of fixture(rel).split('\n')) {
    if (!line.trim()) continue;
    const [loc, nv] = line.split('\t');
    out.set(loc as string, nv as string);
  }
  return out;
}

/** The install location an evidence key names: packages["node_modules/x"], or v1 dependencies["a"].dependencies["b"]. */
export function locationOf(key: string): string {
  const v2 = /^packages\[(".*")\]$/.exec(key);
  if (v2) return JSON.parse(v2[1] as string) as string;
  const names: string[] = [];
  const re = /dependencies\[("(?:[^"\\]|\\.)*")\]/g;
  for (let m = re.exec(key); m; m = re.exec(key)) names.push(JSON.parse(m[1] as string) as string);
  return names.map((n) => `node_modules/${n}`).join('/');
}

const ORDER: Scope[] = ['runtime', 'optional', 'build', 'test', 'development'];

/**
 * The scope npm's installs give a location: not installed by the production install → development;
 * installed even when optional dependencies are left out too → runtime; otherwise optional.
 */
export function installedScope(loc: string, prod: ReadonlySet<string>, runtime: ReadonlySet<string>): Scope {
  if (!prod.has(loc)) return 'development';
  return runtime.has(loc) ? 'runtime' : 'optional';
}

/** A component's expected scope: the strongest over the locations its evidence names. */
export function expectedScope(c: Component, scopeAt: (loc: string) => Scope): Scope {
  let best: Scope = 'development';
  for (const e of c.evidence) {
    const s = scopeAt(locationOf(e.key ?? ''));
    if (ORDER.indexOf(s) < ORDER.indexOf(best)) best = s;
  }
  return best;
}

export function nv(c: Pick<Component, 'name' | 'version'>): string {
  return `${c.name}@${c.version}`;
}

/** base64 SRI digest → lower-case hex, the way any reader of SRI would compute it. */
export function sriHex(integrity: string): string {
  return Buffer.from(integrity.slice(integrity.indexOf('-') + 1), 'base64').toString('hex');
}
