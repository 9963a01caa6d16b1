import { malformed } from '../../model/errors.js';

/** One instruction of a Dockerfile, after line continuations are joined and comments removed. */
export interface Instruction {
  /** Upper-cased keyword: FROM, RUN, ARG, ENV, COPY … */
  keyword: string;
  /** The rest of the logical line (continuations joined, the escape character and newline removed). */
  args: string;
  /** 1-based line of the keyword. */
  line: number;
  /** 1-based last physical line (heredoc bodies included). */
  endLine: number;
  /** Heredoc bodies (`RUN <<EOF` … `EOF`), in order. */
  heredocs: { name: string; body: string; line: number }[];
}

export interface ParsedDockerfile {
  directives: Map<string, string>;
  escape: string;
  instructions: Instruction[];
  /** The physical lines (for placing tokens on their line). */
  lines: string[];
}

const DIRECTIVE = /^#\s*([A-Za-z][A-Za-z0-9_-]*)\s*=\s*(.*?)\s*$/;
const HEREDOC = /<<(-?)\s*(["']?)([A-Za-z_][A-Za-z0-9_]*)\2/g;
const HEREDOC_KEYWORDS = new Set(['RUN', 'COPY', 'ADD']);

/**
 * Split a Dockerfile into instructions the way BuildKit's parser does (Dockerfile reference, "Format",
 * "Parser directives", "Escape", "Here-Documents"): parser directives only at the very top; `#` lines are comments,
 * also inside a continued instruction; a line ending in the escape character (default `\`, or the `escape`
 * directive's) continues on the next; empty lines inside a continuation are skipped; `<<EOF` in RUN/COPY/ADD starts
 * a here-document that ends at a line `EOF` (`<<-EOF`: leading tabs removed).
 */
export function parseDockerfile(text: string, file: string): ParsedDockerfile {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const directives = new Map<string, string>();
  let i = 0;
  for (; i < lines.length; i++) {
    const m = DIRECTIVE.exec(lines[i] as string);
    if (!m) break;
    const key = (m[1] as string).toLowerCase();
    if (directives.has(key)) break; // a repeated directive is a comment (BuildKit)
    directives.set(key, m[2] as string);
  }
  const escDirective = directives.get('escape');
  if (escDirective !== undefined && escDirective !== '\\' && escDirective !== '`') {
    throw malformed(file, `invalid escape directive "${escDirective.slice(0, 10)}": only \\ and \` are allowed`, { line: 1, key: 'escape' },
      'Use "# escape=\\" or "# escape=`" on the first line, or remove the directive.');
  }
  const escape = escDirective ?? '\\';
  const instructions: Instruction[] = [];
  while (i < lines.length) {
    const first = lines[i] as string;
    const trimmed = first.trim();
    if (trimmed === '' || trimmed.startsWith('#')) {
      i++;
      continue;
    }
    const start = i;
    let logical = '';
    let cur = first;
    for (;;) {
      const t = cur.replace(/\s+$/, '');
      if (t.endsWith(escape)) {
        logical += t.slice(0, -1);
        i++;
        // skip comment lines and empty lines inside the continuation
        while (i < lines.length && /^\s*(#.*)?$/.test(lines[i] as string)) i++;
        if (i >= lines.length) break;
        cur = lines[i] as string;
        continue;
      }
      logical += cur;
      i++;
      break;
    }
    const m = /^\s*([A-Za-z]+)(?:\s+|$)([\s\S]*)$/.exec(logical);
    if (!m) {
      throw malformed(file, `line ${start + 1} does not start with an instruction`, { line: start + 1 },
        'Each Dockerfile line starts with an instruction (FROM, RUN, COPY …), a comment (#) or continues the line before with \\.');
    }
    const keyword = (m[1] as string).toUpperCase();
    const args = (m[2] as string).trim();
    const heredocs: Instruction['heredocs'] = [];
    if (HEREDOC_KEYWORDS.has(keyword) && args.includes('<<')) {
      for (const h of args.matchAll(HEREDOC)) {
        const strip = h[1] === '-';
        const name = h[3] as string;
        const bodyLine = i + 1;
        const body: string[] = [];
        while (i < lines.length) {
          const l = lines[i] as string;
          i++;
          const cmp = strip ? l.replace(/^\t+/, '') : l;
          if (cmp === name) break;
          body.push(cmp);
        }
        heredocs.push({ name, body: body.join('\n'), line: bodyLine });
      }
    }
    instructions.push({ keyword, args, line: start + 1, endLine: i, heredocs });
  }
  return { directives, escape, instructions, lines };
}
