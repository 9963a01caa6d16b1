import type { Component } from '../model/component.js';
import type { Finding } from '../model/finding.js';

/** A read-only view of the scanned repository: the files the walk found, and their text. */
export interface RepoView {
  /** Repository-relative POSIX paths of every file the walk kept (ignored files are absent). */
  readonly files: readonly string[];
  /** The text of a repository-relative file, or undefined when it is absent or unreadable. */
  read(path: string): string | undefined;
  /** True when the walk kept this path. */
  has(path: string): boolean;
}

export interface ExtractResult {
  components: Component[];
  findings: Finding[];
}

/**
 * One kind of file that shows SOUP. Every source folder exports one of these from index.ts.
 * `extract` reads what it needs through the RepoView and hands the text to a pure parser
 * (extract.ts); it throws TureenError for input it cannot read.
 */
export interface Source {
  /** Stable id, used in evidence and rule ids: 'npm', 'yarn', 'pnpm', 'bun', 'package-json'. */
  readonly id: string;
  /** OSV ecosystem of what it finds. */
  readonly ecosystem: string;
  /** One line for --verbose and the README. */
  readonly description: string;
  /** Does this source read the file at this repository-relative path? */
  matches(path: string): boolean;
  extract(path: string, repo: RepoView): ExtractResult;
}

/** An in-memory RepoView, for tests and for callers that already hold the files. */
export function memoryRepo(files: Record<string, string>): RepoView {
  const map = new Map(Object.entries(files));
  return {
    files: [...map.keys()].sort(),
    read: (p) => map.get(p),
    has: (p) => map.has(p),
  };
}
