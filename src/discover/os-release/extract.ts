import { component } from '../component.js';
import type { Finding } from '../../model/finding.js';
import { purlOf } from '../../util/purl.js';
import type { ExtractResult } from '../source.js';
import { ecosystemOf, osCpe } from '../os/ecosystem.js';
import { osInfo, parseOsRelease } from '../os/release.js';

export const SOURCE_ID = 'os-release';

/**
 * An os-release file (etc/os-release or usr/lib/os-release of a root filesystem) → one operating-system item:
 * name = ID, version = VERSION_ID, ecosystem = the OSV ecosystem of that release, cpe = CPE_NAME or the NVD CPE
 * of the known distributions, purl `pkg:generic/<id>@<version_id>` (the purl spec has no type for an OS).
 */
export function extractOsRelease(file: string, text: string): ExtractResult {
  const fields = parseOsRelease(text, file);
  const os = osInfo(fields);
  const findings: Finding[] = [];
  const line = fields.get('ID')?.line ?? fields.get('NAME')?.line ?? 1;
  const { ecosystem, known } = ecosystemOf(os);
  const purl = purlOf('generic', undefined, os.id, os.versionId || undefined, { distro: undefined });
  if (!fields.has('ID')) {
    findings.push({
      rule: `${SOURCE_ID}.no-id`, severity: 'warning', file, line,
      message: 'os-release has no ID; the operating system was recorded as "linux" (the os-release(5) default)',
      item: purl, fix: 'Use the os-release file the distribution ships (it sets ID and VERSION_ID).',
    });
  }
  if (!os.versionId) {
    findings.push({
      rule: `${SOURCE_ID}.unpinned`, severity: 'warning', file, line,
      message: `os-release of "${os.id}" has no VERSION_ID (a rolling or testing release): the operating system has no exact version`,
      item: purl, fix: 'Build the device on a numbered release of the operating system (e.g. Debian 12, Alpine 3.19), or record the snapshot date in the SOUP list.',
    });
  }
  if (!known) {
    findings.push({
      rule: `${SOURCE_ID}.ecosystem-unknown`, severity: 'info', file, line,
      message: `Tureen does not know OSV's ecosystem name for "${os.id}"; it was recorded as "${ecosystem}"`,
      item: purl, fix: 'Check the OS against its vendor\'s security advisories by hand.',
    });
  }
  const props = [
    ...(os.codename ? [{ name: 'os:codename', value: os.codename }] : []),
    ...(os.prettyName ? [{ name: 'os:pretty-name', value: os.prettyName }] : []),
    ...(os.idLike.length ? [{ name: 'os:id-like', value: os.idLike.join(' ') }] : []),
  ];
  const cpe = osCpe(os);
  return {
    components: [component({
      ecosystem,
      name: os.id,
      version: os.versionId,
      purl,
      ...(cpe ? { cpe } : {}),
      scope: 'runtime',
      direct: true,
      kind: 'operating-system',
      description: os.prettyName,
      properties: props,
      evidence: [{ file, line, key: 'ID', source: SOURCE_ID }],
    })],
    findings,
  };
}
