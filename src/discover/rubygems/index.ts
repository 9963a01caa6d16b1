import { posix } from 'node:path';
import type { Source } from '../source.js';
import { readText } from '../source.js';
import { extractGemfile, extractGemfileLock, SOURCE_ID } from './extract.js';
import { parseGemfileLock } from './lockfile.js';

const base = (p: string) => p.slice(p.lastIndexOf('/') + 1);
/** vendor/bundle is Bundler's install folder; gems' own Gemfiles are not the project's. */
const installed = (p: string) => {
  const parts = p.split('/');
  return parts.includes('vendor') && parts.includes('bundle') || parts.includes('.bundle');
};
const LOCKS: Record<string, string> = { 'Gemfile.lock': 'Gemfile', 'gems.locked': 'gems.rb' };
const MANIFESTS: Record<string, string> = { Gemfile: 'Gemfile.lock', 'gems.rb': 'gems.locked' };


export const source: Source = {
  id: SOURCE_ID,
  ecosystem: 'RubyGems',
  description: "Bundler's Gemfile.lock / gems.locked (GEM, GIT, PATH, CHECKSUMS; groups from the Gemfile beside it), and a Gemfile with no lock",
  matches(path) {
    const b = base(path);
    return (b in LOCKS || b in MANIFESTS) && !installed(path);
  },
  extract(path, repo) {
    const b = base(path);
    const dir = posix.dirname(path);
    const manifestName = MANIFESTS[b];
    if (manifestName !== undefined) {
      if (repo.has(posix.join(dir, manifestName))) return { components: [], findings: [] };
      return extractGemfile(path, readText(repo, path));
    }
    const text = readText(repo, path);
    const gemfilePath = posix.join(dir, LOCKS[b] as string);
    const gemfileText = repo.has(gemfilePath) ? repo.read(gemfilePath) : undefined;
    // gemspecs of PATH sources inside the repository (development dependencies of the project's own gems)
    const gemspecs: string[] = [];
    let remotes: string[] = [];
    try {
      remotes = parseGemfileLock(text, path).specs.filter((s) => s.source.kind === 'PATH').map((s) => s.source.remote ?? '.');
    } catch {
      remotes = []; // the extract below reports the problem
    }
    for (const remote of new Set(remotes)) {
      const folder = posix.normalize(posix.join(dir, remote));
      if (folder.startsWith('..') || folder.startsWith('/')) continue;
      const prefix = folder === '.' ? '' : `${folder}/`;
      for (const f of repo.files) {
        if (f.startsWith(prefix) && f.endsWith('.gemspec') && !f.slice(prefix.length).includes('/')) {
          const t = repo.read(f);
          if (t !== undefined) gemspecs.push(t);
        }
      }
    }
    return extractGemfileLock({ file: path, text, ...(gemfileText !== undefined ? { gemfile: { file: gemfilePath, text: gemfileText } } : {}), gemspecs });
  },
};
