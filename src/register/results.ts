import { isMap, isSeq, parseDocument, type Document } from 'yaml';
import type { RequirementStatus } from '../check/rules.js';

/**
 * Record the outcome of each requirement's test in its record (`verification.tests[].result` and `.date`), so the
 * record keeps the last result. Only those two keys of matching test entries are set; every other line, comment and
 * value stays as it was. `result` and `date` are outside what a signature covers (see check/hash.ts), so recording a
 * new test run does not invalidate an approval. Returns the new text, or undefined when nothing changed.
 */
export function recordResults(text: string, statuses: readonly RequirementStatus[], today: string): string | undefined {
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length) return undefined;
  return recordResultsIn(doc, statuses, today) ? doc.toString({ flowCollectionPadding: false, lineWidth: 0 }) : undefined;
}

/** recordResults on a parsed record (the record editor's document); true when it changed. */
export function recordResultsIn(doc: Document, statuses: readonly RequirementStatus[], today: string): boolean {
  const relevant = statuses.filter((s) => s.test !== undefined && s.status !== 'untested');
  if (!relevant.length) return false;
  const tests = doc.getIn(['verification', 'tests'], true);
  if (!isSeq(tests)) return false;
  let changed = false;
  for (const node of tests.items) {
    if (!isMap(node)) continue;
    const requirement = String(node.get('requirement') ?? '');
    const test = String(node.get('test') ?? '');
    const s = relevant.find((x) => x.requirement === requirement && x.test === test);
    if (!s) continue;
    const result = s.status === 'passed' || s.status === 'failed' ? s.status : 'unverified';
    const date = s.date ?? today;
    if (node.get('result') !== result) {
      node.set('result', result);
      changed = true;
    }
    if (node.get('date') !== date) {
      node.set('date', date);
      changed = true;
    }
  }
  return changed;
}
