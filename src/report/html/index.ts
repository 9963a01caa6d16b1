import type { Finding } from '../../model/finding.js';
import { coverFacts } from '../cover.js';
import type { ReportData, ReportItem } from '../data.js';
import { APPROVAL_GUIDANCE, CHECK_GUIDANCE, FORM_SECTIONS, HISTORY_GUIDANCE, NOT_WRITTEN, findingsBySection, sectionWritten, type SectionKey } from '../docx/guidance.js';
import { barChart, donutChart, type Bar } from './charts.js';
import {
  SEVERITIES, SOUP_LIST_COLUMNS, branchOf, escapeHtml as e, httpUrl, kindOf, recordStatus, relevanceText, soupListRow,
  stateText, UNRECORDED_ABOUT, UNRECORDED_COLUMNS, unrecordedRow,
} from './common.js';
import { CSS } from './style.js';

/**
 * The HTML report: ONE self-contained file (no script, no request: the CSP forbids everything but inline styles and
 * data: images), navigable (a contents list with anchors), with charts drawn as inline SVG, and print CSS (each form
 * on a new page, table headers repeated, no navigation on paper). The PDF is this file printed by Chromium.
 *
 * Every value from the register goes through `escapeHtml` (which also makes control and bidi characters visible);
 * links are made only for absolute http(s) URLs. The markup is also well-formed XML (void elements closed, attributes
 * quoted, numeric entities only), so tests read it back with an XML parser.
 */

export const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const SEVERITY_COLORS: Record<string, string> = {
  critical: '#6d0f0a', high: '#b3261e', medium: '#d9822b', low: '#e0b43c', none: '#7a9a7e', unknown: '#9aa3ad',
};
const CLASS_COLORS: Record<string, string> = { A: '#5b9a5f', B: '#d9a02b', C: '#b3261e', unset: '#9aa3ad' };

/** A cell's text: escaped; a dash for nothing. */
const t = (s: string | undefined): string => (s === undefined || s === '' ? '–' : e(s));

/** Text, or a link when it is an http(s) URL. */
function link(s: string | undefined, label?: string): string {
  if (!s) return '–';
  const href = httpUrl(s);
  return href ? `<a href="${e(href)}" rel="noopener noreferrer">${e(label ?? s)}</a>` : e(label ?? s);
}

function facts(rows: readonly [string, string | undefined][]): string {
  const shown = rows.filter(([, v]) => v !== undefined && v !== '');
  return `<dl class="facts">${shown.map(([k, v]) => `<dt>${e(k)}</dt><dd>${v}</dd>`).join('')}</dl>`;
}

function table(head: readonly string[], rows: readonly string[][], opts: { caption?: string; cls?: string } = {}): string {
  return `<div class="wide"><table${opts.cls ? ` class="${opts.cls}"` : ''}>${opts.caption ? `<caption>${e(opts.caption)}</caption>` : ''}<thead><tr>${head.map((h) => `<th scope="col">${e(h)}</th>`).join('')}</tr></thead><tbody>${
    rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')
  }</tbody></table></div>`;
}

const gap = (what: string): string => `<p class="gap">${e(NOT_WRITTEN)}: ${e(what)}</p>`;
const para = (s: string): string => `<p class="text">${e(s)}</p>`;

/** Anchor ids are ours (numbers), never taken from the register. */
const itemId = (i: number): string => `item-${i + 1}`;

function cover(d: ReportData): string {
  return `<header class="cover" id="cover"><h1>${e(d.document.title)}</h1>`
    + `<p class="subtitle">${e(d.device.name)}${d.device.version ? ` ${e(d.device.version)}` : ''}</p>`
    + facts(coverFacts(d).map(([k, v]) => [k, v && e(v)])) + '</header>';
}

