import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { changelogCandidates, parseChangelog, readVersionHeading } from './index.js';
import { compareFor } from '../versions.js';

const fixture = (f: string) => readFileSync(new URL(`./fixtures/${f}`, import.meta.url), 'utf8');
const npm = compareFor('npm');
const ids = (text: string, shipped: string) => changelogCandidates(text, shipped, npm).map((c) => c.id);

describe('parseChangelog on real changelogs (expected values read from the files by hand)', () => {
  it('Keep a Changelog (argparse 2.0.1): versions, dates, sub-headings', () => {
    const s = parseChangelog(fixture('argparse-2.0.1.CHANGELOG.md'));
    expect(s.slice(0, 3).map((x) => [x.version, x.date, x.line])).toEqual([['2.0.1', '2020-08-29', 9], ['2.0.0', '2020-08-14', 14], ['1.0.10', '2018-02-15', 22]]);
    expect(s[0]!.entries).toEqual([{ text: 'Fix issue with `process.argv` when used with interpreters (`coffee`, `ts-node`, etc.), #150.', line: 11, heading: 'Fixed', fixHeading: true }]);
    expect(s[1]!.entries.map((e) => e.heading)).toEqual(['Changed', 'Changed', 'Changed']);
    expect(s[1]!.entries[0]!.text).toBe('Full rewrite. Now port from python 3.9.0 & more precise following. See [doc](./doc) for difference and migration info.'.replace('[doc](./doc)', 'doc'));
  });

  it('underlined "3.0.2 / 2018-07-19" headings (extend 3.0.2)', () => {
    const s = parseChangelog(fixture('extend-3.0.2.CHANGELOG.md'));
    expect(s.slice(0, 3).map((x) => [x.version, x.date])).toEqual([['3.0.2', '2018-07-19'], ['3.0.1', '2017-04-27'], ['3.0.0', '2015-07-01']]);
    expect(s[0]!.entries.map((e) => e.text)).toEqual([
      '[Fix] Prevent merging `__proto__` property (#48)',
      '[Dev Deps] update `eslint`, `@ljharb/eslint-config`, `tape`',
      '[Tests] up to `node` `v10.7`, `v9.11`, `v8.11`, `v7.10`, `v6.14`, `v4.9`; use `nvm install-latest-npm`',
    ]);
  });

  it('paragraph entries under "### Bug fixes" (acorn 8.19.0)', () => {
    const s = parseChangelog(fixture('acorn-8.19.0.CHANGELOG.md'));
    expect(s[0]).toMatchObject({ version: '8.19.0', date: '2026-10-05', line: 1 });
    expect(s[0]!.entries.map((e) => [e.line, e.heading, e.fixHeading])).toEqual([
      [5, 'New features', false], [9, 'Bug fixes', true], [11, 'Bug fixes', true], [13, 'Bug fixes', true],
    ]);
  });

  it('bold version lines after a preamble (fast-xml-parser 5.12.1); nested bullets stay in their entry', () => {
    const s = parseChangelog(fixture('fast-xml-parser-5.12.1.CHANGELOG.md'));
    expect(s.slice(0, 3).map((x) => [x.version, x.date, x.line])).toEqual([['5.12.1', '2026-11-13', 5], ['5.12.0', '2026-11-03', 11], ['5.11.2', '2026-09-29', 22]]);
    expect(s[1]!.entries.map((e) => e.line)).toEqual([12, 13, 14, 19, 20]);
    expect(s[1]!.entries[2]!.text).toBe('deps: @nodable/entities v3.1.0 fast-xml-builder v1.3.1 is-unsafe v2.0.3 strnum v2.5.1');
  });

  it('"3.3.0 2022-06-24" underlined (jsonc-parser 3.3.1), util-deprecate HISTORY.md', () => {
    expect(parseChangelog(fixture('jsonc-parser-3.3.1.CHANGELOG.md')).slice(0, 4).map((x) => x.version)).toEqual(['3.3.0', '3.2.0', '3.1.0', '3.0.0']);
    expect(parseChangelog(fixture('util-deprecate-1.0.2.History.md')).map((x) => [x.version, x.date])).toEqual([['1.0.2', '2015-10-07'], ['1.0.1', '2014-11-25'], ['1.0.0', '2014-04-30']]);
  });

  it('auto-changelog links on versions (minimist 1.2.8)', () => {
    const s = parseChangelog(fixture('minimist-1.2.8.CHANGELOG.md'));
    expect(s.slice(0, 3).map((x) => [x.version, x.date, x.line])).toEqual([['1.2.8', '2023-02-09', 8], ['1.2.7', '2022-10-10', 54], ['1.2.6', '2022-03-21', 71]]);
    expect(s[0]!.entries[0]).toMatchObject({ heading: 'Merged', line: 12, text: '[Fix] Fix long option followed by single dash `#17`' });
  });

  it('the hand-written styles file: Unreleased, # v2.0.1, --- underline, a plain version line, code blocks, a closing heading', () => {
    const s = parseChangelog(fixture('styles.CHANGELOG.md'));
    expect(s.map((x) => [x.version, x.unreleased, x.date, x.line])).toEqual([
      ['Unreleased', true, undefined, 6], ['2.1.0', false, '2024-06-01', 11], ['2.0.1', false, undefined, 24],
      ['2.0.0', false, '2024-01-10', 31], ['1.9.0', false, '2023-11-02', 37],
    ]);
    expect(s[1]!.entries.map((e) => e.text)).toEqual(['Pressure shown in kPa', 'Reject TLS 1.0 connections']); // the code block is not read
    expect(s[2]!.entries.map((e) => e.text)).toEqual(['Fix crash on empty config happens when the file has only comments continued line of the same entry', 'Update dependencies']);
    expect(s[4]!.entries.map((e) => e.text)).toEqual(['bug in the CSV export corrected']); // "## Older releases" ended the section
  });
});

