import { posix } from 'node:path';
import type { NodeData } from '../graph.js';
import type { EdgeKind } from '../graph.js';
import { rootName } from '../../util/purl.js';
import type { RootEdge } from './graph.js';
import { isValidName, normalizeName, pypiPurl } from './names.js';
import { declaredByName, type DeclKind, type Pyproject } from './pyproject.js';

const KIND_EDGE: Record<DeclKind, EdgeKind> = { main: 'prod', optional: 'optional', dev: 'dev' };

/** The project itself as a first-party root node: pyproject's name and version, else the lockfile's folder. */
export function rootNode(lockfile: string, sourceId: string, py: Pyproject | undefined, manifest: string | undefined): NodeData {
  const declared = py?.name && isValidName(py.name) ? normalizeName(py.name) : undefined;
  const name = declared ?? rootName(lockfile);
  const version = py?.version ?? '';
  const purl = pypiPurl(name, version);
  const evFile = manifest ?? lockfile;
  return {
    key: purl,
    ecosystem: 'PyPI',
    name,
    version,
    purl,
    licenses: [],
    hashes: [],
    origin: { type: 'workspace', ref: posix.dirname(evFile) === '.' ? '.' : posix.dirname(evFile) },
    firstParty: true,
    evidence: [{ file: evFile, line: 1, source: sourceId }],
  };
}

/** The project's declared dependencies as graph edges: main → prod, optional (extras) → optional, groups → dev. */
export function rootEdges(py: Pyproject): RootEdge[] {
  return [...declaredByName(py.deps)].map(([name, d]) => ({ name, extras: [...d.extras], kind: KIND_EDGE[d.kind] }));
}
