import { CODENAMES } from '../os/ecosystem.js';

/** A container image reference, normalised the way the Docker CLI does (distribution/reference). */
export interface ImageRef {
  /** Registry host, "docker.io" for Docker Hub. */
  registry: string;
  /** Repository path inside the registry, "library/node" for official images. */
  path: string;
  /** `<registry>/<path>`, e.g. "docker.io/library/node". */
  name: string;
  tag?: string;
  /** "sha256:<hex>" */
  digest?: string;
}

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/;

/** Parse and normalise an image reference; undefined when it is not a valid reference. */
export function parseImageRef(ref: string): ImageRef | undefined {
  let rest = ref.trim();
  if (!rest || rest.length > 512) return undefined;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return undefined;
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return undefined;
  }
  const parts = rest.split('/');
  let registry = 'docker.io';
  const head = parts[0] as string;
  if (parts.length > 1 && (head.includes('.') || head.includes(':') || head === 'localhost' || head !== head.toLowerCase())) {
    registry = head.toLowerCase();
    parts.shift();
    if (!/^[a-z0-9.-]+(?::\d+)?$/.test(registry) && !/^\[[0-9a-f:]+\](?::\d+)?$/.test(registry)) return undefined;
  }
  if (registry === 'index.docker.io' || registry === 'registry-1.docker.io') registry = 'docker.io';
  if (parts.length === 0 || !parts.every((p) => COMPONENT.test(p))) return undefined;
  if (registry === 'docker.io' && parts.length === 1) parts.unshift('library');
  const path = parts.join('/');
  return { registry, path, name: `${registry}/${path}`, ...(tag ? { tag } : {}), ...(digest ? { digest } : {}) };
}

/** The OS a base image is built on, as far as its name and tag say (official images' naming conventions). */
export interface ImageOs {
  id: 'debian' | 'ubuntu' | 'alpine';
  /** '' when the tag does not say which release. */
  versionId: string;
  codename?: string;
}

function fromCodename(token: string): ImageOs | undefined {
  const c = CODENAMES.get(token);
  return c ? { id: c.id, versionId: c.versionId, codename: token } : undefined;
}

/**
 * Infer the OS from an image reference: `debian:12`, `debian:bookworm-slim`, `ubuntu:22.04`, `ubuntu:jammy-20240111`,
 * `alpine:3.19`, `node:20-bookworm`, `python:3.12-slim-bookworm`, `node:20-alpine3.19`, `golang:1.22-alpine`,
 * `gcr.io/distroless/base-debian12`, `buildpack-deps:buster-scm`. Undefined when nothing in the name says it.
 */
export function osOfImage(ref: ImageRef): ImageOs | undefined {
  const repo = ref.path.slice(ref.path.lastIndexOf('/') + 1);
  const tag = ref.tag ?? '';
  const tokens = tag.split(/[-_]/).filter(Boolean);
  if (repo === 'debian' && ref.registry === 'docker.io') {
    const n = /^(\d+)(?:\.\d+)*$/.exec(tokens[0] ?? '');
    if (n) return { id: 'debian', versionId: tokens[0] as string };
    const c = fromCodename(tokens[0] ?? '');
    if (c?.id === 'debian') return c;
    return undefined; // latest, stable, testing, sid: the release is not named
  }
  if (repo === 'ubuntu' && ref.registry === 'docker.io') {
    const n = /^(\d{2}\.\d{2})$/.exec(tokens[0] ?? '');
    if (n) return { id: 'ubuntu', versionId: n[1] as string };
    const c = fromCodename(tokens[0] ?? '');
    if (c?.id === 'ubuntu') return c;
    return undefined;
  }
  if (repo === 'alpine' && ref.registry === 'docker.io') {
    const n = /^(\d+\.\d+(?:\.\d+)?)$/.exec(tokens[0] ?? '');
    if (n) return { id: 'alpine', versionId: n[1] as string };
    return tag === 'edge' || tag === '' || tag === 'latest' ? { id: 'alpine', versionId: '' } : undefined;
  }
  for (const t of tokens) {
    const a = /^alpine(\d+\.\d+(?:\.\d+)?)?$/.exec(t);
    if (a) return { id: 'alpine', versionId: a[1] ?? '' };
    const c = fromCodename(t);
    if (c) return c;
  }
  const d = /(?:^|[-_])debian(\d+)$/.exec(repo);
  if (d) return { id: 'debian', versionId: d[1] as string };
  const u = /(?:^|[-_])ubuntu(\d{2})\.?(\d{2})$/.exec(repo);
  if (u) return { id: 'ubuntu', versionId: `${u[1]}.${u[2]}` };
  return undefined;
}
