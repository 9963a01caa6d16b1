import { HttpClient, RegistryError } from '../../net/http.js';
import { malformed } from '../../model/errors.js';
import { KevEnvelope, KevVulnerability } from './schema.js';

/**
 * CISA's Known Exploited Vulnerabilities catalogue: which CVEs are exploited in the wild, with CISA's required
 * action and due date. One JSON file, fetched whole (about 1.5 MB) or read from a copy for air-gapped use.
 */

/** The folder CISA serves the feed from; cisagov/kev-data on GitHub serves the same file name. */
export const KEV_BASE = 'https://www.cisa.gov/sites/default/files/feeds';
export const KEV_FILE = 'known_exploited_vulnerabilities.json';

export interface KevEntry {
  cveID: string;
  vendorProject: string;
  product: string;
  vulnerabilityName: string;
  /** YYYY-MM-DD */
  dateAdded: string;
  shortDescription: string;
  requiredAction: string;
  /** YYYY-MM-DD: the date US federal agencies must act by */
  dueDate: string;
  /** as CISA writes it: "Known" | "Unknown" ("Unknown" when the catalogue omits it) */
  knownRansomwareCampaignUse: string;
  /** true when CISA knows of ransomware campaigns using it */
  ransomware: boolean;
  notes: string;
  cwes: string[];
}

/** An entry left out: its index in `vulnerabilities`, its CVE id when readable, what was wrong. */
export interface KevProblem {
  index?: number;
  cveID?: string;
  message: string;
}

export interface KevCatalog {
  catalogVersion: string;
  dateReleased: string;
  /** the count CISA states */
  count: number;
  entries: KevEntry[];
  /** by CVE id (a Map: ids are data) */
  byCve: Map<string, KevEntry>;
  problems: KevProblem[];
  /** where it was read from */
  source: string;
  /** when it was fetched (fetchKev), absent for parseKev */
  fetchedAt?: string;
}

/**
 * Read a catalogue already parsed from JSON. The envelope (catalogVersion, dateReleased, count, vulnerabilities)
 * must fit or the whole catalogue is refused (TureenError input.malformed naming `source`); an entry that does not
 * fit is left out and listed in `problems`, as is a repeated CVE id and a count that disagrees.
 */
export function parseKev(json: unknown, source: string): KevCatalog {
  const env = KevEnvelope.safeParse(json);
  if (!env.success) {
    const issue = env.error.issues[0];
    throw malformed(source, `not a CISA KEV catalogue (${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'})`, undefined,
      'Use the catalogue CISA publishes (known_exploited_vulnerabilities.json) or a byte-for-byte copy of it.');
  }
  const entries: KevEntry[] = [];
  const byCve = new Map<string, KevEntry>();
  const problems: KevProblem[] = [];
  env.data.vulnerabilities.forEach((raw, index) => {
    const r = KevVulnerability.safeParse(raw);
    if (!r.success) {
      const issue = r.error.issues[0];
      const cveID = typeof raw === 'object' && raw !== null && typeof (raw as { cveID?: unknown }).cveID === 'string' ? (raw as { cveID: string }).cveID : undefined;
      problems.push({ index, ...(cveID ? { cveID } : {}), message: `${issue?.path.join('.') || '(entry)'}: ${issue?.message ?? 'invalid'}` });
      return;
    }
    const v = r.data;
    if (byCve.has(v.cveID)) {
      problems.push({ index, cveID: v.cveID, message: 'listed twice; the first entry is kept' });
      return;
    }
    const ransom = v.knownRansomwareCampaignUse ?? 'Unknown';
    const entry: KevEntry = {
      cveID: v.cveID,
      vendorProject: v.vendorProject,
      product: v.product,
      vulnerabilityName: v.vulnerabilityName,
      dateAdded: v.dateAdded,
      shortDescription: v.shortDescription,
      requiredAction: v.requiredAction,
      dueDate: v.dueDate,
      knownRansomwareCampaignUse: ransom,
      ransomware: ransom.trim().toLowerCase() === 'known',
      notes: v.notes ?? '',
      cwes: v.cwes ?? [],
    };
    entries.push(entry);
    byCve.set(entry.cveID, entry);
  });
  if (env.data.count !== env.data.vulnerabilities.length) {
    problems.push({ message: `the catalogue says count ${env.data.count} but lists ${env.data.vulnerabilities.length} vulnerabilities` });
  }
  return { catalogVersion: env.data.catalogVersion, dateReleased: env.data.dateReleased, count: env.data.count, entries, byCve, problems, source };
}

export interface KevOptions {
  http?: HttpClient;
  /** The folder holding known_exploited_vulnerabilities.json. Default CISA's feed folder. */
  baseUrl?: string;
  now?: () => Date;
}

export class KevClient {
  private readonly http: HttpClient;
  private readonly url: string;
  private readonly now: () => Date;

  constructor(opts: KevOptions = {}) {
    // one request per run: no pacing needed, but the file is large for a JSON API
    this.http = opts.http ?? new HttpClient({ service: 'CISA KEV', concurrency: 1, maxBytes: 64 * 1024 * 1024 });
    this.url = `${(opts.baseUrl ?? KEV_BASE).replace(/\/+$/, '')}/${KEV_FILE}`;
    this.now = opts.now ?? (() => new Date());
  }

  /** Fetch and parse the catalogue. A missing file (404) is an error: there is always a catalogue. */
  async fetch(): Promise<KevCatalog> {
    const res = await this.http.getJson(this.url);
    if (!res) throw new RegistryError({ kind: 'http', url: this.url, status: 404, message: 'CISA KEV answered 404: the catalogue is not at this URL' });
    try {
      return { ...parseKev(res.json, this.url), fetchedAt: this.now().toISOString() };
    } catch (e) {
      throw new RegistryError({ kind: 'malformed', url: this.url, message: (e as Error).message, cause: e });
    }
  }
}
