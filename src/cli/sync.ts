import { Command } from 'commander';
import { printable } from '../report/table.js';
import { sync } from '../register/sync.js';

/** `tureen sync [dir]`: keep one record per SOUP item in the record folder. */
export function syncCommand(setExit: (code: number) => void): Command {
  return new Command('sync')
    .description('scan, then create, update or mark removed one SOUP record per item in the record folder (never loses what a person wrote)')
    .argument('[dir]', 'the device repository', '.')
    .option('-c, --config <file>', 'config file instead of <dir>/tureen.config.yaml')
    .option('--exclude <pattern...>', 'extra gitignore-style patterns to skip')
    .option('--dry-run', 'print what would change, as a unified diff, and write nothing')
    .option('--offline', 'registry metadata from the cache (.tureen/cache/registry) only: never a network request')
    .action(async (dir: string, o: { config?: string; exclude?: string[]; dryRun?: boolean; offline?: boolean }) => {
      const r = await sync(dir, { ...(o.config ? { config: o.config } : {}), ...(o.exclude ? { exclude: o.exclude } : {}), ...(o.dryRun ? { dryRun: true } : {}), ...(o.offline ? { offline: true } : {}) });
      if (r.diff) process.stdout.write(r.diff);
      const count = (a: string) => r.plan.writes.filter((w) => w.action === a).length;
      for (const w of r.plan.writes) process.stderr.write(`${o.dryRun ? 'would ' : ''}${w.action === 'create' ? 'create' : w.action === 'remove' ? 'mark removed' : 'update'} ${printable(`${r.folder}/${w.file}`)}${w.what !== 'new' && w.what !== 'removed' ? ` (${printable(w.what)})` : ''}\n`);
      for (const f of r.findings) {
        process.stderr.write(`${f.severity.toUpperCase()} ${f.rule} ${printable(f.file ?? '')}${f.line ? `:${f.line}` : ''}: ${printable(f.message)}\n  fix: ${printable(f.fix)}\n`);
      }
      process.stderr.write(`${r.folder}/: ${count('create')} created, ${count('update')} updated, ${count('remove')} marked removed, ${r.plan.unchanged} unchanged${o.dryRun ? ' (dry run: nothing written)' : ''}.\n`);
      if (r.findings.some((f) => f.severity === 'error')) setExit(1);
    });
}
