import type { ReportData } from './data.js';
import { inert, soupListRow, SOUP_LIST_COLUMNS, unrecordedStatus } from './html/common.js';

/**
 * The SOUP list as CSV (RFC 4180) for spreadsheets: a header row, then one row per item in the order of the report.
 *
 * Safe to open in Excel or LibreOffice: a cell that begins (after any spaces) with `=`, `+`, `-`, `@`, a tab, a
 * carriage return or a line feed would be read as a formula (OWASP "CSV injection"), so it gets a leading `'`, which
 * spreadsheets show as text. Every field is quoted, quotes doubled; lines end in CRLF; a UTF-8 byte order mark lets
 * Excel read accents. Control and bidi characters are shown as `[U+XXXX]`, as in the other formats.
 */

export const CSV_COLUMNS = [...SOUP_LIST_COLUMNS, 'Ecosystem', 'Package URL', 'Approved', 'Vulnerabilities in triage', 'Anomalies not assessed', 'Record file'] as const;

const FORMULA_START = /^[\s]*[=+\-@]|^[\t\r\n]/;

/** One field: inert, defused, quoted. */
export function csvField(value: string): string {
  let v = inert(value);
  if (FORMULA_START.test(v)) v = `'${v}`;
  return `"${v.replace(/"/g, '""').replace(/\n/g, '\r\n')}"`;
}

/** The SOUP list as CSV text (with its byte order mark). Pure. */
export function renderCsv(data: ReportData): string {
  const rows: string[][] = [[...CSV_COLUMNS]];
  for (const it of data.items) {
    rows.push([
      ...soupListRow(it), it.record.identification.ecosystem, it.record.identification.purl, it.approved ? 'yes' : 'no',
      String(it.vulnerabilities.open), String(it.anomalies.open), it.file,
    ]);
  }
  // the SOUP components without a record are SOUP too: a spreadsheet of the list must not lose them
  for (const u of data.unrecorded) {
    rows.push(['', u.name, u.version, '', '', u.kind, u.branch, '', 'no record', 'no record', unrecordedStatus(u), u.ecosystem, u.purl, 'no', '', '', '']);
  }
  return `\uFEFF${rows.map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`;
}
