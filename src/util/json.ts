import { malformed } from '../model/errors.js';
import { LineIndex } from './lines.js';

/**
 * JSON.parse with an error that names the file, line and column.
 * JSON.parse never assigns through `__proto__` (it defines own properties), so the result is plain data;
 * code that copies keys must still use Maps (see dict.ts).
 */
export function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(stripBom(text));
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const m = /position (\d+)/.exec(msg);
    const idx = new LineIndex(text);
    const offset = m ? Number(m[1]) : text.length;
    throw malformed(file, `not valid JSON: ${msg.replace(/ in JSON at position \d+.*$/, '')}`, {
      line: idx.lineAt(offset),
      column: idx.columnAt(offset),
    });
  }
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
