import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { SoupRecord } from '../model/record.js';
import { editRecords } from './edit.js';
import { sync } from './sync.js';
import { importVex } from './vex.js';
import { addAnomalies } from './anomalies.js';
import { addFindings } from './vulns.js';

async function register(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'tureen-vulns-'));
  writeFileSync(join(dir, 'requirements.txt'), 'requests==2.31.0\nurllib3==2.0.4\n');
  await sync(dir, { offline: true, today: '2026-11-20' });
  return dir;
}
const record = (dir: string, file: string) => SoupRecord.parse(parse(readFileSync(join(dir, 'soup', file), 'utf8')));

const openvex = (statements: unknown[], author = 'Requests maintainers') => JSON.stringify({ '@context': 'https://openvex.dev/ns/v0.2.0', author, timestamp: '2026-11-01T10:00:00Z', statements });

describe('vulnerability entries in the records', () => {
  it('addFindings: a draft review with each finding in triage; a second run adds only what is new; a person\'s comment and assessment stay', async () => {
    const dir = await register();
    const found = [{ id: 'GHSA-j8r2-6x86-q33q', aliases: ['CVE-2023-32681'], severity: 'medium' as const, cvss: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:C/C:H/I:N/A:N', summary: 'Unintended leak of Proxy-Authorization header in requests', fixed: ['2.31.0'] }];
    const first = editRecords(dir, {}, (r) => r.record.identification.name === 'requests' && addFindings(r, found, ['OSV (osv.dev)']));
    expect(first.changed).toEqual(['soup/pypi-requests.yaml']);
    const r1 = record(dir, 'pypi-requests.yaml');
    expect(r1.vulnerabilityReview).toEqual({
      version: '2.31.0', sources: ['OSV (osv.dev)'],
      entries: [{ id: 'GHSA-j8r2-6x86-q33q', aliases: ['CVE-2023-32681'], state: 'in_triage', severity: 'medium', cvss: found[0]!.cvss, summary: found[0]!.summary, fixedIn: ['2.31.0'], version: '2.31.0' }],
    });
    // the team assesses it and comments; the same finding again, under its CVE id, changes nothing
    const file = join(dir, 'soup', 'pypi-requests.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('state: in_triage', 'state: not_affected # we never use proxies\n      justification: requires_configuration'));
    const before = readFileSync(file, 'utf8');
    const again = editRecords(dir, {}, (r) => r.record.identification.name === 'requests' && addFindings(r, [{ ...found[0]!, id: 'CVE-2023-32681', aliases: ['GHSA-j8r2-6x86-q33q'] }], ['OSV (osv.dev)']));
    expect(again.changed).toEqual([]);
    expect(readFileSync(file, 'utf8')).toBe(before);
    // a new one is appended after the team's entry
    editRecords(dir, {}, (r) => r.record.identification.name === 'requests' && addFindings(r, [{ id: 'GHSA-new0-0000-0000', aliases: [], severity: 'high', fixed: [] }], ['OSV (osv.dev)']));
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('# we never use proxies');
    expect(record(dir, 'pypi-requests.yaml').vulnerabilityReview!.entries.map((e) => [e.id, e.state])).toEqual([['GHSA-j8r2-6x86-q33q', 'not_affected'], ['GHSA-new0-0000-0000', 'in_triage']]);
  });

  it('addFindings leaves a review of another version alone: the person moves it to the current version first', async () => {
    const dir = await register();
    const file = join(dir, 'soup', 'pypi-requests.yaml');
    writeFileSync(file, `${readFileSync(file, 'utf8')}vulnerabilityReview:\n  version: 2.30.0\n  date: 2026-01-10\n  reviewer: R\n  sources: [OSV]\n  entries: []\n  conclusion: none for 2.30.0\n`);
    const before = readFileSync(file, 'utf8');
    const r = editRecords(dir, {}, (e) => e.record.identification.name === 'requests' && addFindings(e, [{ id: 'GHSA-x', aliases: [], severity: 'low', fixed: [] }], ['OSV (osv.dev)']));
    expect(r.changed).toEqual([]);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('after sync moves a record to a new version, the review commands start the new version\'s draft; the old review stays in history', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tureen-vulns-bump-'));
    writeFileSync(join(dir, 'requirements.txt'), 'requests==2.30.0\n');
    await sync(dir, { offline: true, today: '2026-11-01' });
    const file = join(dir, 'soup', 'pypi-requests.yaml');
    const reviewed = 'vulnerabilityReview:\n  version: 2.30.0\n  date: 2026-11-02\n  reviewer: R\n  sources: [OSV]\n  entries:\n    - id: GHSA-old\n      state: not_affected\n      justification: code_not_reachable\n  conclusion: none affects 2.30.0 # our words\n'
      + 'anomalyReview:\n  version: 2.30.0\n  date: 2026-11-02\n  reviewer: R\n  sources: [GitHub issues]\n  entries: []\n  conclusion: no open anomaly\n';
    writeFileSync(file, readFileSync(file, 'utf8') + reviewed);
    const old = record(dir, 'pypi-requests.yaml');
    // the lockfile moves to 2.31.0: sync copies the reviews into the version-change entry
    writeFileSync(join(dir, 'requirements.txt'), 'requests==2.31.0\n');
    await sync(dir, { offline: true, today: '2026-11-20' });
    const moved = record(dir, 'pypi-requests.yaml');
    expect(moved.history!.at(-1)).toMatchObject({ event: 'version-change', from: '2.30.0', to: '2.31.0', previous: { vulnerabilityReview: old.vulnerabilityReview, anomalyReview: old.anomalyReview } });
    const r = editRecords(dir, {}, (e) => addFindings(e, [{ id: 'GHSA-new', aliases: [], severity: 'low', fixed: [] }], ['OSV (osv.dev)']) && addAnomalies(e, [{ id: 'psf/requests#1', title: 'a bug', source: 'github-issues', reason: 'open' }], ['GitHub issues']));
    expect(r.changed).toEqual(['soup/pypi-requests.yaml']);
    const now = record(dir, 'pypi-requests.yaml');
    expect(now.vulnerabilityReview).toEqual({ version: '2.31.0', sources: ['OSV (osv.dev)'], entries: [{ id: 'GHSA-new', state: 'in_triage', severity: 'low', version: '2.31.0' }] });
    expect(now.anomalyReview).toMatchObject({ version: '2.31.0', sources: ['GitHub issues'], entries: [{ id: 'psf/requests#1', title: 'a bug' }] });
    // nothing the person wrote is lost: the 2.30.0 reviews are in the history, their comment too
    expect(now.history!.at(-1)!.previous).toEqual({ vulnerabilityReview: old.vulnerabilityReview, anomalyReview: old.anomalyReview });
    expect(readFileSync(file, 'utf8')).toContain('# our words');
  });

  it('a review of the old version edited after the version change stays where it is', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tureen-vulns-bump-edited-'));
    writeFileSync(join(dir, 'requirements.txt'), 'requests==2.30.0\n');
    await sync(dir, { offline: true, today: '2026-11-01' });
    const file = join(dir, 'soup', 'pypi-requests.yaml');
    writeFileSync(file, `${readFileSync(file, 'utf8')}vulnerabilityReview:\n  version: 2.30.0\n  sources: [OSV]\n  entries: []\n`);
    writeFileSync(join(dir, 'requirements.txt'), 'requests==2.31.0\n');
    await sync(dir, { offline: true, today: '2026-11-20' });
    writeFileSync(file, readFileSync(file, 'utf8').replace('  entries: []\n', '  entries: []\n  conclusion: written after the bump\n'));
    const before = readFileSync(file, 'utf8');
    expect(editRecords(dir, {}, (e) => addFindings(e, [{ id: 'GHSA-x', aliases: [], severity: 'low', fixed: [] }], ['OSV (osv.dev)'])).changed).toEqual([]);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('vex import: statements become assessments marked with their source, only for the item and exact version named', async () => {
    const dir = await register();
    const vexFile = join(dir, 'supplier.vex.json');
    writeFileSync(vexFile, openvex([
      { vulnerability: { name: 'CVE-2023-32681', aliases: ['GHSA-j8r2-6x86-q33q'] }, products: [{ '@id': 'pkg:pypi/requests@2.31.0' }], status: 'not_affected', justification: 'vulnerable_code_not_in_execute_path', impact_statement: 'Only affects proxies with credentials.' },
      { vulnerability: { name: 'CVE-2099-0001' }, products: [{ '@id': 'pkg:pypi/requests@2.30.0' }], status: 'affected' },
      { vulnerability: { name: 'CVE-2099-0002' }, products: [{ '@id': 'pkg:pypi/Requests' }], status: 'under_investigation' },
    ]));
    const r = importVex(dir, vexFile);
    expect(r).toMatchObject({ format: 'openvex', statements: 3, source: 'vex: Requests maintainers', changed: ['soup/pypi-requests.yaml'] });
    const entries = record(dir, 'pypi-requests.yaml').vulnerabilityReview!.entries;
    expect(entries).toEqual([
      { id: 'CVE-2023-32681', aliases: ['GHSA-j8r2-6x86-q33q'], state: 'not_affected', justification: 'code_not_reachable', detail: 'OpenVEX justification: vulnerable_code_not_in_execute_path. Only affects proxies with credentials.', date: '2026-11-01', version: '2.31.0', source: 'vex: Requests maintainers' },
      // a purl without a version names every version; PyPI names compare normalised
      { id: 'CVE-2099-0002', state: 'in_triage', date: '2026-11-01', version: '2.31.0', source: 'vex: Requests maintainers' },
    ]);
    expect(record(dir, 'pypi-urllib3.yaml').vulnerabilityReview).toBeUndefined();
    // importing the same document again changes nothing
    expect(importVex(dir, vexFile).changed).toEqual([]);
  });

  it('vex import never overwrites the team\'s own assessment, but fills a placeholder Tureen added', async () => {
    const dir = await register();
    editRecords(dir, {}, (r) => r.record.identification.name === 'requests' && addFindings(r, [
      { id: 'GHSA-j8r2-6x86-q33q', aliases: ['CVE-2023-32681'], severity: 'medium', fixed: [] },
      { id: 'GHSA-team-0000-0000', aliases: ['CVE-2099-0003'], severity: 'low', fixed: [] },
    ], ['OSV (osv.dev)']));
    const file = join(dir, 'soup', 'pypi-requests.yaml');
    // the team decided the second one themselves
    writeFileSync(file, readFileSync(file, 'utf8').replace(/(id: GHSA-team-0000-0000[\s\S]*?)state: in_triage/, '$1state: exploitable\n      mitigation: Requests go only to the pump\'s own update server.'));
    const vexFile = join(dir, 'v.json');
    writeFileSync(vexFile, openvex([
      { vulnerability: { name: 'CVE-2023-32681' }, products: [{ '@id': 'pkg:pypi/requests@2.31.0' }], status: 'fixed' },
      { vulnerability: { name: 'CVE-2099-0003' }, products: [{ '@id': 'pkg:pypi/requests@2.31.0' }], status: 'not_affected', justification: 'component_not_present' },
    ]));
    const r = importVex(dir, vexFile);
    expect(r.outcomes.map((o) => [o.vulnerability, o.action])).toEqual([['CVE-2023-32681', 'updated'], ['CVE-2099-0003', 'kept-team-assessment']]);
    const entries = record(dir, 'pypi-requests.yaml').vulnerabilityReview!.entries;
    expect(entries[0]).toMatchObject({ id: 'GHSA-j8r2-6x86-q33q', state: 'resolved', source: 'vex: Requests maintainers', severity: 'medium' });
    expect(entries[1]).toMatchObject({ id: 'GHSA-team-0000-0000', state: 'exploitable', mitigation: 'Requests go only to the pump\'s own update server.' });
    expect(entries[1]!.source).toBeUndefined();
  });
});
