import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryRepo } from '../source.js';
import { source } from './index.js';

const FIX = join(import.meta.dirname, 'fixtures');
const json23 = readFileSync(join(FIX, 'spec', 'SPDXJSONExample-v2.3.spdx.json'), 'utf8');
const tv22 = readFileSync(join(FIX, 'spec', 'SPDXTagExample-v2.2.spdx'), 'utf8');
const npm = readFileSync(join(FIX, 'npm-sbom', 'infusion-pump.spdx.json'), 'utf8');

const repo = memoryRepo({
  'sbom/glibc.spdx.json': json23,
  'sbom/any-name.json': npm,
  'legal/third-party.spdx': tv22,
  'legal/bom.txt': tv22,
  'sbom/x.spdx.yaml': 'spdxVersion: SPDX-2.3\n',
  'sbom/v3.json': '{"@context":"https://spdx.org/rdf/3.0.1/spdx-context.jsonld","@graph":[]}',
  'package.json': '{"name":"x","license":"MIT"}',
  'notes.txt': 'SPDX-License-Identifier: MIT\n',
  'node_modules/x/sbom.spdx.json': json23,
  'src/main.c': '// SPDXVersion: SPDX-2.3\n',
});

describe('spdx source: recognised by content', () => {
  it('matches SPDX JSON and tag-value documents whatever their name', () => {
    for (const f of ['sbom/glibc.spdx.json', 'sbom/any-name.json', 'legal/third-party.spdx', 'legal/bom.txt']) expect(source.matches(f, repo), f).toBe(true);
  });

  it('ignores other JSON and text, node_modules, source files, and works without a repo', () => {
    for (const f of ['package.json', 'notes.txt', 'node_modules/x/sbom.spdx.json', 'src/main.c']) expect(source.matches(f, repo), f).toBe(false);
    expect(source.matches('sbom/glibc.spdx.json')).toBe(false);
  });

  it('says so for SPDX formats it does not read (YAML), and reads SPDX 3 JSON-LD', () => {
    expect(source.matches('sbom/x.spdx.yaml', repo)).toBe(true);
    expect(source.extract('sbom/x.spdx.yaml', repo).findings.map((f) => f.rule)).toEqual(['spdx.unsupported-format']);
    expect(source.matches('sbom/v3.json', repo)).toBe(true);
    // an empty SPDX 3 graph: nothing described, nothing listed
    expect(source.extract('sbom/v3.json', repo).findings.map((f) => f.rule)).toEqual(['spdx.no-root']);
  });

  it('extracts through the RepoView', () => {
    const r = source.extract('legal/third-party.spdx', repo);
    expect(r.components).toHaveLength(4);
    expect(r.components[0]?.evidence[0]?.file).toBe('legal/third-party.spdx');
  });
});
