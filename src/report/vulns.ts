import { mdCell } from '../check/format.js';
import { isAssessed } from '../register/assessment.js';
import type { ReportedComponent, ReportedFinding, VulnsResult } from '../register/vulnerabilities.js';
import { TOOL } from '../version.js';
import { printable, textTable } from './table.js';

export const VULNS_FORMATS = ['table', 'json', 'sarif', 'markdown'] as const;
export type VulnsFormat = (typeof VULNS_FORMATS)[number];

/** One row per finding, the shape `--format json` gives (the issue's public contract). */
export interface VulnRow {
  id: string;
  aliases: string[];
  ecosystem: string;
  name: string;
  version: string;
  purl: string;
  severity: string;
  cvss?: { version: string; vector: string; score: number };
  kev: boolean;
  epss?: { score: number; percentile: number; date: string };
  fixed: string[];
  summary?: string;
  assessment?: ReportedFinding['assessment'];
  record?: string;
  via: 'osv' | 'nvd';
}

function rows(components: readonly ReportedComponent[]): VulnRow[] {
  return components.flatMap((c) => c.findings.map((f): VulnRow => ({
    id: f.id, aliases: f.aliases,
    ecosystem: c.item.ecosystem, name: c.item.name, version: c.item.version, purl: c.item.purl,
    severity: f.severity,
    ...(f.cvss ? { cvss: { version: f.cvss.version, vector: f.cvss.vector, score: f.cvss.baseScore } } : {}),
    kev: f.kev,
    ...(f.epss ? { epss: f.epss } : {}),
    fixed: f.fixed,
    ...(f.summary ? { summary: f.summary } : {}),
    ...(f.assessment ? { assessment: f.assessment } : {}),
    ...(c.record ? { record: c.record } : {}),
    via: f.via,
  })));
}

function stateText(f: ReportedFinding): string {
  if (!f.assessment) return 'unassessed';
  return f.assessment.state === 'in_triage' ? 'in triage' : f.assessment.state.replace('_', ' ');
}

function summaryLine(r: VulnsResult): string {
  const all = r.components.flatMap((c) => c.findings);
  const affected = r.components.filter((c) => c.findings.length).length;
  const open = all.filter((f) => !isAssessed(f)).length;
  return `${r.components.length} components checked, ${all.length} known vulnerabilit${all.length === 1 ? 'y' : 'ies'} in ${affected}; ${open} not assessed. Store: ${r.store.advisories} advisories${r.store.newestModified ? `, newest modified ${r.store.newestModified.slice(0, 10)}` : ''}.`;
}

export function toVulnsTable(r: VulnsResult): string {
  const out: string[] = [];
  const list = r.components.filter((c) => c.findings.length);
  if (list.length) {
    const body = list.flatMap((c) => c.findings.map((f) => [
      printable(`${c.item.name}@${c.item.version}`),
      printable(f.id),
      `${f.severity}${f.cvss ? ` ${f.cvss.baseScore.toFixed(1)}` : ''}${f.kev ? ' KEV' : ''}`,
      f.epss ? `${(f.epss.score * 100).toFixed(1)}%` : '',
      printable(f.fixed.join(', ') || 'no fix known'),
      stateText(f),
      printable(f.summary ?? ''),
    ]));
    out.push(textTable(body, ['component', 'vulnerability', 'severity', 'EPSS', 'fixed in', 'assessment', 'summary']));
    const fixes = list.filter((c) => c.nearestFix).map((c) => `  ${printable(c.item.name)} ${printable(c.item.version)} → ${printable(c.nearestFix!)}`);
    if (fixes.length) out.push('', 'nearest version that fixes every finding:', ...fixes);
  }
  const fallback = r.components.filter((c) => c.fallbackOrdering && c.findings.length);
  if (fallback.length) out.push('', `versions ordered by the generic fallback (no ordering known for their ecosystem): ${fallback.map((c) => printable(`${c.item.ecosystem}/${c.item.name}`)).join(', ')}`);
  for (const p of r.problems) out.push(`note: ${printable(p)}`);
  if (r.recorded.length) out.push(`recorded new findings in ${r.recorded.length} record${r.recorded.length === 1 ? '' : 's'}`);
  out.push(summaryLine(r));
  return `${out.join('\n')}\n`;
}

