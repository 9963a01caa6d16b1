import { XMLParser } from 'fast-xml-parser';
import { malformed } from '../model/errors.js';
import { stripBom } from './json.js';
import { LineIndex } from './lines.js';

export interface XmlOptions {
  /** Element names that are always arrays, even with one child (e.g. 'dependency', 'component'). */
  arrays?: readonly string[];
}

/**
 * XML (pom.xml, CycloneDX XML, packages.config, .csproj …) parsed as plain data with fast-xml-parser.
 * Hostile input: a DOCTYPE that declares entities is refused before parsing (no external entities, no entity
 * expansion bombs); fast-xml-parser itself refuses `__proto__`/`constructor` element names, which we report as
 * malformed. Attributes are kept under '@_name'; text of mixed elements under '#text'. Only the five XML
 * built-in entities and character references are decoded.
 */
export function parseXml(text: string, file: string, opts: XmlOptions = {}): Record<string, unknown> {
  const src = stripBom(text);
  const doctype = /<!DOCTYPE[^>[]*(\[[\s\S]*?\])?\s*>/i.exec(src);
  if (doctype && /<!ENTITY/i.test(doctype[0])) {
    const line = new LineIndex(src).lineAt(doctype.index);
    throw malformed(file, 'the XML declares entities in its DOCTYPE, which Tureen does not expand (they can read local files or explode in size)', { line }, 'Remove the DOCTYPE entity declarations; no lockfile, POM or SBOM needs them.');
  }
  const arrays = new Set(opts.arrays ?? []);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    processEntities: true,
    htmlEntities: false,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    isArray: (name) => arrays.has(name),
  });
  try {
    const out = parser.parse(src, true) as unknown;
    if (typeof out !== 'object' || out === null) throw new Error('no root element');
    return out as Record<string, unknown>;
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const m = /line[:\s]+(\d+)/i.exec(msg);
    throw malformed(file, `not valid XML: ${msg.split('\n')[0]}`, m ? { line: Number(m[1]) } : undefined);
  }
}
