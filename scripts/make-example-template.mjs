#!/usr/bin/env node
// Writes examples/templates/soup-form.docx: the example company template for `tureen report --template`, made with the
// `docx` library so it can be re-made (and changed) reproducibly. A company would instead open it in Word, restyle
// it and move the placeholders around; docs/report-template.md lists every one.
//
//   node scripts/make-example-template.mjs [out.docx]
//
// Every {{command}} is written as one text run, so Word sees it as plain text and docx-templates finds it whole.
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  AlignmentType, BorderStyle, Document, Footer, Header, HeadingLevel, Packer, PageBreak, PageNumber, PageOrientation, Paragraph,
  Table, TableCell, TableRow, TextRun, WidthType,
} from 'docx';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = resolve(process.argv[2] ?? `${root}/examples/templates/soup-form.docx`);
/** a fixed date for the file's own metadata and zip entries: the same script gives the same bytes */
const STAMP = '2026-01-01T00:00:00Z';

const p = (text, opts = {}) => new Paragraph({ ...opts, children: [new TextRun(text)] });
const label = (name, command) => new Paragraph({ children: [new TextRun({ text: `${name}: `, bold: true }), new TextRun(command)] });
const h = (text, level) => new Paragraph({ heading: level, children: [new TextRun(text)] });
const cell = (text, opts = {}) => new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold: !!opts.bold, size: 18 })] })], ...(opts.shade ? { shading: { fill: 'E8EEF4' } } : {}) });
const border = { style: BorderStyle.SINGLE, size: 4, color: 'A0A8B0' };
const borders = { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border };

/** A table whose body row repeats once per element: FOR in a row of its own, the row, END-FOR in a row of its own. */
function loopTable(headers, loop, cells, columnWidths) {
  const width = headers.length;
  const blank = (first) => new TableRow({ children: [cell(first), ...Array.from({ length: width - 1 }, () => cell(''))] });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    ...(columnWidths ? { columnWidths } : {}),
    borders,
    rows: [
      new TableRow({ tableHeader: true, children: headers.map((x) => cell(x, { bold: true, shade: true })) }),
      blank(`{{FOR ${loop}}}`),
      new TableRow({ children: cells.map((x) => cell(x)) }),
      blank(`{{END-FOR ${loop.split(' ')[0]}}}`),
    ],
  });
}

const cover = [
  new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun('{{document.title}}')] }),
  p('{{device.name}} {{device.version}}', { heading: HeadingLevel.HEADING_2 }),
  label('Manufacturer', '{{device.manufacturer}}'),
  label('Document', '{{document.id}}, revision {{document.revision}}'),
  label('Date', '{{date}}'),
  label('Prepared with', '{{tool.name}} {{tool.version}}'),
  p(''),
  p('{{summary.items}} SOUP items: {{summary.complete}} complete for their safety class, {{summary.incomplete}} with gaps, {{summary.approved}} approved. {{summary.openVulnerabilities}} vulnerabilities in triage, {{summary.openAnomalies}} anomalies not assessed. {{summary.notSoup}} components decided not SOUP.'),
];

const soupList = [
  new Paragraph({ children: [new PageBreak()] }),
  h('SOUP list', HeadingLevel.HEADING_1),
  loopTable(
    ['#', 'Name', 'Version', 'Supplier', 'Licence', 'Kind', 'Class', 'Vulnerabilities', 'Anomalies', 'Record'],
    'item IN items',
    ['{{$item.n}}', '{{$item.name}}', '{{$item.version}}', '{{$item.supplier}}', '{{$item.license}}', '{{$item.kind}}', '{{$item.safetyClass}}', '{{$item.vulnerabilityStatus}}', '{{$item.anomalyStatus}}', '{{$item.recordStatus}}'],
    // twentieths of a point, about the A4 text width
    [450, 1700, 900, 1100, 800, 900, 550, 1100, 1100, 1000],
  ),
  h('Not SOUP', HeadingLevel.HEADING_1),
  loopTable(['Name', 'Version', 'Kind', 'Rationale'], 'c IN notSoup', ['{{$c.name}}', '{{$c.version}}', '{{$c.kind}}', '{{$c.rationale}}'], [2000, 1000, 900, 5700]),
  // only when the scan found SOUP the register has no record for (a gap to show, never to hide)
  p('{{IF unrecorded.length}}'),
  h('SOUP items without a record', HeadingLevel.HEADING_1),
  p('These SOUP components have no record for the version shipped, so no assessment yet: run tureen sync.'),
  loopTable(['Name', 'Version', 'Kind', 'Found in', 'Record'], 'u IN unrecorded', ['{{$u.name}}', '{{$u.version}}', '{{$u.kind}}', '{{$u.evidence}}', '{{$u.status}}'], [2000, 1000, 900, 3200, 2500]),
  p('{{END-IF}}'),
];

