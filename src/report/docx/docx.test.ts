import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ReportData } from '../data.js';
import { renderDocx } from './index.js';
import { clean } from './text.js';
import { readDocx, tableWithHeader, type Block, type DocxRead, type Para, type Tbl } from './test-support/read-docx.js';
import { BIDI, CONTROL, DATE, exampleRegister, HOSTILE, hostileRegister, REMOVED, UNREADABLE } from './test-support/register.js';

// The contract of the document, written out here rather than taken from the writer.
const NINE = [
  '1. Identification', '2. Safety class and rationale', '3. Functional requirements', '4. Performance requirements',
  '5. Hardware and software prerequisites', '6. Known anomaly review', '7. Vulnerability review', '8. Verification approach',
  '9. Post-market surveillance',
];
const SOUP_HEAD = ['Id', 'Name', 'Version', 'Supplier', 'Licence', 'Kind', 'Branch', 'Class', 'Vulnerabilities', 'Anomalies', 'Record', 'Page'];
const NOT_SOUP_HEAD = ['Name', 'Version', 'Ecosystem', 'Kind', 'Scope', 'Rule', 'Rationale', 'Found in'];

const paras = (blocks: Block[]): Para[] => blocks.filter((b): b is Para => b.kind === 'p');
const tables = (blocks: Block[]): Tbl[] => blocks.filter((b): b is Tbl => b.kind === 'tbl');
/** The blocks of each assessment form: from its heading to the next form's. */
function forms(blocks: Block[]): { title: string; blocks: Block[] }[] {
  const out: { title: string; blocks: Block[] }[] = [];
  for (const b of blocks) {
    if (b.kind === 'p' && b.style === 'TureenHeading2') out.push({ title: b.text, blocks: [] });
    else if (b.kind === 'p' && b.style === 'TureenHeading1') out.push({ title: '', blocks: [] });
    else out[out.length - 1]?.blocks.push(b);
  }
  return out.filter((f) => f.title);
}
/** The label → value rows of the two-column tables of a block list. */
const fieldsOf = (blocks: Block[]) => tables(blocks).filter((t) => t.style === 'TureenFieldsTable');
const after = (blocks: Block[], heading: string): Block[] => {
  const i = blocks.findIndex((b) => b.kind === 'p' && b.text === heading);
  const next = blocks.findIndex((b, j) => j > i && b.kind === 'p' && b.style === 'TureenHeading3');
  return blocks.slice(i + 1, next < 0 ? undefined : next);
};

