import { XMLParser, XMLValidator } from 'fast-xml-parser';

/**
 * The HTML report read back as a tree, with fast-xml-parser: the report is written as well-formed XML (polyglot
 * markup), so an XML parser reads exactly the elements, attributes and decoded text a browser would build from it.
 */

export interface El {
  name: string;
  attrs: Record<string, string>;
  children: Node[];
}
export type Node = El | string;

const parser = new XMLParser({
  preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', htmlEntities: true, trimValues: false,
  parseTagValue: false, parseAttributeValue: false, allowBooleanAttributes: false,
});

type Raw = Record<string, unknown>;

function convert(raw: Raw[]): Node[] {
  const out: Node[] = [];
  for (const r of raw) {
    if ('#text' in r) {
      out.push(String(r['#text']));
      continue;
    }
    const name = Object.keys(r).find((k) => k !== ':@');
    if (!name) continue;
    out.push({ name, attrs: (r[':@'] as Record<string, string> | undefined) ?? {}, children: convert((r[name] as Raw[]) ?? []) });
  }
  return out;
}

/** Parse; throws when the markup is not well-formed. */
export function parseHtml(html: string): El {
  const valid = XMLValidator.validate(html);
  if (valid !== true) throw new Error(`not well-formed: ${JSON.stringify(valid.err)}`);
  const root = convert(parser.parse(html) as Raw[]).find((n): n is El => typeof n !== 'string' && n.name === 'html');
  if (!root) throw new Error('no <html> element');
  return root;
}

export function all(el: El, pred: (e: El) => boolean): El[] {
  const out: El[] = [];
  const walk = (e: El) => {
    if (pred(e)) out.push(e);
    for (const c of e.children) if (typeof c !== 'string') walk(c);
  };
  walk(el);
  return out;
}

export const byTag = (el: El, name: string): El[] => all(el, (e) => e.name === name);
export const hasClass = (e: El, cls: string): boolean => (e.attrs.class ?? '').split(/\s+/).includes(cls);

/** The decoded text content; `<br/>` counts as a line break. */
export function text(n: Node): string {
  if (typeof n === 'string') return n;
  if (n.name === 'br') return '\n';
  return n.children.map(text).join('');
}

/** The body rows of a table: each row's cells as elements. */
export function bodyRows(table: El): El[][] {
  const tbody = byTag(table, 'tbody')[0];
  if (!tbody) return [];
  return byTag(tbody, 'tr').map((tr) => tr.children.filter((c): c is El => typeof c !== 'string' && c.name === 'td'));
}
