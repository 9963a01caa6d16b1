import { LineIndex } from '../../util/lines.js';

/**
 * The 1-based line of every start tag of an XML text, by element path ("project/dependencies/dependency"),
 * in document order. fast-xml-parser keeps no positions; repeated elements come out of it in document order,
 * so the n-th parsed <dependency> of a path is the n-th line listed here. Comments, CDATA, processing
 * instructions and the DOCTYPE are blanked first so that tags inside them are not counted.
 */
export function elementLines(text: string): Map<string, number[]> {
  const blank = (m: string) => m.replace(/[^\n]/g, ' ');
  const src = text
    .replace(/<!--[\s\S]*?(-->|$)/g, blank)
    .replace(/<!\[CDATA\[[\s\S]*?(\]\]>|$)/g, blank)
    .replace(/<\?[\s\S]*?(\?>|$)/g, blank)
    .replace(/<!DOCTYPE[^>]*>/gi, blank);
  const lines = new LineIndex(src);
  const out = new Map<string, number[]>();
  const stack: string[] = [];
  const tag = /<(\/?)([A-Za-z_][\w.:-]*)((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>/g;
  for (let m = tag.exec(src); m; m = tag.exec(src)) {
    const name = (m[2] as string).replace(/^[\w-]+:/, '');
    if (m[1]) {
      // close: pop to the matching open tag (tolerates unbalanced input; the XML parser judges validity)
      const i = stack.lastIndexOf(name);
      if (i !== -1) stack.length = i;
      continue;
    }
    stack.push(name);
    const path = stack.join('/');
    let list = out.get(path);
    if (!list) out.set(path, (list = []));
    list.push(lines.lineAt(m.index));
    if (m[4]) stack.pop();
    if (stack.length > 256) stack.length = 256;
  }
  return out;
}
