import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { TureenError } from '../model/errors.js';
import { writeFileAtomic } from '../util/fs.js';
import { insideRepo } from '../util/path.js';
import { buildReportData, type ReportData, type ReportOptions } from './data.js';

/**
 * `tureen report`: the audit documents of the register, in one run, every time the same for the same register and
 * date. Each writer is pure; this file only chooses the writers, names the files and writes them atomically.
 */

export const REPORT_FORMATS = ['docx', 'html', 'pdf', 'md', 'csv', 'cyclonedx', 'cyclonedx-xml', 'spdx', 'openvex'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** The file (or, for md, the folder) each format writes, under the output folder. */
export const EXTENSION: Record<ReportFormat, string> = {
  docx: '.docx', html: '.html', pdf: '.pdf', md: '', csv: '.csv',
  cyclonedx: '.cdx.json', 'cyclonedx-xml': '.cdx.xml', spdx: '.spdx.json', openvex: '.openvex.json',
};

export interface RunReportOptions extends ReportOptions {
  formats: readonly ReportFormat[];
  /** a folder (several formats, or md), or a file path for one format */
  out: string;
  /** a company Word template (docx-templates) used for the docx format instead of Tureen's own document */
  template?: string;
  /** Chromium for the PDF (default $CHROMIUM_PATH, else /usr/bin/chromium) */
  chromium?: string;
}

export interface RunReportResult {
  data: ReportData;
  /** every path written (a file, or md's folder) */
  written: { format: ReportFormat; path: string; bytes: number }[];
  /** formats not written, and why (an OpenVEX document needs at least one statement) */
  skipped: { format: ReportFormat; why: string }[];
}

function baseName(data: ReportData): string {
  const safe = data.document.id.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|-+$/g, '');
  return safe || 'soup-register';
}

/** Where one format goes: `out` itself when it names one file of that format, else `<out>/<document id><ext>`. */
export function targetOf(format: ReportFormat, out: string, single: boolean, data: ReportData): string {
  const ext = EXTENSION[format];
  if (single && format !== 'md' && ext && out.toLowerCase().endsWith(ext.toLowerCase())) return out;
  if (single && format !== 'md' && extname(out) && !(existsSync(out) && statSync(out).isDirectory())) {
    throw new TureenError({ code: 'usage', file: out, message: `--out names a "${extname(out)}" file, but the ${format} document is a "${ext}" file`, fix: `Give --out a folder, or a file ending in ${ext}.` });
  }
  return join(out, format === 'md' ? `${baseName(data)}-md` : `${baseName(data)}${ext}`);
}

const MAX_TEMPLATE = 20 * 1024 * 1024;

export async function runReport(dir: string, opts: RunReportOptions): Promise<RunReportResult> {
  const formats = [...new Set(opts.formats)];
  if (!formats.length) throw new TureenError({ code: 'usage', message: 'no format was given', fix: `Give --format with one or more of ${REPORT_FORMATS.join(', ')}.` });
  let template: Uint8Array | undefined;
  if (opts.template) {
    if (!formats.includes('docx')) throw new TureenError({ code: 'usage', file: opts.template, message: '--template fills a Word template, so it needs --format docx', fix: 'Add docx to --format.' });
    try {
      const size = statSync(opts.template).size;
      if (size > MAX_TEMPLATE) throw new TureenError({ code: 'input.too-large', file: opts.template, message: `the template is ${size} bytes; at most ${MAX_TEMPLATE}`, fix: 'Give a Word template (a few hundred KB).' });
      template = readFileSync(opts.template);
    } catch (e) {
      if (e instanceof TureenError) throw e;
      throw new TureenError({ code: 'input.unreadable', file: opts.template, message: `cannot read the template (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, fix: 'Check the path given with --template.', cause: e });
    }
  }
  const data = await buildReportData(dir, opts);
  const single = formats.length === 1;
  const out = resolve(opts.out);
  const written: RunReportResult['written'] = [];
  const skipped: RunReportResult['skipped'] = [];
  let html: string | undefined;
  const htmlOf = async () => (html ??= (await import('./html/index.js')).renderHtml(data));
  for (const format of formats) {
    const path = targetOf(format, out, single, data);
    mkdirSync(format === 'md' ? path : dirname(path), { recursive: true });
    let body: string | Uint8Array;
    switch (format) {
      case 'docx':
        body = template ? await (await import('./template/index.js')).renderTemplate(data, template, { file: opts.template! }) : await (await import('./docx/index.js')).renderDocx(data);
        break;
      case 'html': body = await htmlOf(); break;
      case 'pdf': body = await (await import('./pdf.js')).renderPdf(await htmlOf(), { ...(opts.chromium ? { chromium: opts.chromium } : {}), date: data.date }); break;
      case 'csv': body = (await import('./csv.js')).renderCsv(data); break;
      case 'cyclonedx': body = (await import('./sbom/cyclonedx.js')).renderCycloneDx(data, 'json'); break;
      case 'cyclonedx-xml': body = (await import('./sbom/cyclonedx.js')).renderCycloneDx(data, 'xml'); break;
      case 'spdx': body = (await import('./sbom/spdx.js')).renderSpdx(data); break;
      case 'openvex': {
        const vex = await import('./sbom/openvex.js');
        // OpenVEX requires at least one statement: with no assessment yet there is no valid document to write
        if (!vex.openVexStatements(data).length) {
          skipped.push({ format, why: 'no vulnerability assessment of a current version in the register yet, and an OpenVEX document needs at least one statement' });
          continue;
        }
        body = vex.renderOpenVex(data);
        break;
      }
      case 'md': {
        const files = (await import('./markdown.js')).renderMarkdown(data);
        // the folder is Tureen's: files of an earlier run for items no longer listed must not linger
        rmSync(join(path, 'items'), { recursive: true, force: true });
        let bytes = 0;
        for (const [rel, text] of files) {
          if (!insideRepo('', rel)) throw new Error(`internal: markdown file ${rel} outside its folder`);
          const p = resolve(path, rel);
          mkdirSync(dirname(p), { recursive: true });
          writeFileAtomic(p, text);
          bytes += Buffer.byteLength(text);
        }
        written.push({ format, path, bytes });
        continue;
      }
    }
    writeFileAtomic(path, body);
    written.push({ format, path, bytes: typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength });
  }
  return { data, written, skipped };
}
