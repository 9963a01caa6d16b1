import type { RepoSource } from '../source.js';
import { configText } from '../declared/index.js';
import { extractLegacy, SOURCE_ID, type GitView } from './extract.js';
import { blameAges, fileSpans, isGitWorkTree, lastCommit } from './git.js';

function realGit(root: string): GitView | undefined {
  if (!isGitWorkTree(root)) return undefined;
  return {
    spans: () => fileSpans(root),
    blame: (file, before) => blameAges(root, file, before),
    last: (path) => lastCommit(root, path),
  };
}

/** Branch-2 SOUP: declared legacy/ported code, and candidates older than qms.effectiveDate in git history. */
export const repoSource: RepoSource = {
  id: SOURCE_ID,
  ecosystem: 'generic',
  description: 'first-party code without IEC 62304 records: legacy: entries in the config, and folders older than qms.effectiveDate (git log + blame)',
  extractRepo(repo, ctx) {
    const items = ctx?.config.legacy ?? [];
    const effectiveDate = ctx?.config.qms?.effectiveDate;
    if (!items.length && !effectiveDate) return { components: [], findings: [] };
    const file = ctx?.configFile ?? 'tureen.config.yaml';
    const git = ctx?.root ? realGit(ctx.root) : undefined;
    return {
      ...extractLegacy({ items, ...(effectiveDate ? { effectiveDate } : {}), configFile: file, configText: configText(file, repo, ctx?.root), files: repo.files, ...(git ? { git } : {}) }),
      files: [file],
    };
  },
};
