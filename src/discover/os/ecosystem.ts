import type { Finding } from '../../model/finding.js';
import { clip } from '../../util/text.js';
import type { OsInfo } from './release.js';

/**
 * OSV ecosystem names of operating-system releases, as OSV writes them in `affected[].package.ecosystem`
 * (https://ossf.github.io/osv-schema/#affectedpackage-field and the ecosystems list osv-schema publishes):
 *   Debian:<major>            Debian:12          (Debian's advisories are per major release)
 *   Ubuntu:<YY.MM>[:LTS]      Ubuntu:22.04:LTS   Ubuntu:24.10 (LTS releases carry ":LTS"; ":Pro:" for Pro is not derivable)
 *   Alpine:v<major>.<minor>   Alpine:v3.19
 * Distributions without an entry here get their os-release NAME-like ID and VERSION_ID (see `osvEcosystem`).
 */

/** Debian codenames → major release, Ubuntu codenames → YY.MM. For container tags that name a codename. */
export const CODENAMES: ReadonlyMap<string, { id: 'debian' | 'ubuntu'; versionId: string }> = new Map([
  ['buzz', { id: 'debian', versionId: '1.1' }],
  ['hamm', { id: 'debian', versionId: '2.0' }],
  ['potato', { id: 'debian', versionId: '2.2' }],
  ['woody', { id: 'debian', versionId: '3.0' }],
  ['sarge', { id: 'debian', versionId: '3.1' }],
  ['etch', { id: 'debian', versionId: '4' }],
  ['lenny', { id: 'debian', versionId: '5' }],
  ['squeeze', { id: 'debian', versionId: '6' }],
  ['wheezy', { id: 'debian', versionId: '7' }],
  ['jessie', { id: 'debian', versionId: '8' }],
  ['stretch', { id: 'debian', versionId: '9' }],
  ['buster', { id: 'debian', versionId: '10' }],
  ['bullseye', { id: 'debian', versionId: '11' }],
  ['bookworm', { id: 'debian', versionId: '12' }],
  ['trixie', { id: 'debian', versionId: '13' }],
  ['forky', { id: 'debian', versionId: '14' }],
  ['trusty', { id: 'ubuntu', versionId: '14.04' }],
  ['xenial', { id: 'ubuntu', versionId: '16.04' }],
  ['bionic', { id: 'ubuntu', versionId: '18.04' }],
  ['focal', { id: 'ubuntu', versionId: '20.04' }],
  ['jammy', { id: 'ubuntu', versionId: '22.04' }],
  ['kinetic', { id: 'ubuntu', versionId: '22.10' }],
  ['lunar', { id: 'ubuntu', versionId: '23.04' }],
  ['mantic', { id: 'ubuntu', versionId: '23.10' }],
  ['noble', { id: 'ubuntu', versionId: '24.04' }],
  ['oracular', { id: 'ubuntu', versionId: '24.10' }],
  ['plucky', { id: 'ubuntu', versionId: '25.04' }],
  ['questing', { id: 'ubuntu', versionId: '25.10' }],
]);

/** Ubuntu LTS releases are the April releases of even years (YY.04 with YY even). */
export function isUbuntuLts(versionId: string): boolean {
  const m = /^(\d{2})\.04(?:\.\d+)?$/.exec(versionId);
  return m !== null && Number(m[1]) % 2 === 0;
}

/** Alpine's VERSION_ID 3.19.1 → "v3.19"; "edge" and snapshot ids (3.20_alpha20240329) → "edge"-like raw values. */
export function alpineBranch(versionId: string): string | undefined {
  const m = /^(\d+)\.(\d+)(?:\.\d+)?$/.exec(versionId);
  return m ? `v${m[1]}.${m[2]}` : undefined;
}

/** The OSV ecosystem of an OS release, or undefined when OSV's naming for it is not known here. */
export function osvEcosystem(os: Pick<OsInfo, 'id' | 'versionId' | 'version'>): string | undefined {
  const v = os.versionId;
  switch (os.id) {
    case 'debian': {
      const major = /^(\d+)/.exec(v)?.[1];
      return major ? `Debian:${major}` : 'Debian';
    }
    case 'ubuntu': {
      const m = /^(\d{2}\.\d{2})/.exec(v)?.[1];
      if (!m) return 'Ubuntu';
      return isUbuntuLts(m) || /\bLTS\b/.test(os.version) ? `Ubuntu:${m}:LTS` : `Ubuntu:${m}`;
    }
    case 'alpine': {
      const b = alpineBranch(v);
      return b ? `Alpine:${b}` : 'Alpine';
    }
    default:
      return undefined;
  }
}

/**
 * The ecosystem Tureen records for an OS release: OSV's name when known, else "<ID>" or "<ID>:<VERSION_ID>"
 * (OSV has no entry for it; the caller adds a finding).
 */
export function ecosystemOf(os: Pick<OsInfo, 'id' | 'versionId' | 'version'>): { ecosystem: string; known: boolean } {
  const e = osvEcosystem(os);
  if (e) return { ecosystem: e, known: true };
  return { ecosystem: os.versionId ? `${os.id}:${os.versionId}` : os.id, known: false };
}

/** NVD CPE vendor:product of the operating systems Tureen knows. */
const CPE_PRODUCTS: ReadonlyMap<string, string> = new Map([
  ['debian', 'debian:debian_linux'],
  ['ubuntu', 'canonical:ubuntu_linux'],
  ['alpine', 'alpinelinux:alpine_linux'],
]);

const CPE_UNSAFE = /[^A-Za-z0-9._-]/g;

/** CPE 2.3 of the OS: CPE_NAME when os-release has one, else `cpe:2.3:o:<vendor>:<product>:<version>:*:…` for the known ones. */
export function osCpe(os: Pick<OsInfo, 'id' | 'versionId' | 'cpeName'>): string | undefined {
  if (os.cpeName) return os.cpeName;
  const vp = CPE_PRODUCTS.get(os.id);
  if (!vp || !os.versionId) return undefined;
  return `cpe:2.3:o:${vp}:${os.versionId.replace(CPE_UNSAFE, '')}:*:*:*:*:*:*:*`;
}

/** The purl `distro` qualifier: "<id>-<version_id>" (e.g. debian-12, alpine-3.19.1), or just the id. */
export function distroQualifier(os: Pick<OsInfo, 'id' | 'versionId'>): string {
  return os.versionId ? `${os.id}-${os.versionId}` : os.id;
}

/**
 * The packages of a package database are named in the OSV ecosystem of the root's os-release. When that file is
 * missing, or names an OS OSV does not cover, say so once per database (a finding at its first line).
 */
export function osEcosystemFindings(sourceId: string, file: string, os: Pick<OsInfo, 'id'> | undefined, eco: { ecosystem: string; known: boolean }, fallback: string): Finding[] {
  if (!os) {
    return [{
      rule: `${sourceId}.os-unknown`, severity: 'warning', file, line: 1,
      message: `no etc/os-release in the same root filesystem: the distribution release (and so the OSV ecosystem) is unknown; recorded as "${fallback}"`,
      fix: 'Keep etc/os-release (or usr/lib/os-release) of the same root filesystem in the repository.',
    }];
  }
  if (!eco.known) {
    return [{
      rule: `${sourceId}.ecosystem-unknown`, severity: 'info', file, line: 1,
      message: `the OS of this root is "${clip(os.id)}", whose OSV ecosystem Tureen does not know; packages recorded as "${clip(eco.ecosystem)}"`,
      fix: "Check these packages against the vendor's security advisories by hand.",
    }];
  }
  return [];
}
