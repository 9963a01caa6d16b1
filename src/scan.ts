import { resolve } from 'node:path';
import { classify } from './classify/index.js';
import { loadConfig } from './config/load.js';
import { discover } from './discover/scan.js';
import { REPO_SOURCES, SOURCES } from './discover/sources.js';
import type { RepoSource, Source } from './discover/source.js';
import type { FileReport, Inventory } from './model/inventory.js';
import { TOOL } from './version.js';

export interface ScanOptions {
  /** Config file to use instead of `<dir>/tureen.config.yaml`. */
  config?: string;
  /** Extra gitignore-style patterns to skip. */
  exclude?: readonly string[];
  /** Sources to run (default: all). */
  sources?: readonly Source[];
  /** Whole-repository sources to run (default: all). */
  repoSources?: readonly RepoSource[];
  onFile?: (report: FileReport) => void;
}

/** discover → classify: the inventory of a device repository. */
export async function scan(dir: string, opts: ScanOptions = {}): Promise<Inventory> {
  const root = resolve(dir);
  const { config, file: configFile } = loadConfig(root, opts.config);
  const found = discover(root, {
    sources: opts.sources ?? SOURCES,
    repoSources: opts.repoSources ?? REPO_SOURCES,
    config,
    ...(configFile ? { configFile } : {}),
    exclude: [...(config.scan?.exclude ?? []), ...(opts.exclude ?? [])],
    onFile: opts.onFile,
  });
  return {
    root,
    tool: TOOL,
    timestamp: new Date().toISOString(),
    config,
    ...(configFile ? { configFile } : {}),
    components: classify(found.components, config, configFile),
    findings: found.findings,
    files: found.files,
  };
}
