import type { Source } from '../source.js';
import { readText } from '../source.js';
import { extractDockerfile, IMAGE_ECOSYSTEM, SOURCE_ID } from './extract.js';

/** Extensions after "Dockerfile." that are not Dockerfiles (docs, scripts, backups). */
const NOT_DOCKERFILE = /\.(md|txt|rst|adoc|json|ya?ml|sh|ps1|bat|py|bak|orig|rej|swp|lock|sum|log|html?)$/i;
const SKIP_DIRS = ['node_modules', 'vendor', '.git'];

/** Dockerfile, Containerfile, *.Dockerfile, *.dockerfile, Dockerfile.* (not .dockerignore, not Dockerfile.md …). */
export function isDockerfile(path: string): boolean {
  if (path.split('/').some((p) => SKIP_DIRS.includes(p))) return false;
  const b = path.slice(path.lastIndexOf('/') + 1);
  if (b === 'Dockerfile' || b === 'Containerfile' || b === 'dockerfile' || b === 'containerfile') return true;
  if (/^.+\.(Dockerfile|dockerfile|Containerfile|containerfile)$/.test(b)) return true;
  if (/^(Dockerfile|Containerfile)[.-].+$/.test(b)) return !NOT_DOCKERFILE.test(b) && !b.endsWith('ignore');
  return false;
}

export const source: Source = {
  id: SOURCE_ID,
  ecosystem: IMAGE_ECOSYSTEM,
  description: 'Dockerfiles/Containerfiles: base images (FROM, COPY --from), their OS, and the packages RUN installs with apt, apk, pip and npm',
  matches: isDockerfile,
  extract(path, repo) {
    const text = readText(repo, path);
    return extractDockerfile(path, text);
  },
};
