import { uuidV5 } from '../cyclonedx.js';
import type { ReportData, ReportItem } from '../data.js';
import { currentEntries, reportTimestamp, vulnerabilitySource, type VulnerabilityEntry } from './common.js';

/**
 * The team's vulnerability assessments as an OpenVEX 0.2.0 document (https://github.com/openvex/spec): one statement
 * per assessed vulnerability of each SOUP item's shipped version, about the item's purl. OpenVEX has four statuses
 * where the record (CycloneDX's vocabulary) has five; the mapping is the inverse of the one our VEX reader uses
 * (src/advisories/vex/parse.ts), so `parseVex` reads this document back to the same states — except false_positive,
 * which OpenVEX cannot say and which comes back as not_affected:
 *
 * | record (CycloneDX)  | OpenVEX                                                                 |
 * | ------------------- | ----------------------------------------------------------------------- |
 * | not_affected        | not_affected, with the justification mapped (below), else impact_statement |
 * | false_positive      | not_affected, vulnerable_code_not_present (the advisory is about code this package does not contain) |
 * | exploitable         | affected, action_statement from the mitigation and the responses       |
 * | resolved            | fixed                                                                   |
 * | in_triage           | under_investigation                                                     |
 */

const CONTEXT = 'https://openvex.dev/ns/v0.2.0';

type OpenVexStatus = 'not_affected' | 'affected' | 'fixed' | 'under_investigation';
type OpenVexJustification = 'component_not_present' | 'vulnerable_code_not_present' | 'vulnerable_code_not_in_execute_path' | 'vulnerable_code_cannot_be_controlled_by_adversary' | 'inline_mitigations_already_exist';

/**
 * CycloneDX justification → OpenVEX justification. The four the reader maps forward come back to themselves
 * (code_not_present, code_not_reachable, requires_environment, protected_by_mitigating_control); the others have no
 * exact OpenVEX label and take the nearest — the original stays in status_notes:
 * - requires_configuration, protected_at_perimeter: the vulnerable code is there but an attacker cannot reach or
 *   drive it in this configuration or behind this perimeter → vulnerable_code_cannot_be_controlled_by_adversary;
 * - requires_dependency: without the dependency the vulnerable path cannot run → vulnerable_code_not_in_execute_path;
 * - protected_by_compiler, protected_at_runtime: protections built into the product → inline_mitigations_already_exist.
 */
const JUSTIFICATION: ReadonlyMap<string, OpenVexJustification> = new Map([
  ['code_not_present', 'vulnerable_code_not_present'],
  ['code_not_reachable', 'vulnerable_code_not_in_execute_path'],
  ['requires_configuration', 'vulnerable_code_cannot_be_controlled_by_adversary'],
  ['requires_dependency', 'vulnerable_code_not_in_execute_path'],
  ['requires_environment', 'vulnerable_code_cannot_be_controlled_by_adversary'],
  ['protected_by_compiler', 'inline_mitigations_already_exist'],
  ['protected_at_runtime', 'inline_mitigations_already_exist'],
  ['protected_at_perimeter', 'vulnerable_code_cannot_be_controlled_by_adversary'],
  ['protected_by_mitigating_control', 'inline_mitigations_already_exist'],
] as const);
/** Justifications that come back as themselves through parseVex: no note needed. */
const EXACT = new Set(['code_not_present', 'code_not_reachable', 'requires_environment', 'protected_by_mitigating_control']);

const RESPONSE_TEXT: ReadonlyMap<string, string> = new Map([
  ['update', 'update to a version that fixes it'],
  ['rollback', 'roll back to a version that is not affected'],
  ['workaround_available', 'a workaround is available'],
  ['will_not_fix', 'the supplier will not fix it'],
  ['can_not_fix', 'it cannot be fixed'],
]);

export interface OpenVexStatement {
  vulnerability: { '@id'?: string; name: string; aliases?: string[] };
  timestamp?: string;
  products: { '@id': string; identifiers?: { purl?: string; '@cpe23'?: string } }[];
  status: OpenVexStatus;
  justification?: OpenVexJustification;
  impact_statement?: string;
  action_statement?: string;
  status_notes?: string;
}
export interface OpenVexDocument {
  '@context': string;
  '@id': string;
  author: string;
  timestamp: string;
  version: number;
  tooling: string;
  statements: OpenVexStatement[];
}

