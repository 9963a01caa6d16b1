import { copyExample } from '../../../test-support/example.js';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { sign } from '../../../register/sign.js';
import { sync } from '../../../register/sync.js';
import { buildReportData, type ReportData, type UnrecordedItem } from '../../data.js';

/**
 * Registers the report writers' tests run on: the example device synced offline (one record per SOUP item), with one
 * record filled by hand as a team would (a complete, signed class B record, so every section has content), and a
 * hostile variant whose register text tries to be markup, a formula, a Word field or a template command.
 */

export const DATE = '2026-11-26';

/** What hostile register text tries to do, one string per trick. */
export const HOSTILE = {
  script: '<script>alert(1)</script>',
  formula: '=HYPERLINK("http://x","y")',
  cdata: 'a]]>b',
  field: '{ MERGEFIELD x }',
  command: '{{ 6*7 }}',
  literalXml: '||<w:p><w:r><w:t>injected</w:t></w:r></w:p>||',
  /** BEL and an RTL override: invisible, they would ring a terminal or reorder what a reader sees */
  control: 'bell\u0007 rtl\u202Eevil',
  link: 'javascript:alert(1)',
  plus: '+SUM(1,2)',
  at: '@cmd',
  tab: '\t=1+1',
} as const;

function edit(dir: string, file: string, change: (r: Record<string, unknown>) => void): void {
  const path = join(dir, 'soup', file);
  const r = parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  change(r);
  writeFileSync(path, stringify(r));
}

async function synced(): Promise<string> {
  const dir = copyExample('tureen-report-');
  await sync(dir, { offline: true, today: DATE });
  return dir;
}

/** The fastify record, filled as a team would fill a class B record (then signed by the approver). */
function fillFastify(dir: string): void {
  edit(dir, 'npm-fastify.yaml', (r) => {
    const id = r.identification as Record<string, unknown>;
    Object.assign(id, { supplier: 'OpenJS Foundation', license: 'MIT', sourceUrl: 'https://github.com/fastify/fastify' });
    Object.assign(r, {
      safetyClass: 'B',
      safetyClassRationale: 'A failure of the HTTP layer can stop the clinician UI from showing the infusion state; the pump keeps its programmed rate and alarms locally, so the worst outcome is a delayed intervention (non-serious injury).',
      hazards: ['H-12', 'RC-31'],
      functionalRequirements: [
        { id: 'FR-FASTIFY-1', text: 'Routes GET /api/infusion/status to its handler and returns HTTP 200 with a JSON body within 2 s.' },
        { id: 'FR-FASTIFY-2', text: 'Rejects a request body larger than 16 KiB with HTTP 413 without calling the handler.' },
      ],
      performanceRequirements: [{ id: 'PR-FASTIFY-1', text: 'Serves 50 status requests per second with a 95th-percentile latency below 100 ms.' }],
      prerequisites: { hardware: ['ARMv8-A', '512 MiB RAM'], software: ['Node.js 22.12 LTS', 'Debian 12'] },
      verification: {
        approach: 'Black-box tests of the HTTP interface against a running service, in test/api/.',
        tests: [
          { requirement: 'FR-FASTIFY-1', test: 'status returns 200 within 2 s', location: 'test/api/status.test.ts', result: 'passed', date: '2026-11-20' },
          { requirement: 'FR-FASTIFY-2', test: 'oversized body gets 413', location: 'test/api/limits.test.ts', result: 'passed', date: '2026-11-20' },
          { requirement: 'PR-FASTIFY-1', test: 'status at 50 requests per second', location: 'test/perf/status.bench.ts', result: 'passed', date: '2026-11-20' },
        ],
      },
      anomalyReview: {
        version: '5.12.8', date: '2026-11-20', reviewer: 'A. Reviewer',
        sources: ['https://github.com/fastify/fastify/issues', 'release notes 5.0.0 to 5.12.8'],
        entries: [{ id: 'fastify/fastify#6001', title: 'example anomaly', url: 'https://github.com/fastify/fastify/issues/6001', relevant: false, impact: 'Concerns a plugin the device does not use.' }],
        conclusion: 'No open anomaly affects the device\'s use of fastify 5.12.8.',
      },
      vulnerabilityReview: {
        version: '5.12.8', date: '2026-11-20', reviewer: 'A. Reviewer', sources: ['OSV', 'NVD'],
        entries: [
          { id: 'GHSA-xxxx-yyyy-zzzz', aliases: ['CVE-2026-0001'], state: 'not_affected', justification: 'code_not_reachable', detail: 'The content-type parser concerned is not registered.', severity: 'high', reviewer: 'A. Reviewer', date: '2026-11-20' },
          { id: 'GHSA-aaaa-bbbb-cccc', state: 'resolved', detail: 'Fixed in the version shipped.', severity: 'medium', reviewer: 'A. Reviewer', date: '2026-11-20' },
        ],
        conclusion: 'No known vulnerability affects fastify 5.12.8 as the device uses it.',
      },
      surveillance: {
        owner: 'Software lead', method: 'OSV and GitHub advisories for npm, fastify release notes', frequency: 'P1M',
        triggers: ['new advisory for fastify', 'new major release'], updateStrategy: 'Update in the next maintenance release after the regression tests pass.',
      },
      support: { level: 'actively maintained' },
      securityCategory: 'maintained',
    });
  });
  sign(dir, 'npm/fastify', { role: 'reviewer', name: 'A. Reviewer', today: '2026-11-21' });
  sign(dir, 'npm/fastify', { role: 'approver', name: 'Q. Lead', today: '2026-11-22' });
}

