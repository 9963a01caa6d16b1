import type { RepoView, Source } from '../source.js';
import { readText } from '../source.js';
import { posix } from 'node:path';
import { extractPom, parseMavenConfig, SOURCE_ID, type PomLookup } from './extract.js';
import type { RawPom } from './schema.js';

const base = (p: string) => p.slice(p.lastIndexOf('/') + 1);
/** Build output and installed copies: target/ is Maven's output folder; node_modules holds npm packages. */
const OUTPUT = new Set(['target', 'node_modules', 'build', 'out', '.mvn', '.m2']);
const isPom = (p: string) => base(p) === 'pom.xml' && !p.split('/').slice(0, -1).some((seg) => OUTPUT.has(seg));

/** Parsed POMs per scanned repository, shared by the POMs of one reactor. */
const caches = new WeakMap<RepoView, Map<string, RawPom | null>>();

export function pomLookup(repo: RepoView): PomLookup {
  let cache = caches.get(repo);
  if (!cache) caches.set(repo, (cache = new Map()));
  let list: string[] | undefined;
  return {
    read: (p) => repo.read(p),
    list: () => (list ??= repo.files.filter(isPom)),
    cache,
  };
}

/** The -D user properties of the nearest .mvn/maven.config at or above the POM's folder (Maven reads the reactor root's). */
function mavenConfig(pom: string, repo: RepoView): Map<string, string> {
  for (let d = posix.dirname(pom); ; d = posix.dirname(d)) {
    const text = repo.read(d === '.' ? '.mvn/maven.config' : `${d}/.mvn/maven.config`);
    if (text !== undefined) return parseMavenConfig(text);
    if (d === '.' || d === '/' || d === '') return new Map();
  }
}

export const source: Source = {
  id: SOURCE_ID,
  ecosystem: 'Maven',
  description: 'Maven pom.xml: dependencies after parent inheritance, properties and dependencyManagement (BOMs in the repository); plugins as build tools',
  matches: isPom,
  extract(path, repo) {
    const text = readText(repo, path);
    return extractPom({ file: path, text, poms: pomLookup(repo), userProperties: mavenConfig(path, repo) });
  },
};
