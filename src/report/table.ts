import type { Inventory } from '../model/inventory.js';
import type { ScannedComponent } from '../model/scanned.js';

/** Printable text: control characters in names from hostile files must not drive the terminal. */
export function printable(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Columns padded to their widest cell (at most 60 characters; longer cells end in "…"), the last column unpadded. */
export function textTable(rows: string[][], header: string[]): string {
  return table(rows, header);
}

function table(rows: string[][], header: string[]): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.min(60, Math.max(...all.map((r) => (r[i] ?? '').length))));
  const fmt = (r: string[]) =>
    r.map((cell, i) => {
      const w = widths[i] ?? 0;
      const c = cell.length > w ? `${cell.slice(0, w - 1)}…` : cell;
      return i === r.length - 1 ? c : c.padEnd(w);
    }).join('  ');
  return [fmt(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(fmt)].join('\n');
}

function byName(a: ScannedComponent, b: ScannedComponent): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : a.version < b.version ? -1 : a.version > b.version ? 1 : 0;
}

function count<T extends string>(items: readonly ScannedComponent[], key: (c: ScannedComponent) => T): string {
  const m = new Map<T, number>();
  for (const c of items) m.set(key(c), (m.get(key(c)) ?? 0) + 1);
  return [...m.entries()].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${n} ${k}`).join(', ');
}

/** The default output: SOUP first, then not-SOUP, each with counts, then problems and one summary line. */
export function toTable(inv: Inventory): string {
  const soup = inv.components.filter((c) => c.classification.soup).sort(byName);
  const notSoup = inv.components.filter((c) => !c.classification.soup).sort(byName);
  const out: string[] = [];
  const row = (c: ScannedComponent) => [
    printable(c.name), printable(c.version || '(range)'), c.ecosystem, c.scope, c.direct ? 'direct' : '',
    c.classification.kind, c.classification.override ? `${c.classification.rule} (override)` : c.classification.rule,
  ];
  const header = ['NAME', 'VERSION', 'ECOSYSTEM', 'SCOPE', 'DIRECT', 'KIND', 'RULE'];
  out.push(`SOUP: ${soup.length}${soup.length ? ` (${count(soup, (c) => c.classification.kind)})` : ''}`);
  if (soup.length) out.push(table(soup.map(row), header));
  out.push('');
  out.push(`Not SOUP: ${notSoup.length}${notSoup.length ? ` (${count(notSoup, (c) => c.classification.kind)})` : ''}`);
  if (notSoup.length) out.push(table(notSoup.map(row), header));
  const overrides = inv.components.filter((c) => c.classification.override);
  if (overrides.length) {
    out.push('', `Overrides from ${inv.configFile ?? 'the config'}:`);
    for (const c of overrides) out.push(`  ${printable(c.name)}@${printable(c.version)}: ${c.classification.soup ? 'SOUP' : 'not SOUP'} — ${printable(c.classification.override?.reason ?? '')}`);
  }
  const problems = inv.findings.filter((f) => f.severity === 'error');
  const warnings = inv.findings.filter((f) => f.severity === 'warning');
  if (inv.findings.length) {
    out.push('', 'Findings:');
    for (const f of inv.findings) {
      const where = f.file ? `${printable(f.file)}${f.line ? `:${f.line}` : ''}: ` : '';
      out.push(`  ${f.severity.toUpperCase()} ${f.rule} ${where}${printable(f.message)}`, `    fix: ${printable(f.fix)}`);
    }
  }
  // files that showed components; the whole-repository sources (file ".") are counted by what they read elsewhere
  const files = new Set(inv.files.filter((f) => f.components > 0 && f.file !== '.').map((f) => f.file)).size;
  out.push('', `${inv.components.length} components in ${files} file${files === 1 ? '' : 's'}: ${soup.length} SOUP, ${notSoup.length} not SOUP; ${problems.length} problem${problems.length === 1 ? '' : 's'}, ${warnings.length} warning${warnings.length === 1 ? '' : 's'}.`);
  return `${out.join('\n')}\n`;
}
