/**
 * Known-anomaly candidates: what a reviewer should look at when evaluating the published anomaly list of one SOUP
 * item at the exact version shipped (IEC 62304). Tureen drafts candidates; the reviewer decides relevance and impact
 * in the record's `anomalyReview`.
 */

export type AnomalySource = 'github-issues' | 'gitlab-issues' | 'github-releases' | 'changelog' | 'registry' | 'endoflife';

export interface AnomalyCandidate {
  /** "owner/repo#123", "gitlab:group/project#45", "release:v5.1.1", "changelog:5.1.1#2", "eol:nodejs:18", "registry:deprecated" */
  id: string;
  title: string;
  url?: string;
  source: AnomalySource;
  /** ISO date or timestamp */
  createdAt?: string;
  /** why it is a candidate for THIS version */
  reason: string;
  labels?: string[];
}

/** The SOUP item at the exact version shipped, with what the register already knows about it. */
export interface AnomalyTarget {
  name: string;
  version: string;
  /** OSV ecosystem name: npm, PyPI, Maven, Debian:12, Docker … */
  ecosystem: string;
  /** its source repository (any common spelling: git+https, git@, /tree/… ) */
  sourceUrl?: string;
  /** the day the shipped version was released (YYYY-MM-DD or an ISO timestamp) */
  releaseDate?: string;
  /** the registry's deprecation message */
  deprecated?: string;
  yanked?: boolean;
  /** the item's CHANGELOG.md / HISTORY.md / NEWS text */
  changelogText?: string;
}

/** Orders two versions: <0, 0, >0; undefined when either cannot be read. */
export type VersionCompare = (a: string, b: string) => number | undefined;

/** What one finder produced: its candidates, where it looked, and what it could not ask. */
export interface FinderResult {
  candidates: AnomalyCandidate[];
  sources: string[];
  problems: string[];
}
