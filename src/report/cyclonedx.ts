/**
 * CycloneDX 1.6 JSON SBOM of a scan.
 *
 * The document is built from the models of the official CycloneDX JavaScript library
 * (@cyclonedx/cyclonedx-library) and written by its JSON serializer, which applies the 1.6 spec
 * (supported types, hash formats, licence choice, dependency graph with refs that exist only).
 * What is ours is the mapping from Tureen's inventory to those models, and one small hand-written
 * piece: the name-based (v5) UUID used as the serial number, because node:crypto only makes random
 * UUIDs and the `uuid` package would be a dependency for six lines.
 */
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { Contrib, Enums, Models, SPDX, Serialize, Spec, Types } from '@cyclonedx/cyclonedx-library';
import { PackageURL } from 'packageurl-js';
import type { Kind } from '../model/classification.js';
import type { Component, License, Scope } from '../model/component.js';
import type { Inventory } from '../model/inventory.js';
import type { ScannedComponent } from '../model/scanned.js';

/** The CycloneDX version Tureen writes. */
const CYCLONEDX_SPEC = Spec.Spec1dot6;

/**
 * Tureen's kind → CycloneDX 1.6 component type. Everything found in a lockfile or a vendored folder
 * is a `library` (the spec: "all third-party and open source reusable components will likely be a
 * library"), first-party packages included (they are marked by the `tureen:first-party` and
 * `tureen:kind` properties, CycloneDX has no first-party type). The exceptions are the kinds the spec
 * has a type for:
 * - `framework` → `framework`;
 * - `operating-system` → `operating-system`;
 * - `container-image` → `container` (the spec's type for a packaging/runtime format that isolates software);
 * - `ml-model` → `machine-learning-model`;
 * - `driver-bsp` → `device-driver`: the spec defines it as "software that operates or controls a particular
 *   type of device", which is what a vendor HAL, BSP or driver linked into the device software is. `firmware`
 *   ("low-level control over a device's hardware") describes a whole firmware image, and would blur these
 *   items with firmware inside a hardware part that the device software cannot call (not SOUP).
 * `os-package` stays `library`: a distribution package is not the operating system itself (cdxgen and
 * syft type them the same way). `firmware` (declared hardware firmware the software cannot call) → `firmware`.
 * `cloud-service` and `subcontracted-module` stay `library`: CycloneDX models services apart (`services[]`),
 * which the SBOM export of issue 6 may use; as components they are reusable software the device relies on.
 */
export function cdxComponentType(kind: Kind): Enums.ComponentType {
  switch (kind) {
    case 'framework':
      return Enums.ComponentType.Framework;
    case 'operating-system':
      return Enums.ComponentType.OperatingSystem;
    case 'container-image':
      return Enums.ComponentType.Container;
    case 'ml-model':
      return Enums.ComponentType.MachineLearningModel;
    case 'driver-bsp':
      return Enums.ComponentType.DeviceDriver;
    case 'firmware':
      return Enums.ComponentType.Firmware;
    default:
      return Enums.ComponentType.Library;
  }
}

/** Our five-valued scope → CycloneDX's three: does it ship in the device? */
export function cdxScope(scope: Scope): Enums.ComponentScope {
  switch (scope) {
    case 'runtime':
      return Enums.ComponentScope.Required;
    case 'optional':
      return Enums.ComponentScope.Optional;
    default:
      return Enums.ComponentScope.Excluded;
  }
}

const CDX_HASH_ALGS: ReadonlyMap<string, Enums.HashAlgorithm> = new Map(Object.values(Enums.HashAlgorithm).map((a) => [a, a]));

const npmComponentBuilder = new Contrib.FromNodePackageJson.Builders.ComponentBuilder(
  new Contrib.FromNodePackageJson.Factories.ExternalReferenceFactory(),
  new Contrib.License.Factories.LicenseFactory(() => {
    throw new Error('not used: only the name is passed to the builder');
  }),
);

/** purl types whose CycloneDX tooling writes the purl namespace as `group`: Maven (groupId, as the
 * CycloneDX Maven plugin does) and Composer (vendor, as cyclonedx-php-composer does). */
