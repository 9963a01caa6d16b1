import picomatch from 'picomatch';
import type { Component } from '../model/component.js';
import type { OverrideRule } from '../model/config.js';

/** A compiled override: the rule and a predicate over components. */
export interface CompiledOverride {
  rule: OverrideRule;
  test(c: Component): boolean;
}

/**
 * `match` is a purl prefix (`pkg:npm/react@18`), or a package-name glob (`@vitejs/*`, `chart.js`);
 * `ecosystem`, `version`, `scope` and `file` (a glob over the evidence files) narrow it. All given
 * conditions must hold.
 */
export function compileOverride(rule: OverrideRule): CompiledOverride {
  const byPurl = rule.match.startsWith('pkg:');
  const nameMatch = byPurl ? undefined : picomatch(rule.match, { dot: true, nocase: false });
  const fileMatch = rule.file ? picomatch(rule.file, { dot: true }) : undefined;
  return {
    rule,
    test(c) {
      if (rule.ecosystem && rule.ecosystem !== c.ecosystem) return false;
      if (rule.version && rule.version !== c.version) return false;
      if (rule.scope && rule.scope !== c.scope) return false;
      if (byPurl ? !c.purl.startsWith(rule.match) : !nameMatch?.(c.name)) return false;
      if (fileMatch && !c.evidence.some((e) => fileMatch(e.file))) return false;
      return true;
    },
  };
}
