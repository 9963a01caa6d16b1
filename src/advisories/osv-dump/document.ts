import { dumpEntry, dumpProblem, type DumpEntry } from '../store/entry.js';
import { isTureenError } from '../../model/errors.js';
import { parseJson } from '../../util/json.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The OSV documents in one JSON file or zip entry: the parsed JSON, or for a JSON array one document per element
 * (`where[i]`). Bytes that are not UTF-8 or not JSON are one problem, never an exception.
 */
export function* documentEntries(where: string, body: Uint8Array | undefined, problem?: string): Generator<DumpEntry> {
  if (problem !== undefined || body === undefined) {
    yield dumpProblem(where, problem ?? 'no content');
    return;
  }
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    yield dumpProblem(where, 'not UTF-8 text');
    return;
  }
  let json: unknown;
  try {
    json = parseJson(text, where);
  } catch (e) {
    const line = isTureenError(e) ? e.place?.line : undefined;
    yield dumpProblem(where, `${(e as Error).message}${line !== undefined ? ` (line ${line})` : ''}`);
    return;
  }
  if (Array.isArray(json)) {
    for (let i = 0; i < json.length; i++) yield dumpEntry(`${where}[${i}]`, json[i]);
    return;
  }
  yield dumpEntry(where, json);
}
