import {
  Bookmark, Document, InternalHyperlink, PageReference, Footer, Header, Packer, PageNumber, PageOrientation, Paragraph, type ParagraphChild, Tab, TabStopType,
  TableOfContents, TextRun, type FileChild, type IContext, type ISectionOptions,
} from 'docx';
import { unzipSync } from 'fflate';
import { TureenError } from '../../model/errors.js';
import type { ReportData } from '../data.js';
import { para } from './blocks.js';
import { formBookmark, renderForm } from './form.js';
import { FORM_SECTIONS } from './guidance.js';
import { contentsList, cover, notSoupList, removedList, soupList, summary, unreadableList, unrecordedList } from './lists.js';
import { documentStyles, S } from './styles.js';
import { clean, runs } from './text.js';
import { bulkContext, toXml } from './xml.js';
import { zip } from './zip.js';

/**
 * The Word document set (.docx) an auditor reads: cover page, table of contents, summary, the SOUP list, the list of
 * components that are not SOUP with their rationale, removed and unreadable records, then one assessment form per
 * item with its nine sections. Pure: the same data gives the same bytes (the document's date stands for every time
 * stamp the file format has).
 */

export { FORM_SECTIONS } from './guidance.js';

/** A4, 2 cm margins; the lists are on landscape pages (eleven columns and more). */
const PAGE = { width: 11906, height: 16838, margin: 1134 };
const TEXT_PORTRAIT = PAGE.width - 2 * PAGE.margin;
const TEXT_LANDSCAPE = PAGE.height - 2 * PAGE.margin;

/** Blocks written one at a time (see xml.ts): each yields its blocks, which are written and dropped before the next. */
type Bulk = () => Iterable<FileChild[]>;

interface Part {
  title: string;
  about: string;
  landscape: boolean;
  /** small blocks, kept in the docx document */
  intro?: FileChild[];
  bulk: Bulk;
}

