import { PackageURL } from 'packageurl-js';

/**
 * purl type ↔ OSV ecosystem name, and the OSV package name of a purl.
 *
 * OSV ecosystem names are those of the OSV schema (https://ossf.github.io/osv-schema/#affectedpackage-field,
 * "ecosystems.txt"); purl types those of the purl spec (PURL-TYPES.rst). Where OSV has no ecosystem for a purl
 * type, a short clear name is used and marked `osv: false` so callers can say so.
 */

interface TypeInfo {
  ecosystem: string;
  /** Is `ecosystem` a real OSV ecosystem name? */
  osv: boolean;
  /** OSV package name from the purl's namespace and name. */
  name?: (namespace: string | undefined, name: string) => string;
}

const slash = (ns: string | undefined, n: string) => (ns ? `${ns}/${n}` : n);

/** PEP 503 normalised project name: runs of `-`, `_`, `.` become one `-`, lower case. */
export function pep503(name: string): string {
  return name.replace(/[-_.]+/g, '-').toLowerCase();
}

const TYPES: ReadonlyMap<string, TypeInfo> = new Map<string, TypeInfo>([
  ['npm', { ecosystem: 'npm', osv: true, name: slash }],
  ['pypi', { ecosystem: 'PyPI', osv: true, name: (_ns, n) => pep503(n) }],
  ['cargo', { ecosystem: 'crates.io', osv: true }],
  ['golang', { ecosystem: 'Go', osv: true, name: slash }],
  ['maven', { ecosystem: 'Maven', osv: true, name: (ns, n) => (ns ? `${ns}:${n}` : n) }],
  ['nuget', { ecosystem: 'NuGet', osv: true }],
  ['composer', { ecosystem: 'Packagist', osv: true, name: slash }],
  ['gem', { ecosystem: 'RubyGems', osv: true }],
  ['pub', { ecosystem: 'Pub', osv: true }],
  ['swift', { ecosystem: 'SwiftURL', osv: true, name: slash }],
  ['conan', { ecosystem: 'ConanCenter', osv: true }],
  ['hex', { ecosystem: 'Hex', osv: true }],
  ['hackage', { ecosystem: 'Hackage', osv: true }],
  ['cran', { ecosystem: 'CRAN', osv: true }],
  ['bitnami', { ecosystem: 'Bitnami', osv: true }],
  ['julia', { ecosystem: 'Julia', osv: true }],
  ['cocoapods', { ecosystem: 'CocoaPods', osv: false }],
  ['conda', { ecosystem: 'conda', osv: false, name: slash }],
  ['cpan', { ecosystem: 'CPAN', osv: false, name: (ns, n) => (ns ? `${ns}::${n}` : n) }],
  // Code named by its git repository: the sources that read west.yml, CMake downloads, submodules, vendored copies
  // and torch hub references all call it GIT (OSV's GIT ecosystem names a package by its URL; ours by owner/repo).
  ['github', { ecosystem: 'GIT', osv: false, name: slash }],
  ['bitbucket', { ecosystem: 'GIT', osv: false, name: slash }],
  // container images, as the Dockerfile source names them
  ['docker', { ecosystem: 'Docker', osv: false, name: slash }],
  ['oci', { ecosystem: 'Docker', osv: false, name: slash }],
  ['huggingface', { ecosystem: 'HuggingFace', osv: false, name: slash }],
  ['generic', { ecosystem: 'generic', osv: false, name: slash }],
]);

/** Debian and Ubuntu code names → release numbers (the `distro` qualifier may hold either). */
const DEBIAN_CODENAMES: ReadonlyMap<string, string> = new Map([
  ['jessie', '8'], ['stretch', '9'], ['buster', '10'], ['bullseye', '11'], ['bookworm', '12'], ['trixie', '13'], ['forky', '14'],
]);
const UBUNTU_CODENAMES: ReadonlyMap<string, string> = new Map([
  ['xenial', '16.04'], ['bionic', '18.04'], ['focal', '20.04'], ['jammy', '22.04'], ['lunar', '23.04'], ['mantic', '23.10'],
  ['noble', '24.04'], ['oracular', '24.10'], ['plucky', '25.04'],
]);

/** rpm namespaces → OSV ecosystem names. */
const RPM_VENDORS: ReadonlyMap<string, string> = new Map([
  ['redhat', 'Red Hat'], ['rhel', 'Red Hat'], ['rocky', 'Rocky Linux'], ['rockylinux', 'Rocky Linux'], ['almalinux', 'AlmaLinux'],
  ['opensuse', 'openSUSE'], ['suse', 'SUSE'], ['sles', 'SUSE'], ['mariner', 'Mariner'], ['azurelinux', 'Azure Linux'],
]);

/** The release in a `distro` qualifier ("debian-12", "debian-12.5", "bookworm", "ubuntu-22.04", "alpine-3.19.1"). */
function distroRelease(distro: string | undefined, codenames?: ReadonlyMap<string, string>): string | undefined {
  if (!distro) return undefined;
  const d = distro.toLowerCase().trim();
  const m = /(\d+(?:\.\d+)*)/.exec(d);
  if (m) return m[1];
  const word = d.replace(/^[a-z]+-/, '');
  return codenames?.get(word) ?? codenames?.get(d);
}

