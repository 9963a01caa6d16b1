// Tureen's benchmark: `npm run bench` (builds first). It reports, it never fails on time (exit 0).
//   1. In process: scan(folder) of each large real lockfile of the corpus and of a generated 10,000-package npm
//      lockfile, against the bare parse of the same bytes (JSON.parse / yaml parse / parseSyml). Target ≤ 2×.
//   2. As a user runs it: `tureen scan <folder> --format json` against `cdxgen -t js --no-install-deps` on the same
//      folders (cdxgen installed once under bench/.work/, git-ignored). Target ≤ 1/20 of cdxgen's time.
//   3. Peak memory (maxRSS) of the scan of the 10,000-package lockfile, in a child process.
//   4. Every other format (bench/formats.mjs): scan(folder) of each real corpus file, this machine's dpkg database and a
//      generated 10,000-package Cargo.lock, against the bare parse of the same bytes.
//   5. `tureen check` over a 2,000-record register (bench/check.mjs). Target ≤ 1 s.
//   6. The advisory store and matcher (bench/advisories.mjs): 10,000 components against 25,000 and 250,000 generated
//      OSV records — import rate, store size, peak memory, warm match. Targets: match ≤ 1 s, 250k/25k ≤ 1.3×.
//   7. A 1,000-item register → the Word document set (bench/report.mjs): renderDocx time and the peak memory of a fresh
//      process. Targets: ≤ 3 s, ≤ 400 MB.
// Environment: BENCH_RUNS (in-process runs per case, default 7, at least 5), BENCH_CLI_RUNS (default 3),
// BENCH_SKIP_CDXGEN=1 to skip part 2, BENCH_SKIP_OSV=1 to skip part 6 (BENCH_OSV_SMALL / BENCH_OSV_LARGE: its record
// counts), BENCH_ONLY=6 (or a list, "1,4") to run only those parts.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { writeNpmLock } from './gen-npm-lock.mjs';
import { runCheck } from './check.mjs';
import { runFormats } from './formats.mjs';
import { runAdvisories } from './advisories.mjs';
import { runReport } from './report.mjs';
import { BARE_PARSERS, LOCKFILE } from './parsers.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = dirname(HERE);
const WORK = join(HERE, '.work');
const CLI = join(REPO, 'dist', 'cli', 'main.js');
const CDXGEN_SPEC = '@cyclonedx/cdxgen@12';
const RUNS = Math.max(5, Number(process.env.BENCH_RUNS) || 7);
const WARMUP = 2;
const CLI_RUNS = Math.max(1, Number(process.env.BENCH_CLI_RUNS) || 3);
const TARGET_PARSE_RATIO = 2;
const TARGET_CDXGEN_RATIO = 1 / 20;
/** A cdxgen run slower than this is not repeated (it takes minutes on the 10,000-package lockfile). */
const CDXGEN_SLOW_MS = 20_000;
/** BENCH_ONLY=6 (or "1,4"): only these parts. */
const ONLY = new Set((process.env.BENCH_ONLY ?? '').split(',').map((s) => s.trim()).filter(Boolean));
const want = (part) => ONLY.size === 0 || ONLY.has(String(part));