export async function renderDocx(data: ReportData): Promise<Uint8Array> {
  // the date stamps the file (core properties, zip entries): it must be a real calendar date
  if (!/^\d{4}-\d{2}-\d{2}$/.test(data.date) || Number.isNaN(Date.parse(`${data.date}T00:00:00Z`))) {
    throw new TureenError({ code: 'usage', message: `the report date "${clean(data.date)}" is not a date as YYYY-MM-DD`, fix: 'Give the report date as YYYY-MM-DD, e.g. 2026-11-26.' });
  }
  const parts: Part[] = [
    { title: 'Summary', about: 'the register in numbers: items, completeness, classes, licences, open reviews', landscape: false, intro: summary(data, TEXT_PORTRAIT), bulk: () => [] },
    { title: 'SOUP list', about: `one row per SOUP item (${data.items.length}) with its exact version, supplier, licence, class, the state of its reviews and record, and the page of its form`, landscape: true, bulk: () => [soupList(data, TEXT_LANDSCAPE)] },
    ...(data.unrecorded.length ? [{ title: 'SOUP items without a record', about: `SOUP components (${data.unrecorded.length}) the scan found that have no record for the version shipped, so no assessment yet`, landscape: true, bulk: () => [unrecordedList(data, TEXT_LANDSCAPE)] }] : []),
    { title: 'Components that are not SOUP', about: `the third-party components (${data.notSoup.length}) decided not SOUP, each with the reason`, landscape: true, bulk: () => [notSoupList(data, TEXT_LANDSCAPE)] },
    ...(data.removed.length ? [{ title: 'Removed items', about: `records (${data.removed.length}) of items no longer in the device, kept for their history`, landscape: true, bulk: () => [removedList(data, TEXT_LANDSCAPE)] }] : []),
    ...(data.unreadable.length ? [{ title: 'Unreadable records', about: `record files (${data.unreadable.length}) that could not be read, listed so that nothing disappears silently`, landscape: true, bulk: () => [unreadableList(data, TEXT_LANDSCAPE)] }] : []),
    {
      title: 'Assessment forms', landscape: false,
      about: `one form per SOUP item, in the order of the SOUP list, each with its ${FORM_SECTIONS.length} sections, approvals and history`,
      intro: [
        para(S.body, `Each form below starts on a new page and holds, for one SOUP item at one exact version, the ${FORM_SECTIONS.length} sections of its assessment in this order: ${FORM_SECTIONS.map((s, i) => `${i + 1}. ${s.title}`).join('; ')}; then its approvals and its revision history.`),
        para(S.body, 'Under each section heading, a short text in italics says what the section is expected to show. Where the record has nothing yet for a section its safety class requires, the form says "Not written yet" in red; what tureen check found missing or wrong is written in red under the section it concerns.'),
      ],
      bulk: function* () {
        for (const [i, item] of data.items.entries()) yield renderForm(item, i, TEXT_PORTRAIT);
      },
    },
  ];
  const numbered = parts.map((p, i) => ({ ...p, title: `${i + 1} ${p.title}`, bookmark: `part_${i + 1}` }));

  // the table of contents (a TOC field of the headings with outline levels 1 and 2) is written with its entries, the
  // parts and the forms, each linked to its heading and with a page reference: Word and LibreOffice fill in the page
  // numbers when they update it (Word asks to on opening: updateFields)
  const entry = (title: string, level: 1 | 2, bookmark: string) => new Paragraph({
    style: `TOC${level}`,
    tabStops: [{ type: TabStopType.RIGHT, position: TEXT_PORTRAIT, leader: 'dot' }],
    children: [new InternalHyperlink({ anchor: bookmark, children: [...runs(title), new TextRun({ children: [new Tab()] }), new PageReference(bookmark)] })],
  });
  const toc = new TableOfContents('Contents', {
    hyperlink: true,
    headingStyleRange: '1-2',
    useAppliedParagraphOutlineLevel: true,
    contentChildren: numbered.flatMap((p) => [
      entry(p.title, 1, p.bookmark),
      ...(p.title.endsWith('Assessment forms') ? data.items.map((it, i) => entry(`${it.record.identification.name} ${it.record.identification.version}`, 2, formBookmark(i))) : []),
    ]),
  });
  const front: FileChild[] = [
    ...cover(data, TEXT_PORTRAIT),
    new Paragraph({ style: S.contentsHeading, pageBreakBefore: true, children: runs('Contents') }),
    toc,
    para(S.h3, 'The parts of this document'),
    ...contentsList(numbered),
  ];

  // consecutive parts of one orientation share a section; each bulky part is a placeholder paragraph for now
  const bulks: Bulk[] = [];
  const groups: { landscape: boolean; blocks: FileChild[] }[] = [{ landscape: false, blocks: front }];
  for (const p of numbered) {
    const blocks: FileChild[] = [new Paragraph({ style: S.h1, children: [new Bookmark({ id: p.bookmark, children: runs(p.title) })] }), ...(p.intro ?? [])];
    blocks.push(new Paragraph({ style: placeholderStyle(bulks.length) }));
    bulks.push(p.bulk);
    const last = groups[groups.length - 1]!;
    if (last.landscape === p.landscape) last.blocks.push(...blocks);
    else groups.push({ landscape: p.landscape, blocks });
  }
  // a section's properties go into its last paragraph, which must not be a placeholder
  for (const g of groups) g.blocks.push(new Paragraph({ style: S.spacer }));

  const sections: ISectionOptions[] = groups.map((g, i) => {
    const width = g.landscape ? TEXT_LANDSCAPE : TEXT_PORTRAIT;
    return {
      properties: {
        ...(i === 0 ? { titlePage: true } : {}),
        page: {
          size: { width: PAGE.width, height: PAGE.height, orientation: g.landscape ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT },
          margin: { top: PAGE.margin, bottom: PAGE.margin, left: PAGE.margin, right: PAGE.margin, header: 567, footer: 567 },
        },
      },
      headers: { default: header(data, width), ...(i === 0 ? { first: new Header({ children: [new Paragraph({ style: S.headerFooter })] }) } : {}) },
      footers: { default: footer(data, width), ...(i === 0 ? { first: new Footer({ children: [new Paragraph({ style: S.headerFooter })] }) } : {}) },
      children: g.blocks,
    };
  });

  const doc = new Document({
    title: clean(`${data.document.title} — ${data.device.name}${data.device.version ? ` ${data.device.version}` : ''}`),
    subject: clean(`${data.document.id} revision ${data.document.revision}`),
    creator: clean(`${data.tool.name} ${data.tool.version}`),
    description: clean(`SOUP register of ${data.device.name}, ${data.date}`),
    features: { updateFields: true },
    styles: documentStyles(),
    sections,
  });
  const files = await compile(doc);
  const te = new TextEncoder();
  const stamp = `${data.date}T00:00:00Z`;
  const core = decode(files.get('docProps/core.xml'));
  if (core) files.set('docProps/core.xml', core.replace(/(<dcterms:(created|modified)\b[^>]*>)[^<]*(<\/dcterms:\2>)/g, `$1${stamp}$3`));

  // the body goes into the zip as it is written: the docx body up to a placeholder, that part's XML block by block,
  // the body on to the next placeholder …; nothing holds the whole body at once
  const ids = new Map<string, number>();
  const main = renumberBookmarks(decode(files.get('word/document.xml')), ids);
  const context = bulkContext({ file: doc, viewWrapper: doc.Document, stack: [] } as unknown as IContext);
  function* body(): Iterable<Uint8Array> {
    let at = 0;
    for (const [n, bulk] of bulks.entries()) {
      const [start, end] = placeholderAt(main, n, at);
      yield te.encode(main.slice(at, start));
      for (const blocks of bulk()) yield te.encode(renumberBookmarks(toXml(blocks, context), ids));
      at = end;
    }
    yield te.encode(main.slice(at));
  }
  // zip entries carry a local date and time (fflate reads the Date's local fields): midnight of the report date, local,
  // is the same bytes in every time zone
  const [y, m, d] = data.date.split('-').map(Number) as [number, number, number];
  return zip([...files].map(([name, content]) => [name, name === 'word/document.xml' ? body() : [typeof content === 'string' ? te.encode(content) : content]]), new Date(y, m - 1, d));
}

