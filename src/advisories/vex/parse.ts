import { z } from 'zod';
import { TureenError } from '../../model/errors.js';
import { parseJson } from '../../util/json.js';

/**
 * VEX documents from suppliers — CycloneDX VEX (a BOM's `vulnerabilities[]` with `analysis` and `affects`) and OpenVEX
 * (https://github.com/openvex/spec, v0.0.x and v0.2.0) — read into one shape: for a product (purl or CPE), a
 * vulnerability (id and aliases) has a state in CycloneDX's vocabulary, which the SOUP record uses.
 */

export type VexState = 'exploitable' | 'in_triage' | 'false_positive' | 'not_affected' | 'resolved';

export interface VexStatement {
  vulnerability: string;
  aliases: string[];
  /** purls (or CPEs) the statement is about; a purl without a version means every version */
  products: string[];
  state: VexState;
  justification?: string;
  response?: string[];
  detail?: string;
  /** ISO date of the statement, YYYY-MM-DD, when known */
  date?: string;
}

export interface VexDocument {
  format: 'cyclonedx' | 'openvex';
  /** who issued it: OpenVEX `author`, CycloneDX `metadata.supplier/manufacturer/authors` or tool, else undefined */
  author?: string;
  statements: VexStatement[];
}

// ------------------------------------------------------------------------------------------------- CycloneDX

const CdxState = z.enum(['resolved', 'resolved_with_pedigree', 'exploitable', 'in_triage', 'false_positive', 'not_affected']);
const CdxVuln = z.object({
  'bom-ref': z.string().optional(),
  id: z.string().min(1),
  references: z.array(z.object({ id: z.string() }).passthrough()).optional().catch(undefined),
  analysis: z.object({
    state: CdxState.optional(),
    justification: z.string().optional(),
    // the schema says an array; real documents (the project's own example) write one string
    response: z.union([z.array(z.string()), z.string()]).optional(),
    detail: z.string().optional(),
    firstIssued: z.string().optional(),
    lastUpdated: z.string().optional(),
  }).passthrough().optional(),
  affects: z.array(z.object({ ref: z.string() }).passthrough()).optional(),
  updated: z.string().optional(),
  published: z.string().optional(),
}).passthrough();
const CdxComponent = z.object({ 'bom-ref': z.string().optional(), purl: z.string().optional(), cpe: z.string().optional(), components: z.array(z.unknown()).optional() }).passthrough();
const CdxDoc = z.object({
  bomFormat: z.literal('CycloneDX'),
  metadata: z.object({
    supplier: z.object({ name: z.string().optional() }).passthrough().optional(),
    manufacturer: z.object({ name: z.string().optional() }).passthrough().optional(),
    authors: z.array(z.object({ name: z.string().optional() }).passthrough()).optional(),
    timestamp: z.string().optional(),
  }).passthrough().optional(),
  components: z.array(z.unknown()).optional(),
  vulnerabilities: z.array(z.unknown()).optional(),
}).passthrough();

/** bom-ref → purl (or CPE) of every component, nested ones included (an explicit stack: no recursion limit to hit). */
function componentRefs(components: unknown[] | undefined): Map<string, string> {
  const out = new Map<string, string>();
  const stack = [...(components ?? [])];
  let seen = 0;
  while (stack.length && seen++ < 100_000) {
    const c = CdxComponent.safeParse(stack.pop());
    if (!c.success) continue;
    const id = c.data.purl ?? c.data.cpe;
    if (c.data['bom-ref'] && id) out.set(c.data['bom-ref'], id);
    stack.push(...(c.data.components ?? []));
  }
  return out;
}

function cdxProduct(ref: string, refs: Map<string, string>): string | undefined {
  // a BOM-Link (urn:cdx:<serial>/<version>#<bom-ref>) points into another BOM: its fragment is the bom-ref
  const hash = ref.startsWith('urn:cdx:') ? ref.indexOf('#') : -1;
  const local = hash >= 0 ? decodeURIComponent(ref.slice(hash + 1)) : ref;
  return refs.get(local) ?? (local.startsWith('pkg:') || local.startsWith('cpe:') ? local : undefined);
}

