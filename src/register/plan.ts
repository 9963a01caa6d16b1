import { Document, isMap, parseDocument } from 'yaml';
import type { Finding } from '../model/finding.js';
import { MACHINE_OWNED_CLASSIFICATION, SoupRecord } from '../model/record.js';
import type { ScannedComponent } from '../model/scanned.js';
import { clip } from '../util/text.js';
import { draftRecord, evidenceOf, identificationOf, metadataKeptIn, recordId, ruleClassificationOf, type DraftDefaults } from './draft.js';
import type { PackageMetadata } from '../registry/types.js';
import { recordFileName } from './filename.js';

/** The comment every record Tureen creates starts with: editors (yaml-language-server) complete and check it. */
export const SCHEMA_HEADER = 'yaml-language-server: $schema=.schema/record.schema.json';

export interface RecordFile {
  /** File name inside the record folder. */
  file: string;
  text: string;
}

export interface PlannedWrite {
  file: string;
  action: 'create' | 'update' | 'remove';
  /** The text before (absent for a new record). */
  before?: string;
  after: string;
  /** What changed, for the summary: "new", "version 1.0.0 → 1.1.0", "removed", "machine fields" … */
  what: string;
}

export interface SyncPlan {
  writes: PlannedWrite[];
  findings: Finding[];
  /** Records that needed no change. */
  unchanged: number;
}

export interface PlanInput {
  existing: readonly RecordFile[];
  /** The SOUP items of the scan (one record each). */
  items: readonly ScannedComponent[];
  /** YYYY-MM-DD, for history entries. */
  today: string;
  /** Defaults of a new record, from the config (per kind). */
  defaults?: (c: ScannedComponent) => DraftDefaults;
  /** The record folder as the user sees it, for messages. */
  folder: string;
  /** Registry metadata of an item, when sync fetched it (or had it cached). */
  metadata?: (c: ScannedComponent) => PackageMetadata | undefined;
  /**
   * `each` (default): a record per SOUP item. `by-direct-parent`: a transitive item without a record of its own is a
   * member of its direct parent's record (listed there with exact version and licence, inheriting the parent's class,
   * requirements and surveillance).
   */
  grouping?: 'each' | 'by-direct-parent';
}

interface Loaded {
  file: string;
  text: string;
  doc: Document;
  record: SoupRecord;
}

const groupKey = (ecosystem: string, name: string) => `${ecosystem}\u0000${name}`;

/**
 * Plan a sync: which record files to create, update or mark removed, as new texts. Pure: reads nothing, writes nothing,
 * so it can be tested round after round. The rules that keep people's words:
 *  - only machine-owned values are rewritten (id, identification, evidence, the rule's part of classification);
 *  - nothing a person wrote is deleted: a version change copies the version-specific sections (reviews, approvals,
 *    verification) into `history` and leaves them in place, where they still name the old version, so `check` asks
 *    for a re-assessment; a removed item keeps its file, with `status: removed`;
 *  - comments and layout survive (the yaml Document API edits the parsed document in place);
 *  - a record that does not parse or fit the schema is never touched: it is reported, and left for a person to fix.
 */
