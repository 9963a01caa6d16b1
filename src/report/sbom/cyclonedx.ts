import { Enums, Models, Serialize, Spec, Types } from '@cyclonedx/cyclonedx-library';
import parseSpdx from 'spdx-expression-parse';
import { parseCvss, type CvssVersion } from '../../advisories/cvss/index.js';
import type { License } from '../../model/component.js';
import { TureenError } from '../../model/errors.js';
import {
  buildCycloneDx, CDX_SERIALIZE_OPTIONS, cdxComponentType, cdxGroupName, cdxLicenses, stampSerialNumber, type RefAllocator,
} from '../cyclonedx.js';
import type { ReportData, ReportItem } from '../data.js';
import {
  currentEntries, decidedBranch, decidedKind, mapStrings, reportTimestamp, vulnerabilitySource, xmlSafe, type VulnerabilityEntry,
} from './common.js';

/**
 * The device's SBOM as CycloneDX 1.6, JSON or XML, from the report data: every component of the scan (SOUP or
 * not) with purl, CPE, licences, hashes, supplier, scope and the dependency graph — the scan's writer
 * (../cyclonedx.ts) — plus, for each SOUP item, what its record says: the FDA fields (level of support, end of
 * support), safety class, SOUP branch and kind, security category, the record file, as `tureen:` properties (listed
 * in ./README.md), and its vulnerability assessments of the version shipped as CycloneDX VEX (`vulnerabilities[]`
 * with `analysis` and `affects`). The library's serializers write both formats; the document's time is the report
 * date, so the same register and date give the same bytes.
 */

export type CycloneDxFormat = 'json' | 'xml';

/** The spec the scan writer uses. */
const SPEC = Spec.Spec1dot6;
const jsonSerializer = new Serialize.JsonSerializer(new Serialize.JSON.Normalize.Factory(SPEC));
const xmlSerializer = new Serialize.XmlSerializer(new Serialize.XML.Normalize.Factory(SPEC));

type Prop = [string, string];

/** A licence text from a record: an SPDX expression when it parses as one, else the declared name as written. */
function recordLicense(text: string | undefined): License[] {
  const t = text?.trim();
  if (!t) return [];
  try {
    parseSpdx(t);
    return [{ expression: t }];
  } catch {
    return [{ name: t }];
  }
}

/** What a SOUP record adds to its component (README.md lists each property). */
function recordProperties(item: ReportItem): Prop[] {
  const r = item.record;
  const props: Prop[] = [['tureen:record', item.file]];
  if (r.safetyClass) props.push(['tureen:safety-class', r.safetyClass]);
  const branch = decidedBranch(r);
  if (branch) props.push(['tureen:soup:branch', branch]);
  props.push(['tureen:soup:kind', decidedKind(r)]);
  if (r.support?.level) props.push(['tureen:support:level', r.support.level]);
  if (r.support?.endOfSupport) props.push(['tureen:support:end-of-support', r.support.endOfSupport]);
  if (r.monitoring?.endOfSupport) props.push(['tureen:monitoring:end-of-support', r.monitoring.endOfSupport]);
  if (r.securityCategory) props.push(['tureen:security-category', r.securityCategory]);
  for (const h of r.hazards ?? []) props.push(['tureen:hazard', h]);
  props.push(['tureen:record:complete', String(item.complete)]);
  props.push(['tureen:record:approved', String(item.approved)]);
  props.push(['tureen:review:vulnerabilities', item.vulnerabilities.text]);
  props.push(['tureen:review:anomalies', item.anomalies.text]);
  return props;
}

const addProps = (c: Models.Component, props: readonly Prop[]) => {
  for (const [n, v] of props) c.properties.add(new Models.Property(n, v));
};

/** A SOUP item the scan did not find (its record is all there is): a component from the record's identification. */
function componentFromRecord(item: ReportItem, refs: RefAllocator): Models.Component {
  const id = item.record.identification;
  const kind = decidedKind(item.record);
  const { group, name } = cdxGroupName(id);
  return new Models.Component(cdxComponentType(kind), name, {
    bomRef: refs.take(id.purl || `${item.record.id}@${id.version}`),
    group,
    version: id.version || undefined,
    purl: id.purl || undefined,
    cpe: id.cpe !== undefined && Types.isCPE(id.cpe) ? id.cpe : undefined,
    scope: Enums.ComponentScope.Required,
    supplier: id.supplier?.trim() ? new Models.OrganizationalEntity({ name: id.supplier }) : undefined,
    licenses: new Models.LicenseRepository(cdxLicenses(recordLicense(id.license))),
    properties: new Models.PropertyRepository([
      ['tureen:soup', 'true'], ['tureen:kind', kind], ['tureen:in-scan', 'false'],
    ].map(([n, v]) => new Models.Property(n ?? '', v ?? ''))),
  });
}

