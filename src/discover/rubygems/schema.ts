/**
 * Gemfile.lock is not JSON/YAML but Bundler's own indented text format (bundler lib/bundler/lockfile_parser.rb),
 * so there is no zod schema: these are the shapes the line parser in lockfile.ts produces.
 *
 *   GEM | GIT | PATH | PLUGIN SOURCE      a source: "  remote: …", "  revision: …" (GIT), "  specs:",
 *                                         "    name (version[-platform])" and "      dep (requirement)"
 *   PLATFORMS                             "  x86_64-linux"
 *   DEPENDENCIES                          "  name (requirement)" or "  name!" (from a GIT/PATH source)
 *   CHECKSUMS (Bundler ≥ 2.5)             "  name (version[-platform]) sha256=<hex>"
 *   RUBY VERSION / BUNDLED WITH           "   ruby 3.3.0p0" / "   2.5.6"
 */
export type SourceKind = 'GEM' | 'GIT' | 'PATH' | 'PLUGIN SOURCE';

export interface LockSource {
  kind: SourceKind;
  remote?: string;
  revision?: string;
  ref?: string;
  branch?: string;
  tag?: string;
}

export interface LockSpec {
  name: string;
  version: string;
  platform?: string;
  source: LockSource;
  /** names of the gems this one depends on */
  deps: string[];
  line: number;
}

export interface LockDependency {
  name: string;
  requirement?: string;
  /** "!" : pinned to a GIT or PATH source */
  pinned: boolean;
  line: number;
}

export interface ParsedLockfile {
  specs: LockSpec[];
  dependencies: LockDependency[];
  platforms: string[];
  /** "name (version[-platform])" → "sha256=…" parts */
  checksums: Map<string, string[]>;
  rubyVersion?: string;
  bundledWith?: string;
}
