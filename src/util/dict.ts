import { z } from 'zod';

/**
 * A zod schema for a JSON/YAML object used as a dictionary (keys are data, e.g. package names).
 * Parses into a Map so that keys such as "__proto__" or "constructor" stay ordinary data:
 * zod's own z.record drops a "__proto__" key, which would silently lose a package.
 */
export function dict<T extends z.ZodType>(value: T) {
  return z
    .custom<Record<string, unknown>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), {
      message: 'expected an object',
    })
    .transform((obj, ctx) => {
      const out = new Map<string, z.output<T>>();
      for (const k of Object.keys(obj)) {
        const r = value.safeParse(obj[k]);
        if (r.success) out.set(k, r.data);
        else for (const issue of r.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: [k, ...issue.path] });
      }
      return out;
    });
}

/** Describe the first zod issue as "key.path: message" for an error message. */
export function firstIssue(error: z.ZodError): { path: string; message: string } {
  const issue = error.issues[0];
  if (!issue) return { path: '', message: 'invalid' };
  const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p))).join('.');
  return { path, message: issue.message };
}
