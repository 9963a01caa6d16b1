import { z } from 'zod';
import { Evidence, Hash, Origin, Scope } from '../model/component.js';
import { Branch, Kind } from '../model/classification.js';
import { Finding } from '../model/finding.js';
import type { Inventory } from '../model/inventory.js';
import { licenseText } from '../util/license.js';

/**
 * The `--format json` document. A public contract read by CI jobs and outside checks:
 * fields may be added, never renamed or removed. Its JSON Schema is generated from this zod schema
 * (`tureen schema scan-output`).
 */
export const ScanOutputComponent = z.object({
  key: z.string(),
  name: z.string(),
  version: z.string(),
  ecosystem: z.string(),
  purl: z.string(),
  scope: Scope,
  direct: z.boolean(),
  soup: z.boolean(),
  branch: Branch,
  kind: Kind,
  rule: z.string(),
  rationale: z.string(),
  override: z.object({ match: z.string(), reason: z.string(), file: z.string() }).optional(),
  licenses: z.array(z.string()).describe('SPDX expressions, or the declared licence name when it is not SPDX'),
  supplier: z.string().optional(),
  hashes: z.array(Hash),
  origin: Origin,
  firstParty: z.boolean(),
  evidence: z.array(Evidence),
  paths: z.array(z.array(z.string())),
  dependencies: z.array(z.string()),
  sourceName: z.string().optional().describe('the source package it was built from (Debian/Alpine), when it differs'),
  cpe: z.string().optional(),
  description: z.string().optional(),
  properties: z.array(z.object({ name: z.string(), value: z.string() })).optional(),
});

export const ScanOutput = z.object({
  tool: z.object({ name: z.string(), version: z.string() }),
  timestamp: z.string(),
  root: z.string(),
  config: z.string().optional().describe('the config file read, relative to the scanned folder'),
  summary: z.object({
    components: z.number().int(),
    soup: z.number().int(),
    notSoup: z.number().int(),
    problems: z.number().int(),
  }),
  components: z.array(ScanOutputComponent),
  findings: z.array(Finding),
  files: z.array(z.object({
    file: z.string(),
    source: z.string(),
    components: z.number().int(),
    ms: z.number(),
    read: z.number().int().optional().describe('for a whole-repository source (file "."): how many files it read'),
    error: z.object({ message: z.string(), fix: z.string(), line: z.number().optional(), column: z.number().optional(), key: z.string().optional() }).optional(),
  })),
});
export type ScanOutput = z.infer<typeof ScanOutput>;

export function toScanOutput(inv: Inventory): ScanOutput {
  const soup = inv.components.filter((c) => c.classification.soup).length;
  return {
    tool: inv.tool,
    timestamp: inv.timestamp,
    root: inv.root,
    ...(inv.configFile ? { config: inv.configFile } : {}),
    summary: {
      components: inv.components.length,
      soup,
      notSoup: inv.components.length - soup,
      problems: inv.findings.filter((f) => f.severity === 'error').length,
    },
    components: inv.components.map((c) => ({
      key: c.key,
      name: c.name,
      version: c.version,
      ecosystem: c.ecosystem,
      purl: c.purl,
      scope: c.scope,
      direct: c.direct,
      soup: c.classification.soup,
      branch: c.classification.branch,
      kind: c.classification.kind,
      rule: c.classification.rule,
      rationale: c.classification.rationale,
      ...(c.classification.override ? { override: c.classification.override } : {}),
      licenses: c.licenses.map(licenseText),
      ...(c.supplier ? { supplier: c.supplier } : {}),
      hashes: c.hashes,
      origin: c.origin,
      firstParty: c.firstParty,
      evidence: c.evidence,
      paths: c.paths,
      dependencies: c.dependencies,
      ...(c.sourceName ? { sourceName: c.sourceName } : {}),
      ...(c.cpe ? { cpe: c.cpe } : {}),
      ...(c.description ? { description: c.description } : {}),
      ...(c.properties?.length ? { properties: c.properties } : {}),
    })),
    findings: inv.findings,
    files: inv.files,
  };
}

export function toJson(inv: Inventory): string {
  return `${JSON.stringify(toScanOutput(inv), null, 2)}\n`;
}