let scan;
try {
  ({ scan } = await import('../dist/index.js'));
} catch (e) {
  console.error(`bench: cannot load the built library (../dist/index.js): ${e.message}\n  fix: run \`npm run bench\` (it builds first) or \`npm run build\`.`);
  process.exit(1);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const ms = (x) => (x === undefined ? 'n/a' : x >= 100 ? x.toFixed(0) : x.toFixed(1));
const table = (head, rows) => {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (r) => `  ${r.map((c, i) => (i === 0 ? String(c).padEnd(w[i]) : String(c).padStart(w[i]))).join('  ')}`;
  return [line(head), `  ${w.map((n) => '-'.repeat(n)).join('  ')}`, ...rows.map(line)].join('\n');
};
const firstLine = (s) => String(s).trim().split('\n')[0].slice(0, 160);

// ---- the cases: each a folder holding one lockfile under the name its package manager uses -------------------------
const tmp = mkdtempSync(join(tmpdir(), 'tureen-bench-'));
const corpus = join(REPO, 'test', 'fixtures', 'corpus');
// parts 1–3 share these folders (and the 10,000-package lockfile)
const cases = !(want(1) || want(2) || want(3)) ? [] : [
  { id: 'npm v3 (corpus)', format: 'npm', from: join(corpus, 'npm', 'nightscout__cgm-remote-monitor__package-lock.json') },
  { id: 'yarn v1 (corpus)', format: 'yarn', from: join(corpus, 'yarn', 'pez-globo__pufferfish-software__frontend__yarn.lock') },
  { id: 'pnpm v9 (corpus)', format: 'pnpm', from: join(corpus, 'pnpm', 'InsightSoftwareConsortium__itk-wasm__pnpm-lock.yaml') },
  { id: 'npm v3 generated 10k', format: 'npm', generated: 10_000 },
];
for (const [i, c] of cases.entries()) {
  c.dir = join(tmp, `case${i}-${c.format}`);
  mkdirSync(c.dir);
  c.file = join(c.dir, LOCKFILE[c.format]);
  if (c.generated) c.stats = writeNpmLock(c.dir, { packages: c.generated });
  else copyFileSync(c.from, c.file);
  c.bytes = statSync(c.file).size;
}

const git = (() => {
  try {
    return execFileSync('git', ['-C', REPO, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
})();
console.log(`Tureen benchmark — commit ${git}, Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`);
console.log(`in-process: median of ${RUNS} runs after ${WARMUP} warm-up runs; CLI: median of ${CLI_RUNS} runs`);
const gen = cases.find((c) => c.generated);
if (gen) {
  console.log(`generated lockfile: ${gen.stats.entries} entries (${gen.stats.nested} nested, ${gen.stats.prod} production, ${gen.stats.dev} dev, ` +
    `${gen.stats.optional} optional, ${gen.stats.devOptional} devOptional), ${gen.stats.edges} dependency edges, ${(gen.bytes / 1e6).toFixed(1)} MB\n`);
}

// ---- 1. scan() vs the bare parse, in process --------------------------------------------------------------------
if (want(1)) {
  const rows1 = [];
  const notes = [];
  for (const c of cases) {
    const text = readFileSync(c.file, 'utf8');
    const parse = await BARE_PARSERS[c.format]();
    const tParse = [];
    const tScan = [];
    const tFile = [];
    let inv;
    try {
      for (let r = 0; r < WARMUP + RUNS; r++) {
        let t = performance.now();
        parse(text);
        const p = performance.now() - t;
        t = performance.now();
        inv = await scan(c.dir);
        const s = performance.now() - t;
        if (r >= WARMUP) {
          tParse.push(p);
          tScan.push(s);
          const f = inv.files.find((x) => x.file === LOCKFILE[c.format]);
          if (f) tFile.push(f.ms);
        }
      }
    } catch (e) {
      notes.push(`${c.id}: scan failed: ${firstLine(e.message)}`);
    }
    const mp = tParse.length ? median(tParse) : undefined;
    const msc = tScan.length ? median(tScan) : undefined;
    const ratio = mp && msc ? msc / mp : undefined;
    const broken = inv?.files.filter((f) => f.error) ?? [];
    for (const f of broken) notes.push(`${c.id}: ${f.file}: ${firstLine(f.error.message)}`);
    if (inv && !inv.files.some((f) => f.file === LOCKFILE[c.format] && !f.error)) notes.push(`${c.id}: no source read ${LOCKFILE[c.format]}; the ratio measures an empty scan`);
    c.components = inv?.components.length;
    rows1.push([c.id, `${(c.bytes / 1024).toFixed(0)} KiB`, c.components ?? 'n/a', ms(mp), ms(tFile.length ? median(tFile) : undefined), ms(msc),
      ratio ? `${ratio.toFixed(2)}×` : 'n/a', ratio === undefined ? '?' : ratio <= TARGET_PARSE_RATIO ? 'yes' : 'NO']);
  }
  console.log(`1. scan(folder) vs the bare parse of the same bytes (target ≤ ${TARGET_PARSE_RATIO}×)`);
  console.log(table(['lockfile', 'size', 'components', 'parse ms', 'source ms', 'scan ms', 'ratio', 'met'], rows1));
  for (const n of notes) console.log(`  note: ${n}`);
  console.log('  parse: JSON.parse / yaml parse / @yarnpkg/parsers parseSyml of the text in memory. scan: the whole library scan of the\n' +
    '  folder (walk, read, parse, validate, graph, merge, classify); ratio = scan / parse. source: the part of the scan spent on\n' +
    '  the lockfile by its source (read + extract), as the scan reports it per file.\n');
}

// ---- 2. the CLI vs cdxgen ------------------------------------------------------------------------------------------
if (want(2)) {
  console.log(`2. \`tureen scan <folder> --format json\` vs \`cdxgen -t js --no-install-deps\` (target ≤ 1/${1 / TARGET_CDXGEN_RATIO} of cdxgen's time)`);
  const cdxgen = (() => {
    if (process.env.BENCH_SKIP_CDXGEN) return { why: 'skipped (BENCH_SKIP_CDXGEN is set)' };
    const prefix = join(WORK, 'cdxgen');
    const bin = join(prefix, 'node_modules', '@cyclonedx', 'cdxgen', 'bin', 'cdxgen.js');
    if (!existsSync(bin)) {
      console.log(`  installing ${CDXGEN_SPEC} into bench/.work/cdxgen (once) …`);
      mkdirSync(prefix, { recursive: true });
      const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
      const r = spawnSync(npm, ['install', '--prefix', prefix, '--no-audit', '--no-fund', CDXGEN_SPEC], { encoding: 'utf8', timeout: 600_000 });
      if (r.status !== 0 || !existsSync(bin)) return { why: `npm install ${CDXGEN_SPEC} failed: ${firstLine(r.error?.message ?? r.stderr ?? r.stdout)}` };
    }
    let version = '?';
    try {
      version = JSON.parse(readFileSync(join(prefix, 'node_modules', '@cyclonedx', 'cdxgen', 'package.json'), 'utf8')).version;
    } catch { /* the version is only shown */ }
    return { bin, version };
  })();
  if (cdxgen.why) {
    console.log(`  cdxgen not run: ${cdxgen.why}\n`);
  } else if (!existsSync(CLI)) {
    console.log(`  tureen CLI not built (${CLI} missing): run \`npm run build\`\n`);
  } else {
    console.log(`  cdxgen ${cdxgen.version}; each run is a fresh process (Node start-up included for both)`);
    const timed = (args, env) => {
      const t = performance.now();
      const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 28, timeout: 600_000, env: { ...process.env, ...env } });
      return { ms: performance.now() - t, r };
    };
    const rows2 = [];
    const notes2 = [];
    for (const c of cases) {
      const bom = join(tmp, `bom-${c.format}-${rows2.length}.json`);
      const out = join(tmp, `tureen-${c.format}-${rows2.length}.json`);
      const tc = [];
      const tt = [];
      let slow = false;
      let cdxCount;
      let tureenCount;
      for (let r = 0; r < CLI_RUNS; r++) {
        const a = timed([cdxgen.bin, '-t', 'js', '--no-install-deps', '-o', bom, c.dir], { FETCH_LICENSE: 'false' });
        if (a.r.status !== 0 || !existsSync(bom)) {
          notes2.push(`${c.id}: cdxgen failed (exit ${a.r.status ?? a.r.signal}): ${firstLine(a.r.stderr || a.r.stdout || a.r.error?.message)}`);
          break;
        }
        tc.push(a.ms);
        if (a.ms > CDXGEN_SLOW_MS && r === 0) slow = true;
        const b = timed([CLI, 'scan', c.dir, '--format', 'json', '--out', out]);
        if (b.r.status !== 0 && b.r.status !== 1) {
          notes2.push(`${c.id}: tureen failed (exit ${b.r.status ?? b.r.signal}): ${firstLine(b.r.stderr || b.r.stdout)}`);
          break;
        }
        tt.push(b.ms);
        if (slow) {
          notes2.push(`${c.id}: cdxgen took ${(a.ms / 1000).toFixed(0)} s, so it ran once (and tureen once)`);
          break;
        }
      }
      try { cdxCount = JSON.parse(readFileSync(bom, 'utf8')).components?.length; } catch { /* shown as n/a */ }
      try { tureenCount = JSON.parse(readFileSync(out, 'utf8')).components?.length; } catch { /* shown as n/a */ }
      const mc = tc.length ? median(tc) : undefined;
      const mt = tt.length ? median(tt) : undefined;
      const ratio = mc && mt ? mt / mc : undefined;
      rows2.push([c.id, cdxCount ?? 'n/a', tureenCount ?? 'n/a', ms(mc), ms(mt), ratio ? `1/${(1 / ratio).toFixed(1)}` : 'n/a',
        ratio === undefined ? '?' : ratio <= TARGET_CDXGEN_RATIO ? 'yes' : 'NO']);
    }
    const startup = median(Array.from({ length: 5 }, () => timed([CLI, '--version']).ms));
    console.log(table(['lockfile', 'cdxgen comps', 'tureen comps', 'cdxgen ms', 'tureen ms', 'tureen/cdxgen', 'met'], rows2));
    for (const n of notes2) console.log(`  note: ${n}`);
    console.log(`  (tureen's start-up alone, \`tureen --version\`: ${ms(startup)} ms, median of 5; comps: components in each output)\n`);
  }
}

// ---- 3. peak memory of the 10,000-package scan, in a child process -------------------------------------------------
if (want(3)) {
  // Through /bin/sh, which forks the child: a child forked straight from this (large) process inherits a maxRSS that
  // counts some of the parent's memory (getrusage keeps the high-water mark across exec); one forked from a small shell
  // does not. VmHWM (reset by exec) is shown beside it to cross-check.
  const child = (args) => {
    const argv = [process.execPath, join(HERE, 'scan-child.mjs'), ...args];
    const r = existsSync('/bin/sh')
      ? spawnSync('/bin/sh', ['-c', '"$0" "$@"; exit $?', ...argv], { encoding: 'utf8', maxBuffer: 1 << 26 })
      : spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', maxBuffer: 1 << 26 });
    if (r.status !== 0) throw new Error(firstLine(r.stderr || r.stdout || `exit ${r.status}`));
    return JSON.parse(r.stdout.trim().split('\n').pop());
  };
  console.log('3. peak memory (maxRSS) of one scan of the generated 10,000-package lockfile, in a fresh process');
  try {
    const s = child(['scan', gen.dir]);
    const p = child(['parse', gen.file, 'npm']);
    const n = child(['noop']);
    const mib = (kib) => (kib ? `${(kib / 1024).toFixed(0)} MiB` : 'n/a');
    console.log(table(['process', 'maxRSS', 'VmHWM', 'time ms'], [
      ['scan(folder)', mib(s.maxRssKiB), mib(s.hwmKiB), ms(s.ms)],
      ['JSON.parse only', mib(p.maxRssKiB), mib(p.hwmKiB), ms(p.ms)],
      ['node, nothing loaded', mib(n.maxRssKiB), mib(n.hwmKiB), '-'],
    ]));
    console.log('  maxRSS: process.resourceUsage().maxRSS; VmHWM: the peak from /proc/self/status (Linux), as a cross-check.\n' +
      '  The child\'s time includes loading the library: a cold, single scan.\n');
  } catch (e) {
    console.log(`  could not measure: ${e.message}\n`);
  }
}

// ---- 4. every other format ------------------------------------------------------------------------------------------
if (want(4)) await runFormats({ scan, corpus, tmp, runs: RUNS, warmup: WARMUP, table, ms, median });

// ---- 5. check over a 2,000-record register --------------------------------------------------------------------------
if (want(5)) {
  try {
    await runCheck({ runs: RUNS, warmup: WARMUP, table, ms, median });
  } catch (e) {
    console.log(`5. check: could not measure: ${firstLine(e.message)}\n`);
  }
}

// ---- 6. the advisory store and the matcher at scale -----------------------------------------------------------------
if (want(6)) {
  try {
    await runAdvisories({ runs: RUNS, warmup: WARMUP, table, ms, median, tmp });
  } catch (e) {
    console.log(`6. advisories: could not measure: ${firstLine(e.message)}\n`);
  }
}

// ---- 7. a 1,000-item register → .docx ------------------------------------------------------------------------------
if (want(7)) {
  try {
    await runReport({ runs: RUNS, warmup: WARMUP, cliRuns: CLI_RUNS, table, ms, median, tmp });
  } catch (e) {
    console.log(`7. report: could not measure: ${firstLine(e.message)}\n`);
  }
}

rmSync(tmp, { recursive: true, force: true });
console.log('The bench reports; it does not fail on time.');
