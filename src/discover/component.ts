import type { Component, Evidence } from '../model/component.js';

/** What a source must say about a component; everything else has a neutral default. */
export type ComponentInit = Pick<Component, 'ecosystem' | 'name' | 'version' | 'purl' | 'scope'> &
  { evidence: Evidence[] } & Partial<Omit<Component, 'ecosystem' | 'name' | 'version' | 'purl' | 'scope' | 'evidence'>>;

/**
 * A Component with the defaults sources share: key = purl, no licences/hashes/paths/dependencies, not direct,
 * not first-party, from a registry. Sources override what they know.
 */
export function component(init: ComponentInit): Component {
  return {
    key: init.key ?? init.purl,
    licenses: [],
    hashes: [],
    direct: false,
    firstParty: false,
    origin: { type: 'registry' },
    paths: [],
    dependencies: [],
    ...init,
  };
}
