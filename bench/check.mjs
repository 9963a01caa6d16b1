// Part 5 of the benchmark: `tureen check` over a 2,000-record register (target ≤ 1 s). The records are made the way
// `tureen sync` makes them (planSync on 2,000 generated SOUP items), and half are then completed as a person would
// (class rationale, requirements, reviews, surveillance), so the rules have real work on both kinds.
import { performance } from 'node:perf_hooks';

export async function runCheck({ runs, warmup, table, ms, median, n = 2000 }) {
  const { planSync } = await import('../dist/register/plan.js');
  const { parseRecordText } = await import('../dist/check/load.js');
  const { checkRecords } = await import('../dist/check/rules.js');
  const items = Array.from({ length: n }, (_, i) => {
    const name = `pkg-${i.toString(36)}`;
    const version = `1.${i % 40}.${i % 7}`;
    const purl = `pkg:npm/${name}@${version}`;
    return {
      key: purl, ecosystem: 'npm', name, version, purl, licenses: [{ expression: i % 9 ? 'MIT' : 'Apache-2.0' }], hashes: [], scope: 'runtime',
      direct: i < 50, firstParty: false, origin: { type: 'registry' }, paths: [], dependencies: [],
      evidence: [{ file: 'package-lock.json', line: 10 + i * 12, source: 'npm' }],
      classification: { soup: true, branch: 'off-the-shelf', kind: 'library', rule: 'npm.runtime', rationale: 'SOUP (off-the-shelf): a runtime package.' },
    };
  });
  const plan = planSync({ existing: [], items, today: '2026-11-25', folder: 'soup', defaults: () => ({ safetyClass: 'B', surveillance: { frequency: 'P3M' } }) });
  const completed = (text, i) => i % 2 ? text : text.replace('status: active', [
    'safetyClassRationale: A failure delays the clinician view; the pump keeps its rate (non-serious injury).',
    'functionalRequirements:', '  - id: FR-1', '    text: Returns the status as JSON within 2 s when GET /api/status is requested.',
    'performanceRequirements:', '  - id: PR-1', '    text: Serves 50 requests per second with a 95th-percentile latency below 100 ms.',
    'prerequisites:', '  software: [Node.js 22.12]',
    'verification:', '  approach: Black-box HTTP tests.', '  tests:', '    - requirement: FR-1', '      test: status within 2 s',
    'anomalyReview:', `  version: ${items[i].version}`, '  date: 2026-11-20', '  reviewer: A', '  sources: [issues]', '  entries: []', '  conclusion: none',
    'vulnerabilityReview:', `  version: ${items[i].version}`, '  date: 2026-11-20', '  reviewer: A', '  sources: [OSV]', '  entries: []', '  conclusion: none',
    'status: active',
  ].join('\n'));
  const files = plan.writes.map((w, i) => ({ file: `soup/${w.file}`, text: completed(w.after, i) }));
  const bytes = files.reduce((a, f) => a + f.text.length, 0);
  const times = [];
  let findings = 0;
  for (let r = 0; r < warmup + runs; r++) {
    const t = performance.now();
    const records = files.map((f) => parseRecordText(f.file, f.text));
    findings = checkRecords(records, { now: new Date('2026-11-25T00:00:00Z') }).length;
    if (r >= warmup) times.push(performance.now() - t);
  }
  const m = median(times);
  console.log(`5. \`tureen check\`'s work (parse every record + every rule) over ${n} records (${(bytes / 1e6).toFixed(1)} MB of YAML; half completed) — target ≤ 1 s`);
  console.log(table(['records', 'findings', 'median ms', 'met'], [[n, findings, ms(m), m <= 1000 ? 'yes' : 'NO']]));
  console.log('  (in process, after warm-up; reading the files from disk and starting the CLI are not included)\n');
}
