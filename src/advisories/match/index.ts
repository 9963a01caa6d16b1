export { evaluateAdvisory, matchAdvisory, normalizeRepo } from './match.js';
export type { AffectedMatch, Evaluation, PackageRef } from './match.js';
export { nearestFix } from './fix.js';
export { mergeAliases, preferredId } from './aliases.js';
export type { Finding } from './aliases.js';
