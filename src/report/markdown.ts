import { mdCell } from '../check/format.js';
import type { Finding } from '../model/finding.js';
import { isSafeFileName, recordFileName } from '../register/filename.js';
import { coverFacts } from './cover.js';
import type { ReportData, ReportItem } from './data.js';
import { APPROVAL_GUIDANCE, FORM_SECTIONS, HISTORY_GUIDANCE, NOT_WRITTEN, findingsBySection, type SectionKey } from './docx/guidance.js';
import { SEVERITIES, SOUP_LIST_COLUMNS, branchOf, httpUrl, inert, kindOf, recordStatus, relevanceText, soupListRow, stateText, UNRECORDED_ABOUT, UNRECORDED_COLUMNS, unrecordedRow } from './html/common.js';

/**
 * The report as Markdown for git: `README.md` (the SOUP list, the not-SOUP list, removed and unreadable records) and one
 * `items/<name>.md` per SOUP item with its nine sections. No HTML is written, and none from the register passes
 * through: every value is escaped (`<`, `>` and `&` as entities, Markdown punctuation with a backslash, control and
 * bidi characters shown as `[U+XXXX]`), and links are made only for http(s) URLs.
 */

/** Inline text on one line: inert, check's Markdown cell escaping, and `~` (strikethrough) and `$` (math) escaped. */
const inline = (s: string): string => mdCell(inert(s).replace(/\t/g, ' ')).replace(/([$~])/g, '\\$1');

/** One table cell: inline text; a dash for nothing. */
export function mdCellText(s: string | undefined): string {
  return s === undefined || s === '' ? '–' : inline(s);
}

/**
 * A paragraph of register text, line breaks kept (as hard breaks). Besides the cell escaping, what would start a block
 * at a line's beginning (heading, list, quote, setext underline, code indent) is escaped too.
 */
