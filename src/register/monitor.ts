import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AnomalyCandidate } from '../anomalies/index.js';
import { reviewVulnerabilities, type ReviewOptions, type VulnFinding, type VulnItem } from '../advisories/review.js';
import { defaultStorePath } from '../advisories/store/index.js';
import { addDuration, DEFAULT_FREQUENCY, parseDuration, type Duration } from '../check/duration.js';
import { readRecordFolder } from '../check/load.js';
import { defaultFrequencyFrom } from '../check/policy.js';
import { loadConfig } from '../config/load.js';
import type { Monitoring, SoupRecord } from '../model/record.js';
import { Limiter } from '../net/http.js';
import { writeFileAtomic } from '../util/fs.js';
import { versioningFor } from '../versioning/index.js';
import { anomaliesOf, anomalyClients, isActiveSoup, reviewIds, type AnomaliesOptions } from './anomalies.js';
import { entryFor, idsOf } from './vulns.js';
import { editRecords } from './edit.js';
import { recordsFolder } from './sync.js';
import { openStore } from './vulnerabilities.js';

/**
 * `tureen monitor` — post-market surveillance (IEC 62304 6.1, 7.1.2): each SOUP record is re-checked at the frequency
 * its surveillance plan sets (vulnerabilities, known anomalies, newer releases, end of support, reviews now due);
 * what needs a re-assessment is written into the record's machine-owned `monitoring` (which `check` reports until a
 * review dated since answers it), and a dated report (Markdown and JSON) says what changed since the last run.
 */

type Reassess = NonNullable<Monitoring['reassess']>[number];

export interface MonitoredRecord {
  file: string;
  id: string;
  name: string;
  version: string;
  /** re-checked in this run (its surveillance was due, or --all) */
  checked: boolean;
  /** when it is next due */
  nextDue: string;
  newVulnerabilities: Pick<VulnFinding, 'id' | 'aliases' | 'severity' | 'fixed' | 'kev' | 'summary'>[];
  newAnomalies: Pick<AnomalyCandidate, 'id' | 'title' | 'url' | 'reason' | 'source'>[];
  newestVersion?: string;
  endOfSupport?: { date?: string; supported: boolean; cycle: string };
  reviewsDue: ('anomalyReview' | 'vulnerabilityReview')[];
  /** the re-assessments open for this record after this run */
  reassess: Reassess[];
  problems: string[];
}

export interface MonitorReport {
  date: string;
  records: MonitoredRecord[];
  /** what is new since the previous report (its date), by kind, as "record: item" lines */
  changes: { since?: string; newVulnerabilities: string[]; newAnomalies: string[]; nowOutOfSupport: string[]; reviewsNowDue: string[] };
  /** a re-assessment is open in some record */
  actionNeeded: boolean;
  sources: string[];
  problems: string[];
}

export interface MonitorOptions extends Pick<AnomaliesOptions, 'config' | 'offline' | 'clients'> {
  /** re-check every record now, whatever its frequency */
  all?: boolean;
  db?: string;
  now?: Date;
  /** where the dated reports go (default <record folder>/monitor) */
  reportDir?: string;
  vulnClients?: Pick<ReviewOptions, 'osv' | 'nvd' | 'epss' | 'kev'>;
  /** write neither records nor reports */
  dryRun?: boolean;
}

const day = (d: Date) => d.toISOString().slice(0, 10);

function frequencyOf(record: SoupRecord, fallback: Duration): Duration {
  const f = record.surveillance?.frequency;
  return (f && parseDuration(f)) || fallback;
}

function itemOfRecord(r: SoupRecord): VulnItem {
  const id = r.identification;
  return {
    ecosystem: id.ecosystem, name: id.name, version: id.version, purl: id.purl, soup: true,
    ...(id.cpe ? { cpe: id.cpe } : {}), ...(id.sourceName ? { sourceName: id.sourceName } : {}),
  };
}

/** A flag stays with its first date while it still applies and no review has answered it; else it is raised today. */
function carry(prev: readonly Reassess[], reason: Reassess['reason'], detail: string, today: string, answeredOn: string | undefined): Reassess {
  const open = prev.find((p) => p.reason === reason);
  const since = open && !(answeredOn && answeredOn >= open.since) ? open.since : today;
  return { reason, detail, since };
}

