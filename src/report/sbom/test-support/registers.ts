import { copyExample } from '../../../test-support/example.js';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { recordContentHash } from '../../../check/hash.js';
import { SoupRecord } from '../../../model/record.js';
import { sync } from '../../../register/sync.js';
import { buildReportData, type ReportData } from '../../data.js';
import type { VulnerabilityEntry } from '../common.js';

/**
 * The registers the SBOM writers are tested on: the example device (examples/infusion-pump) synced offline, with the
 * ws record filled by hand as a team would (a complete class B record, approved over its content) and holding one
 * vulnerability entry in every analysis state; and a hostile one whose names, supplier, device, document and record
 * text carry markup, spreadsheet formulas, CDATA ends, Word field codes, control characters and RTL marks.
 */

export const DATE = '2026-11-26';
export const WS_FILE = 'soup/npm-ws.yaml';

/** The hand-written assessments of ws 8.23.0 (ids of the first entry real, the others made up for the test). */
export const WS_ENTRIES: VulnerabilityEntry[] = [
  {
    // the real advisory (test/fixtures/corpus/advisories/GHSA-3h5v-q93c-6h6q.json): fixed in 8.17.1, so 8.23.0 is not affected
    id: 'GHSA-3h5v-q93c-6h6q', aliases: ['CVE-2024-37890'], state: 'resolved', response: ['update'],
    detail: '8.23.0 contains the fix released in 8.17.1.', severity: 'high', cvss: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H',
    summary: 'ws affected by a DoS when handling a request with many HTTP headers', fixedIn: ['8.17.1', '7.5.10'],
    reviewer: 'A. Reviewer', date: '2026-11-20',
  },
  {
    id: 'CVE-2026-10001', state: 'not_affected', justification: 'code_not_reachable',
    detail: 'The device never calls the permessage-deflate extension: it is disabled in src/ws.ts.',
    severity: 'medium', cvss: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L', reviewer: 'A. Reviewer', date: '2026-11-20',
  },
  {
    id: 'GHSA-9wv6-86v2-598j', aliases: ['CVE-2026-10002'], state: 'exploitable', response: ['workaround_available', 'update'],
    detail: 'Reachable from the clinician network before authentication.',
    mitigation: 'Port 8443 is closed on the device firewall until the update to 8.24.0 ships in release 2.4.1.',
    severity: 'critical', cvss: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', kev: true, fixedIn: ['8.24.0'],
    reviewer: 'A. Reviewer', date: '2026-11-21',
  },
  { id: 'CVE-2026-10003', state: 'in_triage', summary: 'Memory growth on fragmented frames', severity: 'unknown' },
  {
    id: 'CVE-2026-10004', state: 'false_positive', detail: 'The advisory concerns the unrelated "ws" command-line tool, not the npm package.',
    severity: 'low', reviewer: 'A. Reviewer', date: '2026-11-20', source: 'supplier VEX (websockets/ws)',
  },
  {
    id: 'CVE-2026-10005', state: 'not_affected', justification: 'requires_configuration',
    detail: 'Only with the maxPayload option unset; the device sets it to 16 KiB.', reviewer: 'A. Reviewer', date: '2026-11-20',
  },
  { id: 'CVE-2026-10006', state: 'not_affected', detail: 'The affected API is not used by the device.', reviewer: 'A. Reviewer', date: '2026-11-20' },
  // an entry about another version: says nothing about the version shipped, so no document states it
  { id: 'CVE-2026-19999', state: 'exploitable', version: '8.22.0', mitigation: 'Upgrade.' },
];

