import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HttpClient, RegistryError } from '../../net/http.js';
import { replayPerTest } from '../../net/test-support/server.js';
import { TureenError } from '../../model/errors.js';
import { KevClient, parseKev } from './index.js';

const here = new URL('.', import.meta.url).pathname;
const fixtureText = readFileSync(join(here, 'fixtures/known_exploited_vulnerabilities.json'), 'utf8');
const fixture = () => JSON.parse(fixtureText) as { count: number; vulnerabilities: Record<string, unknown>[] } & Record<string, unknown>;

const replay = replayPerTest();
const serve = replay.serve;
const PATH = '/sites/default/files/feeds/known_exploited_vulnerabilities.json';

describe('parseKev on the real catalogue excerpt', () => {
  const cat = parseKev(fixture(), 'kev.json');

  it('reads the envelope and every entry, with no problem', () => {
    expect(cat).toMatchObject({ catalogVersion: '2025.02.25', dateReleased: '2025-02-25T20:33:53.3676Z', count: 5, source: 'kev.json' });
    expect(cat.problems).toEqual([]);
    expect(cat.entries.map((e) => e.cveID)).toEqual(['CVE-2023-34192', 'CVE-2024-49035', 'CVE-2024-20953', 'CVE-2018-19410', 'CVE-2020-11023']);
  });

  it('an entry keeps CISA’s words, dates and CWEs; the \\/ escapes are plain slashes', () => {
    expect(cat.byCve.get('CVE-2020-11023')).toEqual({
      cveID: 'CVE-2020-11023',
      vendorProject: 'JQuery',
      product: 'JQuery',
      vulnerabilityName: 'JQuery Cross-Site Scripting (XSS) Vulnerability',
      dateAdded: '2025-01-23',
      shortDescription: "JQuery contains a persistent cross-site scripting (XSS) vulnerability. When passing maliciously formed, untrusted input enclosed in HTML tags, JQuery's DOM manipulators can execute untrusted code in the context of the user's browser.",
      requiredAction: 'Apply mitigations per vendor instructions or discontinue use of the product if mitigations are unavailable.',
      dueDate: '2025-02-13',
      knownRansomwareCampaignUse: 'Unknown',
      ransomware: false,
      notes: 'https://blog.jquery.com/2020/04/10/jquery-3-5-0-released/ ; https://nvd.nist.gov/vuln/detail/CVE-2020-11023',
      cwes: ['CWE-79'],
    });
    expect(cat.byCve.get('CVE-2018-19410')?.cwes).toEqual([]);
    expect(cat.byCve.has('CVE-2021-44228')).toBe(false);
  });
});

