import path from 'node:path';
import type { Finding } from '../../model/finding.js';
import type { ExtractResult, RepoView, Source } from '../source.js';
import { readText } from '../source.js';
import { readYarnBerry } from '../yarn-berry/index.js';
import { extractYarnV1 } from './extract.js';
import { yarnLockFlavour } from './lockfile.js';
import { matchWorkspaces, workspacePatterns, type TextFile } from './manifest.js';

/**
 * Every yarn.lock, whichever yarn wrote it: the content decides (berry has a `__metadata` entry, v1
 * starts with the "# yarn lockfile v1" comment) and the file goes to the v1 reader (./extract.ts)
 * or to the berry reader (../yarn-berry/). One source for one file name keeps one report per file.
 */
export const source: Source = {
  id: 'yarn',
  ecosystem: 'npm',
  description: 'yarn.lock of yarn v1 (classic) and yarn berry (v2–v4), with the package.json files of the project and its workspaces',
  matches: (p) => p === 'yarn.lock' || p.endsWith('/yarn.lock'),
  extract(file: string, repo: RepoView): ExtractResult {
    const text = readText(repo, file);
    if (yarnLockFlavour(text) === 'berry') return readYarnBerry(file, text, repo);
    return readYarnV1(file, text, repo);
  },
};

function readYarnV1(file: string, text: string, repo: RepoView): ExtractResult {
  const dir = path.posix.dirname(file);
  const base = dir === '.' ? '' : dir;
  const manifestPath = base ? `${base}/package.json` : 'package.json';
  const manifestText = repo.has(manifestPath) ? repo.read(manifestPath) : undefined;
  const manifest: TextFile | undefined = manifestText === undefined ? undefined : { file: manifestPath, text: manifestText };
  const workspaces: TextFile[] = [];
  const extra: Finding[] = [];
  if (manifest) {
    const patterns = workspacePatterns(manifest);
    if (patterns.length) {
      const { manifests, unmatched } = matchWorkspaces(base, patterns, repo.files);
      for (const p of manifests) {
        const t = repo.read(p);
        if (t !== undefined) workspaces.push({ file: p, text: t });
      }
      for (const pattern of unmatched) {
        extra.push({
          rule: 'yarn.workspace-unmatched',
          severity: 'info',
          message: `the workspaces pattern "${pattern}" of ${manifestPath} selects no package.json in the scanned files`,
          file: manifestPath,
          fix: 'Remove the pattern, or make sure the workspace folders are not excluded from the scan.',
        });
      }
    }
  }
  const res = extractYarnV1({ lockfile: { file, text }, ...(manifest ? { manifest } : {}), workspaces });
  return { components: res.components, findings: [...res.findings, ...extra] };
}
