import { describe, expect, it } from 'vitest';
import { component } from './component.js';
import { linkSubmoduleFingerprints } from './link.js';

const submodule = component({
  ecosystem: 'GIT', name: 'madler/zlib', version: '04f42ceca40f73e2978b50e93806c2a18c1281fc', purl: 'pkg:github/madler/zlib@04f42ceca40f73e2978b50e93806c2a18c1281fc',
  scope: 'runtime', direct: true, origin: { type: 'git', url: 'https://github.com/madler/zlib.git', ref: '04f42ceca40f73e2978b50e93806c2a18c1281fc' },
  evidence: [{ file: '.gitmodules', line: 1, key: 'submodule.zlib', source: 'git-submodules' }],
  properties: [{ name: 'git:path', value: 'third_party/zlib' }],
});
const fingerprint = (root: string, name: string, version: string) => component({
  ecosystem: 'generic', name, version, purl: `pkg:github/madler/${name}@${version}`, scope: 'runtime', kind: 'vendored-code',
  cpe: `cpe:2.3:a:zlib:zlib:${version}:*:*:*:*:*:*:*`, licenses: [{ expression: 'Zlib' }],
  origin: { type: 'vendored', ref: root }, evidence: [{ file: `${root}/zlib.h`, line: 40, source: 'vendored' }],
  properties: [{ name: 'vendored:git-submodule', value: 'third_party/zlib' }],
});

describe('a submodule the vendored catalogue also recognises', () => {
  it('is one item: the submodule, with the version, CPE, licence and evidence the fingerprint found', () => {
    const out = linkSubmoduleFingerprints([structuredClone(submodule), fingerprint('third_party/zlib', 'zlib', '1.3.1')]);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ name: 'madler/zlib', kind: 'vendored-code', cpe: 'cpe:2.3:a:zlib:zlib:1.3.1:*:*:*:*:*:*:*', licenses: [{ expression: 'Zlib' }] });
    expect(out[0]!.properties).toContainEqual({ name: 'vendored:version', value: '1.3.1' });
    expect(out[0]!.evidence.map((e) => e.source)).toEqual(['git-submodules', 'vendored']);
  });
  it('keeps a library found deeper inside the submodule as its own item', () => {
    const out = linkSubmoduleFingerprints([structuredClone(submodule), fingerprint('third_party/zlib/contrib/minizip', 'minizip', '1.1')]);
    expect(out.map((c) => c.name)).toEqual(['madler/zlib', 'minizip']);
  });
});
