import type { License } from '../../model/component.js';
import { identityOfPurl } from '../../util/ecosystem.js';
import { toLicense } from '../../util/license.js';
import { purlOf } from '../../util/purl.js';
import { clip } from '../../util/text.js';

/** Identity of an SBOM item (CycloneDX component or SPDX package) in Tureen's terms. */
export interface SbomIdentity {
  key: string;
  purl: string;
  ecosystem: string;
  name: string;
  version: string;
  /** 'purl': from a valid purl; 'generic': no purl (matched by name only); 'invalid': the purl did not parse. */
  how: 'purl' | 'generic' | 'invalid';
  qualifiers: Readonly<Record<string, string>>;
  subpath?: string;
  /** the version the SBOM gave when it is a range, not a version (then `version` is '') */
  range?: string;
}

/**
 * A version string that is a range or a tag rather than one version: ^1.2, ~1.2, >=1 <2, 1.x, *, latest,
 * 1 - 2, a || b, >=1,<2. SBOM tools that read manifests without a lockfile (e.g. cdxgen) write these.
 */
export function isRange(v: string): boolean {
  const s = v.trim();
  return /^[~^<>]|^=>|^(\*|latest|next)$|\|\||\s-\s|,|(^|\.)[xX*](\.|$)/.test(s);
}

export { clip };

/**
 * The identity of an SBOM item: from its purl when it has a valid one (canonical form, OSV ecosystem and name,
 * the item's own version added when the purl has none), else a `pkg:generic/` purl from its name and version.
 */
export function sbomIdentity(item: { purl?: string | undefined; name: string; group?: string | undefined; version?: string | undefined }): SbomIdentity {
  const id = identityOf(item);
  if (!id.version || !isRange(id.version)) return id;
  // a range is not a version: the item is listed without one (and its purl too), the range kept beside it
  const range = id.version;
  const bare = identityOf({ ...item, version: '', purl: item.purl !== undefined ? withoutVersion(item.purl) : undefined });
  return { ...bare, version: '', range };
}

/** The purl without its @version (before ? and #). */
function withoutVersion(purl: string): string {
  const m = /^([^?#]*?)@[^/?#]*([?#].*)?$/.exec(purl.trim());
  return m ? `${m[1] as string}${m[2] ?? ''}` : purl;
}

function identityOf(item: { purl?: string | undefined; name: string; group?: string | undefined; version?: string | undefined }): SbomIdentity {
  const declaredVersion = (item.version ?? '').trim();
  if (item.purl !== undefined && item.purl.trim() !== '') {
    let id = identityOfPurl(item.purl);
    if (id && !id.version && declaredVersion) {
      // a versionless purl with a version beside it: the lockfile sources put the version in the purl
      const withVersion = id.purl.replace(/^(pkg:[^?#]*?)(\?|#|$)/, `$1@${encodeURIComponent(declaredVersion)}$2`);
      id = identityOfPurl(withVersion) ?? id;
    }
    if (id) return { key: id.purl, purl: id.purl, ecosystem: id.ecosystem, name: id.name, version: id.version, how: 'purl', qualifiers: id.qualifiers, ...(id.subpath ? { subpath: id.subpath } : {}) };
  }
  const name = item.name.trim() || 'unnamed';
  const group = item.group?.trim() || undefined;
  const purl = purlOf('generic', group, name, declaredVersion || undefined);
  return {
    key: purl,
    purl,
    ecosystem: 'generic',
    name: group ? `${group}/${name}` : name,
    version: declaredVersion,
    how: item.purl !== undefined && item.purl.trim() !== '' ? 'invalid' : 'generic',
    qualifiers: {},
  };
}

/**
 * An SBOM's licence field, which its format says is an SPDX expression: kept as the expression when it is a valid one,
 * else as the name written (never "corrected": spdx-correct would guess, e.g. GPL-2+ → GPL-2.0-only). Cached: an SBOM
 * repeats the same few licence strings thousands of times, and parsing an SPDX expression is the most expensive step
 * per component. Bounded, so a hostile file cannot grow it without limit.
 */
const LICENSE_CACHE = new Map<string, License | undefined>();
export function cachedLicense(raw: string): License | undefined {
  let l: License | undefined;
  if (LICENSE_CACHE.has(raw)) l = LICENSE_CACHE.get(raw);
  else {
    const t = toLicense(raw);
    l = t && 'expression' in t && t.expression !== raw.trim() ? { name: raw.trim() } : t;
    if (LICENSE_CACHE.size < 10_000 && raw.length < 500) LICENSE_CACHE.set(raw, l);
  }
  // a copy: components must not share objects that a later step could change
  return l && { ...l };
}
