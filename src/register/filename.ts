import { createHash } from 'node:crypto';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { TureenError } from '../model/errors.js';

/**
 * File names of SOUP records: one YAML file per (ecosystem, name) in the record folder. The version is not part of the
 * name — a version change keeps the same file, and the version lives inside the record.
 *
 * The name given must be the package's name in OSV's naming for its ecosystem (as `scan` reports it: npm
 * `@scope/name`, Maven `group:artifact`, PyPI PEP 503-normalised …). Distinct input strings always get distinct file
 * names, so two spellings of one package (PyPI `Django` / `django`, NuGet `Newtonsoft.Json` / `newtonsoft.json`) get
 * two files: normalising the name is the caller's job, and `scan` already does it.
 *
 * ## The two shapes
 *
 * Every file name is `<stem>.yaml`, the stem made only of `[a-z0-9._-]`, in one of two shapes:
 *
 * - **exact** — `<eco>-<name>`, when the pair can be written without losing anything (the common case):
 *   `npm-left-pad`, `npm--types--node` (`@types/node`), `pypi-requests`, `maven-org.slf4j__slf4j-api`,
 *   `go-github.com--spf13--cobra`, `debian.12-openssl`, `ubuntu.22.04.lts-libc6`.
 *   - `<eco>` is the ecosystem's fixed short name (ECOSYSTEM_SLUGS, or one of the release families `debian.<n>`,
 *     `ubuntu.<yy.mm>[.lts]`, `alpine.v<x.y>`, `rpm.<vendor>`), or an unknown ecosystem spelled exactly in `[a-z0-9]+`
 *     that is no known short name. It never contains `-`.
 *   - `<name>` is the name, when it is a *plain name*: an optional leading `@`, then segments joined by `/` or `:`,
 *     each segment `[a-z0-9]+` runs joined by single `.`, `_` or `-`. It is written with the leading `@` as `-`,
 *     every `/` as `--` and every `:` as `__`; everything else is copied.
 *   - the stem must not end in `--` + 8 hex digits (that is the hashed shape) and the file name must fit in 120 bytes.
 * - **hashed** — `<readable>--<hash>` for everything else (upper case, unicode, spaces, control characters, `..`,
 *   `a__b`, very long names …): `<readable>` is a best-effort lower-case rendering (`nuget-newtonsoft.json`), `<hash>`
 *   the first 8 hex digits of SHA-256 over the exact pair (`JSON.stringify([ecosystem, name])`, which is injective —
 *   it even escapes lone surrogates).
 *
 * ## Why no two pairs share a file name (also on case-insensitive file systems)
 *
 * All names are lower-case ASCII, so "equal ignoring case" is "equal".
 * - exact vs exact: the stem decodes back to the pair. `<eco>` has no `-`, so the first `-` ends it; the ecosystem
 *   slugs are distinct from each other, the families' slugs carry a `.` and a distinct prefix, and an unknown
 *   ecosystem is kept only when it is dot-free and no known slug, so `<eco>` names one ecosystem. In `<name>`,
 *   segments start and end with `[a-z0-9]` and never hold two punctuation marks in a row, so a leading `-` can only be
 *   `@`, a `--` only `/`, a `__` only `:`, and every other mark is itself.
 * - exact vs hashed: hashed stems end in `--` + 8 hex digits; exact stems are never allowed to.
 * - hashed vs hashed: the hash covers the exact pair; two pairs collide only if their readable parts are equal *and*
 *   the 32-bit hashes are (one chance in 4·10⁹ for such a pair).
 */

