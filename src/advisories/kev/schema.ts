import { z } from 'zod';

/**
 * CISA's Known Exploited Vulnerabilities catalogue, after its published JSON schema
 * (cisagov/kev-data, known_exploited_vulnerabilities_schema.json). The envelope is parsed as a whole; each
 * vulnerability on its own, so that one bad entry does not hide the other thousand.
 */

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');

export const KevEnvelope = z.object({
  title: z.string().optional(),
  catalogVersion: z.string().min(1),
  /** date-time of the release, e.g. 2025-02-25T20:33:53.3676Z */
  dateReleased: z.string().min(1),
  count: z.number().int().min(0),
  vulnerabilities: z.array(z.unknown()).max(1_000_000),
});

export const KevVulnerability = z.object({
  cveID: z.string().regex(/^CVE-\d{4}-\d{4,19}$/, 'expected a CVE id'),
  vendorProject: z.string(),
  product: z.string(),
  vulnerabilityName: z.string(),
  dateAdded: date,
  shortDescription: z.string(),
  requiredAction: z.string(),
  dueDate: date,
  /** "Known" when CISA knows of ransomware campaigns using it, "Unknown" otherwise (not in the oldest catalogues) */
  knownRansomwareCampaignUse: z.string().optional(),
  notes: z.string().optional(),
  /** added to the schema in 2024; absent from older catalogues */
  cwes: z.array(z.string().regex(/^CWE-\d+$/, 'expected CWE-<number>')).optional(),
});
export type KevVulnerability = z.infer<typeof KevVulnerability>;