describe('changelogCandidates: fixes in the versions after the shipped one', () => {
  it('fflate shipped at 0.8.1: the "Fix…" lines of 0.8.2 and 0.8.3, newest first as written', () => {
    const c = changelogCandidates(fixture('fflate-0.8.3.CHANGELOG.md'), '0.8.1', npm);
    expect(c.map((x) => [x.id, x.title])).toEqual([
      ['changelog:0.8.3#1', 'Fix buffer over-read for Zip64 extra fields'],
      ['changelog:0.8.3#2', 'Fix `zip`/`zipSync` when using cross-realm `Uint8Array`'],
      ['changelog:0.8.3#3', 'Fix typings for TypeScript v5.7+'],
      ['changelog:0.8.2#1', 'Fixed broken UMD build'],
      ['changelog:0.8.2#2', 'Fixed edge-case causing skipped data during streaming compression'],
      ['changelog:0.8.2#3', 'Fixed bug in GZIP streaming on member boundary'],
    ]);
    expect(c[0]).toMatchObject({ source: 'changelog', reason: 'fixed in 0.8.3, newer than the shipped 0.8.1 (changelog, line 2)' });
    expect(c[0]!.createdAt).toBeUndefined();
  });

  it('every entry under a fix heading counts, even without a fix word (argparse 1.0.9 → 1.0.10 "Use .concat …")', () => {
    const c = changelogCandidates(fixture('argparse-2.0.1.CHANGELOG.md'), '1.0.9', npm);
    expect(c.map((x) => [x.id, x.createdAt])).toEqual([['changelog:2.0.1#1', '2020-08-29'], ['changelog:1.0.10#1', '2018-02-15']]);
    expect(c[1]).toMatchObject({ title: 'Use .concat instead of + for arrays, #122.', reason: 'fixed in 1.0.10, newer than the shipped 1.0.9 (changelog, "Fixed", line 24)' });
  });

  it('the shipped version and older ones give nothing; the newest shipped gives nothing at all', () => {
    expect(ids(fixture('acorn-8.19.0.CHANGELOG.md'), '8.19.0')).toEqual([]);
    expect(ids(fixture('acorn-8.19.0.CHANGELOG.md'), '8.17.0')).toEqual(['changelog:8.19.0#1', 'changelog:8.19.0#2', 'changelog:8.19.0#3', 'changelog:8.18.0#1', 'changelog:8.18.0#2']);
    expect(ids(fixture('extend-3.0.2.CHANGELOG.md'), '3.0.0')).toEqual(['changelog:3.0.2#1', 'changelog:3.0.1#1']);
  });

  it('a security note in an auto-changelog commit list is a candidate (minimist shipped at 1.2.5)', () => {
    const c = changelogCandidates(fixture('minimist-1.2.8.CHANGELOG.md'), '1.2.5', npm);
    expect(c.filter((x) => x.id.startsWith('changelog:1.2.6')).map((x) => x.title)).toEqual(['security notice for additional prototype pollution issue `ef88b93`']);
    // the same entry listed under "Merged" and "Fixed" is not offered twice
    const titles = c.filter((x) => x.id.startsWith('changelog:1.2.8')).map((x) => x.title);
    expect(new Set(titles).size).toBe(titles.length);
  });

  it('Unreleased and Security sections, a --- underlined version (styles file, shipped 2.0.0)', () => {
    const c = changelogCandidates(fixture('styles.CHANGELOG.md'), '2.0.0', npm);
    expect(c.map((x) => [x.id, x.title])).toEqual([
      ['changelog:unreleased#1', 'Occlusion alarm no longer fires twice at zero flow (#1201)'],
      ['changelog:2.1.0#1', 'Reject TLS 1.0 connections'],
      ['changelog:2.0.1#1', 'Fix crash on empty config happens when the file has only comments continued line of the same entry'],
    ]);
    expect(c[0]!.reason).toBe('fixed after the shipped 2.0.0, not yet released (changelog, "Fixed", line 9)');
    expect(c[1]!.reason).toBe('fixed in 2.1.0, newer than the shipped 2.0.0 (changelog, "Security", line 17)');
    expect(ids(fixture('styles.CHANGELOG.md'), '1.9.0')).toContain('changelog:2.0.0#1'); // "Regression: timeouts were ignored"
  });

  it('PyPI versions compare by PEP 440 (1.0rc1 < 1.0 < 1.0.post1)', () => {
    const text = '## 1.0.post1\n- Fix packaging\n\n## 1.0\n- Fix A\n\n## 1.0rc1\n- first\n';
    expect(changelogCandidates(text, '1.0', compareFor('PyPI')).map((c) => c.id)).toEqual(['changelog:1.0.post1#1']);
    expect(changelogCandidates(text, '1.0rc1', compareFor('PyPI')).map((c) => c.id)).toEqual(['changelog:1.0.post1#1', 'changelog:1.0#1']);
  });

  it('a version written twice keeps distinct ids; at most `max` candidates', () => {
    const text = '## 2.0.0\n- fix a\n\n## 2.0.0\n- fix b\n\n## 1.5.0\n- fix c\n';
    expect(ids(text, '1.0.0')).toEqual(['changelog:2.0.0#1', 'changelog:2.0.0#2', 'changelog:1.5.0#1']);
    expect(changelogCandidates(text, '1.0.0', npm, { max: 2 })).toHaveLength(2);
  });
});

