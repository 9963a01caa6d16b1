import { performance } from 'node:perf_hooks';
import type { Component } from '../model/component.js';
import { TureenError } from '../model/errors.js';
import type { Finding } from '../model/finding.js';
import type { FileReport } from '../model/inventory.js';
import { linkSubmoduleFingerprints } from './link.js';
import { mergeComponents } from './merge.js';
import type { Config } from '../model/config.js';
import type { RepoSource, Source, SourceContext } from './source.js';
import { diskRepo, walk } from './walk.js';

export interface DiscoverOptions {
  sources: readonly Source[];
  /** Sources that look at the whole repository (vendored code, models, declared items, git history). */
  repoSources?: readonly RepoSource[];
  config?: Config;
  configFile?: string;
  exclude?: readonly string[];
  /** Called after each file is read (for --verbose). */
  onFile?: (report: FileReport) => void;
}

export interface DiscoverResult {
  components: Component[];
  findings: Finding[];
  files: FileReport[];
}

/**
 * Walk the folder, run every source on the files it matches, and merge what they found into one
 * component per purl. A file that cannot be read becomes an error finding and a FileReport with the
 * error; the other files are still read.
 */
export function discover(root: string, opts: DiscoverOptions): DiscoverResult {
  const files = walk(root, { exclude: opts.exclude });
  const repo = diskRepo(root, files);
  const ctx: SourceContext = { root, config: opts.config ?? {}, ...(opts.configFile ? { configFile: opts.configFile } : {}) };
  const found: Component[] = [];
  const findings: Finding[] = [];
  const reports: FileReport[] = [];
  const failed = (file: string, source: string, t0: number, e: unknown) => {
    const err = e instanceof TureenError ? e : internalError(file, source, e);
    findings.push({
      rule: err.code === 'input.too-large' ? 'input.too-large' : err.code === 'input.unreadable' ? 'input.unreadable' : 'input.malformed',
      severity: 'error',
      message: err.message,
      file: err.file ?? file,
      ...(err.place?.line !== undefined ? { line: err.place.line } : {}),
      fix: err.fix,
    });
    return { file, source, components: 0, ms: performance.now() - t0, error: { message: err.message, fix: err.fix, ...err.place } };
  };
  const report = (r: FileReport) => {
    reports.push(r);
    opts.onFile?.(r);
  };
  for (const file of files) {
    for (const source of opts.sources) {
      if (!source.matches(file, repo)) continue;
      const t0 = performance.now();
      try {
        if (!source.binary) repo.readOrThrow(file);
        const res = source.extract(file, repo, ctx);
        found.push(...res.components);
        findings.push(...res.findings);
        report({ file, source: source.id, components: res.components.length, ms: performance.now() - t0 });
      } catch (e) {
        report(failed(file, source.id, t0, e));
      }
    }
  }
  for (const source of opts.repoSources ?? []) {
    const t0 = performance.now();
    try {
      const res = source.extractRepo(repo, ctx);
      found.push(...res.components);
      findings.push(...res.findings);
      report({ file: '.', source: source.id, components: res.components.length, ms: performance.now() - t0, ...(res.files ? { read: res.files.length } : {}) });
    } catch (e) {
      report(failed('.', source.id, t0, e));
    }
  }
  return { components: linkSubmoduleFingerprints(mergeComponents(found)), findings, files: reports };
}

/** A bug in a source must not hide the other files: report it against the file, as a typed error. */
function internalError(file: string, source: string, e: unknown): TureenError {
  const msg = e instanceof Error ? e.message : String(e);
  return new TureenError({
    code: 'input.malformed',
    file,
    message: `the ${source} reader failed on this file (${msg})`,
    fix: 'This is a Tureen bug: please report it with the file (or a redacted copy). The other files were scanned.',
    cause: e,
  });
}
