import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TureenError } from '../model/errors.js';
import { escapeHtml } from './html/common.js';

/**
 * The PDF report: the HTML report printed by headless Chromium — Debian's `chromium` package (or any Chromium named by
 * `CHROMIUM_PATH` / `opts.chromium`), driven by playwright-core, which downloads no browser of its own.
 *
 * The page is printed with JavaScript off, every request refused (the report loads nothing, so a request can only
 * come from content that should not be there) and a fresh, throw-away profile.
 */

export interface PdfOptions {
  /** the Chromium executable (default: `$CHROMIUM_PATH`, else `/usr/bin/chromium`) */
  chromium?: string;
  /** the document id for the page footer (default: the one the HTML report states in its `document-id` meta tag) */
  documentId?: string;
  /** the report's date (YYYY-MM-DD): the PDF's creation and modification dates say it instead of the time of printing */
  date?: string;
}

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** The Chromium a PDF is printed with: the option, else CHROMIUM_PATH, else Debian's. */
export function chromiumPath(opts: Pick<PdfOptions, 'chromium'> = {}): string {
  return opts.chromium || process.env.CHROMIUM_PATH || DEFAULT_CHROMIUM;
}

function missing(path: string, cause?: unknown): TureenError {
  return new TureenError({
    code: 'input.unreadable',
    file: path,
    message: `the PDF report needs Chromium, and none runs at ${path}${cause instanceof Error ? ` (${cause.message.split('\n')[0]})` : ''}`,
    fix: 'Install Chromium (Debian/Ubuntu: `apt-get install chromium`), or set CHROMIUM_PATH to a Chromium or Chrome executable; the HTML report needs no browser.',
    ...(cause === undefined ? {} : { cause }),
  });
}

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-dev-shm-usage'];

/** The document id the HTML report states in its `document-id` meta tag (our own markup, entities decoded). */
export function documentIdOf(html: string): string | undefined {
  const m = /<meta name="document-id" content="([^"]*)"/.exec(html.slice(0, 4096));
  if (!m?.[1]) return undefined;
  const ents: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
  return m[1].replace(/&(?:amp|lt|gt|quot|#39);/g, (x) => ents[x] ?? x);
}

/** Header (the document's title) and footer (document id, "Page x of y"): Chromium fills the spans itself, as text. */
function templates(documentId: string | undefined): { header: string; footer: string } {
  const style = 'font-family: system-ui, \'Liberation Sans\', \'DejaVu Sans\', Arial, sans-serif; font-size: 8px; color: #555; width: 100%; margin: 0 12mm; display: flex; justify-content: space-between;';
  return {
    header: `<div style="${style}"><span class="title"></span><span></span></div>`,
    footer: `<div style="${style}"><span>${documentId === undefined ? '' : escapeHtml(documentId)}</span><span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`,
  };
}

/**
 * Chromium writes the time of printing as the PDF's CreationDate and ModDate (`D:YYYYMMDDHHmmSS…`). With the report
 * date given, each becomes that date at 00:00:00 UTC: the same length, so the cross-reference offsets stay valid.
 */
export function stampDate(pdf: Uint8Array, date: string): Uint8Array {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return pdf;
  const text = Buffer.from(pdf).toString('latin1');
  const day = date.replace(/-/g, '');
  const out = text.replace(/\/(CreationDate|ModDate) \(D:\d{14}([+-]\d\d'\d\d'|Z)?\)/g, (_m, key: string, zone: string | undefined) =>
    `/${key} (D:${day}000000${zone === undefined ? '' : zone === 'Z' ? 'Z' : "+00'00'"})`);
  return out.length === text.length ? new Uint8Array(Buffer.from(out, 'latin1')) : pdf;
}

/** Print the HTML report to an A4 PDF (backgrounds printed, document id and "Page x of y" on every page). */
export async function renderPdf(html: string, opts: PdfOptions = {}): Promise<Uint8Array> {
  const exe = chromiumPath(opts);
  if (!existsSync(exe)) throw missing(exe);
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'tureen-chromium-'));
  try {
    let context;
    try {
      context = await chromium.launchPersistentContext(profile, {
        executablePath: exe, headless: true, args: ARGS, javaScriptEnabled: false, offline: true,
        acceptDownloads: false, serviceWorkers: 'block', timeout: 60_000,
      });
    } catch (e) {
      throw missing(exe, e);
    }
    try {
      await context.route('**/*', (route) => route.abort());
      const page = context.pages()[0] ?? await context.newPage();
      await page.setContent(html, { waitUntil: 'load', timeout: 60_000 });
      const { header, footer } = templates(opts.documentId ?? documentIdOf(html));
      const pdf = await page.pdf({
        format: 'A4', printBackground: true, preferCSSPageSize: true, displayHeaderFooter: true,
        headerTemplate: header, footerTemplate: footer, margin: { top: '16mm', bottom: '18mm', left: '12mm', right: '12mm' },
      });
      const bytes = new Uint8Array(pdf);
      return opts.date ? stampDate(bytes, opts.date) : bytes;
    } finally {
      await context.close();
    }
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}
