import { Bookmark, Paragraph, type Table } from 'docx';
import type { Finding } from '../../model/finding.js';
import type { SoupRecord } from '../../model/record.js';
import type { ReportItem } from '../data.js';
import { code, fields, fixed, isParagraph, lines, para, table, type Cell } from './blocks.js';
import { APPROVAL_GUIDANCE, CHECK_GUIDANCE, FORM_SECTIONS, HISTORY_GUIDANCE, NOT_WRITTEN, findingsBySection, sectionWritten, type SectionKey } from './guidance.js';
import { S } from './styles.js';
import { runs } from './text.js';
import { FixedParagraph, type PlainParagraph } from './xml.js';

/** One assessment form: the item's nine sections with their guidance, its approvals and its history. */

export type Block = Paragraph | PlainParagraph | Table;

/** A paragraph of our own words, the same in every form. */

export const CLASS_MEANING: Record<string, string> = {
  A: 'no injury or damage to health is possible',
  B: 'non-serious injury is possible',
  C: 'death or serious injury is possible',
};

/** The bookmark of an item's form, which the SOUP list links to. */
export const formBookmark = (index: number): string => `soup_item_${index + 1}`;

export const kindOf = (r: SoupRecord): string => r.classification.override?.kind ?? r.classification.kind;
export const branchOf = (r: SoupRecord): string => r.classification.override?.branch ?? r.classification.branch ?? '—';

/** "complete" or "3 errors, 2 warnings", and whether it is approved: the SOUP list's record status. */
export function recordStatus(item: ReportItem): string {
  const errors = item.findings.filter((f) => f.severity === 'error').length;
  const warnings = item.findings.filter((f) => f.severity === 'warning').length;
  const state = errors ? `${errors} error${errors > 1 ? 's' : ''}` : 'complete';
  return `${state}${warnings ? `, ${warnings} warning${warnings > 1 ? 's' : ''}` : ''}; ${item.approved ? 'approved' : 'not approved'}`;
}

const finding = (f: Finding): Block => para(S.finding, `${f.severity === 'error' ? 'Gap' : 'Note'}: ${f.message}`);

const spacer = new FixedParagraph({ style: S.spacer });

/** A thin paragraph between two tables, which Word would otherwise show (and edit) as one. */
function spaced(blocks: Block[]): Block[] {
const isTable = (b: Block | undefined) => !!b && !isParagraph(b);
  return blocks.flatMap((b, i) => (isTable(b) && isTable(blocks[i - 1]) ? [spacer, b] : [b]));
}

const STATE: Record<string, string> = { exploitable: 'exploitable', in_triage: 'in triage', false_positive: 'false positive', not_affected: 'not affected', resolved: 'resolved' };

const yesNo = (b: boolean | undefined): string => (b === undefined ? 'not assessed' : b ? 'yes' : 'no');

export function renderForm(item: ReportItem, index: number, width: number): Block[] {
  const r = item.record;
  const id = r.identification;
  const cls = r.safetyClass;
  const { bySection, general: other } = findingsBySection(item.findings);
  const out: Block[] = [];
  out.push(new Paragraph({ style: S.h2, children: [new Bookmark({ id: formBookmark(index), children: runs(`${id.name} ${id.version}`) })] }));
  out.push(fields([
    ['Record', code(item.file)],
    ['Record status', recordStatus(item)],
    ['Safety class', cls ? `${cls} (${CLASS_MEANING[cls]})` : 'not set'],
    ['Vulnerabilities', item.vulnerabilities.text],
    ['Known anomalies', item.anomalies.text],
  ], width));

  // findings of no section (or of the approvals, shown there) are listed at the top; the others under their section
  const general = other.filter((f) => !f.rule.startsWith('check.approval-'));
  if (general.length) {
    out.push(fixed(S.h3, 'Open points'));
    out.push(fixed(S.guidance, CHECK_GUIDANCE));
    for (const f of general) out.push(finding(f));
  }

  FORM_SECTIONS.forEach((s, i) => {
    out.push(fixed(S.h3, `${i + 1}. ${s.title}`));
    out.push(fixed(S.guidance, s.guidance));
    const written = sectionWritten(r, s.key);
    if (!written) {
      const required = !cls || s.requiredFor.includes(cls);
      out.push(required ? fixed(S.gap, NOT_WRITTEN) : fixed(S.body, `Not written (not required for class ${cls}).`));
    }
    if (written || s.key === 'identification') out.push(...spaced(SECTION_CONTENT[s.key](item, width)));
    for (const f of bySection.get(s.key) ?? []) out.push(finding(f));
  });

  out.push(fixed(S.h3, 'Approval'));
  out.push(fixed(S.guidance, APPROVAL_GUIDANCE));
  out.push(...spaced(approvals(item, width)));

  out.push(fixed(S.h3, 'Revision history'));
  out.push(fixed(S.guidance, HISTORY_GUIDANCE));
  const history = r.history ?? [];
  out.push(history.length
    ? table(['Date', 'Event', 'From', 'To', 'Note'], history.map((h) => [h.date, h.event, h.from, h.to, h.note]), split(width, [0.14, 0.2, 0.14, 0.14, 0.38]))
    : fixed(S.body, 'No history recorded.'));
  return out;
}