describe('parseKev on hostile or older catalogues', () => {
  it('a bad entry is left out and named; the others stay', () => {
    const doc = fixture();
    doc.vulnerabilities[1] = { ...doc.vulnerabilities[1], dueDate: '18/03/2025' };
    delete doc.vulnerabilities[2]!.product;
    doc.vulnerabilities.push('not an object' as unknown as Record<string, unknown>);
    doc.count = 6;
    const cat = parseKev(doc, 'kev.json');
    expect(cat.entries.map((e) => e.cveID)).toEqual(['CVE-2023-34192', 'CVE-2018-19410', 'CVE-2020-11023']);
    expect(cat.problems).toEqual([
      { index: 1, cveID: 'CVE-2024-49035', message: expect.stringContaining('dueDate') },
      { index: 2, cveID: 'CVE-2024-20953', message: expect.stringContaining('product') },
      { index: 5, message: expect.any(String) },
    ]);
  });

  it('a repeated CVE keeps the first entry; a count that disagrees is reported', () => {
    const doc = fixture();
    doc.vulnerabilities.push({ ...doc.vulnerabilities[0], shortDescription: 'second copy' });
    const cat = parseKev(doc, 'kev.json');
    expect(cat.byCve.get('CVE-2023-34192')?.shortDescription).toMatch(/^Synacor/);
    expect(cat.entries).toHaveLength(5);
    expect(cat.problems.map((p) => p.message)).toEqual(['listed twice; the first entry is kept', 'the catalogue says count 5 but lists 6 vulnerabilities']);
  });

  it('older catalogues without cwes and knownRansomwareCampaignUse are read; "Known" ransomware use is flagged', () => {
    const doc = fixture();
    delete doc.vulnerabilities[0]!.cwes;
    delete doc.vulnerabilities[0]!.knownRansomwareCampaignUse;
    delete doc.vulnerabilities[0]!.notes;
    doc.vulnerabilities[1]!.knownRansomwareCampaignUse = 'Known';
    const cat = parseKev(doc, 'kev.json');
    expect(cat.byCve.get('CVE-2023-34192')).toMatchObject({ cwes: [], knownRansomwareCampaignUse: 'Unknown', ransomware: false, notes: '' });
    expect(cat.byCve.get('CVE-2024-49035')).toMatchObject({ knownRansomwareCampaignUse: 'Known', ransomware: true });
  });

  it('a CVE id that is not one, and a "__proto__" entry key, are data problems, not surprises', () => {
    const doc = fixture();
    doc.vulnerabilities[0] = JSON.parse(`{"__proto__": {"polluted": true}, ${JSON.stringify(doc.vulnerabilities[0]).slice(1)}`) as Record<string, unknown>;
    doc.vulnerabilities[1]!.cveID = 'CVE-2024-1';
    const cat = parseKev(doc, 'kev.json');
    expect(cat.byCve.get('CVE-2023-34192')?.product).toBe('Zimbra Collaboration Suite (ZCS)');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(cat.problems[0]).toMatchObject({ index: 1, message: expect.stringContaining('cveID') });
  });

  it('an envelope that is not a catalogue is refused whole, as input.malformed naming the source', () => {
    for (const doc of [null, [], {}, { ...fixture(), vulnerabilities: undefined }, { ...fixture(), count: '5' }]) {
      const err = (() => {
        try {
          parseKev(doc, 'mirror/kev.json');
        } catch (e) {
          return e;
        }
      })();
      expect(err).toBeInstanceOf(TureenError);
      expect(err).toMatchObject({ code: 'input.malformed', file: 'mirror/kev.json' });
    }
  });
});

describe('KevClient.fetch', () => {
  it('fetches the file from the feed folder and stamps when', async () => {
    const base = await serve({ [PATH]: { body: fixtureText } });
    const kev = new KevClient({ baseUrl: `${base}/sites/default/files/feeds/`, now: () => new Date('2026-03-01T00:00:00Z') });
    const cat = await kev.fetch();
    expect(cat.entries).toHaveLength(5);
    expect(cat.fetchedAt).toBe('2026-03-01T00:00:00.000Z');
    expect(cat.source).toBe(`${base}${PATH}`);
    expect(replay.server!.requests.map((r) => r.path)).toEqual([PATH]);
  });

  it('429 with Retry-After then 200, and 503 then 200, are retried', async () => {
    const base = await serve({
      [`/a${PATH}`]: [{ status: 429, headers: { 'retry-after': '3' } }, { body: fixtureText }],
      [`/b${PATH}`]: [{ status: 503 }, { body: fixtureText }],
    });
    const waits: number[] = [];
    const http = new HttpClient({ service: 'CISA KEV', sleep: async (ms) => void waits.push(ms), retryBaseMs: 100 });
    expect((await new KevClient({ baseUrl: `${base}/a/sites/default/files/feeds`, http }).fetch()).count).toBe(5);
    expect((await new KevClient({ baseUrl: `${base}/b/sites/default/files/feeds`, http }).fetch()).count).toBe(5);
    expect(waits).toEqual([3000, 100]);
  });

  it('404, text that is not JSON, and a schema-violating answer are RegistryErrors', async () => {
    const base = await serve({
      [`/text${PATH}`]: { body: '<!doctype html><title>Access Denied</title>' },
      [`/schema${PATH}`]: { body: JSON.stringify({ catalogVersion: '1', vulnerabilities: [] }) },
    });
    await expect(new KevClient({ baseUrl: `${base}/none` }).fetch()).rejects.toMatchObject({ kind: 'http', status: 404 });
    for (const p of ['/text', '/schema']) {
      const err = await new KevClient({ baseUrl: `${base}${p}/sites/default/files/feeds` }).fetch().catch((e: unknown) => e);
      expect(err, p).toBeInstanceOf(RegistryError);
      expect(err, p).toMatchObject({ kind: 'malformed' });
    }
  });
});
