import { BorderStyle, ImportedXmlComponent, type IStylesOptions } from 'docx';

/**
 * The document's named styles. Every paragraph and table of the document uses one of these and carries no direct
 * formatting of its own (beyond column widths), so a company restyles the whole set by changing the styles in Word
 * (Home > Styles > Modify), or by copying its own styles in with the Organizer.
 */

export const S = {
  title: 'TureenTitle',
  subtitle: 'TureenSubtitle',
  coverField: 'TureenCoverField',
  h1: 'TureenHeading1',
  h2: 'TureenHeading2',
  h3: 'TureenHeading3',
  body: 'TureenBody',
  guidance: 'TureenGuidance',
  gap: 'TureenGap',
  finding: 'TureenFinding',
  contentsHeading: 'TureenContentsHeading',
  cell: 'TureenTableText',
  cellHead: 'TureenTableHeader',
  signLine: 'TureenSignatureLine',
  headerFooter: 'TureenHeaderFooter',
  contents: 'TureenContentsList',
  spacer: 'TureenSpacer',
  table: 'TureenTable',
  fields: 'TureenFieldsTable',
  code: 'TureenCode',
} as const;

/** The style names Word shows (the TOC's \t switch names the heading styles by these). */
export const STYLE_NAMES = {
  h1: 'Tureen Heading 1',
  h2: 'Tureen Heading 2',
  h3: 'Tureen Heading 3',
  table: 'Tureen Table',
  fields: 'Tureen Fields Table',
} as const;

const FONT = 'Arial';
const MONO = 'Courier New';
const ACCENT = '1F3864';
const GREY = '595959';
const pt = (n: number) => n * 2; // half-points

/**
 * Table styles have no builder in docx; these are written as WordprocessingML style definitions. Constant text of
 * ours: nothing from the register goes here.
 */
const tableStyle = (id: string, name: string, firstColumn: boolean) => ImportedXmlComponent.fromXmlString(
  `<w:style xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" w:type="table" w:customStyle="1" w:styleId="${id}">` +
  `<w:name w:val="${name}"/><w:basedOn w:val="TableNormal"/><w:uiPriority w:val="40"/><w:qFormat/>` +
  `<w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:rPr><w:rFonts w:ascii="${FONT}" w:hAnsi="${FONT}" w:cs="${FONT}" w:eastAsia="${FONT}"/><w:sz w:val="17"/><w:szCs w:val="17"/></w:rPr>` +
  '<w:tblPr><w:tblBorders>' +
  ['top', 'left', 'bottom', 'right', 'insideH', 'insideV'].map((s) => `<w:${s} w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"/>`).join('') +
  '</w:tblBorders><w:tblCellMar><w:top w:w="40" w:type="dxa"/><w:left w:w="80" w:type="dxa"/><w:bottom w:w="40" w:type="dxa"/><w:right w:w="80" w:type="dxa"/></w:tblCellMar></w:tblPr>' +
  (firstColumn
    ? '<w:tblStylePr w:type="firstCol"><w:rPr><w:b/><w:bCs/></w:rPr><w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="EDF1F8"/></w:tcPr></w:tblStylePr>'
    : '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/></w:rPr><w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="D9E2F3"/></w:tcPr></w:tblStylePr>') +
  '</w:style>',
);

// Each part, and each assessment form, starts on a page of its own. docx writes a style's pageBreakBefore, which its
// types leave out of style options: these are given as values rather than literals for that reason.
const H1_PARAGRAPH = { outlineLevel: 0, keepNext: true, keepLines: true, pageBreakBefore: true, spacing: { before: 0, after: 160 } };
const H2_PARAGRAPH = {
  outlineLevel: 1, keepNext: true, keepLines: true, pageBreakBefore: true, spacing: { before: 0, after: 120 },
  border: { bottom: { style: BorderStyle.SINGLE, size: 8, color: ACCENT, space: 4 } },
};

