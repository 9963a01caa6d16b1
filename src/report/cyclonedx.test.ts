import { createHash } from 'node:crypto';
import net from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import { Kind, ScannedComponent, type Inventory } from '../model/index.js';
import { toCycloneDxJson } from './cyclonedx.js';

// ---------------------------------------------------------------------------------------------
// The inventory under test: one component per Tureen kind, every scope, a scoped npm name, a Maven
// name, git and tarball origins, licences as id / compound expression / name / mixtures, hashes,
// a supplier, a CPE, an override, first-party roots and a workspace, and a dangling dependency key.
// ---------------------------------------------------------------------------------------------

const sha512 = (s: string) => createHash('sha512').update(s).digest('hex');
const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');
const LEFT_PAD_COMMIT = '5e0a6a3c0f8b0f2b6d1b6c1e0b2a4e3c1d9f8a7b';

type Spec_ = Partial<ScannedComponent> & Pick<ScannedComponent, 'key' | 'name' | 'version'> & {
  kind: Kind;
  soup?: boolean;
};

function comp(s: Spec_): ScannedComponent {
  const { kind, soup, ...rest } = s;
  return ScannedComponent.parse({
    ecosystem: 'npm',
    purl: s.key,
    licenses: [],
    hashes: [],
    scope: 'runtime',
    direct: false,
    firstParty: false,
    origin: { type: 'registry' },
    paths: [],
    dependencies: [],
    evidence: [{ file: 'package-lock.json', line: 10, source: 'npm' }],
    classification: {
      soup: soup ?? true,
      branch: soup === false ? null : 'off-the-shelf',
      kind,
      rule: `test.${kind}`,
      rationale: `Found as ${kind}.`,
    },
    ...rest,
  });
}

const K = {
  ui: 'pkg:npm/pump-ui@1.0.0',
  shared: 'pkg:npm/pump-shared@0.1.0',
  lib: 'pkg:npm/pump-lib@0.1.0',
  ws: 'pkg:npm/ws@8.17.1',
  babel: 'pkg:npm/%40babel/core@7.24.0',
  parser: 'pkg:npm/%40babel/parser@7.24.1',
  fsevents: 'pkg:npm/fsevents@2.3.3',
  leftPad: `pkg:npm/left-pad@1.3.0?vcs_url=git%2Bhttps://github.com/stevemao/left-pad.git%23${LEFT_PAD_COMMIT}`,
  tb: 'pkg:npm/tb-sdk@2.0.0?download_url=https://vendor.example/tb-sdk-2.0.0.tgz',
  linux: 'pkg:deb/debian/linux@6.1.0?arch=amd64',
  libc: 'pkg:deb/debian/libc6@2.36-9?arch=amd64',
  image: 'pkg:oci/debian@sha256%3A2f4a0e0b7e1a9b3c?repository_url=docker.io/library/debian',
  model: 'pkg:huggingface/distilbert-base-uncased@043235d6088ecd3dd5fb5ca3592b6913fd516027',
  hal: 'pkg:github/STMicroelectronics/stm32f4xx_hal_driver@v1.8.3',
  s3: 'pkg:npm/%40aws-sdk/client-s3@3.600.0',
  spring: 'pkg:maven/org.springframework/spring-core@6.1.5',
  cjson: 'pkg:generic/cjson@1.7.17',
  legacy: 'pkg:generic/pump-legacy-alarm@2015.1',
  cobra: 'pkg:golang/github.com/spf13/cobra@v1.8.0',
  cloud: 'pkg:generic/acme-telemetry-cloud@2024-06',
  sub: 'pkg:generic/dosecalc-module@3.1.0',
  fw: 'pkg:generic/bq27441-fuel-gauge-firmware@1.2',
  missing: 'pkg:npm/not-in-the-inventory@1.0.0',
} as const;

