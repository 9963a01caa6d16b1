import type { Source } from '../source.js';
import { readText } from '../source.js';
import { extractPackageResolved, SOURCE_ID } from './extract.js';

const base = (p: string) => p.slice(p.lastIndexOf('/') + 1);
/** SwiftPM's and Xcode's checkout folders hold the dependencies' own Package.resolved files: not the project's. */
const inCheckouts = (p: string) => {
  const parts = p.split('/');
  return parts.includes('.build') || parts.includes('SourcePackages') || parts.includes('.swiftpm') && parts.includes('checkouts');
};

export const source: Source = {
  id: SOURCE_ID,
  ecosystem: 'SwiftURL',
  description: "SwiftPM's Package.resolved (v1–v3), also Xcode's *.xcworkspace/xcshareddata/swiftpm/Package.resolved; Package.swift is not read",
  matches(path) {
    return base(path) === 'Package.resolved' && !inCheckouts(path);
  },
  extract(path, repo) {
    const text = readText(repo, path);
    return extractPackageResolved(path, text);
  },
};
