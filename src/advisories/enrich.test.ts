import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runVulns } from '../register/vulnerabilities.js';
import { enrichmentKind, importEnrichment } from './enrich.js';
import { AdvisoryStore } from './store/index.js';

const here = (p: string) => new URL(p, import.meta.url).pathname;
const KEV = here('./kev/fixtures/known_exploited_vulnerabilities.json');
const EPSS = here('./epss/fixtures/epss_scores-2023-03-16.csv.gz');
const NVD_LOG4J = here('./nvd/fixtures/cve-2021-44228.json');

describe('air-gapped enrichment: KEV, EPSS and NVD files into the store', () => {
  it('recognises each file by name or content, and leaves OSV records to the OSV import', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tureen-enrich-'));
    const renamed = join(dir, 'catalog.json');
    copyFileSync(KEV, renamed);
    const gz = join(dir, 'log4j.json.gz');
    writeFileSync(gz, gzipSync(readFileSync(NVD_LOG4J)));
    expect(enrichmentKind(KEV)).toBe('kev');
    expect(enrichmentKind(renamed)).toBe('kev'); // by its catalogVersion and vulnerabilities keys
    expect(enrichmentKind(EPSS)).toBe('epss');
    expect(enrichmentKind(NVD_LOG4J)).toBe('nvd'); // "format": "NVD_CVE"
    expect(enrichmentKind(gz)).toBe('nvd');
    expect(enrichmentKind(here('../../test/fixtures/corpus/advisories/GHSA-jfh8-c2jp-5v3q.json'))).toBeUndefined();
  });

  it('imports the KEV catalogue, the EPSS scores and NVD records, each counted from the file itself, and names them as sources', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tureen-enrich-'));
    const store = AdvisoryStore.open(join(dir, 'a.db'));
    try {
      const kev = JSON.parse(readFileSync(KEV, 'utf8')) as { vulnerabilities: { cveID: string; dateAdded: string }[] };
      importEnrichment(store, KEV, 'kev');
      for (const v of kev.vulnerabilities) expect(store.kev(v.cveID)).toMatchObject({ cve: v.cveID, dateAdded: v.dateAdded });
      const epss = importEnrichment(store, EPSS, 'epss');
      expect(epss.detail).toMatch(/^\d+ EPSS scores of 2023-03-16/);
      expect(store.status().epss).toBe(Number(/^(\d+)/.exec(epss.detail)![1]));
      const nvd = importEnrichment(store, NVD_LOG4J, 'nvd');
      expect(nvd.stats).toMatchObject({ added: 1, invalidCount: 0 });
      expect(store.nvdByCpe('apache', 'log4j')).toHaveLength(1);
      const names = store.status().sources.map((s) => s.name).sort();
      expect(names.slice(0, 2)).toEqual(['epss', 'kev']);
      expect(names[2]).toMatch(/^nvd-import:.*cve-2021-44228\.json$/);
      expect(names).toHaveLength(3);
    } finally {
      store.close();
    }
  });

  it('an item known only by CPE (a declared SDK) is reviewed against the NVD records in the store, offline', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tureen-enrich-'));
    const store = AdvisoryStore.open(join(dir, 'a.db'));
    importEnrichment(store, NVD_LOG4J, 'nvd');
    store.close();
    const repo = join(dir, 'device');
    mkdirSync(repo);
    // log4j bundled inside a vendor's SDK: declared with the CPE NVD uses
    writeFileSync(join(repo, 'tureen.config.yaml'), [
      'declared:',
      '  - name: log4j-core (inside Acme Imaging SDK)',
      '    version: 2.14.1',
      '    kind: commercial-sdk',
      '    supplier: Acme',
      '    cpe: "cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*"',
      '  - name: log4j-core (patched)',
      '    version: 2.17.1',
      '    kind: commercial-sdk',
      '    supplier: Acme',
      '    cpe: "cpe:2.3:a:apache:log4j:2.17.1:*:*:*:*:*:*:*"',
      '',
    ].join('\n'));
    const r = await runVulns(repo, { offline: true, db: join(dir, 'a.db') });
    const byVersion = new Map(r.components.map((c) => [c.item.version, c]));
    // NVD's configuration: versionStartIncluding 2.13.0, versionEndExcluding 2.15.0 (the fixture's third cpeMatch)
    expect(byVersion.get('2.14.1')!.findings.map((f) => [f.id, f.via, f.severity, f.fixed])).toEqual([['CVE-2021-44228', 'nvd', 'critical', ['2.15.0']]]);
    expect(byVersion.get('2.17.1')!.findings).toEqual([]);
    expect(r.sources).toContain('NVD (by CPE)');
  });
});