export function planSync(input: PlanInput): SyncPlan {
  const findings: Finding[] = [];
  const writes: PlannedWrite[] = [];
  let unchanged = 0;
  const loaded: Loaded[] = [];
  const takenFiles = new Set(input.existing.map((r) => r.file.toLowerCase()));
  const broken = new Set<string>();
  for (const r of input.existing) {
    const l = load(r, input.folder, findings);
    if (l) loaded.push(l);
    else broken.add(r.file);
  }

  // group records and items by ecosystem + name; a version is matched inside its group
  const records = new Map<string, Loaded[]>();
  for (const l of loaded) {
    const k = groupKey(l.record.identification.ecosystem, l.record.identification.name);
    records.set(k, [...(records.get(k) ?? []), l]);
  }
  const { own, members } = input.grouping === 'by-direct-parent' ? groupByDirectParent(input.items, loaded) : { own: input.items, members: new Map<string, ScannedComponent[]>() };
  const membersOf = (c: ScannedComponent) => members.get(c.key) ?? [];
  const items = new Map<string, ScannedComponent[]>();
  for (const c of own) {
    const k = groupKey(c.ecosystem, c.name);
    items.set(k, [...(items.get(k) ?? []), c]);
  }

  for (const k of new Set([...items.keys(), ...records.keys()])) {
    const its = [...(items.get(k) ?? [])].sort((a, b) => cmp(a.version, b.version));
    const recs = [...(records.get(k) ?? [])].sort((a, b) => cmp(a.record.identification.version, b.record.identification.version));
    const pairs: [ScannedComponent, Loaded][] = [];
    // 1. the same version: the same record
    for (const c of [...its]) {
      const i = recs.findIndex((r) => r.record.identification.version === c.version);
      if (i >= 0) {
        pairs.push([c, recs[i]!]);
        recs.splice(i, 1);
        its.splice(its.indexOf(c), 1);
      }
    }
    // 2. a version change: a remaining item takes a remaining record of the same name (active ones first)
    recs.sort((a, b) => Number(a.record.status === 'removed') - Number(b.record.status === 'removed'));
    while (its.length && recs.length) pairs.push([its.shift()!, recs.shift()!]);
    for (const [c, r] of pairs) {
      const w = update(r, c, input.today, input.metadata?.(c), membersOf(c));
      if (w) writes.push(w);
      else unchanged++;
    }
    // 3. new items: a record each; several versions of one name at once get one file per version
    const several = (items.get(k)?.length ?? 0) > 1;
    for (const c of its) {
      let file = recordFileName({ ecosystem: c.ecosystem, name: several ? `${c.name}@${c.version}` : c.name });
      if (takenFiles.has(file.toLowerCase())) file = recordFileName({ ecosystem: c.ecosystem, name: `${c.name}@${c.version}` });
      if (takenFiles.has(file.toLowerCase())) {
        findings.push({ rule: 'sync.file-taken', severity: 'error', message: `no record was created for ${c.name}@${c.version}: its file name ${file} is taken by a record that does not parse`, file: `${input.folder}/${file}`, item: c.key, fix: 'Fix or move that record file, then run sync again.' });
        continue;
      }
      takenFiles.add(file.toLowerCase());
      const draft = draftRecord(c, input.today, input.defaults?.(c), input.metadata?.(c));
      const m = membersOf(c);
      writes.push({ file, action: 'create', after: newRecordText(m.length ? withMembers(draft, m) : draft), what: 'new' });
    }
    // 4. records whose item is gone: kept, marked removed
    for (const r of recs) {
      if (r.record.status === 'removed') {
        unchanged++;
        continue;
      }
      r.doc.setIn(['status'], 'removed');
      appendHistory(r.doc, { date: input.today, event: 'removed', from: r.record.identification.version, note: 'no longer found by the scan' });
      writes.push({ file: r.file, action: 'remove', before: r.text, after: render(r.doc), what: 'removed' });
    }
  }
  writes.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { writes, findings, unchanged };
}

/**
 * Grouping by direct parent: a transitive SOUP item is a member of the record of the direct dependency that brings
 * it in (the second step of its shortest path), when that parent is a SOUP item of the same ecosystem and the item has
 * no active record of its own ("unless they have their own").
 */
function groupByDirectParent(all: readonly ScannedComponent[], loaded: readonly Loaded[]): { own: ScannedComponent[]; members: Map<string, ScannedComponent[]> } {
  const byLabel = new Map<string, ScannedComponent>();
  for (const c of all) byLabel.set(`${c.ecosystem}\u0000${c.name}@${c.version}`, c);
  const recorded = new Set(loaded.filter((l) => l.record.status === 'active').map((l) => groupKey(l.record.identification.ecosystem, l.record.identification.name)));
  const own: ScannedComponent[] = [];
  const members = new Map<string, ScannedComponent[]>();
  for (const c of all) {
    const label = c.paths[0]?.[1];
    const parent = label ? byLabel.get(`${c.ecosystem}\u0000${label}`) : undefined;
    if (c.direct || c.firstParty || recorded.has(groupKey(c.ecosystem, c.name)) || !parent || parent === c || !parent.direct) {
      own.push(c);
      continue;
    }
    members.set(parent.key, [...(members.get(parent.key) ?? []), c]);
  }
  return { own, members };
}

function membersList(members: readonly ScannedComponent[]): NonNullable<SoupRecord['members']> {
  return [...members]
    .sort((a, b) => cmp(`${a.name}@${a.version}`, `${b.name}@${b.version}`))
    .map((m) => {
      const id = identificationOf(m);
      return { name: m.name, version: m.version, ecosystem: m.ecosystem, purl: m.purl, ...(id.license ? { license: id.license } : {}) };
    });
}

function withMembers(r: SoupRecord, members: readonly ScannedComponent[]): SoupRecord {
  // members right after evidence, where the schema lists them
  const { id, identification, evidence, ...rest } = r;
  return { id, identification, evidence, members: membersList(members), ...rest };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Parse and validate one record file; a broken one is a finding and is left alone. */
function load(r: RecordFile, folder: string, findings: Finding[]): Loaded | undefined {
  const where = `${folder}/${r.file}`;
  const doc = parseDocument(r.text, { uniqueKeys: true, prettyErrors: true });
  const err = doc.errors[0];
  if (err) {
    findings.push({ rule: 'sync.unreadable-record', severity: 'error', message: `not valid YAML: ${clip(err.message.split('\n')[0] ?? '')}; Tureen left this record as it is`, file: where, ...(err.linePos?.[0] ? { line: err.linePos[0].line } : {}), fix: 'Fix the YAML at that line (a person may be editing it), then run sync again.' });
    return undefined;
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    findings.push({ rule: 'sync.unreadable-record', severity: 'error', message: `the YAML cannot be read (${clip((e as Error).message)}); Tureen left this record as it is`, file: where, fix: 'Remove YAML aliases that expand to large structures.' });
    return undefined;
  }
  const parsed = SoupRecord.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.map(String);
    const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
    const line = node?.range ? r.text.slice(0, node.range[0]).split('\n').length : undefined;
    findings.push({ rule: 'sync.invalid-record', severity: 'error', message: `${path.join('.') || 'the record'}: ${issue.message}; Tureen left this record as it is`, file: where, ...(line ? { line } : {}), fix: 'Correct the value (tureen schema record describes every key), then run sync again.' });
    return undefined;
  }
  return { ...r, doc, record: parsed.data };
}

