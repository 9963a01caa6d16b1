import { beforeAll, describe, expect, it } from 'vitest';
import { csvField, renderCsv } from './csv.js';
import type { ReportData } from './data.js';
import { HOSTILE, UNRECORDED, exampleRegister, hostileRegister, withUnrecorded } from './html/test-support/registers.js';

let example: ReportData;
let hostile: ReportData;
beforeAll(async () => {
  example = (await exampleRegister()).data;
  hostile = (await hostileRegister()).data;
});

/** RFC 4180, read the way a spreadsheet reads it: quoted fields with doubled quotes, records ending in CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field || row.length) throw new Error('the last record does not end in CRLF');
  return rows;
}

describe('renderCsv: the SOUP list for spreadsheets', () => {
  it('has one row per item after the header, in the order of the data, with a BOM and CRLF line ends', () => {
    const csv = renderCsv(example);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const [head, ...rows] = parseCsv(csv.slice(1));
    expect(head?.slice(0, 3)).toEqual(['ID', 'Name', 'Version']);
    expect(rows.map((r) => [r[0], r[1]?.replace(/^'/, ''), r[2]])).toEqual(example.items.map((i) => [i.record.id, i.record.identification.name, i.record.identification.version]));
    for (const r of rows) expect(r).toHaveLength(head!.length);
    const fastify = rows.find((r) => r[0] === 'npm/fastify')!;
    expect(fastify[head!.indexOf('Safety class')]).toBe('B');
    expect(fastify[head!.indexOf('Record')]).toBe('complete, approved');
    expect(fastify[head!.indexOf('Licence')]).toBe('MIT');
  });

  it('keeps the SOUP components without a record in the list, marked as such', () => {
    const [head, ...rows] = parseCsv(renderCsv(withUnrecorded(example)).slice(1));
    expect(rows).toHaveLength(example.items.length + 1);
    const last = Object.fromEntries(head!.map((h, i) => [h, rows.at(-1)![i]]));
    expect(last).toMatchObject({ ID: '', Name: UNRECORDED.name, Version: UNRECORDED.version, Record: 'no record: run tureen sync', 'Package URL': UNRECORDED.purl, Approved: 'no' });
  });

  it('defuses formulas: a cell starting with = + - @ or a tab gets a leading apostrophe', () => {
    const csv = renderCsv(hostile);
    expect(csv).toContain('"\'=HYPERLINK(""http://x"",""y"")"');
    const [head, ...rows] = parseCsv(csv.slice(1));
    const col = (name: string) => head!.indexOf(name);
    const row = (id: string) => rows.find((r) => r[0] === id)!;
    expect(row('npm/ws')[col('Name')]).toBe(HOSTILE.script);
    expect(row('npm/ws')[col('Supplier')]).toBe(`'${HOSTILE.formula}`);
    expect(row('npm/ws')[col('Licence')]).toBe(HOSTILE.cdata);
    expect(row('npm/zod')[col('Name')]).toBe(`'${HOSTILE.formula}`);
    expect(row('npm/zod')[col('Licence')]).toBe(`'${HOSTILE.plus}`);
    expect(row('npm/pino')[col('Supplier')]).toBe(`'${HOSTILE.at}`);
    expect(row('npm/pino')[col('Licence')]).toBe(`'${HOSTILE.tab}`);
    expect(row('npm/pino')[col('Name')]).toBe('bell[U+0007] rtl[U+202E]evil');
    // no cell at all starts as a formula
    for (const r of rows) for (const c of r) expect(c).not.toMatch(/^\s*[=+\-@]|^[\t\r]/);
  });

  it('quotes every field, doubling quotes, and defuses after leading spaces too', () => {
    expect(csvField('a"b')).toBe('"a""b"');
    expect(csvField('-1')).toBe('"\'-1"');
    expect(csvField('  =1+1')).toBe('"\'  =1+1"');
    expect(csvField('\r=1')).toBe('"\'\r\n=1"');
    expect(csvField('two\nlines')).toBe('"two\r\nlines"');
    expect(csvField('Müller, Zoë')).toBe('"Müller, Zoë"');
  });
});
