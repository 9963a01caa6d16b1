import parseSpdx from 'spdx-expression-parse';
import correctSpdx from 'spdx-correct';
import type { License } from '../model/component.js';

/** spdx-correct throws a raw TypeError on some inputs (e.g. "+"): treat those as "no correction". */
function correct(s: string): string | null {
  try {
    return correctSpdx(s, { upgrade: true });
  } catch {
    return null;
  }
}

function isValidSpdx(expr: string): boolean {
  try {
    parseSpdx(expr);
    return true;
  } catch {
    return false;
  }
}

const OPERATORS = /\b(or|and|with)\b/gi;

/**
 * spdx-correct guesses; a guess that changes the meaning is worse than none. Accept a correction only when it keeps
 * the declared text's operators (or/and/with), its first number ("BSD-4-clause-UC" is not BSD-2-Clause), and an
 * "or later" (+) where one was declared ("GPL-2+" is not GPL-2.0-only).
 */
function faithful(declared: string, corrected: string): boolean {
  const ops = (t: string) => (t.match(OPERATORS) ?? []).length;
  if (ops(declared) !== ops(corrected)) return false;
  const num = (t: string) => /\d+/.exec(t)?.[0];
  if (num(declared) !== undefined && num(declared) !== num(corrected)) return false;
  // a version the declaration did not state is a guess ("BSD" is not BSD-2-Clause, "GPL" not GPL-3.0)
  if (num(declared) === undefined && num(corrected) !== undefined) return false;
  if (/\+/.test(declared) && !/or-later|\+/.test(corrected)) return false;
  return true;
}

/** "GPL-2+" / "LGPL-2.1+": the id without "+" corrected, then made "-or-later". */
function orLater(s: string): string | null {
  const m = /^(.*?)\s*\+$/.exec(s);
  if (!m?.[1]) return null;
  const base = correct(m[1]);
  if (!base || !faithful(m[1], base)) return null;
  const later = base.endsWith('-only') ? `${base.slice(0, -5)}-or-later` : base.endsWith('-or-later') ? base : `${base}+`;
  return isValidSpdx(later) ? later : null;
}

/**
 * A declared licence string to a License: the SPDX expression when it is one (or spdx-correct can
 * make it one without changing its meaning), otherwise the declared name kept as-is so nothing is invented.
 */
export function toLicense(raw: string): License | undefined {
  const s = raw.trim();
  if (!s) return undefined;
  if (isValidSpdx(s)) return { expression: s };
  // npm's "UNLICENSED" means "no licence granted" — spdx-correct would turn it into its opposite (Unlicense)
  if (/^unlicen[sc]ed$/i.test(s) || /^see licen[sc]e in /i.test(s)) return { name: s };
  const later = orLater(s);
  if (later) return { expression: later };
  // "(MIT OR Apache-2.0)" style with a sloppy id inside: correct each id.
  const corrected = correct(s);
  if (corrected && isValidSpdx(corrected) && faithful(s, corrected)) return { expression: corrected };
  const parts = s.replace(/^\(|\)$/g, '').split(/\s+(OR|AND)\s+/);
  if (parts.length > 1) {
    const fixed = parts.map((p, i) => {
      if (i % 2 === 1) return p;
      const c = orLater(p) ?? correct(p);
      return c && faithful(p, c) ? c : p;
    }).join(' ');
    const wrapped = s.startsWith('(') ? `(${fixed})` : fixed;
    if (isValidSpdx(wrapped)) return { expression: wrapped };
  }
  return { name: s };
}

/** Declared licences in the shapes package.json has known (string, {type}, [{type}]). */
export function licensesFrom(value: unknown): License[] {
  const out: License[] = [];
  const add = (v: unknown) => {
    if (typeof v === 'string') {
      const l = toLicense(v);
      if (l) out.push(l);
    } else if (v && typeof v === 'object' && !Array.isArray(v) && typeof (v as { type?: unknown }).type === 'string') {
      add((v as { type: string }).type);
    }
  };
  if (Array.isArray(value)) value.forEach(add);
  else add(value);
  return dedupeLicenses(out);
}

export function dedupeLicenses(ls: readonly License[]): License[] {
  const seen = new Set<string>();
  return ls.filter((l) => {
    const k = 'expression' in l ? `e:${l.expression}` : `n:${l.name}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function licenseText(l: License): string {
  return 'expression' in l ? l.expression : l.name;
}