/** The previous report's JSON in the report folder (the newest dated before today), for "changed since". */
function previousReport(dir: string, today: string): MonitorReport | undefined {
  if (!existsSync(dir)) return undefined;
  const names = readdirSync(dir).filter((n) => /^\d{4}-\d{2}-\d{2}\.json$/.test(n) && n.slice(0, 10) < today).sort();
  const last = names.at(-1);
  if (!last) return undefined;
  try {
    return JSON.parse(readFileSync(join(dir, last), 'utf8')) as MonitorReport;
  } catch {
    return undefined;
  }
}

export async function runMonitor(dir: string, opts: MonitorOptions = {}): Promise<MonitorReport> {
  const root = resolve(dir);
  const now = opts.now ?? new Date();
  const today = day(now);
  const { config, file: configFile } = loadConfig(root, opts.config);
  const folder = recordsFolder(config, configFile);
  const fallback = (defaultFrequencyFrom(config) && parseDuration(defaultFrequencyFrom(config)!)) || DEFAULT_FREQUENCY;
  const all = readRecordFolder(root, folder);
  const inputs = all.filter((r) => r.record && isActiveSoup(r.record));
  const problems: string[] = [];
  const skipped = all.filter((r) => !r.record).map((r) => r.file);
  if (skipped.length) problems.push(`${skipped.length} record${skipped.length === 1 ? '' : 's'} could not be read and were not monitored (${skipped.join(', ')}): tureen check says why`);

  const due = (r: SoupRecord) => {
    if (opts.all || !r.monitoring?.checked || r.monitoring.version !== r.identification.version) return true;
    return addDuration(new Date(`${r.monitoring.checked}T00:00:00Z`), frequencyOf(r, fallback)).getTime() <= now.getTime();
  };
  const dueInputs = inputs.filter((i) => due(i.record!));

  // vulnerabilities: one review of every due item (online: the store is refreshed first)
  let findings = new Map<string, VulnFinding[]>();
  let sources: string[] = [];
  let unchecked = false;
  if (dueInputs.length) {
    const store = openStore(resolve(opts.db ?? defaultStorePath()), !!opts.offline);
    try {
      const review = await reviewVulnerabilities(dueInputs.map((i) => itemOfRecord(i.record!)), { store, offline: !!opts.offline, ...opts.vulnClients, now: () => now });
      findings = new Map(review.components.map((c, k) => [dueInputs[k]!.file, c.findings]));
      sources = [...review.sources];
      problems.push(...review.problems);
      if (!review.consulted) {
        // surveillance that could not look is itself something to act on
        unchecked = true;
        problems.push('no vulnerability source could be consulted (the OSV API could not be reached, or --offline, and the local advisory store is empty): vulnerabilities were not checked — import OSV\'s exports (tureen db import) or fix the network, then run again');
      }
    } finally {
      store.close();
    }
  }
  // anomalies, newer releases, end of life: per item, a few at a time
  const clients = anomalyClients(opts);
  const limiter = new Limiter(4);
  const anomalies = new Map(await Promise.all(dueInputs.map((i) => limiter.run(async () => [i.file, await anomaliesOf(root, i.record!, clients, { offline: !!opts.offline, now, ...(config.anomalies ? { hosts: config.anomalies } : {}) })] as const))));
  if (dueInputs.length) sources.push('issue trackers, release notes and changelogs', 'endoflife.date');

  const records: MonitoredRecord[] = inputs.map((input) => {
    const r = input.record!;
    const version = r.identification.version;
    const freq = frequencyOf(r, fallback);
    const prev = r.monitoring?.version === version ? r.monitoring.reassess ?? [] : [];
    const base = { file: input.file, id: r.id, name: r.identification.name, version };
    if (!dueInputs.includes(input)) {
      const nextDue = day(addDuration(new Date(`${r.monitoring!.checked}T00:00:00Z`), freq));
      return { ...base, checked: false, nextDue, newVulnerabilities: [], newAnomalies: [], reviewsDue: [], reassess: [...prev], problems: [], ...(r.monitoring?.newestVersion ? { newestVersion: r.monitoring.newestVersion } : {}) };
    }
    const vr = r.vulnerabilityReview?.version === version ? r.vulnerabilityReview : undefined;
    const ar = r.anomalyReview?.version === version ? r.anomalyReview : undefined;
    const newVulnerabilities = (findings.get(input.file) ?? []).filter((f) => !(vr && entryFor(r, idsOf(f), version)))
      .map((f) => ({ id: f.id, aliases: f.aliases, severity: f.severity, fixed: f.fixed, kev: f.kev, ...(f.summary ? { summary: f.summary } : {}) }));
    const a = anomalies.get(input.file)!;
    const inReview = reviewIds(r);
    const newAnomalies = a.candidates.filter((c) => !inReview.has(c.id)).map((c) => ({ id: c.id, title: c.title, ...(c.url ? { url: c.url } : {}), reason: c.reason, source: c.source }));
    const order = versioningFor(r.identification.ecosystem);
    const newestVersion = a.newest && order.isValid(a.newest) && order.isValid(version) && order.compare(a.newest, version) > 0 ? a.newest : undefined;
    const eol = a.endOfLife;
    const endOfSupport = eol ? { ...(typeof eol.eol === 'string' ? { date: eol.eol } : {}), supported: eol.supported, cycle: eol.cycle } : undefined;
    const reviewsDue = (['anomalyReview', 'vulnerabilityReview'] as const).filter((k) => {
      const rv = r[k];
      return rv?.date && rv.version === version && addDuration(new Date(`${rv.date}T00:00:00Z`), freq).getTime() <= now.getTime();
    });
    const reassess: Reassess[] = [];
    if (newVulnerabilities.length) reassess.push(carry(prev, 'new-vulnerability', `${newVulnerabilities.length} vulnerabilit${newVulnerabilities.length === 1 ? 'y' : 'ies'} not in the review: ${newVulnerabilities.map((v) => `${v.id} (${v.severity}${v.kev ? ', KEV' : ''})`).join(', ')}`, today, vr?.date));
    // the registry's deprecation and yank have flags of their own (below)
    const toReview = newAnomalies.filter((c) => c.source !== 'registry');
    if (toReview.length) reassess.push(carry(prev, 'new-anomaly', `${toReview.length} known-anomaly candidate${toReview.length === 1 ? '' : 's'} not in the review: ${toReview.slice(0, 5).map((c) => c.id).join(', ')}${toReview.length > 5 ? ', …' : ''}`, today, ar?.date));
    if (eol && !eol.supported) reassess.push(carry(prev, 'end-of-support', `${eol.product} ${eol.cycle} is out of support${typeof eol.eol === 'string' ? ` since ${eol.eol}` : ''}`, today, ar?.date));
    if (reviewsDue.length) reassess.push(carry(prev, 'review-due', `${reviewsDue.map((k) => (k === 'anomalyReview' ? 'the anomaly review' : 'the vulnerability review')).join(' and ')} ${reviewsDue.length === 1 ? 'is' : 'are'} older than the surveillance frequency`, today, undefined));
    if (r.identification.deprecated) reassess.push(carry(prev, 'deprecated', `the registry deprecates ${version}: ${r.identification.deprecated}`, today, ar?.date));
    if (r.identification.yanked) reassess.push(carry(prev, 'yanked', `${version} was withdrawn (yanked) from its registry`, today, ar?.date));
    return {
      ...base, checked: true, nextDue: day(addDuration(now, freq)), newVulnerabilities, newAnomalies,
      ...(newestVersion ? { newestVersion } : {}), ...(endOfSupport ? { endOfSupport } : {}),
      reviewsDue, reassess, problems: a.problems,
    };
  });

  const reportDir = resolve(root, opts.reportDir ?? join(folder, 'monitor'));
  const previous = previousReport(reportDir, today);
  const prevKeys = (f: (r: MonitoredRecord) => string[]) => new Set((previous?.records ?? []).flatMap(f));
  const diff = (f: (r: MonitoredRecord) => string[]) => {
    const before = prevKeys(f);
    return records.filter((r) => r.checked).flatMap(f).filter((k) => !before.has(k));
  };
  const report: MonitorReport = {
    date: today,
    records,
    changes: {
      ...(previous ? { since: previous.date } : {}),
      newVulnerabilities: diff((r) => r.newVulnerabilities.map((v) => `${r.name}@${r.version}: ${v.id}`)),
      newAnomalies: diff((r) => r.newAnomalies.map((c) => `${r.name}@${r.version}: ${c.id}`)),
      nowOutOfSupport: diff((r) => (r.endOfSupport && !r.endOfSupport.supported ? [`${r.name}@${r.version}: ${r.endOfSupport.cycle}`] : [])),
      reviewsNowDue: diff((r) => r.reviewsDue.map((k) => `${r.name}@${r.version}: ${k}`)),
    },
    actionNeeded: unchecked || records.some((r) => r.reassess.length > 0),
    sources: [...new Set(sources)],
    problems,
  };

  if (!opts.dryRun) {
    const byFile = new Map(records.filter((r) => r.checked).map((r) => [r.file, r]));
    editRecords(root, { ...(opts.config ? { config: opts.config } : {}) }, (e) => {
      const m = byFile.get(e.file);
      if (!m) return false;
      const monitoring: Monitoring = {
        checked: today, version: m.version,
        ...(m.newestVersion ? { newestVersion: m.newestVersion } : {}),
        ...(m.endOfSupport?.date ? { endOfSupport: m.endOfSupport.date } : {}),
        ...(m.reassess.length ? { reassess: m.reassess } : {}),
      };
      e.doc.setIn(['monitoring'], e.doc.createNode(monitoring));
      return true;
    });
    mkdirSync(reportDir, { recursive: true });
    writeFileAtomic(join(reportDir, `${today}.json`), `${JSON.stringify(report, null, 2)}\n`);
    writeFileAtomic(join(reportDir, `${today}.md`), monitorMarkdown(report));
  }
  return report;
}

