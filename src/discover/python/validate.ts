import type { z } from 'zod';
import { malformed } from '../../model/errors.js';
import { firstIssue } from '../../util/dict.js';

/**
 * Validate parsed data with a zod schema; on failure throw a TureenError naming the key path of the first problem
 * and, when `lineOfIssue` can place it, the line.
 */
export function validate<T extends z.ZodType>(schema: T, data: unknown, file: string, what: string, lineOfIssue?: (path: readonly PropertyKey[]) => number | undefined): z.output<T> {
  const res = schema.safeParse(data);
  if (res.success) return res.data;
  const { path, message } = firstIssue(res.error);
  const line = lineOfIssue?.(res.error.issues[0]?.path ?? []);
  throw malformed(file, `not ${what}: ${path ? `${path}: ` : ''}${message}`, { ...(line !== undefined ? { line } : {}), ...(path ? { key: path } : {}) });
}

/** For arrays of tables: the line of the i-th `[[table]]` when an issue's path starts with [table, i]. */
export function arrayIssueLine(table: string, lines: readonly number[]): (path: readonly PropertyKey[]) => number | undefined {
  return (path) => (path[0] === table && typeof path[1] === 'number' ? lines[path[1]] : undefined);
}
