import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { source as cyclonedx } from '../cyclonedx/index.js';
import { source as npm } from '../npm/index.js';
import { discover } from '../scan.js';
import { source as spdx } from './index.js';

const EXAMPLE = join(import.meta.dirname, '..', '..', '..', 'examples', 'infusion-pump');
const dir = mkdtempSync(join(tmpdir(), 'tureen-sbom-merge-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("an SBOM beside the lockfile it was made from adds evidence, not components", () => {
  it("npm's own SPDX and CycloneDX SBOMs of the example merge into the npm source's components by purl", () => {
    cpSync(join(EXAMPLE, 'package.json'), join(dir, 'package.json'));
    cpSync(join(EXAMPLE, 'package-lock.json'), join(dir, 'package-lock.json'));
    cpSync(join(import.meta.dirname, 'fixtures', 'npm-sbom', 'infusion-pump.spdx.json'), join(dir, 'sbom', 'npm.spdx.json'), { recursive: true });
    cpSync(join(import.meta.dirname, '..', 'cyclonedx', 'fixtures', 'npm-sbom-infusion-pump.cdx.json'), join(dir, 'sbom', 'npm.cdx.json'));
    const lockOnly = discover(dir, { sources: [npm] });
    const all = discover(dir, { sources: [npm, cyclonedx, spdx] });
    expect(all.files.map((f) => `${f.source} ${f.file}`).sort()).toEqual(['cyclonedx sbom/npm.cdx.json', 'npm package-lock.json', 'spdx sbom/npm.spdx.json']);
    expect(lockOnly.components.length).toBeGreaterThan(200);
    expect(all.components.map((c) => c.key).sort()).toEqual(lockOnly.components.map((c) => c.key).sort());
    const lockScope = new Map(lockOnly.components.map((c) => [c.key, c.scope]));
    for (const c of all.components) {
      expect(new Set(c.evidence.map((e) => e.source)), c.key).toEqual(new Set(['npm', 'cyclonedx', 'spdx']));
      expect(c.scope, c.key).toBe(lockScope.get(c.key)); // the SBOMs agree with the lockfile, so nothing is upgraded
    }
  });
});