function parseCycloneDx(doc: z.infer<typeof CdxDoc>, file: string): VexDocument {
  const refs = componentRefs(doc.components);
  const statements: VexStatement[] = [];
  (doc.vulnerabilities ?? []).forEach((raw, i) => {
    const v = CdxVuln.safeParse(raw);
    if (!v.success) throw malformed(file, `vulnerabilities[${i}]`, v.error.issues[0]?.message ?? 'not a vulnerability');
    const a = v.data.analysis;
    if (!a?.state) return; // a vulnerability without analysis is a finding, not a statement
    const products = (v.data.affects ?? []).map((x) => cdxProduct(x.ref, refs)).filter((p): p is string => !!p);
    const state: VexState = a.state === 'resolved_with_pedigree' ? 'resolved' : a.state;
    const response = typeof a.response === 'string' ? [a.response] : a.response;
    statements.push({
      vulnerability: v.data.id,
      aliases: (v.data.references ?? []).map((r) => r.id).filter((x) => x && x !== v.data.id),
      products, state,
      ...(a.justification ? { justification: a.justification } : {}),
      ...(response?.length ? { response } : {}),
      ...(a.detail ? { detail: a.detail } : {}),
      ...dateOf(a.lastUpdated ?? a.firstIssued ?? v.data.updated ?? v.data.published ?? doc.metadata?.timestamp),
    });
  });
  const m = doc.metadata;
  const author = m?.supplier?.name ?? m?.manufacturer?.name ?? m?.authors?.find((x) => x.name)?.name;
  return { format: 'cyclonedx', ...(author ? { author } : {}), statements };
}

// ------------------------------------------------------------------------------------------------- OpenVEX

const OpenVexProduct = z.object({
  '@id': z.string().optional(),
  identifiers: z.object({ purl: z.string().optional(), cpe23: z.string().optional(), cpe22: z.string().optional() }).passthrough().optional(),
  subcomponents: z.array(z.object({ '@id': z.string().optional(), identifiers: z.object({ purl: z.string().optional() }).passthrough().optional() }).passthrough()).optional(),
}).passthrough();
const OpenVexStatement = z.object({
  // v0.2.0: an object; v0.0.x: the name as a string
  vulnerability: z.union([z.string(), z.object({ name: z.string().optional(), '@id': z.string().optional(), aliases: z.array(z.string()).optional() }).passthrough()]),
  products: z.array(z.union([z.string(), OpenVexProduct])).optional(),
  subcomponents: z.array(z.union([z.string(), z.object({ '@id': z.string().optional() }).passthrough()])).optional(),
  status: z.enum(['not_affected', 'affected', 'fixed', 'under_investigation']),
  justification: z.string().optional(),
  impact_statement: z.string().optional(),
  action_statement: z.string().optional(),
  status_notes: z.string().optional(),
  timestamp: z.string().optional(),
  last_updated: z.string().optional(),
}).passthrough();
const OpenVexDoc = z.object({
  '@context': z.string().refine((c) => c.startsWith('https://openvex.dev/ns'), 'not an OpenVEX context'),
  author: z.string().optional(),
  timestamp: z.string().optional(),
  statements: z.array(z.unknown()),
}).passthrough();

/** OpenVEX status → the CycloneDX analysis state the record uses. */
const OPENVEX_STATE: Record<z.infer<typeof OpenVexStatement>['status'], VexState> = {
  not_affected: 'not_affected',
  affected: 'exploitable',
  fixed: 'resolved',
  under_investigation: 'in_triage',
};

/**
 * OpenVEX justification → CycloneDX justification (the mapping CISA's status-justification document implies). The
 * original label is kept in `detail` too, so nothing of the supplier's words is lost.
 */
const OPENVEX_JUSTIFICATION: Record<string, string> = {
  component_not_present: 'code_not_present',
  vulnerable_code_not_present: 'code_not_present',
  vulnerable_code_not_in_execute_path: 'code_not_reachable',
  vulnerable_code_cannot_be_controlled_by_adversary: 'requires_environment',
  inline_mitigations_already_exist: 'protected_by_mitigating_control',
};