function components(): ScannedComponent[] {
  return [
    comp({ key: K.ui, name: 'pump-ui', version: '1.0.0', kind: 'first-party', soup: false, firstParty: true,
      dependencies: [K.ws, K.babel, K.fsevents, K.leftPad, K.tb, K.lib, K.s3, K.missing] }),
    comp({ key: K.shared, name: 'pump-shared', version: '0.1.0', kind: 'first-party', soup: false, firstParty: true,
      evidence: [{ file: 'packages/shared/package.json', line: 1, source: 'npm' }] }),
    comp({ key: K.lib, name: 'pump-lib', version: '0.1.0', kind: 'first-party', soup: false, firstParty: true, direct: false,
      origin: { type: 'workspace', ref: 'packages/lib' } }),
    comp({ key: K.ws, name: 'ws', version: '8.17.1', kind: 'library', direct: true,
      licenses: [{ expression: 'MIT' }],
      hashes: [{ alg: 'SHA-512', content: sha512('ws-8.17.1') }, { alg: 'SHA-1', content: sha1('ws-8.17.1') }],
      evidence: [
        { file: 'package-lock.json', line: 42, key: 'packages["node_modules/ws"]', source: 'npm' },
        { file: 'packages/shared/package-lock.json', line: 7, source: 'npm' },
      ] }),
    comp({ key: K.babel, name: '@babel/core', version: '7.24.0', kind: 'tool', soup: false, scope: 'development', direct: true,
      licenses: [{ name: 'Custom: see LICENSE file' }], dependencies: [K.parser] }),
    comp({ key: K.parser, name: '@babel/parser', version: '7.24.1', kind: 'library', soup: false, scope: 'development' }),
    comp({ key: K.fsevents, name: 'fsevents', version: '2.3.3', kind: 'library', scope: 'optional', direct: true,
      licenses: [{ expression: '(MIT OR Apache-2.0)' }] }),
    comp({ key: K.leftPad, name: 'left-pad', version: '1.3.0', kind: 'library', scope: 'test', direct: true,
      origin: { type: 'git', url: 'git+https://github.com/stevemao/left-pad.git', ref: LEFT_PAD_COMMIT },
      licenses: [{ expression: 'MIT' }, { name: 'WTFPL-like custom licence' }],
      classification: {
        soup: true, branch: 'off-the-shelf', kind: 'library', rule: 'override',
        rationale: 'Declared SOUP by the configuration.',
        override: { match: 'left-pad', reason: 'Bundled into the UI build although only a test dependency.', file: 'tureen.config.yaml' },
      } }),
    comp({ key: K.tb, name: 'tb-sdk', version: '2.0.0', kind: 'commercial-sdk', scope: 'build', direct: true,
      origin: { type: 'tarball', url: 'https://vendor.example/tb-sdk-2.0.0.tgz' }, supplier: 'Vendor GmbH',
      licenses: [{ expression: '(MIT AND BSD-3-Clause)' }, { name: 'Vendor EULA 2024' }] }),
    comp({ key: K.linux, ecosystem: 'Debian:12', name: 'linux', version: '6.1.0', kind: 'operating-system', purl: K.linux,
      cpe: 'cpe:2.3:o:linux:linux_kernel:6.1.0:*:*:*:*:*:*:*', evidence: [{ file: 'Dockerfile', line: 1, source: 'dockerfile' }] }),
    comp({ key: K.libc, ecosystem: 'Debian:12', name: 'libc6', version: '2.36-9', kind: 'os-package',
      licenses: [{ name: 'GPL-2+ with exceptions' }], evidence: [{ file: 'var/lib/dpkg/status', line: 300, source: 'dpkg' }] }),
    comp({ key: K.image, ecosystem: 'OCI', name: 'debian', version: 'sha256:2f4a0e0b7e1a9b3c', kind: 'container-image',
      evidence: [{ file: 'Dockerfile', line: 1, source: 'dockerfile' }] }),
    comp({ key: K.model, ecosystem: 'HuggingFace', name: 'distilbert-base-uncased', version: '043235d6088ecd3dd5fb5ca3592b6913fd516027',
      kind: 'ml-model', licenses: [{ expression: 'Apache-2.0' }], evidence: [{ file: 'models/manifest.yaml', line: 3, source: 'ml-models' }] }),
    comp({ key: K.hal, ecosystem: 'GitHub', name: 'STMicroelectronics/stm32f4xx_hal_driver', version: 'v1.8.3', kind: 'driver-bsp',
      licenses: [{ expression: 'BSD-3-Clause' }], evidence: [{ file: 'firmware/west.yml', line: 12, source: 'zephyr' }] }),
    comp({ key: K.s3, name: '@aws-sdk/client-s3', version: '3.600.0', kind: 'cloud-sdk', direct: false }),
    comp({ key: K.spring, ecosystem: 'Maven', name: 'org.springframework:spring-core', version: '6.1.5', kind: 'framework',
      evidence: [{ file: 'server/pom.xml', line: 20, source: 'maven' }] }),
    comp({ key: K.cjson, ecosystem: 'generic', name: 'cjson', version: '1.7.17', kind: 'vendored-code',
      evidence: [{ file: 'third_party/cjson/cJSON.h', line: 10, source: 'vendored' }] }),
    comp({ key: K.cobra, ecosystem: 'Go', name: 'github.com/spf13/cobra', version: 'v1.8.0', kind: 'library',
      evidence: [{ file: 'tools/go.mod', line: 5, source: 'go' }] }),
    comp({ key: K.legacy, ecosystem: 'generic', name: 'pump-legacy-alarm', version: '2015.1', kind: 'legacy-code',
      classification: { soup: true, branch: 'no-records', kind: 'legacy-code', rule: 'legacy.pre-qms', rationale: 'Older than the QMS.' },
      evidence: [{ file: 'src/legacy/alarm.c', source: 'legacy' }] }),
    comp({ key: K.cloud, ecosystem: 'generic', name: 'acme-telemetry-cloud', version: '2024-06', kind: 'cloud-service',
      evidence: [{ file: 'tureen.config.yaml', line: 20, source: 'declared' }] }),
    comp({ key: K.sub, ecosystem: 'generic', name: 'dosecalc-module', version: '3.1.0', kind: 'subcontracted-module',
      evidence: [{ file: 'tureen.config.yaml', line: 26, source: 'declared' }] }),
    comp({ key: K.fw, ecosystem: 'generic', name: 'bq27441-fuel-gauge-firmware', version: '1.2', kind: 'firmware', soup: false,
      evidence: [{ file: 'tureen.config.yaml', line: 32, source: 'declared' }] }),
  ];
}

