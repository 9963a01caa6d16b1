import parseSpdx from 'spdx-expression-parse';
import type { License } from '../../model/component.js';

/** A licence string kept exactly: an SPDX expression when it already is one, otherwise the declared name. */
export function spdxOrName(raw: string): License | undefined {
  const s = raw.trim();
  if (!s) return undefined;
  try {
    parseSpdx(s);
    return { expression: s };
  } catch {
    return { name: s };
  }
}

/**
 * Debian copyright-format 1.0 short names (https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/#license-short-name)
 * that map to one SPDX id without guessing. "+" means "or any later version".
 */
const DEP5_TO_SPDX: ReadonlyMap<string, string> = new Map([
  ['apache-2.0', 'Apache-2.0'], ['artistic-2.0', 'Artistic-2.0'], ['bsd-2-clause', 'BSD-2-Clause'], ['bsd-3-clause', 'BSD-3-Clause'],
  ['bsd-4-clause', 'BSD-4-Clause'], ['isc', 'ISC'], ['cc0-1.0', 'CC0-1.0'], ['expat', 'MIT'], ['mit', 'MIT'], ['zlib', 'Zlib'],
  ['mpl-1.1', 'MPL-1.1'], ['mpl-2.0', 'MPL-2.0'], ['epl-1.0', 'EPL-1.0'], ['python-2.0', 'Python-2.0'], ['zpl-2.1', 'ZPL-2.1'],
  ['openssl', 'OpenSSL'], ['curl', 'curl'], ['ftl', 'FTL'], ['unicode-dfs-2016', 'Unicode-DFS-2016'], ['x11', 'X11'], ['0bsd', '0BSD'],
]);
const GNU = /^(a?gpl|lgpl|gfdl)-(\d(?:\.\d)?)(\+)?$/;
const GNU_IDS: Record<string, Record<string, string>> = {
  gpl: { '1': 'GPL-1.0', '2': 'GPL-2.0', '3': 'GPL-3.0' },
  lgpl: { '2': 'LGPL-2.0', '2.0': 'LGPL-2.0', '2.1': 'LGPL-2.1', '3': 'LGPL-3.0' },
  agpl: { '3': 'AGPL-3.0' },
  gfdl: { '1.2': 'GFDL-1.2', '1.3': 'GFDL-1.3' },
};

/** One DEP-5 short name → SPDX id, or undefined when it has no exact SPDX equivalent here. */
function dep5Id(name: string): string | undefined {
  const n = name.trim().toLowerCase();
  const g = GNU.exec(n);
  if (g) {
    const base = GNU_IDS[g[1] as string]?.[g[2] as string];
    return base ? `${base}-${g[3] ? 'or-later' : 'only'}` : undefined;
  }
  return DEP5_TO_SPDX.get(n);
}

/**
 * A DEP-5 `License:` short-name expression ("GPL-2+", "GPL-1+ or Artistic-2.0", "LGPL-2.1+ and BSD-3-clause") → SPDX
 * when every name maps exactly; otherwise the text as written (with exceptions, custom names, "public-domain" …).
 */
export function dep5License(raw: string): License | undefined {
  const s = raw.trim();
  if (!s) return undefined;
  const parts = s.split(/\s+(or|and)\s+/i);
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i] as string;
    if (i % 2 === 1) {
      out.push(p.toUpperCase());
      continue;
    }
    const id = dep5Id(p.replace(/,$/, ''));
    if (!id) return { name: s };
    out.push(id);
  }
  return spdxOrName(out.join(' '));
}
