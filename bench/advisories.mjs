// Part 6 of the benchmark: the local advisory store and the matcher at scale. 10,000 components of a device against
// generated OSV exports (bench/gen-osv.mjs: the real schema, one <ecosystem>/all.zip per ecosystem) of N records, for a
// small and a large N (25,000 and 250,000):
//   - import: `tureen db import`'s own path (importPaths) into a fresh store, then again with every record unchanged;
//   - store size on disk after close (the .db file and its -wal);
//   - match, warm: reviewVulnerabilities(items, { store, offline: true }) — the offline review itself: candidates from
//     the store, matchAdvisory on each, alias merging, nearestFix, KEV/EPSS look-ups — median of the runs after warm-up;
//   - peak memory (maxRSS) of a fresh process doing the import, the re-import and one match.
// Targets: match ≤ 1 s warm; match(large) ≤ 1.3 × match(small). The findings are checked against the ones the
// generator computed from positions in each package's release history (no version ordering), so a fast but wrong
// match shows. Environment: BENCH_OSV_SMALL, BENCH_OSV_LARGE (records), BENCH_SKIP_OSV=1 to skip.
//
// Also the child process: node bench/advisories.mjs child <dir> <store.db>  → one JSON line.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ECOSYSTEMS, writeOsvExports } from './gen-osv.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const TARGET_MS = 1000;
const TARGET_RATIO = 1.3;
const SEED = 62304;

const zipsIn = (dir) => ECOSYSTEMS.map((e) => join(dir, e.ecosystem, 'all.zip')).filter((f) => existsSync(f));
const fileSize = (f) => (existsSync(f) ? statSync(f).size : 0);

async function load() {
  const { AdvisoryStore } = await import('../dist/advisories/store/index.js');
  const { importPaths } = await import('../dist/advisories/osv-dump/import.js');
  const { reviewVulnerabilities } = await import('../dist/advisories/review.js');
  return { AdvisoryStore, importPaths, reviewVulnerabilities };
}

/** The review's findings against the generator's: components whose number of findings differs. */
function mismatches(review, perComponent) {
  let n = 0;
  review.components.forEach((c, i) => {
    if (c.findings.length !== perComponent[i]) n++;
  });
  return n;
}

/** In the child: import, re-import, close, one match; its own peak memory. */
async function child(dir, db) {
  const { AdvisoryStore, importPaths, reviewVulnerabilities } = await load();
  const items = JSON.parse(readFileSync(join(dir, 'components.json'), 'utf8'));
  const zips = zipsIn(dir);
  let store = AdvisoryStore.open(db);
  let t = performance.now();
  const first = await importPaths(store, zips);
  const importMs = performance.now() - t;
  t = performance.now();
  const again = await importPaths(store, zips);
  const reimportMs = performance.now() - t;
  store.close();
  const sizeBytes = fileSize(db) + fileSize(`${db}-wal`);
  store = AdvisoryStore.open(db, { readonly: true });
  t = performance.now();
  const review = await reviewVulnerabilities(items, { store, offline: true });
  const coldMs = performance.now() - t;
  store.close();
  let hwmKiB;
  try {
    hwmKiB = Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]) || undefined;
  } catch { /* not Linux */ }
  return {
    importMs, records: first.files, added: first.added, withdrawn: first.withdrawn, refused: first.invalidCount,
    reimportMs, unchanged: again.unchanged, sizeBytes, coldMs,
    findings: review.components.reduce((a, c) => a + c.findings.length, 0),
    maxRssKiB: process.resourceUsage().maxRSS, hwmKiB,
  };
}