const GROUPED_PURL_TYPES: ReadonlySet<string> = new Set(['maven', 'composer']);

/**
 * CycloneDX `group` and `name`, the way each ecosystem's own CycloneDX tooling writes them:
 * - npm: the library's package.json ComponentBuilder (what cyclonedx-npm uses; cdxgen agrees): a scoped
 *   name `@babel/core` is group `@babel`, name `core`; an unscoped name has no group;
 * - Maven and Composer: the purl namespace (groupId / vendor) is the group, the purl name the name;
 * - everything else keeps the whole name and no group (e.g. a Go module path, as cyclonedx-gomod and
 *   cdxgen write it; a Debian package; a model id).
 */
export function cdxGroupName(c: Pick<Component, 'ecosystem' | 'name' | 'purl'>): { group?: string; name: string } {
  if (c.ecosystem === 'npm') {
    const built = npmComponentBuilder.makeComponent({ name: c.name });
    return built ? { group: built.group, name: built.name } : { name: c.name };
  }
  let purl: PackageURL | undefined;
  try {
    purl = c.purl ? PackageURL.fromString(c.purl) : undefined;
  } catch {
    purl = undefined;
  }
  if (purl && GROUPED_PURL_TYPES.has(purl.type) && purl.namespace && purl.name) return { group: purl.namespace, name: purl.name };
  return { name: c.name };
}

/**
 * Our licences → CycloneDX licence choice. CycloneDX holds EITHER one SPDX expression OR a list of
 * licence objects (id or name). So:
 * - an expression that is a single SPDX id becomes `license.id` (as the CycloneDX npm tooling does);
 * - one compound expression alone becomes `expression`;
 * - a declared name becomes `license.name`;
 * - when a compound expression comes with other licences, it cannot be one of several `expression`s: it is
 *   kept verbatim as a `license.name` so that no declared text is lost (the library would keep only one).
 * All are `acknowledgement: declared`: they come from what the package declares, not from a review.
 * (SPDX ids are checked with the library's set lookup: its string "fixup" helper treats `constructor` or
 * `__proto__` as ids, which would corrupt the document.)
 */
export function cdxLicenses(licenses: readonly License[]): Models.License[] {
  const declared = Enums.LicenseAcknowledgement.Declared;
  const named = (text: string): Models.License => {
    const l = new Models.NamedLicense(text);
    l.acknowledgement = declared;
    return l;
  };
  const texts = licenses.map((l) => ('expression' in l ? { expr: l.expression } : { name: l.name }));
  const compound = texts.filter((t) => t.expr !== undefined && !SPDX.isSupportedSpdxId(t.expr));
  if (texts.length === 1 && compound.length === 1 && compound[0]?.expr) {
    const e = new Models.LicenseExpression(compound[0].expr);
    e.acknowledgement = declared;
    return [e];
  }
  return texts.map((t) => {
    if (t.expr !== undefined) {
      if (SPDX.isSupportedSpdxId(t.expr)) {
        const l = new Models.SpdxLicense(t.expr);
        l.acknowledgement = declared;
        return l;
      }
      return named(t.expr);
    }
    return named(t.name ?? '');
  });
}

function organization(name: string | undefined): Models.OrganizationalEntity | undefined {
  return name && name.trim() ? new Models.OrganizationalEntity({ name }) : undefined;
}

/** "file:line" (or just "file") of every evidence entry, once each, in the inventory's order. */
function evidenceLocations(c: Component): string[] {
  return [...new Set(c.evidence.map((e) => (e.line !== undefined ? `${e.file}:${e.line}` : e.file)))];
}