describe('renderDocx on the example register', () => {
  let dir: string;
  let data: ReportData;
  let bytes: Uint8Array;
  let doc: DocxRead;
  /** the register's active SOUP records, read from the YAML files by this test */
  let records: { id: string; name: string; version: string; file: string; approvals?: { name: string; contentHash: string }[] }[];

  beforeAll(async () => {
    ({ dir, data } = await exampleRegister());
    bytes = await renderDocx(data);
    doc = readDocx(bytes);
    records = [];
    for (const f of readdirSync(join(dir, 'soup')).filter((n) => n.endsWith('.yaml')).sort()) {
      let r: Record<string, unknown>;
      try {
        r = parse(readFileSync(join(dir, 'soup', f), 'utf8')) as Record<string, unknown>;
      } catch {
        continue;
      }
      const id = r.identification as { name: string; version: string };
      if (r.status === 'removed' || !(r.classification as { soup: boolean }).soup) continue;
      records.push({ id: r.id as string, name: id.name, version: id.version, file: f, ...(r.approvals ? { approvals: r.approvals as { name: string; contentHash: string }[] } : {}) });
    }
  }, 120_000);

  it('opens: every part is well-formed XML, and the SOUP list has one row per SOUP item, in the order of the data, with its exact version', () => {
    const list = tableWithHeader(doc.blocks, SOUP_HEAD)!;
    expect(list).toBeDefined();
    expect(list.style).toBe('TureenTable');
    expect(list.headerRows).toBe(1); // repeated on every page
    const rows = list.rows.slice(1);
    expect(rows.map((r) => [r[0], r[1], r[2]])).toEqual(data.items.map((i) => [i.record.id, i.record.identification.name, i.record.identification.version]));
    // and the same set as the record files say, independently of the report data
    expect(rows.map((r) => `${r[1]}@${r[2]}`).sort()).toEqual(records.map((r) => `${r.name}@${r.version}`).sort());
    expect(rows.length).toBe(84); // 85 synced, ms marked removed
    const ws = rows.find((r) => r[1] === 'ws')!;
    expect(ws.slice(3, 11)).toEqual(['ws maintainers', 'MIT', 'library', 'off-the-shelf', 'B', 'reviewed 2026-11-20: 1 known, 0 in triage', 'reviewed 2026-11-20: 0 relevant of 1', 'complete, 1 warning; approved']);
    const debian = rows.find((r) => r[0] === 'Debian:12/debian')!;
    expect(debian[10]).toBe('3 errors, 1 warning; not approved');
  });

  it('lists the SOUP components no record covers as gaps right after the SOUP list', () => {
    // ms's record says removed, but the device still ships ms 2.1.3: it is SOUP without an assessment
    const list = tableWithHeader(doc.blocks, ['Name', 'Version', 'Ecosystem', 'Kind', 'Branch', 'Found in', 'Record'])!;
    expect(list.rows.slice(1).map((r) => [r[0], r[1], r[6]])).toEqual([[REMOVED.name, REMOVED.version, 'record marked removed: run tureen sync']]);
    expect(list.rows[1]![5]).toMatch(/^package-lock\.json:\d+/);
    expect(fieldsOf(doc.blocks).flatMap((f) => f.rows).find((r) => r[0] === 'SOUP items without a record')).toEqual(['SOUP items without a record', '1: no assessment yet (run tureen sync)']);
  });

  it('lists the components that are not SOUP, each with its rationale, and the removed and unreadable records', () => {
    const list = tableWithHeader(doc.blocks, NOT_SOUP_HEAD)!;
    expect(list.rows.length - 1).toBe(data.notSoup.length);
    expect(data.notSoup.length).toBeGreaterThan(200);
    list.rows.slice(1).forEach((r, i) => {
      expect(r[0]).toBe(data.notSoup[i]!.name);
      expect(r[6]).toBe(data.notSoup[i]!.rationale);
      expect(r[6]).toMatch(/^Not SOUP: /);
    });
    const removed = tableWithHeader(doc.blocks, ['Name', 'Version', 'Record', 'Removed', 'Note'])!;
    expect(removed.rows.slice(1)).toEqual([[REMOVED.name, REMOVED.version, `soup/${REMOVED.file}`, REMOVED.date, REMOVED.note]]);
    const unreadable = tableWithHeader(doc.blocks, ['Record', 'Why it cannot be read'])!;
    expect(unreadable.rows.slice(1).map((r) => r[0])).toEqual([UNREADABLE]);
  });

  it('has one assessment form per item, in order, each with the nine sections in order, their guidance, and "Not written yet" where a record is empty', () => {
    const fs = forms(doc.blocks);
    expect(fs.map((f) => f.title)).toEqual(data.items.map((i) => `${i.record.identification.name} ${i.record.identification.version}`));
    expect(fs).toHaveLength(records.length);
    for (const f of fs) {
      expect(paras(f.blocks).filter((p) => p.style === 'TureenHeading3' && /^\d\. /.test(p.text)).map((p) => p.text)).toEqual(NINE);
      // each section heading is followed by its guidance
      for (const h of NINE) expect(after(f.blocks, h)[0]).toMatchObject({ kind: 'p', style: 'TureenGuidance' });
      expect(paras(f.blocks).some((p) => p.text === 'Approval')).toBe(true);
      expect(paras(f.blocks).some((p) => p.text === 'Revision history')).toBe(true);
    }
    // a record sync drafted: no class, so every section but the identification is a visible gap
    const debian = fs.find((f) => f.title === 'debian 12')!;
    for (const h of NINE.slice(1)) expect(after(debian.blocks, h).some((b) => b.kind === 'p' && b.style === 'TureenGap' && b.text === 'Not written yet')).toBe(true);
    expect(after(debian.blocks, '1. Identification').some((b) => b.kind === 'p' && b.text === 'Not written yet')).toBe(false);
    // the check's findings are written under the section they concern
    expect(after(debian.blocks, '1. Identification').some((b) => b.kind === 'p' && b.style === 'TureenFinding' && /^Gap: .*licence/.test(b.text))).toBe(true);
    // the complete record has no gap at all
    const ws = fs.find((f) => f.title === 'ws 8.23.0')!;
    expect(paras(ws.blocks).some((p) => p.text === 'Not written yet')).toBe(false);
  });

  it('writes the complete record\'s sections: class rationale, requirements, both reviews with their checklists, verification, surveillance', () => {
    const ws = forms(doc.blocks).find((f) => f.title === 'ws 8.23.0')!.blocks;
    const cls = fieldsOf(after(ws, '2. Safety class and rationale'))[0]!.rows;
    expect(cls[0]).toEqual(['Safety class', 'B (non-serious injury is possible)']);
    expect(cls[1]![1]).toMatch(/^A failure of the WebSocket link stops the live infusion view/);
    expect(cls[2]).toEqual(['Hazards and risk controls', 'H-12, RC-31']);
    expect(tables(after(ws, '3. Functional requirements'))[0]!.rows[1]).toEqual(['FR-WS-1', 'Delivers each infusion-state message to every connected clinician client within 500 ms of the state change.', 'state change reaches clients within 500 ms (passed, 2026-11-20)']);
    expect(tables(after(ws, '4. Performance requirements'))[0]!.rows[1]!.slice(0, 2)).toEqual(['PR-WS-1', 'Keeps 20 concurrent client connections with a 95th-percentile message latency below 200 ms.']);
    expect(fieldsOf(after(ws, '5. Hardware and software prerequisites'))[0]!.rows).toEqual([['Hardware', 'ARMv8-A\n512 MiB RAM'], ['Software', 'Node.js 22.12 LTS\nDebian 12']]);
    const vuln = after(ws, '7. Vulnerability review');
    expect(fieldsOf(vuln)[0]!.rows).toEqual([
      ['Version reviewed', '8.23.0'], ['Review date', '2026-11-20'], ['Reviewer', 'A. Reviewer'], ['Sources searched', 'OSV\nNVD'],
      ['Conclusion', 'No known vulnerability affects ws 8.23.0 on 2026-11-20.'],
    ]);
    const entries = tableWithHeader(vuln, ['Vulnerability', 'Aliases', 'Severity', 'State', 'Justification / mitigation', 'Reviewer', 'Date'])!;
    expect(entries.rows.slice(1)).toEqual([['GHSA-3h5v-q93c-6h6q', 'CVE-2024-37890', 'high', 'not affected', 'Justification: code_not_reachable\nConcerns versions before 8.17.1; the device ships 8.23.0.', 'A. Reviewer', '2026-11-20']]);
    const anomalies = after(ws, '6. Known anomaly review');
    expect(fieldsOf(anomalies)[0]!.rows[3]).toEqual(['Sources searched', 'https://github.com/websockets/ws/issues\nrelease notes 8.0.0-8.23.0']);
    expect(tableWithHeader(anomalies, ['Anomaly', 'Title', 'Relevant', 'Impact on the device', 'Source', 'Date'])!.rows[1]).toEqual(['websockets/ws#2200', 'permessage-deflate memory growth', 'no', 'The device does not enable permessage-deflate.', '—', '—']);
    const verification = after(ws, '8. Verification approach');
    expect(verification.find((b) => b.kind === 'p' && b.style === 'TureenBody')).toMatchObject({ text: 'Black-box tests of the WebSocket interface against a running service, in test/ws/.' });
    expect(tables(verification)[0]!.rows[1]).toEqual(['FR-WS-1', 'state change reaches clients within 500 ms', 'test/ws/broadcast.test.ts', 'passed', '2026-11-20']);
    const surveillance = fieldsOf(after(ws, '9. Post-market surveillance'))[0]!.rows;
    expect(surveillance.slice(0, 5)).toEqual([['Owner', 'Software lead'], ['Method', 'OSV feed for npm, ws release notes'], ['Frequency', 'P1M'],
      ['Re-assessment triggers', 'new advisory for ws\nnew major release'], ['Update strategy', 'Update in the next maintenance release after the regression tests pass.']]);
  });

  it('signature block: the recorded approvals with their content hash; empty lines to sign when there are none', () => {
    const fs = forms(doc.blocks);
    const ws = fs.find((f) => f.title === 'ws 8.23.0')!.blocks;
    const signed = tableWithHeader(after(ws, 'Approval'), ['Role', 'Name', 'Date', 'Version', 'Content hash'])!;
    const approvals = records.find((r) => r.id === 'npm/ws')!.approvals!;
    expect(approvals).toHaveLength(2);
    expect(signed.rows.slice(1)).toEqual([
      ['reviewer', 'A. Reviewer', DATE, '8.23.0', approvals[0]!.contentHash],
      ['approver', 'Q. Lead', DATE, '8.23.0', approvals[1]!.contentHash],
    ]);
    expect(approvals[0]!.contentHash).toMatch(/^sha256:[0-9a-f]{64}$/);
    const tini = fs.find((f) => f.title === 'tini 0.19.0-1')!.blocks;
    expect(tableWithHeader(after(tini, 'Approval'), ['Role', 'Name', 'Date', 'Version', 'Signature'])!.rows.slice(1)).toEqual([
      ['reviewer', '', '', '0.19.0-1', ''], ['approver', '', '', '0.19.0-1', ''],
    ]);
    // the revision history is the record's
    expect(tableWithHeader(after(ws, 'Revision history'), ['Date', 'Event', 'From', 'To', 'Note'])!.rows.slice(1).map((r) => r[1])).toEqual(['created', 'signed', 'signed']);
  });

  it('cover, table of contents (a TOC field, plus a list of the parts readable without it), headers and footers with page x of y', () => {
    const cover = fieldsOf(doc.blocks)[0]!.rows;
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { name: string; version: string };
    expect(Object.fromEntries(cover.map(([k, v]) => [k, v]))).toMatchObject({
      'Device': 'Infusion pump controller', 'Software version': '2.4.0', 'Manufacturer': 'Example Medical Ltd',
      'Document id': 'SOUP-INFUSION-PUMP-CONTROLLER', 'Revision': '1', 'Date': DATE, 'Produced with': `${pkg.name} ${pkg.version}`,
    });
    expect(paras(doc.blocks).slice(0, 2).map((p) => p.text)).toEqual(['SOUP register', 'Infusion pump controller 2.4.0']);
    expect(doc.instructions.some((i) => /^TOC\b.*\\o "1-2"/.test(i.trim()))).toBe(true);
    const entries = paras(doc.blocks).filter((p) => p.style === 'TOC1' || p.style === 'TOC2').map((p) => p.text.replace(/\t.*$/, ''));
    expect(entries.slice(0, 7)).toEqual(['1 Summary', '2 SOUP list', '3 SOUP items without a record', '4 Components that are not SOUP', '5 Removed items', '6 Unreadable records', '7 Assessment forms']);
    expect(entries).toContain('ws 8.23.0');
    const parts = paras(doc.blocks).filter((p) => p.style === 'TureenContentsList').map((p) => p.text.split(' — ')[0]);
    expect(parts).toEqual(entries.slice(0, 7));
    expect(paras(doc.blocks).filter((p) => p.style === 'TureenHeading1').map((p) => p.text)).toEqual(entries.slice(0, 7));
    const footers = [...doc.parts].filter(([n]) => /^word\/footer\d+\.xml$/.test(n)).map(([, x]) => x);
    expect(footers.some((x) => x.includes('SOUP-INFUSION-PUMP-CONTROLLER, revision 1, 2026-11-26'))).toBe(true);
    expect(doc.instructions.map((i) => i.trim())).toEqual(expect.arrayContaining(['PAGE', 'NUMPAGES']));
  });

  it('named styles a company can restyle, landscape pages for the lists', () => {
    const styles = doc.parts.get('word/styles.xml')!;
    for (const name of ['Tureen Heading 1', 'Tureen Heading 2', 'Tureen Heading 3', 'Tureen Body', 'Tureen Guidance', 'Tureen Gap', 'Tureen Table', 'Tureen Fields Table']) {
      expect(styles).toContain(`<w:name w:val="${name}"/>`);
    }
    expect(styles).toMatch(/<w:style [^>]*w:type="table"[^>]*w:styleId="TureenTable"/);
    expect(new Set(tables(doc.blocks).map((t) => t.style))).toEqual(new Set(['TureenTable', 'TureenFieldsTable']));
    // front matter portrait, lists landscape, forms portrait
    expect(doc.orientations).toEqual(['portrait', 'landscape', 'portrait']);
  });

  it('writes a register with nothing in it as a document that says so', async () => {
    const empty = readDocx(await renderDocx({ ...data, items: [], unrecorded: [], notSoup: [], removed: [], unreadable: [], device: { name: 'Empty device' } }));
    const text = paras(empty.blocks).map((p) => p.text);
    expect(text).toContain('The register holds no active SOUP item.');
    expect(text).toContain('The scan found no third-party component that is not SOUP.');
    expect(forms(empty.blocks)).toEqual([]);
    expect(paras(empty.blocks).filter((p) => p.style === 'TureenHeading1').map((p) => p.text)).toEqual(['1 Summary', '2 SOUP list', '3 Components that are not SOUP', '4 Assessment forms']);
    expect(fieldsOf(empty.blocks)[0]!.rows.find((r) => r[0] === 'Manufacturer')).toEqual(['Manufacturer', 'not stated in tureen.config.yaml']);
    // before the first sync: the SOUP list points to the gaps instead of saying there is no SOUP
    const unsynced = readDocx(await renderDocx({ ...data, items: [] }));
    expect(paras(unsynced.blocks).map((p) => p.text)).toContain(`No SOUP item has a record yet: the ${data.unrecorded.length} SOUP items the scan found are listed under "SOUP items without a record" (run tureen sync).`);
  });

  it('refuses a report date that is not a date, since it stamps the file', async () => {
    await expect(renderDocx({ ...data, date: '26/11/2026' })).rejects.toMatchObject({ name: 'TureenError', code: 'usage' });
    await expect(renderDocx({ ...data, date: '2026-13-45' })).rejects.toMatchObject({ name: 'TureenError', code: 'usage' });
  });

  it('the same data gives the same bytes, dated by the report date', async () => {
    const again = await renderDocx(data);
    expect(Buffer.from(again).equals(Buffer.from(bytes))).toBe(true);
    expect(doc.parts.get('docProps/core.xml')).toContain(`>${DATE}T00:00:00Z</dcterms:created>`);
    expect(doc.parts.get('docProps/core.xml')).toContain(`>${DATE}T00:00:00Z</dcterms:modified>`);
    // every zip entry is stamped with the report date: the central directory's DOS time and date, read by hand
    const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let eocd = bytes.length - 22;
    while (eocd > 0 && v.getUint32(eocd, true) !== 0x06054b50) eocd--;
    const count = v.getUint16(eocd + 10, true);
    let at = v.getUint32(eocd + 16, true);
    const stamps = new Set<string>();
    for (let i = 0; i < count; i++) {
      expect(v.getUint32(at, true)).toBe(0x02014b50);
      stamps.add(`${v.getUint16(at + 14, true)}/${v.getUint16(at + 12, true)}`);
      at += 46 + v.getUint16(at + 28, true) + v.getUint16(at + 30, true) + v.getUint16(at + 32, true);
    }
    expect(count).toBeGreaterThan(10);
    expect([...stamps]).toEqual([`${(2026 - 1980) * 512 + 11 * 32 + 26}/0`]);
  });
});

