import { InternalHyperlink, PageReference, Paragraph, TextRun, type Table } from 'docx';
import type { ReportData } from '../data.js';
import { code, fields, para, table, type Cell } from './blocks.js';
import { branchOf, formBookmark, kindOf, recordStatus, split } from './form.js';
import { S } from './styles.js';
import { UNRECORDED_ABOUT, UNRECORDED_COLUMNS, unrecordedRow } from '../html/common.js';
import { runs } from './text.js';
import type { PlainParagraph } from './xml.js';

/** The cover page, the summary and the lists: SOUP, not SOUP, removed and unreadable records. */

type Block = Paragraph | PlainParagraph | Table;

export function cover(data: ReportData, width: number): Block[] {
  const d = data.device;
  return [
    para(S.title, data.document.title),
    para(S.subtitle, `${d.name}${d.version ? ` ${d.version}` : ''}`),
    fields([
      ['Device', d.name],
      ['Software version', d.version ?? 'not stated in tureen.config.yaml'],
      ['Manufacturer', d.manufacturer ?? 'not stated in tureen.config.yaml'],
      ['Document', 'SOUP register: the software of unknown provenance in the device software (IEC 62304), with one assessment form per item'],
      ['Document id', data.document.id],
      ['Revision', data.document.revision],
      ['Date', data.date],
      ['Produced with', `${data.tool.name} ${data.tool.version}`],
    ], Math.round(width * 0.8), 0.3),
  ];
}

/** The static list of the document's parts, readable without updating any field. */
export function contentsList(parts: readonly { title: string; about: string; bookmark: string }[]): Block[] {
  return parts.map((p) => new Paragraph({
    style: S.contents,
    children: [...runs(p.title, { bold: true }), ...runs(` — ${p.about} (page `), new PageReference(p.bookmark), new TextRun(')')],
  }));
}

const counts = (m: Record<string, number>): string => Object.entries(m).map(([k, n]) => `${k}: ${n}`).join(', ') || 'none';

export function summary(data: ReportData, width: number): Block[] {
  const s = data.summary;
  const approved = data.items.filter((i) => i.approved).length;
  return [
    fields([
      ['SOUP items', String(s.items)],
      ['Records complete', `${s.complete} of ${s.items} (no error from tureen check)`],
      ['Records approved', `${approved} of ${s.items} for their current version and content`],
      ['By safety class', counts(s.byClass)],
      ['By kind', counts(s.byKind)],
      ['By licence', counts(s.byLicense)],
      ['Vulnerabilities by severity', counts(s.bySeverity)],
      ['Vulnerabilities in triage', String(s.openVulnerabilities)],
      ['Anomalies not assessed', String(s.openAnomalies)],
      ['Components that are not SOUP', String(data.notSoup.length)],
      ...(s.unrecorded ? [['SOUP items without a record', `${s.unrecorded}: no assessment yet (run tureen sync)`] as [string, Cell]] : []),
      ...(data.removed.length ? [['Records of removed items', String(data.removed.length)] as [string, Cell]] : []),
      ...(data.unreadable.length ? [['Unreadable records', String(data.unreadable.length)] as [string, Cell]] : []),
    ], width, 0.32),
  ];
}

/** SOUP list column shares of the landscape text width: 11 columns. */
const SOUP_COLUMNS = [0.115, 0.105, 0.065, 0.09, 0.065, 0.075, 0.065, 0.045, 0.115, 0.115, 0.105, 0.04];

export function soupList(data: ReportData, width: number): Block[] {
  if (!data.items.length) {
    return [para(S.body, data.unrecorded.length
      ? `No SOUP item has a record yet: the ${data.unrecorded.length} SOUP items the scan found are listed under "SOUP items without a record" (run tureen sync).`
      : 'The register holds no active SOUP item.')];
  }
  return [table(
    ['Id', 'Name', 'Version', 'Supplier', 'Licence', 'Kind', 'Branch', 'Class', 'Vulnerabilities', 'Anomalies', 'Record', 'Page'],
    data.items.map((item, i) => {
      const r = item.record;
      const id = r.identification;
      return [
        // the id links to the item's form
        [new InternalHyperlink({ anchor: formBookmark(i), children: runs(r.id) })],
        id.name, id.version, id.supplier, id.license, kindOf(r), branchOf(r), r.safetyClass ?? '—',
        item.vulnerabilities.text, item.anomalies.text, recordStatus(item),
        [new PageReference(formBookmark(i))],
      ];
    }),
    split(width, SOUP_COLUMNS),
  )];
}

export function unrecordedList(data: ReportData, width: number): Block[] {
  return [
    para(S.body, UNRECORDED_ABOUT),
    table([...UNRECORDED_COLUMNS], data.unrecorded.map((u) => unrecordedRow(u)), split(width, [0.2, 0.1, 0.08, 0.1, 0.1, 0.22, 0.2])),
  ];
}

export function notSoupList(data: ReportData, width: number): Block[] {
  if (!data.notSoup.length) return [para(S.body, 'The scan found no third-party component that is not SOUP.')];
  return [table(
    ['Name', 'Version', 'Ecosystem', 'Kind', 'Scope', 'Rule', 'Rationale', 'Found in'],
    data.notSoup.map((n) => [n.name, n.version, n.ecosystem, n.kind, n.scope, code(n.rule), n.rationale, n.evidence]),
    split(width, [0.13, 0.07, 0.06, 0.06, 0.07, 0.09, 0.41, 0.11]),
  )];
}

export function removedList(data: ReportData, width: number): Block[] {
  return [table(
    ['Name', 'Version', 'Record', 'Removed', 'Note'],
    data.removed.map(({ file, record: r }) => {
      const h = [...(r.history ?? [])].reverse().find((e) => e.event === 'removed');
      return [r.identification.name, r.identification.version, code(file), h?.date, h?.note];
    }),
    split(width, [0.22, 0.12, 0.26, 0.1, 0.3]),
  )];
}

export function unreadableList(data: ReportData, width: number): Block[] {
  return [table(['Record', 'Why it cannot be read'], data.unreadable.map((u) => [code(u.file), u.message]), split(width, [0.3, 0.7]))];
}
