import { z } from 'zod';

/**
 * How to read a version out of a file: regexes with named groups over the head of the file, combined by a template.
 * Pure data: the engine has no per-library code.
 */
export const VersionRule = z.object({
  /** The file to read, relative to the library root; default: the marker file itself. */
  file: z.string().min(1).optional(),
  /**
   * Regular expressions (JavaScript syntax, compiled with the `m` flag, case-sensitive) applied one by one to the
   * file's head. The named groups of every pattern that matches are pooled; the line of the first match is the evidence.
   */
  patterns: z.array(z.string().min(1)).min(1),
  /**
   * How the version is built from the groups: `{v}` (the default), `{major}.{minor}.{patch}`, `{main:hex}` (a hex
   * number as decimal), `{x:int}` (a number without leading zeros or C suffixes), `[-{extra}]` (a part kept only when
   * every group inside it is non-empty).
   */
  template: z.string().min(1).optional(),
  /** How many bytes of the file's head to read (default 64 KiB). */
  headBytes: z.number().int().positive().max(1 << 20).optional(),
});
export type VersionRule = z.infer<typeof VersionRule>;

export const FingerprintKind = z.enum(['vendored-code', 'driver-bsp', 'framework']);

/** One third-party library that Tureen recognises in a source tree by a marker file. */
export const Fingerprint = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/),
  /** Display name; may use the groups of the version patterns, e.g. "STM32{family} HAL driver". */
  display: z.string().min(1),
  /** Component name (OSV naming where an ecosystem exists, else the upstream project's own name); may use groups. */
  name: z.string().min(1),
  /** purl without version: `pkg:github/<owner>/<repo>`, `pkg:npm/<name>`, `pkg:generic/<name>`; may use groups. */
  purl: z.string().regex(/^pkg:[a-z]+\//),
  /** OSV ecosystem when the library has one (npm for the JavaScript libraries), else "generic". */
  ecosystem: z.string().min(1).default('generic'),
  /** NVD CPE vendor:product, for CVE matching later. */
  cpe: z.string().regex(/^[a-z0-9_.\\-]+:[a-z0-9_.\\-]+$/).optional(),
  /** SPDX licence expression of the upstream library. */
  license: z.string().optional(),
  kind: FingerprintKind,
  homepage: z.string().url().optional(),
  /**
   * Marker files as path-suffix globs starting with `** /` (no space), e.g. `** /include/task.h` (no space); `*` matches inside one
   * path segment; segments compare case-insensitively. The library's root is the folder where the suffix starts.
   */
  markers: z.array(z.string().regex(/^\*\*\/[^*]|^\*\*\/\*[^/]/)).min(1),
  /** Extra folder levels above the suffix start that still belong to the library (default 0). */
  rootUp: z.number().int().min(0).max(5).optional(),
  /** The marker file is the whole library (a minified script): the item's folder is the file itself. */
  single: z.boolean().optional(),
  /** A regex that must match the marker's head (default: the first version rule's first pattern must match). */
  confirm: z.string().optional(),
  /** A regex that, when it matches the marker's head, means it is another library (zlib-ng's zlib.h is not zlib). */
  unless: z.string().optional(),
  /** Files (relative to the root) that must exist too, for generic marker names such as VERSION. */
  requires: z.array(z.string().min(1)).optional(),
  /** Ways to find the version, tried in order; the first that yields one wins. */
  version: z.array(VersionRule).min(1),
}).strict();
export type Fingerprint = z.input<typeof Fingerprint>;
export const Catalogue = z.array(Fingerprint);
