/**
 * A small reader of Gradle build scripts (Groovy build.gradle and Kotlin build.gradle.kts). It does not run
 * them: it blanks comments, finds `name { … }` blocks by brace matching (strings skipped), and splits a block
 * into its top-level statements. What a script computes at build time (loops, functions, conditions) is not
 * seen; the literal declarations that nearly every build uses are.
 */

export interface Block {
  /** The identifier before `{`, e.g. "dependencies", "buildscript", "configurations.all", "tasks.named". */
  name: string;
  /** Names of the enclosing blocks, outermost first. */
  parents: string[];
  /** Offset just after `{` and offset of the matching `}` (or the text's end). */
  start: number;
  end: number;
}

export interface Statement {
  text: string;
  offset: number;
}

const MAX_BLOCKS = 20_000;

/** Replace comments by spaces (newlines kept, so offsets and lines stay), leaving string literals alone. */
export function blankComments(src: string): string {
  const out = src.split('');
  let i = 0;
  const n = src.length;
  while (i < n) {
    const c = src[i];
    if (c === '"' || c === "'") {
      i = skipString(src, i);
      continue;
    }
    if (c === '/' && src[i + 1] === '/') {
      while (i < n && src[i] !== '\n') out[i++] = ' ';
      continue;
    }
    if (c === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2);
      const stop = end === -1 ? n : end + 2;
      for (; i < stop; i++) if (out[i] !== '\n') out[i] = ' ';
      continue;
    }
    i++;
  }
  return out.join('');
}

/** Index just after the string literal that starts at i ('…', "…", '''…''', """…"""). */
export function skipString(src: string, i: number): number {
  const q = src[i] as string;
  const triple = src.startsWith(q.repeat(3), i);
  if (triple) {
    const end = src.indexOf(q.repeat(3), i + 3);
    return end === -1 ? src.length : end + 3;
  }
  for (let j = i + 1; j < src.length; j++) {
    const c = src[j];
    if (c === '\\') j++;
    else if (c === q) return j + 1;
    else if (c === '\n') return j + 1; // an unterminated single-line string ends at the line
  }
  return src.length;
}

/** Every `{ … }` block with the identifier before it and its enclosing blocks. `src` must have comments blanked. */
export function blocks(src: string): Block[] {
  const out: Block[] = [];
  const stack: Block[] = [];
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '"' || c === "'") {
      i = skipString(src, i) - 1;
      continue;
    }
    if (c === '{') {
      const b: Block = { name: nameBefore(src, i), parents: stack.map((s) => s.name), start: i + 1, end: src.length };
      stack.push(b);
      if (out.length < MAX_BLOCKS) out.push(b);
    } else if (c === '}') {
      const b = stack.pop();
      if (b) b.end = i;
    }
  }
  return out;
}

/** The identifier (dots allowed) before a `{`, skipping one balanced `( … )` argument list. */
function nameBefore(src: string, brace: number): string {
  let j = brace - 1;
  while (j >= 0 && /\s/.test(src[j] as string)) j--;
  if (src[j] === ')') {
    let depth = 0;
    for (; j >= 0; j--) {
      if (src[j] === ')') depth++;
      else if (src[j] === '(' && --depth === 0) break;
    }
    j--;
    while (j >= 0 && /\s/.test(src[j] as string)) j--;
  }
  const end = j + 1;
  while (j >= 0 && /[\w.]/.test(src[j] as string)) j--;
  return src.slice(j + 1, end);
}

/** The top-level statements of a block body: split at newlines and `;` outside parentheses, brackets and inner blocks. */
export function statements(src: string, b: Pick<Block, 'start' | 'end'>): Statement[] {
  const out: Statement[] = [];
  let depth = 0;
  let begin = b.start;
  const push = (end: number) => {
    const raw = src.slice(begin, end);
    const lead = raw.length - raw.trimStart().length;
    const text = raw.trim();
    if (text) out.push({ text, offset: begin + lead });
  };
  for (let i = b.start; i < b.end; i++) {
    const c = src[i];
    if (c === '"' || c === "'") {
      i = skipString(src, i) - 1;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth = Math.max(0, depth - 1);
    else if ((c === '\n' || c === ';') && depth === 0) {
      // a statement continues on the next line when this one ends with an operator or the next starts with '.'
      const rest = src.slice(i + 1, Math.min(b.end, i + 200)).trimStart();
      const before = src.slice(begin, i).trimEnd();
      if (c === '\n' && (rest.startsWith('.') || /[,+:=]$/.test(before))) continue;
      push(i);
      begin = i + 1;
    }
  }
  push(b.end);
  return out;
}

/** String literals of a text ('…' and "…", no triple quotes), with their offsets. */
export function stringLiterals(s: string): { value: string; offset: number }[] {
  const out: { value: string; offset: number }[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c !== '"' && c !== "'") continue;
    const end = skipString(s, i);
    out.push({ value: s.slice(i + 1, Math.max(i + 1, end - 1)).replace(/\\(.)/g, '$1'), offset: i });
    i = end - 1;
  }
  return out;
}
