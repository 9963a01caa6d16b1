import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { isTureenError, type TureenError } from '../../model/errors.js';
import { AdvisoryStore, type DumpEntry } from '../store/index.js';
import { readOsvFolder, readOsvZip } from './index.js';
import { centralRecords, dataDescriptorZip, recordName, toZip64, withCentral } from './test-support/zips.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const CORPUS = join(ROOT, 'test/fixtures/corpus/advisories');
const tmp = mkdtempSync(join(tmpdir(), 'tureen-dump-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The corpus as bytes and as JSON, read without Tureen: the oracle. */
const files = readdirSync(CORPUS).filter((f) => f.endsWith('.json')).sort();
const bytes = new Map(files.map((f) => [f, readFileSync(join(CORPUS, f))]));
const json = new Map(files.map((f) => [f, JSON.parse((bytes.get(f) as Buffer).toString('utf8')) as { id: string }]));

async function all(it: AsyncIterable<DumpEntry>): Promise<DumpEntry[]> {
  const out: DumpEntry[] = [];
  for await (const e of it) out.push(e);
  return out;
}

async function rejection(p: Promise<unknown>): Promise<TureenError> {
  try {
    await p;
  } catch (e) {
    if (isTureenError(e)) return e;
    throw e;
  }
  throw new Error('expected a TureenError');
}

let n = 0;
function write(zip: Uint8Array, name = `t${++n}.zip`): string {
  const file = join(tmp, name);
  writeFileSync(file, zip);
  return file;
}

function corpusZippable(): Zippable {
  const z: Zippable = {};
  for (const [f, b] of bytes) z[f] = new Uint8Array(b);
  return z;
}

describe('readOsvFolder', () => {
  it('reads every advisory of the corpus folder as the JSON it holds', async () => {
    const got = await all(readOsvFolder(CORPUS));
    expect(got.map((e) => e.where)).toEqual(files.map((f) => join(CORPUS, f)));
    for (const e of got) expect(e.record).toEqual(json.get(e.where.slice(CORPUS.length + 1)));
  });

  it('recurses in name order, skips other files and .git, never follows a symbolic link', async () => {
    const dir = join(tmp, 'tree');
    const outside = join(tmp, 'outside');
    mkdirSync(join(dir, 'b', 'deeper'), { recursive: true });
    mkdirSync(join(dir, 'a'), { recursive: true });
    mkdirSync(join(dir, '.git'), { recursive: true });
    mkdirSync(outside, { recursive: true });
    writeFileSync(join(dir, 'b', 'deeper', 'z.json'), JSON.stringify({ id: 'Z' }));
    writeFileSync(join(dir, 'a', 'y.JSON'), JSON.stringify({ id: 'Y' }));
    writeFileSync(join(dir, 'x.json'), JSON.stringify([{ id: 'X0' }, { id: 'X1' }]));
    writeFileSync(join(dir, 'README.md'), '# not json');
    writeFileSync(join(dir, '.git', 'packed.json'), '{}');
    writeFileSync(join(outside, 'secret.json'), JSON.stringify({ id: 'OUTSIDE' }));
    symlinkSync(outside, join(dir, 'link-dir'));
    symlinkSync(join(outside, 'secret.json'), join(dir, 'link.json'));
    const got = await all(readOsvFolder(dir));
    expect(got.map((e) => [e.where.slice(dir.length + 1), e.record])).toEqual([
      [join('a', 'y.JSON'), { id: 'Y' }],
      [join('b', 'deeper', 'z.json'), { id: 'Z' }],
      ['x.json[0]', { id: 'X0' }],
      ['x.json[1]', { id: 'X1' }],
    ]);
  });

  it('yields files it cannot read as problems: not JSON (with the line), not UTF-8, too large', async () => {
    const dir = join(tmp, 'bad');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'a.json'), '{\n  "id": "A",\n  oops\n}');
    writeFileSync(join(dir, 'b.json'), Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]));
    writeFileSync(join(dir, 'c.json'), JSON.stringify({ id: 'C', details: 'x'.repeat(2000) }));
    const got = await all(readOsvFolder(dir, { maxFileBytes: 1000 }));
    expect(got.map((e) => [e.where.slice(dir.length + 1), e.record, e.problem])).toEqual([
      ['a.json', undefined, expect.stringMatching(/not valid JSON.*line 3/)],
      ['b.json', undefined, 'not UTF-8 text'],
      ['c.json', undefined, expect.stringMatching(/2023 bytes, more than the 1000 /)],
    ]);
  });

  it('a path that is not a folder is a TureenError', async () => {
    expect((await rejection(all(readOsvFolder(join(tmp, 'nope'))))).code).toBe('input.unreadable');
    expect((await rejection(all(readOsvFolder(join(CORPUS, files[0] as string))))).code).toBe('usage');
  });
});

