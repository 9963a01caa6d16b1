import { isTureenError } from '../../model/errors.js';
import { legacyConfigurationOf, parseGradleLock } from '../gradle/lockfile.js';
import type { RepoView, Source } from '../source.js';
import { readText } from '../source.js';
import { extractCatalog, SOURCE_ID } from './extract.js';

const base = (p: string) => p.slice(p.lastIndexOf('/') + 1);
const OUTPUT = new Set(['build', 'node_modules', '.gradle', 'target', 'out']);

const isProjectLock = (f: string) => base(f) === 'gradle.lockfile' || legacyConfigurationOf(f) !== undefined;

/** True when the repository holds a Gradle lockfile (gradle.lockfile or the legacy gradle/dependency-locks/*.lockfile). */
export function hasGradleLock(repo: RepoView): boolean {
  return repo.files.some(isProjectLock);
}

/** group:artifact of every module the repository's Gradle lockfiles hold (unreadable lockfiles are the gradle source's to report). */
function lockedModules(repo: RepoView): Set<string> {
  const out = new Set<string>();
  for (const f of repo.files.filter(isProjectLock)) {
    const text = repo.read(f);
    if (text === undefined) continue;
    try {
      for (const e of parseGradleLock(text, f, legacyConfigurationOf(f)).entries) out.add(`${e.group}:${e.artifact}`);
    } catch (e) {
      if (!isTureenError(e)) throw e;
    }
  }
  return out;
}

export const source: Source = {
  id: SOURCE_ID,
  ecosystem: 'Maven',
  description: "Gradle version catalogs (gradle/libs.versions.toml): declared libraries, plugins as build tools",
  matches(path) {
    return base(path).endsWith('.versions.toml') && !path.split('/').slice(0, -1).some((s) => OUTPUT.has(s));
  },
  extract(path, repo) {
    const text = readText(repo, path);
    return extractCatalog({ file: path, text, locked: hasGradleLock(repo), lockedModules: lockedModules(repo) });
  },
};
