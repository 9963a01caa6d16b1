import { LineIndex } from '../../util/lines.js';

/**
 * Line numbers (1-based) of each `[[<table>]]` header in a TOML text, in order: the i-th entry of the array
 * of tables starts at the i-th line. Headers inside multi-line strings would be miscounted; lockfiles have none.
 */
export function arrayTableLines(text: string, table: string): number[] {
  const idx = new LineIndex(text);
  const out: number[] = [];
  const re = new RegExp(`^[ \\t]*\\[\\[[ \\t]*${table.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[ \\t]*\\]\\][ \\t]*(?:#.*)?\\r?$`, 'gm');
  for (let m = re.exec(text); m; m = re.exec(text)) out.push(idx.lineAt(m.index));
  return out;
}

/** Line of the first `key = …` (key bare or quoted, any case) in the text, or inside the table `[table]` when given. */
export function keyLine(text: string, key: string, opts: { table?: string } = {}): number | undefined {
  const lines = text.split('\n');
  let inTable = opts.table === undefined;
  const esc = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const keyRe = new RegExp(`^\\s*(?:"${esc}"|'${esc}'|${esc})\\s*=`, 'i');
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] as string;
    if (opts.table !== undefined && /^\s*\[/.test(l)) {
      const h = /^\s*\[+\s*([^\]]+?)\s*\]+/.exec(l);
      inTable = h?.[1] === opts.table;
      continue;
    }
    if (inTable && keyRe.test(l)) return i + 1;
  }
  return undefined;
}