/** OSV ecosystem of a parsed purl (type plus, for OS packages, the namespace and `distro` qualifier). */
export function ecosystemOfPurl(p: Pick<PackageURL, 'type' | 'namespace' | 'qualifiers'>): string {
  const type = p.type.toLowerCase();
  const ns = (p.namespace ?? '').toLowerCase();
  const distro = p.qualifiers?.distro;
  if (type === 'deb') {
    if (ns === 'ubuntu') {
      const rel = distroRelease(distro, UBUNTU_CODENAMES);
      // OSV's Ubuntu releases are "major.minor" (22.04), never the point release, with ":LTS" for the long-term
      // releases (even year, April), as the os-release source names them
      const mm = rel ? /^(\d+\.\d+)/.exec(rel)?.[1] : undefined;
      return mm ? `Ubuntu:${mm}${/^\d*[02468]\.04$/.test(mm) ? ':LTS' : ''}` : 'Ubuntu';
    }
    const rel = distroRelease(distro, DEBIAN_CODENAMES);
    const major = rel?.split('.')[0];
    return major ? `Debian:${major}` : 'Debian';
  }
  // syft before 0.40 wrote Alpine packages as pkg:alpine/<name> (no namespace), not pkg:apk/alpine/<name>
  if (type === 'apk' || type === 'alpine') {
    if (ns === 'wolfi') return 'Wolfi';
    if (ns === 'chainguard') return 'Chainguard';
    const rel = distroRelease(distro);
    const mm = rel ? /^(\d+\.\d+)/.exec(rel)?.[1] : undefined;
    return mm ? `Alpine:v${mm}` : 'Alpine';
  }
  if (type === 'rpm') return RPM_VENDORS.get(ns) ?? (ns ? `rpm:${ns}` : 'rpm');
  return TYPES.get(type)?.ecosystem ?? type;
}

/** Is this the name of a real OSV ecosystem (as opposed to a short name Tureen chose)? */
export function isOsvEcosystem(ecosystem: string): boolean {
  const base = ecosystem.split(':')[0] ?? '';
  if (['Debian', 'Ubuntu', 'Alpine', 'Red Hat', 'Rocky Linux', 'AlmaLinux', 'openSUSE', 'SUSE', 'Mariner', 'Azure Linux', 'Wolfi', 'Chainguard'].includes(base)) return true;
  for (const t of TYPES.values()) if (t.ecosystem === ecosystem) return t.osv;
  return false;
}

/** OSV package name of a parsed purl: Maven `group:artifact`, npm `@scope/name`, Go `module/path`, PyPI PEP 503 … */
export function osvNameOfPurl(p: Pick<PackageURL, 'type' | 'namespace' | 'name'>): string {
  const info = TYPES.get(p.type.toLowerCase());
  const ns = p.namespace || undefined;
  if (info?.name) return info.name(ns, p.name);
  if (info) return p.name;
  // OS packages (deb, apk, rpm): the namespace is the vendor, not part of the package name
  if (p.type === 'deb' || p.type === 'apk' || p.type === 'alpine' || p.type === 'rpm' || p.type === 'alpm') return p.name;
  return slash(ns, p.name);
}

/** purl type for an OSV ecosystem name (the inverse of ecosystemOfPurl), or undefined when unknown. */
export function purlTypeOf(ecosystem: string): string | undefined {
  const base = ecosystem.split(':')[0] ?? '';
  if (base === 'Debian' || base === 'Ubuntu') return 'deb';
  if (base === 'Alpine' || base === 'Wolfi' || base === 'Chainguard') return 'apk';
  if (['Red Hat', 'Rocky Linux', 'AlmaLinux', 'openSUSE', 'SUSE', 'Mariner', 'Azure Linux', 'rpm'].includes(base)) return 'rpm';
  for (const [type, info] of TYPES) if (info.ecosystem === ecosystem) return type;
  return undefined;
}

/** What an SBOM's purl says about a component, in Tureen's identity terms. */
export interface PurlIdentity {
  /**
   * Canonical purl (packageurl-js toString of the parsed purl) without its #subpath: equal to what the lockfile
   * sources build. The subpath names a path inside the package (cyclonedx-npm writes the monorepo folder of the
   * package's repository there), not a different package, so it is not part of the identity.
   */
  purl: string;
  /** The #subpath the purl had, if any. */
  subpath?: string;
  type: string;
  ecosystem: string;
  name: string;
  version: string;
  qualifiers: Readonly<Record<string, string>>;
}

/** Parse a purl string into its identity; undefined when it is not a valid purl. */
export function identityOfPurl(raw: string): PurlIdentity | undefined {
  let p: PackageURL;
  try {
    p = PackageURL.fromString(raw.trim());
  } catch {
    return undefined;
  }
  if (!p.name) return undefined;
  const subpath = p.subpath || undefined;
  let purl: string;
  try {
    purl = (subpath ? new PackageURL(p.type, p.namespace, p.name, p.version, p.qualifiers, undefined) : p).toString();
  } catch {
    return undefined;
  }
  return {
    purl,
    type: p.type,
    ecosystem: ecosystemOfPurl(p),
    name: osvNameOfPurl(p),
    version: p.version ?? '',
    qualifiers: { ...(p.qualifiers ?? {}) },
    ...(subpath ? { subpath } : {}),
  };
}
