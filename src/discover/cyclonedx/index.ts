import type { RepoView, Source } from '../source.js';
import { readText } from '../source.js';
import { extractCycloneDx, SOURCE_ID } from './extract.js';

const base = (p: string) => p.slice(p.lastIndexOf('/') + 1);
const inNodeModules = (p: string) => p.split('/').includes('node_modules');

/** How many bytes of a candidate file are looked at to recognise a BOM. */
export const HEAD_BYTES = 8192;

/** File names that may hold a CycloneDX BOM: JSON/XML, `.cdx`, and anything named like an SBOM. */
export function isCandidateName(path: string): boolean {
  const b = base(path).toLowerCase();
  return /\.(json|xml|cdx)$/.test(b) || b.includes('.sbom') || b.includes('.cdx');
}

/** A name that says "bill of materials" (bom.json, app.cdx.json, be-sbom.json, x.sbom.xml …). */
const bomLikeName = (path: string) => /(^|[^a-z])s?bom([^a-z]|$)|\.cdx(\.|$)|sbom/i.test(base(path));

const CDX_JSON = /"bomFormat"\s*:\s*"CycloneDX"/;
const CDX_XML = /xmlns(?::[A-Za-z_][\w.-]*)?\s*=\s*["']http:\/\/cyclonedx\.org\/schema\/bom\/1\.\d+["']/;
/** JSON that looks like a CycloneDX document even when its keys are sorted (bomFormat last). */
const CDX_JSON_HINT = /^\s*\{[\s\S]*"(bom-ref|specVersion|serialNumber)"\s*:/;

const NOT_CDX = /"(spdxVersion|@context|SPDXID)"\s*:/;

/** Is this file a CycloneDX BOM? Decided from its name and its first HEAD_BYTES only. */
export function looksLikeCycloneDx(path: string, head: string): boolean {
  if (CDX_JSON.test(head) || CDX_XML.test(head)) return true;
  // tools that sort keys (cyclonedx-py) write "bomFormat" at the end: accept a BOM-like name with BOM keys,
  // unless the head shows another SBOM format (SPDX 2 "spdxVersion", SPDX 3 JSON-LD "@context" with its "specVersion")
  return bomLikeName(path) && CDX_JSON_HINT.test(head) && !NOT_CDX.test(head);
}

export const source: Source = {
  id: SOURCE_ID,
  ecosystem: 'CycloneDX',
  description: 'CycloneDX SBOMs 1.2–1.6, JSON and XML (recognised by content): components, nested components, dependencies',
  matches(path, repo?: RepoView) {
    if (!isCandidateName(path) || inNodeModules(path) || !repo) return false;
    const head = repo.head(path, HEAD_BYTES);
    return head !== undefined && looksLikeCycloneDx(path, head);
  },
  extract(path, repo) {
    const text = readText(repo, path);
    return extractCycloneDx(path, text, { skipOwnOutput: true });
  },
};
