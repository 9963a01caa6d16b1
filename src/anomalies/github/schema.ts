import { z } from 'zod';

/**
 * The parts of GitHub REST API answers (API version 2022-11-28) that Tureen reads, from GitHub's documentation:
 * "List repository issues" (GET /repos/{owner}/{repo}/issues), "Search issues and pull requests"
 * (GET /search/issues), "List releases" (GET /repos/{owner}/{repo}/releases) and "List labels for a repository"
 * (GET /repos/{owner}/{repo}/labels). Every answer is hostile: items are parsed one by one, an item that does not fit
 * is skipped and counted, and unknown keys are dropped (zod strips them).
 */

const str = z.string().max(1_000_000);

/** A label is an object in these answers; the issue schema also allows a bare string. */
export const GhLabel = z.union([
  z.string().max(200),
  z.object({ name: z.string().max(200).nullish() }),
]);

export const GhIssue = z.object({
  number: z.number().int().positive(),
  title: str,
  body: str.nullish(),
  html_url: z.string().max(2000).nullish(),
  state: z.string().max(20).nullish(),
  created_at: z.string().max(40),
  updated_at: z.string().max(40).nullish(),
  labels: z.array(z.unknown()).max(1000).nullish(),
  /** present on pull requests only: "Issues" endpoints return pull requests too */
  pull_request: z.unknown().optional(),
});
export type GhIssue = z.infer<typeof GhIssue>;

export const GhSearch = z.object({
  total_count: z.number().int().nonnegative(),
  incomplete_results: z.boolean().optional(),
  items: z.array(z.unknown()).max(1000),
});

export const GhRelease = z.object({
  tag_name: z.string().min(1).max(300),
  name: z.string().max(1000).nullish(),
  body: str.nullish(),
  html_url: z.string().max(2000).nullish(),
  draft: z.boolean().nullish(),
  prerelease: z.boolean().nullish(),
  created_at: z.string().max(40).nullish(),
  /** null for drafts */
  published_at: z.string().max(40).nullish(),
});
export type GhRelease = z.infer<typeof GhRelease>;

export const GhRepoLabel = z.object({ name: z.string().min(1).max(200) });

/** Label names of an issue, whatever shape each label has; others dropped. */
export function labelNames(labels: readonly unknown[] | null | undefined): string[] {
  const out: string[] = [];
  for (const l of labels ?? []) {
    const p = GhLabel.safeParse(l);
    if (!p.success) continue;
    const name = typeof p.data === 'string' ? p.data : p.data.name;
    if (name) out.push(name);
  }
  return out;
}