function contents(d: ReportData): string {
  const items = d.items.map((it, i) => `<li><a href="#${itemId(i)}">${e(`${it.record.identification.name} ${it.record.identification.version}`)}</a></li>`).join('');
  return `<nav class="toc" aria-label="Contents"><h2 id="contents">Contents</h2><ol>`
    + '<li><a href="#cover">Document</a></li>'
    + '<li><a href="#summary">Summary</a></li>'
    + `<li><a href="#soup-list">SOUP list (${d.items.length})</a></li>`
    + (d.unrecorded.length ? `<li><a href="#unrecorded">SOUP items without a record (${d.unrecorded.length})</a></li>` : '')
    + `<li><a href="#not-soup">Not SOUP (${d.notSoup.length})</a></li>`
    + (d.removed.length ? `<li><a href="#removed">Removed items (${d.removed.length})</a></li>` : '')
    + (d.unreadable.length ? `<li><a href="#unreadable">Unreadable records (${d.unreadable.length})</a></li>` : '')
    + `<li><a href="#forms">Assessment forms</a><ol>${items}</ol></li>`
    + '</ol></nav>';
}

function summary(d: ReportData): string {
  const s = d.summary;
  const classes: Bar[] = ['A', 'B', 'C', 'unset'].filter((k) => k !== 'unset' || s.byClass[k])
    .map((k) => ({ label: k === 'unset' ? 'not set' : `class ${k}`, value: s.byClass[k] ?? 0, color: CLASS_COLORS[k] ?? '#9aa3ad' }));
  const licences = Object.entries(s.byLicense).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const top = licences.slice(0, 9).map(([k, v]): Bar => ({ label: k, value: v }));
  const rest = licences.slice(9);
  if (rest.length) top.push({ label: `other (${rest.length} licences)`, value: rest.reduce((n, [, v]) => n + v, 0), color: '#9aa3ad' });
  const severities: Bar[] = [...SEVERITIES.map((k) => k as string), ...Object.keys(s.bySeverity).filter((k) => !(SEVERITIES as readonly string[]).includes(k)).sort()]
    .map((k) => ({ label: k, value: s.bySeverity[k] ?? 0, color: SEVERITY_COLORS[k] ?? '#9aa3ad' }));
  const vulnTotal = severities.reduce((n, b) => n + b.value, 0);
  const approved = d.items.filter((i) => i.approved).length;
  return '<section id="summary"><h2>Summary</h2>'
    + `<p>${s.items} SOUP item${s.items === 1 ? '' : 's'}; ${s.complete} complete for ${s.complete === 1 ? 'its' : 'their'} safety class, ${s.items - s.complete} with gaps; ${approved} approved for the version shipped. `
    + `${vulnTotal} known vulnerabilit${vulnTotal === 1 ? 'y' : 'ies'} recorded for the versions shipped, ${s.openVulnerabilities} in triage; ${s.openAnomalies} known anomal${s.openAnomalies === 1 ? 'y' : 'ies'} not assessed. `
    + `${d.notSoup.length} component${d.notSoup.length === 1 ? '' : 's'} decided not SOUP.</p>`
    + (s.unrecorded ? `<p class="gap">${s.unrecorded} SOUP component${s.unrecorded === 1 ? ' has' : 's have'} no record yet (<a href="#unrecorded">listed after the SOUP list</a>): run <code>tureen sync</code>.</p>` : '')
    + '<div class="charts">'
    + barChart('chart-class', 'Items by safety class', classes)
    + barChart('chart-licence', 'Items by licence', top)
    + barChart('chart-severity', 'Known vulnerabilities by severity', severities, vulnTotal ? undefined : 'No vulnerability is recorded in the reviews of the versions shipped.')
    + donutChart('chart-complete', 'Records complete for their class', [
      { label: 'complete', value: s.complete, color: '#2c6e2f' },
      { label: 'with gaps', value: s.items - s.complete, color: '#b3261e' },
    ])
    + '</div></section>';
}

