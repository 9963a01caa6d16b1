import { z } from 'zod';
import { Kind } from './classification.js';
import { SafetyClass } from './record.js';

/** One classification override: which components it matches, what it decides, and why. */
export const OverrideRule = z.object({
  match: z.string().min(1).describe('package name, glob with * (e.g. "@vitejs/*"), or a purl prefix (e.g. "pkg:npm/react@18")'),
  ecosystem: z.string().optional().describe('restrict to one OSV ecosystem, e.g. npm'),
  version: z.string().optional().describe('restrict to one exact version'),
  file: z.string().optional().describe('restrict to components evidenced by a file matching this glob, e.g. "ui/**"'),
  scope: z.enum(['runtime', 'optional', 'development', 'test', 'build']).optional().describe('restrict to components of this scope'),
  soup: z.boolean(),
  kind: Kind.optional(),
  branch: z.enum(['off-the-shelf', 'no-records']).nullable().optional(),
  reason: z.string().min(1).describe('why: it shows in every output next to the decision'),
}).strict();
export type OverrideRule = z.infer<typeof OverrideRule>;

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD').refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'not a calendar date');

/** An item no file shows: a commercial SDK, BSP, RTOS, cloud service, subcontractor module or hardware firmware. */
export const DeclaredItem = z.object({
  name: z.string().min(1),
  version: z.string().min(1).describe('the exact version (no ranges): the unit of assessment'),
  kind: Kind.exclude(['first-party', 'tool', 'legacy-code']).default('commercial-sdk'),
  supplier: z.string().optional(),
  license: z.string().optional().describe('SPDX expression, or the licence name (e.g. "LicenseRef-Proprietary")'),
  purl: z.string().optional(),
  cpe: z.string().optional().describe('CPE 2.3 name, for NVD vulnerability matching'),
  url: z.string().optional().describe('vendor or download page'),
  description: z.string().optional(),
  paths: z.array(z.string()).optional().describe('where it lives in the repository, if anywhere (globs)'),
  firmware: z.boolean().optional().describe('true: firmware inside a hardware component that the device software cannot call (not SOUP; say why in reason)'),
  contract: z.object({
    reference: z.string().min(1).describe('the contract or agreement id'),
    iec62304Records: z.boolean().describe('true only when the supplier develops under IEC 62304 AND the contract gives you access to their development records'),
    note: z.string().optional(),
  }).strict().optional(),
  reason: z.string().optional().describe('why it is in the device / why it is (not) SOUP'),
}).strict();
export type DeclaredItem = z.infer<typeof DeclaredItem>;

/** First-party code without adequate IEC 62304 records: older than the QMS, acquired, or ported. */
export const LegacyItem = z.object({
  path: z.string().min(1).describe('repository-relative folder or file (no globs)'),
  name: z.string().optional().describe('display name; defaults to the path'),
  origin: z.string().optional().describe('for ported code: where it comes from (product, version, organisation)'),
  reason: z.string().min(1).describe('why it has no adequate records'),
}).strict();
export type LegacyItem = z.infer<typeof LegacyItem>;

/** An ISO 8601 duration in whole days, weeks, months or years (P1M, P3M, P1Y, P2W, P30D): how often something recurs. */
export const Frequency = z.string()
  .regex(/^P(?=\d)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?$/, 'an ISO 8601 duration such as P1M (monthly), P3M (quarterly), P6M, P1Y, P2W or P30D')
  .refine((d) => /[1-9]/.test(d), 'a duration longer than zero');
export type Frequency = z.infer<typeof Frequency>;

/** A surveillance plan's defaults: how often each SOUP item is re-reviewed (anomalies, vulnerabilities), by whom, how. */
export const SurveillanceDefaults = z.object({
  frequency: Frequency.optional().describe('how often each item\'s anomaly and vulnerability reviews are redone, as an ISO 8601 duration: P1M monthly, P3M quarterly, P1Y yearly'),
  owner: z.string().min(1).optional().describe('who monitors the items (a role or a person)'),
  method: z.string().min(1).optional().describe('how they are monitored, e.g. "OSV/NVD feeds and the project\'s release notes"'),
}).strict();
export type SurveillanceDefaults = z.infer<typeof SurveillanceDefaults>;

/** What a new SOUP record of one kind starts with, when it differs from the defaults for every item. */
export const KindDefaults = z.object({
  safetyClass: SafetyClass.optional().describe('the safety class new records of this kind start with'),
  surveillance: SurveillanceDefaults.optional(),
}).strict();
export type KindDefaults = z.infer<typeof KindDefaults>;

/** Where SOUP records live and how transitive items are grouped. */
export const RECORD_GROUPING = ['each', 'by-direct-parent'] as const;
export const DEFAULT_RECORDS_FOLDER = 'soup';
export const DEFAULT_GROUPING = 'each' satisfies (typeof RECORD_GROUPING)[number];

const RecordsFolder = z.string().min(1)
  .refine((p) => !/^([/\\]|[A-Za-z]:)/.test(p), 'a path relative to the repository root, not an absolute one')
  .refine((p) => !p.split(/[/\\]/).includes('..'), 'a folder inside the repository (no "..")')
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  .refine((p) => !/[\u0000-\u001f\u007f]/.test(p), 'no control characters');