// one form per item: the loop wraps whole paragraphs and tables; nested loops list requirements, entries and signatures
const forms = [
  p('{{FOR item IN items}}'),
  new Paragraph({ children: [new PageBreak()] }),
  h('{{$item.n}}. {{$item.name}} {{$item.version}}', HeadingLevel.HEADING_1),
  label('Record', '{{$item.id}} ({{$item.file}}), {{$item.recordStatus}}'),
  h('1. Identification', HeadingLevel.HEADING_2),
  label('Name and version', '{{$item.name}} {{$item.version}}'),
  label('Package URL', '{{$item.purl}}'),
  label('Supplier', '{{$item.supplier || "not known"}}'),
  label('Licence', '{{$item.license || "not known"}}'),
  label('Kind and branch', '{{$item.kind}}, {{$item.branch}}'),
  label('Why SOUP', '{{$item.soupRationale}}'),
  h('2. Safety class and rationale', HeadingLevel.HEADING_2),
  label('Safety class', '{{$item.safetyClass || "not set"}}'),
  p('{{$item.rationale}}'),
  h('3. Functional requirements', HeadingLevel.HEADING_2),
  p('{{FOR req IN $item.functionalRequirements}}'),
  p('{{$req.id}}: {{$req.text}}'),
  p('{{END-FOR req}}'),
  h('4. Performance requirements', HeadingLevel.HEADING_2),
  p('{{FOR req IN $item.performanceRequirements}}'),
  p('{{$req.id}}: {{$req.text}}'),
  p('{{END-FOR req}}'),
  h('5. Hardware and software prerequisites', HeadingLevel.HEADING_2),
  label('Hardware', '{{$item.hardwareText}}'),
  label('Software', '{{$item.softwareText}}'),
  h('6. Known anomaly review', HeadingLevel.HEADING_2),
  label('Status', '{{$item.anomalyStatus}}'),
  label('Version, date, reviewer', '{{$item.anomalyReview.version}}, {{$item.anomalyReview.date}}, {{$item.anomalyReview.reviewer}}'),
  label('Sources', '{{$item.anomalyReview.sourcesText}}'),
  label('Conclusion', '{{$item.anomalyReview.conclusion}}'),
  loopTable(['Anomaly', 'Title', 'Relevant', 'Impact'], 'a IN $item.anomalyReview.entries', ['{{$a.id}}', '{{$a.title}}', '{{$a.relevant}}', '{{$a.impact}}']),
  h('7. Vulnerability review', HeadingLevel.HEADING_2),
  label('Status', '{{$item.vulnerabilityStatus}}'),
  label('Version, date, reviewer', '{{$item.vulnerabilityReview.version}}, {{$item.vulnerabilityReview.date}}, {{$item.vulnerabilityReview.reviewer}}'),
  label('Sources', '{{$item.vulnerabilityReview.sourcesText}}'),
  label('Conclusion', '{{$item.vulnerabilityReview.conclusion}}'),
  loopTable(['Vulnerability', 'Severity', 'State', 'Justification', 'Mitigation'], 'v IN $item.vulnerabilityReview.entries', ['{{$v.id}}', '{{$v.severity}}', '{{$v.state}}', '{{$v.justification}} {{$v.detail}}', '{{$v.mitigation}}']),
  h('8. Verification approach', HeadingLevel.HEADING_2),
  p('{{$item.verificationApproach}}'),
  h('9. Post-market surveillance', HeadingLevel.HEADING_2),
  label('Owner and method', '{{$item.surveillanceOwner}}: {{$item.surveillanceMethod}}'),
  label('Frequency', '{{$item.surveillanceFrequency}}'),
  label('Triggers', '{{$item.surveillanceTriggersText}}'),
  h('Approvals', HeadingLevel.HEADING_2),
  loopTable(['Role', 'Name', 'Date', 'Version'], 'sig IN $item.approvals', ['{{$sig.role}}', '{{$sig.name}}', '{{$sig.date}}', '{{$sig.version}}']),
  p('{{END-FOR item}}'),
];

const doc = new Document({
  creator: 'Tureen example template',
  title: 'SOUP register (company template example)',
  description: 'Placeholders: see docs/report-template.md',
  sections: [{
    properties: { page: { size: { orientation: PageOrientation.PORTRAIT } } },
    headers: { default: new Header({ children: [new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ text: '{{document.id}} rev {{document.revision}}', size: 16 })] })] }) },
    footers: { default: new Footer({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ size: 16, children: ['Page ', PageNumber.CURRENT, ' of ', PageNumber.TOTAL_PAGES] })] })] }) },
    children: [...cover, ...soupList, ...forms],
  }],
});

const packed = await Packer.toBuffer(doc);
// docx stamps the time of writing into the core properties and the zip entries: fix both
const files = unzipSync(new Uint8Array(packed));
const core = files['docProps/core.xml'];
if (core) {
  files['docProps/core.xml'] = strToU8(strFromU8(core).replace(/(<dcterms:(created|modified)\b[^>]*>)[^<]*(<\/dcterms:\2>)/g, `$1${STAMP}$3`));
}
const mtime = new Date(2026, 0, 1, 12, 0, 0);
const zipped = zipSync(Object.fromEntries(Object.entries(files).map(([name, data]) => [name, [data, { mtime }]])), { mtime });
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, zipped);
console.log(`wrote ${out} (${zipped.length} bytes)`);
