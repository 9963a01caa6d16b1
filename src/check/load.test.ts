import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { TureenError } from '../model/errors.js';
import { MAX_RECORD_BYTES, lineOfPath, parseRecordText, readRecordFolder } from './load.js';
import { goodRecord } from './test-records.js';

const root = mkdtempSync(join(tmpdir(), 'tureen-check-load-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('readRecordFolder', () => {
  it('reads *.yaml and *.yml in the folder, sorted; skips dot-files, other files and sub-folders; refuses huge files unread', () => {
    const dir = join(root, 'a');
    mkdirSync(join(dir, 'soup', '.schema'), { recursive: true });
    mkdirSync(join(dir, 'soup', 'nested'), { recursive: true });
    const text = stringify(goodRecord());
    writeFileSync(join(dir, 'soup', 'b.yml'), text);
    writeFileSync(join(dir, 'soup', 'a.yaml'), text);
    writeFileSync(join(dir, 'soup', '.hidden.yaml'), text);
    writeFileSync(join(dir, 'soup', 'notes.md'), 'x');
    writeFileSync(join(dir, 'soup', 'nested', 'c.yaml'), text);
    writeFileSync(join(dir, 'soup', '.schema', 'record.schema.json'), '{}');
    writeFileSync(join(dir, 'soup', 'z.yaml'), `# ${'x'.repeat(MAX_RECORD_BYTES)}\n`);
    const rs = readRecordFolder(dir, 'soup');
    expect(rs.map((r) => [r.file, r.record?.id ?? r.parseError?.message])).toEqual([
      ['soup/a.yaml', 'npm/left-pad'],
      ['soup/b.yml', 'npm/left-pad'],
      ['soup/z.yaml', `the file is ${MAX_RECORD_BYTES + 3} bytes; a record is at most ${MAX_RECORD_BYTES} (1 MiB)`],
    ]);
  });
  it('a missing folder, or one outside the repository, is a TureenError', () => {
    expect(() => readRecordFolder(join(root, 'none'), 'soup')).toThrow(TureenError);
    expect(() => readRecordFolder(join(root, 'none'), 'soup')).toThrow(/record folder/);
    expect(() => readRecordFolder(root, '../elsewhere')).toThrow(/outside the repository/);
  });
});

describe('lineOfPath', () => {
  const text = '# yaml-language-server: $schema=x\n# header\n\nid: a\nidentification:\n  name: a\nlist:\n  - x\n  - y\n';
  const input = parseRecordText('r.yaml', text);
  it('finds keys and sequence items; falls back to the deepest existing key, then to where the content starts', () => {
    expect(lineOfPath(input, ['identification', 'name'])).toBe(6);
    expect(lineOfPath(input, ['list', 1])).toBe(9);
    expect(lineOfPath(input, ['identification', 'version'])).toBe(5);
    expect(lineOfPath(input, ['surveillance'])).toBe(4);
  });
  it('works from text alone (the document parsed lazily)', () => {
    expect(lineOfPath({ file: 'r.yaml', text, record: undefined }, ['list', 0])).toBe(8);
  });
});
