import { z } from 'zod';
import { dict } from '../../util/dict.js';

const deps = dict(z.string()).optional();

/**
 * The parts of a package.json (npm's manifest) this source reads. Dependency maps go through dict() so
 * that a package named "__proto__" stays data. `workspaces` is npm/yarn/bun's array of globs or yarn 1's
 * `{ packages: [...] }`.
 */
export const Manifest = z.looseObject({
  name: z.string().optional(),
  version: z.string().optional(),
  license: z.unknown().optional(),
  licenses: z.unknown().optional(),
  dependencies: deps,
  devDependencies: deps,
  optionalDependencies: deps,
  peerDependencies: deps,
});
export type Manifest = z.infer<typeof Manifest>;

/** Workspace globs declared by a package.json, as written (read leniently: only for coverage). */
export const WorkspaceDecl = z.looseObject({
  workspaces: z.union([z.array(z.unknown()), z.looseObject({ packages: z.array(z.unknown()).optional() })]).optional(),
});

/** pnpm-workspace.yaml: the `packages` globs. */
export const PnpmWorkspace = z.looseObject({ packages: z.array(z.unknown()).optional() });