describe('readOsvZip', () => {
  it('reads a zip of the corpus (fflate zipSync) entry by entry', async () => {
    const file = write(zipSync(corpusZippable()), 'corpus.zip');
    const got = await all(readOsvZip(file));
    expect(got.map((e) => e.where)).toEqual(files.map((f) => `corpus.zip!${f}`));
    for (const e of got) expect(e.record).toEqual(json.get(e.where.slice('corpus.zip!'.length)));
  });

  it('reads entries whose sizes follow them in data descriptors (the shape of OSV\'s Go-written exports), even when a skipped entry holds ZIP signatures', async () => {
    // a stored non-JSON entry whose bytes contain a local file header signature ("PK\3\4") and a plausible header:
    // a reader that scans for signatures (fflate's streaming Unzip does) loses the entries after it
    const trap = new Uint8Array(256);
    trap.set([0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 0xff, 0xff, 0, 0, 3, 0, 0, 0, 0x61, 0x62, 0x63], 40);
    const zip = dataDescriptorZip([{ name: 'notes.bin', data: trap, stored: true }, ...files.map((f) => ({ name: f, data: new Uint8Array(bytes.get(f) as Buffer) }))]);
    expect(zip.readUInt16LE(6) & 8).toBe(8);
    const got = await all(readOsvZip(write(zip)));
    expect(got.map((e) => e.record)).toEqual(files.map((f) => json.get(f)));
  });

  it('reads the ZIP64 form (end record, locator and extra fields) that exports of 65,535+ entries use', async () => {
    const zip = toZip64(Buffer.from(zipSync(corpusZippable())));
    // the rewritten file is a valid zip for an independent reader
    expect(Object.keys(unzipSync(new Uint8Array(zip))).sort()).toEqual(files);
    const got = await all(readOsvZip(write(zip)));
    expect(got.map((e) => e.record)).toEqual(files.map((f) => json.get(f)));
  });

  it('reads every entry of a zip of 65,540 entries whose writer wrapped the 16-bit entry count (no ZIP64)', async () => {
    const z: Zippable = {};
    for (let i = 0; i < 65_540; i++) z[`A-${i}.json`] = [strToU8(`{"id":"A-${i}"}`), { level: 0 }];
    const zip = Buffer.from(zipSync(z));
    expect(zip.readUInt16LE(zip.length - 12)).toBe(4); // what the end record claims
    const got = await all(readOsvZip(write(zip)));
    expect(got).toHaveLength(65_540);
    expect(got.at(-1)?.record).toEqual({ id: 'A-65539' });
  });

  it('treats entry names as labels and refuses bombs, bad JSON and damaged data entry by entry', async () => {
    const valid = (id: string) => strToU8(JSON.stringify({ id, modified: '2024-01-01T00:00:00Z', affected: [{ package: { ecosystem: 'npm', name: 'left-pad' } }] }));
    const bomb = strToU8(`{"id":"BOMB","modified":"2024-01-01T00:00:00Z","details":"${' '.repeat(40 * 1024 * 1024)}"}`);
    const zip = zipSync({
      '../../x.json': valid('GHSA-trav-ersa-l000'),
      '/etc/y.json': valid('GHSA-abso-lute-0000'),
      'bomb.json': bomb,
      'notes.txt': strToU8('not an advisory'),
      'bad.json': strToU8('{"id": "BAD", '),
      'latin1.json': new Uint8Array([0x7b, 0x22, 0x69, 0x64, 0x22, 0x3a, 0x22, 0xe9, 0x22, 0x7d]),
      'proto.json': strToU8('{"__proto__": {"polluted": true}, "id": "__proto__", "modified": "2024-01-01T00:00:00Z"}'),
    });
    expect(zip.length).toBeLessThan(200 * 1024);
    const file = write(zip, 'hostile.zip');
    const got = await all(readOsvZip(file));
    expect(got.map((e) => [e.where, e.problem === undefined ? 'record' : e.problem])).toEqual([
      ['hostile.zip!../../x.json', 'record'],
      ['hostile.zip!/etc/y.json', 'record'],
      ['hostile.zip!bomb.json', expect.stringMatching(/more than the 33554432 /)],
      ['hostile.zip!bad.json', expect.stringMatching(/not valid JSON/)],
      ['hostile.zip!latin1.json', 'not UTF-8 text'],
      ['hostile.zip!proto.json', 'record'],
    ]);
    const store = AdvisoryStore.open(join(tmp, 'hostile.db'));
    const s = await store.importOsv(readOsvZip(file), 'hostile');
    expect({ added: s.added, invalid: s.invalidCount }).toEqual({ added: 3, invalid: 3 });
    expect(store.get('__proto__')?.id).toBe('__proto__');
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    store.close();
    // nothing was written by an entry's name
    for (const p of [resolve(tmp, '..', '..', 'x.json'), resolve(tmp, '..', 'x.json'), resolve(process.cwd(), '..', '..', 'x.json'), '/etc/y.json']) expect(existsSync(p), p).toBe(false);
    expect(readdirSync(tmp).filter((f) => f.startsWith('hostile')).sort()).toEqual(['hostile.db', 'hostile.zip']);
  });

  it('stops inflating an entry whose directory lies about its size', async () => {
    const zip = Buffer.from(zipSync({ 'a.json': strToU8(`{"id":"A","details":"${'a'.repeat(8 * 1024 * 1024)}"}`), 'b.json': strToU8('{"id":"B"}') }));
    const recs = centralRecords(zip);
    (recs[0] as Buffer).writeUInt32LE(100, 24); // "100 bytes"
    const got = await all(readOsvZip(write(withCentral(zip, recs)), { maxEntryBytes: 1024 * 1024 }));
    expect(got.map((e) => e.problem ?? e.record)).toEqual([expect.stringMatching(/inflates to more than 1048576 bytes/), { id: 'B' }]);
  });

  it('refuses an entry that overlaps another (the overlapping zip bomb)', async () => {
    const zip = Buffer.from(zipSync({ 'a.json': strToU8('{"id":"A"}') }));
    const [rec] = centralRecords(zip) as [Buffer];
    const twin = Buffer.from(rec);
    twin.write('b', 46); // "b.json", the same data
    expect(recordName(twin)).toBe('b.json');
    const got = await all(readOsvZip(write(withCentral(zip, [rec, twin]))));
    expect(got.map((e) => [e.where.split('!')[1], e.problem ?? e.record])).toEqual([['a.json', { id: 'A' }], ['b.json', 'the entry overlaps another entry']]);
  });

  it('refuses an entry whose data fails its CRC-32', async () => {
    const zip = Buffer.from(zipSync({ 'a.json': [strToU8('{"id":"AAAA"}'), { level: 0 }] }));
    const at = zip.indexOf('AAAA');
    zip[at] = 0x42;
    const got = await all(readOsvZip(write(zip)));
    expect(got.map((e) => e.problem)).toEqual(['the entry fails its CRC-32 check (damaged)']);
  });

  it('throws a TureenError for too many entries, too much inflated data, a truncated file, a file that is no zip', async () => {
    const file = write(zipSync(corpusZippable()));
    const many = await rejection(all(readOsvZip(file, { maxEntries: 3 })));
    expect([many.code, many.message]).toEqual(['input.too-large', expect.stringMatching(/lists 16 entries, more than the 3/)]);
    const total = await rejection(all(readOsvZip(file, { maxTotalBytes: 10_000 })));
    expect(total.code).toBe('input.too-large');
    const whole = readFileSync(file);
    const cut = await rejection(all(readOsvZip(write(whole.subarray(0, whole.length - 200)))));
    expect([cut.code, cut.message]).toEqual(['input.malformed', expect.stringMatching(/not a readable ZIP archive/)]);
    expect((await rejection(all(readOsvZip(write(strToU8('hello, I am not a zip file'), 'text.zip'))))).code).toBe('input.malformed');
    expect((await rejection(all(readOsvZip(join(tmp, 'absent.zip'))))).code).toBe('input.unreadable');
  });
});
