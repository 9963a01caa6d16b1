import { parse, TomlError } from 'smol-toml';
import { malformed } from '../model/errors.js';
import { stripBom } from './json.js';

/**
 * TOML (Cargo.lock, poetry.lock, uv.lock, pyproject.toml …) parsed with smol-toml; a syntax error names the file,
 * line and column. smol-toml keeps a `__proto__` key as an own property of a null-prototype object, so the result
 * cannot pollute prototypes; code that copies keys into objects must still use Maps (see dict.ts).
 */
export function parseToml(text: string, file: string): Record<string, unknown> {
  try {
    return parse(stripBom(text)) as Record<string, unknown>;
  } catch (e) {
    if (e instanceof TomlError) {
      const first = e.message.split('\n')[0] ?? 'invalid TOML';
      throw malformed(file, `not valid TOML: ${first.replace(/^Invalid TOML document: /, '')}`, { line: e.line, column: e.column });
    }
    throw malformed(file, `not valid TOML: ${e instanceof Error ? e.message : String(e)}`);
  }
}
