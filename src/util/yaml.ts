import { parseDocument } from 'yaml';
import { malformed } from '../model/errors.js';

/**
 * YAML (pubspec.lock, Podfile.lock, west.yml …) as plain data. Duplicate keys are errors; the yaml package's alias
 * limit (maxAliasCount) stops "billion laughs" alias bombs; merge keys are off. An error names the file and line.
 */
export function parseYaml(text: string, file: string): unknown {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true, merge: false });
  const err = doc.errors[0];
  if (err) {
    const pos = err.linePos?.[0];
    throw malformed(file, `not valid YAML: ${err.message.split('\n')[0]}`, pos ? { line: pos.line, column: pos.col } : undefined);
  }
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw malformed(file, `YAML could not be read: ${e instanceof Error ? e.message : String(e)}`);
  }
}
