import type { RecordInput } from '../check/load.js';
import type { Finding } from '../model/finding.js';
import { printable } from '../report/table.js';

export interface StatusSummary {
  active: number;
  removed: number;
  unreadable: number;
  byClass: Map<string, number>;
  byKind: Map<string, number>;
  /** Active records with no error finding: complete for their class. */
  complete: number;
  /** Rules with the most error findings, most first. */
  topGaps: { rule: string; count: number }[];
  /** Records with the most error findings, most first. */
  worst: { file: string; errors: number }[];
}

const inc = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
const desc = <T>(entries: [T, number][]) => entries.sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0])));

/** The register at a glance, from the records and the findings `check` gives for them. */
export function summarize(records: readonly RecordInput[], findings: readonly Finding[], top = 5): StatusSummary {
  const errorsByFile = new Map<string, number>();
  const byRule = new Map<string, number>();
  for (const f of findings) {
    if (f.severity !== 'error') continue;
    if (f.file) inc(errorsByFile, f.file);
    inc(byRule, f.rule);
  }
  const s: StatusSummary = { active: 0, removed: 0, unreadable: 0, byClass: new Map(), byKind: new Map(), complete: 0, topGaps: [], worst: [] };
  for (const r of records) {
    if (!r.record) {
      s.unreadable++;
      continue;
    }
    if (r.record.status === 'removed') {
      s.removed++;
      continue;
    }
    s.active++;
    inc(s.byClass, r.record.safetyClass ?? 'unset');
    inc(s.byKind, r.record.classification.kind);
    if (!errorsByFile.get(r.file)) s.complete++;
  }
  s.topGaps = desc([...byRule]).slice(0, top).map(([rule, count]) => ({ rule, count }));
  s.worst = desc([...errorsByFile]).slice(0, top).map(([file, errors]) => ({ file, errors }));
  return s;
}

/** One screen of text. */
export function renderStatus(s: StatusSummary, folder: string): string {
  const pct = s.active ? Math.round((s.complete * 100) / s.active) : 100;
  const row = (m: Map<string, number>) => desc([...m]).map(([k, n]) => `${printable(k)} ${n}`).join(', ') || '—';
  const lines = [
    `SOUP register ${printable(folder)}/: ${s.active} active record${s.active === 1 ? '' : 's'}, ${s.removed} removed${s.unreadable ? `, ${s.unreadable} unreadable` : ''}`,
    `  by safety class: ${row(new Map(['A', 'B', 'C', 'unset'].filter((k) => s.byClass.has(k)).map((k) => [k, s.byClass.get(k)!])))}`,
    `  by kind:         ${row(s.byKind)}`,
    `  complete:        ${s.complete} of ${s.active} (${pct}%) have no error from tureen check`,
  ];
  if (s.topGaps.length) {
    lines.push('  top gaps:');
    for (const g of s.topGaps) lines.push(`    ${String(g.count).padStart(5)}  ${g.rule}`);
  }
  if (s.worst.length) {
    lines.push('  records with the most errors:');
    for (const w of s.worst) lines.push(`    ${String(w.errors).padStart(5)}  ${printable(w.file)}`);
  }
  if (s.topGaps.length) lines.push('  (tureen check lists every gap with its line and what to do)');
  return `${lines.join('\n')}\n`;
}
