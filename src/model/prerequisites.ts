import type { Property } from './component.js';

/**
 * Prerequisites of a SOUP item (IEC 62304 5.3.4: the hardware and software the item needs), as far as package
 * metadata states them: npm's `engines`, `os`, `cpu` and `libc`; Python's `requires-python`; Composer's `php` and
 * `ext-*` requirements; crates.io's `rust_version`; RubyGems' `ruby_version`.
 *
 * Sources carry them on the component as properties named `prerequisite:software` / `prerequisite:hardware` (one
 * statement per property, e.g. "node >=18", "os: linux, darwin", "cpu: x64"); registries return the same shape.
 * `sync` prefills a new record's `prerequisites` with them; from then on the section is the person's.
 */
export interface Prerequisites {
  hardware?: string[];
  software?: string[];
}

export const PREREQUISITE_SOFTWARE = 'prerequisite:software';
export const PREREQUISITE_HARDWARE = 'prerequisite:hardware';

/** At most this many statements per side (a hostile lockfile can declare thousands of engines). */
const MAX_STATEMENTS = 16;
/** A statement longer than this is cut (it is a prefill for a person to read, not a contract). */
const MAX_LENGTH = 200;

function clean(s: string): string {
  // eslint-disable-next-line no-control-regex
  const t = s.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim();
  return t.length > MAX_LENGTH ? `${t.slice(0, MAX_LENGTH - 1)}…` : t;
}

/** A version range that constrains nothing ("*", "", "any") says nothing worth a person's reading. */
function meaningful(range: string): boolean {
  const r = range.trim();
  return r !== '' && r !== '*' && r.toLowerCase() !== 'any' && r !== 'x' && !/^>=?\s*0(\.0)*$/.test(r);
}

/** "node >=18": a runtime (or extension) and the versions it must have; undefined when the range says nothing. */
export function runtimeStatement(runtime: string, range: unknown): string | undefined {
  if (typeof range !== 'string' || !meaningful(range) || runtime.trim() === '') return undefined;
  return clean(`${runtime.trim()} ${range.trim()}`);
}

function strings(v: unknown): string[] {
  if (typeof v === 'string') return v.trim() ? [v.trim()] : [];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string' && x.trim() !== '').map((x) => x.trim());
  return [];
}

/** "os: linux, darwin" / "os: not win32" from npm-style lists where "!x" excludes x. */
function listStatement(label: string, values: unknown): string | undefined {
  const all = strings(values);
  if (!all.length) return undefined;
  const only = all.filter((v) => !v.startsWith('!'));
  const not = all.filter((v) => v.startsWith('!')).map((v) => v.slice(1)).filter(Boolean);
  const parts = [...(only.length ? [only.join(', ')] : []), ...(not.length ? [`not ${not.join(', ')}`] : [])];
  return clean(`${label}: ${parts.join('; ')}`);
}

/** The entries of a plain object or Map, own keys only (a hostile "__proto__" key stays a name). */
function entriesOf(v: unknown): [string, unknown][] {
  if (v instanceof Map) return [...v.entries()].filter((e): e is [string, unknown] => typeof e[0] === 'string');
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return [];
  return Object.keys(v).map((k) => [k, (v as Record<string, unknown>)[k]]);
}

/**
 * npm-family platform fields (package-lock.json, pnpm-lock.yaml, bun.lock, registry manifests): `engines`
 * ({ node: ">=18", npm: … }), `os`, `cpu` and `libc` lists. The operating system and C library are software, the
 * processor architecture is hardware.
 */
export function npmPlatform(p: { engines?: unknown; os?: unknown; cpu?: unknown; libc?: unknown }): Prerequisites {
  const software: string[] = [];
  for (const [name, range] of entriesOf(p.engines)) {
    const s = runtimeStatement(name, range);
    if (s) software.push(s);
  }
  const os = listStatement('os', p.os);
  if (os) software.push(os);
  const libc = listStatement('libc', p.libc);
  if (libc) software.push(libc);
  const cpu = listStatement('cpu', p.cpu);
  return { software, ...(cpu ? { hardware: [cpu] } : {}) };
}

/** Composer `require`: the PHP version and `ext-*` / `lib-*` platform packages (other packages are dependencies). */
export function composerPlatform(require: unknown): Prerequisites {
  const software: string[] = [];
  for (const [name, range] of entriesOf(require)) {
    const n = name.toLowerCase();
    if (n === 'php' || n === 'php-64bit' || n === 'hhvm') {
      const s = runtimeStatement(n, range);
      if (s) software.push(s);
    } else if (n.startsWith('ext-') || n.startsWith('lib-')) {
      // "*" is the usual range of an extension: its presence is the prerequisite
      const s = runtimeStatement(`php extension ${n.slice(4)}`, range) ?? clean(`php extension ${n.slice(4)}`);
      software.push(s);
    }
  }
  return { software };
}

/** `p` when it says something, else undefined (so an empty answer adds no key to a registry's metadata). */
export function nonEmpty(p: Prerequisites): Prerequisites | undefined {
  const hardware = p.hardware?.filter(Boolean) ?? [];
  const software = p.software?.filter(Boolean) ?? [];
  if (!hardware.length && !software.length) return undefined;
  return { ...(hardware.length ? { hardware } : {}), ...(software.length ? { software } : {}) };
}

/** Properties carrying `p` on a component (empty when there is nothing to say). */
export function prerequisiteProperties(p: Prerequisites): Property[] {
  return [
    ...(p.software ?? []).slice(0, MAX_STATEMENTS).map((value) => ({ name: PREREQUISITE_SOFTWARE, value })),
    ...(p.hardware ?? []).slice(0, MAX_STATEMENTS).map((value) => ({ name: PREREQUISITE_HARDWARE, value })),
  ];
}

/**
 * What a new record's `prerequisites` starts with: the component's own statements (from its lockfile), then the
 * registry's, without repeats (compared without spaces, so "node >= 18" and "node >=18" are one); undefined when
 * neither says anything.
 */
export function mergePrerequisites(properties: readonly Property[] | undefined, fromRegistry?: Prerequisites): Prerequisites | undefined {
  const out: Required<Prerequisites> = { hardware: [], software: [] };
  const seen = new Set<string>();
  const add = (side: 'hardware' | 'software', s: string) => {
    const key = `${side}\u0000${s.replace(/\s+/g, '').toLowerCase()}`;
    if (seen.has(key) || out[side].length >= MAX_STATEMENTS) return;
    seen.add(key);
    out[side].push(s);
  };
  for (const p of properties ?? []) {
    if (p.name === PREREQUISITE_SOFTWARE) add('software', p.value);
    else if (p.name === PREREQUISITE_HARDWARE) add('hardware', p.value);
  }
  for (const s of fromRegistry?.software ?? []) add('software', s);
  for (const s of fromRegistry?.hardware ?? []) add('hardware', s);
  if (!out.hardware.length && !out.software.length) return undefined;
  return { ...(out.hardware.length ? { hardware: out.hardware } : {}), ...(out.software.length ? { software: out.software } : {}) };
}
