import { malformed } from '../../model/errors.js';

/** One line of an option's value, with the 1-based line it was written on. */
export interface ValueLine {
  text: string;
  line: number;
}

export interface IniOption {
  key: string;
  line: number;
  /** The first line's value (possibly empty) and every continuation line. */
  lines: ValueLine[];
}

export interface IniSection {
  name: string;
  line: number;
  options: Map<string, IniOption>;
}

/**
 * platformio.ini as PlatformIO's reader sees it (Python configparser with ";"/"#" comments, inline ";"/"#" comments
 * after whitespace, multi-line values by indentation; https://docs.platformio.org/en/latest/projectconf/index.html).
 * Sections and keys go into Maps (a "__proto__" section is data). Duplicate keys: the last one wins, as configparser's
 * non-strict mode would not; PlatformIO uses strict mode and refuses them, so we report it.
 */
export function parseIni(text: string, file: string): Map<string, IniSection> {
  const sections = new Map<string, IniSection>();
  let current: IniSection | undefined;
  let option: IniOption | undefined;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] as string;
    const n = i + 1;
    const trimmed = raw.trim();
    if (!trimmed) continue;
    if (trimmed.startsWith(';') || trimmed.startsWith('#')) continue;
    const indented = /^[ \t]/.test(raw);
    if (indented && option) {
      const v = stripInline(trimmed);
      if (v) option.lines.push({ text: v, line: n });
      continue;
    }
    const sec = /^\[([^\]]+)\]\s*(?:[;#].*)?$/.exec(trimmed);
    if (sec) {
      const name = (sec[1] as string).trim();
      current = sections.get(name);
      if (!current) sections.set(name, (current = { name, line: n, options: new Map() }));
      option = undefined;
      continue;
    }
    const eq = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(trimmed);
    if (!eq) throw malformed(file, `line ${n} is neither a [section], a "key = value" option, nor an indented continuation`, { line: n }, 'Fix the line so that `pio project config` accepts the file.');
    if (!current) throw malformed(file, `the option "${eq[1]}" at line ${n} comes before any [section]`, { line: n }, 'Put options under a section such as [env:name].');
    const key = (eq[1] as string).trim().toLowerCase();
    const v = stripInline(eq[2] as string);
    option = { key, line: n, lines: v ? [{ text: v, line: n }] : [] };
    current.options.set(key, option);
  }
  return sections;
}

/** Remove an inline comment: ";" or "#" after whitespace. */
function stripInline(v: string): string {
  const m = /\s[;#]/.exec(v);
  return (m ? v.slice(0, m.index) : v).trim();
}

/**
 * The value lines of `key` in `[env:<name>]`, the way PlatformIO looks it up: the env's own section, then each
 * section named by its `extends`, then the common `[env]`; `${section.option}` (and `${env.x}`, `${this.x}`,
 * `${platformio.x}`) interpolated; `${sysenv.X}` left as written. Returns undefined when the option is not set.
 */
export function envOption(sections: Map<string, IniSection>, env: string, key: string): ValueLine[] | undefined {
  budget = MAX_LOOKUPS;
  return lookup(sections, `env:${env}`, key, 0);
}

/** Lookups left for the current envOption call (interpolation that fans out cannot grow without bound). */
let budget = 0;
const MAX_LOOKUPS = 2_000;

const MAX_DEPTH = 12;

function lookup(
  sections: Map<string, IniSection>, section: string, key: string, depth: number, seen = new Set<string>(), active = new Set<string>(),
): ValueLine[] | undefined {
  // `active`: the options being interpolated right now; an option that refers to itself (directly or through others)
  // stays as written instead of recursing
  const id = `${section}\u0000${key}`;
  if (depth > MAX_DEPTH || seen.has(section) || active.has(id) || budget-- <= 0) return undefined;
  seen.add(section);
  active.add(id);
  try {
    return lookupIn(sections, section, key, depth, seen, active);
  } finally {
    active.delete(id);
  }
}

function lookupIn(sections: Map<string, IniSection>, section: string, key: string, depth: number, seen: Set<string>, active: Set<string>): ValueLine[] | undefined {
  const sec = sections.get(section);
  const own = sec?.options.get(key);
  if (own) return expand(sections, section, own.lines, depth, active);
  if (section.startsWith('env:')) {
    const ext = sec?.options.get('extends');
    if (ext) {
      for (const parent of multi(expand(sections, section, ext.lines, depth, active))) {
        const v = lookup(sections, parent.text, key, depth + 1, seen, active);
        if (v) return v;
      }
    }
    const common = sections.get('env')?.options.get(key);
    if (common) return expand(sections, 'env', common.lines, depth, active);
  }
  return undefined;
}

/** At most this many value lines come out of one interpolation (a guard against values that multiply). */
const MAX_LINES = 5_000;

function expand(sections: Map<string, IniSection>, section: string, lines: ValueLine[], depth: number, active: Set<string>): ValueLine[] {
  const out: ValueLine[] = [];
  for (const l of lines) {
    // a line that is only "${section.option}" keeps the lines (and line numbers) where the values are written
    const whole = /^\$\{([A-Za-z0-9_.:-]+)\.([A-Za-z0-9_.-]+)\}$/.exec(l.text);
    if (whole && whole[1] !== 'sysenv') {
      const v = lookup(sections, whole[1] === 'this' ? section : (whole[1] as string), (whole[2] as string).toLowerCase(), depth + 1, new Set(), active);
      if (v) {
        out.push(...v);
        continue;
      }
    }
    const text = l.text.replace(/\$\{([A-Za-z0-9_.:-]+)\.([A-Za-z0-9_.-]+)\}/g, (all, sec: string, opt: string) => {
      if (sec === 'sysenv') return all;
      const target = sec === 'this' ? section : sec;
      const v = lookup(sections, target, opt.toLowerCase(), depth + 1, new Set(), active);
      return v ? v.map((x) => x.text).join('\n') : all;
    });
    for (const part of text.split('\n')) if (part.trim()) out.push({ text: part.trim(), line: l.line });
    if (out.length > MAX_LINES) {
      out.length = MAX_LINES;
      break;
    }
  }
  return out;
}

/**
 * A multi-value option split as PlatformIO splits it (ProjectConfig.parse_multi_values): by lines when the value
 * has several, else by ", " (comma and space); empty items dropped.
 */
export function multi(lines: ValueLine[]): ValueLine[] {
  const out: ValueLine[] = [];
  const parts = lines.length > 1 ? lines : lines.flatMap((l) => l.text.split(', ').map((t) => ({ text: t, line: l.line })));
  for (const p of parts) {
    const t = p.text.trim();
    if (t) out.push({ text: t, line: p.line });
  }
  return out;
}
