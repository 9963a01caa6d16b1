import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sync } from '../register/sync.js';
import { copyExample } from '../test-support/example.js';
import { buildReportData } from './data.js';

describe('buildReportData: the register as the documents see it', () => {
  it('lists every active SOUP record with its review statuses and completeness, and the not-SOUP components with their rationale', async () => {
    const dir = copyExample('tureen-report-');
    const s = await sync(dir, { offline: true, today: '2026-11-26' });
    const d = await buildReportData(dir, { date: '2026-11-26' });
    const created = s.plan.writes.filter((w) => w.action === 'create').length;
    expect(d.items).toHaveLength(created);
    expect(d.items.map((i) => i.record.id)).toEqual([...d.items.map((i) => i.record.id)].sort());
    expect(d.summary.items).toBe(created);
    // the scan's not-SOUP components (first-party code excluded), each with its rule's rationale
    expect(d.notSoup.length).toBe(s.inventory.components.filter((c) => !c.classification.soup && !c.firstParty).length);
    for (const n of d.notSoup) expect(n.rationale.length).toBeGreaterThan(0);
    expect(d.device).toEqual({ name: 'Infusion pump controller', version: '2.4.0', manufacturer: 'Example Medical Ltd' });
    expect(d.document).toEqual({ id: 'SOUP-INFUSION-PUMP-CONTROLLER', revision: '1', title: 'SOUP register' });
    // nothing is reviewed yet
    expect(d.items.every((i) => i.vulnerabilities.text === 'not reviewed' && !i.complete)).toBe(true);
    // a reviewed record: statuses from its reviews
    const file = join(dir, 'soup', 'npm-ws.yaml');
    writeFileSync(file, `${readFileSync(file, 'utf8')}vulnerabilityReview:\n  version: 8.23.0\n  date: 2026-11-20\n  reviewer: R\n  sources: [OSV]\n  entries:\n    - id: GHSA-1\n      state: in_triage\n      severity: high\n    - id: GHSA-2\n      state: not_affected\n  conclusion: one left\n`);
    const again = await buildReportData(dir, { date: '2026-11-26', documentId: 'DOC-7', revision: 'C' });
    const ws = again.items.find((i) => i.record.id === 'npm/ws')!;
    expect(ws.vulnerabilities).toMatchObject({ text: 'reviewed 2026-11-20: 2 known, 1 in triage', open: 1, total: 2, byState: { in_triage: 1, not_affected: 1 }, bySeverity: { high: 1, unknown: 1 } });
    expect(again.summary.bySeverity).toEqual({ high: 1, unknown: 1 });
    expect(again.document).toMatchObject({ id: 'DOC-7', revision: 'C' });
  });

  it('lists the SOUP components no record covers — before the first sync, after a version change, not the members of a grouped record', async () => {
    const dir = copyExample('tureen-report-unrecorded-');
    const before = await buildReportData(dir, { date: '2026-11-26' });
    const soup = before.inventory.components.filter((c) => c.classification.soup);
    expect(soup.length).toBeGreaterThan(80);
    expect(before.items).toEqual([]);
    // every SOUP component is there, as a gap, none silently left out
    expect(before.unrecorded.map((u) => u.purl).sort()).toEqual(soup.map((c) => c.purl).sort());
    expect(before.summary.unrecorded).toBe(soup.length);
    expect(before.unrecorded.find((u) => u.name === 'fastify')).toMatchObject({ version: '5.12.8', ecosystem: 'npm', kind: 'library', branch: 'off-the-shelf', evidence: expect.stringMatching(/^package-lock\.json:\d+$/) });
    expect(before.unrecorded.every((u) => u.recordedVersion === undefined)).toBe(true);

    await sync(dir, { offline: true, today: '2026-11-26' });
    expect((await buildReportData(dir, { date: '2026-11-26' })).unrecorded).toEqual([]);
    // the record still names an older version: the version shipped has no assessment
    const file = join(dir, 'soup', 'npm-fastify.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('version: 5.12.8', 'version: 5.11.0').replace('fastify@5.12.8', 'fastify@5.11.0'));
    const drifted = await buildReportData(dir, { date: '2026-11-26' });
    expect(drifted.unrecorded.map((u) => [u.name, u.version, u.recordedVersion])).toEqual([['fastify', '5.12.8', '5.11.0']]);

    // grouped by direct parent: the transitive items are members of their parent's record, so they are covered
    const grouped = copyExample('tureen-report-grouped-');
    const cfg = join(grouped, 'tureen.config.yaml');
    writeFileSync(cfg, `${readFileSync(cfg, 'utf8')}\nrecords:\n  grouping: by-direct-parent\n`);
    await sync(grouped, { offline: true, today: '2026-11-26' });
    const g = await buildReportData(grouped, { date: '2026-11-26' });
    expect(g.items.length).toBeLessThan(soup.length);
    expect(g.items.some((i) => (i.record.members ?? []).length > 0)).toBe(true);
    expect(g.unrecorded).toEqual([]);
  });
});
