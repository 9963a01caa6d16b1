import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isMap, parseDocument } from 'yaml';
import { Config } from '../model/config.js';
import { TureenError } from '../model/errors.js';

export const CONFIG_FILE = 'tureen.config.yaml';

export interface LoadedConfig {
  config: Config;
  /** Path of the file read, relative to the scanned folder when inside it; undefined when none exists. */
  file?: string;
}

/**
 * Read `tureen.config.yaml` (or an explicit file). No file → empty config. A file that is not valid YAML,
 * or does not fit the schema, is a TureenError naming the line and the key.
 */
export function loadConfig(root: string, explicit?: string): LoadedConfig {
  const path = explicit ?? join(root, CONFIG_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if (!explicit && (e as NodeJS.ErrnoException).code === 'ENOENT') return { config: {} };
    throw new TureenError({ code: 'config.invalid', file: path, message: `cannot read the config file (${(e as Error).message})`, fix: 'Check the path given with --config.', cause: e });
  }
  const shown = relative(root, path).startsWith('..') ? path : relative(root, path) || CONFIG_FILE;
  return { config: parseConfig(text, shown), file: shown };
}

export function parseConfig(text: string, file: string): Config {
  // uniqueKeys and the default alias limit (maxAliasCount) keep hostile YAML from surprising us.
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length) {
    const err = doc.errors[0]!;
    throw new TureenError({
      code: 'config.invalid', file, place: err.linePos?.[0] ? { line: err.linePos[0].line, column: err.linePos[0].col } : undefined,
      message: `not valid YAML: ${err.message.split('\n')[0]}`, fix: 'Fix the YAML syntax at that line.',
    });
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw new TureenError({ code: 'config.invalid', file, message: `cannot read the YAML (${(e as Error).message})`, fix: 'Remove YAML aliases that expand to large structures.' });
  }
  if (data === null || data === undefined) return {};
  const r = Config.safeParse(data);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const keyPath = issue.path.map(String);
  let line: number | undefined;
  const node = doc.getIn(keyPath, true) as { range?: [number, number, number] } | undefined;
  const at = node && typeof node === 'object' && 'range' in node && node.range ? node.range[0] : findKeyOffset(doc.contents, keyPath);
  if (at !== undefined) line = text.slice(0, at).split('\n').length;
  return fail();
  function fail(): never {
    throw new TureenError({
      code: 'config.invalid', file, place: { ...(line ? { line } : {}), key: keyPath.join('.') || undefined },
      message: `${keyPath.length ? `${keyPath.join('.')}: ` : ''}${issue.message}`,
      fix: 'Correct this entry; the README lists every config key and its allowed values.',
    });
  }
}

function findKeyOffset(contents: unknown, path: string[]): number | undefined {
  // Walk as deep as the path exists and return the offset of the deepest node found.
  let node: unknown = contents;
  let offset: number | undefined;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => String((p.key as { value?: unknown })?.value) === key);
      if (!pair) break;
      offset = (pair.key as { range?: [number, number, number] }).range?.[0] ?? offset;
      node = pair.value;
    } else if (node && typeof node === 'object' && 'items' in node && Array.isArray((node as { items: unknown[] }).items)) {
      const item = (node as { items: unknown[] }).items[Number(key)];
      if (!item) break;
      offset = (item as { range?: [number, number, number] }).range?.[0] ?? offset;
      node = item;
    } else break;
  }
  return offset;
}
