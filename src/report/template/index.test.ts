import { readFileSync } from 'node:fs';
import { Document, Packer, Paragraph, TextRun } from 'docx';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { TureenError } from '../../model/errors.js';
import type { ReportData } from '../data.js';
import { HOSTILE, UNRECORDED, exampleRegister, hostileRegister, withUnrecorded } from '../html/test-support/registers.js';
import { MAX_TEMPLATE_BYTES, renderTemplate, templateContext } from './index.js';

const EXAMPLE_TEMPLATE = new URL('../../../examples/templates/soup-form.docx', import.meta.url);
const DOCS = new URL('../../../docs/report-template.md', import.meta.url);

let example: ReportData;
let hostile: ReportData;
let template: Uint8Array;
/** docx-templates takes ~50 ms per item (a fresh sandbox per command): the tests that need no full list use a few */
const few = (d: ReportData): ReportData => ({ ...d, items: d.items.filter((i) => ['npm/fastify', 'npm/pino', 'npm/ws', 'npm/zod'].includes(i.record.id)), notSoup: d.notSoup.slice(0, 5) });
beforeAll(async () => {
  example = (await exampleRegister()).data;
  hostile = few((await hostileRegister()).data);
  template = new Uint8Array(readFileSync(EXAMPLE_TEMPLATE));
});

// ---- reading a .docx back: fflate unzips, fast-xml-parser reads word/document.xml (entities decoded) ----

type X = Record<string, unknown>;
const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, trimValues: false, parseTagValue: false, htmlEntities: true });

interface W { tag: string; attrs: Record<string, string>; children: W[]; text?: string }
function tree(raw: X[]): W[] {
  return raw.map((r) => {
    if ('#text' in r) return { tag: '#text', attrs: {}, children: [], text: String(r['#text']) };
    const tag = Object.keys(r).find((k) => k !== ':@') ?? '';
    return { tag, attrs: (r[':@'] as Record<string, string> | undefined) ?? {}, children: tree((r[tag] as X[]) ?? []) };
  });
}
const find = (ws: W[], tag: string): W[] => ws.flatMap((w) => (w.tag === tag ? [w] : find(w.children, tag)));
/** the text of w:t runs, the way Word shows it */
const wText = (w: W): string => (w.tag === 'w:t' ? w.children.map((c) => c.text ?? '').join('') : w.tag === 'w:br' ? '\n' : w.children.map(wText).join(''));

function documentXml(docx: Uint8Array): string {
  const xml = unzipSync(docx)['word/document.xml'];
  if (!xml) throw new Error('no word/document.xml');
  return new TextDecoder().decode(xml);
}
function body(docx: Uint8Array): W[] {
  const xml = documentXml(docx);
  expect(XMLValidator.validate(xml)).toBe(true);
  return tree(parser.parse(xml) as X[]);
}
const rowsOf = (tbl: W): string[][] => find([tbl], 'w:tr').map((tr) => find([tr], 'w:tc').map(wText));

/** A one-paragraph-per-line template made with the docx library. */
async function makeTemplate(lines: string[]): Promise<Uint8Array> {
  const doc = new Document({ sections: [{ children: lines.map((l) => new Paragraph({ children: [new TextRun(l)] })) }] });
  return new Uint8Array(await Packer.toBuffer(doc));
}
const paragraphs = (docx: Uint8Array): string[] => find(body(docx), 'w:p').map(wText);

