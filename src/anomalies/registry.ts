import type { AnomalyCandidate, AnomalyTarget } from './types.js';
import { oneLine } from './util.js';

/**
 * Candidates from what the package registry says of the exact version: a deprecation message (npm's `deprecated`,
 * often "critical bug fixed in x.y.z") and a yank (PyPI, crates.io, RubyGems: withdrawn, usually for a defect).
 */
export function registryCandidates(t: Pick<AnomalyTarget, 'name' | 'version' | 'deprecated' | 'yanked'>): AnomalyCandidate[] {
  const out: AnomalyCandidate[] = [];
  const message = t.deprecated === undefined ? undefined : oneLine(t.deprecated, 300);
  if (message !== undefined && message !== '') {
    out.push({
      id: 'registry:deprecated',
      title: `Deprecated: ${message}`,
      source: 'registry',
      reason: `the registry marks ${t.name} ${t.version} deprecated`,
    });
  }
  if (t.yanked) {
    out.push({
      id: 'registry:yanked',
      title: `${t.name} ${t.version} was yanked from the registry`,
      source: 'registry',
      reason: `the registry withdrew ${t.version} (yanked), usually for a defect`,
    });
  }
  return out;
}
