import { z } from 'zod';
import { dict } from '../../util/dict.js';

/**
 * Podfile.lock, as CocoaPods writes it (cocoapods-core lib/cocoapods-core/lockfile.rb, YAML):
 *   PODS: [ "Name/Sub (1.2.3)" | { "Name/Sub (1.2.3)": [ "Dep (= 1.2.3)", "Other" ] } ]
 *   DEPENDENCIES: [ "Name (~> 1.0)" | "Name (from `path-or-url`)" ]
 *   SPEC REPOS: { repo-url-or-"trunk": [ names ] }
 *   EXTERNAL SOURCES / CHECKOUT OPTIONS: { Name: { ":path" | ":git" | ":commit" | ":tag" | ":branch" | ":podspec": string } }
 *   SPEC CHECKSUMS: { Name: sha1-of-the-podspec }, PODFILE CHECKSUM, COCOAPODS: version
 */
const PodEntry = z.union([z.string(), z.record(z.string(), z.array(z.string()).nullable())]);

const scalar = z.union([z.string(), z.number(), z.boolean()]).transform(String);

export const PodfileLock = z.looseObject({
  PODS: z.array(PodEntry),
  DEPENDENCIES: z.array(z.string()).nullish(),
  'SPEC REPOS': dict(z.array(z.string()).nullable()).nullish(),
  'EXTERNAL SOURCES': dict(dict(scalar)).nullish(),
  'CHECKOUT OPTIONS': dict(dict(scalar)).nullish(),
  'SPEC CHECKSUMS': dict(scalar).nullish(),
  COCOAPODS: scalar.nullish(),
});
export type PodfileLock = z.infer<typeof PodfileLock>;