export function toVulnsJson(r: VulnsResult): string {
  return `${JSON.stringify({
    tool: TOOL,
    store: r.store,
    sources: r.sources,
    problems: r.problems,
    components: r.components.map((c) => ({ ...c.item, ...(c.nearestFix ? { nearestFix: c.nearestFix } : {}), ...(c.record ? { record: c.record } : {}), findings: c.findings.length, ...(c.fallbackOrdering ? { fallbackOrdering: true } : {}) })),
    findings: rows(r.components),
    ...(r.recorded.length ? { recorded: r.recorded } : {}),
  }, null, 2)}\n`;
}

const LEVEL: Record<string, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', unknown: 'warning', medium: 'warning', low: 'note', none: 'note' };

/** SARIF 2.1.0: one rule per vulnerability, one result per affected component, located at its record or its lockfile line. */
export function toVulnsSarif(r: VulnsResult): string {
  const list = rows(r.components);
  const ruleIds = [...new Set(list.map((x) => x.id))];
  const byId = new Map(list.map((x) => [x.id, x]));
  const results = r.components.flatMap((c) => c.findings.map((f) => {
    const where = c.record ? { file: c.record, line: 1 } : c.evidence;
    return {
      ruleId: f.id,
      ruleIndex: ruleIds.indexOf(f.id),
      level: isAssessed(f) ? 'note' : LEVEL[f.severity] ?? 'warning',
      message: { text: `${c.item.name}@${c.item.version}: ${f.id}${f.aliases.length ? ` (${f.aliases.join(', ')})` : ''} ${f.severity}${f.kev ? ', in CISA KEV' : ''} — ${f.summary ?? 'known vulnerability'}. ${f.fixed.length ? `Fixed in ${f.fixed.join(', ')}.` : 'No fixed version is known.'} Assessment: ${stateText(f)}.` },
      ...(where ? { locations: [{ physicalLocation: { artifactLocation: { uri: where.file.split('/').map(encodeURIComponent).join('/') }, region: { startLine: where.line ?? 1 } } }] } : {}),
      properties: { purl: c.item.purl, severity: f.severity, ...(f.cvss ? { cvss: f.cvss.vector, 'security-severity': f.cvss.baseScore.toFixed(1) } : {}), kev: f.kev },
      ...(isAssessed(f) ? { suppressions: [{ kind: 'external', justification: `${f.assessment!.state}${f.assessment!.justification ? `: ${f.assessment!.justification}` : ''} (${f.assessment!.file})` }] } : {}),
    };
  }));
  return `${JSON.stringify({
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'tureen', version: TOOL.version, semanticVersion: TOOL.version, informationUri: 'https://osv.dev',
          rules: ruleIds.map((id) => {
            const x = byId.get(id)!;
            return {
              id, shortDescription: { text: x.summary ?? id }, helpUri: `https://osv.dev/vulnerability/${encodeURIComponent(id)}`,
              properties: { ...(x.cvss ? { 'security-severity': x.cvss.score.toFixed(1) } : {}), tags: ['security', 'vulnerability'] },
            };
          }),
        },
      },
      results,
    }],
  }, null, 2)}\n`;
}

export function toVulnsMarkdown(r: VulnsResult): string {
  const list = rows(r.components);
  const open = r.components.flatMap((c) => c.findings).filter((f) => !isAssessed(f)).length;
  const out = [`### ${open ? '❌' : '✅'} Tureen vulnerabilities: ${mdCell(summaryLine(r))}`];
  if (list.length) {
    out.push('', '| Component | Vulnerability | Severity | Fixed in | Assessment | Summary |', '| --- | --- | --- | --- | --- | --- |');
    for (const c of r.components) {
      for (const f of c.findings) {
        out.push(`| ${mdCell(`${c.item.name}@${c.item.version}`)} | ${mdCell([f.id, ...f.aliases].join(', '))} | ${mdCell(`${f.severity}${f.cvss ? ` ${f.cvss.baseScore.toFixed(1)}` : ''}${f.kev ? ' (KEV)' : ''}`)} | ${mdCell(f.fixed.join(', ') || '—')} | ${mdCell(stateText(f))} | ${mdCell(f.summary ?? '')} |`);
      }
    }
  }
  for (const p of r.problems) out.push('', `> ${mdCell(p)}`);
  return `${out.join('\n')}\n`;
}

export function renderVulns(format: VulnsFormat, r: VulnsResult): string {
  switch (format) {
    case 'json': return toVulnsJson(r);
    case 'sarif': return toVulnsSarif(r);
    case 'markdown': return toVulnsMarkdown(r);
    default: return toVulnsTable(r);
  }
}
