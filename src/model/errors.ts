/** Where in a file a problem is. */
export interface Place {
  line?: number;
  column?: number;
  key?: string;
}

export type ErrorCode =
  | 'input.malformed'
  | 'input.unreadable'
  | 'input.unsupported'
  | 'input.too-large'
  | 'config.invalid'
  | 'usage'
  | 'output.write';

/**
 * An error a user can cause and fix. Printed as one clear message (file, place, what to do),
 * never as a stack trace.
 */
export class TureenError extends Error {
  readonly code: ErrorCode;
  readonly file: string | undefined;
  readonly place: Place | undefined;
  readonly fix: string;

  constructor(opts: { code: ErrorCode; message: string; fix: string; file?: string; place?: Place; cause?: unknown }) {
    super(opts.message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'TureenError';
    this.code = opts.code;
    this.file = opts.file;
    this.place = opts.place;
    this.fix = opts.fix;
  }

  /** "file:line:column" or "file (key)" or just "file". */
  location(): string {
    if (!this.file) return '';
    const p = this.place;
    if (!p) return this.file;
    if (p.line !== undefined) return `${this.file}:${p.line}${p.column !== undefined ? `:${p.column}` : ''}${p.key ? ` (${p.key})` : ''}`;
    if (p.key) return `${this.file} (${p.key})`;
    return this.file;
  }

  /** The one-paragraph message a user sees. */
  format(): string {
    const where = this.location();
    return `${where ? `${where}: ` : ''}${this.message}\n  fix: ${this.fix}`;
  }
}

export function isTureenError(e: unknown): e is TureenError {
  return e instanceof TureenError;
}

/** Shorthand for the error every parser raises on input it cannot read. */
export function malformed(file: string, message: string, place?: Place, fix?: string): TureenError {
  return new TureenError({
    code: 'input.malformed',
    file,
    message,
    place,
    fix: fix ?? 'Check that the file is complete and was written by its package manager; regenerate it if it was edited by hand.',
  });
}
