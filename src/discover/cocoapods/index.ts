import type { Source } from '../source.js';
import { readText } from '../source.js';
import { extractPodfileLock, SOURCE_ID } from './extract.js';

const base = (p: string) => p.slice(p.lastIndexOf('/') + 1);

export const source: Source = {
  id: SOURCE_ID,
  ecosystem: 'CocoaPods',
  description: "CocoaPods' Podfile.lock (pods with subspecs merged into their root pod, git/path sources, spec checksums)",
  matches(path) {
    // Pods/Manifest.lock is CocoaPods' copy of Podfile.lock inside the install folder
    return base(path) === 'Podfile.lock' && !path.split('/').includes('Pods');
  },
  extract(path, repo) {
    const text = readText(repo, path);
    return extractPodfileLock(path, text);
  },
};