/** Licences the device may ship: `check` reports a denied licence as an error, and anything not allowed (when `allow` is given) as a warning. */
export const LicensePolicy = z.object({
  deny: z.array(z.string().min(1)).optional().describe('SPDX licence ids that must not ship: an item that can only be used under one of them is an error'),
  allow: z.array(z.string().min(1)).optional().describe('SPDX licence ids accepted without review: when given, an item whose licence is not allowed is a warning'),
}).strict();
export type LicensePolicy = z.infer<typeof LicensePolicy>;

const RegistryUrl = z.string().url().refine((u) => /^https?:\/\//i.test(u), 'an http(s) URL');

/** Registry mirrors (Artifactory, Nexus, a proxy of the public registry): where sync asks for each ecosystem's metadata. */
export const Registries = z.object({
  npm: RegistryUrl.optional().describe('npm registry base, default https://registry.npmjs.org'),
  PyPI: RegistryUrl.optional().describe('PyPI JSON API base, default https://pypi.org/pypi'),
  'crates.io': RegistryUrl.optional().describe('crates.io API base, default https://crates.io/api/v1'),
  Maven: RegistryUrl.optional().describe('Maven repository base, default https://repo1.maven.org/maven2'),
  NuGet: RegistryUrl.optional().describe('NuGet registration base, default https://api.nuget.org/v3/registration5-gz-semver2'),
  Packagist: RegistryUrl.optional().describe('Composer 2 metadata base, default https://repo.packagist.org/p2'),
  RubyGems: RegistryUrl.optional().describe('RubyGems API v2 base, default https://rubygems.org/api/v2'),
  Go: RegistryUrl.optional().describe('Go module proxy, default https://proxy.golang.org'),
}).strict();
export type Registries = z.infer<typeof Registries>;

export const Config = z.object({
  device: z.object({
    name: z.string().optional(),
    version: z.string().optional(),
    manufacturer: z.string().optional(),
  }).strict().optional(),
  records: z.object({
    folder: RecordsFolder.optional().describe(`the folder, relative to the repository root, that holds one YAML record per SOUP item (default "${DEFAULT_RECORDS_FOLDER}")`),
    grouping: z.enum(RECORD_GROUPING).optional().describe(`each (default): every SOUP item, transitive ones included, gets its own record; by-direct-parent: a transitive item without its own record is listed under the record of the direct dependency that pulls it in and inherits its class, requirements and surveillance`),
  }).strict().optional().describe('the SOUP register: where records live, how transitive items are grouped'),
  defaults: z.object({
    safetyClass: SafetyClass.optional().describe('the software safety class a new SOUP record starts with (IEC 62304): A no injury possible, B non-serious injury possible, C death or serious injury possible'),
    surveillance: SurveillanceDefaults.optional().describe('the surveillance plan a new SOUP record starts with'),
    kinds: z.partialRecord(Kind, KindDefaults).optional().describe('per kind of item (os-package, ml-model, library …): values that replace the defaults above for records of that kind'),
  }).strict().optional().describe('what new SOUP records start with; a person edits each record afterwards'),
  scan: z.object({
    exclude: z.array(z.string()).optional().describe('extra gitignore-style patterns to skip'),
  }).strict().optional(),
  overrides: z.array(OverrideRule).optional(),
  qms: z.object({
    effectiveDate: IsoDate.optional().describe('the date your IEC 62304 process took effect: older first-party code is a branch-2 (no records) candidate'),
  }).passthrough().optional(),
  declared: z.array(DeclaredItem).optional().describe('items no file shows: commercial SDKs, BSPs, RTOS, cloud services, subcontractor modules, hardware firmware'),
  legacy: z.array(LegacyItem).optional().describe('first-party code developed without IEC 62304 records (legacy, acquired, ported): branch-2 SOUP'),
  licensePolicy: LicensePolicy.optional(),
  report: z.object({
    documentId: z.string().min(1).optional().describe('the document id printed on every page of the reports (default SOUP-<DEVICE NAME>)'),
    revision: z.string().min(1).optional().describe('the document revision (default 1)'),
    title: z.string().min(1).optional().describe('the document title (default "SOUP register")'),
  }).strict().optional().describe('what `tureen report` prints on the documents'),
  anomalies: z.object({
    gitlabHosts: z.array(z.string().regex(/^[A-Za-z0-9.-]+(:\d+)?$/, 'a host name, e.g. gitlab.example.com')).optional().describe('self-hosted GitLab servers: source URLs on these hosts are read as GitLab projects'),
    githubHosts: z.array(z.string().regex(/^[A-Za-z0-9.-]+(:\d+)?$/, 'a host name, e.g. github.example.com')).optional().describe('GitHub Enterprise Server hosts: source URLs on these hosts are read as GitHub repositories, asked through https://<host>/api/v3'),
  }).strict().optional().describe('where `tureen anomalies` and `tureen monitor` look for known anomalies'),
  registries: Registries.optional().describe('registry mirrors sync asks for public metadata (supplier, licence, source, release date, prerequisites) instead of the public registries'),
}).passthrough();
export type Config = z.infer<typeof Config>;
