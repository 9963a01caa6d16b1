import { purlOf } from '../../util/purl.js';

/** Maven's own defaults: packaging/type "jar" adds no purl qualifier. */
export function mavenPurl(groupId: string, artifactId: string, version: string, opts: { type?: string | undefined; classifier?: string | undefined } = {}): string {
  const type = opts.type && opts.type !== 'jar' ? opts.type : undefined;
  return purlOf('maven', groupId, artifactId, version, { classifier: opts.classifier || undefined, type });
}

/** Remove control characters and clip, for names placed in messages. */
export function clip(s: string, max = 120): string {
  // eslint-disable-next-line no-control-regex
  const clean = s.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/** A plausible Maven coordinate part (groupId, artifactId): no spaces, slashes or control characters. */
export function validCoordPart(s: string): boolean {
  return /^[A-Za-z0-9_.-]+$/.test(s) && s.length <= 256;
}
