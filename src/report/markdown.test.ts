import { beforeAll, describe, expect, it } from 'vitest';
import { isSafeFileName } from '../register/filename.js';
import type { ReportData } from './data.js';
import { FORM_SECTIONS } from './docx/guidance.js';
import { HOSTILE, UNRECORDED, exampleRegister, hostileRegister, withUnrecorded } from './html/test-support/registers.js';
import { mdText, renderMarkdown } from './markdown.js';

let example: ReportData;
let hostile: ReportData;
beforeAll(async () => {
  example = (await exampleRegister()).data;
  hostile = (await hostileRegister()).data;
});

/** What a CommonMark reader shows for escaped inline text: backslash escapes of punctuation and the three entities. */
function shown(md: string): string {
  return md.replace(/\\([!-/:-@[-`{-~])/g, '$1').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** A GFM table row's cells: split at pipes not escaped by a backslash. */
function cells(row: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 1; i < row.length - 1; i++) {
    const c = row[i]!;
    if (c === '\\') {
      cur += c + (row[i + 1] ?? '');
      i++;
    } else if (c === '|') {
      out.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  out.push(cur.trim());
  return out;
}

/** The body rows of the first table after a heading. */
function tableAfter(md: string, heading: string): string[][] {
  const lines = md.split('\n');
  const start = lines.indexOf(heading);
  const first = lines.findIndex((l, i) => i > start && l.startsWith('| '));
  const rows: string[][] = [];
  for (let i = first + 2; i < lines.length && lines[i]!.startsWith('| '); i++) rows.push(cells(lines[i]!));
  return rows;
}

const linkLabel = (cell: string) => /^\[(.*)\]\((.*)\)$/.exec(cell);

describe('renderMarkdown: the register for git', () => {
  it('lists every SOUP item in README.md in the order of the data, each linking to its own page', () => {
    const files = renderMarkdown(example);
    const rows = tableAfter(files.get('README.md')!, '## SOUP list');
    expect(rows.map((r) => [shown(linkLabel(r[1]!)![1]!), shown(r[2]!)])).toEqual(example.items.map((i) => [i.record.identification.name, i.record.identification.version]));
    const pages = rows.map((r) => linkLabel(r[1]!)![2]!);
    expect(new Set(pages).size).toBe(example.items.length);
    for (const p of pages) {
      expect(p).toMatch(/^items\/[^/]+\.md$/);
      expect(isSafeFileName(p.slice('items/'.length))).toBe(true);
      expect(files.has(p)).toBe(true);
    }
    expect([...files.keys()].sort()).toEqual(['README.md', ...pages].sort());
    // the page of a record is named after its record file
    expect(pages[example.items.findIndex((i) => i.record.id === 'npm/fastify')]).toBe('items/npm-fastify.md');
  });

  it('lists the SOUP components without a record after the SOUP list, and counts them in the summary', () => {
    const md = renderMarkdown(withUnrecorded(example)).get('README.md')!;
    expect(tableAfter(md, '## SOUP items without a record').map((r) => r.map(shown))).toEqual([[UNRECORDED.name, UNRECORDED.version, 'npm', 'library', 'off-the-shelf', UNRECORDED.evidence, 'no record: run tureen sync']]);
    expect(md).toContain('- **SOUP components without a record: 1**');
    expect(renderMarkdown(example).get('README.md')).not.toContain('without a record');
  });

  it('lists the not-SOUP components with their rationale', () => {
    const rows = tableAfter(renderMarkdown(example).get('README.md')!, '## Not SOUP');
    expect(rows.map((r) => [shown(r[0]!), shown(r[1]!), shown(r[5]!)])).toEqual(example.notSoup.map((n) => [n.name, n.version, n.rationale]));
  });

  it('gives each item a page with the nine sections in order and the filled record\'s content', () => {
    const files = renderMarkdown(example);
    for (const [path, md] of files) {
      if (path === 'README.md') continue;
      const heads = md.split('\n').filter((l) => /^## \d\. /.test(l)).map((l) => shown(l.slice(3)));
      expect(heads).toEqual(FORM_SECTIONS.map((s, i) => `${i + 1}. ${s.title}`));
    }
    const fastify = files.get('items/npm-fastify.md')!;
    expect(tableAfter(fastify, '## 3. Functional requirements').map((r) => shown(r[0]!))).toEqual(['FR-FASTIFY-1', 'FR-FASTIFY-2']);
    expect(tableAfter(fastify, '## Approvals').map((r) => r.slice(0, 4).map(shown))).toEqual([['reviewer', 'A. Reviewer', '2026-11-21', '5.12.8'], ['approver', 'Q. Lead', '2026-11-22', '5.12.8']]);
    expect(shown(fastify)).toContain('A failure of the HTTP layer can stop the clinician UI');
  });

  it('lets no HTML and no Markdown from the register through: hostile text reads back as itself', () => {
    const files = renderMarkdown(hostile);
    for (const [, md] of files) {
      // no raw HTML at all: every < in the register is written as &lt;
      expect(md).not.toContain('<');
      expect(['\u0007', '\u202E'].filter((c) => md.includes(c))).toEqual([]);
      expect(md).not.toMatch(/\]\(\s*javascript:/i);
    }
    const readme = files.get('README.md')!;
    const rows = tableAfter(readme, '## SOUP list');
    const ws = rows[hostile.items.findIndex((i) => i.record.id === 'npm/ws')]!;
    expect(shown(linkLabel(ws[1]!)![1]!)).toBe(HOSTILE.script);
    expect(shown(ws[3]!)).toBe(HOSTILE.formula);
    expect(shown(ws[4]!)).toBe(HOSTILE.cdata);
    const pino = rows[hostile.items.findIndex((i) => i.record.id === 'npm/pino')]!;
    expect(shown(linkLabel(pino[1]!)![1]!)).toBe('bell[U+0007] rtl[U+202E]evil');
    const page = files.get('items/npm-ws.md')!;
    // the javascript: URL is plain text, never a link target
    expect(shown(page)).toContain(HOSTILE.link);
    expect(page).not.toContain(`](${HOSTILE.link}`);
    expect(shown(page)).toContain(HOSTILE.literalXml);
  });

  it('escapes what would start a block at the beginning of a line of register text', () => {
    const md = mdText('# not a heading\n- not a list\n1. not a list\n    not code\n> not a quote\n===');
    const lines = md.split('\\\n');
    expect(lines).toEqual(['\\# not a heading', '\\- not a list', '1\\. not a list', 'not code', '&gt; not a quote', '\\===']);
  });
});
