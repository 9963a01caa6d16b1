import type { Evidence, Origin, Property } from '../../model/component.js';
import { malformed } from '../../model/errors.js';
import type { Finding } from '../../model/finding.js';
import { firstIssue } from '../../util/dict.js';
import { parseJson } from '../../util/json.js';
import { LineIndex } from '../../util/lines.js';
import { purlOf } from '../../util/purl.js';
import { component } from '../component.js';
import type { ExtractResult } from '../source.js';
import { ResolvedV1, ResolvedV2, ResolvedVersion, type PinState } from './schema.js';
import { clip } from '../../util/text.js';

export const SOURCE_ID = 'swift';

/** Newest Package.resolved version whose content this reader knows. */
export const KNOWN_VERSION = 3;

interface Pin {
  identity: string;
  kind: string;
  location: string;
  state: PinState;
}

/**
 * Read a SwiftPM Package.resolved (v1, v2, v3) into components: one per pin, ecosystem SwiftURL (OSV's name is the
 * repository URL without scheme and ".git"), runtime scope (Package.resolved does not tell test-only packages
 * apart, nor direct from transitive ones). A pin on a branch or bare revision has no version: it gets version ''
 * with its commit as the git origin, and a `swift.unpinned` warning.
 */
export function extractPackageResolved(file: string, text: string): ExtractResult {
  const data = parseJson(text, file);
  const head = ResolvedVersion.safeParse(data);
  if (!head.success) throw malformed(file, 'not a Package.resolved: it needs a numeric "version"', { line: 1, key: 'version' });
  const lines = new LineIndex(text);
  const findings: Finding[] = [];
  let pins: Pin[];
  if (head.data.version === 1) {
    const r = ResolvedV1.safeParse(data);
    if (!r.success) throw schemaError(file, r.error);
    pins = r.data.object.pins.map((p) => ({ identity: p.package, kind: 'remoteSourceControl', location: p.repositoryURL, state: p.state }));
  } else {
    const r = ResolvedV2.safeParse(data);
    if (!r.success) throw schemaError(file, r.error);
    pins = r.data.pins;
    if (head.data.version > KNOWN_VERSION) {
      findings.push({
        rule: 'swift.resolved-version',
        severity: 'warning',
        message: `Package.resolved version ${head.data.version} is newer than the versions Tureen knows (1–${KNOWN_VERSION}); it was read as version ${KNOWN_VERSION}`,
        file,
        line: lines.lineOf('"version"') ?? 1,
        fix: 'Check the inventory of this file by hand, and update Tureen.',
      });
    }
  }

  const components = [];
  const seen = new Set<string>();
  let cursor = 0;
  for (const pin of pins) {
    // each pin's line: the next occurrence of its identity (v2+) or package name (v1) as a JSON string
    const needle = JSON.stringify(pin.identity);
    const at = text.indexOf(needle, cursor);
    const line = at === -1 ? undefined : lines.lineAt(at);
    if (at !== -1) cursor = at + needle.length;
    const evidence: Evidence[] = [{ file, ...(line !== undefined ? { line } : {}), key: `pins[${clip(pin.identity)}]`, source: SOURCE_ID }];

    const version = (pin.state.version ?? '').trim();
    const revision = (pin.state.revision ?? '').trim();
    const branch = (pin.state.branch ?? '').trim();
    const props: Property[] = [{ name: 'swift:identity', value: pin.identity }];
    if (revision) props.push({ name: 'swift:revision', value: revision });
    if (branch) props.push({ name: 'swift:branch', value: branch });

    let name: string;
    let purl: string;
    let origin: Origin;
    let ecosystem = 'SwiftURL';
    if (pin.kind === 'registry') {
      // a Swift registry identity is "scope.name"; OSV has no registry ecosystem for Swift
      ecosystem = 'SwiftRegistry';
      name = pin.identity;
      const dot = pin.identity.indexOf('.');
      purl = safePurl(file, line, dot > 0 ? pin.identity.slice(0, dot) : undefined, dot > 0 ? pin.identity.slice(dot + 1) : pin.identity, version);
      origin = { type: 'registry', ...(pin.location ? { url: pin.location } : {}) };
    } else {
      name = swiftUrlName(pin.location) || pin.identity;
      const slash = name.lastIndexOf('/');
      // purl-spec's swift type requires a version: a version-less pin is identified by its commit (or branch)
      purl = safePurl(file, line, slash > 0 ? name.slice(0, slash) : undefined, slash > 0 ? name.slice(slash + 1) : name, version || revision || branch);
      origin = pin.kind === 'localSourceControl'
        ? { type: 'file', ref: pin.location }
        : { type: 'git', url: pin.location, ...(revision || version ? { ref: revision || version } : {}) };
    }
    if (seen.has(purl)) continue;
    seen.add(purl);
    components.push(component({ ecosystem, name, version, purl, scope: 'runtime', origin, evidence, properties: props }));
    if (!version) {
      findings.push({
        rule: `${SOURCE_ID}.unpinned`,
        severity: 'warning',
        message: `${clip(name)} is pinned to ${branch ? `the branch "${clip(branch)}"` : 'a bare revision'}${revision ? ` (commit ${clip(revision)})` : ''}, not to a released version`,
        file,
        ...(line !== undefined ? { line } : {}),
        item: purl,
        fix: 'Depend on a tagged release in Package.swift (from: "x.y.z" or exact: "x.y.z") and commit the updated Package.resolved; or record the commit as the version in the SOUP list.',
      });
    }
  }
  return { components, findings };
}

/** OSV's SwiftURL name: the repository URL without scheme, credentials, trailing "/" and ".git" ("github.com/apple/swift-nio"). */
export function swiftUrlName(location: string): string {
  let s = location.trim();
  const scp = /^[^/@:]+@([^:/]+):(.+)$/.exec(s); // git@github.com:owner/repo.git
  if (scp) s = `${scp[1]}/${scp[2]}`;
  s = s.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/^[^/@]*@/, '');
  s = s.replace(/\/+$/, '').replace(/\.git$/i, '');
  return s;
}

function safePurl(file: string, line: number | undefined, namespace: string | undefined, name: string, version: string): string {
  try {
    return purlOf('swift', namespace, name, version);
  } catch {
    throw malformed(file, `the pin "${clip(namespace ? `${namespace}/${name}` : name)}" cannot be identified: a Swift package needs a location of the form host/owner/name and a version, revision or branch`, line !== undefined ? { line } : undefined);
  }
}

function schemaError(file: string, error: Parameters<typeof firstIssue>[0]) {
  const { path, message } = firstIssue(error);
  return malformed(file, `not a Package.resolved: ${path ? `${path}: ` : ''}${message}`, path ? { key: path } : undefined);
}