const RATING_METHOD: Record<CvssVersion, Enums.Vulnerability.RatingMethod> = {
  '2.0': Enums.Vulnerability.RatingMethod.CVSSv2,
  '3.0': Enums.Vulnerability.RatingMethod.CVSSv3,
  '3.1': Enums.Vulnerability.RatingMethod.CVSSv31,
  '4.0': Enums.Vulnerability.RatingMethod.CVSSv4,
};
const SEVERITIES: ReadonlySet<string> = new Set(Object.values(Enums.Vulnerability.Severity));
const JUSTIFICATIONS: ReadonlySet<string> = new Set(Object.values(Enums.Vulnerability.AnalysisJustification));
const RESPONSES: ReadonlySet<string> = new Set(Object.values(Enums.Vulnerability.AnalysisResponse));

/** What the shipped version is, for `affects[].versions`, by analysis state. */
function affectStatus(state: VulnerabilityEntry['state']): Enums.Vulnerability.AffectStatus {
  switch (state) {
    case 'exploitable':
      return Enums.Vulnerability.AffectStatus.Affected;
    case 'in_triage':
      return Enums.Vulnerability.AffectStatus.Unknown;
    default:
      // not_affected, false_positive, resolved: the version shipped is not (or no longer) vulnerable
      return Enums.Vulnerability.AffectStatus.Unaffected;
  }
}

/** One assessed vulnerability of one component, as a CycloneDX VEX entry. */
function vulnerability(e: VulnerabilityEntry, item: ReportItem, target: Models.Component, refs: RefAllocator): Models.Vulnerability.Vulnerability {
  const V = Models.Vulnerability;
  const src = vulnerabilitySource(e.id);
  const ratings = new V.RatingRepository();
  const cvss = e.cvss !== undefined ? parseCvss(e.cvss) : undefined;
  if (cvss) {
    ratings.add(new V.Rating({ method: RATING_METHOD[cvss.version], score: cvss.baseScore, severity: cvss.severity as Enums.Vulnerability.Severity, vector: cvss.vector }));
  } else if (e.severity && SEVERITIES.has(e.severity)) {
    ratings.add(new V.Rating({ severity: e.severity as Enums.Vulnerability.Severity }));
  }
  const references = new V.ReferenceRepository();
  for (const alias of new Set(e.aliases ?? [])) {
    if (alias && alias !== e.id) references.add(new V.Reference(alias, new V.Source(vulnerabilitySource(alias))));
  }
  const props: Prop[] = [['tureen:record', item.file]];
  // what the CycloneDX vocabulary cannot hold is kept, not dropped
  if (e.justification !== undefined && !JUSTIFICATIONS.has(e.justification)) props.push(['tureen:justification', e.justification]);
  for (const r of e.response ?? []) if (!RESPONSES.has(r)) props.push(['tureen:response', r]);
  if (e.cvss !== undefined && !cvss) props.push(['tureen:cvss', e.cvss]);
  if (e.reviewer) props.push(['tureen:assessment:reviewer', e.reviewer]);
  if (e.date) props.push(['tureen:assessment:date', e.date]);
  if (e.source) props.push(['tureen:assessment:source', e.source]);
  if (e.kev) props.push(['tureen:kev', 'true']);

  const versions = new V.AffectedVersionRepository();
  const version = item.record.identification.version;
  if (version) versions.add(new V.AffectedSingleVersion(version, { status: affectStatus(e.state) }));
  for (const fixed of new Set(e.fixedIn ?? [])) {
    if (fixed && fixed !== version) versions.add(new V.AffectedSingleVersion(fixed, { status: Enums.Vulnerability.AffectStatus.Unaffected }));
  }
  const analysis = new V.Analysis({
    state: e.state as Enums.Vulnerability.AnalysisState,
    justification: e.justification !== undefined && JUSTIFICATIONS.has(e.justification) ? (e.justification as Enums.Vulnerability.AnalysisJustification) : undefined,
    response: new Enums.Vulnerability.AnalysisResponseRepository((e.response ?? []).filter((r) => RESPONSES.has(r)) as Enums.Vulnerability.AnalysisResponse[]),
    detail: e.detail || undefined,
  });
  return new V.Vulnerability({
    bomRef: refs.take(`vulnerability:${e.id}:${target.bomRef.value ?? ''}`),
    id: e.id,
    source: new V.Source(src),
    references,
    ratings,
    description: e.summary || undefined,
    recommendation: e.mitigation || undefined,
    analysis,
    affects: new V.AffectRepository([new V.Affect(target.bomRef, { versions })]),
    properties: new Models.PropertyRepository(props.map(([n, v]) => new Models.Property(n, v))),
  });
}

