export { AdvisoryStore, SCHEMA_VERSION, MAX_REFUSED, emptyStats, addStats } from './store.js';
export type { ImportStats, RefusedRecord, KevEntry, EpssEntry, SourceInfo, StoreStatus, StoreSummary } from './store.js';
export { defaultStorePath } from './path.js';
export { dumpEntry, dumpProblem, isDumpEntry } from './entry.js';
export type { DumpEntry } from './entry.js';
export { timeKey } from './time.js';
