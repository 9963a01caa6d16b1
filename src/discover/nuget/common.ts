import { purlOf } from '../../util/purl.js';
import { clip } from '../../util/text.js';

export const SOURCE_ID = 'nuget';
export const ECOSYSTEM = 'NuGet';

/**
 * The purl of a NuGet package. NuGet ids are case-insensitive and files spell them as their author typed them
 * ("fasterflect" in one project, "Fasterflect" in another), so the purl (and so the key) uses the lower-cased
 * id, as NuGet's own flat-container URLs do; the component's `name` keeps the casing of the file.
 */
export function nugetPurl(id: string, version: string): string {
  return purlOf('nuget', undefined, id.toLowerCase(), version);
}

export type VersionSpec =
  | { kind: 'exact'; version: string }
  | { kind: 'range'; range: string };

/**
 * A NuGet version specification: "1.2.3" (minimum version; NuGet resolves the lowest that exists, so the
 * version itself) and "[1.2.3]" are exact; floating ("1.*", "*", "1.2.3-*") and ranges ("[1,2)", "(,2]",
 * "[1.0, )") are ranges.
 */
export function versionSpec(raw: string): VersionSpec {
  const s = raw.trim();
  const exact = /^\[\s*([^,\s\]]+)\s*\]$/.exec(s);
  if (exact) return { kind: 'exact', version: exact[1] as string };
  if (/^[0-9][0-9A-Za-z.+-]*$/.test(s) && !s.includes('*')) return { kind: 'exact', version: s };
  return { kind: 'range', range: s };
}

export { clip };

