// One measurement in a fresh process, so that its peak memory (maxRSS) is its own:
//   node bench/scan-child.mjs scan <folder>          → scan(folder) with the built library
//   node bench/scan-child.mjs parse <file> <format>  → only the bare parse of the file (npm | yarn | pnpm)
//   node bench/scan-child.mjs noop                   → nothing: the baseline of an empty Node process
// Prints one JSON line: { ms, maxRssKiB, hwmKiB, count } (count: components found, or top-level entries parsed).
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const [what, target, format] = process.argv.slice(2);
const started = performance.now();
let count;
if (what === 'scan') {
  const { scan } = await import('../dist/index.js');
  count = (await scan(target)).components.length;
} else if (what === 'parse') {
  const { BARE_PARSERS } = await import('./parsers.mjs');
  const parsed = (await BARE_PARSERS[format]())(readFileSync(target, 'utf8'));
  count = parsed && typeof parsed === 'object' ? Object.keys(parsed.packages ?? parsed).length : 0;
} else if (what === 'noop') {
  count = 0;
} else {
  console.error('usage: node bench/scan-child.mjs scan <folder> | parse <file> <npm|yarn|pnpm>');
  process.exit(2);
}
const ms = performance.now() - started;
// maxRSS is in kibibytes (getrusage ru_maxrss). VmHWM, the same peak read from the kernel's own status of this
// process (Linux only), is printed beside it as a cross-check.
let hwmKiB;
try {
  hwmKiB = Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]) || undefined;
} catch { /* not Linux */ }
console.log(JSON.stringify({ ms, maxRssKiB: process.resourceUsage().maxRSS, hwmKiB, count }));
