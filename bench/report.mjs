// Part 7 of the benchmark: a 1,000-item register → the Word document set (.docx). Targets: ≤ 3 s, peak memory ≤ 400 MB.
// The register is made the way `tureen sync` makes it: a generated npm lockfile (gen-npm-lock.mjs, 3,000 packages) is
// scanned, sync's planner (planSync) drafts one record per SOUP component for the first 1,000 of them, and half the
// records are then completed as a team would (class rationale, requirements, prerequisites, verification, both
// reviews with entries, surveillance), so the forms have both kinds of content; the lockfile's development packages
// make the not-SOUP list. buildReportData reads it all back (scan + records + check), then renderDocx writes it.
//   node bench/report.mjs child <register-dir> [data]   one cold run in a fresh process (peak memory), JSON on stdout
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse, stringify } from 'yaml';
import { writeNpmLock } from './gen-npm-lock.mjs';

const DATE = '2026-11-26';
const TARGET_MS = 3000;
const TARGET_MIB = 400;

/** Write the register into `dir`; returns what it holds. */
export async function makeRegister(dir, n = 1000) {
  const { scan } = await import('../dist/index.js');
  const { planSync } = await import('../dist/register/plan.js');
  const lock = writeNpmLock(dir, { packages: 3000 });
  writeFileSync(join(dir, 'tureen.config.yaml'), 'device:\n  name: "Bench infusion pump"\n  version: "3.0.0"\n  manufacturer: "Bench Medical"\n');
  const inventory = await scan(dir);
  const soup = inventory.components.filter((c) => c.classification.soup).slice(0, n);
  const plan = planSync({ existing: [], items: soup, today: '2026-11-25', folder: 'soup', defaults: () => ({ safetyClass: 'B' }) });
  mkdirSync(join(dir, 'soup'), { recursive: true });
  plan.writes.forEach((w, i) => writeFileSync(join(dir, 'soup', w.file), i % 2 ? w.after : completed(w.after, i)));
  const data = { records: plan.writes.length, lockEntries: lock.entries, notSoup: inventory.components.filter((c) => !c.classification.soup && !c.firstParty).length };
  return data;
}

/** A record completed by hand: every section of class B, a vulnerability review with two entries, an anomaly review. */
function completed(text, i) {
  const r = parse(text);
  const version = r.identification.version;
  Object.assign(r, {
    safetyClassRationale: 'A failure delays the clinician view; the pump keeps its programmed rate and alarms locally (non-serious injury).',
    hazards: ['H-12', 'RC-31'],
    functionalRequirements: [
      { id: `FR-${i}-1`, text: 'Returns the infusion status as JSON within 2 s when GET /api/status is requested.' },
      { id: `FR-${i}-2`, text: 'Rejects a request body larger than 16 KiB with HTTP 413 without calling the handler.' },
    ],
    performanceRequirements: [{ id: `PR-${i}-1`, text: 'Serves 50 requests per second with a 95th-percentile latency below 100 ms.' }],
    prerequisites: { hardware: ['ARMv8-A', '512 MiB RAM'], software: ['Node.js 22.12 LTS', 'Debian 12'] },
    verification: {
      approach: 'Black-box tests of the HTTP interface against a running service, in test/api/.',
      tests: [{ requirement: `FR-${i}-1`, test: 'status within 2 s', location: 'test/api/status.test.ts', result: 'passed', date: '2026-11-20' }],
    },
    anomalyReview: {
      version, date: '2026-11-20', reviewer: 'A. Reviewer', sources: ['issue tracker', 'release notes'],
      entries: [{ id: `issue-${i}`, title: 'memory grows under a slow client', relevant: false, impact: 'The device closes slow clients after 5 s.' }],
      conclusion: 'No open anomaly affects the device.',
    },
    vulnerabilityReview: {
      version, date: '2026-11-20', reviewer: 'A. Reviewer', sources: ['OSV', 'NVD'],
      entries: [
        { id: `GHSA-bench-${i}-0001`, aliases: ['CVE-2026-0001'], state: 'not_affected', justification: 'code_not_reachable', detail: 'The vulnerable parser option is not enabled by the device.', severity: 'high', reviewer: 'A. Reviewer', date: '2026-11-20' },
        { id: `GHSA-bench-${i}-0002`, state: 'resolved', detail: 'Fixed in the version shipped.', severity: 'medium' },
      ],
      conclusion: 'No known vulnerability affects the device on 2026-11-20.',
    },
    surveillance: { owner: 'Software lead', method: 'OSV feed and release notes', frequency: 'P3M', triggers: ['new advisory', 'new major release'], updateStrategy: 'Update in the next maintenance release after regression tests pass.' },
  });
  return stringify(r);
}