function soupList(d: ReportData): string {
  // the record id goes under the name (one column less than the other formats' list, which keep it apart)
  const rows = d.items.map((it, i) => {
    const [id = '', name = '', ...rest] = soupListRow(it);
    return [`<a href="#${itemId(i)}">${t(name)}</a><br/><span class="id">${t(id)}</span>`, ...rest.map((c) => t(c))];
  });
  return '<section id="soup-list" class="list"><h2>SOUP list</h2>'
    + `<p>Every item of software of unknown provenance in ${e(d.device.name)}${d.device.version ? ` ${e(d.device.version)}` : ''}, one row per item and exact version.</p>`
    + (d.items.length ? table(['Name and record id', ...SOUP_LIST_COLUMNS.slice(2)], rows, { cls: 'soup-list' }) : '<p>No SOUP record yet: run <code>tureen sync</code>.</p>')
    + '</section>';
}

function unrecordedList(d: ReportData): string {
  if (!d.unrecorded.length) return '';
  return `<section id="unrecorded" class="list"><h2>SOUP items without a record</h2><p class="gap">${e(UNRECORDED_ABOUT)}</p>`
    + `${table([...UNRECORDED_COLUMNS], d.unrecorded.map((u) => unrecordedRow(u).map((c) => t(c))), { cls: 'unrecorded-list' })}</section>`;
}

function notSoupList(d: ReportData): string {
  const rows = d.notSoup.map((n) => [t(n.name), t(n.version), t(n.ecosystem), t(n.kind), t(n.scope), t(n.rationale), t(n.evidence)]);
  return '<section id="not-soup" class="list"><h2>Not SOUP</h2>'
    + '<p>Components found in the repository and decided not SOUP, each with the reason (first-party code is not listed).</p>'
    + (rows.length ? table(['Name', 'Version', 'Ecosystem', 'Kind', 'Scope', 'Rationale', 'Evidence'], rows, { cls: 'not-soup-list' }) : '<p>None.</p>')
    + '</section>';
}

function removedList(d: ReportData): string {
  if (!d.removed.length) return '';
  const rows = d.removed.map((r) => [t(r.record.identification.name), t(r.record.identification.version), t(r.file), t(r.record.history?.filter((h) => h.event === 'removed').at(-1)?.date)]);
  return `<section id="removed"><h2>Removed items</h2><p>Records of items no longer in the device, kept for the history.</p>${table(['Name', 'Last version', 'Record', 'Removed on'], rows)}</section>`;
}

function unreadableList(d: ReportData): string {
  if (!d.unreadable.length) return '';
  return `<section id="unreadable"><h2>Unreadable records</h2><p class="gap">These record files could not be read; their items are missing from this report until they are fixed.</p>${table(['Record', 'Problem'], d.unreadable.map((u) => [t(u.file), t(u.message)]))}</section>`;
}

function identification(it: ReportItem): string {
  const r = it.record;
  const id = r.identification;
  const c = r.classification;
  const hashes = it.component?.hashes ?? [];
  const override = c.override ? `${c.override.soup === undefined ? '' : c.override.soup ? 'SOUP' : 'not SOUP'}${c.override.kind ? ` (${c.override.kind})` : ''}: ${c.override.reason}${c.override.by ? ` — ${c.override.by}` : ''}${c.override.date ? `, ${c.override.date}` : ''}` : undefined;
  return facts([
    ['Name', t(id.name)],
    ['Version', t(id.version)],
    ['Ecosystem', t(id.ecosystem)],
    ['Package URL', t(id.purl)],
    ['CPE', id.cpe && e(id.cpe)],
    ['Supplier', id.supplier ? e(id.supplier) : '<span class="gap">not known</span>'],
    ['Licence', id.license ? e(id.license) : '<span class="gap">not known</span>'],
    ['Source', id.sourceUrl && link(id.sourceUrl)],
    ['Homepage', id.homepage && link(id.homepage)],
    ['Release date', id.releaseDate && e(id.releaseDate)],
    ['Deprecated', id.deprecated && e(id.deprecated)],
    ['Withdrawn', id.yanked ? 'yes: the version was withdrawn from its registry' : undefined],
    ['Kind', e(kindOf(r))],
    ['SOUP branch', t(branchOf(r))],
    ['Why SOUP', e(`${c.rationale} (rule ${c.rule})`)],
    ['Decision by a person', override && e(override)],
    ['Scope', c.scope && e(c.scope)],
    ['Level of support', r.support?.level && e(r.support.level)],
    ['End of support', (r.support?.endOfSupport ?? r.monitoring?.endOfSupport) && e(r.support?.endOfSupport ?? r.monitoring?.endOfSupport ?? '')],
    ['Security category', r.securityCategory && e(r.securityCategory)],
    ['Hashes', hashes.length ? hashes.map((h) => e(`${h.alg} ${h.content}`)).join('<br/>') : undefined],
    ['Found in', r.evidence.length ? r.evidence.slice(0, 10).map((ev) => e(`${ev.file}${ev.line ? `:${ev.line}` : ''} (${ev.source})`)).join('<br/>') + (r.evidence.length > 10 ? `<br/>… ${r.evidence.length - 10} more` : '') : undefined],
  ]) + (r.members?.length ? table(['Covered item', 'Version', 'Licence'], r.members.map((m) => [t(m.name), t(m.version), t(m.license)]), { caption: 'Transitive items this record covers' }) : '');
}