function componentProperties(c: ScannedComponent, extra: readonly [string, string][]): Models.PropertyRepository {
  const cl = c.classification;
  const props: [string, string][] = [
    ['tureen:soup', String(cl.soup)],
    ...(cl.branch ? [['tureen:branch', cl.branch] as [string, string]] : []),
    ['tureen:kind', cl.kind],
    ['tureen:rule', cl.rule],
    ['tureen:rationale', cl.rationale],
    ['tureen:scope', c.scope],
    ['tureen:direct', String(c.direct)],
    ['tureen:first-party', String(c.firstParty)],
  ];
  if (cl.override) {
    props.push(['tureen:override:reason', cl.override.reason]);
    props.push(['tureen:override:match', cl.override.match]);
    props.push(['tureen:override:file', cl.override.file]);
  }
  for (const loc of evidenceLocations(c)) props.push(['tureen:evidence', loc]);
  if (c.sourceName) props.push(['tureen:source-package', c.sourceName]);
  for (const p of c.properties ?? []) props.push([`tureen:${p.name}`, p.value]);
  props.push(...extra);
  return new Models.PropertyRepository(props.map(([n, v]) => new Models.Property(n, v)));
}

function externalReferences(c: Component): Models.ExternalReferenceRepository {
  const refs = new Models.ExternalReferenceRepository();
  const { type, url, ref } = c.origin;
  if (!url) return refs;
  if (type === 'git') {
    refs.add(new Models.ExternalReference(url, Enums.ExternalReferenceType.VCS, ref ? { comment: `resolved ref ${ref}` } : {}));
  } else if (type === 'tarball') {
    refs.add(new Models.ExternalReference(url, Enums.ExternalReferenceType.Distribution));
  }
  return refs;
}

/** Hands out bom-refs that are unique in the document and never empty (an empty or repeated ref would be
 * replaced by the serializer with a random one, making the output irreproducible). */
export class RefAllocator {
  private readonly used = new Set<string>();
  take(wanted: string): string {
    const base = wanted || 'component';
    let ref = base;
    for (let i = 2; this.used.has(ref); i++) ref = `${base}#${i}`;
    this.used.add(ref);
    return ref;
  }
}

/** The device the SBOM describes: the configured device, else the scanned folder's name. */
function deviceIdentity(inv: Inventory): { name: string; version?: string } {
  const configured = inv.config.device?.name?.trim();
  const name = configured || basename(inv.root.replace(/[\\/]+$/, '')) || 'device';
  const version = inv.config.device?.version?.trim();
  return version ? { name, version } : { name };
}

/** The model of a scan and the handles a writer needs to add to it (the SBOM export of `tureen report`). */
export interface CycloneDxBuild {
  bom: Models.Bom;
  /** the allocator that gave every bom-ref: further refs (vulnerabilities, extra components) must come from it */
  refs: RefAllocator;
  /** each scanned component (by identity) → its model */
  byComponent: Map<ScannedComponent, Models.Component>;
  /** the device root (metadata.component) */
  root: Models.Component;
}

/** The CycloneDX model of a scan (without serial number); see the mapping notes on each helper. */
export function toCycloneDxBom(inv: Inventory): Models.Bom {
  return buildCycloneDx(inv).bom;
}

