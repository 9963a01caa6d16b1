import { relative } from 'node:path';
import { Command } from 'commander';
import { TureenError } from '../model/errors.js';
import { REPORT_FORMATS as FORMATS, runReport, type ReportFormat as Format } from '../report/run.js';
import { printable } from '../report/table.js';

/** `tureen report --format … --out …` */
export function reportCommand(): Command {
  return new Command('report')
    .description('the audit documents of the SOUP register: Word (.docx, or your own template), HTML, PDF, Markdown, CSV, CycloneDX 1.6 (JSON, XML) and SPDX 2.3 SBOMs with the assessments as VEX, OpenVEX; several formats in one run')
    .argument('[dir]', 'the device repository', '.')
    .requiredOption('-f, --format <formats...>', `one or more of ${FORMATS.join(', ')} (or all)`)
    .requiredOption('-o, --out <path>', 'a folder (each format becomes <document id>.<ext>; md a folder), or a file path when one format is given')
    .option('--template <file.docx>', 'fill your company\'s Word template (docx-templates; see docs/report-template.md) instead of Tureen\'s document, for --format docx')
    .option('--date <YYYY-MM-DD>', 'the document date (default today): the same register and date give the same documents')
    .option('--doc-id <id>', 'the document id on every page (default: the config\'s report.documentId, else SOUP-<DEVICE>)')
    .option('--revision <rev>', 'the document revision (default: the config\'s report.revision, else 1)')
    .option('--chromium <path>', 'the Chromium executable for PDF (default $CHROMIUM_PATH, else /usr/bin/chromium)')
    .option('-c, --config <file>', 'config file instead of <dir>/tureen.config.yaml')
    .option('--exclude <pattern...>', 'extra gitignore-style patterns to skip in the scan')
    .action(async (dir: string, o: { format: string[]; out: string; template?: string; date?: string; docId?: string; revision?: string; chromium?: string; config?: string; exclude?: string[] }) => {
      const asked = o.format.flatMap((f) => f.split(',')).map((f) => f.trim().toLowerCase()).filter(Boolean);
      const formats = asked.includes('all') ? [...FORMATS] : asked;
      const bad = formats.filter((f) => !(FORMATS as readonly string[]).includes(f));
      if (bad.length) throw new TureenError({ code: 'usage', message: `unknown format${bad.length > 1 ? 's' : ''} ${bad.map((b) => `"${printable(b)}"`).join(', ')}`, fix: `Use ${FORMATS.join(', ')} or all.` });
      if (o.date !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(o.date) || Number.isNaN(Date.parse(`${o.date}T00:00:00Z`)))) {
        throw new TureenError({ code: 'usage', message: `--date "${printable(o.date)}" is not a date as YYYY-MM-DD`, fix: 'Give e.g. --date 2026-11-26.' });
      }
      const r = await runReport(dir, {
        formats: formats as Format[], out: o.out,
        ...(o.template ? { template: o.template } : {}), ...(o.date ? { date: o.date } : {}), ...(o.docId ? { documentId: o.docId } : {}),
        ...(o.revision ? { revision: o.revision } : {}), ...(o.chromium ? { chromium: o.chromium } : {}),
        ...(o.config ? { config: o.config } : {}), ...(o.exclude ? { exclude: o.exclude } : {}),
      });
      const d = r.data;
      const lines = [
        `${printable(d.document.id)} rev. ${printable(d.document.revision)}, ${d.date}: ${d.summary.items} SOUP items (${d.summary.complete} complete)${d.unrecorded.length ? `, ${d.unrecorded.length} more without a record (run tureen sync)` : ''}, ${d.notSoup.length} not SOUP${d.removed.length ? `, ${d.removed.length} removed` : ''}${d.unreadable.length ? `, ${d.unreadable.length} unreadable records listed` : ''}`,
        ...r.skipped.map((s) => `  ${s.format.padEnd(13)} not written: ${s.why}`),
        ...r.written.map((w) => `  ${w.format.padEnd(13)} ${printable(relative(process.cwd(), w.path) || w.path)} (${w.bytes < 1024 ? `${w.bytes} B` : `${(w.bytes / 1024).toFixed(0)} KB`})`),
      ];
      process.stderr.write(`${lines.join('\n')}\n`);
    });
}
