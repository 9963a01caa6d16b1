import { z } from 'zod';

/**
 * Zephyr's west manifest (west.yml), as documented in https://docs.zephyrproject.org/latest/develop/west/manifest.html
 * (schema version up to 1.2). YAML numbers are accepted where west takes strings (`revision: 1.2` is read by
 * YAML as a number).
 */
const str = z.union([z.string(), z.number()]).transform(String);

export const WestRemote = z.looseObject({
  name: str,
  'url-base': str,
});

export const WestProject = z.looseObject({
  name: str,
  description: z.string().optional(),
  url: str.optional(),
  remote: str.optional(),
  'repo-path': str.optional(),
  revision: str.optional(),
  path: str.optional(),
  'clone-depth': z.unknown().optional(),
  groups: z.array(str).optional(),
  submodules: z.unknown().optional(),
  import: z.unknown().optional(),
  userdata: z.unknown().optional(),
});
export type WestProject = z.infer<typeof WestProject>;

export const WestManifest = z.looseObject({
  manifest: z.looseObject({
    version: str.optional(),
    defaults: z.looseObject({ remote: str.optional(), revision: str.optional() }).optional(),
    remotes: z.array(WestRemote).optional(),
    projects: z.array(WestProject).optional(),
    self: z.looseObject({ path: str.optional(), import: z.unknown().optional() }).optional(),
    'group-filter': z.array(str).optional(),
  }),
});
export type WestManifest = z.infer<typeof WestManifest>;