function inventory(over: Partial<Inventory> = {}): Inventory {
  return {
    root: '/home/dev/infusion-pump',
    tool: { name: 'tureen', version: '0.1.0' },
    timestamp: '2026-03-01T10:20:30.000Z',
    config: { device: { name: 'Infusion Pump', version: '2.1.0', manufacturer: 'Acme Medical' } },
    components: components(),
    findings: [],
    files: [],
    ...over,
  };
}

// A narrow view of the output, to read it in tests (the schema validation checks the full shape).
interface CdxProperty { name: string; value: string }
interface CdxLicense { expression?: string; license?: { id?: string; name?: string; acknowledgement?: string } }
interface CdxComponent {
  type: string; name: string; group?: string; version?: string; 'bom-ref'?: string; purl?: string; cpe?: string;
  scope?: string; supplier?: { name?: string }; licenses?: CdxLicense[]; hashes?: { alg: string; content: string }[];
  externalReferences?: { type: string; url: string; comment?: string }[]; properties?: CdxProperty[];
}
interface CdxDoc {
  bomFormat: string; specVersion: string; serialNumber?: string; version: number;
  metadata: { timestamp?: string; lifecycles?: { phase?: string }[]; tools?: { components?: CdxComponent[] };
    component?: CdxComponent; supplier?: { name?: string } };
  components: CdxComponent[];
  dependencies?: { ref: string; dependsOn?: string[] }[];
}

const doc = (inv: Inventory = inventory()) => JSON.parse(toCycloneDxJson(inv)) as CdxDoc;
const byRef = (d: CdxDoc, ref: string) => {
  const c = d.components.find((x) => x['bom-ref'] === ref);
  if (!c) throw new Error(`no component ${ref}`);
  return c;
};
const props = (c: CdxComponent, name: string) => (c.properties ?? []).filter((p) => p.name === name).map((p) => p.value);

const validator = new Validation.JsonStrictValidator(Spec.Version.v1dot6);

afterEach(() => {
  vi.restoreAllMocks();
});

