/**
 * Test helpers shared by the yarn and yarn-berry tests: reading fixtures, and computations of the
 * expected sets that do NOT use the parsers under test (plain line scans of the files).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const YARN_FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');
export const BERRY_FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'yarn-berry', 'fixtures');
export const CORPUS_LOCK = path.join(
  path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..',
  'test', 'fixtures', 'corpus', 'yarn', 'pez-globo__pufferfish-software__frontend__yarn.lock',
);

export function read(file: string): string {
  return fs.readFileSync(file, 'utf8');
}

/** `name@version` lines of a production-installed.txt (the workspace symlinks, "LINK …", left out). */
export function installedList(file: string): string[] {
  return read(file).split('\n').filter((l) => l && !l.startsWith('LINK '));
}

/**
 * name@version of every entry of a yarn v1 lockfile, by a plain line scan: an entry starts at a
 * column-0 "key:" line, its first descriptor gives the name (an alias "x@npm:real@range" names
 * `real`), and its `  version "…"` line gives the version.
 */
export function v1NameVersions(text: string): string[] {
  const out: string[] = [];
  let name: string | undefined;
  for (const line of text.split('\n')) {
    if (/^[^\s#].*:$/.test(line)) {
      const first = (line.slice(0, -1).split(', ')[0] ?? '').replace(/^"|"$/g, '');
      const at = first.indexOf('@', 1);
      name = first.slice(0, at);
      const range = first.slice(at + 1);
      if (range.startsWith('npm:')) name = range.slice(4, range.indexOf('@', 5));
    } else {
      const m = /^ {2}version "(.*)"$/.exec(line);
      if (m && name !== undefined) {
        out.push(`${name}@${m[1]}`);
        name = undefined;
      }
    }
  }
  return out;
}

/**
 * name@version of every non-workspace entry of a berry lockfile, by a line scan: the package name is
 * the part of `  resolution: "name@…"` before the "@" that follows it (for an alias that is the real
 * package); the version is the entry's `  version:` line.
 */
export function berryNameVersions(text: string): string[] {
  const out: string[] = [];
  let version: string | undefined;
  for (const line of text.split('\n')) {
    const v = /^ {2}version: (.*)$/.exec(line);
    if (v) version = v[1];
    const r = /^ {2}resolution: "(.*)"$/.exec(line);
    if (r && version !== undefined) {
      const res = r[1] as string;
      const at = res.indexOf('@', 1);
      if (!res.slice(at + 1).startsWith('workspace:')) out.push(`${res.slice(0, at)}@${version}`);
      version = undefined;
    }
  }
  return out;
}
