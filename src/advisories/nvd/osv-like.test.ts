import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseOsv } from '../osv/schema.js';
import { severityOf } from '../cvss/index.js';
import { nvdTime, nvdToOsvLike } from './osv-like.js';
import { parseNvdCve, type NvdCve } from './schema.js';

const here = new URL('.', import.meta.url).pathname;
function fixtureCve(file: string): NvdCve {
  const page = JSON.parse(readFileSync(join(here, 'fixtures', file), 'utf8')) as { vulnerabilities: { cve: unknown }[] };
  const r = parseNvdCve(page.vulnerabilities[0]!.cve);
  if (!r.ok) throw new Error(`${file}: ${r.path}: ${r.message}`);
  return r.cve;
}

describe('nvdToOsvLike', () => {
  const log4shell = fixtureCve('cve-2021-44228.json');
  const osv = nvdToOsvLike(log4shell);

  it('gives a valid OSV record that reports like an OSV finding', () => {
    const r = parseOsv(osv);
    expect(r.ok).toBe(true);
    expect(osv).toMatchObject({ id: 'CVE-2021-44228', aliases: [], published: '2021-12-10T10:15:09.143Z', modified: '2025-02-04T15:15:13.773Z' });
    expect(osv.withdrawn).toBeUndefined();
    expect(osv.summary).toMatch(/^Apache Log4j2 2\.0-beta9 through 2\.15\.0/);
  });

  it('carries one vector per CVSS version, newest first, so severityOf reads NVD’s 3.1 score', () => {
    expect(osv.severity).toEqual([
      { type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H' },
      { type: 'CVSS_V2', score: 'AV:N/AC:M/Au:N/C:C/I:C/A:C' },
    ]);
    expect(severityOf(osv)).toMatchObject({ source: 'cvss', severity: 'critical', cvss: { version: '3.1', baseScore: 10 } });
  });

  it('types references from NVD’s tags (a fix, an advisory, a report, evidence), WEB when untagged', () => {
    expect(osv.references).toEqual([
      { type: 'ADVISORY', url: 'https://logging.apache.org/log4j/2.x/security.html' },
      { type: 'ADVISORY', url: 'https://github.com/advisories/GHSA-jfh8-c2jp-5v3q' },
      { type: 'FIX', url: 'https://github.com/apache/logging-log4j2/pull/608' },
      { type: 'ADVISORY', url: 'http://packetstormsecurity.com/files/165225/Apache-Log4j2-2.14.1-Remote-Code-Execution.html' },
      { type: 'ADVISORY', url: 'https://www.kb.cert.org/vuls/id/930724' },
      { type: 'ADVISORY', url: 'http://www.openwall.com/lists/oss-security/2021/12/10/1' },
      { type: 'WEB', url: 'https://twitter.com/kurtseifried/status/1469345530182455296' },
    ]);
  });

  it('keeps NVD’s status, the CWE ids and the NVD page in database_specific', () => {
    expect(osv.database_specific).toEqual({
      source: 'NVD',
      url: 'https://nvd.nist.gov/vuln/detail/CVE-2021-44228',
      vulnStatus: 'Analyzed',
      cwe_ids: ['CWE-20', 'CWE-400', 'CWE-502', 'CWE-917'],
    });
  });

  it('a CNA-only record: the 4.0 and 3.1 vectors of the secondary source; the 4.0 one is preferred for severity', () => {
    const ws = nvdToOsvLike(fixtureCve('cve-2024-37890.json'));
    expect(ws.severity?.map((s) => s.type)).toEqual(['CVSS_V4', 'CVSS_V3']);
    expect(severityOf(ws)).toMatchObject({ source: 'cvss', cvss: { version: '4.0' } });
    expect(ws.database_specific).toMatchObject({ vulnStatus: 'Awaiting Analysis', cwe_ids: ['CWE-476'] });
  });

  it('NVD’s Primary metric is chosen over a Secondary one; 3.0 stands in for a missing 3.1', () => {
    const base = fixtureCve('cve-2024-37890.json');
    const primary = { source: 'nvd@nist.gov', type: 'Primary' as const, cvssData: { version: '3.1', vectorString: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:H', baseScore: 5.9 } };
    const both = nvdToOsvLike({ ...base, metrics: { cvssMetricV31: [base.metrics!.cvssMetricV31![0]!, primary] } });
    expect(both.severity).toEqual([{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:H' }]);
    const v30 = { ...primary, cvssData: { version: '3.0', vectorString: 'CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H', baseScore: 7.5 } };
    expect(nvdToOsvLike({ ...base, metrics: { cvssMetricV30: [v30] } }).severity).toEqual([{ type: 'CVSS_V3', score: 'CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H' }]);
    expect(nvdToOsvLike({ ...base, metrics: {} }).severity).toBeUndefined();
  });

  it('a rejected CVE is withdrawn; no English description means no summary', () => {
    const base = fixtureCve('cve-2024-37890.json');
    const rejected = nvdToOsvLike({ ...base, vulnStatus: 'Rejected', descriptions: [{ lang: 'fr', value: 'Rejeté' }] });
    expect(rejected.withdrawn).toBe('2024-06-20T12:44:01.637Z');
    expect(rejected.summary).toBeUndefined();
    expect(parseOsv(rejected).ok).toBe(true);
  });
});

describe('nvdTime', () => {
  it('adds the UTC zone NVD leaves out, keeps one that is there', () => {
    expect(nvdTime('2021-12-10T10:15:09.143')).toBe('2021-12-10T10:15:09.143Z');
    expect(nvdTime('2021-12-10T10:15:09.143Z')).toBe('2021-12-10T10:15:09.143Z');
    expect(nvdTime('2021-12-10T10:15:09+01:00')).toBe('2021-12-10T10:15:09+01:00');
  });
});
