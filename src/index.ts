/** Tureen's library API: everything the CLI does is reachable from here. */
export { scan, type ScanOptions } from './scan.js';
export { classify } from './classify/index.js';
export { loadConfig, parseConfig } from './config/load.js';
export { discover } from './discover/scan.js';
export { SOURCES } from './discover/sources.js';
export type { Source, RepoView } from './discover/source.js';
export * from './model/index.js';
export { TOOL } from './version.js';
