import { Osv, type OsvSeverity } from '../osv/schema.js';
import type { NvdCve, NvdMetric } from './schema.js';

/**
 * An NVD CVE in the shape of an OSV record, so that a CVE found through a CPE is reported like an OSV finding:
 * id, summary, CVSS vectors, dates, references. There is no `affected`: NVD states applicability as CPE
 * configurations (see cpeAffects), not as package ranges.
 */

/** NVD's date-times carry no zone ("2021-12-10T10:15:09.143") and are UTC; OSV wants RFC 3339 with one. */
export function nvdTime(t: string): string {
  const s = t.trim();
  return /(?:Z|[+-]\d{2}:?\d{2})$/i.test(s) ? s : `${s}Z`;
}

/** The metric to report from a list: NVD's own (Primary) before a CNA's or another source's (Secondary). */
function primary(list: NvdMetric[] | undefined): NvdMetric | undefined {
  return list?.find((m) => m.type === 'Primary') ?? list?.[0];
}

/** NVD reference tags → OSV reference types (https://ossf.github.io/osv-schema/#references-field). */
const REFERENCE_TYPES: ReadonlyArray<[tag: string, type: string]> = [
  ['Patch', 'FIX'],
  ['Vendor Advisory', 'ADVISORY'],
  ['Third Party Advisory', 'ADVISORY'],
  ['US Government Resource', 'ADVISORY'],
  ['Issue Tracking', 'REPORT'],
  ['Exploit', 'EVIDENCE'],
  ['Release Notes', 'WEB'],
  ['Mailing List', 'DISCUSSION'],
  ['Technical Description', 'ARTICLE'],
  ['Product', 'PACKAGE'],
];

function referenceType(tags: readonly string[] | undefined): string {
  for (const [tag, type] of REFERENCE_TYPES) if (tags?.includes(tag)) return type;
  return 'WEB';
}

/**
 * The CVE as an OSV record: `id` the CVE id, `aliases` [], `summary` the English description, `severity` one
 * vector per CVSS version present (4.0, 3.1 — else 3.0 —, 2.0; NVD's own before a secondary source's),
 * `published`/`modified` in RFC 3339, `references` typed from NVD's tags, `withdrawn` when NVD rejected the CVE,
 * and `database_specific` with NVD's status, its CWE ids and the NVD page. The result passes the OSV schema.
 */
export function nvdToOsvLike(cve: NvdCve): Osv {
  const english = cve.descriptions.find((d) => d.lang === 'en') ?? cve.descriptions.find((d) => d.lang.startsWith('en'));
  const m = cve.metrics;
  const severity: OsvSeverity[] = [];
  const v40 = primary(m?.cvssMetricV40);
  const v3 = primary(m?.cvssMetricV31) ?? primary(m?.cvssMetricV30);
  const v2 = primary(m?.cvssMetricV2);
  if (v40) severity.push({ type: 'CVSS_V4', score: v40.cvssData.vectorString });
  if (v3) severity.push({ type: 'CVSS_V3', score: v3.cvssData.vectorString });
  if (v2) severity.push({ type: 'CVSS_V2', score: v2.cvssData.vectorString });
  const cwes = [...new Set((cve.weaknesses ?? []).flatMap((w) => w.description.map((d) => d.value)).filter((v) => /^CWE-\d+$/.test(v)))];
  const modified = nvdTime(cve.lastModified);
  const record = {
    id: cve.id,
    modified,
    published: nvdTime(cve.published),
    ...(cve.vulnStatus === 'Rejected' ? { withdrawn: modified } : {}),
    aliases: [],
    ...(english ? { summary: english.value } : {}),
    ...(severity.length ? { severity } : {}),
    references: cve.references.map((r) => ({ type: referenceType(r.tags), url: r.url })),
    database_specific: {
      source: 'NVD',
      url: `https://nvd.nist.gov/vuln/detail/${cve.id}`,
      ...(cve.vulnStatus ? { vulnStatus: cve.vulnStatus } : {}),
      ...(cwes.length ? { cwe_ids: cwes } : {}),
    },
  };
  // the NVD schema already held; this keeps the promise that the result is a valid OSV record
  return Osv.parse(record);
}