function safetyClass(it: ReportItem): string {
  const r = it.record;
  return facts([
    ['Safety class', r.safetyClass ? e(r.safetyClass) : '<span class="gap">not set</span>'],
    ['Hazards and risk controls', r.hazards?.length ? e(r.hazards.join(', ')) : undefined],
  ]) + (r.safetyClassRationale?.trim() ? para(r.safetyClassRationale) : gap('the sentence linking a failure of this item to the harm it can cause'));
}

function requirements(reqs: ReportItem['record']['functionalRequirements'], what: string): string {
  if (!reqs?.length) return gap(what);
  return table(['Id', 'Requirement'], reqs.map((q) => [t(q.id), t(q.text)]));
}

function prerequisites(it: ReportItem): string {
  const p = it.record.prerequisites;
  if (!p?.hardware?.length && !p?.software?.length) return gap('the hardware and software the item is verified on');
  return facts([
    ['Hardware', p.hardware?.length ? e(p.hardware.join('\n')) : '–'],
    ['Software', p.software?.length ? e(p.software.join('\n')) : '–'],
  ]);
}

function reviewChecklist(v: { version: string; date?: string | undefined; reviewer?: string | undefined; sources: string[]; conclusion?: string | undefined }, shipped: string): string {
  return facts([
    ['Version reviewed', v.version === shipped ? e(v.version) : `<span class="gap">${e(v.version)} — not the version shipped (${e(shipped)})</span>`],
    ['Review date', v.date ? e(v.date) : '<span class="gap">not concluded (draft)</span>'],
    ['Reviewer', v.reviewer ? e(v.reviewer) : '<span class="gap">none yet</span>'],
    ['Sources searched', v.sources.length ? v.sources.map((s) => link(s)).join('<br/>') : '<span class="gap">none named</span>'],
    ['Conclusion', v.conclusion ? e(v.conclusion) : '<span class="gap">none yet</span>'],
  ]);
}

function anomalyReview(it: ReportItem): string {
  const a = it.record.anomalyReview;
  if (!a) return gap('no review of the item\'s known anomalies is recorded');
  const rows = a.entries.map((x) => [
    link(x.url, x.id), t(x.title), t(relevanceText(x.relevant)), t(x.impact), t(x.source), t(x.date),
  ]);
  return `<p>Status: ${e(it.anomalies.text)}</p>` + reviewChecklist(a, it.record.identification.version)
    + (rows.length ? table(['Anomaly', 'Title', 'Relevant', 'Impact on the device', 'Source', 'Reported'], rows) : '<p>No anomaly is listed for this version.</p>');
}