/** The example register with the fastify record filled and signed; `data` built on it. */
export async function exampleRegister(): Promise<{ dir: string; data: ReportData }> {
  const dir = await synced();
  fillFastify(dir);
  return { dir, data: await buildReportData(dir, { date: DATE }) };
}

/**
 * The example register where three records (npm/ws, npm/zod, npm/pino) and one not-SOUP rationale hold hostile text in
 * every kind of field a document shows: names, supplier, licence, URLs, rationale, requirements, reviews, surveillance.
 */
export async function hostileRegister(): Promise<{ dir: string; data: ReportData }> {
  const dir = await synced();
  fillFastify(dir);
  edit(dir, 'npm-ws.yaml', (r) => {
    Object.assign(r.identification as object, { name: HOSTILE.script, supplier: HOSTILE.formula, license: HOSTILE.cdata, sourceUrl: HOSTILE.link, homepage: 'https://example.com/"><script>alert(2)</script>' });
    Object.assign(r, {
      safetyClass: 'B',
      safetyClassRationale: `${HOSTILE.script} ${HOSTILE.field} ${HOSTILE.control}`,
      functionalRequirements: [{ id: 'FR-<b>1</b>', text: `${HOSTILE.formula} and ${HOSTILE.command}` }],
      anomalyReview: { version: '8.23.0', sources: [HOSTILE.link], entries: [{ id: HOSTILE.script, title: HOSTILE.literalXml, url: HOSTILE.link }] },
      vulnerabilityReview: { version: '8.23.0', sources: ['OSV'], entries: [{ id: 'GHSA-1', state: 'in_triage', severity: 'critical', detail: HOSTILE.cdata, mitigation: HOSTILE.script }] },
      surveillance: { owner: HOSTILE.command, method: HOSTILE.literalXml },
    });
  });
  edit(dir, 'npm-zod.yaml', (r) => {
    Object.assign(r.identification as object, { name: HOSTILE.formula, supplier: HOSTILE.field, license: HOSTILE.plus });
    Object.assign(r, { safetyClassRationale: HOSTILE.literalXml });
  });
  edit(dir, 'npm-pino.yaml', (r) => {
    Object.assign(r.identification as object, { name: HOSTILE.control, supplier: HOSTILE.at, license: HOSTILE.tab });
    Object.assign(r, { safetyClassRationale: HOSTILE.command });
  });
  const data = await buildReportData(dir, { date: DATE });
  // not-SOUP rows come from the scan (package names npm would refuse to install): hostile text goes in directly
  const first = data.notSoup[0];
  if (first) Object.assign(first, { rationale: `${HOSTILE.script} ${HOSTILE.formula}`, evidence: HOSTILE.literalXml });
  return { dir, data };
}

/** A SOUP component no record covers (a dependency added after the last sync), for the writers' gap lists. */
export const UNRECORDED: UnrecordedItem = {
  name: 'left-pad', version: '1.3.0', ecosystem: 'npm', purl: 'pkg:npm/left-pad@1.3.0', kind: 'library', branch: 'off-the-shelf',
  scope: 'runtime', evidence: 'package-lock.json:12',
};

/** The register with UNRECORDED found by the scan but not yet synced. */
export const withUnrecorded = (d: ReportData): ReportData => ({ ...d, unrecorded: [UNRECORDED], summary: { ...d.summary, unrecorded: 1 } });
