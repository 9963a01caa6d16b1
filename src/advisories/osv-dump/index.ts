export { readOsvZip, DEFAULT_ZIP_LIMITS } from './zip.js';
export type { ZipLimits } from './zip.js';
export { readOsvFolder, readOsvFile, DEFAULT_MAX_FILE_BYTES } from './folder.js';
export { importPaths, updateFromOsv, storedEcosystems, DEFAULT_OSV_EXPORTS } from './import.js';
export type { PathImportStats, EcosystemUpdate, UpdateResult, ReadLimits } from './import.js';
