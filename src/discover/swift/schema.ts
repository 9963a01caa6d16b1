import { z } from 'zod';

/**
 * SwiftPM's Package.resolved, as swift-package-manager writes it (Sources/PackageGraph/PinsStore.swift and
 * ResolvedPackagesStore.swift, "SerializedPins" V1/V2/V3):
 *   v1: { "object": { "pins": [ { "package", "repositoryURL", "state": { branch, revision, version } } ] }, "version": 1 }
 *   v2: { "pins": [ { "identity", "kind", "location", "state": { branch?, revision?, version? } } ], "version": 2 }
 *   v3: v2 + "originHash" (a hash of the manifests, not of any package).
 * kind: remoteSourceControl | localSourceControl | registry (registry pins have only state.version).
 */
export const PinState = z.looseObject({
  branch: z.string().nullish(),
  revision: z.string().nullish(),
  version: z.string().nullish(),
});
export type PinState = z.infer<typeof PinState>;

export const PinV1 = z.looseObject({
  package: z.string(),
  repositoryURL: z.string(),
  state: PinState,
});

export const PinV2 = z.looseObject({
  identity: z.string(),
  kind: z.string(),
  location: z.string(),
  state: PinState,
});

export const ResolvedV1 = z.looseObject({
  version: z.literal(1),
  object: z.looseObject({ pins: z.array(PinV1) }),
});

export const ResolvedV2 = z.looseObject({
  version: z.number().int().min(2),
  originHash: z.string().optional(),
  pins: z.array(PinV2),
});

export const ResolvedVersion = z.looseObject({ version: z.number().int().positive() });
