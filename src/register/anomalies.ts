import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EndOfLifeClient, findAnomalies, GitHubAnomalies, GitLabAnomalies, type AnomalyCandidate, type AnomalyFindings, type EndOfLife, type FindOptions, type RepoOptions } from '../anomalies/index.js';
import { readRecordFolder } from '../check/load.js';
import { loadConfig } from '../config/load.js';
import type { SoupRecord } from '../model/record.js';
import { Limiter } from '../net/http.js';
import { appendIn, editRecords, startReviewOfCurrentVersion, type EditableRecord } from './edit.js';
import { recordsFolder } from './sync.js';

/** One record's known-anomaly candidates for its exact version, and which of them its review does not list yet. */
export interface RecordAnomalies {
  file: string;
  id: string;
  name: string;
  version: string;
  findings: AnomalyFindings;
  /** candidates the record's anomaly review (for this version) does not have yet */
  fresh: AnomalyCandidate[];
  /** entries of the review not yet marked relevant or not */
  unassessed: number;
}

export interface AnomaliesResult {
  records: RecordAnomalies[];
  recorded: string[];
}

export interface AnomaliesOptions {
  config?: string;
  offline?: boolean;
  record?: boolean;
  /** records by file name, id or package name; default all active SOUP records */
  only?: readonly string[];
  /** clients and clock (tests: the replay server) */
  clients?: Pick<FindOptions, 'github' | 'gitlab' | 'endoflife'>;
  now?: Date;
  /** items asked at once (each asks several endpoints); default 4 */
  concurrency?: number;
}

/** At most this much of a package's changelog is read. */
const MAX_CHANGELOG = 2 * 1024 * 1024;

