export * from './component.js';
export * from './classification.js';
export * from './finding.js';
export * from './config.js';
export * from './errors.js';
export * from './scanned.js';
export * from './inventory.js';
export * from './record.js';
