import { z } from 'zod';
import { Finding, type Severity } from '../model/finding.js';
import { printable } from '../report/table.js';
import { TOOL } from '../version.js';
import { CHECK_RULES } from './rules.js';

export const CHECK_FORMATS = ['text', 'json', 'sarif', 'markdown'] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];

export const RequirementStatusSchema = z.object({
  item: z.string(),
  file: z.string(),
  requirement: z.string().describe('requirement id'),
  test: z.string().optional().describe('the test that verifies it, as named in verification.tests'),
  status: z.enum(['passed', 'failed', 'unverified', 'untested']).describe('untested: no verification.tests entry names it; unverified: its test is not in the results, was skipped, or has no recorded result'),
  date: z.string().optional().describe('the test run\'s date, when known'),
});

/**
 * The `tureen check --format json` document: a public contract for CI jobs (fields may be added, never renamed or
 * removed). Findings are sorted by file, line, rule.
 */
export const CheckReport = z.object({
  tool: z.object({ name: z.string(), version: z.string() }),
  summary: z.object({
    records: z.number().int().nonnegative().describe('record files read'),
    errors: z.number().int().nonnegative(),
    warnings: z.number().int().nonnegative(),
    infos: z.number().int().nonnegative(),
  }),
  findings: z.array(Finding),
  requirements: z.array(RequirementStatusSchema).optional().describe('each SOUP requirement\'s verification status (with --junit: from the reports; otherwise the recorded result)'),
});
export type CheckReport = z.infer<typeof CheckReport>;
export type RequirementStatusOut = z.infer<typeof RequirementStatusSchema>;

export interface CheckOutputInput {
  findings: readonly Finding[];
  records: number;
  requirements?: readonly RequirementStatusOut[];
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Findings in a stable order: by file, line, severity, rule, message. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...findings].sort((a, b) => cmp(a.file ?? '', b.file ?? '') || (a.line ?? 0) - (b.line ?? 0) || RANK[a.severity] - RANK[b.severity] || cmp(a.rule, b.rule) || cmp(a.message, b.message));
}

function counts(findings: readonly Finding[]) {
  return {
    errors: findings.filter((f) => f.severity === 'error').length,
    warnings: findings.filter((f) => f.severity === 'warning').length,
    infos: findings.filter((f) => f.severity === 'info').length,
  };
}

const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;

function summaryLine(input: CheckOutputInput): string {
  const c = counts(input.findings);
  return `${plural(input.records, 'record')} checked: ${plural(c.errors, 'error')}, ${plural(c.warnings, 'warning')}${c.infos ? `, ${plural(c.infos, 'note')}` : ''}.`;
}

/** Text for a terminal: findings grouped by file, `file:line: severity rule message` then `fix:`, then a summary. */
export function toText(input: CheckOutputInput): string {
  const out: string[] = [];
  let file: string | undefined;
  for (const f of sortFindings(input.findings)) {
    const fl = f.file ?? '(no file)';
    if (fl !== file) {
      if (file !== undefined) out.push('');
      file = fl;
    }
    out.push(`${printable(fl)}${f.line ? `:${f.line}` : ''}: ${f.severity} ${f.rule} ${printable(f.message)}`, `  fix: ${printable(f.fix)}`);
  }
  const reqs = input.requirements ?? [];
  if (reqs.length) {
    const by = (s: string) => reqs.filter((r) => r.status === s).length;
    if (out.length) out.push('');
    out.push(`requirements: ${by('passed')} verified, ${by('failed')} failed, ${by('unverified')} unverified, ${by('untested')} without a test.`);
  }
  if (out.length) out.push('');
  out.push(summaryLine(input));
  return `${out.join('\n')}\n`;
}

/** The JSON document (CheckReport). */
export function toJsonReport(input: CheckOutputInput): CheckReport {
  return {
    tool: { name: TOOL.name, version: TOOL.version },
    summary: { records: input.records, ...counts(input.findings) },
    findings: sortFindings(input.findings),
    ...(input.requirements ? { requirements: [...input.requirements] } : {}),
  };
}

