import { homedir } from 'node:os';
import { isAbsolute, join, win32 } from 'node:path';

/**
 * Where the advisory store lives when no --db is given: the user's cache folder, shared by every repository on the
 * machine (the advisories do not depend on the device). TUREEN_DB names another file. Parameters are for tests.
 */
export function defaultStorePath(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home: string = homedir()): string {
  const override = env.TUREEN_DB;
  if (override) return override;
  if (platform === 'win32') {
    const local = env.LOCALAPPDATA || win32.join(home, 'AppData', 'Local');
    return win32.join(local, 'tureen', 'Cache', 'advisories.db');
  }
  if (platform === 'darwin') return join(home, 'Library', 'Caches', 'tureen', 'advisories.db');
  // the XDG base directory spec: a relative XDG_CACHE_HOME is invalid and must be ignored
  const xdg = env.XDG_CACHE_HOME;
  const cache = xdg && isAbsolute(xdg) ? xdg : join(home, '.cache');
  return join(cache, 'tureen', 'advisories.db');
}
