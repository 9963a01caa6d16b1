import type { ScannedComponent } from '../model/scanned.js';
import type { PackageMetadata } from '../registry/types.js';
import type { SafetyClass, SoupRecord } from '../model/record.js';
import { licenseText } from '../util/license.js';
import { mergePrerequisites } from '../model/prerequisites.js';

/** The most evidence entries a record keeps (the scan's JSON output has them all). */
const MAX_EVIDENCE = 20;

/** The stable id of a record: ecosystem and name (a version change is the same record, with history). */
export function recordId(c: Pick<ScannedComponent, 'ecosystem' | 'name'>): string {
  return `${c.ecosystem}/${c.name}`;
}

/**
 * `identification`: machine-owned, rewritten from every scan. What the scan found comes first; the registry's public
 * metadata (when sync could fetch it) fills what the lockfile lacks: supplier, licence, source, release date,
 * deprecation.
 */
export function identificationOf(c: ScannedComponent, meta?: PackageMetadata): SoupRecord['identification'] {
  const scanned = c.licenses.map(licenseText);
  const license = scanned.length ? scanned : meta?.license ? [meta.license] : [];
  const sourceUrl = (c.origin.type === 'git' || c.origin.type === 'tarball' || c.origin.type === 'declared' ? c.origin.url : undefined) ?? meta?.sourceUrl;
  const supplier = c.supplier ?? meta?.supplier;
  const used = meta && (!c.supplier && meta.supplier || !scanned.length && meta.license || meta.sourceUrl || meta.releaseDate || meta.deprecated || meta.yanked || meta.homepage);
  return {
    name: c.name,
    version: c.version,
    ecosystem: c.ecosystem,
    purl: c.purl,
    ...(c.cpe ? { cpe: c.cpe } : {}),
    ...(c.sourceName && c.sourceName !== c.name ? { sourceName: c.sourceName } : {}),
    ...(supplier ? { supplier } : {}),
    ...(license.length ? { license: license.length === 1 ? license[0]! : license.map((l) => `(${l})`).join(' AND ') } : {}),
    ...(sourceUrl ? { sourceUrl } : {}),
    ...(meta?.homepage ? { homepage: meta.homepage } : {}),
    ...(meta?.releaseDate ? { releaseDate: meta.releaseDate } : {}),
    ...(meta?.deprecated ? { deprecated: meta.deprecated } : {}),
    ...(meta?.yanked ? { yanked: true } : {}),
    // the registry only (not when it was asked): a weekly refetch of the same answer must not rewrite the record
    ...(used ? { metadataFrom: meta.registry } : {}),
  };
}

/**
 * What an earlier sync learnt from the registry, read back from the record's identification — for a run that has no
 * answer of its own for the same version (offline without a cache, the registry down), so the record keeps its
 * supplier, source and release date instead of losing them until the next online run.
 */
export function metadataKeptIn(id: SoupRecord['identification']): PackageMetadata | undefined {
  if (!id.metadataFrom) return undefined;
  return {
    registry: id.metadataFrom, fetchedAt: '',
    ...(id.supplier ? { supplier: id.supplier } : {}),
    ...(id.license ? { license: id.license } : {}),
    ...(id.sourceUrl ? { sourceUrl: id.sourceUrl } : {}),
    ...(id.homepage ? { homepage: id.homepage } : {}),
    ...(id.releaseDate ? { releaseDate: id.releaseDate } : {}),
    ...(id.deprecated ? { deprecated: id.deprecated } : {}),
    ...(id.yanked ? { yanked: true } : {}),
  };
}

export function evidenceOf(c: ScannedComponent): SoupRecord['evidence'] {
  return c.evidence.slice(0, MAX_EVIDENCE).map((e) => ({ file: e.file, ...(e.line !== undefined ? { line: e.line } : {}), source: e.source }));
}

/** The rule's part of `classification` (machine-owned; a person's `override` sits beside it). */
export function ruleClassificationOf(c: ScannedComponent): Omit<SoupRecord['classification'], 'override'> {
  const cl = c.classification;
  return { soup: cl.soup, branch: cl.branch, kind: cl.kind, scope: c.scope, rule: cl.rule, rationale: cl.rationale };
}

export interface DraftDefaults {
  /** Software safety class a new record starts with (config default, per kind first). */
  safetyClass?: SafetyClass;
  /** The surveillance plan a new record starts with (frequency as an ISO 8601 duration, owner, method). */
  surveillance?: { frequency?: string; owner?: string; method?: string };
}

/**
 * A new record for an item: everything that can be known from the scan and the registry (prerequisites included),
 * plus the config's defaults for its kind. The
 * sections a person must write (requirements, reviews, verification …) are left out, so `check` lists them.
 */
export function draftRecord(c: ScannedComponent, today: string, defaults: DraftDefaults = {}, meta?: PackageMetadata): SoupRecord {
  // a prefill from the lockfile and the registry (engines, os, cpu, requires-python …): the person confirms or
  // replaces it with what the device verifies the item on; later syncs never touch it
  const prerequisites = mergePrerequisites(c.properties, meta?.prerequisites);
  return {
    id: recordId(c),
    identification: identificationOf(c, meta),
    evidence: evidenceOf(c),
    classification: ruleClassificationOf(c),
    ...(defaults.safetyClass ? { safetyClass: defaults.safetyClass } : {}),
    ...(prerequisites ? { prerequisites } : {}),
    ...(defaults.surveillance && Object.keys(defaults.surveillance).length ? { surveillance: { ...defaults.surveillance } } : {}),
    history: [{ date: today, event: 'created', to: c.version }],
    status: 'active',
  };
}