export function mdText(s: string): string {
  return inert(s).split('\n').map((line) => {
    const l = inline(line.trimStart());
    return l.replace(/^([#+=-])/, '\\$1').replace(/^(\d+)([.)])/, '$1\\$2');
  }).filter((l) => l !== '').join('\\\n');
}

/** Heading text: a cell, with `#` escaped too (a trailing run of them would close the heading). */
const heading = (s: string): string => mdCellText(s).replace(/#/g, '\\#');

const link = (label: string, url: string | undefined): string => {
  const href = httpUrl(url);
  return href ? `[${mdCellText(label)}](${href})` : mdCellText(label);
};

function table(head: readonly string[], rows: readonly string[][]): string[] {
  return [`| ${head.map(mdCellText).join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

function facts(rows: readonly [string, string | undefined][]): string[] {
  return table(['Field', 'Value'], rows.filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => [mdCellText(k), v ?? '']));
}

/** File names of the item pages: the record file's name (already safe and distinct), else a safe one from the item. */
export function itemFileNames(items: readonly ReportItem[]): string[] {
  const taken = new Set<string>();
  return items.map((it) => {
    const base = (it.file.split(/[\\/]/).pop() ?? '').replace(/\.ya?ml$/i, '');
    let name = `${base}.md`;
    const id = it.record.identification;
    if (!isSafeFileName(name) || taken.has(name.toLowerCase())) name = recordFileName({ ecosystem: id.ecosystem, name: `${id.name}@${id.version}` }).replace(/\.yaml$/, '.md');
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = name.replace(/(?:-\d+)?\.md$/, `-${n}.md`);
    taken.add(name.toLowerCase());
    return name;
  });
}

function readme(d: ReportData, files: readonly string[]): string {
  const s = d.summary;
  const out: string[] = [];
  out.push(`# ${heading(d.document.title)}: ${heading(`${d.device.name}${d.device.version ? ` ${d.device.version}` : ''}`)}`, '');
  out.push(...facts(coverFacts(d).map(([k, v]) => [k, v && mdCellText(v)])), '');
  const approved = d.items.filter((i) => i.approved).length;
  const counts = (m: Record<string, number>, order: readonly string[] = []) => {
    const rest = Object.keys(m).filter((k) => !order.includes(k)).sort((a, b) => (m[b] ?? 0) - (m[a] ?? 0) || (a < b ? -1 : 1));
    const keys = [...order.filter((k) => m[k] !== undefined), ...rest];
    return keys.length ? keys.map((k) => `${mdCellText(k)} ${m[k]}`).join(', ') : 'none';
  };
  out.push('## Summary', '',
    `- ${s.items} SOUP items: ${s.complete} complete for their safety class, ${s.items - s.complete} with gaps, ${approved} approved for the version shipped.`,
    `- By safety class: ${counts(s.byClass, ['A', 'B', 'C', 'unset'])}.`,
    `- By licence: ${counts(s.byLicense)}.`,
    `- Known vulnerabilities of the versions shipped, by severity: ${counts(s.bySeverity, SEVERITIES)}; ${s.openVulnerabilities} in triage.`,
    `- Known anomalies not assessed: ${s.openAnomalies}.`,
    `- Components decided not SOUP: ${d.notSoup.length}.`,
    ...(s.unrecorded ? [`- **SOUP components without a record: ${s.unrecorded}** (listed after the SOUP list): run \`tureen sync\`.`] : []), '');
  out.push('## SOUP list', '');
  if (d.items.length) {
    out.push(...table(SOUP_LIST_COLUMNS, d.items.map((it, i) => {
      const cells = soupListRow(it).map(mdCellText);
      cells[1] = `[${mdCellText(it.record.identification.name)}](items/${files[i]})`;
      return cells;
    })));
  } else out.push('No SOUP record yet: run `tureen sync`.');
  if (d.unrecorded.length) {
    out.push('', '## SOUP items without a record', '', mdText(UNRECORDED_ABOUT), '', ...table(UNRECORDED_COLUMNS, d.unrecorded.map((u) => unrecordedRow(u).map(mdCellText))));
  }
  out.push('', '## Not SOUP', '', 'Components found in the repository and decided not SOUP, each with the reason (first-party code is not listed).', '');
  if (d.notSoup.length) out.push(...table(['Name', 'Version', 'Ecosystem', 'Kind', 'Scope', 'Rationale'], d.notSoup.map((n) => [n.name, n.version, n.ecosystem, n.kind, n.scope, n.rationale].map(mdCellText))));
  else out.push('None.');
  if (d.removed.length) {
    out.push('', '## Removed items', '', ...table(['Name', 'Last version', 'Record'], d.removed.map((r) => [r.record.identification.name, r.record.identification.version, r.file].map(mdCellText))));
  }
  if (d.unreadable.length) {
    out.push('', '## Unreadable records', '', 'These record files could not be read; their items are missing from this report until they are fixed.', '',
      ...table(['Record', 'Problem'], d.unreadable.map((u) => [u.file, u.message].map(mdCellText))));
  }
  return `${out.join('\n')}\n`;
}

const gap = (what: string): string => `**${NOT_WRITTEN}:** ${mdText(what)}`;

function findingLines(fs: readonly Finding[]): string[] {
  const order: Record<string, number> = { error: 0, warning: 1, info: 2 };
  return [...fs].sort((a, b) => (order[a.severity] ?? 3) - (order[b.severity] ?? 3))
    .map((f) => `- **${f.severity}**: ${mdCellText(f.message)} Fix: ${mdCellText(f.fix)}`);
}

function review(v: { version: string; date?: string | undefined; reviewer?: string | undefined; sources: string[]; conclusion?: string | undefined }, shipped: string): string[] {
  return facts([
    ['Version reviewed', v.version === shipped ? mdCellText(v.version) : `${mdCellText(v.version)} (**not the version shipped, ${mdCellText(shipped)}**)`],
    ['Review date', v.date ? mdCellText(v.date) : '**not concluded (draft)**'],
    ['Reviewer', v.reviewer ? mdCellText(v.reviewer) : '**none yet**'],
    ['Sources searched', v.sources.length ? v.sources.map((s) => link(s, s)).join(', ') : '**none named**'],
    ['Conclusion', v.conclusion ? mdCellText(v.conclusion) : '**none yet**'],
  ]);
}

function section(it: ReportItem, key: SectionKey): string[] {
  const r = it.record;
  const id = r.identification;
  switch (key) {
    case 'identification': {
      const c = r.classification;
      return facts([
        ['Name', mdCellText(id.name)], ['Version', mdCellText(id.version)], ['Ecosystem', mdCellText(id.ecosystem)],
        ['Package URL', mdCellText(id.purl)], ['CPE', id.cpe && mdCellText(id.cpe)],
        ['Supplier', id.supplier ? mdCellText(id.supplier) : '**not known**'], ['Licence', id.license ? mdCellText(id.license) : '**not known**'],
        ['Source', id.sourceUrl && link(id.sourceUrl, id.sourceUrl)], ['Homepage', id.homepage && link(id.homepage, id.homepage)],
        ['Release date', id.releaseDate && mdCellText(id.releaseDate)], ['Deprecated', id.deprecated && mdCellText(id.deprecated)],
        ['Kind', mdCellText(kindOf(r))], ['SOUP branch', mdCellText(branchOf(r))],
        ['Why SOUP', mdCellText(`${c.rationale} (rule ${c.rule})`)],
        ['Decision by a person', c.override && mdCellText(`${c.override.reason}${c.override.by ? ` (${c.override.by}${c.override.date ? `, ${c.override.date}` : ''})` : ''}`)],
        ['Level of support', r.support?.level && mdCellText(r.support.level)],
        ['End of support', (r.support?.endOfSupport ?? r.monitoring?.endOfSupport) && mdCellText(r.support?.endOfSupport ?? r.monitoring?.endOfSupport)],
        ['Security category', r.securityCategory && mdCellText(r.securityCategory)],
        ['Hashes', it.component?.hashes.length ? mdCellText(it.component.hashes.map((h) => `${h.alg} ${h.content}`).join(', ')) : undefined],
        ['Found in', r.evidence.length ? mdCellText(r.evidence.slice(0, 10).map((e) => `${e.file}${e.line ? `:${e.line}` : ''}`).join(', ')) : undefined],
      ]).concat(r.members?.length ? ['', ...table(['Covered item', 'Version', 'Licence'], r.members.map((m) => [m.name, m.version, m.license].map(mdCellText)))] : []);
    }
    case 'safetyClass':
      return [
        `Safety class: **${mdCellText(r.safetyClass ?? 'not set')}**${r.hazards?.length ? `; hazards and risk controls: ${mdCellText(r.hazards.join(', '))}` : ''}`, '',
        r.safetyClassRationale?.trim() ? mdText(r.safetyClassRationale) : gap('the sentence linking a failure of this item to the harm it can cause'),
      ];
    case 'functionalRequirements':
    case 'performanceRequirements': {
      const reqs = r[key];
      return reqs?.length ? table(['Id', 'Requirement'], reqs.map((q) => [mdCellText(q.id), mdCellText(q.text)]))
        : [gap(key === 'functionalRequirements' ? 'what the device needs the item to do' : 'the performance the device needs from the item')];
    }
    case 'prerequisites': {
      const p = r.prerequisites;
      if (!p?.hardware?.length && !p?.software?.length) return [gap('the hardware and software the item is verified on')];
      return facts([['Hardware', mdCellText(p.hardware?.join(', '))], ['Software', mdCellText(p.software?.join(', '))]]);
    }
    case 'anomalyReview': {
      const a = r.anomalyReview;
      if (!a) return [gap('no review of the item\'s known anomalies is recorded')];
      return [`Status: ${mdCellText(it.anomalies.text)}`, '', ...review(a, id.version), '',
        ...(a.entries.length ? table(['Anomaly', 'Title', 'Relevant', 'Impact on the device', 'Source', 'Reported'], a.entries.map((x) => [link(x.id, x.url), mdCellText(x.title), mdCellText(relevanceText(x.relevant)), mdCellText(x.impact), mdCellText(x.source), mdCellText(x.date)])) : ['No anomaly is listed for this version.'])];
    }
    case 'vulnerabilityReview': {
      const v = r.vulnerabilityReview;
      if (!v) return [gap('no vulnerability review is recorded')];
      return [`Status: ${mdCellText(it.vulnerabilities.text)}`, '', ...review(v, id.version), '',
        ...(v.entries.length ? table(['Vulnerability', 'Aliases', 'Severity', 'State', 'Justification and mitigation', 'Reviewer', 'Date'], v.entries.map((x) => [
          mdCellText(x.id), mdCellText(x.aliases?.join(', ')), mdCellText(`${x.severity ?? 'unknown'}${x.kev ? ', known exploited' : ''}`), mdCellText(stateText(x.state)),
          mdCellText([x.justification, x.detail, x.mitigation && `Mitigation: ${x.mitigation}`, x.response?.length ? `Response: ${x.response.join(', ')}` : undefined].filter(Boolean).join('; ')),
          mdCellText(x.reviewer), mdCellText(x.date),
        ])) : ['No known vulnerability is listed for this version.'])];
    }
    case 'verification': {
      const v = r.verification;
      const tests = v?.tests ?? [];
      return [v?.approach?.trim() ? mdText(v.approach) : gap('how the requirements are verified (black-box tests of the interface)'),
        ...(tests.length ? ['', ...table(['Requirement', 'Test', 'Location', 'Result', 'Date'], tests.map((x) => [x.requirement, x.test, x.location, x.result, x.date].map(mdCellText)))] : [])];
    }
    case 'surveillance': {
      const s = r.surveillance;
      if (!s) return [gap('who watches the item, how and how often')];
      return facts([
        ['Owner', s.owner ? mdCellText(s.owner) : '**not named**'], ['Method', s.method ? mdCellText(s.method) : '**not named**'],
        ['Frequency', s.frequency && mdCellText(s.frequency)], ['Triggers for re-assessment', s.triggers?.length ? mdCellText(s.triggers.join('; ')) : undefined],
        ['Update strategy', s.updateStrategy && mdCellText(s.updateStrategy)],
        ['Last monitor run', r.monitoring && mdCellText(`${r.monitoring.checked} (version ${r.monitoring.version})`)],
      ]);
    }
  }
}

function itemPage(it: ReportItem): string {
  const r = it.record;
  const out: string[] = [`# ${heading(`${r.identification.name} ${r.identification.version}`)}`, '', '[SOUP list](../README.md)', ''];
  out.push(...facts([['Record id', mdCellText(r.id)], ['Record file', mdCellText(it.file)], ['Safety class', mdCellText(r.safetyClass ?? 'not set')], ['Status', mdCellText(recordStatus(it))]]), '');
  const { bySection, general } = findingsBySection(it.findings);
  if (general.length) out.push(...findingLines(general), '');
  FORM_SECTIONS.forEach((s, n) => {
    out.push(`## ${n + 1}. ${heading(s.title)}`, '', `> ${mdText(s.guidance)}`, '', ...section(it, s.key), '');
    const fs = bySection.get(s.key);
    if (fs?.length) out.push(...findingLines(fs), '');
  });
  const a = r.approvals ?? [];
  out.push('## Approvals', '', `> ${mdText(APPROVAL_GUIDANCE)}`, '', it.approved ? 'Approved for this version and content.' : '**Not approved for this version and content.**', '');
  if (a.length) out.push(...table(['Role', 'Name', 'Date', 'Version', 'Content hash'], a.map((x) => [x.role, x.name, x.date, x.version, x.contentHash].map(mdCellText))), '');
  const h = r.history ?? [];
  if (h.length) out.push('## Revision history', '', `> ${mdText(HISTORY_GUIDANCE)}`, '', ...table(['Date', 'Event', 'From', 'To', 'Note'], h.map((x) => [x.date, x.event, x.from, x.to, x.note].map(mdCellText))), '');
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}

/** The Markdown report: relative path → content (`README.md`, `items/<name>.md`). Pure. */
export function renderMarkdown(data: ReportData): Map<string, string> {
  const files = itemFileNames(data.items);
  const out = new Map<string, string>([['README.md', readme(data, files)]]);
  data.items.forEach((it, i) => out.set(`items/${files[i]}`, itemPage(it)));
  return out;
}