export function toJson(input: CheckOutputInput): string {
  return `${JSON.stringify(toJsonReport(input), null, 2)}\n`;
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/** A repository-relative path as a URI reference: each segment percent-encoded, `/` kept. */
function uriOf(file: string): string {
  return file.split(/[\\/]/).map((s) => encodeURIComponent(s)).join('/');
}

/**
 * SARIF 2.1.0 (GitHub code scanning, GitLab, Azure DevOps): one run, tool "tureen" with every check rule, one result
 * per finding pointing at the record file and line.
 */
export function toSarifLog(input: CheckOutputInput): Record<string, unknown> {
  const ids = Object.keys(CHECK_RULES) as (keyof typeof CHECK_RULES)[];
  const index = new Map<string, number>(ids.map((id, i) => [id, i]));
  const rules = ids.map((id) => ({
    id,
    name: id.replace(/^check\./, '').replace(/-(\w)/g, (_, c: string) => c.toUpperCase()).replace(/^\w/, (c) => c.toUpperCase()),
    shortDescription: { text: CHECK_RULES[id].help },
    help: { text: CHECK_RULES[id].help },
    defaultConfiguration: { level: LEVEL[CHECK_RULES[id].severity] },
  }));
  const results = sortFindings(input.findings).map((f) => ({
    ruleId: f.rule,
    ...(index.has(f.rule) ? { ruleIndex: index.get(f.rule) } : {}),
    level: LEVEL[f.severity],
    message: { text: `${f.message}\nFix: ${f.fix}` },
    ...(f.file ? {
      locations: [{
        physicalLocation: {
          artifactLocation: { uri: uriOf(f.file) },
          region: { startLine: f.line ?? 1 },
        },
      }],
    } : {}),
    ...(f.item ? { properties: { item: f.item } } : {}),
  }));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'tureen', version: TOOL.version, semanticVersion: TOOL.version, rules } },
      results,
    }],
  };
}

export function toSarif(input: CheckOutputInput): string {
  return `${JSON.stringify(toSarifLog(input), null, 2)}\n`;
}

/** A table cell: no line breaks, `|` escaped, HTML and Markdown-active characters neutralised. */
export function mdCell(s: string): string {
  return printable(s.replace(/\r?\n/g, ' '))
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    .replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/([`*_[\]])/g, '\\$1');
}

/** Markdown for a pull-request comment: a summary line, a table of errors, then a table of warnings (and notes). */
export function toMarkdown(input: CheckOutputInput): string {
  const sorted = sortFindings(input.findings);
  const c = counts(sorted);
  const out: string[] = [];
  const icon = c.errors ? '❌' : c.warnings ? '⚠️' : '✅';
  out.push(`### ${icon} Tureen check: ${summaryLine(input)}`);
  const section = (title: string, list: Finding[]) => {
    if (!list.length) return;
    out.push('', `#### ${title} (${list.length})`, '', '| File | Item | Rule | Problem | Fix |', '| --- | --- | --- | --- | --- |');
    for (const f of list) out.push(`| ${mdCell(`${f.file ?? ''}${f.line ? `:${f.line}` : ''}`)} | ${mdCell(f.item ?? '')} | ${mdCell(f.rule)} | ${mdCell(f.message)} | ${mdCell(f.fix)} |`);
  };
  section('Errors', sorted.filter((f) => f.severity === 'error'));
  section('Warnings', sorted.filter((f) => f.severity === 'warning'));
  section('Notes', sorted.filter((f) => f.severity === 'info'));
  return `${out.join('\n')}\n`;
}

export function renderCheck(format: CheckFormat, input: CheckOutputInput): string {
  switch (format) {
    case 'text': return toText(input);
    case 'json': return toJson(input);
    case 'sarif': return toSarif(input);
    case 'markdown': return toMarkdown(input);
  }
}
