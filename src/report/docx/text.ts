import { Tab, TextRun, type IRunOptions } from 'docx';
import { PlainRun } from './xml.js';

/**
 * Register text on its way into the document. It only ever becomes the text of runs (`w:t`), which docx escapes, so
 * markup, `]]>` or Word field syntax in a name stays visible text. Two kinds of characters need more:
 * - those XML 1.0 forbids (most C0 controls, U+FFFE/U+FFFF, lone surrogates) would make the file unreadable: removed;
 * - invisible characters that change how the text around them reads (bidirectional overrides, embeddings, isolates and
 *   marks, C1 controls, DEL) would let a name reorder or hide what follows it: shown as "[U+202E]" so a reader sees them.
 */

// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const INVISIBLE = /[\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** The text as the document shows it: forbidden characters removed, text-reordering ones made visible. */
export function clean(s: string): string {
  return s.replace(FORBIDDEN, '').replace(INVISIBLE, (c) => `[U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}]`);
}

type RunStyle = Omit<IRunOptions, 'text' | 'children' | 'break'>;

// eslint-disable-next-line no-control-regex
const SPECIAL = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\uD800-\uDFFF\uFFFE\uFFFF]/;

/** Text with no character that runs() treats specially: one line, written as it is. */
export const isPlain = (s: string): boolean => !SPECIAL.test(s);

/** Runs for a text: lines become line breaks and tabs become tab characters, everything else is literal text. */
export function runs(s: string | undefined, style: RunStyle = {}): TextRun[] {
  if (s === undefined) return [];
  // most text is one plain line: in a character style or none, written directly in the bulky parts (PlainRun)
  if (!SPECIAL.test(s)) return Object.keys(style).every((k) => k === 'style') ? [new PlainRun(s, style.style) as unknown as TextRun] : [new TextRun({ ...style, text: s })];
  const lines = clean(s).split(/\r\n|\r|\n/);
  return lines.map((line, i) => new TextRun({
    ...style,
    ...(i > 0 ? { break: 1 } : {}),
    children: line.split('\t').flatMap((part, j) => [...(j > 0 ? [new Tab()] : []), ...(part ? [part] : [])]),
  }));
}
