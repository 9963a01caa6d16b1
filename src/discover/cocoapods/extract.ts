import type { Evidence, Hash, Origin, Property } from '../../model/component.js';
import { malformed } from '../../model/errors.js';
import type { Finding } from '../../model/finding.js';
import { firstIssue } from '../../util/dict.js';
import { hexHash } from '../../util/hash.js';
import { LineIndex } from '../../util/lines.js';
import { purlOf, rootName } from '../../util/purl.js';
import { parseYaml } from '../../util/yaml.js';
import { DepGraph } from '../graph.js';
import type { ExtractResult } from '../source.js';
import { PodfileLock } from './schema.js';
import { clip } from '../../util/text.js';

export const SOURCE_ID = 'cocoapods';
/** OSV has no CocoaPods ecosystem; this is the name Tureen uses. */
export const ECOSYSTEM = 'CocoaPods';

interface Pod {
  root: string;
  version: string;
  subspecs: Set<string>;
  deps: Set<string>;
  line?: number;
}

/** "Name/Sub (1.2.3)" or "Name (= 1.2.3)" or "Name (from `x`)" → name and the parenthesised part. */
export function splitEntry(s: string): { name: string; paren?: string } {
  const m = /^\s*([^\s(]+)\s*(?:\((.*)\))?\s*$/.exec(s);
  if (!m) return { name: s.trim() };
  return { name: m[1] as string, ...(m[2] !== undefined ? { paren: m[2].trim() } : {}) };
}

const rootOf = (name: string) => name.split('/')[0] as string;

/**
 * Read a Podfile.lock into components: one per root pod (subspecs such as Firebase/Core are merged into their
 * root pod Firebase, the unit CocoaPods downloads and checksums; the subspecs are kept as the property
 * `cocoapods:subspecs`). purl pkg:cocoapods/<root>@<version>. Direct = named in DEPENDENCIES. The PODS
 * dependency lists give the graph (paths). Scope is runtime for all: the lockfile does not say which target
 * (app or test) uses a pod. SPEC CHECKSUMS (SHA-1 of the podspec) → hash; EXTERNAL SOURCES / CHECKOUT OPTIONS
 * → origin (git + commit/tag, or a local path).
 */
export function extractPodfileLock(file: string, text: string): ExtractResult {
  const data = parseYaml(text, file);
  const res = PodfileLock.safeParse(data);
  if (!res.success) {
    const { path, message } = firstIssue(res.error);
    throw malformed(file, `not a Podfile.lock: ${path ? `${path}: ` : ''}${message}`, path ? { key: path } : undefined);
  }
  const lock = res.data;
  const lines = new LineIndex(text);
  const podsAt = Math.max(0, text.search(/^PODS:/m));
  const findings: Finding[] = [];

  const pods = new Map<string, Pod>();
  for (const entry of lock.PODS) {
    const [head, deps] = typeof entry === 'string' ? [entry, [] as string[]] : firstEntry(entry);
    if (head === undefined) continue;
    const { name, paren } = splitEntry(head);
    const root = rootOf(name);
    if (!root) throw malformed(file, `PODS entry "${clip(head)}" has no pod name`, { key: 'PODS' });
    const version = (paren ?? '').trim();
    let pod = pods.get(root);
    if (!pod) {
      const at = text.indexOf(`${name} (${paren ?? ''}`, podsAt);
      pod = { root, version, subspecs: new Set(), deps: new Set(), ...(at !== -1 ? { line: lines.lineAt(at) } : {}) };
      pods.set(root, pod);
    } else if (pod.version !== version) {
      throw malformed(file, `pod ${clip(root)} is listed at two versions (${clip(pod.version)} and ${clip(version)})`, { key: 'PODS' });
    }
    if (name !== root) pod.subspecs.add(name.slice(root.length + 1));
    for (const d of deps ?? []) {
      const dr = rootOf(splitEntry(d).name);
      if (dr && dr !== root) pod.deps.add(dr);
    }
  }

  const external = lock['EXTERNAL SOURCES'] ?? new Map<string, Map<string, string>>();
  const checkout = lock['CHECKOUT OPTIONS'] ?? new Map<string, Map<string, string>>();
  const checksums = lock['SPEC CHECKSUMS'] ?? new Map<string, string>();

  const graph = new DepGraph();
  const ROOT = '\u0000podfile';
  const projectName = rootName(file);
  graph.addNode(ROOT, { key: ROOT, ecosystem: ECOSYSTEM, name: projectName, version: '', purl: ROOT, licenses: [], hashes: [], origin: { type: 'workspace' }, firstParty: true, evidence: [{ file, source: SOURCE_ID }] });
  graph.addRoot(ROOT);

  const props = new Map<string, Property[]>();
  for (const pod of pods.values()) {
    const ext = external.get(pod.root);
    const co = checkout.get(pod.root);
    const origin = originOf(ext, co);
    const hashes: Hash[] = [];
    const sum = checksums.get(pod.root);
    const h = sum ? hexHash('SHA-1', sum) : undefined;
    if (h) hashes.push(h);
    let purl: string;
    try {
      purl = purlOf('cocoapods', undefined, pod.root, pod.version);
    } catch {
      throw malformed(file, `"${clip(pod.root)}" cannot be a CocoaPods purl name`, { ...(pod.line !== undefined ? { line: pod.line } : {}), key: 'PODS' });
    }
    const evidence: Evidence[] = [{ file, ...(pod.line !== undefined ? { line: pod.line } : {}), key: `PODS[${clip(pod.root)}]`, source: SOURCE_ID }];
    graph.addNode(pod.root, { key: purl, ecosystem: ECOSYSTEM, name: pod.root, version: pod.version, purl, licenses: [], hashes, origin, firstParty: false, evidence });
    const p: Property[] = [];
    if (pod.subspecs.size) p.push({ name: 'cocoapods:subspecs', value: [...pod.subspecs].sort().join(',') });
    const path = ext?.get(':path');
    if (path !== undefined) p.push({ name: 'cocoapods:path', value: path });
    if (sum && !h) p.push({ name: 'cocoapods:spec-checksum', value: sum });
    props.set(pod.root, p);
    if (!pod.version) {
      findings.push({
        rule: `${SOURCE_ID}.unpinned`,
        severity: 'warning',
        message: `pod ${clip(pod.root)} has no version in Podfile.lock`,
        file,
        ...(pod.line !== undefined ? { line: pod.line } : {}),
        item: purl,
        fix: 'Run `pod install` so that Podfile.lock records the resolved version of every pod, and commit it.',
      });
    }
  }
  for (const pod of pods.values()) for (const d of pod.deps) if (pods.has(d)) graph.addEdge(pod.root, d, 'prod');
  for (const d of lock.DEPENDENCIES ?? []) {
    const r = rootOf(splitEntry(d).name);
    if (pods.has(r)) graph.addEdge(ROOT, r, 'prod');
    else {
      findings.push({
        rule: `${SOURCE_ID}.unresolved`,
        severity: 'warning',
        message: `the Podfile depends on "${clip(r)}", which Podfile.lock's PODS does not list`,
        file,
        line: lines.lineOf(d) ?? 1,
        fix: 'Run `pod install` so that Podfile.lock is complete, and commit it.',
      });
    }
  }

  const { components } = graph.resolve({ unreachableScope: 'runtime' });
  const out = components.filter((c) => c.key !== ROOT).map((c) => {
    const pod = pods.get(c.name) as Pod;
    const p = props.get(c.name) ?? [];
    const isFlutterEngine = c.name === 'Flutter' && external.get('Flutter')?.get(':path') !== undefined;
    return {
      ...c,
      ...(p.length ? { properties: p } : {}),
      ...(isFlutterEngine ? { kind: 'framework' as const } : {}),
      dependencies: [...pod.deps].filter((d) => pods.has(d)).map((d) => graph.node(d)?.key as string),
    };
  });
  return { components: out, findings };
}

function firstEntry(entry: Record<string, string[] | null>): [string | undefined, string[] | null | undefined] {
  const k = Object.keys(entry)[0];
  return k === undefined ? [undefined, undefined] : [k, Object.getOwnPropertyDescriptor(entry, k)?.value as string[] | null];
}

function originOf(ext: Map<string, string> | undefined, co: Map<string, string> | undefined): Origin {
  const src = co ?? ext;
  const git = src?.get(':git');
  if (git) {
    const ref = src?.get(':commit') ?? src?.get(':tag') ?? src?.get(':branch');
    return { type: 'git', url: git, ...(ref ? { ref } : {}) };
  }
  const path = ext?.get(':path');
  if (path !== undefined) return { type: 'file', ref: path };
  const podspec = ext?.get(':podspec');
  if (podspec !== undefined) return /^https?:/i.test(podspec) ? { type: 'tarball', url: podspec } : { type: 'file', ref: podspec };
  return { type: 'registry' };
}

