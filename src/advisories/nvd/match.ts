import { malformed } from '../../model/errors.js';
import { attributeMatches, CPE_ATTRIBUTES, parseCpe, type Cpe } from './cpe.js';
import type { NvdCpeMatch, NvdCve, NvdNode } from './schema.js';

/**
 * Does an NVD CVE affect a component identified by a CPE? NVD states it in `configurations`: each configuration
 * holds nodes of cpeMatch criteria (a CPE match string, maybe with a version range) joined by AND/OR, possibly
 * negated; a configuration with AND joins the vulnerable software with the platform it must run on or with
 * ("running on/with"). The CVE affects the component when some configuration holds and the component is one of the
 * configuration's vulnerable matches.
 */

/** A total order of two versions of the component's ecosystem: negative, 0, positive. May throw on a version it cannot read. */
export type VersionCompare = (a: string, b: string) => number;

export interface CpeMatchHit {
  /** the criteria that matched the component */
  criteria: string;
  matchCriteriaId?: string;
  versionStartIncluding?: string;
  versionStartExcluding?: string;
  versionEndIncluding?: string;
  versionEndExcluding?: string;
  /** index of the configuration in `cve.configurations` */
  configuration: number;
  /**
   * Platform criteria the verdict depends on but that could not be checked (no platforms given): in a "running
   * on/with" configuration the CVE applies only if the component runs on or with one of them; under a negated
   * node, only if it does not.
   */
  unchecked?: string[];
  /** Why the match is not certain (the component has no version, or the comparator could not order it). */
  uncertain?: string;
}

export interface CpeAffects {
  affected: boolean;
  /** versionEndExcluding of the match: the first version outside the affected range (not given for an uncertain match) */
  fixed?: string;
  match?: CpeMatchHit;
}

export interface CpeAffectsOptions {
  /**
   * CPEs of what the component runs on or with (the device's OS, hardware, runtime). When given, the platform
   * half of a "running on/with" configuration is checked against them; when absent it is assumed to hold and the
   * hit names it in `unchecked`.
   */
  platforms?: readonly string[];
}

type Tri = boolean | 'unknown';
const not = (v: Tri): Tri => (v === 'unknown' ? v : !v);
function all(vs: Tri[]): Tri {
  if (vs.some((v) => v === false)) return false;
  return vs.some((v) => v === 'unknown') ? 'unknown' : true;
}
function any(vs: Tri[]): Tri {
  if (vs.some((v) => v === true)) return true;
  return vs.some((v) => v === 'unknown') ? 'unknown' : false;
}

/** The component's version against a criteria: the criteria's own version, else the range bounds. */
function versionMatches(m: NvdCpeMatch, crit: Cpe, comp: Cpe, compare: VersionCompare): { ok: boolean; uncertain?: string } {
  const cv = comp.attrs.version;
  const sv = crit.attrs.version;
  const bounded = m.versionStartIncluding !== undefined || m.versionStartExcluding !== undefined || m.versionEndIncluding !== undefined || m.versionEndExcluding !== undefined;
  if (!bounded) {
    if (sv.kind !== 'value' || cv.kind !== 'value' || sv.pattern || cv.pattern) return { ok: attributeMatches(sv, cv), ...(cv.kind === 'any' && sv.kind === 'value' ? { uncertain: 'the component’s CPE has no version' } : {}) };
    if (sv.text === cv.text) return { ok: true };
    try {
      return { ok: compare(cv.text, sv.text) === 0 };
    } catch {
      return { ok: false };
    }
  }
  // a range: the criteria's version attribute is "*" in NVD's data; a concrete one must match as well
  if (sv.kind !== 'any' && !attributeMatches(sv, cv)) return { ok: false };
  if (cv.kind !== 'value' || cv.pattern) return { ok: true, uncertain: 'the component’s CPE has no version' };
  const v = cv.text;
  try {
    const ok =
      (m.versionStartIncluding === undefined || compare(v, m.versionStartIncluding) >= 0) &&
      (m.versionStartExcluding === undefined || compare(v, m.versionStartExcluding) > 0) &&
      (m.versionEndIncluding === undefined || compare(v, m.versionEndIncluding) <= 0) &&
      (m.versionEndExcluding === undefined || compare(v, m.versionEndExcluding) < 0);
    return { ok };
  } catch (e) {
    // when in doubt, the advisory applies: a version the comparator cannot order is inside the range
    return { ok: true, uncertain: `the version ${v} could not be compared with the range (${(e as Error).message})` };
  }
}

/** Does a cpeMatch cover this CPE (every attribute, the version by value or range)? */
function covers(m: NvdCpeMatch, cpe: Cpe, compare: VersionCompare): { ok: boolean; uncertain?: string } {
  const crit = parseCpe(m.criteria);
  if (!crit) return { ok: false };
  for (const a of CPE_ATTRIBUTES) {
    if (a === 'version') continue;
    if (!attributeMatches(crit.attrs[a], cpe.attrs[a])) return { ok: false };
  }
  return versionMatches(m, crit, cpe, compare);
}

interface Evaluation {
  hits: Omit<CpeMatchHit, 'configuration' | 'unchecked'>[];
  unknownPlatforms: string[];
}

