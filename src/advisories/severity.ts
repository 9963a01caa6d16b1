/** Severity words as Tureen reports them (CVSS qualitative ratings, plus "unknown" when an advisory states none). */
export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'none' | 'unknown';
export const SEVERITY_ORDER: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'none', 'unknown'];

/** `--fail-on` thresholds of `tureen vulns`. */
export const FAIL_ON_SEVERITIES = ['critical', 'high', 'medium', 'low', 'none'] as const;
export type FailOn = (typeof FAIL_ON_SEVERITIES)[number];
