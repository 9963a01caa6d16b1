import type { ReportData, ReportItem } from '../data.js';
import { FORM_SECTIONS } from '../docx/guidance.js';
import { branchOf, inert, kindOf, recordStatus, relevanceText, stateText, unrecordedStatus } from '../html/common.js';

/**
 * The data a company's own Word template sees: the report's data as plain, flat text fields (every value a string, a
 * number, a boolean or an array of those objects — never undefined, so `{{$item.supplier}}` prints nothing rather
 * than "undefined"). Documented placeholder by placeholder in docs/report-template.md: change a field name here only
 * with the document, and only by adding.
 *
 * All text is made inert first (control and bidi characters shown as `[U+XXXX]`): this also guarantees that no value
 * holds the literal-XML delimiter renderTemplate gives docx-templates, so a value can never become XML.
 */

export interface TemplateRequirement { id: string; text: string }
export interface TemplateTest { requirement: string; test: string; location: string; result: string; date: string }
export interface TemplateVulnerability {
  id: string; aliases: string; severity: string; state: string; justification: string; detail: string; mitigation: string;
  response: string; reviewer: string; date: string; summary: string; fixedIn: string; kev: boolean;
}
export interface TemplateAnomaly { id: string; title: string; url: string; relevant: string; impact: string; source: string; date: string }
export interface TemplateReview<E> {
  /** false when the record has no such review */
  exists: boolean;
  version: string; date: string; reviewer: string; sources: string[]; sourcesText: string; conclusion: string;
  /** the status line of the SOUP list */
  status: string;
  /** the review is about the version identified */
  current: boolean;
  open: number; total: number;
  entries: E[];
}
export interface TemplateApproval { role: string; name: string; date: string; version: string; contentHash: string }
export interface TemplateHistory { date: string; event: string; from: string; to: string; note: string }
export interface TemplateFinding { severity: string; rule: string; message: string; fix: string }

export interface TemplateItem {
  /** 1, 2, 3 … in the order of the SOUP list */
  n: number;
  id: string; file: string;
  name: string; version: string; ecosystem: string; purl: string; cpe: string; supplier: string; license: string;
  sourceUrl: string; homepage: string; releaseDate: string;
  kind: string; branch: string; scope: string; soupRule: string; soupRationale: string; override: string;
  safetyClass: string;
  /** the safety class rationale */
  rationale: string;
  hazards: string[]; hazardsText: string;
  functionalRequirements: TemplateRequirement[];
  performanceRequirements: TemplateRequirement[];
  hardware: string[]; hardwareText: string; software: string[]; softwareText: string;
  verificationApproach: string; verificationTests: TemplateTest[];
  vulnerabilityStatus: string; vulnerabilityReview: TemplateReview<TemplateVulnerability>;
  anomalyStatus: string; anomalyReview: TemplateReview<TemplateAnomaly>;
  surveillanceOwner: string; surveillanceMethod: string; surveillanceFrequency: string; surveillanceTriggers: string[];
  surveillanceTriggersText: string; updateStrategy: string;
  supportLevel: string; endOfSupport: string; securityCategory: string;
  approvals: TemplateApproval[]; approved: boolean; approvedText: string;
  complete: boolean; recordStatus: string; findings: TemplateFinding[];
  history: TemplateHistory[];
}

export interface TemplateContext {
  device: { name: string; version: string; manufacturer: string };
  document: { id: string; revision: string; title: string };
  date: string;
  tool: { name: string; version: string };
  summary: {
    items: number; complete: number; incomplete: number; approved: number; notSoup: number;
    openVulnerabilities: number; openAnomalies: number; unrecorded: number;
    byClass: { name: string; count: number }[]; byLicense: { name: string; count: number }[];
    bySeverity: { name: string; count: number }[]; byKind: { name: string; count: number }[];
  };
  /** the nine section headings and their guidance, in form order */
  sections: { key: string; title: string; guidance: string }[];
  items: TemplateItem[];
  notSoup: { name: string; version: string; ecosystem: string; purl: string; kind: string; scope: string; rule: string; rationale: string; evidence: string }[];
  unrecorded: { name: string; version: string; ecosystem: string; purl: string; kind: string; branch: string; evidence: string; recordedVersion: string; status: string }[];
  removed: { name: string; version: string; file: string }[];
  unreadable: { file: string; message: string }[];
}

const s = (v: string | undefined): string => (v === undefined ? '' : inert(v));
const list = (v: readonly string[] | undefined): string[] => (v ?? []).map(s);
const counts = (m: Record<string, number>): { name: string; count: number }[] => Object.entries(m).map(([name, count]) => ({ name: s(name), count }));

