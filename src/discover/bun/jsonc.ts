import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { malformed } from '../../model/errors.js';
import { LineIndex } from '../../util/lines.js';
import { stripBom } from '../../util/json.js';

/**
 * bun.lock is JSON with trailing commas (bun's own parser also takes comments). Parsed with Microsoft's
 * jsonc-parser, but through `parseTree`, not `parse`: `parse` assigns keys with `obj[key] = value`, so a
 * "__proto__" key (a package name in hostile input) becomes the object's prototype and the entry is lost
 * (tested in jsonc.test.ts). The tree keeps every key as data; `toValue` below turns it into plain
 * objects whose keys are own data properties (the same as JSON.parse gives), and the tree gives the
 * offset of every key for evidence lines and error places.
 */
export interface ParsedJsonc {
  value: unknown;
  /** 1-based line of the value at a path of keys/indexes (the property key's line for object members). */
  lineOf(path: readonly (string | number)[]): number | undefined;
  lines: LineIndex;
}

export function parseJsonc(rawText: string, file: string): ParsedJsonc {
  const text = stripBom(rawText);
  const lines = new LineIndex(text);
  const errors: ParseError[] = [];
  let root: Node | undefined;
  let value: unknown;
  try {
    root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false });
    const first = errors[0];
    if (first) {
      throw malformed(file, `not valid JSON: ${describe(printParseErrorCode(first.error))}`, {
        line: lines.lineAt(first.offset),
        column: lines.columnAt(first.offset),
      });
    }
    if (!root) throw malformed(file, 'the file is empty', { line: 1 });
    value = toValue(root);
  } catch (e) {
    if (e instanceof RangeError) {
      // parseTree and toValue recurse per nesting level; absurd nesting overflows the stack
      throw malformed(file, 'nesting is too deep to be a bun lockfile');
    }
    throw e;
  }
  const tree = root;
  return {
    value,
    lines,
    lineOf(path) {
      const node = findNodeAtLocation(tree, [...path]);
      if (!node) return undefined;
      const at = node.parent?.type === 'property' ? node.parent.offset : node.offset;
      return lines.lineAt(at);
    },
  };
}

function describe(code: string): string {
  // "PropertyNameExpected" → "property name expected"
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

function toValue(node: Node): unknown {
  switch (node.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const prop of node.children ?? []) {
        const [k, v] = prop.children ?? [];
        if (!k || typeof k.value !== 'string') continue;
        // defineProperty, never `out[k] = …`: "__proto__" must stay an ordinary own key
        Object.defineProperty(out, k.value, { value: v ? toValue(v) : null, enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    case 'array':
      return (node.children ?? []).map(toValue);
    default:
      return node.value as unknown;
  }
}