describe('renderTemplate: the company\'s own Word template filled with the register', () => {
  it('fills the example template: one SOUP-list row per item in the order of the data, the not-SOUP list, one form per item', async () => {
    const docx = await renderTemplate(example, template);
    const w = body(docx);
    const [soupList, notSoup] = find(w, 'w:tbl');
    const rows = rowsOf(soupList!);
    expect(rows[0]?.slice(0, 3)).toEqual(['#', 'Name', 'Version']);
    expect(rows.slice(1).map((r) => [r[0], r[1], r[2]])).toEqual(example.items.map((i, k) => [String(k + 1), i.record.identification.name, i.record.identification.version]));
    expect(rowsOf(notSoup!).slice(1).map((r) => [r[0], r[3]])).toEqual(example.notSoup.map((n) => [n.name, n.rationale]));
    const paras = find(w, 'w:p');
    const heads = paras.filter((p) => find([p], 'w:pStyle').some((x) => x.attrs['@_w:val'] === 'Heading1')).map(wText).filter((p) => /^\d+\. /.test(p));
    expect(heads).toEqual(example.items.map((i, k) => `${k + 1}. ${i.record.identification.name} ${i.record.identification.version}`));
    const text = paras.map(wText).join('\n');
    expect(text).toContain('Document: SOUP-INFUSION-PUMP-CONTROLLER, revision 1');
    expect(text).toContain('FR-FASTIFY-1: Routes GET /api/infusion/status');
    expect(text).not.toMatch(/\{\{|\}\}/);
  });

  it('shows the SOUP components without a record in the example template only when there are some', async () => {
    const tablesOf = async (d: ReportData) => find(body(await renderTemplate(d, template)), 'w:tbl').map(rowsOf);
    const gapped = await tablesOf(withUnrecorded(example));
    const list = gapped.find((t) => t[0]?.[0] === 'Name' && t[0]?.[4] === 'Record')!;
    expect(list.slice(1)).toEqual([[UNRECORDED.name, UNRECORDED.version, 'library', UNRECORDED.evidence, 'no record: run tureen sync']]);
    expect((await tablesOf(example)).some((t) => t[0]?.[0] === 'Name' && t[0]?.[4] === 'Record')).toBe(false);
  });

  it('inserts hostile register text as text: no markup, field, template command or literal XML takes effect', async () => {
    const docx = await renderTemplate(hostile, template);
    const xml = documentXml(docx);
    const w = body(docx);
    const rows = rowsOf(find(w, 'w:tbl')[0]!).slice(1);
    const ws = rows[hostile.items.findIndex((i) => i.record.id === 'npm/ws')]!;
    expect([ws[1], ws[3], ws[4]]).toEqual([HOSTILE.script, HOSTILE.formula, HOSTILE.cdata]);
    const text = paragraphs(docx).join('\n');
    for (const s of [HOSTILE.field, HOSTILE.command, HOSTILE.literalXml, HOSTILE.link]) expect(text).toContain(s);
    expect(text).toContain('bell[U+0007] rtl[U+202E]evil');
    // the literal-XML string did not become a paragraph, the command was not run, no field was made
    expect(find(w, 'w:t').filter((t) => wText(t) === 'injected')).toEqual([]);
    expect(find(w, 'w:fldSimple')).toEqual([]);
    expect(find(w, 'w:instrText')).toEqual([]);
    // no character XML forbids, no direction override
    expect([...xml].filter((c) => (c < ' ' && !'\t\n\r'.includes(c)) || c === '\u202E')).toEqual([]);
  });

  it('gives the same bytes for the same register, template and date', async () => {
    const a = await renderTemplate(few(example), template);
    const b = await renderTemplate(few(example), template);
    expect(a.length).toBeGreaterThan(1000);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it('runs template commands in a sandbox without Node\'s process or require', async () => {
    const docx = await renderTemplate(example, await makeTemplate(['{{typeof process}} {{typeof require}} {{items.length}} {{device.name}}']));
    expect(paragraphs(docx)).toEqual([`undefined undefined ${example.items.length} Infusion pump controller`]);
  });

  it('keeps what a command defines for the commands after it, and gives each loop its own variable and index', async () => {
    const two = { ...example, items: example.items.slice(0, 2) };
    const docx = await renderTemplate(two, await makeTemplate([
      '{{EXEC prefix = "SOUP-"}}',
      '{{FOR item IN items}}',
      '{{prefix}}{{$idx + 1}} {{$item.name}}',
      '{{END-FOR item}}',
      '{{typeof $item}} {{prefix.length}}',
    ]));
    expect(paragraphs(docx).filter((p) => p !== '')).toEqual([
      ...two.items.map((i, k) => `SOUP-${k + 1} ${i.record.identification.name}`),
      // a loop variable outlives its loop here as in docx-templates' own sandbox, which keeps every command's variables
      'object 5',
    ]);
  });

  it('refuses what is not a Word template, and a template over 20 MB, with the reason', async () => {
    const code = async (bytes: Uint8Array) => renderTemplate(example, bytes, { file: 'form.docx' }).then(() => 'ok', (e: unknown) => (e instanceof TureenError ? e.code : String(e)));
    expect(await code(new Uint8Array(MAX_TEMPLATE_BYTES + 1))).toBe('input.too-large');
    expect(await code(strToU8('not a zip'))).toBe('input.malformed');
    expect(await code(zipSync({ 'content.xml': strToU8('<office:document/>') }))).toBe('input.malformed');
  });

  it('reports the template\'s mistakes as one clear error', async () => {
    const err = await renderTemplate(example, await makeTemplate(['{{FOR item IN items}}', '{{$item.nme.first}}']), { file: 'form.docx' }).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(TureenError);
    expect((err as TureenError).file).toBe('form.docx');
    expect((err as TureenError).fix).toContain('docs/report-template.md');
  });

  it('documents every field of the context in docs/report-template.md', () => {
    const doc = readFileSync(DOCS, 'utf8');
    const ctx = templateContext(example);
    const item = ctx.items.find((i) => i.id === 'npm/fastify')!;
    const placeholders = [
      ...Object.keys(ctx.device).map((k) => `device.${k}`), ...Object.keys(ctx.document).map((k) => `document.${k}`),
      ...Object.keys(ctx.summary).map((k) => `summary.${k}`), 'date', 'tool.name', 'tool.version',
      ...Object.keys(item).map((k) => `$item.${k}`),
      ...Object.keys(item.vulnerabilityReview).map((k) => `$item.vulnerabilityReview.${k}`),
      ...Object.keys(item.anomalyReview).map((k) => `$item.anomalyReview.${k}`),
      ...Object.keys(ctx.notSoup[0]!).map((k) => `$c.${k}`),
      ...Object.keys(item.vulnerabilityReview.entries[0]!).map((k) => `$v.${k}`),
      ...Object.keys(item.anomalyReview.entries[0]!).map((k) => `$a.${k}`),
      ...Object.keys(item.functionalRequirements[0]!).map((k) => `$req.${k}`),
      ...Object.keys(item.verificationTests[0]!).map((k) => `$t.${k}`),
      ...Object.keys(item.approvals[0]!).map((k) => `$sig.${k}`),
      ...Object.keys(item.history[0]!).map((k) => `$h.${k}`),
      ...Object.keys(ctx.items.find((i) => i.findings.length)!.findings[0]!).map((k) => `$f.${k}`),
      ...Object.keys(ctx.summary.byClass[0]!).map((k) => `$x.${k}`),
      ...Object.keys(ctx.sections[0]!).map((k) => `$s.${k}`),
      'removed', 'unreadable', 'sections', 'items', 'notSoup',
    ];
    const missing = placeholders.filter((p) => !doc.includes(`\`${p}\``));
    expect(missing).toEqual([]);
  });
});