function item(it: ReportItem, i: number): TemplateItem {
  const r = it.record;
  const id = r.identification;
  const c = r.classification;
  const v = r.vulnerabilityReview;
  const a = r.anomalyReview;
  const hazards = list(r.hazards);
  const hardware = list(r.prerequisites?.hardware);
  const software = list(r.prerequisites?.software);
  const triggers = list(r.surveillance?.triggers);
  return {
    n: i + 1, id: s(r.id), file: s(it.file),
    name: s(id.name), version: s(id.version), ecosystem: s(id.ecosystem), purl: s(id.purl), cpe: s(id.cpe),
    supplier: s(id.supplier), license: s(id.license), sourceUrl: s(id.sourceUrl), homepage: s(id.homepage), releaseDate: s(id.releaseDate),
    kind: s(kindOf(r)), branch: s(branchOf(r)), scope: s(c.scope), soupRule: s(c.rule), soupRationale: s(c.rationale),
    override: s(c.override?.reason),
    safetyClass: s(r.safetyClass), rationale: s(r.safetyClassRationale),
    hazards, hazardsText: hazards.join(', '),
    functionalRequirements: (r.functionalRequirements ?? []).map((q) => ({ id: s(q.id), text: s(q.text) })),
    performanceRequirements: (r.performanceRequirements ?? []).map((q) => ({ id: s(q.id), text: s(q.text) })),
    hardware, hardwareText: hardware.join(', '), software, softwareText: software.join(', '),
    verificationApproach: s(r.verification?.approach),
    verificationTests: (r.verification?.tests ?? []).map((x) => ({ requirement: s(x.requirement), test: s(x.test), location: s(x.location), result: s(x.result), date: s(x.date) })),
    vulnerabilityStatus: s(it.vulnerabilities.text),
    vulnerabilityReview: {
      exists: !!v, version: s(v?.version), date: s(v?.date), reviewer: s(v?.reviewer), sources: list(v?.sources), sourcesText: list(v?.sources).join(', '),
      conclusion: s(v?.conclusion), status: s(it.vulnerabilities.text), current: it.vulnerabilities.current, open: it.vulnerabilities.open, total: it.vulnerabilities.total,
      entries: (v?.entries ?? []).map((x) => ({
        id: s(x.id), aliases: list(x.aliases).join(', '), severity: s(x.severity ?? 'unknown'), state: s(stateText(x.state)), justification: s(x.justification),
        detail: s(x.detail), mitigation: s(x.mitigation), response: list(x.response).join(', '), reviewer: s(x.reviewer), date: s(x.date),
        summary: s(x.summary), fixedIn: list(x.fixedIn).join(', '), kev: x.kev === true,
      })),
    },
    anomalyStatus: s(it.anomalies.text),
    anomalyReview: {
      exists: !!a, version: s(a?.version), date: s(a?.date), reviewer: s(a?.reviewer), sources: list(a?.sources), sourcesText: list(a?.sources).join(', '),
      conclusion: s(a?.conclusion), status: s(it.anomalies.text), current: it.anomalies.current, open: it.anomalies.open, total: it.anomalies.total,
      entries: (a?.entries ?? []).map((x) => ({ id: s(x.id), title: s(x.title), url: s(x.url), relevant: relevanceText(x.relevant), impact: s(x.impact), source: s(x.source), date: s(x.date) })),
    },
    surveillanceOwner: s(r.surveillance?.owner), surveillanceMethod: s(r.surveillance?.method), surveillanceFrequency: s(r.surveillance?.frequency),
    surveillanceTriggers: triggers, surveillanceTriggersText: triggers.join(', '), updateStrategy: s(r.surveillance?.updateStrategy),
    supportLevel: s(r.support?.level), endOfSupport: s(r.support?.endOfSupport ?? r.monitoring?.endOfSupport), securityCategory: s(r.securityCategory),
    approvals: (r.approvals ?? []).map((x) => ({ role: x.role, name: s(x.name), date: x.date, version: s(x.version), contentHash: x.contentHash })),
    approved: it.approved, approvedText: it.approved ? 'approved' : 'not approved',
    complete: it.complete, recordStatus: recordStatus(it),
    findings: it.findings.map((f) => ({ severity: f.severity, rule: s(f.rule), message: s(f.message), fix: s(f.fix) })),
    history: (r.history ?? []).map((h) => ({ date: h.date, event: h.event, from: s(h.from), to: s(h.to), note: s(h.note) })),
  };
}

/** The template's data, built from the report's. Pure. */
export function templateContext(d: ReportData): TemplateContext {
  const approved = d.items.filter((i) => i.approved).length;
  return {
    device: { name: s(d.device.name), version: s(d.device.version), manufacturer: s(d.device.manufacturer) },
    document: { id: s(d.document.id), revision: s(d.document.revision), title: s(d.document.title) },
    date: d.date,
    tool: { name: d.tool.name, version: d.tool.version },
    summary: {
      items: d.summary.items, complete: d.summary.complete, incomplete: d.summary.items - d.summary.complete, approved, notSoup: d.notSoup.length,
      openVulnerabilities: d.summary.openVulnerabilities, openAnomalies: d.summary.openAnomalies, unrecorded: d.summary.unrecorded,
      byClass: counts(d.summary.byClass), byLicense: counts(d.summary.byLicense), bySeverity: counts(d.summary.bySeverity), byKind: counts(d.summary.byKind),
    },
    sections: FORM_SECTIONS.map((x) => ({ key: x.key, title: x.title, guidance: x.guidance })),
    items: d.items.map(item),
    notSoup: d.notSoup.map((n) => ({ name: s(n.name), version: s(n.version), ecosystem: s(n.ecosystem), purl: s(n.purl), kind: s(n.kind), scope: s(n.scope), rule: s(n.rule), rationale: s(n.rationale), evidence: s(n.evidence) })),
    unrecorded: d.unrecorded.map((u) => ({
      name: s(u.name), version: s(u.version), ecosystem: s(u.ecosystem), purl: s(u.purl), kind: s(u.kind), branch: s(u.branch), evidence: s(u.evidence),
      recordedVersion: s(u.recordedVersion), status: s(unrecordedStatus(u)),
    })),
    removed: d.removed.map((r) => ({ name: s(r.record.identification.name), version: s(r.record.identification.version), file: s(r.file) })),
    unreadable: d.unreadable.map((u) => ({ file: s(u.file), message: s(u.message) })),
  };
}
