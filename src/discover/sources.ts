import type { RepoSource, Source } from './source.js';
import { source as bun } from './bun/index.js';
import { repoSource as declared } from './declared/index.js';
import { repoSource as legacy } from './legacy/index.js';
import { source as npm } from './npm/index.js';
import { source as packageJson } from './package-json/index.js';
import { source as pnpm } from './pnpm/index.js';
import { source as yarn } from './yarn/index.js';

/** Every source Tureen runs, in order. A plain array: add a source by adding its folder and a line here. */
export const SOURCES: readonly Source[] = [npm, yarn, pnpm, bun, packageJson];

/** Sources that look at the whole repository, run once after the file sources. */
export const REPO_SOURCES: readonly RepoSource[] = [declared, legacy];
