import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The bundled example device (examples/infusion-pump). */
export const EXAMPLE = new URL('../../examples/infusion-pump', import.meta.url).pathname;

/**
 * A copy of the example device in a new temporary folder. The example ships its register (soup/) as a team keeps it;
 * by default the copy leaves it out, so a test starts where a team's first `tureen sync` starts. `register: true`
 * keeps it.
 */
export function copyExample(prefix = 'tureen-example-', opts: { register?: boolean } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cpSync(EXAMPLE, dir, { recursive: true });
  // a cache a developer's local run left behind must not answer a test
  rmSync(join(dir, '.tureen'), { recursive: true, force: true });
  if (!opts.register) rmSync(join(dir, 'soup'), { recursive: true, force: true });
  return dir;
}
