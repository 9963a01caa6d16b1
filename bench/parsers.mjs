// The baselines: the bare parse of each lockfile format with the library its package manager's format needs, and
// nothing else (no validation, no graph, no components). Loaded lazily so a child measures only what it uses.
export const BARE_PARSERS = {
  npm: async () => JSON.parse,
  pnpm: async () => (await import('yaml')).parse,
  yarn: async () => (await import('@yarnpkg/parsers')).parseSyml,
};

/** The lockfile name each package manager uses. */
export const LOCKFILE = { npm: 'package-lock.json', pnpm: 'pnpm-lock.yaml', yarn: 'yarn.lock' };
