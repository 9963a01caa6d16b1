import type { RepoView, Source } from '../source.js';
import { readText } from '../source.js';
import { extractSpdx, SOURCE_ID } from './extract.js';

const base = (p: string) => p.slice(p.lastIndexOf('/') + 1);
const inNodeModules = (p: string) => p.split('/').includes('node_modules');

/** How many bytes of a candidate file are looked at to recognise an SPDX document. */
export const HEAD_BYTES = 8192;

const JSON_NAME = /\.json$/i;
const TAG_VALUE_NAME = /\.(spdx|tv|tag|txt)$/i;
/** SPDX formats Tureen does not read: said so with a finding rather than silently skipped. */
const OTHER_SPDX_NAME = /\.spdx\.(ya?ml|rdf|rdf\.xml|xml|ttl|jsonld)$/i;

const SPDX_JSON = /"spdxVersion"\s*:\s*"SPDX-|"SPDXID"\s*:\s*"SPDXRef-DOCUMENT"/;
const SPDX3_JSON = /"@context"\s*:\s*"https:\/\/spdx\.org\/rdf\/3/;
const SPDX_TAG_VALUE = /^\s*SPDXVersion\s*:\s*SPDX-/m;

/** Is this file an SPDX document Tureen should look at? Decided from its name and its first HEAD_BYTES only. */
export function looksLikeSpdx(path: string, head: string): boolean {
  const b = base(path);
  if (JSON_NAME.test(b)) return SPDX_JSON.test(head) || SPDX3_JSON.test(head);
  if (TAG_VALUE_NAME.test(b)) return SPDX_TAG_VALUE.test(head);
  return OTHER_SPDX_NAME.test(b);
}

export const source: Source = {
  id: SOURCE_ID,
  ecosystem: 'SPDX',
  description: 'SPDX 2.2/2.3 SBOMs (JSON and tag-value) and SPDX 3.0 JSON-LD, recognised by content: packages and their relationships',
  matches(path, repo?: RepoView) {
    const b = base(path);
    if (inNodeModules(path) || !repo) return false;
    if (!JSON_NAME.test(b) && !TAG_VALUE_NAME.test(b) && !OTHER_SPDX_NAME.test(b)) return false;
    const head = repo.head(path, HEAD_BYTES);
    return head !== undefined && looksLikeSpdx(path, head);
  },
  extract(path, repo) {
    if (OTHER_SPDX_NAME.test(base(path))) {
      return {
        components: [],
        findings: [{ rule: 'spdx.unsupported-format', severity: 'warning', message: `${path} looks like an SPDX document in a format Tureen does not read (YAML, RDF, XML): its packages are not in this inventory`, file: path, fix: 'Convert it to SPDX 2.3 JSON or tag-value (e.g. with the SPDX tools), and commit that instead or beside it.' }],
      };
    }
    const text = readText(repo, path);
    return extractSpdx(path, text);
  },
};