/** Run one cold build (and render) in a fresh process, through /bin/sh as part 3 does (see run.mjs). */
function child(dir, what) {
  const argv = [process.execPath, fileURLToPath(import.meta.url), 'child', dir, ...(what === 'data' ? ['data'] : [])];
  const r = existsSync('/bin/sh')
    ? spawnSync('/bin/sh', ['-c', '"$0" "$@"; exit $?', ...argv], { encoding: 'utf8', maxBuffer: 1 << 26 })
    : spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error((r.stderr || r.stdout || `exit ${r.status}`).trim().split('\n')[0]);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

export async function runReport({ runs, warmup, cliRuns = 3, table, ms, median, tmp, n = 1000 }) {
  const { buildReportData } = await import('../dist/report/data.js');
  const { renderDocx } = await import('../dist/report/docx/index.js');
  const dir = join(tmp, 'report-register');
  mkdirSync(dir, { recursive: true });
  const made = await makeRegister(dir, n);
  let t = performance.now();
  const data = await buildReportData(dir, { date: DATE });
  const buildMs = performance.now() - t;
  const times = [];
  let bytes;
  for (let r = 0; r < warmup + runs; r++) {
    t = performance.now();
    bytes = await renderDocx(data);
    if (r >= warmup) times.push(performance.now() - t);
  }
  const m = median(times);
  const cold = child(dir, 'render');
  const base = child(dir, 'data');
  // as a user runs it: the whole command in a fresh process (start-up, scan, records, check, the document, the file)
  const cliTimes = [];
  const cli = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
  for (let r = 0; r < cliRuns; r++) {
    const t0 = performance.now();
    const res = spawnSync(process.execPath, [cli, 'report', dir, '--format', 'docx', '--out', join(tmp, 'report.docx'), '--date', DATE], { encoding: 'utf8' });
    if (res.status !== 0) throw new Error(`tureen report failed: ${res.stderr.trim().split('\n')[0]}`);
    cliTimes.push(performance.now() - t0);
  }
  const cliMs = median(cliTimes);
  const startup = [];
  for (let r = 0; r < cliRuns; r++) {
    const t0 = performance.now();
    spawnSync(process.execPath, [cli, '--version'], { encoding: 'utf8' });
    startup.push(performance.now() - t0);
  }
  const startupMs = median(startup);
  const mib = (kib) => (kib ? `${(kib / 1024).toFixed(0)} MiB` : 'n/a');
  console.log(`7. a ${data.items.length}-item register → .docx (renderDocx) — targets ≤ ${TARGET_MS / 1000} s, peak memory ≤ ${TARGET_MIB} MB`);
  console.log(`  the register: ${made.records} records drafted by sync's planner from a generated ${made.lockEntries}-package lockfile, half completed; ` +
    `${data.notSoup.length} not-SOUP components; .docx ${(bytes.length / 1e6).toFixed(1)} MB`);
  console.log(table(['measure', 'time ms', 'maxRSS', 'VmHWM', 'met'], [
    ['renderDocx, in process (median, warm)', ms(m), '', '', m <= TARGET_MS ? 'yes' : 'NO'],
    ['buildReportData, in process (once)', ms(buildMs), '', '', ''],
    ['fresh process: build + render', `${ms(cold.buildMs)} + ${ms(cold.renderMs)}`, mib(cold.maxRssKiB), mib(cold.hwmKiB), cold.buildMs + cold.renderMs <= TARGET_MS && cold.maxRssKiB / 1024 <= TARGET_MIB ? 'yes' : 'NO'],
    ['fresh process: build only', ms(base.buildMs), mib(base.maxRssKiB), mib(base.hwmKiB), ''],
    [`tureen report --format docx, the CLI (median of ${cliRuns})`, ms(cliMs), '', '', cliMs <= TARGET_MS ? 'yes' : 'NO'],
    [`  of which start-up: tureen --version (median of ${cliRuns})`, ms(startupMs), '', '', ''],
  ]));
  console.log(`  the CLI takes ${(cliMs / cold.renderMs).toFixed(2)}× the cold render alone and ${(cliMs / (cold.buildMs + cold.renderMs)).toFixed(2)}× build + render (the rest is start-up and writing the file);\n` +
    '  maxRSS of the fresh process includes loading the library, the scan and check of the register (the "build only" row).\n');
}

// ---- the child: one cold run --------------------------------------------------------------------------------------
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href && process.argv[2] === 'child') {
  const [dir, what] = process.argv.slice(3);
  const { buildReportData } = await import('../dist/report/data.js');
  let t = performance.now();
  const data = await buildReportData(dir, { date: DATE });
  const buildMs = performance.now() - t;
  let renderMs;
  let size;
  if (what !== 'data') {
    const { renderDocx } = await import('../dist/report/docx/index.js');
    t = performance.now();
    size = (await renderDocx(data)).length;
    renderMs = performance.now() - t;
  }
  let hwmKiB;
  try {
    hwmKiB = Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]) || undefined;
  } catch { /* not Linux */ }
  console.log(JSON.stringify({ buildMs, renderMs, size, maxRssKiB: process.resourceUsage().maxRSS, hwmKiB }));
}
