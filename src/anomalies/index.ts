import { changelogCandidates } from './changelog/index.js';
import { EndOfLifeClient, eolProductFor, type EndOfLife, type EndOfLifeOptions } from './endoflife/index.js';
import { GitHubAnomalies, type GitHubOptions } from './github/index.js';
import { GitLabAnomalies, type GitLabOptions } from './gitlab/index.js';
import { registryCandidates } from './registry.js';
import { repoOf, type RepoOptions } from './repo.js';
import type { AnomalyCandidate, AnomalyTarget, FinderResult, VersionCompare } from './types.js';
import { mergeCandidates, oneLine, timeOf } from './util.js';
import { compareFor } from './versions.js';

export type { AnomalyCandidate, AnomalySource, AnomalyTarget, FinderResult, VersionCompare } from './types.js';
export { repoOf, type RepoRef, type RepoOptions } from './repo.js';
export { changelogCandidates, parseChangelog, type ChangelogSection, type ChangelogEntry } from './changelog/index.js';
export { GitHubAnomalies, type GitHubOptions, type ReleaseResult } from './github/index.js';
export { GitLabAnomalies, type GitLabOptions } from './gitlab/index.js';
export { EndOfLifeClient, eolProductFor, pickCycle, evaluate, type EndOfLife, type EndOfLifeOptions, type EolTarget } from './endoflife/index.js';
export { registryCandidates } from './registry.js';
export { compareFor } from './versions.js';

/**
 * Every known-anomaly candidate Tureen can draft for one SOUP item at the exact version shipped, with where it looked
 * (the review's `sources`) and what it could not ask and why. Each source stands alone: one that fails is a problem,
 * never an exception, and the others still answer. Clients may be passed already made, to share them (their
 * caches, limits and rate-limit state) across the items of a run.
 */

export interface FindOptions {
  /** GitHub options or a shared client; false: GitHub is not asked */
  github?: GitHubOptions | GitHubAnomalies | false;
  /** GitLab options or a shared client; false: GitLab is not asked */
  gitlab?: GitLabOptions | GitLabAnomalies | false;
  /** endoflife.date options or a shared client; false: not asked */
  endoflife?: EndOfLifeOptions | EndOfLifeClient | false;
  /** GitHub Enterprise Server and self-hosted GitLab hosts (the config's `anomalies`), so their URLs are recognised */
  hosts?: RepoOptions;
  /** nothing is asked over the network: only the changelog text and the registry flags */
  offline?: boolean;
  now: Date;
  /** version order; default by ecosystem (semver, PEP 440, dotted numbers) */
  compare?: VersionCompare;
  /** an end of life this many days ahead (or past) makes a candidate (default 365) */
  eolWarningDays?: number;
}

export interface AnomalyFindings {
  candidates: AnomalyCandidate[];
  /** the newest release, when the releases were read */
  newest?: string;
  endOfLife?: EndOfLife;
  /** where Tureen looked, for the review's `sources` */
  sources: string[];
  /** what could not be asked, and why */
  problems: string[];
}

function add(out: AnomalyFindings, r: FinderResult): void {
  mergeCandidates(out.candidates, r.candidates);
  out.sources.push(...r.sources);
  out.problems.push(...r.problems);
}

function eolCandidate(e: EndOfLife, label: string, via: string | undefined, now: Date, warnDays: number): AnomalyCandidate | undefined {
  const when = typeof e.eol === 'string' ? timeOf(e.eol) : undefined;
  const soon = when !== undefined && when - now.getTime() <= warnDays * 86_400_000;
  if (e.supported && !soon) return undefined;
  return {
    id: `eol:${e.product}:${e.cycle}`,
    title: `${label} ${e.cycle}: end of life ${typeof e.eol === 'string' ? (e.supported ? `on ${e.eol}` : `since ${e.eol}`) : 'reached'}`,
    url: e.url,
    source: 'endoflife',
    ...(typeof e.eol === 'string' ? { createdAt: e.eol } : {}),
    reason: via ? `${via}: ${e.reason}` : e.reason,
  };
}

export async function findAnomalies(target: AnomalyTarget, opts: FindOptions): Promise<AnomalyFindings> {
  const out: AnomalyFindings = { candidates: [], sources: [], problems: [] };
  const compare = opts.compare ?? compareFor(target.ecosystem);
  const item = `${target.name} ${target.version}`;

  mergeCandidates(out.candidates, registryCandidates(target));
  out.sources.push(`package registry: deprecation and yank of ${item}`);

  if (target.changelogText) {
    mergeCandidates(out.candidates, changelogCandidates(target.changelogText, target.version, compare));
    out.sources.push(`changelog of ${target.name}: fixes in the versions after ${target.version}`);
  }

  if (opts.offline) {
    out.problems.push('offline: the issue tracker, the release notes and endoflife.date were not asked');
    return out;
  }

  const repo = repoOf(target.sourceUrl, opts.hosts ?? {});
  if (!repo) {
    out.problems.push(target.sourceUrl
      ? `the source URL of ${target.name} (${oneLine(target.sourceUrl, 120)}) is not a GitHub or GitLab repository: no issue tracker or release notes were asked; review its anomaly list by hand`
      : `no source repository is known for ${target.name}: no issue tracker or release notes were asked; add its source URL or review its anomaly list by hand`);
  } else if (repo.host === 'github') {
    if (opts.github === false) out.problems.push(`GitHub was not asked for ${repo.owner}/${repo.repo} (turned off)`);
    else {
      const gh = opts.github instanceof GitHubAnomalies ? opts.github : new GitHubAnomalies(opts.github ?? {});
      const rel = await gh.releases(repo, target, compare);
      add(out, rel);
      if (rel.newest) out.newest = rel.newest;
      // without a release date from the registry, the release's publication day says when the version came out
      const releaseDate = target.releaseDate ?? rel.shippedReleaseDate;
      add(out, await gh.issues(repo, { version: target.version, ...(releaseDate ? { releaseDate } : {}) }));
    }
  } else {
    if (opts.gitlab === false) out.problems.push(`GitLab was not asked for ${repo.owner}/${repo.repo} (turned off)`);
    else {
      const gl = opts.gitlab instanceof GitLabAnomalies ? opts.gitlab : new GitLabAnomalies(opts.gitlab ?? {});
      add(out, await gl.issues(repo, target));
      out.problems.push(`GitLab release notes are not read by Tureen: review ${repo.baseUrl}/${repo.owner}/${repo.repo}/-/releases by hand`);
    }
  }

  if (opts.endoflife !== false) {
    const eol = eolProductFor(target);
    if (eol) {
      const client = opts.endoflife instanceof EndOfLifeClient ? opts.endoflife : new EndOfLifeClient(opts.endoflife ?? {});
      try {
        const e = await client.endOfLife(eol.products, eol.version, opts.now, eol.label);
        if (e) {
          out.endOfLife = e;
          out.sources.push(`${e.url} (${eol.label} ${e.cycle})`);
          const c = eolCandidate(e, eol.label, eol.via, opts.now, opts.eolWarningDays ?? 365);
          if (c) mergeCandidates(out.candidates, [c]);
        } else out.problems.push(`endoflife.date lists no release cycle of ${eol.label} for ${eol.version}`);
      } catch (e) {
        out.problems.push(`endoflife.date could not be asked about ${eol.label} ${eol.version}: ${(e as Error).message}`);
      }
    }
  }
  return out;
}
