import { copyExample } from '../../../test-support/example.js';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { sign } from '../../../register/sign.js';
import { sync } from '../../../register/sync.js';
import { buildReportData, type ReportData } from '../../data.js';

/**
 * Registers for the writers' tests: the example device synced offline, with one record completed by hand as a team
 * would (class B, every section, reviews with entries, signed) — and the same register made hostile.
 */

export const DATE = '2026-11-26';

/** Strings that must come out of every document as the very same visible text. */
export const HOSTILE = {
  script: '<script>alert(1)</script>',
  formula: '=HYPERLINK("http://x","y")',
  cdata: ']]>',
  field: '{ MERGEFIELD x }',
  fieldPage: '{ PAGE }',
  xml: '<w:t>injected</w:t>',
  amp: 'A&B "quoted" \'single\'',
} as const;
/** Characters XML 1.0 forbids (removed) and ones that reorder text (shown as [U+…]). */
export const CONTROL = { text: 'bell\u0007nul\u0000esc\u001b', shown: 'bellnulesc' } as const;
export const BIDI = { text: 'evil\u202Etxt.exe\u200F', shown: 'evil[U+202E]txt.exe[U+200F]' } as const;


type Rec = Record<string, unknown> & { identification: Record<string, unknown> };
const edit = (dir: string, file: string, f: (r: Rec) => void) => {
  const path = join(dir, 'soup', file);
  const r = parse(readFileSync(path, 'utf8')) as Rec;
  f(r);
  writeFileSync(path, stringify(r));
};

/** The filled record of ws 8.23.0: class B, every section, a vulnerability and an anomaly review with entries. */
function completeWs(r: Rec): void {
  r.identification.supplier = 'ws maintainers';
  r.safetyClass = 'B';
  r.safetyClassRationale = 'A failure of the WebSocket link stops the live infusion view; the pump keeps its rate and alarms locally, so the worst outcome is a delayed intervention (non-serious injury).';
  r.hazards = ['H-12', 'RC-31'];
  r.functionalRequirements = [{ id: 'FR-WS-1', text: 'Delivers each infusion-state message to every connected clinician client within 500 ms of the state change.' }];
  r.performanceRequirements = [{ id: 'PR-WS-1', text: 'Keeps 20 concurrent client connections with a 95th-percentile message latency below 200 ms.' }];
  r.prerequisites = { hardware: ['ARMv8-A', '512 MiB RAM'], software: ['Node.js 22.12 LTS', 'Debian 12'] };
  r.verification = {
    approach: 'Black-box tests of the WebSocket interface against a running service, in test/ws/.',
    tests: [{ requirement: 'FR-WS-1', test: 'state change reaches clients within 500 ms', location: 'test/ws/broadcast.test.ts', result: 'passed', date: '2026-11-20' }],
  };
  r.anomalyReview = {
    version: '8.23.0', date: '2026-11-20', reviewer: 'A. Reviewer', sources: ['https://github.com/websockets/ws/issues', 'release notes 8.0.0-8.23.0'],
    entries: [{ id: 'websockets/ws#2200', title: 'permessage-deflate memory growth', relevant: false, impact: 'The device does not enable permessage-deflate.' }],
    conclusion: 'No open anomaly affects the device.',
  };
  r.vulnerabilityReview = {
    version: '8.23.0', date: '2026-11-20', reviewer: 'A. Reviewer', sources: ['OSV', 'NVD'],
    entries: [{ id: 'GHSA-3h5v-q93c-6h6q', aliases: ['CVE-2024-37890'], state: 'not_affected', justification: 'code_not_reachable', detail: 'Concerns versions before 8.17.1; the device ships 8.23.0.', severity: 'high', reviewer: 'A. Reviewer', date: '2026-11-20' }],
    conclusion: 'No known vulnerability affects ws 8.23.0 on 2026-11-20.',
  };
  r.surveillance = { owner: 'Software lead', method: 'OSV feed for npm, ws release notes', frequency: 'P1M', triggers: ['new advisory for ws', 'new major release'], updateStrategy: 'Update in the next maintenance release after the regression tests pass.' };
  r.support = { level: 'actively maintained' };
}

/** What the example register holds besides the synced records. */
export const REMOVED = { file: 'npm-ms.yaml', name: 'ms', version: '2.1.3', date: '2026-11-25', note: 'replaced by a first-party helper' } as const;
export const UNREADABLE = 'soup/broken.yaml';

/**
 * The example device's register, synced offline, with ws completed and signed, one record marked removed (ms) and one
 * record file that does not parse.
 */
export async function exampleRegister(): Promise<{ dir: string; data: ReportData }> {
  const dir = copyExample('tureen-docx-');
  await sync(dir, { offline: true, today: DATE });
  edit(dir, 'npm-ws.yaml', completeWs);
  sign(dir, 'npm/ws', { role: 'reviewer', name: 'A. Reviewer', today: DATE });
  sign(dir, 'npm/ws', { role: 'approver', name: 'Q. Lead', today: DATE });
  edit(dir, REMOVED.file, (r) => {
    r.status = 'removed';
    (r.history as unknown[]).push({ date: REMOVED.date, event: 'removed', from: REMOVED.version, note: REMOVED.note });
  });
  writeFileSync(join(dir, UNREADABLE), 'id: [this is not\n  a record\n');
  return { dir, data: await buildReportData(dir, { date: DATE }) };
}

/** The same register with the hostile strings in the device's name and in every kind of field a record has. */
export async function hostileRegister(): Promise<{ dir: string; data: ReportData }> {
  const dir = copyExample('tureen-docx-');
  await sync(dir, { offline: true, today: DATE });
  const all = Object.values(HOSTILE).join(' ');
  const cfg = join(dir, 'tureen.config.yaml');
  writeFileSync(cfg, readFileSync(cfg, 'utf8').replace('name: "Infusion pump controller"', `name: ${JSON.stringify(`Pump ${HOSTILE.field} ${HOSTILE.script}`)}`));
  edit(dir, 'npm-ws.yaml', (r) => {
    completeWs(r);
    r.identification.name = `ws ${HOSTILE.script}`;
    r.identification.supplier = HOSTILE.formula;
    r.identification.license = `MIT ${HOSTILE.cdata}`;
    r.safetyClassRationale = `${all} ${CONTROL.text} ${BIDI.text}`;
    r.functionalRequirements = [{ id: 'FR-WS-1', text: `Returns ${HOSTILE.field} and ${HOSTILE.fieldPage} within 2 s.` }];
    r.performanceRequirements = [{ id: 'PR-WS-1', text: `${HOSTILE.xml} in 100 ms` }];
    (r.vulnerabilityReview as { entries: { detail?: string }[] }).entries[0]!.detail = `${HOSTILE.amp} ${HOSTILE.cdata}`;
    (r.anomalyReview as { entries: { title?: string }[] }).entries[0]!.title = BIDI.text;
  });
  edit(dir, 'npm-zod.yaml', (r) => {
    r.identification.supplier = CONTROL.text;
  });
  return { dir, data: await buildReportData(dir, { date: DATE }) };
}
