import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { parseVex } from '../advisories/vex/parse.js';
import { TureenError } from '../model/errors.js';
import { editRecords, type EditResult } from './edit.js';
import { applyVex, type VexOutcome } from './vulns.js';

/** A VEX document larger than this is refused unread (a supplier's VEX is kilobytes to a few MB). */
const MAX_VEX_BYTES = 64 * 1024 * 1024;

export interface VexImportResult extends EditResult {
  /** "vex: <author>" (or the file name): how the entries are marked */
  source: string;
  format: 'cyclonedx' | 'openvex';
  statements: number;
  outcomes: VexOutcome[];
}

/**
 * `tureen vex import FILE`: a supplier's VEX statements (CycloneDX VEX or OpenVEX) become assessments in the
 * vulnerability reviews of the records whose item and exact version they name, marked with their source. The team's
 * own assessments are never overwritten.
 */
export function importVex(dir: string, file: string, opts: { config?: string; dryRun?: boolean } = {}): VexImportResult {
  let text: string;
  try {
    const size = statSync(file).size;
    if (size > MAX_VEX_BYTES) throw new TureenError({ code: 'input.too-large', file, message: `the file is ${size} bytes; a VEX document is at most ${MAX_VEX_BYTES}`, fix: 'Split the document, or check that this is the VEX file.' });
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof TureenError) throw e;
    throw new TureenError({ code: 'input.unreadable', file, message: `cannot read the VEX document (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, fix: 'Check the path.', cause: e });
  }
  const vex = parseVex(text, file);
  const source = `vex: ${vex.author ?? basename(file)}`;
  const outcomes: VexOutcome[] = [];
  const result = editRecords(dir, opts, (r) => r.record.status !== 'removed' && applyVex(r, vex, source, outcomes));
  return { ...result, source, format: vex.format, statements: vex.statements.length, outcomes };
}