/** Column widths in twips from shares of the width (the last column takes what rounding leaves). */
export function split(width: number, shares: readonly number[]): number[] {
  const ws = shares.map((s) => Math.round(width * s));
  ws[ws.length - 1] = width - ws.slice(0, -1).reduce((a, b) => a + b, 0);
  return ws;
}

const list = (xs: readonly string[] | undefined): Cell => lines(xs ?? []);

const SECTION_CONTENT: Record<SectionKey, (item: ReportItem, width: number) => Block[]> = {
  identification: ({ record: r, component }, width) => {
    const id = r.identification;
    const c = r.classification;
    const soup = c.override?.soup ?? c.soup;
    const evidence = r.evidence.slice(0, 8).map((e) => `${e.file}${e.line ? `:${e.line}` : ''} (${e.source})`);
    if (r.evidence.length > 8) evidence.push(`and ${r.evidence.length - 8} more`);
    const rows: [string, Cell][] = [
      ['Name', id.name],
      ['Version', id.version],
      ['Ecosystem', id.ecosystem],
      ['Package URL', code(id.purl)],
      ...(id.cpe ? [['CPE', code(id.cpe)] as [string, Cell]] : []),
      ['Supplier', id.supplier],
      ['Licence', id.license],
      ['Source', id.sourceUrl],
      ...(id.homepage ? [['Homepage', id.homepage] as [string, Cell]] : []),
      ...(id.releaseDate ? [['Release date', id.releaseDate] as [string, Cell]] : []),
      ...(id.deprecated ? [['Deprecated', id.deprecated] as [string, Cell]] : []),
      ...(id.yanked ? [['Withdrawn', 'this version was withdrawn from its registry'] as [string, Cell]] : []),
      ...(id.metadataFrom ? [['Metadata from', id.metadataFrom] as [string, Cell]] : []),
      ...(component?.hashes.length ? [['Hashes', lines(component.hashes.map((h) => `${h.alg}: ${h.content}`))] as [string, Cell]] : []),
      ['SOUP decision', `${soup ? 'SOUP' : 'not SOUP'}${branchOf(r) !== '—' ? `, ${branchOf(r)}` : ''}; ${kindOf(r)}${c.scope ? `, ${c.scope} scope` : ''} (rule ${c.rule})`],
      ['Rationale', c.rationale],
      ...(c.override ? [['Decided by a person', lines([c.override.reason, [c.override.by, c.override.date].filter(Boolean).join(', ')])] as [string, Cell]] : []),
      ['Found in', lines(evidence)],
    ];
    const out: Block[] = [fields(rows, width)];
    if (r.members?.length) {
      out.push(para(S.body, `This record also covers ${r.members.length} transitive item${r.members.length > 1 ? 's' : ''}, each at its exact version:`));
      out.push(table(['Name', 'Version', 'Ecosystem', 'Licence'], r.members.map((m) => [m.name, m.version, m.ecosystem, m.license]), split(width, [0.4, 0.2, 0.15, 0.25])));
    }
    return out;
  },
  safetyClass: ({ record: r }, width) => [fields([
    ['Safety class', r.safetyClass ? `${r.safetyClass} (${CLASS_MEANING[r.safetyClass]})` : 'not set'],
    ['Rationale', r.safetyClassRationale],
    ['Hazards and risk controls', r.hazards?.length ? r.hazards.join(', ') : undefined],
  ], width)],
  functionalRequirements: ({ record: r }, width) => [requirements(r, r.functionalRequirements ?? [], width)],
  performanceRequirements: ({ record: r }, width) => [requirements(r, r.performanceRequirements ?? [], width)],
  prerequisites: ({ record: r }, width) => [fields([
    ['Hardware', list(r.prerequisites?.hardware)],
    ['Software', list(r.prerequisites?.software)],
  ], width)],
  anomalyReview: ({ record: r }, width) => {
    const a = r.anomalyReview;
    if (!a) return [];
    const out: Block[] = [checklist(r, a, width)];
    out.push(a.entries.length
      ? table(['Anomaly', 'Title', 'Relevant', 'Impact on the device', 'Source', 'Date'],
        a.entries.map((e) => [code(e.id), lines([e.title, e.url]), yesNo(e.relevant), lines([e.impact, e.reason && !e.impact ? `proposed: ${e.reason}` : undefined]), e.source, e.date]),
        split(width, [0.17, 0.22, 0.1, 0.29, 0.11, 0.11]))
      : para(S.body, 'The review lists no anomaly for this version.'));
    return out;
  },
  vulnerabilityReview: ({ record: r }, width) => {
    const v = r.vulnerabilityReview;
    if (!v) return [];
    const out: Block[] = [checklist(r, v, width)];
    out.push(v.entries.length
      ? table(['Vulnerability', 'Aliases', 'Severity', 'State', 'Justification / mitigation', 'Reviewer', 'Date'],
        v.entries.map((e) => [
          code(e.id),
          lines(e.aliases ?? []),
          lines([e.severity, e.kev ? 'known exploited (KEV)' : undefined, e.cvss]),
          lines([STATE[e.state] ?? e.state, e.version && e.version !== v.version ? `(version ${e.version})` : undefined]),
          lines([
            e.justification ? `Justification: ${e.justification}` : undefined,
            e.response?.length ? `Response: ${e.response.join(', ')}` : undefined,
            e.detail,
            e.mitigation ? `Mitigation: ${e.mitigation}` : undefined,
            e.fixedIn?.length ? `Fixed in: ${e.fixedIn.join(', ')}` : undefined,
            e.source ? `Assessment from: ${e.source}` : undefined,
            e.summary && !e.detail ? e.summary : undefined,
          ]),
          e.reviewer ?? v.reviewer, e.date,
        ]),
        split(width, [0.18, 0.14, 0.09, 0.1, 0.29, 0.1, 0.1]))
      : para(S.body, 'The review found no known vulnerability for this version.'));
    return out;
  },
  verification: ({ record: r }, width) => {
    const out: Block[] = [para(S.body, r.verification?.approach ?? '—')];
    const tests = r.verification?.tests ?? [];
    if (tests.length) {
      out.push(table(['Requirement', 'Test', 'Location', 'Result', 'Date'], tests.map((t) => [code(t.requirement), t.test, code(t.location), t.result ?? 'not recorded', t.date]), split(width, [0.16, 0.34, 0.28, 0.1, 0.12])));
    }
    return out;
  },
  surveillance: ({ record: r }, width) => {
    const s = r.surveillance ?? {};
    const m = r.monitoring;
    const rows: [string, Cell][] = [
      ['Owner', s.owner],
      ['Method', s.method],
      ['Frequency', s.frequency],
      ['Re-assessment triggers', list(s.triggers)],
      ['Update strategy', s.updateStrategy],
      ['Level of support', r.support?.level],
      ['End of support', r.support?.endOfSupport ?? m?.endOfSupport],
      ...(r.securityCategory ? [['Security category (IEC 81001-5-1)', r.securityCategory] as [string, Cell]] : []),
    ];
    if (m) {
      rows.push(['Last monitoring run', `${m.checked}, version ${m.version}${m.newestVersion ? `; newest release ${m.newestVersion}` : ''}`]);
      if (m.reassess?.length) rows.push(['Re-assessments asked for', lines(m.reassess.map((x) => `${x.since} ${x.reason}: ${x.detail}`))]);
    }
    return [fields(rows, width)];
  },
};