/** The dated report a person reads (and files with the surveillance records). Text from outside is neutralised. */
export function monitorMarkdown(r: MonitorReport): string {
  const cell = (s: string) => s.replace(/\r?\n/g, ' ').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|').replace(/([`*_[\]])/g, '\\$1');
  const checked = r.records.filter((x) => x.checked);
  const out = [
    `# SOUP surveillance report ${r.date}`,
    '',
    `${r.records.length} SOUP records; ${checked.length} re-checked in this run (their surveillance was due), ${r.records.length - checked.length} not yet due.`,
    r.actionNeeded ? `**Action needed**: ${r.records.filter((x) => x.reassess.length).length} records need re-assessment.` : 'No record needs re-assessment.',
    '',
    `## Changes since ${r.changes.since ?? 'the first run'}`,
    '',
  ];
  const list = (title: string, items: string[]) => out.push(`- ${title}: ${items.length ? items.map(cell).join('; ') : 'none'}`);
  list('new vulnerabilities', r.changes.newVulnerabilities);
  list('new known-anomaly candidates', r.changes.newAnomalies);
  list('now out of support', r.changes.nowOutOfSupport);
  list('reviews now due', r.changes.reviewsNowDue);
  const open = r.records.filter((x) => x.reassess.length);
  if (open.length) {
    out.push('', '## Re-assessments needed', '', '| Record | Item | Reason | Since | Detail |', '| --- | --- | --- | --- | --- |');
    for (const x of open) for (const a of x.reassess) out.push(`| ${cell(x.file)} | ${cell(`${x.name}@${x.version}`)} | ${a.reason} | ${a.since} | ${cell(a.detail)} |`);
  }
  const newer = checked.filter((x) => x.newestVersion);
  if (newer.length) {
    out.push('', '## Newer releases', '', '| Item | Shipped | Newest |', '| --- | --- | --- |');
    for (const x of newer) out.push(`| ${cell(x.name)} | ${cell(x.version)} | ${cell(x.newestVersion!)} |`);
  }
  out.push('', '## Records', '', '| Record | Item | Checked | Next due |', '| --- | --- | --- | --- |');
  for (const x of r.records) out.push(`| ${cell(x.file)} | ${cell(`${x.name}@${x.version}`)} | ${x.checked ? 'yes' : 'no'} | ${x.nextDue} |`);
  out.push('', `Sources: ${r.sources.length ? r.sources.map(cell).join('; ') : 'none (no record was due)'}.`);
  for (const p of [...r.problems, ...r.records.flatMap((x) => x.problems.map((p) => `${x.name}: ${p}`))]) out.push('', `> ${cell(p)}`);
  return `${out.join('\n')}\n`;
}
