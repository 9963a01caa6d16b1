export * from './release.js';
export * from './ecosystem.js';
export * from './root.js';
export * from './text.js';
export * from './graph.js';
export * from './license.js';
