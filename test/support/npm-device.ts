import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A device repository holding exactly these npm packages at these versions, as npm 7+ writes package.json and a
 * v3 package-lock.json (each package a direct runtime dependency, resolved from the public registry).
 */
export function writeNpmDevice(repo: string, deps: Record<string, string>): void {
  writeFileSync(join(repo, 'package.json'), JSON.stringify({ name: 'pump', version: '1.0.0', dependencies: deps }));
  const packages: Record<string, unknown> = { '': { name: 'pump', version: '1.0.0', dependencies: deps } };
  for (const [name, version] of Object.entries(deps)) {
    packages[`node_modules/${name}`] = { version, resolved: `https://registry.npmjs.org/${name}/-/${name}-${version}.tgz`, license: 'MIT' };
  }
  writeFileSync(join(repo, 'package-lock.json'), JSON.stringify({ name: 'pump', version: '1.0.0', lockfileVersion: 3, requires: true, packages }));
}