/** toCycloneDxBom, with the handles to extend the document. */
export function buildCycloneDx(inv: Inventory): CycloneDxBuild {
  const bom = new Models.Bom();
  const md = bom.metadata;
  const ts = new Date(inv.timestamp);
  if (!Number.isNaN(ts.getTime())) md.timestamp = ts;
  // pre-build: read from lockfiles and manifests, before (and without) a build
  md.lifecycles.add(Enums.LifecyclePhase.PreBuild);
  md.tools.components.add(
    new Models.Component(Enums.ComponentType.Application, inv.tool.name || 'tureen', { version: inv.tool.version || undefined }),
  );
  const manufacturer = inv.config.device?.manufacturer;
  md.supplier = organization(manufacturer);

  const refs = new RefAllocator();
  const byKey = new Map<string, Models.Component>();
  const built: [ScannedComponent, Models.Component][] = [];
  for (const c of inv.components) {
    const extra: [string, string][] = [];
    const hashes = new Models.HashDictionary();
    for (const h of c.hashes) {
      // CycloneDX holds one value per algorithm; a second, different value (or one the spec cannot hold)
      // is kept as a property rather than dropped.
      const alg = CDX_HASH_ALGS.get(h.alg);
      if (alg && !hashes.has(alg) && CYCLONEDX_SPEC.supportsHashAlgorithm(alg) && CYCLONEDX_SPEC.supportsHashValue(h.content)) {
        hashes.set(alg, h.content);
      } else if (!alg || hashes.get(alg) !== h.content) extra.push(['tureen:hash', `${h.alg}:${h.content}`]);
    }
    let cpe: string | undefined;
    if (c.cpe !== undefined) {
      if (Types.isCPE(c.cpe)) cpe = c.cpe;
      else extra.push(['tureen:cpe', c.cpe]);
    }
    const { group, name } = cdxGroupName(c);
    const model = new Models.Component(cdxComponentType(c.classification.kind), name, {
      bomRef: refs.take(c.key || c.purl || `${c.ecosystem}:${c.name}@${c.version}`),
      group,
      version: c.version || undefined,
      purl: c.purl || undefined,
      cpe,
      scope: cdxScope(c.scope),
      supplier: organization(c.supplier) ?? (c.firstParty ? organization(manufacturer) : undefined),
      licenses: new Models.LicenseRepository(cdxLicenses(c.licenses)),
      hashes,
      externalReferences: externalReferences(c),
      properties: componentProperties(c, extra),
    });
    bom.components.add(model);
    if (!byKey.has(c.key)) byKey.set(c.key, model);
    built.push([c, model]);
  }

  const dependedOn = new Set<string>();
  for (const [c, model] of built) {
    for (const dep of c.dependencies) {
      const target = byKey.get(dep);
      if (!target || target === model) continue;
      model.dependencies.add(target.bomRef);
      dependedOn.add(dep);
    }
  }

  const device = deviceIdentity(inv);
  const root = new Models.Component(Enums.ComponentType.Application, device.name, {
    bomRef: refs.take(`device:${device.name}${device.version ? `@${device.version}` : ''}`),
    version: device.version,
    supplier: organization(manufacturer),
  });
  for (const [c, model] of built) {
    const firstPartyRoot = c.firstParty && !dependedOn.has(c.key);
    if (c.direct || firstPartyRoot) root.dependencies.add(model.bomRef);
  }
  md.component = root;
  return { bom, refs, byComponent: new Map(built), root };
}

const serializer = new Serialize.JsonSerializer(new Serialize.JSON.Normalize.Factory(CYCLONEDX_SPEC));

/** An RFC 9562 name-based (SHA-1, version 5) UUID: the same name always gives the same UUID. */
export function uuidV5(namespace: string, name: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const b = createHash('sha1').update(ns).update(name, 'utf8').digest().subarray(0, 16);
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x50;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Namespace of Tureen's serial numbers (a fixed random UUID). */
const SERIAL_NAMESPACE = '3d0c8f4e-7a51-4c2b-9f63-1b8e2d7c5a90';

/** Serializer options of every Tureen CycloneDX document: the model's order (already deterministic), indented. */
export const CDX_SERIALIZE_OPTIONS = { sortLists: false, space: 2 } as const;

/**
 * Give the BOM its serial number: a UUID derived from its JSON text without one, so the same content always gets
 * the same serial number and different content (another scan time, another report date) another.
 */
export function stampSerialNumber(bom: Models.Bom): void {
  bom.serialNumber = undefined;
  bom.serialNumber = `urn:uuid:${uuidV5(SERIAL_NAMESPACE, serializer.serialize(bom, CDX_SERIALIZE_OPTIONS))}`;
}

/**
 * The CycloneDX 1.6 JSON document of a scan, pretty-printed. Reproducible: the same inventory gives the
 * same bytes; the serial number is a UUID derived from the document's content (which includes the scan
 * timestamp), so every scan gets its own.
 */
export function toCycloneDxJson(inv: Inventory): string {
  const bom = toCycloneDxBom(inv);
  stampSerialNumber(bom);
  return `${serializer.serialize(bom, CDX_SERIALIZE_OPTIONS)}\n`;
}
