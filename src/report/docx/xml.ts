import { FileChild, NextAttributeComponent, Paragraph, TableCell, TableRow, TextRun, WidthType, XmlComponent, type IContext } from 'docx';

/**
 * Writing parts of the document one at a time. docx keeps every component of a document, then an object tree of all
 * of them, alive until the document is written: for a 1,000-item register (over a million elements) that took more
 * than a gigabyte and most of the time went to garbage collection. The bulky parts (the lists and the assessment
 * forms) are therefore made by docx's components as usual, turned into their objects by docx (`prepForXml`), and
 * written to XML here right away, one item at a time, so that only the XML stays; the document (made by docx) holds a
 * placeholder paragraph where each part goes.
 *
 * The objects are docx's own (`IXmlableObject`, the shape the xml package took): `{ name: children }` where children
 * is an array of elements, `{ _attr: {...} }` attribute objects and text, or an attribute object alone, or a value.
 * Text and attribute values are escaped here, and the characters XML 1.0 forbids are dropped, as docx does.
 */

type Xmlable = Record<string, unknown>;

/**
 * docx writes the attributes of most elements (a cell's width, a paragraph's style …) with NextAttributeComponent,
 * whose prepForXml copies the attribute object once per attribute (a reduce over object spreads): a fifth of the time
 * of a 1,000-item document. This gives the very same object (same keys, order and values) in one pass. It replaces the
 * method on docx's class, for every document of the process; should docx change the method, it is left alone.
 */