function vulnerabilityReview(it: ReportItem): string {
  const v = it.record.vulnerabilityReview;
  if (!v) return gap('no vulnerability review is recorded');
  const rows = v.entries.map((x) => [
    t(x.id) + (x.version && x.version !== v.version ? `<br/>(${e(x.version)})` : ''),
    t(x.aliases?.join(', ')),
    t(`${x.severity ?? 'unknown'}${x.kev ? ', known exploited' : ''}`),
    t(stateText(x.state)),
    t([x.justification, x.detail, x.mitigation && `Mitigation: ${x.mitigation}`, x.response?.length ? `Response: ${x.response.join(', ')}` : undefined].filter(Boolean).join('\n')),
    t(x.reviewer), t(x.date),
  ]);
  return `<p>Status: ${e(it.vulnerabilities.text)}</p>` + reviewChecklist(v, it.record.identification.version)
    + (rows.length ? table(['Vulnerability', 'Aliases', 'Severity', 'State', 'Justification and mitigation', 'Reviewer', 'Date'], rows) : '<p>No known vulnerability is listed for this version.</p>');
}

function verification(it: ReportItem): string {
  const v = it.record.verification;
  const tests = v?.tests ?? [];
  return (v?.approach?.trim() ? para(v.approach) : gap('how the requirements are verified (black-box tests of the interface)'))
    + (tests.length ? table(['Requirement', 'Test', 'Location', 'Result', 'Date'], tests.map((x) => [t(x.requirement), t(x.test), t(x.location), t(x.result), t(x.date)])) : '');
}

function surveillance(it: ReportItem): string {
  const s = it.record.surveillance;
  const m = it.record.monitoring;
  const monitor = m ? facts([
    ['Last monitor run', e(`${m.checked} (version ${m.version})`)],
    ['Newest release', m.newestVersion && e(m.newestVersion)],
    ['Re-assessment asked for', m.reassess?.length ? e(m.reassess.map((x) => `${x.reason} since ${x.since}: ${x.detail}`).join('\n')) : undefined],
  ]) : '';
  if (!s) return gap('who watches the item, how and how often') + monitor;
  return facts([
    ['Owner', s.owner ? e(s.owner) : '<span class="gap">not named</span>'],
    ['Method', s.method ? e(s.method) : '<span class="gap">not named</span>'],
    ['Frequency', s.frequency && e(s.frequency)],
    ['Triggers for re-assessment', s.triggers?.length ? e(s.triggers.join('\n')) : undefined],
    ['Update strategy', s.updateStrategy && e(s.updateStrategy)],
  ]) + monitor;
}

const SECTION_BODY: Record<SectionKey, (it: ReportItem) => string> = {
  identification,
  safetyClass,
  functionalRequirements: (it) => requirements(it.record.functionalRequirements, 'what the device needs the item to do'),
  performanceRequirements: (it) => requirements(it.record.performanceRequirements, 'the performance the device needs from the item'),
  prerequisites,
  anomalyReview,
  vulnerabilityReview,
  verification,
  surveillance,
};

function approvals(it: ReportItem): string {
  const a = it.record.approvals ?? [];
  const rows = a.map((x) => [t(x.role), t(x.name), t(x.date), t(x.version), t(x.contentHash)]);
  // empty lines to sign on paper when nobody has signed yet
  const blank = a.length ? [] : [['reviewer', '', '', e(it.record.identification.version), ''], ['approver', '', '', e(it.record.identification.version), '']];
  return `<section class="sec"><h3>Approvals</h3><p class="guidance">${e(APPROVAL_GUIDANCE)}</p><p>${it.approved ? '<span class="status-ok">Approved for this version and content.</span>' : '<span class="status-bad">Not approved for this version and content.</span>'}</p>`
    + table(['Role', 'Name', 'Date', 'Version', 'Content hash'], [...rows, ...blank], { cls: 'signature' }) + '</section>';
}

function history(it: ReportItem): string {
  const h = it.record.history ?? [];
  if (!h.length) return '';
  return `<section class="sec"><h3>Revision history</h3><p class="guidance">${e(HISTORY_GUIDANCE)}</p>${table(['Date', 'Event', 'From', 'To', 'Note'], h.map((x) => [t(x.date), t(x.event), t(x.from), t(x.to), t(x.note)]))}</section>`;
}

