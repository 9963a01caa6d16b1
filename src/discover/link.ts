import type { Component } from '../model/component.js';
import { dedupeLicenses } from '../util/license.js';

const prop = (c: Component, name: string) => c.properties?.find((p) => p.name === name)?.value;

/**
 * One item per piece of code, when two sources see the same folder: a git submodule (named by the git-submodules
 * source from its URL and pinned commit) whose root the vendored-code catalogue also recognises (say, zlib's header
 * with its version define). The submodule item stays — its URL and commit identify the code exactly — and takes what
 * the fingerprint knows (the library's version, CPE, licence and the evidence of the version line); the vendored
 * duplicate goes. A library found deeper inside a submodule is a different item and stays.
 */
export function linkSubmoduleFingerprints(components: readonly Component[]): Component[] {
  const byPath = new Map<string, Component>();
  for (const c of components) {
    const path = c.evidence.some((e) => e.source === 'git-submodules') ? prop(c, 'git:path') : undefined;
    if (path !== undefined) byPath.set(path, c);
  }
  if (!byPath.size) return [...components];
  const out: Component[] = [];
  for (const c of components) {
    const sub = prop(c, 'vendored:git-submodule');
    const owner = sub !== undefined && c.origin.type === 'vendored' && c.origin.ref === sub ? byPath.get(sub) : undefined;
    if (!owner) {
      out.push(c);
      continue;
    }
    if (!owner.kind && c.kind) owner.kind = c.kind; // third-party source built into the device: its rationale fits
    if (!owner.cpe && c.cpe) owner.cpe = c.cpe;
    if (!owner.licenses.length && c.licenses.length) owner.licenses = dedupeLicenses(c.licenses);
    if (!owner.supplier && c.supplier) owner.supplier = c.supplier;
    owner.properties = [
      ...(owner.properties ?? []),
      { name: 'vendored:identified-as', value: `${c.name}${c.version ? `@${c.version}` : ''}` },
      ...(c.version ? [{ name: 'vendored:version', value: c.version }] : []),
      { name: 'vendored:purl', value: c.purl },
    ];
    owner.evidence = [...owner.evidence, ...c.evidence];
  }
  return out;
}
