import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { TureenError } from '../model/errors.js';
import type { ReportData } from './data.js';
import { renderHtml } from './html/index.js';
import { exampleRegister } from './html/test-support/registers.js';
import { DEFAULT_CHROMIUM, chromiumPath, documentIdOf, renderPdf } from './pdf.js';

// CI installs Debian's chromium (.ci/run); these tests print with it, as `tureen report --format pdf` does.

let data: ReportData;
let html: string;
beforeAll(async () => {
  data = (await exampleRegister()).data;
  html = renderHtml(data);
});

const latin1 = (b: Uint8Array) => Buffer.from(b).toString('latin1');
/** page objects (`/Type /Page`, not the `/Pages` tree nodes) */
const pageCount = (b: Uint8Array) => (latin1(b).match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;

describe('renderPdf: the HTML report printed by Chromium', () => {
  it('prints the example\'s report as an A4 PDF, each assessment form starting a page, dated the report\'s date', async () => {
    const pdf = await renderPdf(html, { date: data.date });
    expect(latin1(pdf.slice(0, 5))).toBe('%PDF-');
    // the cover and summary, the lists, then one page at least per item: more pages than items
    expect(pageCount(pdf)).toBeGreaterThan(data.items.length + 2);
    // A4 portrait (595 x 842 pt) for the forms; the lists print landscape
    expect(latin1(pdf)).toMatch(/\/MediaBox \[0 0 59[45](?:\.\d+)? 84[12](?:\.\d+)?\]/);
    expect(latin1(pdf)).toMatch(/\/MediaBox \[0 0 84[12](?:\.\d+)? 59[45](?:\.\d+)?\]/);
    expect(latin1(pdf)).toContain("/CreationDate (D:20261126000000+00'00')");
    expect(latin1(pdf)).not.toMatch(/\/CreationDate \(D:(?!20261126000000)/);
  });

  it('reads back with the document id and "Page x of y" on every page, and every item\'s form', async () => {
    // read as a person reads it: poppler's pdftotext gives each page's text, pages separated by form feeds
    const dir = mkdtempSync(join(tmpdir(), 'tureen-pdf-'));
    const file = join(dir, 'report.pdf');
    writeFileSync(file, await renderPdf(html, { date: data.date }));
    const pages = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8', maxBuffer: 1 << 26 }).split('\f').filter((p) => p.trim() !== '');
    rmSync(dir, { recursive: true, force: true });
    expect(pages.length).toBeGreaterThan(data.items.length + 2);
    pages.forEach((text, i) => {
      expect(text, `page ${i + 1}`).toContain(`Page ${i + 1} of ${pages.length}`);
      expect(text, `page ${i + 1}`).toContain(data.document.id);
    });
    const all = pages.join('\n');
    for (const it of data.items) expect(all).toContain(`${it.record.identification.name} ${it.record.identification.version}`);
  });

  it('applies the print style sheet: no navigation on paper, table headers repeated, each form on a new page', async () => {
    const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox', '--disable-gpu'] });
    try {
      const page = await browser.newPage();
      await page.setContent(html);
      await page.emulateMedia({ media: 'print' });
      const styles = await page.evaluate(() => {
        const get = (sel: string, prop: string) => {
          const el = document.querySelector(sel);
          return el ? getComputedStyle(el).getPropertyValue(prop) : 'missing';
        };
        return {
          nav: get('nav', 'display'), thead: get('table.soup-list thead', 'display'),
          form: get('article.item', 'break-before'), list: get('#soup-list', 'page'),
        };
      });
      expect(styles).toEqual({ nav: 'none', thead: 'table-header-group', form: 'page', list: 'wide' });
    } finally {
      await browser.close();
    }
  });

  it('names the package to install when Chromium is not there', async () => {
    const err = await renderPdf(html, { chromium: '/nonexistent/chromium' }).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(TureenError);
    const e = err as TureenError;
    expect(e.message).toContain('/nonexistent/chromium');
    expect(e.fix).toContain('apt-get install chromium');
    expect(e.fix).toContain('CHROMIUM_PATH');
  });

  it('finds Chromium in the option, else CHROMIUM_PATH, else Debian\'s path', () => {
    const before = process.env.CHROMIUM_PATH;
    try {
      delete process.env.CHROMIUM_PATH;
      expect(chromiumPath()).toBe(DEFAULT_CHROMIUM);
      expect(DEFAULT_CHROMIUM).toBe('/usr/bin/chromium');
      process.env.CHROMIUM_PATH = '/opt/chrome/chrome';
      expect(chromiumPath()).toBe('/opt/chrome/chrome');
      expect(chromiumPath({ chromium: '/x/chromium' })).toBe('/x/chromium');
    } finally {
      if (before === undefined) delete process.env.CHROMIUM_PATH;
      else process.env.CHROMIUM_PATH = before;
    }
  });

  it('reads the document id for the footer from the report', () => {
    expect(documentIdOf(html)).toBe('SOUP-INFUSION-PUMP-CONTROLLER');
    expect(documentIdOf(renderHtml({ ...data, document: { ...data.document, id: 'DOC-"7"<&>' } }))).toBe('DOC-"7"<&>');
    expect(documentIdOf('<html></html>')).toBeUndefined();
  });
});
