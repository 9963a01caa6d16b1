import type { Source } from '../source.js';
import { readText } from '../source.js';
import { extractPubspecLock, SOURCE_ID } from './extract.js';

const base = (p: string) => p.slice(p.lastIndexOf('/') + 1);
/** pub's caches and Flutter's generated folders hold other packages' files, not the project's lock. */
const generated = (p: string) => p.split('/').some((s) => s === '.dart_tool' || s === '.pub-cache' || s === '.symlinks' || s === 'ephemeral');

export const source: Source = {
  id: SOURCE_ID,
  ecosystem: 'Pub',
  description: "Dart/Flutter's pubspec.lock (hosted, git, path and sdk packages; sha256 hashes)",
  matches(path) {
    return base(path) === 'pubspec.lock' && !generated(path);
  },
  extract(path, repo) {
    const text = readText(repo, path);
    return extractPubspecLock(path, text);
  },
};
