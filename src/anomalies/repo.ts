/**
 * Which issue tracker a SOUP item's source URL points at. Package metadata spells repositories many ways
 * (https://, git+https://, git://, ssh://git@, scp-like git@host:, "github:" shorthands, /tree/<branch>/<dir>,
 * .git, #readme); only GitHub and GitLab are recognised, GitHub Enterprise Server and self-hosted GitLab when their host is configured.
 */

export interface RepoRef {
  host: 'github' | 'gitlab';
  /** GitHub: the owner; GitLab: the namespace (group and subgroups, "/"-separated) */
  owner: string;
  repo: string;
  /** the web base: https://github.com, https://gitlab.com, https://gitlab.example.org */
  baseUrl: string;
}

export interface RepoOptions {
  /** host names (or https:// base URLs) of self-hosted GitLab instances, e.g. "gitlab.example.org" */
  gitlabHosts?: readonly string[];
  /** host names (or https:// base URLs) of GitHub Enterprise Server instances, e.g. "github.example.org" */
  githubHosts?: readonly string[];
}

// GitHub: owner 1–39 of [A-Za-z0-9-]; repository up to 100 of [A-Za-z0-9._-]
const GH_OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const NAME = /^[A-Za-z0-9_.][A-Za-z0-9_.-]{0,99}$/;
// GitLab web paths: everything after "/-/" is a page of the project; older URLs had no "/-/"
const GITLAB_PAGES = new Set(['tree', 'blob', 'issues', 'merge_requests', 'commits', 'commit', 'tags', 'releases', 'wikis', 'raw', 'blame', 'pipelines']);

function hostOf(h: string): string {
  const t = h.trim().toLowerCase();
  try {
    return t.includes('://') ? new URL(t).host : t.replace(/\/+$/, '');
  } catch {
    return t;
  }
}

/** { host, path } of any repository URL spelling; undefined when it is not a URL of a host. */
function split(raw: string): { host: string; path: string } | undefined {
  let s = raw.trim();
  if (!s || s.length > 2000) return undefined;
  const short = /^(github|gitlab):([^\s]+)$/i.exec(s);
  if (short) return { host: short[1]!.toLowerCase() === 'github' ? 'github.com' : 'gitlab.com', path: short[2]! };
  s = s.replace(/^git\+/i, '');
  const scp = /^[\w.-]+@([\w.-]+):(?!\/\/)(.+)$/.exec(s); // git@host:owner/repo.git
  if (scp && !/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) return { host: scp[1]!.toLowerCase(), path: scp[2]! };
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    return undefined;
  }
  if (!['https:', 'http:', 'git:', 'ssh:'].includes(u.protocol) || !u.host) return undefined;
  // ssh://git@host:2222/… keeps the host without the port for the web base only when it is the default
  return { host: (u.protocol === 'ssh:' || u.protocol === 'git:' ? u.hostname : u.host).toLowerCase(), path: u.pathname };
}

function segments(path: string): string[] | undefined {
  const clean = path.replace(/[?#].*$/, '');
  let parts: string[];
  try {
    parts = clean.split('/').filter(Boolean).map((p) => decodeURIComponent(p));
  } catch {
    return undefined;
  }
  if (parts.some((p) => p === '.' || p === '..' || p.includes('/'))) return undefined;
  return parts;
}

function dropGit(name: string): string {
  return name.replace(/\.git$/i, '');
}

/** The GitHub or GitLab repository a source URL names, or undefined. */
export function repoOf(sourceUrl: string | undefined, opts: RepoOptions = {}): RepoRef | undefined {
  if (!sourceUrl) return undefined;
  const at = split(sourceUrl);
  if (!at) return undefined;
  const parts = segments(at.path);
  if (!parts) return undefined;
  const host = at.host.replace(/^www\./, '');
  const githubHosts = new Set(['github.com', ...(opts.githubHosts ?? []).map(hostOf)]);
  if (githubHosts.has(host) || githubHosts.has(at.host)) {
    // github.com/owner/repo/<anything>: /tree/main/packages/x, /issues, /releases … are pages of the repository
    const [owner, rawRepo] = parts;
    if (!owner || !rawRepo) return undefined;
    const repo = dropGit(rawRepo);
    if (!GH_OWNER.test(owner) || !NAME.test(repo) || repo === '.' || repo === '..') return undefined;
    return { host: 'github', owner, repo, baseUrl: host === 'github.com' ? 'https://github.com' : `https://${githubHosts.has(at.host) ? at.host : host}` };
  }
  const gitlabHosts = new Set(['gitlab.com', ...(opts.gitlabHosts ?? []).map(hostOf)]);
  if (gitlabHosts.has(host) || gitlabHosts.has(at.host)) {
    const dash = parts.indexOf('-');
    let project = dash >= 0 ? parts.slice(0, dash) : parts;
    if (dash < 0) {
      const page = project.findIndex((p, i) => i >= 2 && GITLAB_PAGES.has(p));
      if (page >= 0) project = project.slice(0, page);
    }
    if (project.length < 2) return undefined;
    const repo = dropGit(project[project.length - 1]!);
    const namespace = project.slice(0, -1);
    if (!NAME.test(repo) || namespace.some((p) => !NAME.test(p))) return undefined;
    return { host: 'gitlab', owner: namespace.join('/'), repo, baseUrl: `https://${gitlabHosts.has(at.host) ? at.host : host}` };
  }
  return undefined;
}
