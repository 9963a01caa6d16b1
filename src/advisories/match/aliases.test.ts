import { describe, expect, it } from 'vitest';
import { parseOsv, type Osv } from '../osv/schema.js';
import { mergeAliases, preferredId } from './aliases.js';
import { matchAdvisory, type AffectedMatch } from './match.js';

function rec(id: string, aliases: string[], extra: Record<string, unknown> = {}): Osv {
  const r = parseOsv({ id, modified: '2024-01-01T00:00:00Z', aliases, affected: [{ package: { ecosystem: 'PyPI', name: 'requests' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }] }], ...extra });
  if (!r.ok) throw new Error(r.problem.message);
  return r.osv;
}
const m = (osv: Osv): AffectedMatch => matchAdvisory(osv, { ecosystem: 'PyPI', name: 'requests', version: '2.28.1' })!;

describe('mergeAliases', () => {
  it('merges records that alias each other, transitively, into one finding', () => {
    const ghsa = m(rec('GHSA-j8r2-6x86-q33q', ['CVE-2023-32681']));
    const pysec = m(rec('PYSEC-2023-74', ['CVE-2023-32681']));
    const other = m(rec('OSV-2023-1', ['PYSEC-2023-74']));
    const findings = mergeAliases([pysec, ghsa, other]);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.id).toBe('GHSA-j8r2-6x86-q33q');
    expect(findings[0]!.aliases).toEqual(['CVE-2023-32681', 'OSV-2023-1', 'PYSEC-2023-74']);
    expect(findings[0]!.matches).toEqual([pysec, ghsa, other]);
  });

  it('keeps different vulnerabilities apart, and does not merge "related" or "upstream"', () => {
    const a = m(rec('GHSA-aaaa-aaaa-aaaa', ['CVE-2020-1'], { related: ['CVE-2020-2'] }));
    const b = m(rec('GHSA-bbbb-bbbb-bbbb', ['CVE-2020-2'], { upstream: ['CVE-2020-1'] }));
    expect(mergeAliases([a, b]).map((f) => f.id)).toEqual(['GHSA-aaaa-aaaa-aaaa', 'GHSA-bbbb-bbbb-bbbb']);
  });

  it('merges the same record given twice (two sources)', () => {
    const a = m(rec('PYSEC-2023-74', []));
    const f = mergeAliases([a, a]);
    expect(f).toHaveLength(1);
    expect(f[0]!.aliases).toEqual([]);
  });

  it('uses a CVE id only when nothing else names the vulnerability', () => {
    expect(mergeAliases([m(rec('CVE-2023-1', ['PYSEC-2023-9']))])[0]!.id).toBe('PYSEC-2023-9');
    expect(preferredId(['CVE-2023-2', 'CVE-2023-1'])).toBe('CVE-2023-1');
    expect(preferredId(['CVE-2023-1', 'RUSTSEC-2023-0001', 'GHSA-x'])).toBe('GHSA-x');
  });

  it('is safe with hostile ids', () => {
    const f = mergeAliases([m(rec('__proto__', ['constructor'])), m(rec('constructor', []))]);
    expect(f).toHaveLength(1);
    expect(f[0]!.id).toBe('__proto__');
    expect(f[0]!.aliases).toEqual(['constructor']);
  });
});
