import { purlOf } from '../../util/purl.js';
import { clip } from '../../util/text.js';

/** Maven's own defaults: packaging/type "jar" adds no purl qualifier. */
export function mavenPurl(groupId: string, artifactId: string, version: string, opts: { type?: string | undefined; classifier?: string | undefined } = {}): string {
  const type = opts.type && opts.type !== 'jar' ? opts.type : undefined;
  return purlOf('maven', groupId, artifactId, version, { classifier: opts.classifier || undefined, type });
}

export { clip };

/** A plausible Maven coordinate part (groupId, artifactId): no spaces, slashes or control characters. */
export function validCoordPart(s: string): boolean {
  return /^[A-Za-z0-9_.-]+$/.test(s) && s.length <= 256;
}
