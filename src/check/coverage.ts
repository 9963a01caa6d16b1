import type { Finding } from '../model/finding.js';
import type { ScannedComponent } from '../model/scanned.js';
import { recordId } from '../register/draft.js';
import { lineOfPath, type RecordInput } from './load.js';

/**
 * Coverage: does the register hold a record for every SOUP item the device ships, at the version shipped? The scan
 * decides what is SOUP; a record covers a component when it is active and identifies the same item and version, or
 * lists it among its `members` (records grouped by direct parent). What is left is a gap `tureen check` reports and
 * the report lists — a dependency added, updated or brought back since the last `tureen sync`.
 */

/** A component the scan decided is SOUP that no active record covers. */
export interface UnrecordedItem {
  name: string;
  version: string;
  ecosystem: string;
  purl: string;
  kind: string;
  branch: string;
  scope: string;
  /** the version an active record of this item identifies (the device now ships another: sync not run since) */
  recordedVersion?: string;
  /** the item's record says it was removed from the device, yet the scan finds it */
  recordRemoved?: boolean;
  /** the record file of this item, when there is one (another version, or marked removed) */
  recordFile?: string;
  /** where the scan found it ("package-lock.json:2493, …", at most three places) */
  evidence: string;
  /** the first of those places */
  foundIn?: { file: string; line?: number };
}

/** Where the scan found a component, as people read it: "package-lock.json:2493, ui/pnpm-lock.yaml:12" (three at most). */
export const evidenceText = (c: Pick<ScannedComponent, 'evidence'>): string => c.evidence.slice(0, 3).map((e) => `${e.file}${e.line ? `:${e.line}` : ''}`).join(', ');

/** The SOUP components of a scan that no active record covers, by name and version. */
export function unrecordedComponents(components: readonly ScannedComponent[], records: readonly RecordInput[]): UnrecordedItem[] {
  const covered = new Set<string>();
  const active = new Map<string, RecordInput>();
  const removed = new Map<string, RecordInput>();
  for (const input of records) {
    const r = input.record;
    if (!r) continue;
    if (r.status === 'removed') {
      removed.set(`${r.id}@${r.identification.version}`, input);
      continue;
    }
    covered.add(r.identification.purl);
    covered.add(`${r.id}@${r.identification.version}`);
    active.set(r.id, input);
    for (const m of r.members ?? []) covered.add(m.purl);
  }
  return components
    .filter((c) => c.classification.soup && !covered.has(c.purl) && !covered.has(`${recordId(c)}@${c.version}`))
    .map((c): UnrecordedItem => {
      const other = active.get(recordId(c));
      const gone = removed.get(`${recordId(c)}@${c.version}`);
      const first = c.evidence[0];
      return {
        name: c.name, version: c.version, ecosystem: c.ecosystem, purl: c.purl, kind: c.classification.kind,
        branch: c.classification.branch ?? '', scope: c.scope,
        ...(other ? { recordedVersion: other.record!.identification.version, recordFile: other.file } : {}),
        ...(gone && !other ? { recordRemoved: true, recordFile: gone.file } : {}),
        evidence: evidenceText(c),
        ...(first ? { foundIn: { file: first.file, ...(first.line ? { line: first.line } : {}) } } : {}),
      };
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.version < b.version ? -1 : 1));
}

/**
 * `check`'s findings for the gaps: a SOUP component with no record (at the place the scan found it), a record of
 * another version or marked removed (at the record's version).
 */
export function coverageFindings(unrecorded: readonly UnrecordedItem[], records: readonly RecordInput[]): Finding[] {
  const byFile = new Map(records.map((r) => [r.file, r]));
  return unrecorded.map((u): Finding => {
    const label = `${u.name}@${u.version}`;
    const record = u.recordFile ? byFile.get(u.recordFile) : undefined;
    if (record && u.recordedVersion) {
      return {
        rule: 'check.record-version', severity: 'error', item: u.purl, file: record.file, line: lineOfPath(record, ['identification', 'version']), path: ['identification', 'version'],
        message: `${u.name}: the record identifies ${u.recordedVersion}, the device ships ${u.version} (${u.evidence})`,
        fix: 'Run `tureen sync`: it moves the record to the version shipped and keeps the earlier reviews in its history; then review and sign the new version.',
      };
    }
    if (record && u.recordRemoved) {
      return {
        rule: 'check.record-missing', severity: 'error', item: u.purl, file: record.file, line: lineOfPath(record, ['status']), path: ['status'],
        message: `${label} is in the device (${u.evidence}) but its record is marked removed`,
        fix: 'Run `tureen sync`: it restores the record (its history says so); then check its reviews still hold.',
      };
    }
    return {
      rule: 'check.record-missing', severity: 'error', item: u.purl,
      ...(u.foundIn ? { file: u.foundIn.file, ...(u.foundIn.line ? { line: u.foundIn.line } : {}) } : {}),
      message: `${label} (${u.ecosystem}) is SOUP and has no record`,
      fix: 'Run `tureen sync` to draft its record, then complete it; or, if it is not SOUP, say so in the config (overrides) with the reason.',
    };
  });
}