function evalNode(node: NvdNode, comp: Cpe, platforms: Cpe[] | undefined, compare: VersionCompare, ev: Evaluation): Tri {
  const values = node.cpeMatch.map((m): Tri => {
    if (m.vulnerable) {
      const r = covers(m, comp, compare);
      if (r.ok) {
        ev.hits.push({
          criteria: m.criteria,
          ...(m.matchCriteriaId !== undefined ? { matchCriteriaId: m.matchCriteriaId } : {}),
          ...(m.versionStartIncluding !== undefined ? { versionStartIncluding: m.versionStartIncluding } : {}),
          ...(m.versionStartExcluding !== undefined ? { versionStartExcluding: m.versionStartExcluding } : {}),
          ...(m.versionEndIncluding !== undefined ? { versionEndIncluding: m.versionEndIncluding } : {}),
          ...(m.versionEndExcluding !== undefined ? { versionEndExcluding: m.versionEndExcluding } : {}),
          ...(r.uncertain ? { uncertain: r.uncertain } : {}),
        });
        return true;
      }
      // another vulnerable product: present only if it is one of the platforms
      return platforms ? platforms.some((p) => covers(m, p, compare).ok) : false;
    }
    // a platform ("running on/with"): the component itself, or one of the platforms given, or not known
    if (covers(m, comp, compare).ok) return true;
    if (!platforms) {
      ev.unknownPlatforms.push(m.criteria);
      return 'unknown';
    }
    return platforms.some((p) => covers(m, p, compare).ok);
  });
  const v = node.operator === 'AND' ? all(values) : any(values);
  return node.negate ? not(v) : v;
}

/**
 * Evaluate `cve.configurations` for the component `cpe23` (a CPE 2.3 formatted string with its exact version),
 * ordering versions with `compare` (the component ecosystem's order). Affected when a configuration holds (or
 * may hold: an unchecked platform) and one of its vulnerable criteria covers the component; the first such match
 * is returned, a certain one before an uncertain one. A CVE without configurations (not yet analysed by NVD)
 * affects nothing here. Throws TureenError input.malformed when `cpe23` is not a CPE 2.3 name.
 */
export function cpeAffects(cpe23: string, cve: NvdCve, compare: VersionCompare, opts: CpeAffectsOptions = {}): CpeAffects {
  const comp = parseCpe(cpe23);
  if (!comp) throw malformed(cpe23, 'not a CPE 2.3 name (cpe:2.3:part:vendor:product:version:…, 13 fields)', undefined, 'Write the component’s CPE in the CPE 2.3 formatted-string form, e.g. cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*.');
  let platforms: Cpe[] | undefined;
  if (opts.platforms) {
    platforms = [];
    for (const p of opts.platforms) {
      const parsed = parseCpe(p);
      if (!parsed) throw malformed(p, 'not a CPE 2.3 name (a platform)', undefined, 'Write each platform in the CPE 2.3 formatted-string form.');
      platforms.push(parsed);
    }
  }
  const direct = affectsParsed(comp, cve, compare, platforms);
  if (direct.affected) return direct;
  // NVD writes a pre-release as version and update ("2.0" + "beta9"); a component that says "2.0-beta9" is tried that way too
  const split = splitUpdate(comp);
  return split ? affectsParsed(split, cve, compare, platforms) : direct;
}

/** "2.0-beta9" with no update given → version "2.0", update "beta9", as NVD's dictionary splits pre-releases. */
export function splitUpdate(comp: Cpe): Cpe | undefined {
  const v = comp.attrs.version;
  if (comp.attrs.update.kind !== 'any' || v.kind !== 'value' || v.pattern) return undefined;
  const m = /^(\d[\w.]*?)[-_]((?:alpha|beta|rc|pre|preview|milestone|m|cr|update|u|sp|patch|p)\.?\d+)$/i.exec(v.text);
  if (!m) return undefined;
  return { ...comp, attrs: { ...comp.attrs, version: { kind: 'value', text: m[1]! }, update: { kind: 'value', text: m[2]!.replace('.', '').toLowerCase() } } };
}

function affectsParsed(comp: Cpe, cve: NvdCve, compare: VersionCompare, platforms: Cpe[] | undefined): CpeAffects {
  let best: CpeMatchHit | undefined;
  (cve.configurations ?? []).forEach((conf, index) => {
    const ev: Evaluation = { hits: [], unknownPlatforms: [] };
    const values = conf.nodes.map((n) => evalNode(n, comp, platforms, compare, ev));
    let v = conf.operator === 'AND' ? all(values) : any(values);
    if (conf.negate) v = not(v);
    if (v === false || ev.hits.length === 0) return;
    const hit = ev.hits.find((h) => !h.uncertain) ?? ev.hits[0]!;
    const candidate: CpeMatchHit = { ...hit, configuration: index, ...(v === 'unknown' && ev.unknownPlatforms.length ? { unchecked: [...new Set(ev.unknownPlatforms)] } : {}) };
    // prefer a certain match, then one without platform conditions
    const rank = (h: CpeMatchHit) => (h.uncertain ? 2 : 0) + (h.unchecked ? 1 : 0);
    if (!best || rank(candidate) < rank(best)) best = candidate;
  });
  if (!best) return { affected: false };
  const hit: CpeMatchHit = best;
  // an uncertain hit's range may not be the component's: its end is no fix to recommend
  return { affected: true, ...(hit.versionEndExcluding !== undefined && !hit.uncertain ? { fixed: hit.versionEndExcluding } : {}), match: hit };
}
