import { unzipSync } from 'fflate';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/**
 * A .docx read back as a reader program sees it, independently of the writer: the zip opened with fflate, each part
 * parsed with fast-xml-parser, and the body turned into blocks (paragraphs with their style and text, tables with the
 * text of each cell) in document order.
 */

type Node = Record<string, unknown>;

export interface Para { kind: 'p'; style?: string; text: string }
export interface Tbl { kind: 'tbl'; style?: string; rows: string[][]; headerRows: number }
export type Block = Para | Tbl;

export interface DocxRead {
  parts: Map<string, string>;
  /** the body's blocks, in order; content controls (the table of contents) are looked into */
  blocks: Block[];
  /** every field instruction (complex fields' w:instrText and simple fields' w:instr) of the body, headers and footers */
  instructions: string[];
  /** each section's page orientation, in order */
  orientations: string[];
}

const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', trimValues: false, parseTagValue: false, parseAttributeValue: false });

const nameOf = (n: Node): string => Object.keys(n).find((k) => k !== ':@') ?? '';
const kids = (n: Node): Node[] => (Array.isArray(n[nameOf(n)]) ? (n[nameOf(n)] as Node[]) : []);
const attr = (n: Node, a: string): string | undefined => (n[':@'] as Record<string, string> | undefined)?.[a];
const find = (n: Node, name: string): Node | undefined => kids(n).find((k) => nameOf(k) === name);

/** The text of a paragraph or cell as a reader sees it: runs' text, tabs, breaks; not field instructions. */
export function textOf(n: Node): string {
  let out = '';
  for (const k of kids(n)) {
    const name = nameOf(k);
    if (name === '#text') out += String(k['#text']);
    else if (name === 'w:t') out += kids(k).map((t) => String(t['#text'] ?? '')).join('');
    else if (name === 'w:tab') out += '\t';
    else if (name === 'w:br') out += '\n';
    else if (name === 'w:instrText' || name === 'w:pPr' || name === 'w:rPr') continue;
    else if (name === 'w:p') out += (out ? '\n' : '') + textOf(k);
    else out += textOf(k);
  }
  return out;
}

function instructionsOf(n: Node, out: string[]): void {
  for (const k of kids(n)) {
    const name = nameOf(k);
    if (name === 'w:instrText') out.push(textOf(k));
    else if (name === 'w:fldSimple') out.push(attr(k, 'w:instr') ?? '');
    else if (name !== '#text') instructionsOf(k, out);
  }
}

function blocksOf(nodes: Node[], out: Block[], orientations: string[]): void {
  for (const n of nodes) {
    const name = nameOf(n);
    if (name === 'w:p') {
      const pPr = find(n, 'w:pPr');
      const style = pPr && find(pPr, 'w:pStyle');
      const sect = pPr && find(pPr, 'w:sectPr');
      if (sect) orientations.push(attr(find(sect, 'w:pgSz') ?? {}, 'w:orient') ?? 'portrait');
      out.push({ kind: 'p', ...(style ? { style: attr(style, 'w:val') ?? '' } : {}), text: textOf(n) });
    } else if (name === 'w:tbl') {
      const tblPr = find(n, 'w:tblPr');
      const style = tblPr && find(tblPr, 'w:tblStyle');
      const rows = kids(n).filter((k) => nameOf(k) === 'w:tr');
      const headerRows = rows.filter((r) => {
        const trPr = find(r, 'w:trPr');
        return !!trPr && !!find(trPr, 'w:tblHeader');
      }).length;
      out.push({ kind: 'tbl', ...(style ? { style: attr(style, 'w:val') ?? '' } : {}), headerRows, rows: rows.map((r) => kids(r).filter((c) => nameOf(c) === 'w:tc').map(textOf)) });
    } else if (name === 'w:sdt') {
      blocksOf(kids(find(n, 'w:sdtContent') ?? {}), out, orientations);
    } else if (name === 'w:sectPr') {
      orientations.push(attr(find(n, 'w:pgSz') ?? {}, 'w:orient') ?? 'portrait');
    }
  }
}

export function readDocx(bytes: Uint8Array): DocxRead {
  const files = unzipSync(bytes);
  const parts = new Map<string, string>();
  for (const [name, data] of Object.entries(files)) if (name.endsWith('.xml') || name.endsWith('.rels')) parts.set(name, new TextDecoder().decode(data));
  for (const [name, xml] of parts) {
    const v = XMLValidator.validate(xml);
    if (v !== true) throw new Error(`${name} is not well-formed XML: ${v.err.msg} (line ${v.err.line})`);
  }
  const doc = parser.parse(parts.get('word/document.xml') ?? '') as Node[];
  const root = doc.find((n) => nameOf(n) === 'w:document');
  const body = root && find(root, 'w:body');
  if (!body) throw new Error('word/document.xml has no body');
  const blocks: Block[] = [];
  const orientations: string[] = [];
  blocksOf(kids(body), blocks, orientations);
  const instructions: string[] = [];
  for (const [name, xml] of parts) {
    if (name === 'word/document.xml' || /^word\/(header|footer)\d*\.xml$/.test(name)) {
      for (const n of parser.parse(xml) as Node[]) instructionsOf(n, instructions);
    }
  }
  return { parts, blocks, instructions, orientations };
}

/** The first table whose first row is exactly these column names. */
export function tableWithHeader(blocks: Block[], head: readonly string[]): Tbl | undefined {
  return blocks.find((b): b is Tbl => b.kind === 'tbl' && JSON.stringify(b.rows[0]) === JSON.stringify(head));
}
