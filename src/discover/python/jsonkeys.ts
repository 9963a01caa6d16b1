import { LineIndex } from '../../util/lines.js';

/**
 * Lines of the keys at depth 1 and 2 of a JSON object text: `sections.get(section)?.get(key)` is the line of
 * `"key":` inside the top-level object `"section": {…}`; `top.get(section)` the line of the section's key.
 * A small scanner (strings with escapes, nesting); text that is not JSON gives partial maps, never an error.
 */
export function jsonKeyLines(text: string): { top: Map<string, number>; sections: Map<string, Map<string, number>> } {
  const idx = new LineIndex(text);
  const top = new Map<string, number>();
  const sections = new Map<string, Map<string, number>>();
  const stack: ('{' | '[')[] = [];
  let section: string | undefined;
  let lastString: { value: string; at: number } | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      const start = i;
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      let value = text.slice(start + 1, j);
      if (value.includes('\\')) {
        try {
          value = JSON.parse(text.slice(start, j + 1)) as string;
        } catch {
          // keep the raw text
        }
      }
      lastString = { value, at: start };
      i = j;
      continue;
    }
    if (ch === ':' && lastString) {
      const depth = stack.length;
      if (depth === 1 && stack[0] === '{') {
        section = lastString.value;
        if (!top.has(section)) top.set(section, idx.lineAt(lastString.at));
      } else if (depth === 2 && stack[1] === '{' && section !== undefined) {
        let m = sections.get(section);
        if (!m) sections.set(section, (m = new Map()));
        if (!m.has(lastString.value)) m.set(lastString.value, idx.lineAt(lastString.at));
      }
      lastString = undefined;
      continue;
    }
    if (ch === '{' || ch === '[') stack.push(ch);
    else if (ch === '}' || ch === ']') stack.pop();
    if (ch !== ' ' && ch !== '\n' && ch !== '\r' && ch !== '\t') lastString = undefined;
  }
  return { top, sections };
}