/** Characters an RFC 3986 URI may hold as they are; any other is percent-encoded (UTF-8) so `@id` stays a URI. */
function asUri(s: string): string {
  return s.replace(/[^A-Za-z0-9\-._~:/?#@!$&'()*+,;=%]/gu, (ch) => encodeURIComponent(ch)).replace(/%(?![0-9A-Fa-f]{2})/g, '%25');
}

/** Trimmed, capitalised, with a full stop. */
const sentence = (s: string) => {
  const t = s.trim();
  return `${t.charAt(0).toUpperCase()}${t.slice(1)}${/[.!?]$/.test(t) ? '' : '.'}`;
};

function statement(e: VulnerabilityEntry, item: ReportItem): OpenVexStatement {
  const id = item.record.identification;
  const purl = item.component?.purl || id.purl;
  const cpe = item.component?.cpe ?? id.cpe;
  const aliases = [...new Set((e.aliases ?? []).filter((a) => a && a !== e.id))];
  const notes: string[] = [];
  const out: OpenVexStatement = {
    vulnerability: { '@id': vulnerabilitySource(e.id).url, name: e.id, ...(aliases.length ? { aliases } : {}) },
    // an entry without a date takes the document's time (OpenVEX's inheritance)
    ...(e.date ? { timestamp: `${e.date}T00:00:00Z` } : {}),
    products: [{ '@id': asUri(purl), identifiers: { purl, ...(cpe?.startsWith('cpe:2.3:') ? { '@cpe23': cpe } : {}) } }],
    status: 'under_investigation',
  };
  switch (e.state) {
    case 'not_affected': {
      out.status = 'not_affected';
      const j = e.justification !== undefined ? JUSTIFICATION.get(e.justification) : undefined;
      // the schema takes a justification or an impact statement, never both: the detail then goes to the notes
      if (j) {
        out.justification = j;
        if (e.justification !== undefined && !EXACT.has(e.justification)) notes.push(`CycloneDX justification: ${e.justification}.`);
        if (e.detail) notes.push(e.detail);
      } else {
        out.impact_statement = [e.justification ? `Justification: ${e.justification}.` : '', e.detail ?? ''].filter(Boolean).join(' ')
          || 'Assessed as not affected; the record gives no justification.';
      }
      break;
    }
    case 'false_positive':
      out.status = 'not_affected';
      out.justification = 'vulnerable_code_not_present';
      notes.push('Assessed as a false positive (CycloneDX state false_positive): the advisory does not concern this package.');
      if (e.detail) notes.push(e.detail);
      break;
    case 'exploitable': {
      out.status = 'affected';
      const responses = (e.response ?? []).map((r) => RESPONSE_TEXT.get(r) ?? r);
      const fixed = e.fixedIn?.length ? ` (fixed in ${e.fixedIn.join(', ')})` : '';
      const action = [e.mitigation ? sentence(e.mitigation) : '', responses.length ? sentence(`${responses.join('; ')}${fixed}`) : ''].filter(Boolean).join(' ');
      out.action_statement = action || 'No mitigation recorded yet: see the SOUP record.';
      if (e.detail) notes.push(e.detail);
      break;
    }
    case 'resolved':
      out.status = 'fixed';
      if (e.detail) notes.push(e.detail);
      if (e.mitigation) notes.push(e.mitigation);
      break;
    case 'in_triage':
      out.status = 'under_investigation';
      if (e.detail) notes.push(e.detail);
      break;
  }
  if (notes.length) out.status_notes = notes.join(' ');
  return out;
}

/** The statements of the report: every current-version entry of every SOUP item, duplicates once. */
export function openVexStatements(data: ReportData): OpenVexStatement[] {
  const seen = new Set<string>();
  const out: OpenVexStatement[] = [];
  for (const item of data.items) {
    for (const e of currentEntries(item)) {
      const s = statement(e, item);
      const k = JSON.stringify(s);
      if (seen.has(k)) continue; // the schema wants statements unique
      seen.add(k);
      out.push(s);
    }
  }
  return out;
}

/** Namespace of the documents' UUIDs (a fixed random UUID). */
const OPENVEX_NAMESPACE = 'c6f2d8a4-3b19-4e57-8a60-2f4d9b7e1c35';

/**
 * The OpenVEX document of the report. Its `@id` is a UUID derived from the document id, revision and date, so the
 * same document has the same id. With no assessment to state, `statements` is empty — which OpenVEX's schema does not
 * accept (it wants at least one): a caller that must not write such a document checks `openVexStatements` first.
 */
export function buildOpenVex(data: ReportData): OpenVexDocument {
  const timestamp = reportTimestamp(data);
  const author = data.device.manufacturer?.trim() ? data.device.manufacturer : data.device.name;
  return {
    '@context': CONTEXT,
    '@id': `urn:uuid:${uuidV5(OPENVEX_NAMESPACE, JSON.stringify([data.document.id, data.document.revision, data.date]))}`,
    author,
    timestamp,
    version: 1,
    tooling: `${data.tool.name} ${data.tool.version}`,
    statements: openVexStatements(data),
  };
}

/** The OpenVEX JSON text of the report. */
export function renderOpenVex(data: ReportData): string {
  return `${JSON.stringify(buildOpenVex(data), null, 2)}\n`;
}