function parseOpenVex(doc: z.infer<typeof OpenVexDoc>, file: string): VexDocument {
  const statements: VexStatement[] = [];
  doc.statements.forEach((raw, i) => {
    const s = OpenVexStatement.safeParse(raw);
    if (!s.success) throw malformed(file, `statements[${i}]`, s.error.issues[0]?.message ?? 'not a statement');
    const st = s.data;
    const vuln = typeof st.vulnerability === 'string' ? { name: st.vulnerability, aliases: [] as string[] } : { name: st.vulnerability.name ?? st.vulnerability['@id'], aliases: st.vulnerability.aliases ?? [] };
    if (!vuln.name) throw malformed(file, `statements[${i}].vulnerability`, 'the vulnerability has no name');
    const products: string[] = [];
    for (const p of st.products ?? []) {
      if (typeof p === 'string') products.push(p);
      else {
        const id = p.identifiers?.purl ?? p['@id'] ?? p.identifiers?.cpe23 ?? p.identifiers?.cpe22;
        if (id) products.push(id);
        for (const sc of p.subcomponents ?? []) {
          const sid = sc.identifiers?.purl ?? sc['@id'];
          if (sid) products.push(sid);
        }
      }
    }
    for (const sc of st.subcomponents ?? []) {
      const sid = typeof sc === 'string' ? sc : sc['@id'];
      if (sid) products.push(sid);
    }
    const detail = [
      st.justification ? `OpenVEX justification: ${st.justification}.` : '',
      st.impact_statement ?? '',
      st.action_statement ? `Action: ${st.action_statement}` : '',
      st.status_notes ?? '',
    ].filter(Boolean).join(' ');
    const justification = st.justification ? OPENVEX_JUSTIFICATION[st.justification] : undefined;
    statements.push({
      vulnerability: vuln.name,
      aliases: vuln.aliases.filter((a) => a !== vuln.name),
      products,
      state: OPENVEX_STATE[st.status],
      ...(justification ? { justification } : {}),
      ...(st.status === 'affected' && st.action_statement ? { response: ['workaround_available'] } : {}),
      ...(detail ? { detail } : {}),
      ...dateOf(st.last_updated ?? st.timestamp ?? doc.timestamp),
    });
  });
  return { format: 'openvex', ...(doc.author ? { author: doc.author } : {}), statements };
}

// ------------------------------------------------------------------------------------------------- shared

function dateOf(ts: string | undefined): { date?: string } {
  if (!ts) return {};
  const t = Date.parse(ts);
  return Number.isNaN(t) ? {} : { date: new Date(t).toISOString().slice(0, 10) };
}

function malformed(file: string, where: string, message: string): TureenError {
  return new TureenError({ code: 'input.malformed', file, place: { key: where }, message: `${where}: ${message}`, fix: 'Ask the supplier for a VEX document that follows the CycloneDX (1.4+) or OpenVEX (0.2.0) schema.' });
}

/** Parse a VEX document (JSON text); a TureenError names the file and the place when it is neither format. */
export function parseVex(text: string, file: string): VexDocument {
  let json: unknown;
  try {
    json = parseJson(text, file);
  } catch (e) {
    throw new TureenError({ code: 'input.malformed', file, message: `not JSON (${(e as Error).message})`, fix: 'Give a CycloneDX VEX or OpenVEX document in JSON.', cause: e });
  }
  const cdx = CdxDoc.safeParse(json);
  if (cdx.success) return parseCycloneDx(cdx.data, file);
  const ov = OpenVexDoc.safeParse(json);
  if (ov.success) return parseOpenVex(ov.data, file);
  throw new TureenError({
    code: 'input.malformed', file,
    message: 'neither a CycloneDX document (bomFormat "CycloneDX") nor an OpenVEX document (@context https://openvex.dev/ns…)',
    fix: 'Give a CycloneDX VEX or OpenVEX document in JSON.',
  });
}
