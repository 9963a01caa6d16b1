import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { RepoSource } from '../source.js';
import { extractDeclared, SOURCE_ID } from './extract.js';

/** The config's `declared:` items: what no file in the repository shows. */
export const repoSource: RepoSource = {
  id: SOURCE_ID,
  ecosystem: 'generic',
  description: 'items declared in tureen.config.yaml: commercial SDKs, BSPs, RTOS, cloud services, subcontractor modules, hardware firmware',
  extractRepo(repo, ctx) {
    const items = ctx?.config.declared ?? [];
    if (!items.length) return { components: [], findings: [] };
    const file = ctx?.configFile ?? 'tureen.config.yaml';
    return { ...extractDeclared(items, file, configText(file, repo, ctx?.root), repo.files), files: [file] };
  },
};

/** The config's text, to locate entries: through the repository view, else from disk (a --config outside it). */
export function configText(file: string, repo: { read(p: string): string | undefined }, root: string | undefined): string | undefined {
  const inRepo = repo.read(file);
  if (inRepo !== undefined) return inRepo;
  try {
    return readFileSync(isAbsolute(file) || !root ? file : join(root, file), 'utf8');
  } catch {
    return undefined;
  }
}
