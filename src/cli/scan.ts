import { Command, Option } from 'commander';
import type { FileReport, Inventory } from '../model/inventory.js';
import { toJson } from '../report/json.js';
import { printable, toTable } from '../report/table.js';
import { scan } from '../scan.js';
import { writeFileAtomic } from '../util/fs.js';

export const SCAN_FORMATS = ['table', 'json', 'cyclonedx'] as const;
type ScanFormat = (typeof SCAN_FORMATS)[number];

const RENDER: Record<ScanFormat, (inv: Inventory) => string | Promise<string>> = {
  table: toTable,
  json: toJson,
  // loaded only when asked for: the CycloneDX library costs ~70 ms of start-up
  cyclonedx: async (inv) => (await import('../report/cyclonedx.js')).toCycloneDxJson(inv),
};

/** `tureen scan [dir]`: wiring only; the work is `scan()` and the renderers. */
export function scanCommand(setExit: (code: number) => void): Command {
  return new Command('scan')
    .description('find every third-party package in a device repository and decide for each whether it is SOUP, and why')
    .argument('[dir]', 'the device repository to scan', '.')
    .addOption(new Option('-f, --format <format>', 'output format').choices(SCAN_FORMATS).default('table'))
    .option('-o, --out <file>', 'write the output to this file (atomically) instead of standard output')
    .option('-c, --config <file>', 'config file to use instead of <dir>/tureen.config.yaml')
    .option('--exclude <pattern...>', 'extra gitignore-style patterns to skip')
    .option('--strict', 'exit 2 when any file cannot be read (default: report it and scan the rest)')
    .option('-v, --verbose', 'print each file read, by which source, how many components and how long it took')
    .action(async (dir: string, o: { format: ScanFormat; out?: string; config?: string; exclude?: string[]; strict?: boolean; verbose?: boolean }) => {
      const inv = await scan(dir, {
        config: o.config,
        exclude: o.exclude,
        onFile: o.verbose
          ? (r) => process.stderr.write(`${r.file === '.' ? `(whole repository${r.read !== undefined ? `, ${r.read} file${r.read === 1 ? '' : 's'} read` : ''})` : printable(r.file)}: ${r.source}, ${r.components} component${r.components === 1 ? '' : 's'}, ${r.ms.toFixed(1)} ms${r.error ? ' — ERROR' : ''}\n`)
          : undefined,
      });
      if (o.verbose) process.stderr.write(sourceSummary(inv.files));
      const text = await RENDER[o.format](inv);
      if (o.out) writeFileAtomic(o.out, text);
      else process.stdout.write(text);
      const broken = inv.files.filter((f) => f.error);
      for (const f of broken) {
        const e = f.error!;
        const where = `${printable(f.file)}${e.line ? `:${e.line}${e.column ? `:${e.column}` : ''}` : ''}${e.key ? ` (${printable(e.key)})` : ''}`;
        process.stderr.write(`tureen: ${where}: ${printable(e.message)}\n  fix: ${printable(e.fix)}\n`);
      }
      if (broken.length && o.strict) setExit(2);
    });
}

/** One line per source for --verbose: files read, components found, total time, slowest first. */
export function sourceSummary(files: readonly FileReport[]): string {
  const by = new Map<string, { files: number; components: number; ms: number; errors: number }>();
  for (const f of files) {
    const s = by.get(f.source) ?? { files: 0, components: 0, ms: 0, errors: 0 };
    s.files += f.file === '.' ? (f.read ?? 0) : 1;
    s.components += f.components;
    s.ms += f.ms;
    if (f.error) s.errors++;
    by.set(f.source, s);
  }
  const rows = [...by].sort((a, b) => b[1].ms - a[1].ms);
  const lines = rows.map(([id, s]) => `  ${id}: ${s.files} file${s.files === 1 ? '' : 's'}, ${s.components} component${s.components === 1 ? '' : 's'}, ${s.ms.toFixed(1)} ms${s.errors ? `, ${s.errors} error${s.errors === 1 ? '' : 's'}` : ''}`);
  return `per source (slowest first):\n${lines.join('\n')}\n`;
}