/** The item's changelog when the repository holds an installed copy of the package (node_modules). */
function changelogOf(root: string, record: SoupRecord): string | undefined {
  if (record.identification.ecosystem !== 'npm') return undefined;
  const name = record.identification.name;
  if (name.split('/').some((p) => p === '..' || p === '.')) return undefined;
  for (const f of ['CHANGELOG.md', 'HISTORY.md', 'CHANGES.md', 'NEWS.md', 'History.md', 'changelog.md']) {
    const p = join(root, 'node_modules', name, f);
    try {
      if (existsSync(p) && statSync(p).size <= MAX_CHANGELOG) {
        // only the copy of the version shipped says what was fixed after it
        const pkg = JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version?: unknown };
        if (pkg.version === record.identification.version) return readFileSync(p, 'utf8');
      }
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** The ids of the anomaly review's entries, when the review is of the record's current version. */
export function reviewIds(record: SoupRecord): Set<string> {
  const r = record.anomalyReview;
  if (!r || r.version !== record.identification.version) return new Set();
  return new Set(r.entries.map((e) => e.id));
}

export function isActiveSoup(record: SoupRecord): boolean {
  return record.status !== 'removed' && (record.classification.override?.soup ?? record.classification.soup);
}

/** Shared clients for a run: one GitHub/GitLab/endoflife client each, so caches and rate limits are shared. */
export function anomalyClients(opts: Pick<AnomaliesOptions, 'clients'>): Pick<FindOptions, 'github' | 'gitlab' | 'endoflife'> {
  const c = opts.clients ?? {};
  return {
    github: c.github === false ? false : c.github instanceof GitHubAnomalies ? c.github : new GitHubAnomalies(c.github ?? {}),
    gitlab: c.gitlab === false ? false : c.gitlab instanceof GitLabAnomalies ? c.gitlab : new GitLabAnomalies(c.gitlab ?? {}),
    endoflife: c.endoflife === false ? false : c.endoflife instanceof EndOfLifeClient ? c.endoflife : new EndOfLifeClient(c.endoflife ?? {}),
  };
}

/** Ask every source about one record's item and version. */
export async function anomaliesOf(root: string, record: SoupRecord, clients: Pick<FindOptions, 'github' | 'gitlab' | 'endoflife'>, opts: { offline: boolean; now: Date; hosts?: RepoOptions }): Promise<AnomalyFindings> {
  const id = record.identification;
  const changelog = changelogOf(root, record);
  return findAnomalies({
    name: id.name, version: id.version, ecosystem: id.ecosystem,
    ...(id.sourceUrl ? { sourceUrl: id.sourceUrl } : id.homepage ? { sourceUrl: id.homepage } : {}),
    ...(id.releaseDate ? { releaseDate: id.releaseDate } : {}),
    ...(id.deprecated ? { deprecated: id.deprecated } : {}),
    ...(id.yanked ? { yanked: true } : {}),
    ...(changelog ? { changelogText: changelog } : {}),
  }, { ...clients, offline: opts.offline, now: opts.now, ...(opts.hosts ? { hosts: opts.hosts } : {}) });
}

/**
 * `tureen anomalies`: for each active SOUP record, the known-anomaly candidates of its exact version (issue tracker,
 * release notes, changelog, registry flags, end of life). With `record`, new candidates are appended to the record's
 * anomaly review unassessed (a draft review where there is none); entries a person marked are never changed.
 */
export async function runAnomalies(dir: string, opts: AnomaliesOptions = {}): Promise<AnomaliesResult> {
  const root = resolve(dir);
  const { config, file: configFile } = loadConfig(root, opts.config);
  const folder = recordsFolder(config, configFile);
  const now = opts.now ?? new Date();
  const inputs = readRecordFolder(root, folder).filter((r) => r.record && isActiveSoup(r.record));
  const chosen = opts.only?.length
    ? inputs.filter((r) => opts.only!.some((o) => r.file.endsWith(`/${o}`) || r.file.endsWith(`/${o}.yaml`) || r.record!.id === o || r.record!.identification.name === o))
    : inputs;
  const clients = anomalyClients(opts);
  const limiter = new Limiter(opts.concurrency ?? 4);
  const records = await Promise.all(chosen.map((input) => limiter.run(async (): Promise<RecordAnomalies> => {
    const record = input.record!;
    const findings = await anomaliesOf(root, record, clients, { offline: !!opts.offline, now, ...(config.anomalies ? { hosts: config.anomalies } : {}) });
    const have = reviewIds(record);
    const review = record.anomalyReview?.version === record.identification.version ? record.anomalyReview : undefined;
    return {
      file: input.file, id: record.id, name: record.identification.name, version: record.identification.version, findings,
      fresh: findings.candidates.filter((c) => !have.has(c.id)),
      unassessed: (review?.entries ?? []).filter((e) => e.relevant === undefined).length,
    };
  })));
  let recorded: string[] = [];
  if (opts.record) {
    const byFile = new Map(records.map((r) => [r.file, r]));
    recorded = editRecords(root, { ...(opts.config ? { config: opts.config } : {}) }, (r) => {
      const a = byFile.get(r.file);
      return !!a && addAnomalies(r, a.findings.candidates, a.findings.sources);
    }).changed;
  }
  return { records, recorded };
}

/**
 * Append the candidates the record's anomaly review does not list (by id) as unassessed entries — no `relevant`, so
 * `check` asks for a decision — and name the sources looked at. A record without a review for its version gets a
 * draft one. Returns true when the document changed.
 */
export function addAnomalies(r: EditableRecord, candidates: readonly AnomalyCandidate[], sources: readonly string[]): boolean {
  const version = r.record.identification.version;
  // a review of another version: the current version's draft starts when sync's history holds the old one unchanged;
  // otherwise it stays as the person wrote it
  if (r.record.anomalyReview && r.record.anomalyReview.version !== version && !startReviewOfCurrentVersion(r, 'anomalyReview', sources)) return false;
  const review = r.record.anomalyReview;
  const have = reviewIds(r.record);
  const fresh = candidates.filter((c) => !have.has(c.id));
  const newSources = sources.filter((s) => !(review?.sources ?? []).includes(s));
  if (review && !fresh.length && !newSources.length) return false;
  if (!review) r.doc.setIn(['anomalyReview'], r.doc.createNode({ version, sources: [...new Set(sources)], entries: [] }));
  else for (const s of new Set(newSources)) appendIn(r.doc, ['anomalyReview', 'sources'], s);
  for (const c of fresh) {
    const date = c.createdAt && /^\d{4}-\d{2}-\d{2}/.test(c.createdAt) ? c.createdAt.slice(0, 10) : undefined;
    appendIn(r.doc, ['anomalyReview', 'entries'], {
      id: c.id, title: c.title, ...(c.url ? { url: c.url } : {}), source: c.source, reason: c.reason, ...(date ? { date } : {}),
    });
  }
  return true;
}

export type { EndOfLife };
