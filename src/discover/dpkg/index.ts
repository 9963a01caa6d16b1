import type { RepoView, Source } from '../source.js';
import { readText } from '../source.js';
import { osOfRoot, rootPrefix } from '../os/root.js';
import { extractDpkgStatus, SOURCE_ID } from './extract.js';

export const STATUS = 'var/lib/dpkg/status';
export const STATUS_D = 'var/lib/dpkg/status.d';
/** apt's record of which packages were installed only as dependencies. */
export const EXTENDED_STATES = 'var/lib/apt/extended_states';

/** The root-filesystem prefix of a status.d/ file (distroless images keep one control file per package there). */
function statusDPrefix(path: string): string | undefined {
  const slash = path.lastIndexOf('/');
  if (slash < 0) return undefined;
  const base = path.slice(slash + 1);
  // status.d also holds "<pkg>.md5sums" lists next to each control file
  if (!base || base.startsWith('.') || base.endsWith('.md5sums')) return undefined;
  return rootPrefix(path.slice(0, slash), STATUS_D);
}

/** dpkg's status database at any depth (`<root>/var/lib/dpkg/status`), and distroless `status.d/<package>` files. */
export const source: Source = {
  id: SOURCE_ID,
  ecosystem: 'Debian',
  description: "packages installed in a Debian/Ubuntu root filesystem (dpkg's var/lib/dpkg/status, status.d/), in the OSV ecosystem of its os-release",
  matches(path) {
    return rootPrefix(path, STATUS) !== undefined || statusDPrefix(path) !== undefined;
  },
  extract(path, repo) {
    const text = readText(repo, path);
    const main = rootPrefix(path, STATUS);
    const prefix = main ?? statusDPrefix(path) ?? '';
    const found = osOfRoot(repo, prefix);
    const es = `${prefix}${EXTENDED_STATES}`;
    const esText = main !== undefined && repo.has(es) ? repo.read(es) : undefined;
    return extractDpkgStatus({
      file: path,
      text,
      ...(found ? { os: found.os } : {}),
      reportOs: main !== undefined || isFirstStatusD(path, prefix, repo),
      ...(esText !== undefined ? { extendedStates: { file: es, text: esText } } : {}),
      copyright: (pkg) => {
        const f = `${prefix}usr/share/doc/${pkg}/copyright`;
        return pkg.includes('/') || pkg.startsWith('.') || !repo.has(f) ? undefined : repo.read(f);
      },
    });
  },
};

/** Report a missing os-release once per status.d/ folder: on its first file. */
function isFirstStatusD(path: string, prefix: string, repo: RepoView): boolean {
  const dir = `${prefix}${STATUS_D}/`;
  const first = repo.files.find((f) => f.startsWith(dir) && statusDPrefix(f) !== undefined);
  return first === undefined || first === path;
}