/** A complete class B record for ws 8.23.0, on top of what sync wrote (identification, evidence, classification). */
function fillWs(synced: Record<string, unknown>, text: (s: string) => string = (s) => s): SoupRecord {
  const human = {
    safetyClass: 'B',
    safetyClassRationale: text('A failure of the WebSocket channel stops the clinician display from updating; the pump keeps its programmed rate and alarms locally (non-serious injury).'),
    hazards: ['H-12', text('RC-31')],
    functionalRequirements: [{ id: 'FR-WS-1', text: text('Delivers each infusion status message to every connected display within 500 ms of the pump state change.') }],
    performanceRequirements: [{ id: 'PR-WS-1', text: text('Sustains 20 connected displays with 10 messages per second each on the compute module.') }],
    prerequisites: { hardware: ['ARMv8-A', '512 MiB RAM'], software: ['Node.js 22.12 LTS'] },
    verification: {
      approach: text('Black-box tests of the WebSocket interface against the running service, in test/ws/.'),
      tests: [
        { requirement: 'FR-WS-1', test: 'status reaches display within 500 ms', location: 'test/ws/status.test.ts', result: 'passed', date: '2026-11-20' },
        { requirement: 'PR-WS-1', test: '20 displays at 10 msg/s', location: 'test/ws/load.test.ts', result: 'passed', date: '2026-11-20' },
      ],
    },
    anomalyReview: {
      version: '8.23.0', date: '2026-11-20', reviewer: 'A. Reviewer', sources: ['https://github.com/websockets/ws/issues'],
      entries: [{ id: 'websockets/ws#2200', title: text('close frame race'), relevant: false, impact: text('The device never closes from the server side.') }],
      conclusion: text('No open anomaly affects the device.'),
    },
    vulnerabilityReview: {
      version: '8.23.0', date: '2026-11-21', reviewer: 'A. Reviewer', sources: ['OSV', 'NVD', 'GitHub advisories'],
      entries: WS_ENTRIES.map((e) => ({ ...e, ...(e.detail ? { detail: text(e.detail) } : {}), ...(e.mitigation ? { mitigation: text(e.mitigation) } : {}) })),
      conclusion: text('One exploitable vulnerability, mitigated by the firewall until 2.4.1.'),
    },
    surveillance: { owner: 'Software lead', method: 'OSV and GitHub advisories for npm', frequency: 'P1M', triggers: ['new advisory for ws'], updateStrategy: 'Next maintenance release.' },
    support: { level: text('actively maintained'), endOfSupport: '2028-12-31' },
    securityCategory: 'maintained',
  };
  // what sync writes from the registry's metadata when online (the scan of a lockfile knows no supplier)
  const identification = { ...(synced.identification as object), supplier: text('Einar Otto Stangvik'), sourceUrl: 'https://github.com/websockets/ws' };
  const unsigned = SoupRecord.parse({ ...synced, identification, ...human });
  const { approvals: _a, ...rest } = unsigned;
  return { ...rest, approvals: [{ role: 'approver', name: 'Q. Lead', date: '2026-11-22', version: '8.23.0', contentHash: recordContentHash(rest as SoupRecord) }] };
}


function rewriteRecord(dir: string, file: string, f: (r: Record<string, unknown>) => SoupRecord): void {
  const path = join(dir, file);
  const synced = parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  writeFileSync(path, stringify(f(synced)));
}

/** The example device, synced, with the ws record filled. */
export async function exampleRegister(): Promise<{ dir: string; data: ReportData }> {
  const dir = copyExample('tureen-sbom-');
  await sync(dir, { offline: true, today: DATE });
  rewriteRecord(dir, WS_FILE, (r) => fillWs(r));
  return { dir, data: await buildReportData(dir, { date: DATE }) };
}

/** Every hostile string at once: markup, a spreadsheet formula, a CDATA end, a Word field, controls, RTL marks. */
export const HOSTILE = '<script>alert(1)</script> =HYPERLINK("http://x","y") ]]> { MERGEFIELD x } \u0000\u0007\u001b \u202eevil\u202c \u200f';
/** A declared item whose name, version, supplier and licence are hostile. */
export const HOSTILE_NAME = `<script>alert(1)</script>]]>{ MERGEFIELD x }\u0007\u202e`;

/** The example with hostile device, document, declared item and record text. */
export async function hostileRegister(): Promise<{ dir: string; data: ReportData }> {
  const dir = copyExample('tureen-sbom-');
  const cfgPath = join(dir, 'tureen.config.yaml');
  const cfg = parse(readFileSync(cfgPath, 'utf8')) as Record<string, unknown> & { declared: unknown[] };
  cfg.device = { name: `Pump ${HOSTILE}`, version: '2.4.0', manufacturer: `Acme ${HOSTILE}` };
  cfg.report = { documentId: `DOC-${HOSTILE}`, revision: HOSTILE, title: HOSTILE };
  cfg.declared.push({ name: HOSTILE_NAME, version: `1.0${HOSTILE}`, supplier: HOSTILE, license: HOSTILE, reason: HOSTILE });
  writeFileSync(cfgPath, stringify(cfg));
  await sync(dir, { offline: true, today: DATE });
  rewriteRecord(dir, WS_FILE, (r) => fillWs(r, (s) => `${s} ${HOSTILE}`));
  return { dir, data: await buildReportData(dir, { date: DATE }) };
}

/** A raw control character that neither JSON nor XML text may hold (tab, newline and carriage return excepted). */
// eslint-disable-next-line no-control-regex
export const RAW_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;
/** The text as the XML document carries it: the control characters the hostile strings hold, each U+FFFD. */
export const asInXml = (s: string): string => ['\u0000', '\u0007', '\u001b'].reduce((t, c) => t.split(c).join('\uFFFD'), s);
