import { z } from 'zod';

/**
 * NVD's CVE API 2.0 answer (https://nvd.nist.gov/developers/vulnerabilities), after NVD's JSON schema
 * "cve_api_json_2.0" (titled "JSON Schema for NVD Vulnerability Data API version 2.2.2"): the fields Tureen reads,
 * with the constraints the schema states. Unknown fields are dropped. Sizes are capped so that a hostile answer
 * cannot make one record enormous.
 */

export const CveIdPattern = /^CVE-\d{4}-\d{4,19}$/;

const LangString = z.object({ lang: z.string().max(20), value: z.string().max(65_536) });

const CvssData = z.object({
  version: z.string().max(10),
  vectorString: z.string().max(400),
  baseScore: z.number().min(0).max(10),
  baseSeverity: z.string().max(20).optional(),
});

const Metric = z.object({
  source: z.string().max(500),
  /** Primary: the NVD's own assessment (or the CNA's when NVD made none); Secondary: another source's */
  type: z.enum(['Primary', 'Secondary']),
  cvssData: CvssData,
  /** 2.0 carries its rating here, 3.x/4.0 in cvssData */
  baseSeverity: z.string().max(20).optional(),
  exploitabilityScore: z.number().optional(),
  impactScore: z.number().optional(),
});
export type NvdMetric = z.infer<typeof Metric>;

export const NvdCpeMatch = z.object({
  vulnerable: z.boolean(),
  /** a CPE 2.3 match string: cpe:2.3:part:vendor:product:version:… with * and - and escapes */
  criteria: z.string().max(2000),
  matchCriteriaId: z.string().max(100).optional(),
  versionStartIncluding: z.string().max(200).optional(),
  versionStartExcluding: z.string().max(200).optional(),
  versionEndIncluding: z.string().max(200).optional(),
  versionEndExcluding: z.string().max(200).optional(),
});
export type NvdCpeMatch = z.infer<typeof NvdCpeMatch>;

export const NvdNode = z.object({
  operator: z.enum(['AND', 'OR']),
  negate: z.boolean().optional(),
  cpeMatch: z.array(NvdCpeMatch).max(50_000),
});
export type NvdNode = z.infer<typeof NvdNode>;

export const NvdConfiguration = z.object({
  /** absent for a single node; AND for "running on/with" configurations */
  operator: z.enum(['AND', 'OR']).optional(),
  negate: z.boolean().optional(),
  nodes: z.array(NvdNode).max(1000),
});
export type NvdConfiguration = z.infer<typeof NvdConfiguration>;

const Reference = z.object({ url: z.string().max(2000), source: z.string().max(500).optional(), tags: z.array(z.string().max(100)).max(100).optional() });

const Weakness = z.object({ source: z.string().max(500), type: z.string().max(50), description: z.array(LangString).max(100) });

export const NvdCve = z.object({
  id: z.string().regex(CveIdPattern, 'expected a CVE id'),
  sourceIdentifier: z.string().max(500).optional(),
  /** "Analyzed", "Modified", "Awaiting Analysis", "Rejected" … */
  vulnStatus: z.string().max(100).optional(),
  /** NVD writes local date-times without a zone ("2021-12-10T10:15:09.143"); they are UTC */
  published: z.string().max(40),
  lastModified: z.string().max(40),
  descriptions: z.array(LangString).max(100),
  references: z.array(Reference).max(10_000),
  metrics: z
    .object({
      cvssMetricV40: z.array(Metric).max(50).optional(),
      cvssMetricV31: z.array(Metric).max(50).optional(),
      cvssMetricV30: z.array(Metric).max(50).optional(),
      cvssMetricV2: z.array(Metric).max(50).optional(),
    })
    .optional(),
  weaknesses: z.array(Weakness).max(100).optional(),
  configurations: z.array(NvdConfiguration).max(1000).optional(),
  cisaExploitAdd: z.string().max(20).optional(),
  cisaActionDue: z.string().max(20).optional(),
  cisaRequiredAction: z.string().max(2000).optional(),
  cisaVulnerabilityName: z.string().max(500).optional(),
});
export type NvdCve = z.infer<typeof NvdCve>;

/** The envelope of one page. `vulnerabilities` is read entry by entry so a bad record can be named. */
export const NvdPage = z.object({
  resultsPerPage: z.number().int().min(0),
  startIndex: z.number().int().min(0),
  totalResults: z.number().int().min(0),
  format: z.string(),
  version: z.string(),
  timestamp: z.string(),
  vulnerabilities: z.array(z.unknown()).max(10_000),
});

/** Parse one CVE record (an NVD answer's `vulnerabilities[].cve`, or one kept by the store); never throws. */
export function parseNvdCve(raw: unknown): { ok: true; cve: NvdCve } | { ok: false; id?: string; path: string; message: string } {
  const r = NvdCve.safeParse(raw);
  if (r.success) return { ok: true, cve: r.data };
  const issue = r.error.issues[0];
  const id = typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'string' ? (raw as { id: string }).id : undefined;
  return { ok: false, ...(id ? { id } : {}), path: issue?.path.map(String).join('.') || '(root)', message: issue?.message ?? 'not an NVD CVE record' };
}