describe('renderDocx on a hostile register', () => {
  let doc: DocxRead;
  let all: string;
  beforeAll(async () => {
    const { data } = await hostileRegister();
    doc = readDocx(await renderDocx(data));
    all = doc.blocks.map((b) => (b.kind === 'p' ? b.text : b.rows.flat().join('\n'))).join('\n');
  }, 120_000);

  it('shows markup, formulas, CDATA ends and Word field codes as the literal text they are', () => {
    for (const s of Object.values(HOSTILE)) expect(all).toContain(s);
    // in the places they were written
    const list = tableWithHeader(doc.blocks, SOUP_HEAD)!;
    expect(list.rows.find((r) => r[0] === 'npm/ws')!.slice(1, 5)).toEqual([`ws ${HOSTILE.script}`, '8.23.0', HOSTILE.formula, `MIT ${HOSTILE.cdata}`]);
    expect(paras(doc.blocks)[1]!.text).toBe(`Pump ${HOSTILE.field} ${HOSTILE.script} 2.4.0`);
    expect(forms(doc.blocks).map((f) => f.title)).toContain(`ws ${HOSTILE.script} 8.23.0`);
    // no field holds them: the only fields are ours
    expect(doc.parts.get('word/document.xml')).not.toContain('w:fldSimple');
    for (const i of doc.instructions) {
      expect(i.trim()).toMatch(/^(TOC \\h \\o "1-2" \\u|PAGEREF (part|soup_item)_\d+|PAGE|NUMPAGES)$/);
    }
    // and the headers show the device name as text too
    const headers = [...doc.parts].filter(([n]) => /^word\/header\d+\.xml$/.test(n)).map(([, x]) => x).join('');
    expect(headers).toContain('Pump { MERGEFIELD x } &lt;script&gt;alert(1)&lt;/script&gt; 2.4.0');
  });

  it('drops the characters XML 1.0 forbids and shows the ones that reorder text', () => {
    expect(all).toContain(CONTROL.shown);
    expect(all).toContain(BIDI.shown);
    for (const [, xml] of doc.parts) {
      // eslint-disable-next-line no-control-regex
      expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u202A-\u202E\u2066-\u2069\u200E\u200F]/);
    }
  });
});

describe('clean: register text as the document shows it', () => {
  it('keeps text, removes what XML forbids, names invisible controls', () => {
    expect(clean('plain <b> & "q"')).toBe('plain <b> & "q"');
    expect(clean('a\u0000b\u0008c\u000Bd\u001Fe\uFFFEf\uFFFFg')).toBe('abcdefg');
    expect(clean('tab\tline\nret\r')).toBe('tab\tline\nret\r');
    expect(clean('x\u202Ey\u2066z\u200F')).toBe('x[U+202E]y[U+2066]z[U+200F]');
    expect(clean('\u0085\u007F')).toBe('[U+0085][U+007F]');
    expect(clean('lone \uD800 high, lone \uDC00 low, pair \uD83D\uDE00')).toBe('lone  high, lone  low, pair \uD83D\uDE00');
  });
});
