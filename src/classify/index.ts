import type { Component } from '../model/component.js';
import type { Classification } from '../model/classification.js';
import type { Config } from '../model/config.js';
import type { ScannedComponent } from '../model/scanned.js';
import { compileOverride } from './overrides.js';
import { defaultClassification } from './rules.js';

export { defaultClassification } from './rules.js';
export { isCloudSdk } from './cloud-sdks.js';

/**
 * Decide for every component whether it is SOUP, under which branch, of which kind, by which rule and why.
 * The first override in the config that matches a component replaces the default decision; the default's
 * rationale stays visible in the override's rationale so a reviewer sees both.
 */
export function classify(components: readonly Component[], config: Config, configFile = 'tureen.config.yaml'): ScannedComponent[] {
  const overrides = (config.overrides ?? []).map(compileOverride);
  return components.map((c) => {
    const base = defaultClassification(c);
    const o = overrides.find((x) => x.test(c));
    if (!o) return { ...c, classification: base };
    const r = o.rule;
    const soup = r.soup;
    const kind = r.kind ?? (soup ? (base.soup ? base.kind : 'library') : base.soup ? 'tool' : base.kind);
    const branch = soup ? (r.branch ?? (base.soup ? base.branch : 'off-the-shelf')) : null;
    const classification: Classification = {
      soup,
      branch,
      kind,
      rule: 'config.override',
      rationale: `${r.reason} (override in ${configFile}, match "${r.match}"; without it: ${base.soup ? 'SOUP' : 'not SOUP'} by rule ${base.rule})`,
      override: { match: r.match, reason: r.reason, file: configFile },
    };
    return { ...c, classification };
  });
}
