import { isValidName } from './names.js';

/** One PEP 508 dependency specification: `name[extras] (specifier | @ url) ; marker`. */
export interface Requirement {
  /** The name as written (not normalised). */
  name: string;
  extras: string[];
  /** The version specifier without parentheses, e.g. ">=1.0,<2"; '' when none. */
  specifier: string;
  /** The direct URL of `name @ url`. */
  url?: string;
  /** The environment marker after `;`, trimmed. */
  marker?: string;
}

const CLAUSE_RE = /^(~=|===|==|!=|<=|>=|<|>)\s*([A-Za-z0-9][A-Za-z0-9.*+!_-]*)$/;

/**
 * Parse a PEP 508 requirement string; undefined when it is not one (the caller reports it).
 * Only the structure is checked (name, extras, specifier clauses); markers are kept as text.
 */
export function parseRequirement(text: string): Requirement | undefined {
  const s = text.trim();
  const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?\s*([\s\S]*)$/.exec(s);
  if (!m) return undefined;
  const name = m[1] as string;
  if (!isValidName(name)) return undefined;
  const extras = (m[2] ?? '').split(',').map((e) => e.trim()).filter(Boolean);
  if (extras.some((e) => !isValidName(e))) return undefined;
  let rest = (m[3] ?? '').trim();
  let marker: string | undefined;
  if (rest.startsWith('@')) {
    rest = rest.slice(1).trim();
    // PEP 508: the marker of a URL requirement is separated by whitespace then ';'
    const semi = /\s;/.exec(rest);
    let url = rest;
    if (semi) {
      url = rest.slice(0, semi.index);
      marker = rest.slice(semi.index + 2).trim();
    }
    if (!url || /\s/.test(url)) return undefined;
    return { name, extras, specifier: '', url, ...(marker ? { marker } : {}) };
  }
  const semi = rest.indexOf(';');
  if (semi !== -1) {
    marker = rest.slice(semi + 1).trim();
    rest = rest.slice(0, semi).trim();
  }
  if (rest.startsWith('(') && rest.endsWith(')')) rest = rest.slice(1, -1).trim();
  const specifier = normalizeSpecifier(rest);
  if (specifier === undefined) return undefined;
  return { name, extras, specifier, ...(marker ? { marker } : {}) };
}

/** ">= 1.0 , <2" → ">=1.0,<2"; undefined when a clause is not a PEP 440 specifier clause. */
export function normalizeSpecifier(spec: string): string | undefined {
  const s = spec.trim();
  if (!s) return '';
  const out: string[] = [];
  for (const part of s.split(',')) {
    const c = part.trim();
    const m = CLAUSE_RE.exec(c);
    if (!m) return undefined;
    out.push(`${m[1]}${m[2]}`);
  }
  return out.join(',');
}

/**
 * The exact version a specifier pins: `==1.2.3` (no wildcard) or `===1.2.3`; '' when it only gives a range.
 * A local label (`==1.0+cpu`) is part of the version.
 */
export function exactPin(specifier: string): string {
  for (const clause of specifier.split(',')) {
    const c = clause.trim();
    if (c.startsWith('===')) return c.slice(3).trim();
    if (c.startsWith('==') && !c.includes('*')) return c.slice(2).trim();
  }
  return '';
}
