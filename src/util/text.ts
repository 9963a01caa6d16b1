/**
 * A name or value taken from a file, safe to put in a message: control characters (C0, DEL, C1) replaced by "?",
 * and cut to `max` characters with "..." so a hostile file cannot flood the output.
 */
export function clip(s: string, max = 120): string {
  // eslint-disable-next-line no-control-regex -- replacing control characters is the point
  const clean = s.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  return clean.length > max ? `${clean.slice(0, Math.max(0, max - 3))}...` : clean;
}
