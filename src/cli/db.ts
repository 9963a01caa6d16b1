import { dirname, join } from 'node:path';
import { Command, Option } from 'commander';
import { TureenError } from '../model/errors.js';
import { printable } from '../report/table.js';
import { defaultStorePath } from '../advisories/store/path.js';
import type { ImportStats, StoreStatus } from '../advisories/store/store.js';

// The store and the readers are loaded when a db command runs: better-sqlite3 is a native module, and every other
// command would otherwise pay for loading it.
const loadStore = () => import('../advisories/store/store.js');
const loadDump = () => import('../advisories/osv-dump/import.js');
const loadEnrich = () => import('../advisories/enrich.js');

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}

function seconds(start: number): string {
  return `${((performance.now() - start) / 1000).toFixed(1)} s`;
}

function counts(s: ImportStats): string {
  return `${s.added} added, ${s.updated} updated, ${s.withdrawn} withdrawn, ${s.unchanged} unchanged, ${s.invalidCount} refused`;
}

function refusals(s: ImportStats): string {
  if (s.invalidCount === 0) return '';
  const head = s.invalidCount > s.invalid.length ? `refused (the first ${s.invalid.length} of ${s.invalidCount}):` : 'refused:';
  const lines = s.invalid.map((r) => `  ${printable(r.where)}${r.id ? ` (${printable(r.id)})` : ''}: ${printable(r.path)}: ${printable(r.message)}`);
  return `${head}\n${lines.join('\n')}\n`;
}

const dbOption = () => new Option('--db <file>', 'the advisory store (default: TUREEN_DB, else the user cache folder)');