/** The report's BOM (without serial number): the scan's BOM with the register's records and assessments added. */
export function buildReportBom(data: ReportData): Models.Bom {
  const { bom, refs, byComponent, root } = buildCycloneDx(data.inventory);
  const md = bom.metadata;
  md.timestamp = new Date(reportTimestamp(data));
  for (const [n, v] of [
    ['tureen:document:id', data.document.id],
    ['tureen:document:revision', data.document.revision],
    ['tureen:document:title', data.document.title],
  ] as const) md.properties.add(new Models.Property(n, v));

  const byPurl = new Map<string, Models.Component[]>();
  for (const [c, model] of byComponent) if (c.purl) byPurl.set(c.purl, [...(byPurl.get(c.purl) ?? []), model]);

  for (const item of data.items) {
    let model = item.component ? byComponent.get(item.component) : undefined;
    if (!model) {
      model = componentFromRecord(item, refs);
      bom.components.add(model);
      root.dependencies.add(model.bomRef);
    } else {
      fillFromRecord(model, item);
    }
    addProps(model, recordProperties(item));
    for (const m of item.record.members ?? []) {
      for (const member of byPurl.get(m.purl) ?? []) {
        if (member === model) continue;
        addProps(member, [['tureen:record:member-of', item.file], ...(item.record.safetyClass ? [['tureen:safety-class', item.record.safetyClass] as Prop] : [])]);
      }
    }
    const seen = new Set<string>();
    for (const e of currentEntries(item)) {
      if (seen.has(e.id)) continue; // one entry per vulnerability and component
      seen.add(e.id);
      bom.vulnerabilities.add(vulnerability(e, item, model, refs));
    }
  }
  return bom;
}

/** The scan may not know what registry metadata put in the record (supplier, licence): the record fills the gap. */
function fillFromRecord(model: Models.Component, item: ReportItem): void {
  const id = item.record.identification;
  if (!model.supplier && id.supplier?.trim()) model.supplier = new Models.OrganizationalEntity({ name: id.supplier });
  if (model.licenses.size === 0) for (const l of cdxLicenses(recordLicense(id.license))) model.licenses.add(l);
}

/**
 * The CycloneDX 1.6 document of the report, as JSON or XML text. XML 1.0 cannot carry some characters at all (NUL,
 * most C0 controls, unpaired surrogates): in XML they become U+FFFD; JSON escapes them and keeps them. Both formats
 * of one register carry the same serial number.
 */
export function renderCycloneDx(data: ReportData, format: CycloneDxFormat): string {
  const bom = buildReportBom(data);
  stampSerialNumber(bom);
  if (format === 'json') return `${jsonSerializer.serialize(bom, CDX_SERIALIZE_OPTIONS)}\n`;
  const xmlBom = buildReportBom(mapStrings(data, xmlSafe));
  xmlBom.serialNumber = bom.serialNumber;
  try {
    return `${xmlSerializer.serialize(xmlBom, CDX_SERIALIZE_OPTIONS)}\n`;
  } catch (e) {
    // the library writes XML with xmlbuilder2, an optional package of its own
    if (e instanceof Serialize.MissingOptionalDependencyError) {
      throw new TureenError({ code: 'output.write', message: 'cannot write CycloneDX XML: the xmlbuilder2 package is not installed', fix: 'Install xmlbuilder2 next to Tureen (npm install xmlbuilder2), or write CycloneDX JSON.', cause: e });
    }
    throw e;
  }
}