type Attributes = Record<string, { key: string; value: unknown }>;
export const docxAttributesPrep = NextAttributeComponent.prototype.prepForXml;
export function attributesPrep(this: unknown): { _attr: Record<string, unknown> } {
  const root = (this as { root: Attributes }).root;
  const attr: Record<string, unknown> = {};
  for (const k in root) {
    const a = root[k];
    if (a && a.value !== undefined) attr[a.key] = a.value;
  }
  return { _attr: attr };
}
if (/reduce\(/.test(String(docxAttributesPrep))) {
  (NextAttributeComponent.prototype as unknown as { prepForXml: unknown }).prepForXml = attributesPrep;
}

// as docx escapes both text and attribute values
// eslint-disable-next-line no-control-regex
const ESCAPED = /[&"'<>\u0000-\u0008\u000B\u000C\u000E-\u001F]/g;
const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\'': '&apos;' };
export const escapeXml = (s: string): string => s.replace(ESCAPED, (c) => ESC[c] ?? '');

/**
 * The plainest and most frequent shapes of the bulky parts — a paragraph of one line of text in a style, a table cell
 * holding one — written here straight to the XML docx writes for them (`<w:p><w:pPr><w:pStyle …/></w:pPr><w:r><w:t
 * xml:space="preserve">…</w:t></w:r></w:p>`), without docx's components: for a 1,000-item register they are most of
 * the half a million objects docx would make and collect. Only text with no character that needs care (no line break,
 * tab, control or bidi character, see runs()) takes this path; anything else is made by docx. In a context that is
 * not one of toXml's (docx writing the front matter itself), they are made by docx as usual.
 */
const BULK = new WeakSet<object>();

/** The serialisation context of the bulky parts (toXml's), in which plain blocks are written directly. */
export function bulkContext(context: IContext): IContext {
  BULK.add(context);
  return context;
}

/** A run of plain text as XML, and as docx's component for docx's own writer: the same run. */
const textRun = (text: string, runStyle: string | undefined): string =>
  `<w:r>${runStyle ? `<w:rPr><w:rStyle w:val="${escapeXml(runStyle)}"/></w:rPr>` : ''}<w:t xml:space="preserve">${escapeXml(text)}</w:t></w:r>`;
const docxRun = (text: string, runStyle: string | undefined): TextRun => new TextRun({ text, ...(runStyle ? { style: runStyle } : {}) });

const attrs = (a: unknown): string => {
  if (!a || typeof a !== 'object') return '';
  let out = '';
  for (const k in a as Record<string, unknown>) {
    const v = (a as Record<string, unknown>)[k];
    if (v === undefined || v === null) continue;
    out += ` ${k}="${escapeXml(String(v))}"`;
  }
  return out;
};

/** The element's name: the one key of docx's object (read without making an array of keys). */
const nameOf = (node: object): string | undefined => {
  for (const k in node) return k;
  return undefined;
};

/** The key of an object that is XML already written (by PlainParagraph and PlainCell); no element name has it. */
const RAW = '#raw';

function write(node: Xmlable, out: string[]): void {
  const name = nameOf(node);
  if (name === undefined) return;
  const value = node[name];
  if (name === RAW) {
    out.push(value as string);
    return;
  }
  if (value === null || value === undefined) {
    out.push(`<${name}/>`);
    return;
  }
  if (typeof value !== 'object') {
    out.push(`<${name}>${escapeXml(String(value))}</${name}>`);
    return;
  }
  if (!Array.isArray(value)) {
    // an element with attributes only, or empty
    out.push(`<${name}${attrs((value as { _attr?: unknown })._attr)}/>`);
    return;
  }
  let a = '';
  const body: string[] = [];
  for (const child of value as unknown[]) {
    if (child === undefined || child === null) continue;
    if (typeof child !== 'object') body.push(escapeXml(String(child)));
    else if (nameOf(child) === '_attr') a += attrs((child as { _attr: unknown })._attr);
    else write(child as Xmlable, body);
  }
  out.push(body.length ? `<${name}${a}>${body.join('')}</${name}>` : `<${name}${a}/>`);
}

/**
 * A paragraph of ours that every form repeats (a section heading, its guidance, "Not written yet", a table's column
 * names, a field's label): made by docx once, then given again as the objects docx made for it, and, on its own
 * in the body, as the XML written for it. Only our constant words are kept this way, never register text.
 */
export class FixedParagraph extends Paragraph {
  // one per kind of context: in toXml's, its runs are written XML (PlainRun), which docx's own writer cannot take
  private prepared: ReturnType<Paragraph['prepForXml']>;
  private preparedBulk: ReturnType<Paragraph['prepForXml']>;
  private xml: string | undefined;
  override prepForXml(context: IContext): ReturnType<Paragraph['prepForXml']> {
    return BULK.has(context) ? (this.preparedBulk ??= super.prepForXml(context)) : (this.prepared ??= super.prepForXml(context));
  }
  written(context: IContext): string {
    if (this.xml === undefined) {
      const parts: string[] = [];
      const o = this.prepForXml(context);
      if (o) write(o as Xmlable, parts);
      this.xml = parts.join('');
    }
    return this.xml;
  }
}

/** A table cell of our own words (a column name, a field's label, a dash), made by docx once per width. */
export class FixedTableCell extends TableCell {
  private prepared: ReturnType<TableCell['prepForXml']>;
  private preparedBulk: ReturnType<TableCell['prepForXml']>;
  override prepForXml(context: IContext): ReturnType<TableCell['prepForXml']> {
    return BULK.has(context) ? (this.preparedBulk ??= super.prepForXml(context)) : (this.prepared ??= super.prepForXml(context));
  }
}

/** A table's header row of our own column names, made by docx once per table shape. */
export class FixedTableRow extends TableRow {
  private prepared: ReturnType<TableRow['prepForXml']>;
  private preparedBulk: ReturnType<TableRow['prepForXml']>;
  override prepForXml(context: IContext): ReturnType<TableRow['prepForXml']> {
    return BULK.has(context) ? (this.preparedBulk ??= super.prepForXml(context)) : (this.prepared ??= super.prepForXml(context));
  }
}

export interface PlainText {
  /** one line of text without any character runs() treats specially (the caller checks with isPlain) */
  text: string;
  /** paragraph style */
  style?: string;
  /** character style of the run */
  runStyle?: string;
  keepNext?: boolean;
}

/** A run of one line of plain text, in a character style or none (see BULK). */
export class PlainRun extends XmlComponent {
  constructor(readonly text: string, readonly runStyle?: string) {
    super('w:r');
  }
  override prepForXml(context: IContext): ReturnType<XmlComponent['prepForXml']> {
    return BULK.has(context) ? { [RAW]: textRun(this.text, this.runStyle) } : docxRun(this.text, this.runStyle).prepForXml(context);
  }
}

/** A paragraph of one line of plain text (see BULK). */
export class PlainParagraph extends FileChild {
  constructor(readonly plain: PlainText) {
    super('w:p');
  }
  xml(): string {
    const { text, style, runStyle, keepNext } = this.plain;
    const props = `${style ? `<w:pStyle w:val="${escapeXml(style)}"/>` : ''}${keepNext ? '<w:keepNext/>' : ''}`;
    return `<w:p>${props ? `<w:pPr>${props}</w:pPr>` : ''}${textRun(text, runStyle)}</w:p>`;
  }
  docx(): Paragraph {
    const { text, style, runStyle, keepNext } = this.plain;
    return new Paragraph({ ...(style ? { style } : {}), ...(keepNext ? { keepNext } : {}), children: [docxRun(text, runStyle)] });
  }
  override prepForXml(context: IContext): ReturnType<XmlComponent['prepForXml']> {
    return BULK.has(context) ? { [RAW]: this.xml() } : this.docx().prepForXml(context);
  }
}

/** A table cell of a given width holding one paragraph of plain text (see BULK). */
export class PlainCell extends XmlComponent {
  /** what docx's Table reads of a cell (no column span) */
  readonly options = {};
  constructor(private width: number, readonly paragraph: PlainParagraph) {
    super('w:tc');
  }
  /** docx's Table gives each cell the width of its columns (the same twips here: our tables are never scaled) */
  setColumnWidth(twips: number): void {
    this.width = twips;
  }
  override prepForXml(context: IContext): ReturnType<XmlComponent['prepForXml']> {
    if (BULK.has(context)) return { [RAW]: `<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="${this.width}"/></w:tcPr>${this.paragraph.xml()}</w:tc>` };
    return new TableCell({ width: { size: this.width, type: WidthType.DXA }, children: [this.paragraph.docx()] }).prepForXml(context);
  }
}

/** The XML of components, as docx writes them into the document body. */
export function toXml(components: readonly XmlComponent[], context: IContext): string {
  const out: string[] = [];
  for (const c of components) {
    if (c instanceof FixedParagraph) {
      out.push(c.written(context));
      continue;
    }
    const o = c.prepForXml(context);
    if (o) write(o as Xmlable, out);
  }
  return out.join('');
}
