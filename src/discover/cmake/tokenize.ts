/**
 * A tokenizer for the CMake language (cmake-language(7), https://cmake.org/cmake/help/latest/manual/cmake-language.7.html):
 * command invocations `name(args)` with bracket arguments `[=[…]=]`, quoted arguments `"…"` (escapes, `\` line
 * continuation), unquoted arguments (split on unescaped `;` as CMake does), nested parentheses, line comments `#`
 * and bracket comments `#[[…]]`. It never evaluates anything: `${VAR}` stays in the text for the caller.
 */
export interface CmakeArg {
  value: string;
  /** bracket or quoted: not split on ";" by CMake, and not subject to variable expansion when bracket. */
  kind: 'bracket' | 'quoted' | 'unquoted';
}

export interface CmakeCommand {
  /** As written (CMake command names are case-insensitive). */
  name: string;
  args: CmakeArg[];
  /** Offset of the command name. */
  offset: number;
}

/** Length of a bracket open "[==[" at i, with its "=" count, or undefined. */
function bracketOpen(text: string, i: number): number | undefined {
  if (text[i] !== '[') return undefined;
  let j = i + 1;
  while (text[j] === '=') j++;
  return text[j] === '[' ? j - i - 1 : undefined;
}

export function tokenize(text: string): CmakeCommand[] {
  const out: CmakeCommand[] = [];
  const n = text.length;
  let i = 0;
  const skipBracket = (at: number, eqs: number): number => {
    const close = `]${'='.repeat(eqs)}]`;
    const end = text.indexOf(close, at);
    return end === -1 ? n : end + close.length;
  };
  while (i < n) {
    const c = text[i] as string;
    if (c === '#') {
      const eqs = bracketOpen(text, i + 1);
      if (eqs !== undefined) i = skipBracket(i + eqs + 3, eqs);
      else {
        const nl = text.indexOf('\n', i);
        i = nl === -1 ? n : nl + 1;
      }
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const start = i;
      while (i < n && /[A-Za-z0-9_]/.test(text[i] as string)) i++;
      const name = text.slice(start, i);
      let j = i;
      while (j < n && (text[j] === ' ' || text[j] === '\t')) j++;
      if (text[j] !== '(') continue;
      const r = readArgs(text, j + 1);
      out.push({ name, args: r.args, offset: start });
      i = r.end;
      continue;
    }
    if (c === '"') {
      // a stray quoted string outside a command: skip it whole
      i = readQuoted(text, i + 1).end;
      continue;
    }
    i++;
  }
  return out;
}

function readQuoted(text: string, i: number): { value: string; end: number } {
  let value = '';
  const n = text.length;
  while (i < n && text[i] !== '"') {
    if (text[i] === '\\') {
      const e = text[i + 1];
      if (e === '\n') i += 2;
      else if (e === '\r' && text[i + 2] === '\n') i += 3;
      else {
        value += e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e === ';' ? '\\;' : (e ?? '');
        i += 2;
      }
      continue;
    }
    value += text[i];
    i++;
  }
  return { value, end: Math.min(n, i + 1) };
}

function readArgs(text: string, i: number): { args: CmakeArg[]; end: number } {
  const args: CmakeArg[] = [];
  const n = text.length;
  let depth = 1;
  while (i < n) {
    const c = text[i] as string;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (c === '#') {
      const eqs = bracketOpen(text, i + 1);
      if (eqs !== undefined) {
        const close = `]${'='.repeat(eqs)}]`;
        const end = text.indexOf(close, i + eqs + 3);
        i = end === -1 ? n : end + close.length;
      } else {
        const nl = text.indexOf('\n', i);
        i = nl === -1 ? n : nl + 1;
      }
      continue;
    }
    if (c === '(') {
      depth++;
      i++;
      continue;
    }
    if (c === ')') {
      depth--;
      i++;
      if (depth === 0) return { args, end: i };
      continue;
    }
    const eqs = bracketOpen(text, i);
    if (eqs !== undefined) {
      const close = `]${'='.repeat(eqs)}]`;
      let from = i + eqs + 2;
      if (text[from] === '\n') from++;
      const end = text.indexOf(close, from);
      args.push({ value: text.slice(from, end === -1 ? n : end), kind: 'bracket' });
      i = end === -1 ? n : end + close.length;
      continue;
    }
    if (c === '"') {
      const q = readQuoted(text, i + 1);
      args.push({ value: q.value, kind: 'quoted' });
      i = q.end;
      continue;
    }
    // unquoted: up to whitespace, ( ) # " (a "${…}" reference keeps its braces)
    let value = '';
    while (i < n) {
      const d = text[i] as string;
      if (/[\s()#"]/.test(d)) break;
      if (d === '\\' && i + 1 < n) {
        value += text[i + 1] === ';' ? '\\;' : (text[i + 1] as string);
        i += 2;
        continue;
      }
      value += d;
      i++;
    }
    // CMake splits an unquoted argument on unescaped ";" into several
    for (const part of value.split(/(?<!\\);/)) if (part !== '') args.push({ value: part.replace(/\\;/g, ';'), kind: 'unquoted' });
  }
  return { args, end: n };
}
