import { z } from 'zod';

/**
 * The parts of GitLab REST API v4 answers Tureen reads, from GitLab's documentation (doc/api/issues.md "List project
 * issues", doc/api/labels.md "List labels"). Items are parsed one by one; unknown keys are dropped.
 */

export const GlIssue = z.object({
  iid: z.number().int().positive(),
  title: z.string().max(1_000_000),
  description: z.string().max(1_000_000).nullish(),
  state: z.string().max(20).nullish(),
  created_at: z.string().max(40),
  web_url: z.string().max(2000).nullish(),
  /** label names; objects with `name` when with_labels_details=true */
  labels: z.array(z.unknown()).max(1000).nullish(),
  references: z.object({ full: z.string().max(500).nullish() }).nullish(),
});
export type GlIssue = z.infer<typeof GlIssue>;

export const GlLabel = z.object({ name: z.string().min(1).max(255) });

/** Label names, whether GitLab sent strings or label objects. */
export function glLabelNames(labels: readonly unknown[] | null | undefined): string[] {
  const out: string[] = [];
  for (const l of labels ?? []) {
    if (typeof l === 'string') out.push(l);
    else {
      const p = GlLabel.safeParse(l);
      if (p.success) out.push(p.data.name);
    }
  }
  return out;
}