/** Run the child through /bin/sh (as part 3 does: a child forked from this large process would inherit its maxRSS). */
function spawnChild(dir, db) {
  const argv = [process.execPath, join(HERE, 'advisories.mjs'), 'child', dir, db];
  const r = existsSync('/bin/sh')
    ? spawnSync('/bin/sh', ['-c', '"$0" "$@"; exit $?', ...argv], { encoding: 'utf8', maxBuffer: 1 << 26 })
    : spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(String(r.stderr || r.stdout || `exit ${r.status}`).trim().split('\n').slice(-3).join(' | ').slice(0, 300));
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

export async function runAdvisories({ runs, warmup, table, ms, median, tmp }) {
  const small = Math.max(1000, Number(process.env.BENCH_OSV_SMALL) || 25_000);
  const large = Math.max(small, Number(process.env.BENCH_OSV_LARGE) || 250_000);
  const fmt = (n) => n.toLocaleString('en');
  console.log(`6. advisory store and matcher: 10,000 components against ${fmt(small)} and ${fmt(large)} generated OSV records ` +
    `(targets: match ≤ ${TARGET_MS} ms warm, match(${fmt(large)}) ≤ ${TARGET_RATIO}× match(${fmt(small)}))`);
  if (process.env.BENCH_SKIP_OSV) {
    console.log('  skipped (BENCH_SKIP_OSV is set)\n');
    return;
  }
  const { AdvisoryStore, reviewVulnerabilities } = await load();
  const notes = [];
  const cases = [];
  try {
    // import (and peak memory) in a fresh process per size; the stores stay for the warm runs
    for (const n of [...new Set([small, large])]) {
      const dir = join(tmp, `osv-${n}`);
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      const db = join(dir, 'store.db');
      try {
        const t = performance.now();
        const g = writeOsvExports(dir, { records: n, seed: SEED });
        const genMs = performance.now() - t;
        const c = spawnChild(dir, db);
        for (const z of g.zips) rmSync(z);
        const store = AdvisoryStore.open(db, { readonly: true });
        // the work the matcher is given: candidate records over all components (outside the timing)
        let candidates = 0;
        let withCandidates = 0;
        for (const i of g.components) {
          const k = store.candidates(i.ecosystem, i.name).length + (i.sourceName ? store.candidates(i.ecosystem, i.sourceName).length : 0);
          candidates += k;
          if (k) withCandidates++;
        }
        if (c.refused) notes.push(`${fmt(n)} records: the import refused ${c.refused} records`);
        cases.push({ n, dir, g, genMs, c, store, candidates, withCandidates, times: [], review: undefined });
      } catch (e) {
        notes.push(`${fmt(n)} records: could not measure: ${String(e.message).split('\n')[0].slice(0, 300)}`);
      }
    }
    // warm: the sizes take turns, so that a change in the machine's load falls on both
    for (let r = 0; r < warmup + runs; r++) {
      for (const k of cases) {
        const t = performance.now();
        k.review = await reviewVulnerabilities(k.g.components, { store: k.store, offline: true });
        if (r >= warmup) k.times.push(performance.now() - t);
      }
    }
  } finally {
    for (const k of cases) k.store.close();
    for (const n of [small, large]) rmSync(join(tmp, `osv-${n}`), { recursive: true, force: true });
  }
  const rows = [];
  const rows2 = [];
  const warm = new Map();
  for (const { n, g, genMs, c, candidates, withCandidates, times, review } of cases) {
    const m = median(times);
    warm.set(n, m);
    const findings = review.components.reduce((a, x) => a + x.findings.length, 0);
    const affected = review.components.filter((x) => x.findings.length).length;
    const wrong = mismatches(review, g.expected.perComponent);
    if (wrong) notes.push(`${fmt(n)} records: ${wrong} components got another number of findings than the generator computed`);
    rows.push([fmt(n), `${(g.bytes / 1e6).toFixed(0)} MB`, `${(genMs / 1000).toFixed(1)} s`, `${(c.importMs / 1000).toFixed(1)} s`,
      fmt(Math.round(c.records / (c.importMs / 1000))), fmt(Math.round(c.records / (c.reimportMs / 1000))),
      `${(c.sizeBytes / 1e6).toFixed(0)} MB`, `${(c.maxRssKiB / 1024).toFixed(0)} MiB`]);
    rows2.push([fmt(n), `${fmt(withCandidates)} / ${fmt(candidates)}`, `${fmt(affected)} / ${fmt(findings)}`,
      `${fmt(g.expected.affected)} / ${fmt(g.expected.findings)}`, ms(c.coldMs), ms(m), m <= TARGET_MS ? 'yes' : 'NO']);
  }
  console.log(table(['records', 'zips', 'generate', 'import', 'import rec/s', 're-import rec/s', 'store', 'peak RSS'], rows));
  console.log(table(['records', 'comps with cand. / candidates', 'affected / findings', 'expected', 'cold ms', 'warm ms', '≤ 1 s'], rows2));
  const a = warm.get(small);
  const b = warm.get(large);
  const [cs, cl] = [cases.find((k) => k.n === small), cases.find((k) => k.n === large)];
  if (cs && cl && cs !== cl && Math.abs(cl.candidates - cs.candidates) > 0.25 * Math.max(cs.candidates, cl.candidates)) {
    // below ~10,000 records there are fewer packages with advisories than the 1,000 components the recipe draws
    notes.push(`the sizes give the matcher unlike work (${fmt(cs.candidates)} vs ${fmt(cl.candidates)} candidate records): the ratio compares unlike loads`);
  }
  if (a && b && large !== small) {
    const ratio = b / a;
    console.log(`  match(${fmt(large)}) / match(${fmt(small)}): ${ratio.toFixed(2)}× (target ≤ ${TARGET_RATIO}×: ${ratio <= TARGET_RATIO ? 'met' : 'NOT met'}); ` +
      `match(${fmt(large)}): ${ms(b)} ms (target ≤ ${TARGET_MS} ms: ${b <= TARGET_MS ? 'met' : 'NOT met'})`);
  }
  for (const n of notes) console.log(`  note: ${n}`);
  console.log('  import: importPaths (`tureen db import`) of every zip into a fresh store; re-import: the same zips again, every\n' +
    '  record unchanged. store: the .db file and its -wal after close. peak RSS: maxRSS of a fresh process doing the import,\n' +
    '  the re-import and one (cold) match. warm: median of reviewVulnerabilities(components, { offline: true }) after warm-up,\n' +
    '  the store opened read-only, the two sizes in turn. expected: components affected / findings as the generator computed\n' +
    '  them from positions in each package\'s release history.\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const [what, dir, db] = process.argv.slice(2);
  if (what !== 'child' || !dir || !db) {
    console.error('usage: node bench/advisories.mjs child <dir written by gen-osv.mjs> <store.db>  (the benchmark runs it; see bench/run.mjs)');
    process.exit(2);
  }
  console.log(JSON.stringify(await child(dir, db)));
}
