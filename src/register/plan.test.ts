import fc from 'fast-check';
import { parse, parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { SoupRecord } from '../model/record.js';
import type { ScannedComponent } from '../model/scanned.js';
import { planSync, SCHEMA_HEADER, type RecordFile } from './plan.js';

function item(name: string, version: string, over: Partial<ScannedComponent> = {}): ScannedComponent {
  const purl = `pkg:npm/${name}@${version}`;
  return {
    key: purl, ecosystem: 'npm', name, version, purl, licenses: [{ expression: 'MIT' }], hashes: [], scope: 'runtime', direct: true, firstParty: false,
    origin: { type: 'registry' }, paths: [], dependencies: [], evidence: [{ file: 'package-lock.json', line: 10, source: 'npm' }],
    classification: { soup: true, branch: 'off-the-shelf', kind: 'library', rule: 'npm.runtime', rationale: 'SOUP: a runtime package.' },
    ...over,
  };
}

/** Apply a plan to a folder held in memory. */
function apply(folder: Map<string, string>, items: ScannedComponent[], today = '2026-11-25') {
  const plan = planSync({ existing: [...folder].map(([file, text]) => ({ file, text })), items, today, folder: 'soup' });
  for (const w of plan.writes) folder.set(w.file, w.after);
  return plan;
}

const recordOf = (text: string) => SoupRecord.parse(parse(text));

describe('sync: new items', () => {
  it('drafts one record per SOUP item with what the scan knows, the schema header and a created history entry', () => {
    const folder = new Map<string, string>();
    const plan = apply(folder, [item('express', '5.1.0'), item('@types/node', '20.1.0')]);
    expect(plan.writes.map((w) => [w.file, w.action])).toEqual([['npm--types--node.yaml', 'create'], ['npm-express.yaml', 'create']]);
    const text = folder.get('npm-express.yaml')!;
    expect(text.startsWith(`# ${SCHEMA_HEADER}\n`)).toBe(true);
    const r = recordOf(text);
    expect(r).toMatchObject({
      id: 'npm/express',
      identification: { name: 'express', version: '5.1.0', ecosystem: 'npm', purl: 'pkg:npm/express@5.1.0', license: 'MIT' },
      evidence: [{ file: 'package-lock.json', line: 10, source: 'npm' }],
      classification: { soup: true, kind: 'library', rule: 'npm.runtime', scope: 'runtime' },
      history: [{ date: '2026-11-25', event: 'created', to: '5.1.0' }],
      status: 'active',
    });
  });

  it('starts a new record with the config\'s defaults for its kind', () => {
    const plan = planSync({
      existing: [], items: [item('express', '5.1.0'), item('libc6', '2.36-9', { ecosystem: 'Debian:12', purl: 'pkg:deb/debian/libc6@2.36-9', key: 'pkg:deb/debian/libc6@2.36-9', classification: { soup: true, branch: 'off-the-shelf', kind: 'os-package', rule: 'dpkg.os-package', rationale: 'x' } })],
      today: '2026-11-25', folder: 'soup',
      defaults: (c) => (c.classification.kind === 'os-package' ? { safetyClass: 'B', surveillance: { frequency: 'P1M', owner: 'QA' } } : { safetyClass: 'C' }),
    });
    const byFile = new Map(plan.writes.map((w) => [w.file, recordOf(w.after)]));
    expect(byFile.get('npm-express.yaml')).toMatchObject({ safetyClass: 'C' });
    expect(byFile.get('npm-express.yaml')?.surveillance).toBeUndefined();
    expect(byFile.get('debian.12-libc6.yaml')).toMatchObject({ safetyClass: 'B', surveillance: { frequency: 'P1M', owner: 'QA' } });
  });

  it('prefills prerequisites from the lockfile and the registry; a later sync leaves them to the person', () => {
    const folder = new Map<string, string>();
    const esbuild = (version: string) => item('@esbuild/linux-x64', version, {
      properties: [
        { name: 'prerequisite:software', value: 'node >=18' }, { name: 'prerequisite:software', value: 'os: linux' },
        { name: 'prerequisite:hardware', value: 'cpu: x64' },
      ],
    });
    const metadata = () => ({ registry: 'registry.npmjs.org', fetchedAt: '2026-11-25T00:00:00Z', prerequisites: { software: ['node >= 18', 'libc: glibc'] } });
    const first = planSync({ existing: [], items: [esbuild('0.28.2')], today: '2026-11-25', folder: 'soup', metadata });
    const file = first.writes[0]!;
    expect(recordOf(file.after).prerequisites).toEqual({ hardware: ['cpu: x64'], software: ['node >=18', 'os: linux', 'libc: glibc'] });
    // the person narrows it to what the device is verified on; a bump with other engines does not touch it
    const edited = file.after.replace(/prerequisites:[\s\S]*?(?=\n\w)/, 'prerequisites:\n  hardware:\n    - i.MX8 (arm64), 2 GiB RAM\n  software:\n    - node 22.12 LTS');
    folder.set(file.file, edited);
    apply(folder, [esbuild('0.29.0')]);
    expect(recordOf(folder.get(file.file)!).prerequisites).toEqual({ hardware: ['i.MX8 (arm64), 2 GiB RAM'], software: ['node 22.12 LTS'] });
  });

  it('gives each of several versions of one package its own file', () => {
    const folder = new Map<string, string>();
    apply(folder, [item('ms', '2.0.0'), item('ms', '2.1.3')]);
    expect(folder.size).toBe(2);
    expect(new Set([...folder.values()].map((t) => recordOf(t).identification.version))).toEqual(new Set(['2.0.0', '2.1.3']));
  });
});

const HUMAN = `safetyClass: B # decided in the SOUP review of 2026-10
safetyClassRationale: A failed HTTP layer delays the clinician's view; the pump keeps its rate. # see H-12
functionalRequirements:
  # agreed with the UI team
  - id: FR-1
    text: Returns the status within 2 s.
anomalyReview:
  version: 5.1.0
  date: 2026-11-20
  reviewer: A. Reviewer
  sources: [GitHub issues]
  entries: []
  conclusion: Nothing relevant.
`;

describe('sync keeps what people wrote', () => {
  it('leaves a record a person completed untouched when nothing changed (byte for byte)', () => {
    const folder = new Map<string, string>();
    apply(folder, [item('express', '5.1.0')]);
    const edited = folder.get('npm-express.yaml')!.replace('status: active\n', `${HUMAN}status: active\n`);
    folder.set('npm-express.yaml', edited);
    const plan = apply(folder, [item('express', '5.1.0')]);
    expect(plan.writes).toEqual([]);
    expect(plan.unchanged).toBe(1);
    expect(folder.get('npm-express.yaml')).toBe(edited);
  });

  it('on a version change rewrites identification, keeps every human line and comment, and copies the old review into history', () => {
    const folder = new Map<string, string>();
    apply(folder, [item('express', '5.1.0')]);
    folder.set('npm-express.yaml', folder.get('npm-express.yaml')!.replace('status: active\n', `${HUMAN}status: active\n`));
    const plan = apply(folder, [item('express', '5.2.0')], '2026-12-01');
    expect(plan.writes.map((w) => [w.action, w.what])).toEqual([['update', 'version 5.1.0 → 5.2.0']]);
    const text = folder.get('npm-express.yaml')!;
    for (const line of HUMAN.split('\n').filter((l) => l.trim())) expect(text).toContain(line.trim());
    const r = recordOf(text);
    expect(r.identification.version).toBe('5.2.0');
    expect(r.anomalyReview?.version).toBe('5.1.0'); // still in place, naming the old version: check asks for a new review
    expect(r.history?.at(-1)).toMatchObject({ date: '2026-12-01', event: 'version-change', from: '5.1.0', to: '5.2.0', previous: { anomalyReview: { version: '5.1.0', conclusion: 'Nothing relevant.' } } });
  });

  it('keeps a person\'s classification override while rewriting the rule and rationale', () => {
    const folder = new Map<string, string>();
    apply(folder, [item('uplot', '1.6.32')]);
    const withOverride = folder.get('npm-uplot.yaml')!.replace(/rationale: .*\n/, (m) => `${m}  override:\n    soup: true\n    reason: bundled by vite into the shipped UI # QA-17\n`);
    folder.set('npm-uplot.yaml', withOverride);
    apply(folder, [item('uplot', '1.6.32', { classification: { soup: true, branch: 'off-the-shelf', kind: 'library', rule: 'config.override', rationale: 'changed' } })]);
    const text = folder.get('npm-uplot.yaml')!;
    expect(text).toContain('reason: bundled by vite into the shipped UI # QA-17');
    expect(recordOf(text).classification).toMatchObject({ rule: 'config.override', rationale: 'changed', override: { soup: true } });
  });

  it('marks a record whose item is gone as removed and keeps the file; the item coming back restores it', () => {
    const folder = new Map<string, string>();
    apply(folder, [item('express', '5.1.0'), item('ws', '8.17.1')]);
    const plan = apply(folder, [item('express', '5.1.0')], '2026-12-01');
    expect(plan.writes.map((w) => [w.file, w.action])).toEqual([['npm-ws.yaml', 'remove']]);
    expect(recordOf(folder.get('npm-ws.yaml')!)).toMatchObject({ status: 'removed', history: [{ event: 'created' }, { event: 'removed', date: '2026-12-01' }] });
    expect(apply(folder, [item('express', '5.1.0')], '2026-12-02').writes).toEqual([]); // removed stays removed, no churn
    apply(folder, [item('express', '5.1.0'), item('ws', '8.18.0')], '2026-12-03');
    const back = recordOf(folder.get('npm-ws.yaml')!);
    expect(back.status).toBe('active');
    expect(back.identification.version).toBe('8.18.0');
    expect(back.history?.map((h) => h.event)).toEqual(['created', 'removed', 'version-change', 'restored']);
  });

  it('never touches a record that does not parse or fit the schema, and says where', () => {
    const folder = new Map<string, string>([
      ['npm-express.yaml', 'id: npm/express\nidentification: [\n'],
      ['npm-ws.yaml', `id: npm/ws\nidentification: {name: ws, version: 8.17.1, ecosystem: npm, purl: pkg:npm/ws@8.17.1}\nevidence: []\nclassification: {soup: true, branch: off-the-shelf, kind: library, rule: r, rationale: x}\nsafetyClass: D\n`],
    ]);
    const before = new Map(folder);
    const plan = apply(folder, [item('express', '5.1.0')]);
    expect(plan.findings.map((f) => [f.rule, f.file, f.line])).toEqual([
      ['sync.unreadable-record', 'soup/npm-express.yaml', 3],
      ['sync.invalid-record', 'soup/npm-ws.yaml', 5],
    ]);
    expect(folder.get('npm-express.yaml')).toBe(before.get('npm-express.yaml'));
    expect(folder.get('npm-ws.yaml')).toBe(before.get('npm-ws.yaml'));
    // express's record file name is taken by the broken file: the new record goes elsewhere, nothing is overwritten
    expect(plan.writes.map((w) => w.action)).toEqual(['create']);
    expect(plan.writes[0]!.file).not.toBe('npm-express.yaml');
  });
});

describe('sync over many rounds (property)', () => {
  const names = ['express', 'ws', 'zod', 'pino', '@types/node', 'left-pad'];
  const versions = ['1.0.0', '1.1.0', '2.0.0'];
  const scanArb = fc.uniqueArray(fc.tuple(fc.constantFrom(...names), fc.constantFrom(...versions)), { selector: (t) => t[0], maxLength: names.length });
  const editArb = fc.record({ file: fc.nat(), text: fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() === s && !/[\n\r#:]/.test(s) && /^[A-Za-z]/.test(s)) });

  it('every value a person wrote is still in its record, in place or in history, and every record stays valid', () => {
    fc.assert(fc.property(fc.array(fc.tuple(scanArb, fc.array(editArb, { maxLength: 3 })), { minLength: 1, maxLength: 8 }), (rounds) => {
      const folder = new Map<string, string>();
      const written: { file: string; text: string }[] = [];
      rounds.forEach(([scan, edits], round) => {
        apply(folder, scan.map(([n, v]) => item(n, v)), `2026-12-${String(round + 1).padStart(2, '0')}`);
        const files = [...folder.keys()].sort();
        for (const e of edits) {
          if (!files.length) break;
          const file = files[e.file % files.length]!;
          const doc = parseDocument(folder.get(file)!);
          const reqs = (doc.getIn(['functionalRequirements']) as unknown) ? doc.getIn(['functionalRequirements']) : undefined;
          const req = { id: `FR-${written.length}`, text: e.text };
          if (reqs) doc.addIn(['functionalRequirements'], doc.createNode(req));
          else doc.setIn(['functionalRequirements'], doc.createNode([req]));
          folder.set(file, String(doc));
          written.push({ file, text: e.text });
        }
      });
      for (const [file, text] of folder) expect(SoupRecord.safeParse(parse(text)).success, file).toBe(true);
      for (const w of written) expect(folder.get(w.file), `${w.file} lost "${w.text}"`).toContain(w.text);
    }), { numRuns: 150 });
  });
});

describe('grouping by direct parent', () => {
  const root = 'pump@1.0.0';
  const express = item('express', '5.1.0', { paths: [[root, 'express@5.1.0']] });
  const bodyParser = item('body-parser', '2.2.0', { direct: false, paths: [[root, 'express@5.1.0', 'body-parser@2.2.0']] });
  const ms = item('ms', '2.1.3', { direct: false, licenses: [{ expression: 'MIT' }], paths: [[root, 'express@5.1.0', 'body-parser@2.2.0', 'ms@2.1.3']] });
  const lonely = item('lonely', '1.0.0', { direct: false, paths: [[root, 'dev-tool@1.0.0', 'lonely@1.0.0']] }); // its parent is not SOUP

  it('lists transitive items in their direct parent\'s record, with exact version and licence', () => {
    const folder = new Map<string, string>();
    const plan = planSync({ existing: [], items: [express, bodyParser, ms, lonely], today: '2026-11-25', folder: 'soup', grouping: 'by-direct-parent' });
    for (const w of plan.writes) folder.set(w.file, w.after);
    expect([...folder.keys()].sort()).toEqual(['npm-express.yaml', 'npm-lonely.yaml']);
    expect(recordOf(folder.get('npm-express.yaml')!).members).toEqual([
      { name: 'body-parser', version: '2.2.0', ecosystem: 'npm', purl: 'pkg:npm/body-parser@2.2.0', license: 'MIT' },
      { name: 'ms', version: '2.1.3', ecosystem: 'npm', purl: 'pkg:npm/ms@2.1.3', license: 'MIT' },
    ]);
    // a member's version change rewrites the parent's members list only
    const ms2 = item('ms', '2.1.4', { direct: false, paths: [[root, 'express@5.1.0', 'body-parser@2.2.0', 'ms@2.1.4']] });
    const next = planSync({ existing: [...folder].map(([file, text]) => ({ file, text })), items: [express, bodyParser, ms2, lonely], today: '2026-11-26', folder: 'soup', grouping: 'by-direct-parent' });
    expect(next.writes.map((w) => [w.file, w.what])).toEqual([['npm-express.yaml', 'machine fields']]);
    expect(recordOf(next.writes[0]!.after).members?.map((m) => `${m.name}@${m.version}`)).toEqual(['body-parser@2.2.0', 'ms@2.1.4']);
  });

  it('keeps a transitive item\'s own record when it has one', () => {
    const folder = new Map<string, string>();
    apply(folder, [express, ms]); // grouping each: ms gets its own record
    const plan = planSync({ existing: [...folder].map(([file, text]) => ({ file, text })), items: [express, bodyParser, ms], today: '2026-11-26', folder: 'soup', grouping: 'by-direct-parent' });
    for (const w of plan.writes) folder.set(w.file, w.after);
    expect(recordOf(folder.get('npm-ms.yaml')!).status).toBe('active');
    expect(recordOf(folder.get('npm-express.yaml')!).members?.map((m) => m.name)).toEqual(['body-parser']);
  });
});

describe('sync input', () => {
  it('takes record files as given (the caller reads the folder)', () => {
    const files: RecordFile[] = [];
    expect(planSync({ existing: files, items: [], today: '2026-11-25', folder: 'soup' })).toEqual({ writes: [], findings: [], unchanged: 0 });
  });
});
