import { Command, Option } from 'commander';
import { mdCell } from '../check/format.js';
import type { AnomaliesResult } from '../register/anomalies.js';
import { printable } from '../report/table.js';
import { writeFileAtomic } from '../util/fs.js';

const FORMATS = ['table', 'json', 'markdown'] as const;
/** Only plain http(s) URLs become Markdown links (no spaces, brackets or angle brackets that could break out). */
const SAFE_URL = /^https?:\/\/[^\s<>()[\]`"'|\\]+$/;
type Format = (typeof FORMATS)[number];

function eolText(r: AnomaliesResult['records'][number]): string {
  const e = r.findings.endOfLife;
  if (!e) return '';
  return e.supported ? (typeof e.eol === 'string' ? `supported until ${e.eol}` : 'supported') : `end of life${typeof e.eol === 'string' ? ` since ${e.eol}` : ''}`;
}

function render(format: Format, r: AnomaliesResult): string {
  if (format === 'json') {
    return `${JSON.stringify({ records: r.records.map((x) => ({ file: x.file, id: x.id, name: x.name, version: x.version, newest: x.findings.newest, endOfLife: x.findings.endOfLife, candidates: x.findings.candidates, fresh: x.fresh.map((c) => c.id), unassessed: x.unassessed, sources: x.findings.sources, problems: x.findings.problems })), recorded: r.recorded }, null, 2)}\n`;
  }
  const withAny = r.records.filter((x) => x.fresh.length || x.unassessed);
  const fresh = r.records.reduce((n, x) => n + x.fresh.length, 0);
  const summary = `${r.records.length} records checked: ${r.records.reduce((n, x) => n + x.findings.candidates.length, 0)} anomaly candidates, ${fresh} not yet in a review, ${r.records.reduce((n, x) => n + x.unassessed, 0)} entries not yet assessed.`;
  if (format === 'markdown') {
    const out = [`### ${fresh ? '⚠️' : '✅'} Tureen known anomalies: ${mdCell(summary)}`, '', '| Record | Item | Candidate | Why | Source |', '| --- | --- | --- | --- | --- |'];
    for (const x of withAny) for (const c of x.fresh) out.push(`| ${mdCell(x.file)} | ${mdCell(`${x.name}@${x.version}`)} | ${mdCell(c.title)}${c.url && SAFE_URL.test(c.url) ? ` ([link](${c.url}))` : ''} | ${mdCell(c.reason)} | ${mdCell(c.source)} |`);
    return `${out.join('\n')}\n`;
  }
  const out: string[] = [];
  for (const x of withAny) {
    out.push(`${printable(x.file)}  ${printable(`${x.name}@${x.version}`)}${x.findings.newest ? `  newest ${printable(x.findings.newest)}` : ''}${eolText(x) ? `  ${printable(eolText(x))}` : ''}`);
    for (const c of x.fresh) out.push(`  new  ${printable(c.id)}  ${printable(c.title)}\n       ${printable(c.reason)}${c.url ? `\n       ${printable(c.url)}` : ''}`);
    if (x.unassessed) out.push(`  ${x.unassessed} entr${x.unassessed === 1 ? 'y' : 'ies'} of the review not marked relevant or not`);
  }
  // the same problem for many records (offline, no token, rate limited) is said once, with how many it concerns
  const problems = new Map<string, string[]>();
  for (const x of r.records) for (const p of x.findings.problems) problems.set(p, [...(problems.get(p) ?? []), x.name]);
  for (const [p, names] of problems) out.push(`note: ${printable(p)}${names.length > 1 ? ` (${names.length} records)` : ` (${printable(names[0]!)})`}`);
  if (r.recorded.length) out.push(`recorded new candidates in ${r.recorded.length} record${r.recorded.length === 1 ? '' : 's'}`);
  out.push(summary);
  return `${out.join('\n')}\n`;
}

/** `tureen anomalies [dir]` */
export function anomaliesCommand(setExit: (code: number) => void): Command {
  return new Command('anomalies')
    .description('known-anomaly candidates for each SOUP record\'s exact version: open bugs in its issue tracker (GitHub, GitLab), fixes in later release notes and changelogs, registry deprecation or yank, end of life; exit 1 when a candidate is not yet in a review or a review entry is not assessed')
    .argument('[dir]', 'the device repository', '.')
    .option('--record', 'append new candidates to each record\'s anomalyReview, unassessed (a draft review where there is none)')
    .option('--offline', 'ask no network service: only changelogs of installed packages and the registry flags in the records')
    .option('--item <names...>', 'only these records (file name, id or package name)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(FORMATS).default('table'))
    .option('-o, --out <file>', 'write the output to this file (atomically) instead of standard output')
    .option('-c, --config <file>', 'config file instead of <dir>/tureen.config.yaml')
    .action(async (dir: string, o: { record?: boolean; offline?: boolean; item?: string[]; format: Format; out?: string; config?: string }) => {
      const { runAnomalies } = await import('../register/anomalies.js');
      const r = await runAnomalies(dir, { ...(o.record ? { record: true } : {}), ...(o.offline ? { offline: true } : {}), ...(o.item ? { only: o.item } : {}), ...(o.config ? { config: o.config } : {}) });
      const text = render(o.format, r);
      if (o.out) writeFileAtomic(o.out, text);
      else process.stdout.write(text);
      // what --record just added is now in the reviews, unassessed: still something to do
      if (r.records.some((x) => x.fresh.length || x.unassessed)) setExit(1);
    });
}