const SEVERITY_ORDER: Record<string, number> = { error: 0, warning: 1, info: 2 };

/** Check's findings as a list (errors first). */
function findingList(fs: readonly Finding[]): string {
  const sorted = [...fs].sort((a, b) => (SEVERITY_ORDER[a.severity] ?? 3) - (SEVERITY_ORDER[b.severity] ?? 3));
  return `<ul>${sorted.map((f) => `<li class="${e(f.severity)}">${e(f.severity)}: ${e(f.message)}<span class="fix">Fix: ${e(f.fix)}</span></li>`).join('')}</ul>`;
}

/** The findings about the record as a whole (those no section owns), under the form's title. */
function recordFindings(it: ReportItem, general: readonly Finding[]): string {
  if (!it.findings.length) return '<p class="status-ok">Check finds nothing missing or wrong in this record.</p>';
  return general.length ? `<div class="findings"><h4>Check</h4><p class="guidance">${e(CHECK_GUIDANCE)}</p>${findingList(general)}</div>` : '';
}

function form(it: ReportItem, i: number): string {
  const r = it.record;
  const id = itemId(i);
  const { bySection, general } = findingsBySection(it.findings);
  const sections = FORM_SECTIONS.map((s, n) => {
    const fs = bySection.get(s.key) ?? [];
    const written = sectionWritten(r, s.key);
    return `<section class="sec" id="${id}-${s.key}"><h3>${n + 1}. ${e(s.title)}</h3><p class="guidance">${e(s.guidance)}</p>`
      + (!written && r.safetyClass && !s.requiredFor.includes(r.safetyClass) ? `<p class="note">Not required for class ${e(r.safetyClass)}.</p>` : '')
      + SECTION_BODY[s.key](it)
      + (fs.length ? `<div class="findings">${findingList(fs)}</div>` : '')
      + '</section>';
  }).join('');
  return `<article class="item" id="${id}" aria-labelledby="${id}-h"><h2 id="${id}-h">${e(`${r.identification.name} ${r.identification.version}`)}</h2>`
    + `<p class="meta">${e(r.id)} · record ${e(it.file)} · class ${e(r.safetyClass ?? 'not set')} · ${e(recordStatus(it))}</p>`
    + recordFindings(it, general) + sections + approvals(it) + history(it) + '</article>';
}

/** The whole report as one HTML file. Pure: the same data gives the same bytes. */
export function renderHtml(data: ReportData): string {
  const d = data;
  const title = `${d.document.id} rev ${d.document.revision} — ${d.document.title} — ${d.device.name}${d.device.version ? ` ${d.device.version}` : ''}`;
  return '<!DOCTYPE html>\n'
    + '<html lang="en" xmlns="http://www.w3.org/1999/xhtml"><head><meta charset="utf-8"/>'
    + `<meta http-equiv="Content-Security-Policy" content="${CSP}"/>`
    + '<meta name="referrer" content="no-referrer"/>'
    + '<meta name="viewport" content="width=device-width, initial-scale=1"/>'
    + `<meta name="generator" content="${e(`${d.tool.name} ${d.tool.version}`)}"/>`
    + `<meta name="document-id" content="${e(d.document.id)}"/>`
    + `<title>${e(title)}</title><style>${CSS}</style></head>`
    + '<body><a class="skip" href="#main">Skip to the report</a><div class="page">'
    + contents(d)
    + '<main id="main">'
    + cover(d) + summary(d) + soupList(d) + unrecordedList(d) + notSoupList(d) + removedList(d) + unreadableList(d)
    + `<section id="forms"><h2>Assessment forms</h2><p>One form per SOUP item with the nine sections of its record, what check still finds missing, the approvals and the record's history.</p></section>`
    + d.items.map(form).join('\n')
    + '</main></div></body></html>\n';
}