describe('hostile or odd changelogs', () => {
  it('headings that are not versions are not sections', () => {
    expect(readVersionHeading('Fixed in 1.2.3')).toBeUndefined();
    expect(readVersionHeading('Notes')).toBeUndefined();
    expect(readVersionHeading('[1.2.3] - 2024-01-01')).toEqual({ version: '1.2.3', unreleased: false, date: '2024-01-01' });
    expect(readVersionHeading('Version 4.0.0 (2024-13-45)')).toEqual({ version: '4.0.0', unreleased: false }); // no such day
    expect(readVersionHeading('jsonc-parser 3.3.0')).toEqual({ version: '3.3.0', unreleased: false });
  });

  it('control characters and huge entries are cleaned and clipped', () => {
    const text = `## 2.0.0\n- fix \u0007bell\u001b[31m and ${'x'.repeat(5000)}\n`;
    const [c] = changelogCandidates(text, '1.0.0', npm);
    expect([...c!.title].some((ch) => ch.charCodeAt(0) < 0x20)).toBe(false);
    expect(c!.title.length).toBeLessThanOrEqual(200);
  });

  it('never throws, whatever the text (property)', () => {
    fc.assert(fc.property(fc.string({ maxLength: 400 }), fc.constantFrom('1.0.0', '0.1', '2.0.0-beta.1'), (text, v) => {
      const c = changelogCandidates(text, v, npm);
      return Array.isArray(c) && c.every((x) => x.source === 'changelog' && x.id.startsWith('changelog:'));
    }));
    fc.assert(fc.property(fc.array(fc.constantFrom('## 1.2.3', '- fix x', '', '===', '---', '```', '  - nested', 'text', '**2.0.0**', '# v3.0.0', '[1.0.0]: http://x'), { maxLength: 40 }), (lines) => {
      parseChangelog(lines.join('\n'));
      return true;
    }));
  });
});
