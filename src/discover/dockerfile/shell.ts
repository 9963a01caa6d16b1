/** One word of a shell command: its text without quotes, and the raw text as written (to find its line). */
export interface Word {
  text: string;
  raw: string;
  /** True when part of the word came from a command substitution or was otherwise not literal. */
  dynamic: boolean;
}

/**
 * Split a shell script into simple commands (lists of words), the small part of POSIX shell grammar a RUN line needs:
 * `&&`, `||`, `;`, `|`, `&`, newlines, `(`/`)` and `{`/`}` separate commands; quotes ('…', "…") and backslashes are
 * removed from words; `#` at the start of a word starts a comment; `$(…)` and backticks stay inside their word.
 */
export function splitCommands(script: string): Word[][] {
  const cmds: Word[][] = [];
  let cmd: Word[] = [];
  let word: Word | undefined;
  const endWord = () => {
    if (word) cmd.push(word);
    word = undefined;
  };
  const endCmd = () => {
    endWord();
    if (cmd.length) cmds.push(cmd);
    cmd = [];
  };
  const w = () => (word ??= { text: '', raw: '', dynamic: false });
  const n = script.length;
  for (let i = 0; i < n; i++) {
    const c = script[i] as string;
    if (c === '\n' || c === ';' || c === '&' || c === '|' || c === '(' || c === ')') {
      endCmd();
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      endWord();
      continue;
    }
    if (c === '#' && !word) {
      while (i < n && script[i] !== '\n') i++;
      endCmd();
      continue;
    }
    const cur = w();
    if (c === "'") {
      const end = script.indexOf("'", i + 1);
      const stop = end < 0 ? n : end;
      cur.text += script.slice(i + 1, stop);
      cur.raw += script.slice(i, stop + 1);
      i = stop;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < n && script[j] !== '"'; j++) {
        const d = script[j] as string;
        if (d === '\\' && j + 1 < n && '$`"\\\n'.includes(script[j + 1] as string)) {
          cur.text += script[j + 1];
          j++;
        } else {
          if (d === '$' && script[j + 1] === '(') cur.dynamic = true;
          if (d === '`') cur.dynamic = true;
          cur.text += d;
        }
      }
      cur.raw += script.slice(i, j + 1);
      i = j;
    } else if (c === '\\') {
      if (i + 1 < n && script[i + 1] !== '\n') cur.text += script[i + 1];
      cur.raw += script.slice(i, i + 2);
      i++;
    } else if (c === '$' && script[i + 1] === '(') {
      let depth = 0;
      let j = i + 1;
      for (; j < n; j++) {
        if (script[j] === '(') depth++;
        else if (script[j] === ')' && --depth === 0) break;
      }
      cur.text += script.slice(i, j + 1);
      cur.raw += script.slice(i, j + 1);
      cur.dynamic = true;
      i = j;
    } else if (c === '`') {
      const end = script.indexOf('`', i + 1);
      const stop = end < 0 ? n : end;
      cur.text += script.slice(i, stop + 1);
      cur.raw += script.slice(i, stop + 1);
      cur.dynamic = true;
      i = stop;
    } else if (c === '$' && script[i + 1] === '{') {
      const end = script.indexOf('}', i + 2);
      const stop = end < 0 ? n - 1 : end;
      cur.text += script.slice(i, stop + 1);
      cur.raw += script.slice(i, stop + 1);
      i = stop;
    } else {
      cur.text += c;
      cur.raw += c;
    }
  }
  endCmd();
  return cmds;
}

const KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', 'for', 'in', 'case', 'esac', '!', '{', '}', 'time']);
const WRAPPERS = new Set(['sudo', 'env', 'command', 'exec', 'nice', 'nohup', 'eatmydata', 'stdbuf']);

/** The command's words without leading shell keywords, VAR=value assignments and wrappers (sudo, env …). */
export function commandWords(cmd: Word[]): Word[] {
  let i = 0;
  while (i < cmd.length) {
    const t = (cmd[i] as Word).text;
    if (KEYWORDS.has(t) || WRAPPERS.has(t) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(t)) i++;
    else if ((t === '-u' || t === '-E') && i > 0 && (cmd[i - 1] as Word).text === 'sudo') i++;
    else break;
  }
  return cmd.slice(i);
}