const placeholderStyle = (n: number) => `TureenPlaceholder${n}`;

/** The start and end of the n-th placeholder paragraph (an empty paragraph of its own style: no register text has it). */
function placeholderAt(xml: string, n: number, from: number): [number, number] {
  const mark = xml.indexOf(`<w:pStyle w:val="${placeholderStyle(n)}"/>`, from);
  const start = xml.lastIndexOf('<w:p>', mark);
  const end = xml.indexOf('</w:p>', mark);
  if (mark < 0 || start < from || end < 0) throw new Error(`docx: placeholder ${n} not found in the document body`);
  return [start, end + '</w:p>'.length];
}

const decode = (v: string | Uint8Array | undefined): string => (v === undefined ? '' : typeof v === 'string' ? v : new TextDecoder().decode(v));


/**
 * The files of the package. docx's compiler gives them before zipping (a private member of Packer, used so the
 * document is zipped once, with the report's date on every entry); should docx change, the packed file is unzipped.
 */
async function compile(doc: Document): Promise<Map<string, string | Uint8Array>> {
  const compiler = (Packer as unknown as { compiler?: { compile?: (file: Document) => unknown } }).compiler;
  if (typeof compiler?.compile === 'function') {
    const files = compiler.compile(doc);
    if (files instanceof Map) return files as Map<string, string | Uint8Array>;
  }
  return new Map(Object.entries(unzipSync(await Packer.toBuffer(doc))));
}

const tabbed = (width: number, left: ParagraphChild[], right: ParagraphChild[]) => new Paragraph({
  style: S.headerFooter,
  tabStops: [{ type: TabStopType.RIGHT, position: width }],
  children: [...left, new TextRun({ children: [new Tab()] }), ...right],
});

function header(data: ReportData, width: number): Header {
  const d = data.device;
  return new Header({ children: [tabbed(width, runs(`${data.document.title} — ${d.name}${d.version ? ` ${d.version}` : ''}`), runs(d.manufacturer ?? ''))] });
}

function footer(data: ReportData, width: number): Footer {
  return new Footer({
    children: [tabbed(width,
      runs(`${data.document.id}, revision ${data.document.revision}, ${data.date}`),
      [new TextRun({ children: ['Page ', PageNumber.CURRENT, ' of ', PageNumber.TOTAL_PAGES] })])],
  });
}

/**
 * docx draws bookmark ids from a counter shared by every document the process makes; they are numbered again in order
 * of appearance, so the same data gives the same bytes. Only the bookmarks' tags are touched (text is escaped: a
 * register's words cannot hold a tag).
 */
export function renumberBookmarks(xml: string, ids: Map<string, number>): string {
  return xml.replace(/<w:bookmark(?:Start|End)\b[^>]*>/g, (tag) => tag.replace(/\bw:id="(\d+)"/, (_m, n: string) => {
    let v = ids.get(n);
    if (v === undefined) ids.set(n, (v = ids.size + 1));
    return `w:id="${v}"`;
  }));
}
