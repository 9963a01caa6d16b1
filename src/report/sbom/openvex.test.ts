import { beforeAll, describe, expect, it } from 'vitest';
import { parseVex } from '../../advisories/vex/parse.js';
import type { ReportData } from '../data.js';
import { openVexStatements, renderOpenVex, type OpenVexDocument } from './openvex.js';
import { exampleRegister, HOSTILE, hostileRegister, RAW_CONTROL, WS_ENTRIES } from './test-support/registers.js';
import { openVexValidator } from './test-support/validate.js';

const validate = openVexValidator();

let example: ReportData;
let doc: OpenVexDocument;
beforeAll(async () => {
  example = (await exampleRegister()).data;
  doc = JSON.parse(renderOpenVex(example)) as OpenVexDocument;
});
const statement = (id: string) => doc.statements.find((s) => s.vulnerability.name === id);

describe('renderOpenVex: the assessments as OpenVEX 0.2.0', () => {
  it('validates against the OpenVEX JSON schema', () => {
    expect(validate(doc), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  });

  it('the same validator refuses what OpenVEX forbids, so its pass means something', () => {
    const both = structuredClone(doc);
    const na = both.statements.find((s) => s.status === 'not_affected' && s.justification);
    if (!na) throw new Error('fixture');
    na.impact_statement = 'also an impact statement'; // OpenVEX: a justification or an impact statement, not both
    expect(validate(both)).toBe(false);
    const noAction = structuredClone(doc);
    const affected = noAction.statements.find((s) => s.status === 'affected');
    if (!affected) throw new Error('fixture');
    delete affected.action_statement;
    expect(validate(noAction)).toBe(false);
  });

  it('names the document, its author and time; the same document id, revision and date give the same @id', () => {
    expect(doc['@context']).toBe('https://openvex.dev/ns/v0.2.0');
    expect(doc.author).toBe('Example Medical Ltd');
    expect(doc.timestamp).toBe('2026-11-26T00:00:00Z');
    expect(doc.version).toBe(1);
    expect(doc['@id']).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect((JSON.parse(renderOpenVex(example)) as OpenVexDocument)['@id']).toBe(doc['@id']);
    const other = (d: Partial<ReportData>) => (JSON.parse(renderOpenVex({ ...example, ...d })) as OpenVexDocument)['@id'];
    expect(other({ date: '2026-11-27' })).not.toBe(doc['@id']);
    expect(other({ document: { ...example.document, revision: '2' } })).not.toBe(doc['@id']);
    expect(other({ document: { ...example.document, id: 'DOC-2' } })).not.toBe(doc['@id']);
    expect(renderOpenVex(example)).toBe(renderOpenVex(example));
    // without a manufacturer the device speaks for itself
    expect((JSON.parse(renderOpenVex({ ...example, device: { name: 'Infusion pump controller' } })) as OpenVexDocument).author).toBe('Infusion pump controller');
  });

  it('states each assessed vulnerability of the version shipped, about the item\'s purl, by the mapping of the module', () => {
    // the 8.22.0 entry is about another version
    expect(doc.statements.map((s) => s.vulnerability.name)).toEqual(WS_ENTRIES.filter((e) => !e.version).map((e) => e.id));
    for (const s of doc.statements) expect(s.products).toEqual([{ '@id': 'pkg:npm/ws@8.23.0', identifiers: { purl: 'pkg:npm/ws@8.23.0' } }]);
    const table = doc.statements.map((s) => [s.vulnerability.name, s.status, s.justification ?? null]);
    expect(table).toEqual([
      ['GHSA-3h5v-q93c-6h6q', 'fixed', null],
      ['CVE-2026-10001', 'not_affected', 'vulnerable_code_not_in_execute_path'],
      ['GHSA-9wv6-86v2-598j', 'affected', null],
      ['CVE-2026-10003', 'under_investigation', null],
      ['CVE-2026-10004', 'not_affected', 'vulnerable_code_not_present'],
      ['CVE-2026-10005', 'not_affected', 'vulnerable_code_cannot_be_controlled_by_adversary'],
      ['CVE-2026-10006', 'not_affected', null],
    ]);
  });

  it('writes the team\'s words where OpenVEX wants them: impact, action, notes, aliases, dates', () => {
    expect(statement('GHSA-3h5v-q93c-6h6q')?.vulnerability).toEqual({ '@id': 'https://github.com/advisories/GHSA-3h5v-q93c-6h6q', name: 'GHSA-3h5v-q93c-6h6q', aliases: ['CVE-2024-37890'] });
    expect(statement('GHSA-3h5v-q93c-6h6q')?.timestamp).toBe('2026-11-20T00:00:00Z');
    expect(statement('CVE-2026-10001')?.status_notes).toBe('The device never calls the permessage-deflate extension: it is disabled in src/ws.ts.');
    expect(statement('GHSA-9wv6-86v2-598j')?.action_statement).toBe(
      'Port 8443 is closed on the device firewall until the update to 8.24.0 ships in release 2.4.1. A workaround is available; update to a version that fixes it (fixed in 8.24.0).',
    );
    expect(statement('GHSA-9wv6-86v2-598j')?.status_notes).toBe('Reachable from the clinician network before authentication.');
    // no date on the entry: the document's time holds
    expect(statement('CVE-2026-10003')?.timestamp).toBeUndefined();
    expect(statement('CVE-2026-10004')?.status_notes).toMatch(/^Assessed as a false positive .*The advisory concerns the unrelated "ws" command-line tool, not the npm package\.$/);
    // a justification OpenVEX has no exact label for: the nearest, with the original in the notes
    expect(statement('CVE-2026-10005')?.status_notes).toBe('CycloneDX justification: requires_configuration. Only with the maxPayload option unset; the device sets it to 16 KiB.');
    // not affected without a justification: the detail is the impact statement
    expect(statement('CVE-2026-10006')?.impact_statement).toBe('The affected API is not used by the device.');
    expect(statement('CVE-2026-10006')?.justification).toBeUndefined();
  });

  it('round trip: our own VEX reader reads the document back to the record\'s states', () => {
    const back = parseVex(renderOpenVex(example), 'tureen.openvex.json');
    expect(back.format).toBe('openvex');
    expect(back.author).toBe('Example Medical Ltd');
    const current = WS_ENTRIES.filter((e) => !e.version);
    expect(back.statements.map((s) => s.vulnerability)).toEqual(current.map((e) => e.id));
    // every state comes back as itself, except false_positive, which OpenVEX cannot say
    expect(back.statements.map((s) => s.state)).toEqual(current.map((e) => (e.state === 'false_positive' ? 'not_affected' : e.state)));
    // the justifications the reader maps come back exactly; requires_configuration comes back as its nearest
    expect(back.statements.map((s) => s.justification ?? null)).toEqual([null, 'code_not_reachable', null, null, 'code_not_present', 'requires_environment', null]);
    for (const s of back.statements) expect(s.products).toEqual(['pkg:npm/ws@8.23.0']);
    expect(back.statements[0]?.aliases).toEqual(['CVE-2024-37890']);
    expect(back.statements[0]?.date).toBe('2026-11-20');
    expect(back.statements[3]?.date).toBe('2026-11-26');
  });

  it('with nothing assessed there is nothing to state', async () => {
    const none: ReportData = { ...example, items: example.items.filter((i) => i.record.id !== 'npm/ws') };
    expect(openVexStatements(none)).toEqual([]);
    const d = JSON.parse(renderOpenVex(none)) as OpenVexDocument;
    expect(d.statements).toEqual([]);
    // OpenVEX wants at least one statement: that is the only complaint
    expect(validate(d)).toBe(false);
    expect(validate.errors?.map((e) => [e.instancePath, e.keyword])).toEqual([['/statements', 'minItems']]);
  });
});

describe('renderOpenVex on a hostile register', () => {
  it('keeps hostile text as data; a purl that is no URI gets a URI @id and keeps its text in identifiers', async () => {
    const { data } = await hostileRegister();
    const ws = data.items.find((i) => i.record.id === 'npm/ws');
    if (!ws) throw new Error('fixture');
    const evilPurl = `pkg:npm/${HOSTILE}@1.0.0`;
    const evil = { ...ws, component: undefined, record: { ...ws.record, identification: { ...ws.record.identification, purl: evilPurl } } };
    const withEvil: ReportData = { ...data, items: [...data.items.filter((i) => i !== ws), evil] };
    const json = renderOpenVex(withEvil);
    const d = JSON.parse(json) as OpenVexDocument;
    expect(validate(d), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(d.author).toBe(`Acme ${HOSTILE}`);
    const s = d.statements.find((x) => x.vulnerability.name === 'CVE-2026-10006');
    expect(s?.impact_statement).toBe(`The affected API is not used by the device. ${HOSTILE}`);
    expect(s?.products[0]?.identifiers?.purl).toBe(evilPurl);
    expect(s?.products[0]?.['@id']).not.toBe(evilPurl);
    expect(decodeURIComponent(s?.products[0]?.['@id'] ?? '')).toBe(evilPurl);
    expect(RAW_CONTROL.test(json)).toBe(false);
    // and the reader still finds the exact purl
    expect(parseVex(json, 'x.json').statements.every((x) => x.products[0] === evilPurl)).toBe(true);
  });
});