/** OSV ecosystem names (and Tureen's own, see util/ecosystem.ts) → short name in file names. No `-`; distinct. */
export const ECOSYSTEM_SLUGS: ReadonlyMap<string, string> = new Map([
  ['npm', 'npm'], ['PyPI', 'pypi'], ['crates.io', 'crates.io'], ['Go', 'go'], ['Maven', 'maven'], ['NuGet', 'nuget'],
  ['Packagist', 'packagist'], ['RubyGems', 'rubygems'], ['Pub', 'pub'], ['SwiftURL', 'swifturl'],
  ['ConanCenter', 'conancenter'], ['Hex', 'hex'], ['Hackage', 'hackage'], ['CRAN', 'cran'], ['Bitnami', 'bitnami'],
  ['Julia', 'julia'], ['GHC', 'ghc'], ['Android', 'android'], ['Linux', 'linux'], ['OSS-Fuzz', 'ossfuzz'],
  ['CocoaPods', 'cocoapods'], ['conda', 'conda'], ['CPAN', 'cpan'], ['GIT', 'git'], ['Docker', 'docker'],
  ['HuggingFace', 'huggingface'], ['generic', 'generic'], ['vcpkg', 'vcpkg'], ['PlatformIO', 'platformio'],
  ['Debian', 'debian'], ['Ubuntu', 'ubuntu'], ['Alpine', 'alpine'], ['Wolfi', 'wolfi'], ['Chainguard', 'chainguard'],
  ['Red Hat', 'redhat'], ['Rocky Linux', 'rockylinux'], ['AlmaLinux', 'almalinux'], ['openSUSE', 'opensuse'],
  ['SUSE', 'suse'], ['Mariner', 'mariner'], ['Azure Linux', 'azurelinux'], ['Photon OS', 'photonos'],
  ['openEuler', 'openeuler'], ['rpm', 'rpm'],
]);

const KNOWN_SLUGS: ReadonlySet<string> = new Set(ECOSYSTEM_SLUGS.values());

/**
 * Release families: an exact regular expression over the ecosystem and its slug. Each slug starts with its own
 * `<base>.` prefix and copies the captured part verbatim, so a family is injective and families never meet; every
 * family slug has a `.`, which no unknown ecosystem kept as-is has.
 */
const FAMILIES: readonly { re: RegExp; slug: (m: RegExpExecArray) => string }[] = [
  { re: /^Debian:(\d+(?:\.\d+)*)$/, slug: (m) => `debian.${m[1]}` },
  // "ubuntu.22.04" ends in a digit, "ubuntu.22.04.lts" in "lts": the two Ubuntu shapes never meet
  { re: /^Ubuntu:(\d+(?:\.\d+)*)$/, slug: (m) => `ubuntu.${m[1]}` },
  { re: /^Ubuntu:(\d+(?:\.\d+)*):LTS$/, slug: (m) => `ubuntu.${m[1]}.lts` },
  { re: /^Alpine:v(\d+(?:\.\d+)*)$/, slug: (m) => `alpine.v${m[1]}` },
  { re: /^rpm:([a-z0-9]+)$/, slug: (m) => `rpm.${m[1]}` },
];

/** The exact short name of an ecosystem in file names, or undefined when it cannot be written without loss. */
export function ecosystemSlug(ecosystem: string): string | undefined {
  const known = ECOSYSTEM_SLUGS.get(ecosystem);
  if (known !== undefined) return known;
  for (const f of FAMILIES) {
    const m = f.re.exec(ecosystem);
    if (m) return f.slug(m);
  }
  if (/^[a-z0-9]+$/.test(ecosystem) && !KNOWN_SLUGS.has(ecosystem)) return ecosystem;
  return undefined;
}

/** A plain name: optional leading `@`, segments of `[a-z0-9]+` runs joined by one `.`/`_`/`-`, joined by `/` or `:`. */
const PLAIN_NAME = /^@?[a-z0-9]+(?:[._-][a-z0-9]+)*(?:[/:][a-z0-9]+(?:[._-][a-z0-9]+)*)*$/;

/** The exact rendering of a plain name, or undefined when the name is not plain. */
function nameSlug(name: string): string | undefined {
  if (!PLAIN_NAME.test(name)) return undefined;
  return name.replace(/^@/, '-').replaceAll('/', '--').replaceAll(':', '__');
}