describe('CycloneDX 1.6 output', () => {
  it('validates against the official CycloneDX 1.6 JSON schema, without touching the network', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const connectSpy = vi.spyOn(net.Socket.prototype, 'connect');
    const json = toCycloneDxJson(inventory());
    const errors = await new Validation.JsonStrictValidator(Spec.Version.v1dot6).validate(json);
    expect(errors).toBeNull();
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(connectSpy).not.toHaveBeenCalled();
    const d = JSON.parse(json) as CdxDoc;
    expect(d.bomFormat).toBe('CycloneDX');
    expect(d.specVersion).toBe('1.6');
    expect(d.components).toHaveLength(components().length);
  });

  it('the same validator rejects broken documents, so the pass above means something', async () => {
    const good = JSON.parse(toCycloneDxJson(inventory())) as Record<string, unknown> & CdxDoc;

    const noFormat: Record<string, unknown> = structuredClone(good);
    delete noFormat.bomFormat; // required by the schema
    expect(await validator.validate(JSON.stringify(noFormat))).toEqual(
      expect.arrayContaining([expect.objectContaining({ keyword: 'required', params: { missingProperty: 'bomFormat' } })]),
    );

    const badScope = structuredClone(good);
    (badScope.components[0] as CdxComponent).scope = 'development'; // not a CycloneDX scope
    expect(await validator.validate(JSON.stringify(badScope))).not.toBeNull();

    const twoExpressions = structuredClone(good);
    (twoExpressions.components[0] as CdxComponent).licenses = [{ expression: 'MIT' }, { expression: 'Apache-2.0' }];
    expect(await validator.validate(JSON.stringify(twoExpressions))).not.toBeNull();

    const badType = structuredClone(good);
    (badType.components[0] as CdxComponent).type = 'driver-bsp'; // our kind name is not a CycloneDX type
    expect(await validator.validate(JSON.stringify(badType))).not.toBeNull();

    expect(await validator.validate(JSON.stringify(good))).toBeNull();
  });

  it('metadata names the device, the tool, the scan time and the lifecycle phase', () => {
    const d = doc();
    expect(d.metadata.timestamp).toBe('2026-03-01T10:20:30.000Z');
    expect(d.metadata.lifecycles).toEqual([{ phase: 'pre-build' }]);
    expect(d.metadata.tools?.components?.map((t) => [t.type, t.name, t.version])).toEqual([['application', 'tureen', '0.1.0']]);
    expect(d.metadata.component).toMatchObject({ type: 'application', name: 'Infusion Pump', version: '2.1.0', supplier: { name: 'Acme Medical' } });
    expect(d.metadata.supplier).toEqual({ name: 'Acme Medical' });
    expect(d.serialNumber).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('without a configured device the root component is the scanned folder', () => {
    const d = doc(inventory({ config: {}, root: '/srv/repos/monitor-app/' }));
    expect(d.metadata.component?.name).toBe('monitor-app');
    expect(d.metadata.component?.type).toBe('application');
    expect(d.metadata.component?.version).toBeUndefined();
  });

  it('maps every Tureen kind to the CycloneDX 1.6 component type chosen from the spec', () => {
    const expected: Record<Kind, string> = {
      library: 'library', framework: 'framework', 'operating-system': 'operating-system', 'os-package': 'library',
      'driver-bsp': 'device-driver', 'cloud-sdk': 'library', 'ml-model': 'machine-learning-model',
      'commercial-sdk': 'library', 'vendored-code': 'library', 'legacy-code': 'library',
      'container-image': 'container', tool: 'library', 'first-party': 'library',
      'cloud-service': 'library', 'subcontracted-module': 'library', firmware: 'firmware',
    };
    const inv = inventory();
    // the fixture really covers every kind of the model
    expect(new Set(inv.components.map((c) => c.classification.kind))).toEqual(new Set(Kind.options));
    const d = doc(inv);
    for (const c of inv.components) {
      expect(byRef(d, c.key).type, c.key).toBe(expected[c.classification.kind]);
      expect(props(byRef(d, c.key), 'tureen:kind')).toEqual([c.classification.kind]);
    }
  });

  it('maps scopes: runtime → required, optional → optional, development/test/build → excluded', () => {
    const expected = { runtime: 'required', optional: 'optional', development: 'excluded', test: 'excluded', build: 'excluded' };
    const inv = inventory();
    expect(new Set(inv.components.map((c) => c.scope))).toEqual(new Set(Object.keys(expected)));
    const d = doc(inv);
    for (const c of inv.components) {
      expect(byRef(d, c.key).scope, c.key).toBe(expected[c.scope]);
      expect(props(byRef(d, c.key), 'tureen:scope')).toEqual([c.scope]);
    }
    expect(byRef(d, K.babel).scope).toBe('excluded');
    expect(byRef(d, K.fsevents).scope).toBe('optional');
    expect(byRef(d, K.ws).scope).toBe('required');
  });

  it('carries the classification, scope, directness and evidence as tureen: properties', () => {
    const d = doc();
    const ws = byRef(d, K.ws);
    expect(props(ws, 'tureen:soup')).toEqual(['true']);
    expect(props(ws, 'tureen:branch')).toEqual(['off-the-shelf']);
    expect(props(ws, 'tureen:rule')).toEqual(['test.library']);
    expect(props(ws, 'tureen:rationale')).toEqual(['Found as library.']);
    expect(props(ws, 'tureen:direct')).toEqual(['true']);
    expect(props(ws, 'tureen:first-party')).toEqual(['false']);
    expect(props(ws, 'tureen:evidence')).toEqual(['package-lock.json:42', 'packages/shared/package-lock.json:7']);
    expect(props(ws, 'tureen:override:reason')).toEqual([]);

    const babel = byRef(d, K.babel);
    expect(props(babel, 'tureen:soup')).toEqual(['false']);
    expect(props(babel, 'tureen:branch')).toEqual([]); // not SOUP: no branch

    const legacy = byRef(d, K.legacy);
    expect(props(legacy, 'tureen:branch')).toEqual(['no-records']);
    expect(props(legacy, 'tureen:evidence')).toEqual(['src/legacy/alarm.c']); // no line known

    const leftPad = byRef(d, K.leftPad);
    expect(props(leftPad, 'tureen:override:reason')).toEqual(['Bundled into the UI build although only a test dependency.']);
    expect(props(leftPad, 'tureen:override:file')).toEqual(['tureen.config.yaml']);

    const ui = byRef(d, K.ui);
    expect(props(ui, 'tureen:first-party')).toEqual(['true']);
    expect(props(ui, 'tureen:kind')).toEqual(['first-party']);
    expect(ui.type).toBe('library');
    // every property is namespaced
    for (const c of d.components) for (const p of c.properties ?? []) expect(p.name.startsWith('tureen:')).toBe(true);
  });

  it('splits names into group and name like each ecosystem\'s CycloneDX tooling (npm scope, Maven groupId, Go not split)', () => {
    const d = doc();
    expect(byRef(d, K.babel)).toMatchObject({ group: '@babel', name: 'core', version: '7.24.0', purl: K.babel });
    expect(byRef(d, K.s3)).toMatchObject({ group: '@aws-sdk', name: 'client-s3' });
    expect(byRef(d, K.ws).group).toBeUndefined();
    expect(byRef(d, K.ws).name).toBe('ws');
    expect(byRef(d, K.spring)).toMatchObject({ group: 'org.springframework', name: 'spring-core' });
    expect(byRef(d, K.cobra).group).toBeUndefined();
    expect(byRef(d, K.cobra).name).toBe('github.com/spf13/cobra');
    expect(byRef(d, K.libc).group).toBeUndefined();
    expect(byRef(d, K.libc).name).toBe('libc6');
    expect(byRef(d, K.model).group).toBeUndefined();
    expect(byRef(d, K.model).name).toBe('distilbert-base-uncased');
  });

  it('writes licences as SPDX id, expression or name, and loses none when several are declared', () => {
    const d = doc();
    expect(byRef(d, K.ws).licenses).toEqual([{ license: { id: 'MIT', acknowledgement: 'declared' } }]);
    expect(byRef(d, K.fsevents).licenses).toEqual([{ expression: '(MIT OR Apache-2.0)', acknowledgement: 'declared' }]);
    expect(byRef(d, K.babel).licenses).toEqual([{ license: { name: 'Custom: see LICENSE file', acknowledgement: 'declared' } }]);
    expect(byRef(d, K.leftPad).licenses).toEqual([
      { license: { id: 'MIT', acknowledgement: 'declared' } },
      { license: { name: 'WTFPL-like custom licence', acknowledgement: 'declared' } },
    ]);
    // a compound expression next to another licence cannot be a second "expression": kept verbatim as a name
    expect(byRef(d, K.tb).licenses).toEqual([
      { license: { name: '(MIT AND BSD-3-Clause)', acknowledgement: 'declared' } },
      { license: { name: 'Vendor EULA 2024', acknowledgement: 'declared' } },
    ]);
    expect(byRef(d, K.image).licenses).toBeUndefined();
  });

  it('writes hashes, supplier and CPE', () => {
    const d = doc();
    expect(byRef(d, K.ws).hashes).toEqual(expect.arrayContaining([
      { alg: 'SHA-512', content: sha512('ws-8.17.1') },
      { alg: 'SHA-1', content: sha1('ws-8.17.1') },
    ]));
    expect(byRef(d, K.ws).hashes).toHaveLength(2);
    expect(byRef(d, K.tb).supplier).toEqual({ name: 'Vendor GmbH' });
    expect(byRef(d, K.ws).supplier).toBeUndefined();
    // first-party code is supplied by the device manufacturer
    expect(byRef(d, K.ui).supplier).toEqual({ name: 'Acme Medical' });
    expect(byRef(d, K.linux).cpe).toBe('cpe:2.3:o:linux:linux_kernel:6.1.0:*:*:*:*:*:*:*');
  });

  it('keeps a second conflicting hash and a malformed CPE as properties instead of dropping them', async () => {
    const inv = inventory();
    const ws = inv.components.find((c) => c.key === K.ws);
    if (!ws) throw new Error('fixture');
    ws.hashes.push({ alg: 'SHA-1', content: sha1('other tarball') });
    ws.cpe = 'not a cpe';
    const json = toCycloneDxJson(inv);
    expect(await validator.validate(json)).toBeNull();
    const c = byRef(JSON.parse(json) as CdxDoc, K.ws);
    expect(c.hashes?.find((h) => h.alg === 'SHA-1')?.content).toBe(sha1('ws-8.17.1'));
    expect(props(c, 'tureen:hash')).toEqual([`SHA-1:${sha1('other tarball')}`]);
    expect(c.cpe).toBeUndefined();
    expect(props(c, 'tureen:cpe')).toEqual(['not a cpe']);
  });

  it('writes the dependency graph by bom-ref, with the device root on direct dependencies and first-party roots', () => {
    const d = doc();
    const deps = new Map((d.dependencies ?? []).map((x) => [x.ref, new Set(x.dependsOn ?? [])]));
    // every component and the root are nodes of the graph (CycloneDX: no dependencies = an empty entry)
    expect(new Set(deps.keys())).toEqual(new Set([...d.components.map((c) => c['bom-ref']), d.metadata.component?.['bom-ref']]));
    // the inventory's edges, minus the key that is not in the document
    expect(deps.get(K.ui)).toEqual(new Set([K.ws, K.babel, K.fsevents, K.leftPad, K.tb, K.lib, K.s3]));
    expect(deps.get(K.babel)).toEqual(new Set([K.parser]));
    expect(deps.get(K.ws)).toEqual(new Set());
    // root: the direct dependencies + the first-party packages nobody depends on (pump-lib is reached through pump-ui)
    const rootRef = d.metadata.component?.['bom-ref'] ?? '';
    expect(deps.get(rootRef)).toEqual(new Set([K.ui, K.shared, K.ws, K.babel, K.fsevents, K.leftPad, K.tb]));
    // only refs that exist
    const refs = new Set(deps.keys());
    for (const set of deps.values()) for (const r of set) expect(refs.has(r)).toBe(true);
    expect(JSON.stringify(d)).not.toContain('not-in-the-inventory');
  });

  it('uses the component key as bom-ref, unique in the document (root included), even if keys collide', () => {
    const d = doc();
    expect(d.components.map((c) => c['bom-ref'])).toEqual(components().map((c) => c.key));
    const all = [...d.components.map((c) => c['bom-ref']), d.metadata.component?.['bom-ref']];
    expect(new Set(all).size).toBe(all.length);

    // a key equal to the device root's natural ref, and a duplicated key: still unique and reproducible
    const inv = inventory();
    const dup = comp({ key: K.ws, name: 'ws', version: '8.17.1', kind: 'library' });
    const clash = comp({ key: 'device:Infusion Pump@2.1.0', name: 'clash', version: '1', kind: 'library' });
    inv.components.push(dup, clash);
    const json = toCycloneDxJson(inv);
    expect(json).toBe(toCycloneDxJson(inv));
    const d2 = JSON.parse(json) as CdxDoc;
    const all2 = [...d2.components.map((c) => c['bom-ref']), d2.metadata.component?.['bom-ref']];
    expect(all2.every((r) => typeof r === 'string' && r.length > 0)).toBe(true);
    expect(new Set(all2).size).toBe(all2.length);
  });

  it('writes a VCS reference for git origins and a distribution reference for tarballs', () => {
    const d = doc();
    expect(byRef(d, K.leftPad).externalReferences).toEqual([
      { type: 'vcs', url: 'git+https://github.com/stevemao/left-pad.git', comment: `resolved ref ${LEFT_PAD_COMMIT}` },
    ]);
    expect(byRef(d, K.tb).externalReferences).toEqual([{ type: 'distribution', url: 'https://vendor.example/tb-sdk-2.0.0.tgz' }]);
    expect(byRef(d, K.ws).externalReferences).toBeUndefined();
  });

  it('is reproducible: same inventory, same bytes; another scan time, another serial number', () => {
    const a = toCycloneDxJson(inventory());
    expect(toCycloneDxJson(inventory())).toBe(a);
    const b = JSON.parse(toCycloneDxJson(inventory({ timestamp: '2026-03-02T10:20:30.000Z' }))) as CdxDoc;
    expect(b.serialNumber).not.toBe((JSON.parse(a) as CdxDoc).serialNumber);
  });

  it('keeps hostile strings (markup, quotes, CDATA end, newlines, __proto__) as plain data', async () => {
    const evil = '<script>alert("x")</script> ]]> \'q\' \n line2 \u0000 \u2028';
    const key = `pkg:npm/${encodeURIComponent(evil)}@1.0.0`;
    const inv = inventory();
    inv.components.push(
      comp({ key, name: evil, version: `1.0.0${evil}`, kind: 'library', supplier: evil, direct: true,
        licenses: [{ name: '__proto__' }, { name: 'constructor' }, { name: evil }],
        evidence: [{ file: `dir/${evil}/package.json`, line: 3, source: 'npm' }],
        origin: { type: 'tarball', url: `https://x.example/${evil}.tgz` },
        classification: { soup: true, branch: 'off-the-shelf', kind: 'library', rule: evil, rationale: evil,
          override: { match: evil, reason: evil, file: evil } } }),
      comp({ key: '__proto__', name: 'constructor', version: '1', kind: 'library', dependencies: [key, 'constructor'] }),
    );
    const json = toCycloneDxJson(inv);
    expect(await validator.validate(json)).toBeNull();
    const d = JSON.parse(json) as CdxDoc;
    const c = byRef(d, key);
    expect(c.name).toBe(evil);
    expect(c.version).toBe(`1.0.0${evil}`);
    expect(c.supplier).toEqual({ name: evil });
    expect(c.licenses?.map((l) => l.license?.name)).toEqual(['__proto__', 'constructor', evil]);
    expect(props(c, 'tureen:rationale')).toEqual([evil]);
    expect(props(c, 'tureen:override:reason')).toEqual([evil]);
    expect(props(c, 'tureen:evidence')).toEqual([`dir/${evil}/package.json:3`]);
    const proto = byRef(d, '__proto__');
    expect(proto.name).toBe('constructor');
    expect(d.dependencies?.find((x) => x.ref === '__proto__')?.dependsOn).toEqual([key]);
    // control characters are escaped in the text, never written raw
    expect(json.includes('\u0000')).toBe(false);
    expect(json).toContain('\\u0000');
  });

  it('any strings in names, versions, keys, rationale and evidence give a valid document that round-trips them', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }),
        fc.string({ unit: 'binary', maxLength: 20 }),
        fc.string({ unit: 'binary', maxLength: 40 }),
        fc.string({ unit: 'binary', maxLength: 40 }),
        fc.constantFrom<Kind>(...Kind.options),
        async (name, version, key, text, kind) => {
          const inv = inventory({ components: [
            comp({ key, name, version, kind, purl: key, supplier: text, licenses: text ? [{ name: text }] : [],
              evidence: [{ file: text, line: 1, source: 'npm' }],
              classification: { soup: true, branch: 'off-the-shelf', kind, rule: text, rationale: text } }),
          ] });
          const json = toCycloneDxJson(inv);
          expect(await validator.validate(json)).toBeNull();
          const d = JSON.parse(json) as CdxDoc;
          const c = d.components[0] as CdxComponent;
          expect(props(c, 'tureen:rationale')).toEqual([text]);
          expect(c.version ?? '').toBe(version);
          if (key) expect(c['bom-ref']).toBe(key);
          else expect(c['bom-ref']).toMatch(/./);
          // npm names are split at the scope only: group + "/" + name gives the name back
          expect((c.group !== undefined ? `${c.group}/` : '') + c.name).toBe(name);
        },
      ),
      { numRuns: 60 },
    );
  });
});
