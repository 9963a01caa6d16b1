import { malformed } from '../../model/errors.js';
import { stripBom } from '../../util/json.js';
import { clip } from '../../util/text.js';

/**
 * The syntax of go.mod and go.work (https://go.dev/ref/mod#go-mod-file-syntax): line-oriented, `//` comments,
 * tokens separated by spaces, "interpreted" and `raw` strings, `=>` in replace, and factored blocks
 * `verb ( … )` where each line inside is one directive of that verb. Pure: text in, lines out.
 */
export interface ModLine {
  verb: string;
  args: string[];
  /** 1-based line in the file. */
  line: number;
  /** Text of the `//` comment at the end of the line (trimmed), if any. */
  comment?: string;
}

const MAX_LINES = 1_000_000;

export function parseModLines(text: string, file: string): ModLine[] {
  const src = stripBom(text);
  const out: ModLine[] = [];
  let block: { verb: string; line: number } | undefined;
  const lines = src.split('\n');
  if (lines.length > MAX_LINES) throw malformed(file, `too many lines (${lines.length}) for a ${file.endsWith('go.work') ? 'go.work' : 'go.mod'} file`);
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const { tokens, comment } = tokenize(lines[i] as string, file, lineNo);
    if (tokens.length === 0) continue;
    if (block) {
      if (tokens.length === 1 && tokens[0] === ')') {
        block = undefined;
        continue;
      }
      if (tokens.includes('(') || tokens.includes(')')) throw malformed(file, `unexpected parenthesis inside the "${block.verb}" block that starts on line ${block.line}`, { line: lineNo });
      out.push({ verb: block.verb, args: tokens, line: lineNo, ...(comment !== undefined ? { comment } : {}) });
      continue;
    }
    const verb = tokens[0] as string;
    if (tokens.length === 2 && tokens[1] === '(') {
      block = { verb, line: lineNo };
      continue;
    }
    if (tokens.length === 3 && tokens[1] === '(' && tokens[2] === ')') continue; // an empty block on one line
    if (tokens.includes('(') || tokens.includes(')')) throw malformed(file, `unexpected parenthesis after "${clip(verb)}"`, { line: lineNo });
    out.push({ verb, args: tokens.slice(1), line: lineNo, ...(comment !== undefined ? { comment } : {}) });
  }
  if (block) throw malformed(file, `the "${clip(block.verb)}" block that starts on line ${block.line} is not closed with ")"`, { line: block.line });
  return out;
}

/** Split one line into tokens (strings unquoted) and its trailing comment. */
function tokenize(line: string, file: string, lineNo: number): { tokens: string[]; comment?: string } {
  const tokens: string[] = [];
  let i = 0;
  const n = line.length;
  while (i < n) {
    const c = line[i] as string;
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') {
      i++;
      continue;
    }
    if (c === '/' && line[i + 1] === '/') return { tokens, comment: line.slice(i + 2).trim() };
    if (c === '(' || c === ')') {
      tokens.push(c);
      i++;
      continue;
    }
    if (c === '=' && line[i + 1] === '>') {
      tokens.push('=>');
      i += 2;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      let s = '';
      for (; j < n && line[j] !== '"'; j++) {
        if (line[j] === '\\') {
          const e = line[j + 1];
          if (e === undefined) break;
          s += e === 'n' ? '\n' : e === 't' ? '\t' : e;
          j++;
        } else s += line[j];
      }
      if (j >= n) throw malformed(file, 'a quoted string is not closed on its line', { line: lineNo, column: i + 1 });
      tokens.push(s);
      i = j + 1;
      continue;
    }
    if (c === '`') {
      const j = line.indexOf('`', i + 1);
      if (j === -1) throw malformed(file, 'a raw string is not closed on its line', { line: lineNo, column: i + 1 });
      tokens.push(line.slice(i + 1, j));
      i = j + 1;
      continue;
    }
    let j = i;
    while (j < n && !/[\s()"`]/.test(line[j] as string) && !(line[j] === '/' && line[j + 1] === '/') && !(line[j] === '=' && line[j + 1] === '>')) j++;
    tokens.push(line.slice(i, j));
    i = j;
  }
  return { tokens };
}

/** `// indirect` (or `// indirect; other notes`), as golang.org/x/mod/modfile reads it. */
export function isIndirect(comment: string | undefined): boolean {
  if (comment === undefined) return false;
  return comment === 'indirect' || comment.startsWith('indirect;');
}

/** A replacement target that is a folder rather than a module path (modfile.IsDirectoryPath). */
export function isDirectoryPath(p: string): boolean {
  return p === '.' || p === '..' || p.startsWith('./') || p.startsWith('../') || p.startsWith('/') ||
    p.startsWith('.\\') || p.startsWith('..\\') || p.startsWith('\\') || /^[A-Za-z]:[\\/]/.test(p);
}

export { clip };

