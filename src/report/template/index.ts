import vm from 'node:vm';
import { createReport } from 'docx-templates';
import { unzipSync, zipSync, type Zippable } from 'fflate';
import { TureenError } from '../../model/errors.js';
import type { ReportData } from '../data.js';
import { templateContext } from './context.js';

export { templateContext, type TemplateContext, type TemplateItem } from './context.js';

/**
 * The company's own Word template, filled with docx-templates: commands between `{{` and `}}` (`{{device.name}}`,
 * `{{FOR item IN items}}` … `{{$item.version}}` … `{{END-FOR item}}`), the data being `templateContext(data)`
 * (docs/report-template.md lists every field).
 *
 * A template's commands are JavaScript, run by docx-templates in its default sandbox (a fresh Node `vm` context, not a
 * security boundary: use templates from your own organisation). The register's text is only ever data: docx-templates
 * escapes `& < >` in what a command inserts, and the one way it lets inserted text become XML — text between two
 * literal-XML delimiters — is closed by a delimiter made of a control character, which XML cannot hold and the context
 * never does (its text is made inert). Values are not read as commands again, so `{{…}}` in a name stays text.
 */

export const MAX_TEMPLATE_BYTES = 20 * 1024 * 1024;
/** what the template's parts may add up to unpacked (a zip bomb stops here, before docx-templates unpacks it) */
export const MAX_TEMPLATE_UNPACKED = 200 * 1024 * 1024;
/** docx-templates's literal-XML delimiter: U+0001 cannot occur in XML text, nor in the inert context. */
const LITERAL_XML = '\u0001tureen-literal-xml\u0001';

export interface TemplateOptions {
  /** the template's path, for messages */
  file?: string;
}

function bad(file: string | undefined, message: string, fix: string, cause?: unknown): TureenError {
  return new TureenError({ code: 'input.malformed', message, fix, ...(file ? { file } : {}), ...(cause === undefined ? {} : { cause }) });
}

/** Check the template is a .docx of a sane size before docx-templates unpacks it. */
function checkTemplate(bytes: Uint8Array, file: string | undefined): void {
  if (bytes.length > MAX_TEMPLATE_BYTES) {
    throw new TureenError({
      code: 'input.too-large', ...(file ? { file } : {}),
      message: `the Word template is ${(bytes.length / 1048576).toFixed(1)} MB; templates above ${MAX_TEMPLATE_BYTES / 1048576} MB are refused`,
      fix: 'Make the template smaller (compress or remove large images); it only needs the layout and the placeholders.',
    });
  }
  const names = new Set<string>();
  let unpacked = 0;
  try {
    // the filter sees each entry's declared size and says no: nothing is inflated here
    unzipSync(bytes, { filter: (f) => { names.add(f.name); unpacked += f.originalSize; return false; } });
  } catch (e) {
    throw bad(file, 'the Word template is not a .docx file (not a readable zip archive)', 'Save the template from Word or LibreOffice as "Word Document (.docx)".', e);
  }
  if (!names.has('word/document.xml') || !names.has('[Content_Types].xml')) {
    throw bad(file, 'the Word template is not a .docx file (no word/document.xml)', 'Save the template from Word or LibreOffice as "Word Document (.docx)"; .doc, .odt and .dotx files are not read.');
  }
  if (unpacked > MAX_TEMPLATE_UNPACKED) {
    throw new TureenError({
      code: 'input.too-large', ...(file ? { file } : {}),
      message: `the Word template unpacks to ${(unpacked / 1048576).toFixed(0)} MB; more than ${MAX_TEMPLATE_UNPACKED / 1048576} MB is refused`,
      fix: 'Use a template of ordinary size; it only needs the layout and the placeholders.',
    });
  }
}

type RunJs = NonNullable<Parameters<typeof createReport>[0]['runJs']>;

/**
 * Runs the template's commands as docx-templates' default sandbox does — each command a script in a Node `vm` context
 * holding the data, the loop variables and what earlier commands defined — but in one context for the whole report
 * instead of a new one per command, and each distinct command compiled once: docx-templates' own way spent 20 of a
 * 1,000-item register's 35 seconds creating contexts. The isolation is the same (a vm context: no `process`, no
 * `require`); the values a command sees are the same, since docx-templates hands every command the whole sandbox.
 */
function sandboxRunner(): RunJs {
  let context: vm.Context | undefined;
  const scripts = new Map<string, vm.Script>();
  return ({ sandbox }) => {
    context ??= vm.createContext({});
    Object.assign(context, sandbox);
    const code = String((sandbox as { __code__?: unknown }).__code__ ?? '');
    let script = scripts.get(code);
    if (!script) scripts.set(code, (script = new vm.Script(code)));
    return { modifiedSandbox: context as typeof sandbox, result: script.runInContext(context) as unknown };
  };
}

/** One line per template error docx-templates reports (it collects them all with failFast off). */
function templateErrors(e: unknown): string[] {
  const errs = Array.isArray(e) ? e : [e];
  return errs.map((x) => {
    if (!(x instanceof Error)) return String(x);
    const cmd = (x as { command?: unknown }).command;
    return `${x.message}${typeof cmd === 'string' && !x.message.includes(cmd) ? ` (in {{${cmd.trim()}}})` : ''}`;
  });
}

/**
 * Re-pack the result with every entry dated the report's date (JSZip stamps the time of writing): the same template,
 * register and date give the same bytes. fflate writes DOS times from local date parts, so they are given as such.
 */
function repack(bytes: Uint8Array, date: string): Uint8Array {
  const [y, m, d] = date.split('-').map(Number);
  const mtime = new Date(y ?? 1980, (m ?? 1) - 1, d ?? 1, 12, 0, 0);
  const files = unzipSync(bytes);
  const out: Zippable = Object.create(null) as Zippable;
  for (const [name, data] of Object.entries(files)) out[name] = [data, { mtime, level: name.endsWith('.xml') || name.endsWith('.rels') ? 6 : 0 }];
  return zipSync(out, { mtime });
}

/** Fill a company's Word template (.docx bytes) with the report's data. */
export async function renderTemplate(data: ReportData, template: Uint8Array, opts: TemplateOptions = {}): Promise<Uint8Array> {
  checkTemplate(template, opts.file);
  let out: Uint8Array;
  try {
    out = await createReport({
      template,
      data: templateContext(data),
      cmdDelimiter: ['{{', '}}'],
      literalXmlDelimiter: LITERAL_XML,
      processLineBreaks: true,
      noSandbox: false,
      runJs: sandboxRunner(),
      failFast: false,
      rejectNullish: false,
      fixSmartQuotes: true,
      // docx-templates stops after 1,000,000 steps through the template's XML (its guard against a runaway loop); a
      // form per item takes thousands of steps each, so the bound grows with the register
      maximumWalkingDepth: 1_000_000 + 20_000 * (data.items.length + data.notSoup.length + data.removed.length),
    });
  } catch (e) {
    const lines = templateErrors(e);
    throw bad(opts.file, `the Word template has ${lines.length === 1 ? 'an error' : `${lines.length} errors`}: ${lines.join('; ')}`,
      'Correct the commands between {{ and }} in the template; docs/report-template.md lists every placeholder (e.g. {{device.name}}, {{FOR item IN items}} … {{END-FOR item}}).', e);
  }
  return repack(out, data.date);
}
