import { PackageURL } from 'packageurl-js';
import picomatch from 'picomatch';
import { isMap, isSeq, parseDocument } from 'yaml';
import type { Component, Evidence, SourceDecision } from '../../model/component.js';
import type { DeclaredItem } from '../../model/config.js';
import type { Finding } from '../../model/finding.js';
import { toLicense } from '../../util/license.js';
import { identityOfPurl } from '../../util/ecosystem.js';
import { purlOf } from '../../util/purl.js';
import { component } from '../component.js';
import type { ExtractResult } from '../source.js';

export const SOURCE_ID = 'declared';

/**
 * Line of the n-th entry of a top-level sequence (`declared`, `legacy`) in the config text, for evidence.
 * The config was already validated by the loader; this only locates.
 */
export function entryLines(configText: string | undefined, key: string): number[] {
  if (!configText) return [];
  const doc = parseDocument(configText, { uniqueKeys: false });
  const seq = isMap(doc.contents) ? doc.contents.get(key, true) : undefined;
  if (!isSeq(seq)) return [];
  const out: number[] = [];
  for (const item of seq.items) {
    const at = (item as { range?: [number, number, number] }).range?.[0];
    out.push(at === undefined ? 0 : configText.slice(0, at).split('\n').length);
  }
  return out;
}

function identity(item: DeclaredItem): { purl: string; ecosystem: string; name: string } {
  if (item.purl) {
    // The config loader accepted any string; a bad purl falls back to a generic one (and a finding, below).
    const id = identityOfPurl(item.purl);
    if (id) return { purl: id.purl, ecosystem: id.ecosystem, name: id.type === 'generic' ? item.name : id.name };
  }
  return { purl: purlOf('generic', undefined, slug(item.name), item.version), ecosystem: 'generic', name: item.name };
}

function decisionFor(item: DeclaredItem, where: string): SourceDecision | undefined {
  const why = item.reason ? ` ${item.reason.trim()}` : '';
  if (item.firmware) {
    return {
      soup: false,
      branch: null,
      rule: 'declared.firmware',
      rationale: `Not SOUP: firmware inside a hardware component${item.supplier ? ` from ${item.supplier}` : ''} that the device software cannot call or change; it is verified as part of that hardware component (declared at ${where}).${why}`,
    };
  }
  if (item.contract?.iec62304Records) {
    return {
      soup: false,
      branch: null,
      rule: 'declared.contract-records',
      rationale: `Not SOUP: developed under IEC 62304 by ${item.supplier ?? 'the supplier'}, whose development records are available to the manufacturer under contract ${item.contract.reference} (declared at ${where}). Keep the contract and an index of those records in the design history file.${why}`,
    };
  }
  if (item.contract) {
    return {
      soup: true,
      branch: 'off-the-shelf',
      rule: 'declared.contract-no-records',
      rationale: `SOUP (off-the-shelf): supplied under contract ${item.contract.reference}, which does not give access to IEC 62304 development records, so it was not developed under a process the manufacturer can show (declared at ${where}).${why}`,
    };
  }
  return undefined;
}

/**
 * The config's `declared:` items (commercial SDKs, BSPs, RTOS, cloud services, subcontractor modules, hardware
 * firmware) as components. `files` are the repository's files, to resolve each item's `paths` globs.
 */
export function extractDeclared(items: readonly DeclaredItem[], configFile: string, configText: string | undefined, files: readonly string[]): ExtractResult {
  const lines = entryLines(configText, 'declared');
  const components: Component[] = [];
  const findings: Finding[] = [];
  items.forEach((item, i) => {
    const line = lines[i] || undefined;
    const where = line ? `${configFile}:${line}` : `${configFile} (declared[${i}])`;
    const id = identity(item);
    const evidence: Evidence[] = [{ file: configFile, ...(line ? { line } : {}), key: `declared[${i}]`, source: SOURCE_ID }];
    const at = { file: configFile, ...(line ? { line } : {}) };
    if (item.purl && id.purl !== safePurl(item.purl)) {
      findings.push({ rule: 'declared.bad-purl', severity: 'warning', message: `declared item "${item.name}": "${item.purl}" is not a valid package URL; a generic one is used`, ...at, item: id.purl, fix: 'Write it as pkg:<type>/<namespace>/<name>@<version> (https://github.com/package-url/purl-spec), or remove it.' });
    }
    const matched: string[] = [];
    if (item.paths?.length) {
      const isMatch = picomatch(item.paths.map((p) => p.replace(/\/$/, '/**')), { dot: true });
      for (const f of files) if (isMatch(f)) matched.push(f);
      if (!matched.length) {
        findings.push({ rule: 'declared.path-missing', severity: 'warning', message: `declared item "${item.name}": no file matches paths ${item.paths.join(', ')}`, ...at, item: id.purl, fix: 'Correct the paths (repository-relative globs), or remove them if the item does not live in this repository.' });
      }
    }
    if (item.firmware && !item.reason) {
      findings.push({ rule: 'declared.firmware-reason', severity: 'warning', message: `declared firmware "${item.name}" has no reason`, ...at, item: id.purl, fix: 'Add a reason that says which hardware component holds it and why the device software cannot call it.' });
    }
    const decision = decisionFor(item, where);
    const license = item.license ? toLicense(item.license) : undefined;
    components.push(component({
      ecosystem: id.ecosystem,
      name: id.name,
      version: item.version,
      purl: id.purl,
      scope: 'runtime',
      direct: true,
      kind: item.firmware ? 'firmware' : item.kind,
      ...(item.cpe ? { cpe: item.cpe } : {}),
      ...(item.supplier ? { supplier: item.supplier } : {}),
      ...(license ? { licenses: [license] } : {}),
      ...(item.description ? { description: item.description } : {}),
      origin: { type: 'declared', ...(item.url ? { url: item.url } : {}) },
      evidence: [...evidence, ...matched.slice(0, 1).map((f) => ({ file: f, source: SOURCE_ID }))],
      properties: [
        ...(item.contract ? [{ name: 'contract:reference', value: item.contract.reference }, { name: 'contract:iec62304-records', value: String(item.contract.iec62304Records) }] : []),
        ...(item.contract?.note ? [{ name: 'contract:note', value: item.contract.note }] : []),
        ...(matched.length ? [{ name: 'declared:files', value: String(matched.length) }] : []),
        ...(item.reason ? [{ name: 'declared:reason', value: item.reason }] : []),
      ],
      ...(decision ? { decision } : {}),
    }));
  });
  return { components, findings };
}

/** A purl name from a display name: lower case, runs of anything but [a-z0-9._-] as one "-". */
function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'item';
}

function safePurl(s: string): string | undefined {
  try {
    return PackageURL.fromString(s).toString();
  } catch {
    return undefined;
  }
}