export const MAX_FILE_NAME_BYTES = 120;
const EXT = '.yaml';
const HASH_LEN = 8;
/** The end of every hashed stem, and of no exact one. */
const HASHED_END = new RegExp(`--[0-9a-f]{${HASH_LEN}}$`);

/** Windows device names, reserved with any extension too (`con.txt`, `nul.tar.gz`). */
const RESERVED = /^(?:con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;

/** Does this name look safe as a record file name (alphabet, start, length, not reserved, not `.`/`..`)? */
export function isSafeFileName(fileName: string): boolean {
  if (!/^[a-z0-9][a-z0-9._-]*$/.test(fileName)) return false;
  if (Buffer.byteLength(fileName, 'utf8') > MAX_FILE_NAME_BYTES) return false;
  if (/[. ]$/.test(fileName)) return false;
  const stem = fileName.split('.')[0] ?? '';
  return !RESERVED.test(stem);
}

/** Best-effort readable lower-case ASCII: accents dropped, each odd run → `-`, lone `.`/`_`/`-` kept; trimmed. */
function readable(s: string, keepMarks: boolean): string {
  const ascii = s.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
  const out = ascii.replace(/[^a-z0-9]+/g, (run) => (keepMarks && /^[._-]$/.test(run) ? run : '-'));
  return out.replace(/^[._-]+|[._-]+$/g, '');
}

function cut(s: string, max: number): string {
  return s.length <= max ? s : s.slice(0, max).replace(/[._-]+$/, '');
}

function shortHash(ecosystem: string, name: string): string {
  return createHash('sha256').update(JSON.stringify([ecosystem, name]), 'utf8').digest('hex').slice(0, HASH_LEN);
}

export interface RecordItem {
  ecosystem: string;
  name: string;
  version?: string;
}

/** The file name (no folder) of an item's record: `<stem>.yaml`, safe and distinct for every distinct pair. */
export function recordFileName(item: RecordItem): string {
  const { ecosystem, name } = item;
  if (typeof ecosystem !== 'string' || typeof name !== 'string') {
    throw new TureenError({
      code: 'input.malformed',
      message: 'a SOUP item needs an ecosystem and a name (both text) to name its record file',
      fix: 'Give the item its OSV ecosystem and package name.',
    });
  }
  const eco = ecosystemSlug(ecosystem);
  const nm = nameSlug(name);
  if (eco !== undefined && nm !== undefined) {
    const stem = `${eco}-${nm}`;
    const file = stem + EXT;
    if (!HASHED_END.test(stem) && isSafeFileName(file)) return file;
  }
  // hashed: <eco>-<name>--<hash>, the readable part cut to fit (ecosystem ≤ 32, the name the rest)
  const room = MAX_FILE_NAME_BYTES - EXT.length - 2 - HASH_LEN;
  const ecoPart = cut(eco ?? readable(ecosystem, false), 32) || 'unknown';
  const namePart = cut(readable(name, true), room - ecoPart.length - 1);
  const stem = `${namePart ? `${ecoPart}-${namePart}` : ecoPart}--${shortHash(ecosystem, name)}`;
  return stem + EXT;
}

/**
 * Where an item's record lives: `folder/<recordFileName>`. Checks (again) that the result is one safe file directly
 * inside `folder`, and throws a TureenError otherwise — a hostile package name never writes outside the folder.
 */
export function recordPath(folder: string, item: RecordItem): string {
  return insideFolder(folder, recordFileName(item));
}

/** `folder/fileName`, verified to be a safe file name directly inside `folder`; a TureenError otherwise. */
export function insideFolder(folder: string, fileName: string): string {
  const path = join(folder, fileName);
  const rel = relative(resolve(folder), resolve(path));
  if (!isSafeFileName(fileName) || rel !== fileName || rel.includes(sep) || isAbsolute(rel) || rel.startsWith('..')) {
    throw new TureenError({
      code: 'output.write',
      file: path,
      message: `refusing to write a record outside the record folder "${folder}" (file name ${JSON.stringify(fileName)})`,
      fix: 'This is a bug in Tureen: report it with the package name that caused it.',
    });
  }
  return path;
}