export function documentStyles(): IStylesOptions {
  return {
    default: {
      document: { run: { font: FONT, size: pt(10) }, paragraph: { spacing: { after: 80, line: 259 } } },
    },
    paragraphStyles: [
      { id: S.body, name: 'Tureen Body', basedOn: 'Normal', next: S.body, quickFormat: true, run: { font: FONT, size: pt(10) }, paragraph: { spacing: { after: 100 } } },
      { id: S.title, name: 'Tureen Title', basedOn: 'Normal', next: S.subtitle, quickFormat: true, run: { font: FONT, size: pt(28), bold: true, color: ACCENT }, paragraph: { spacing: { before: 2400, after: 240 } } },
      { id: S.subtitle, name: 'Tureen Subtitle', basedOn: 'Normal', next: S.body, quickFormat: true, run: { font: FONT, size: pt(16), color: GREY }, paragraph: { spacing: { after: 600 } } },
      { id: S.coverField, name: 'Tureen Cover Field', basedOn: 'Normal', quickFormat: true, run: { font: FONT, size: pt(11) }, paragraph: { spacing: { after: 60 } } },
      {
        id: S.h1, name: STYLE_NAMES.h1, basedOn: 'Heading1', next: S.body, quickFormat: true,
        run: { font: FONT, size: pt(16), bold: true, color: ACCENT },
        paragraph: H1_PARAGRAPH,
      },
      {
        id: S.h2, name: STYLE_NAMES.h2, basedOn: 'Heading2', next: S.body, quickFormat: true,
        run: { font: FONT, size: pt(14), bold: true, color: ACCENT },
        paragraph: H2_PARAGRAPH,
      },
      {
        id: S.h3, name: STYLE_NAMES.h3, basedOn: 'Heading3', next: S.body, quickFormat: true,
        run: { font: FONT, size: pt(11), bold: true, color: ACCENT },
        paragraph: { outlineLevel: 2, keepNext: true, keepLines: true, spacing: { before: 220, after: 60 } },
      },
      {
        id: S.guidance, name: 'Tureen Guidance', basedOn: 'Normal', next: S.body, quickFormat: true,
        run: { font: FONT, size: pt(8.5), italics: true, color: GREY },
        paragraph: { keepNext: true, spacing: { after: 80 }, indent: { left: 120 }, border: { left: { style: BorderStyle.SINGLE, size: 12, color: 'BFBFBF', space: 6 } } },
      },
      {
        id: S.gap, name: 'Tureen Gap', basedOn: 'Normal', next: S.body, quickFormat: true,
        run: { font: FONT, size: pt(10), bold: true, color: 'C00000' },
        paragraph: { spacing: { after: 60 }, shading: { type: 'clear', color: 'auto', fill: 'FDECEA' } },
      },
      {
        id: S.finding, name: 'Tureen Finding', basedOn: 'Normal', next: S.body, quickFormat: true,
        run: { font: FONT, size: pt(9), color: 'C00000' },
        paragraph: { spacing: { after: 60 } },
      },
      { id: S.contentsHeading, name: 'Tureen Contents Heading', basedOn: 'Normal', next: S.body, quickFormat: true, run: { font: FONT, size: pt(16), bold: true, color: ACCENT }, paragraph: { spacing: { before: 0, after: 160 } } },
      { id: S.cell, name: 'Tureen Table Text', basedOn: 'Normal', quickFormat: true, run: { font: FONT, size: pt(8.5) }, paragraph: { spacing: { before: 0, after: 0, line: 240 } } },
      { id: S.cellHead, name: 'Tureen Table Header', basedOn: S.cell, quickFormat: true, run: { bold: true }, paragraph: { keepNext: true } },
      { id: S.signLine, name: 'Tureen Signature Line', basedOn: 'Normal', quickFormat: true, run: { font: FONT, size: pt(10) }, paragraph: { spacing: { before: 360, after: 0 } } },
      // the table of contents' entries: docx and Word look these up by their names "toc 1", "toc 2"
      { id: 'TOC1', name: 'toc 1', basedOn: 'Normal', next: 'Normal', uiPriority: 39, unhideWhenUsed: true, run: { font: FONT, size: pt(10), bold: true }, paragraph: { spacing: { before: 120, after: 40 } } },
      { id: 'TOC2', name: 'toc 2', basedOn: 'Normal', next: 'Normal', uiPriority: 39, unhideWhenUsed: true, run: { font: FONT, size: pt(9.5) }, paragraph: { spacing: { after: 20 }, indent: { left: 240 } } },
      { id: S.spacer, name: 'Tureen Spacer', basedOn: 'Normal', run: { size: pt(4) }, paragraph: { spacing: { before: 0, after: 0, line: 120 } } },
      { id: S.headerFooter, name: 'Tureen Header and Footer', basedOn: 'Normal', run: { font: FONT, size: pt(8), color: GREY }, paragraph: { spacing: { after: 0 } } },
      { id: S.contents, name: 'Tureen Contents List', basedOn: 'Normal', run: { font: FONT, size: pt(10) }, paragraph: { spacing: { after: 40 }, indent: { left: 360 } } },
    ],
    characterStyles: [
      { id: S.code, name: 'Tureen Code', basedOn: 'DefaultParagraphFont', run: { font: MONO, size: pt(8) } },
    ],
    importedStyles: [
      tableStyle(S.table, STYLE_NAMES.table, false),
      tableStyle(S.fields, STYLE_NAMES.fields, true),
    ],
  };
}
