import { posix } from 'node:path';
import type { RepoView, Source } from '../source.js';
import { readText } from '../source.js';
import { SOURCE_ID } from './common.js';
import { extractPackagesConfig, extractPackagesLock } from './extract.js';
import { developmentReferences, extractProject, type XmlFile } from './project.js';

const base = (p: string) => p.slice(p.lastIndexOf('/') + 1);
const isProject = (p: string) => /\.(cs|fs|vb)proj$/i.test(p);
/** build output and the packages.config era's packages/ folder hold other packages' files */
const generated = (p: string) => p.split('/').some((s) => /^(bin|obj|packages|node_modules)$/i.test(s));


/** The project files in the same folder as `path`. */
function projectsBeside(path: string, repo: RepoView): string[] {
  const dir = posix.dirname(path);
  return repo.files.filter((f) => posix.dirname(f) === dir && isProject(f));
}

/** Directory.Packages.props from the folder of `path` up to the repository root, nearest first. */
function centralProps(path: string, repo: RepoView): XmlFile[] {
  const out: XmlFile[] = [];
  let dir = posix.dirname(path);
  for (;;) {
    const f = dir === '.' ? 'Directory.Packages.props' : `${dir}/Directory.Packages.props`;
    const text = repo.has(f) ? repo.read(f) : undefined;
    if (text !== undefined) out.push({ file: f, text });
    if (dir === '.' || dir === '' || dir === '/') break;
    dir = posix.dirname(dir);
  }
  return out;
}

export const source: Source = {
  id: SOURCE_ID,
  ecosystem: 'NuGet',
  description: 'NuGet packages.lock.json (v1/v2), packages.config, and .csproj/.fsproj/.vbproj PackageReferences (with Directory.Packages.props) where no lock is beside them',
  matches(path) {
    const b = base(path).toLowerCase();
    return (b === 'packages.lock.json' || b === 'packages.config' || isProject(b)) && !generated(path);
  },
  extract(path, repo) {
    const b = base(path).toLowerCase();
    if (b === 'packages.lock.json') {
      const projects = projectsBeside(path, repo);
      const first = projects[0];
      let developmentIds: Set<string> | undefined;
      if (first) {
        try {
          developmentIds = developmentReferences({ file: first, text: readText(repo, first) });
        } catch {
          developmentIds = undefined; // the project file's own extract reports its problems
        }
      }
      return extractPackagesLock({
        file: path, text: readText(repo, path),
        ...(first ? { project: base(first).replace(/\.[^.]+$/, '') } : {}),
        ...(developmentIds ? { developmentIds } : {}),
      });
    }
    if (b === 'packages.config') return extractPackagesConfig({ file: path, text: readText(repo, path) });
    // a project file: the lock beside it is the truth about what is installed
    if (repo.has(posix.join(posix.dirname(path), 'packages.lock.json'))) return { components: [], findings: [] };
    return extractProject({ file: path, text: readText(repo, path), centralProps: centralProps(path, repo) });
  },
};
