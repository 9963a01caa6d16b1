import type { Component } from '../model/component.js';
import { TureenError } from '../model/errors.js';
import type { Config } from '../model/config.js';
import type { Finding } from '../model/finding.js';

/** A read-only view of the scanned repository: the files the walk found, and their contents. */
export interface RepoView {
  /** Repository-relative POSIX paths of every file the walk kept (ignored files are absent). */
  readonly files: readonly string[];
  /** The text (UTF-8) of a repository-relative file, or undefined when it is absent or unreadable. */
  read(path: string): string | undefined;
  /** True when the walk kept this path. */
  has(path: string): boolean;
  /** The raw bytes of a file (jars, model headers), or undefined when absent, unreadable or too large. */
  bytes(path: string): Uint8Array | undefined;
  /** The first `n` bytes of a file decoded as UTF-8 (to recognise a format by its content), cheaply. */
  head(path: string, n?: number): string | undefined;
  /** Size in bytes, or undefined when absent. */
  size(path: string): number | undefined;
  /**
   * Absolute path on disk, for what must stream a file too big to read at once (hashing a model)
   * or run git on it; undefined for in-memory repositories.
   */
  abs(path: string): string | undefined;
}

export interface ExtractResult {
  components: Component[];
  findings: Finding[];
}

/** What a source may know beyond the files: the absolute root (for git) and the loaded config. */
export interface SourceContext {
  /** Absolute path of the scanned folder, or undefined for an in-memory repository. */
  root?: string;
  config: Config;
  /** Repository-relative path of the config file, when one was read. */
  configFile?: string;
}

/**
 * One kind of file that shows SOUP. Every source folder exports one of these from index.ts.
 * `extract` reads what it needs through the RepoView and hands the text to a pure parser
 * (extract.ts); it throws TureenError for input it cannot read.
 */
export interface Source {
  /** Stable id, used in evidence and rule ids: 'npm', 'yarn', 'pnpm', 'bun', 'package-json'. */
  readonly id: string;
  /** OSV ecosystem of what it finds (or a short family name when it spans several, e.g. 'Debian'). */
  readonly ecosystem: string;
  /** One line for --verbose and the README. */
  readonly description: string;
  /**
   * Does this source read the file at this repository-relative path? Decide by name first; a source that
   * recognises files by content (SBOMs) may peek with `repo.head(path)` for candidate names only.
   */
  matches(path: string, repo?: RepoView): boolean;
  /** Set for binary files (jars): the scan then does not read the file as text before `extract`. */
  readonly binary?: boolean;
  extract(path: string, repo: RepoView, ctx?: SourceContext): ExtractResult;
}

/**
 * A source that looks at the repository as a whole rather than at one file: vendored folders, model files,
 * the config's declared items, git history. Runs once per scan, after the file sources.
 */
export interface RepoSource {
  readonly id: string;
  readonly ecosystem: string;
  readonly description: string;
  /** `files` lists the repository-relative files it read (for --verbose); components and findings as usual. */
  extractRepo(repo: RepoView, ctx?: SourceContext): ExtractResult & { files?: string[] };
}

/** An in-memory RepoView, for tests and for callers that already hold the files. */
export function memoryRepo(files: Record<string, string | Uint8Array>): RepoView {
  const map = new Map(Object.entries(files));
  const enc = new TextEncoder();
  const dec = new TextDecoder();
  const asBytes = (v: string | Uint8Array) => (typeof v === 'string' ? enc.encode(v) : v);
  return {
    files: [...map.keys()].sort(),
    read: (p) => {
      const v = map.get(p);
      return v === undefined ? undefined : typeof v === 'string' ? v : dec.decode(v);
    },
    has: (p) => map.has(p),
    bytes: (p) => {
      const v = map.get(p);
      return v === undefined ? undefined : asBytes(v);
    },
    head: (p, n = 4096) => {
      const v = map.get(p);
      return v === undefined ? undefined : dec.decode(asBytes(v).subarray(0, n));
    },
    size: (p) => {
      const v = map.get(p);
      return v === undefined ? undefined : asBytes(v).byteLength;
    },
    abs: () => undefined,
  };
}

/** The text of a file the scan matched, or the typed error every source raises when it cannot be read. */
export function readText(repo: RepoView, path: string): string {
  const text = repo.read(path);
  if (text === undefined) throw unreadable(path);
  return text;
}

export function unreadable(path: string): TureenError {
  return new TureenError({ code: 'input.unreadable', file: path, message: 'cannot read the file', fix: 'Check that the file exists and is readable.' });
}
