import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../model/finding.js';
import { CheckReport, mdCell, toJson, toMarkdown, toSarif, toSarifLog, toText } from './format.js';
import { CHECK_RULES, checkRecords } from './rules.js';
import { NOW, goodRecord, inputOf } from './test-records.js';

// ajv-formats is CommonJS: its default export arrives wrapped under ESM
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (a: Ajv) => Ajv;

const findings: Finding[] = [
  { rule: 'check.version-inexact', severity: 'error', item: 'npm/b', file: 'soup/npm b.yaml', line: 4, message: 'b: "^1" is not one exact version', fix: 'Pin it.' },
  { rule: 'check.requirement-vague', severity: 'warning', item: 'npm/a', file: 'soup/npm-a.yaml', line: 20, message: 'FR-1 "Handles <script>|x" uses the vague verb "handles"', fix: 'Rewrite | it.' },
  { rule: 'check.section-missing', severity: 'error', item: 'npm/a', file: 'soup/npm-a.yaml', line: 1, message: 'a (class B): the post-market surveillance section is missing or empty', fix: 'Write surveillance.' },
];

describe('SARIF', () => {
  const schema = JSON.parse(readFileSync(new URL('./fixtures/sarif-schema-2.1.0.json', import.meta.url), 'utf8')) as Record<string, unknown>;
  const ajv = addFormats(new Ajv({ strict: false, allErrors: true }));
  const validate = ajv.compile(schema);

  it('is valid against the official SARIF 2.1.0 JSON Schema (OASIS), with and without results', () => {
    for (const input of [{ findings, records: 2 }, { findings: [], records: 0 }]) {
      const log = JSON.parse(toSarif(input)) as unknown;
      const ok = validate(log);
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    }
  });
  it('the schema rejects a broken log (the validation is real)', () => {
    const log = toSarifLog({ findings, records: 2 }) as { runs: { results: { level: string }[] }[] };
    log.runs[0]!.results[0]!.level = 'fatal';
    expect(validate(log)).toBe(false);
  });
  it('names the tool and every rule; results point at the file and line', () => {
    const log = toSarifLog({ findings, records: 2 }) as {
      runs: { tool: { driver: { name: string; rules: { id: string; help: { text: string } }[] } }; results: { ruleId: string; ruleIndex: number; level: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[];
    };
    const run = log.runs[0]!;
    expect(run.tool.driver.name).toBe('tureen');
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(Object.keys(CHECK_RULES));
    expect(run.results.map((r) => [r.ruleId, r.level, r.locations[0]!.physicalLocation.artifactLocation.uri, r.locations[0]!.physicalLocation.region.startLine])).toEqual([
      ['check.version-inexact', 'error', 'soup/npm%20b.yaml', 4], // ' ' sorts before '-'
      ['check.section-missing', 'error', 'soup/npm-a.yaml', 1],
      ['check.requirement-vague', 'warning', 'soup/npm-a.yaml', 20],
    ]);
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex]!.id).toBe(r.ruleId);
    expect(run.results[1]!.message.text).toBe('a (class B): the post-market surveillance section is missing or empty\nFix: Write surveillance.');
  });
  it('real findings from checkRecords validate too', () => {
    const r = { ...goodRecord(), safetyClass: undefined, identification: { ...goodRecord().identification, version: 'latest', license: 'not a licence' } };
    const fs = checkRecords([inputOf(r)], { now: NOW });
    expect(fs.length).toBeGreaterThan(2);
    expect(validate(JSON.parse(toSarif({ findings: fs, records: 1 })))).toBe(true);
  });
});

describe('JSON', () => {
  it('fits the CheckReport schema, sorted by file, line, severity', () => {
    const doc = CheckReport.parse(JSON.parse(toJson({ findings, records: 2 })));
    expect(doc.summary).toEqual({ records: 2, errors: 2, warnings: 1, infos: 0 });
    expect(doc.findings.map((f) => `${f.file}:${f.line}`)).toEqual(['soup/npm b.yaml:4', 'soup/npm-a.yaml:1', 'soup/npm-a.yaml:20']);
    expect(doc.tool.name).toBe('tureen');
  });
});

describe('text', () => {
  it('groups by file: file:line: severity rule message, then fix', () => {
    expect(toText({ findings, records: 2 })).toBe([
      'soup/npm b.yaml:4: error check.version-inexact b: "^1" is not one exact version',
      '  fix: Pin it.',
      '',
      'soup/npm-a.yaml:1: error check.section-missing a (class B): the post-market surveillance section is missing or empty',
      '  fix: Write surveillance.',
      'soup/npm-a.yaml:20: warning check.requirement-vague FR-1 "Handles <script>|x" uses the vague verb "handles"',
      '  fix: Rewrite | it.',
      '',
      '2 records checked: 2 errors, 1 warning.',
      '',
    ].join('\n'));
  });
  it('control characters in messages cannot drive the terminal', () => {
    const out = toText({ findings: [{ ...findings[0]!, message: 'evil\u001b[2Jname' }], records: 1 });
    expect(out).not.toContain('\u001b');
    expect(out).toContain('evil\\u001b[2Jname');
  });
  it('no findings: just the summary', () => {
    expect(toText({ findings: [], records: 3 })).toBe('3 records checked: 0 errors, 0 warnings.\n');
  });
});

describe('markdown', () => {
  it('a summary line, a table of errors, then warnings; | and HTML escaped', () => {
    const md = toMarkdown({ findings, records: 2 });
    const lines = md.split('\n');
    expect(lines[0]).toBe('### ❌ Tureen check: 2 records checked: 2 errors, 1 warning.');
    const errors = lines.indexOf('#### Errors (2)');
    const warnings = lines.indexOf('#### Warnings (1)');
    expect(errors).toBeGreaterThan(0);
    expect(warnings).toBeGreaterThan(errors);
    expect(lines[warnings + 4]).toBe('| soup/npm-a.yaml:20 | npm/a | check.requirement-vague | FR-1 "Handles &lt;script&gt;\\|x" uses the vague verb "handles" | Rewrite \\| it. |');
    // every table row has exactly 6 unescaped pipes
    for (const l of lines.filter((x) => x.startsWith('| '))) expect(l.replace(/\\\|/g, '').split('|').length - 1).toBe(6);
    expect(toMarkdown({ findings: [], records: 1 }).trim()).toBe('### ✅ Tureen check: 1 record checked: 0 errors, 0 warnings.');
  });
  it('mdCell neutralises line breaks, pipes, HTML and Markdown links', () => {
    expect(mdCell('a|b\nc <img src=x onerror=y> [x](http://e) `c` &amp;')).toBe('a\\|b c &lt;img src=x onerror=y&gt; \\[x\\](http://e) \\`c\\` &amp;amp;');
  });
});