/** `tureen db import|update|status`: the local advisory store, for reviews without network. */
export function dbCommand(setExit: (code: number) => void): Command {
  const db = new Command('db')
    .description('the local advisory store: OSV exports imported once, vulnerabilities reviewed offline')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();

  db.command('import')
    .description('import OSV exports (all.zip files from https://osv-vulnerabilities.storage.googleapis.com/<ecosystem>/all.zip, folders of OSV JSON such as a clone of github/advisory-database, .json files), CISA\'s KEV catalogue (known_exploited_vulnerabilities.json), FIRST\'s EPSS scores (epss_scores-YYYY-MM-DD.csv.gz) and NVD CVE records (an NVD API 2.0 answer or 2.0 data feed, .json or .json.gz)')
    .argument('<paths...>', 'zips, folders and files, imported in this order')
    .addOption(dbOption())
    .action(async (paths: string[], o: { db?: string }) => {
      const start = performance.now();
      const { AdvisoryStore } = await loadStore();
      const { importPaths } = await loadDump();
      const { enrichmentKind, importEnrichment } = await loadEnrich();
      const store = AdvisoryStore.open(o.db ?? defaultStorePath());
      try {
        const enrich = paths.map((p) => ({ p, kind: enrichmentKind(p) }));
        const osv = enrich.filter((x) => !x.kind).map((x) => x.p);
        for (const e of enrich) if (e.kind) process.stdout.write(`${printable(e.p)}: ${printable(importEnrichment(store, e.p, e.kind).detail)}\n`);
        if (osv.length) {
          const s = await importPaths(store, osv);
          process.stdout.write(`Imported ${s.files} JSON documents from ${osv.length} ${osv.length === 1 ? 'path' : 'paths'} into ${printable(store.path)} in ${seconds(start)}: ${counts(s)}.\n${refusals(s)}`);
        }
      } finally {
        store.close();
      }
    });

  db.command('update')
    .description('download OSV\'s export of each ecosystem and import it (incrementally: only newer records change)')
    .option('--ecosystem <names...>', 'OSV ecosystems (npm, PyPI, Maven, Go, crates.io, Debian …); default: those already in the store')
    .addOption(dbOption())
    .option('--url <base>', 'the export bucket or a mirror of it', 'https://osv-vulnerabilities.storage.googleapis.com')
    .option('--cache <dir>', 'where the downloaded zips are kept (default: osv-exports/ beside the store)')
    .option('--no-kev', 'do not fetch CISA\'s KEV catalogue')
    .action(async (o: { ecosystem?: string[]; db?: string; url: string; cache?: string; kev: boolean }) => {
      const start = performance.now();
      const { AdvisoryStore } = await loadStore();
      const { updateFromOsv, storedEcosystems } = await loadDump();
      const store = AdvisoryStore.open(o.db ?? defaultStorePath());
      try {
        const ecosystems = o.ecosystem?.length ? o.ecosystem : storedEcosystems(store);
        if (!ecosystems.length) {
          throw new TureenError({ code: 'usage', file: store.path, message: 'the advisory store holds no ecosystem yet, so there is nothing to update', fix: 'Name the ecosystems your device ships: tureen db update --ecosystem npm PyPI' });
        }
        const r = await updateFromOsv(store, ecosystems, { baseUrl: o.url, cacheDir: o.cache ?? join(dirname(store.path), 'osv-exports'), progress: (m) => process.stderr.write(`${printable(m)}…\n`) });
        for (const e of r.ecosystems) {
          if (e.outcome === 'imported' && e.stats) process.stdout.write(`${printable(e.ecosystem)}: ${size(e.bytes ?? 0)}, ${e.stats.files} documents: ${counts(e.stats)}.\n${refusals(e.stats)}`);
          else if (e.outcome === 'not-found') process.stderr.write(`${printable(e.ecosystem)}: no export at ${printable(e.url)}\n  fix: check the ecosystem's name (OSV spells them npm, PyPI, Maven, Go, crates.io, NuGet, Debian …) or the --url\n`);
          else process.stderr.write(`${printable(e.ecosystem)}: not updated: ${printable(e.error ?? 'failed')}\n`);
        }
        if (o.kev) {
          const { updateKev } = await loadEnrich();
          try {
            process.stdout.write(`${printable(await updateKev(store))}.\n`);
          } catch (e) {
            process.stderr.write(`KEV catalogue not updated: ${printable((e as Error).message)}\n`);
          }
        }
        const failed = r.ecosystems.filter((e) => e.outcome !== 'imported').length;
        process.stdout.write(`Updated ${r.ecosystems.length - failed} of ${r.ecosystems.length} ${r.ecosystems.length === 1 ? 'ecosystem' : 'ecosystems'} in ${printable(store.path)} in ${seconds(start)}: ${counts(r.total)}.\n`);
        if (failed) setExit(2);
      } finally {
        store.close();
      }
    });

  db.command('status')
    .description('what the advisory store holds: advisories per ecosystem, enrichment, and what was imported when')
    .addOption(dbOption())
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (o: { db?: string; format: 'text' | 'json' }) => {
      const { AdvisoryStore } = await loadStore();
      const store = AdvisoryStore.open(o.db ?? defaultStorePath(), { readonly: true });
      try {
        const s = store.status();
        process.stdout.write(o.format === 'json' ? `${JSON.stringify(s, null, 2)}\n` : renderStatus(s));
      } finally {
        store.close();
      }
    });

  return db;
}

function renderStatus(s: StoreStatus): string {
  const eco = Object.entries(s.byEcosystem).map(([k, n]) => `${printable(k)} ${n}`);
  const lines = [
    `Advisory store ${printable(s.path)} (${size(s.sizeBytes)})`,
    `  ${s.advisories} advisories (${s.withdrawn} withdrawn)${s.newestModified ? `, newest modified ${printable(s.newestModified)}` : ''}`,
    `  by ecosystem: ${eco.length ? eco.join(', ') : 'none'}`,
    `  enrichment: KEV ${s.kev}, EPSS ${s.epss}, NVD ${s.nvd}`,
    s.sources.length ? '  sources:' : '  sources: none',
    ...s.sources.map((x) => `    ${printable(x.name)}  ${printable(x.updatedAt)}${x.detail ? `  ${printable(x.detail)}` : ''}`),
  ];
  return `${lines.join('\n')}\n`;
}
