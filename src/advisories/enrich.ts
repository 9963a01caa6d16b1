import { readFileSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { TureenError } from '../model/errors.js';
import { parseJson } from '../util/json.js';
import { parseEpssCsv } from './epss/index.js';
import { KevClient, parseKev } from './kev/index.js';
import type { AdvisoryStore, ImportStats } from './store/index.js';

/**
 * The files that rank and complete the OSV advisories, for an air-gapped store: CISA's KEV catalogue
 * (known_exploited_vulnerabilities.json), FIRST's daily EPSS scores (epss_scores-YYYY-MM-DD.csv.gz), and NVD CVE
 * records (an NVD API 2.0 answer or a 2.0 data feed, .json or .json.gz) for items known only by CPE.
 */

export type EnrichmentKind = 'kev' | 'epss' | 'nvd';

export interface EnrichmentImport {
  file: string;
  kind: EnrichmentKind;
  detail: string;
  stats?: ImportStats;
}

/** Larger files are refused unread; the decompressed size is capped the same (a gzip bomb stops there). */
const MAX_BYTES = 1024 * 1024 * 1024;

function readMaybeGzip(file: string): Buffer {
  const size = statSync(file).size;
  if (size > MAX_BYTES) throw new TureenError({ code: 'input.too-large', file, message: `the file is ${size} bytes; at most ${MAX_BYTES} are read`, fix: 'Check that this is the right file.' });
  const raw = readFileSync(file);
  if (raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      return gunzipSync(raw, { maxOutputLength: MAX_BYTES });
    } catch (e) {
      throw new TureenError({ code: 'input.malformed', file, message: `cannot decompress it (${(e as Error).message})`, fix: 'Download the file again.', cause: e });
    }
  }
  return raw;
}

/**
 * What kind of enrichment file this is, judged by name and content, or undefined for anything else (an OSV record or
 * export, which `importPaths` reads). Only small files' content is looked at.
 */
export function enrichmentKind(file: string): EnrichmentKind | undefined {
  const name = basename(file).toLowerCase();
  if (/\.csv(\.gz)?$/.test(name)) return 'epss';
  if (!/\.json(\.gz)?$/.test(name)) return undefined;
  if (name.startsWith('known_exploited_vulnerabilities')) return 'kev';
  if (/^nvdcve-2\.0-/.test(name)) return 'nvd';
  // an OSV record is small; a KEV catalogue or an NVD answer is recognised by its top-level keys
  let head: string;
  try {
    head = readMaybeGzip(file).subarray(0, 4096).toString('utf8');
  } catch {
    return undefined;
  }
  if (/"catalogVersion"\s*:/.test(head) && /"vulnerabilities"\s*:/.test(head)) return 'kev';
  if (/"format"\s*:\s*"NVD_CVE"/.test(head)) return 'nvd';
  return undefined;
}

/** Import one enrichment file into the store; records it as a source. */
export function importEnrichment(store: AdvisoryStore, file: string, kind: EnrichmentKind, now = new Date()): EnrichmentImport {
  const abs = resolve(file);
  if (kind === 'epss') {
    const csv = parseEpssCsv(readFileSync(file), { file });
    store.putEpss([...csv.entries.values()].map((e) => ({ cve: e.cve, epss: e.epss, percentile: e.percentile, date: e.date })));
    const detail = `${csv.entries.size} EPSS scores of ${csv.scoreDate}${csv.problems.length ? `, ${csv.problems.length} rows refused` : ''}`;
    store.setSource('epss', { updatedAt: now.toISOString(), detail: `${detail} (${abs})` });
    return { file, kind, detail };
  }
  const json = parseJson(readMaybeGzip(file).toString('utf8'), file);
  if (kind === 'kev') {
    const cat = parseKev(json, abs);
    store.putKev(cat.entries.map((e) => ({ cve: e.cveID, dateAdded: e.dateAdded, dueDate: e.dueDate, name: e.vulnerabilityName, knownRansomware: e.knownRansomwareCampaignUse })), cat.catalogVersion);
    const detail = `KEV catalogue ${cat.catalogVersion}: ${cat.entries.length} entries${cat.problems.length ? `, ${cat.problems.length} refused` : ''}`;
    store.setSource('kev', { updatedAt: now.toISOString(), detail: `${detail} (${abs})` });
    return { file, kind, detail };
  }
  const list = (json as { vulnerabilities?: unknown }).vulnerabilities;
  if (!Array.isArray(list)) throw new TureenError({ code: 'input.malformed', file, message: 'an NVD CVE document has a "vulnerabilities" list; this one has none', fix: 'Give an NVD API 2.0 answer or a 2.0 JSON data feed.' });
  const stats = store.putNvd(list.map((v) => (v as { cve?: unknown }).cve), `import:${abs}`);
  const detail = `${list.length} NVD CVE records: ${stats.added} added, ${stats.updated} updated, ${stats.unchanged} unchanged, ${stats.invalidCount} refused`;
  store.setSource(`nvd-import:${abs}`, { updatedAt: now.toISOString(), detail });
  return { file, kind, detail, stats };
}

/** `db update`: CISA's current KEV catalogue into the store. */
export async function updateKev(store: AdvisoryStore, client = new KevClient(), now = new Date()): Promise<string> {
  const cat = await client.fetch();
  store.putKev(cat.entries.map((e) => ({ cve: e.cveID, dateAdded: e.dateAdded, dueDate: e.dueDate, name: e.vulnerabilityName, knownRansomware: e.knownRansomwareCampaignUse })), cat.catalogVersion);
  const detail = `KEV catalogue ${cat.catalogVersion}: ${cat.entries.length} entries`;
  store.setSource('kev', { updatedAt: now.toISOString(), detail });
  return detail;
}
