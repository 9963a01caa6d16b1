import type { Finding } from '../../model/finding.js';

/**
 * Findings of one SBOM, at most `cap` per rule: a hostile or sloppy SBOM (thousands of dangling refs) gets the
 * first few findings and one summary saying how many more there were, not a flood.
 */
export class FindingList {
  readonly list: Finding[] = [];
  private readonly counts = new Map<string, number>();
  private readonly template = new Map<string, Finding>();

  constructor(private readonly cap = 20) {}

  push(f: Finding): void {
    const n = (this.counts.get(f.rule) ?? 0) + 1;
    this.counts.set(f.rule, n);
    if (n <= this.cap) this.list.push(f);
    else if (!this.template.has(f.rule)) this.template.set(f.rule, f);
  }

  /** The findings, with one summary per rule that went over the cap. */
  done(): Finding[] {
    const out = [...this.list];
    for (const [rule, f] of this.template) {
      const more = (this.counts.get(rule) ?? 0) - this.cap;
      out.push({
        rule,
        severity: f.severity,
        message: `${more} more finding(s) like the ${this.cap} above (${rule}) were not listed one by one`,
        ...(f.file !== undefined ? { file: f.file } : {}),
        fix: f.fix,
      });
    }
    return out;
  }
}
