import { z } from 'zod';

/** The fields of PlatformIO's library.json that say what a vendored folder is. */
export const LibraryJson = z.object({
  name: z.string().optional(),
  version: z.string().optional(),
  license: z.string().optional(),
  repository: z.union([z.string(), z.object({ url: z.string().optional() }).passthrough()]).optional(),
}).passthrough();

/** ESP-IDF component manager's idf_component.yml (the copy in managed_components/ carries the version). */
export const IdfComponent = z.object({
  version: z.union([z.string(), z.number()]).optional(),
  url: z.string().optional(),
  repository: z.string().optional(),
  license: z.string().optional(),
}).passthrough();

/** A package.json copied with a vendored JavaScript library. */
export const VendoredPackageJson = z.object({
  name: z.string().optional(),
  version: z.string().optional(),
  license: z.unknown().optional(),
}).passthrough();
