import { SEVERITY_ORDER, type FailOn, type Severity } from '../advisories/severity.js';
import type { ReportedComponent, ReportedFinding } from './vulnerabilities.js';

/** Assessed: the record states a decision other than "in triage". */
export function isAssessed(f: ReportedFinding): boolean {
  return !!f.assessment && f.assessment.state !== 'in_triage';
}

/**
 * The findings that fail the run: unassessed and at or above `failOn`. A finding whose severity is unknown counts
 * as high: not knowing how bad it is is no reason to let it pass.
 */
export function failing(components: readonly ReportedComponent[], failOn: FailOn): ReportedFinding[] {
  const limit = SEVERITY_ORDER.indexOf(failOn as Severity);
  return components.flatMap((c) => c.findings).filter((f) => {
    if (isAssessed(f)) return false;
    const s = f.severity === 'unknown' ? 'high' : f.severity;
    return SEVERITY_ORDER.indexOf(s) <= limit;
  });
}
