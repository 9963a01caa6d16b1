import { HeightRule, Paragraph, Table, TableCell, TableLayoutType, TableRow, TextRun, WidthType, type ParagraphChild } from 'docx';
import { S } from './styles.js';
import { isPlain, runs } from './text.js';
import { FixedParagraph, FixedTableCell, FixedTableRow, PlainCell, PlainParagraph, PlainRun } from './xml.js';

/** The small builders every part of the document is made of: styled paragraphs and styled tables. */

export type Inline = string | undefined | ParagraphChild[];

const inline = (v: Inline, style?: string): ParagraphChild[] =>
  Array.isArray(v) ? v : runs(v === undefined || v === '' ? '—' : v, style ? { style } : {});

/** A paragraph in a style: one line of plain text is a PlainParagraph (written directly in the bulky parts). */
export const para = (style: string, v: Inline, extra: { keepNext?: boolean } = {}): Paragraph | PlainParagraph => {
  const text = v === undefined || v === '' ? '—' : v;
  return typeof text === 'string' && isPlain(text)
    ? new PlainParagraph({ text, style, ...(extra.keepNext ? { keepNext: true } : {}) })
    : new Paragraph({ style, children: inline(v), ...extra });
};

const fixedByStyle = new Map<string, Map<string, FixedParagraph>>();
/** The one paragraph of our constant words in this style (see FixedParagraph): never give it register text. */
export function fixed(style: string | undefined, text: string): FixedParagraph {
  let byText = fixedByStyle.get(style ?? '');
  if (!byText) fixedByStyle.set(style ?? '', (byText = new Map()));
  let p = byText.get(text);
  if (!p) byText.set(text, (p = new FixedParagraph({ ...(style ? { style } : {}), children: runs(text) })));
  return p;
}

/** A value in the code style (ids, purls, hashes): runs of the register's text. */
export const code = (s: string | undefined): ParagraphChild[] => (s ? runs(s, { style: S.code }) : runs('—'));

/** Lines of text in one cell or paragraph, separated by line breaks. */
export const lines = (xs: readonly (string | undefined)[]): ParagraphChild[] => {
  const out: ParagraphChild[] = [];
  for (const x of xs.filter((s): s is string => !!s && s.trim() !== '')) {
    if (out.length) out.push(new TextRun({ break: 1 }));
    out.push(...runs(x));
  }
  return out.length ? out : runs('—');
};

/**
 * A table that knows its width. docx looks up the width available to each table while writing it by searching the
 * document body for the table (`resolveAvailableWidth`, a private method): once per table, over a body of hundreds of
 * thousands of blocks, that search made a 1,000-item register take seconds. Our tables are given in twips, so the
 * width available only decides whether docx scales the columns up, which must not happen: the table's own width is the
 * answer. Should docx rename the method, this falls back to docx's search: slower, the same document.
 */
class SizedTable extends Table {
  constructor(options: ConstructorParameters<typeof Table>[0], readonly widthTwips: number) {
    super(options);
  }
}
Object.defineProperty(SizedTable.prototype, 'resolveAvailableWidth', {
  value(this: SizedTable) {
    return this.widthTwips;
  },
});

export type Cell = Inline | (Paragraph | PlainParagraph)[];

/** A paragraph, made by docx or written directly. */
export const isParagraph = (b: unknown): b is Paragraph | PlainParagraph => b instanceof Paragraph || b instanceof PlainParagraph;

// A data cell's paragraph has no style of its own: the table style's paragraph and run properties format it, which
// keeps a 1,000-item document a third smaller (and faster to write and open).
const cell = (v: Cell, width: number): TableCell => {
  if (v === undefined || v === '') return fixedCell('—', width);
  // docx's rows and tables read of a cell only its element name, options.columnSpan and setColumnWidth: PlainCell has them
  if (typeof v === 'string' && isPlain(v)) return new PlainCell(width, new PlainParagraph({ text: v })) as unknown as TableCell;
  // one plain run (code(), a styled value)
  const only = Array.isArray(v) && v.length === 1 ? v[0] : undefined;
  if (only instanceof PlainRun) return new PlainCell(width, new PlainParagraph({ text: only.text, ...(only.runStyle ? { runStyle: only.runStyle } : {}) })) as unknown as TableCell;
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    children: Array.isArray(v) && v.length > 0 && isParagraph(v[0]) ? (v as Paragraph[]) : [new Paragraph({ children: inline(v as Inline) })],
  });
};

const fixedCells = new Map<string, FixedTableCell>();
/** The one cell of our own words (a column name, a field's label, a dash) at this width and style. */
function fixedCell(text: string, width: number, style?: string): FixedTableCell {
  const key = `${style ?? ''}\u0000${width}\u0000${text}`;
  let c = fixedCells.get(key);
  if (!c) fixedCells.set(key, (c = new FixedTableCell({ width: { size: width, type: WidthType.DXA }, children: [fixed(style, text)] })));
  return c;
}

const headerRows = new Map<string, FixedTableRow>();
/** The one header row of these column names and widths, repeated on every page the table runs onto. */
function headerRow(head: readonly string[], widths: readonly number[]): FixedTableRow {
  const key = `${head.join('\u0000')}\u0001${widths.join(',')}`;
  let r = headerRows.get(key);
  if (!r) headerRows.set(key, (r = new FixedTableRow({ tableHeader: true, cantSplit: true, children: head.map((h, i) => fixedCell(h, widths[i] ?? 0, S.cellHead)) })));
  return r;
}

/**
 * A table in the "Tureen Table" style: its first row is the header, repeated at the top of every page the table runs
 * onto; no row is split across pages (a row is one item or one entry, read as a whole).
 */
export function table(head: readonly string[], rows: readonly Cell[][], widths: readonly number[], opts: { minRowHeight?: number } = {}): Table {
  const total = widths.reduce((a, b) => a + b, 0);
  return new SizedTable({
    style: S.table,
    layout: TableLayoutType.FIXED,
    width: { size: total, type: WidthType.DXA },
    columnWidths: [...widths],
    tableLook: { firstRow: true, firstColumn: false, lastRow: false, lastColumn: false, noHBand: true, noVBand: true },
    rows: [
      headerRow(head, widths),
      ...rows.map((r) => new TableRow({
        cantSplit: true,
        ...(opts.minRowHeight ? { height: { value: opts.minRowHeight, rule: HeightRule.ATLEAST } } : {}),
        children: r.map((c, i) => cell(c, widths[i] ?? 0)),
      })),
    ],
  }, total);
}

/** A two-column table of labelled values in the "Tureen Fields Table" style (labels in the first column). */
export function fields(rows: readonly (readonly [string, Cell])[], width: number, labelShare = 0.27): Table {
  const label = Math.round(width * labelShare);
  const widths = [label, width - label];
  return new SizedTable({
    style: S.fields,
    layout: TableLayoutType.FIXED,
    width: { size: width, type: WidthType.DXA },
    columnWidths: widths,
    tableLook: { firstRow: false, firstColumn: true, lastRow: false, lastColumn: false, noHBand: true, noVBand: true },
    // a field's row is short: it may break across pages like a paragraph
    rows: rows.map(([k, v]) => new TableRow({ children: [fixedCell(k, label), cell(v, width - label)] })),
  }, width);
}