/** Rewrite the machine-owned values of a record for its item; a version change or a return is recorded in history. */
function update(r: Loaded, c: ScannedComponent, today: string, meta: PackageMetadata | undefined, members: readonly ScannedComponent[]): PlannedWrite | undefined {
  const doc = r.doc;
  const old = r.record;
  const whats: string[] = [];
  if (old.identification.version !== c.version) {
    // the version-specific sections stay where they are (they name the old version) and are copied into history
    const previous: Record<string, unknown> = {};
    for (const key of ['anomalyReview', 'vulnerabilityReview', 'approvals', 'verification'] as const) {
      if (old[key] !== undefined) previous[key] = structuredClone(old[key]);
    }
    appendHistory(doc, { date: today, event: 'version-change', from: old.identification.version, to: c.version, ...(Object.keys(previous).length ? { previous } : {}) });
    whats.push(`version ${old.identification.version} → ${c.version}`);
  }
  if (old.status === 'removed') {
    doc.setIn(['status'], 'active');
    appendHistory(doc, { date: today, event: 'restored', to: c.version, note: 'found again by the scan' });
    whats.push('restored');
  }
  let changed = whats.length > 0;
  changed = setIfChanged(doc, ['id'], recordId(c)) || changed;
  // no registry answer this run (offline, registry down): the same version keeps what an earlier run learnt
  const known = meta ?? (old.identification.version === c.version ? metadataKeptIn(old.identification) : undefined);
  changed = setIfChanged(doc, ['identification'], identificationOf(c, known)) || changed;
  changed = setIfChanged(doc, ['evidence'], evidenceOf(c)) || changed;
  if (members.length) changed = setIfChanged(doc, ['members'], membersList(members)) || changed;
  else if (doc.hasIn(['members'])) {
    doc.deleteIn(['members']);
    changed = true;
  }
  const cl = ruleClassificationOf(c) as Record<string, unknown>;
  if (!isMap(doc.get('classification', true))) {
    doc.setIn(['classification'], doc.createNode(cl));
    changed = true;
  } else for (const k of MACHINE_OWNED_CLASSIFICATION) if (k in cl) changed = setIfChanged(doc, ['classification', k], cl[k]) || changed;
  // nothing of Tureen's changed: the file stays exactly as the person left it (no re-layout)
  if (!changed) return undefined;
  const after = render(doc);
  if (after === r.text) return undefined;
  return { file: r.file, action: 'update', before: r.text, after, what: whats.length ? whats.join(', ') : 'machine fields' };
}

/** Set a value only when it differs, so an unchanged node keeps its exact layout and comments. True when it changed. */
function setIfChanged(doc: Document, path: string[], value: unknown): boolean {
  const current: unknown = doc.getIn(path, true);
  const js = current && typeof current === 'object' && 'toJSON' in current ? (current as { toJSON(): unknown }).toJSON() : current;
  if (JSON.stringify(js) === JSON.stringify(value)) return false;
  doc.setIn(path, doc.createNode(value));
  return true;
}

/**
 * A record's text after an edit. The yaml Document keeps comments, key order, flow or block style and quoting of every
 * node; `flowCollectionPadding: false` keeps `[a, b]` as people write it. What it cannot keep is a person's own
 * indentation width, which becomes 2 spaces on the first write that changes something.
 */
function render(doc: Document): string {
  return doc.toString({ flowCollectionPadding: false, lineWidth: 0 });
}

function appendHistory(doc: Document, entry: Record<string, unknown>): void {
  if (doc.hasIn(['history'])) doc.addIn(['history'], doc.createNode(entry));
  else doc.setIn(['history'], doc.createNode([entry]));
}

/** The text of a new record: the schema header, then the record. */
export function newRecordText(record: SoupRecord): string {
  const doc = new Document(record);
  doc.commentBefore = ` ${SCHEMA_HEADER}\n SOUP record written by tureen sync. identification, evidence and the rule's part of\n classification are Tureen's and rewritten on every sync; everything else is yours and is never changed.`;
  return render(doc);
}