/** The review's checklist: which version, when, by whom, where the reviewer looked, and the conclusion. */
function checklist(r: SoupRecord, v: { version: string; date?: string | undefined; reviewer?: string | undefined; sources: string[]; conclusion?: string | undefined }, width: number): Table {
  const current = v.version === r.identification.version;
  return fields([
    ['Version reviewed', current ? v.version : `${v.version} (not the version identified, ${r.identification.version})`],
    ['Review date', v.date ?? 'not dated (draft)'],
    ['Reviewer', v.reviewer ?? 'not named (draft)'],
    ['Sources searched', list(v.sources)],
    ['Conclusion', v.conclusion ?? 'not written (draft)'],
  ], width);
}

function requirements(r: SoupRecord, reqs: NonNullable<SoupRecord['functionalRequirements']>, width: number): Table {
  const tests = r.verification?.tests ?? [];
  return table(['Id', 'Requirement', 'Verified by'], reqs.map((q) => [
    code(q.id), q.text,
    lines(tests.filter((t) => t.requirement === q.id).map((t) => `${t.test}${t.result ? ` (${t.result}${t.date ? `, ${t.date}` : ''})` : ''}`)),
  ]), split(width, [0.16, 0.56, 0.28]));
}

function approvals(item: ReportItem, width: number): Block[] {
  const r = item.record;
  const recorded = r.approvals ?? [];
  const widths = split(width, [0.14, 0.22, 0.12, 0.12, 0.4]);
  const out: Block[] = [];
  if (recorded.length) {
    out.push(table(['Role', 'Name', 'Date', 'Version', 'Content hash'], recorded.map((a) => [a.role, a.name, a.date, a.version, code(a.contentHash)]), widths));
  }
  if (!item.approved) {
    const why = item.findings.filter((f) => f.rule.startsWith('check.approval-')).map((f) => f.message);
    out.push(para(S.finding, recorded.length
      ? `Not approved for version ${r.identification.version} as it stands${why.length ? `: ${why.join('; ')}` : ''}.`
      : `No approval is recorded for version ${r.identification.version}.`));
    // empty lines to sign on paper, tall enough for a handwritten name and signature
    out.push(table(['Role', 'Name', 'Date', 'Version', 'Signature'], ['reviewer', 'approver'].map((role) => [role, [], [], r.identification.version, []]), widths, { minRowHeight: 680 }));
  }
  return out;
}
