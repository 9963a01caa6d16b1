/**
 * `tureen report` as a user runs it (the built binary) on a copy of the example device: every format in one run, the
 * file names, a single format to a file path, the company template, and the errors a user can make.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { unzipSync } from 'fflate';
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sync } from '../src/register/sync.js';
import { cycloneDxXsdErrors, openVexValidator, spdxValidator } from '../src/report/sbom/test-support/validate.js';
import { copyExample } from '../src/test-support/example.js';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'dist', 'cli', 'main.js');
const tmp = mkdtempSync(join(tmpdir(), 'tureen-report-cli-'));
const repo = join(tmp, 'pump');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const runIn = (dir: string, ...args: string[]) => spawnSync(process.execPath, [BIN, 'report', dir, ...args], { encoding: 'utf8', env: { ...process.env, TUREEN_DEBUG: '' } });
const run = (...args: string[]) => runIn(repo, ...args);

beforeAll(() => {
  // the example as a user gets it: its register (soup/) as the team keeps it, the base image's vulnerabilities assessed
  cpSync(copyExample('tureen-report-cli-example-', { register: true }), repo, { recursive: true });
});

describe('tureen report', () => {
  it('--format all on the example device writes every document under the document id, OpenVEX included, each exchange format valid', async () => {
    const out = join(tmp, 'all');
    const r = run('--format', 'all', '--out', out, '--date', '2026-11-26');
    expect(r.stderr).toContain('SOUP-INFUSION-PUMP-CONTROLLER rev. 1, 2026-11-26: 85 SOUP items (0 complete), 271 not SOUP');
    expect(r.status).toBe(0);
    expect(readdirSync(out).sort()).toEqual([
      'SOUP-INFUSION-PUMP-CONTROLLER-md', 'SOUP-INFUSION-PUMP-CONTROLLER.cdx.json', 'SOUP-INFUSION-PUMP-CONTROLLER.cdx.xml',
      'SOUP-INFUSION-PUMP-CONTROLLER.csv', 'SOUP-INFUSION-PUMP-CONTROLLER.docx', 'SOUP-INFUSION-PUMP-CONTROLLER.html',
      'SOUP-INFUSION-PUMP-CONTROLLER.openvex.json', 'SOUP-INFUSION-PUMP-CONTROLLER.pdf', 'SOUP-INFUSION-PUMP-CONTROLLER.spdx.json',
    ]);
    // the team's assessment of the base image's Node.js vulnerabilities, one statement each
    const vex = JSON.parse(readFileSync(join(out, 'SOUP-INFUSION-PUMP-CONTROLLER.openvex.json'), 'utf8')) as { statements: { vulnerability: { name: string }; products: { '@id': string }[]; status: string }[] };
    expect(vex.statements.map((s) => [s.vulnerability.name, s.products.map((p) => p['@id']), s.status])).toEqual(
      ['CVE-2025-23083', 'CVE-2025-23084', 'CVE-2025-23085'].map((id) => [id, ['pkg:docker/library/node@22.12.0-bookworm-slim'], 'not_affected']),
    );
    // every exchange format of the example validates against its official schema
    const file = (ext: string) => readFileSync(join(out, `SOUP-INFUSION-PUMP-CONTROLLER${ext}`), 'utf8');
    const openVex = openVexValidator();
    expect(openVex(vex), JSON.stringify(openVex.errors)).toBe(true);
    const spdx = spdxValidator();
    expect(spdx(JSON.parse(file('.spdx.json'))), JSON.stringify(spdx.errors)).toBe(true);
    expect(await new Validation.JsonStrictValidator(Spec.Version.v1dot6).validate(file('.cdx.json'))).toBeNull();
    expect(cycloneDxXsdErrors(file('.cdx.xml'))).toBeNull();
    expect(readFileSync(join(out, 'SOUP-INFUSION-PUMP-CONTROLLER.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
    // the Word document is a zip with its main part; every SOUP item's name is in it
    const docx = unzipSync(readFileSync(join(out, 'SOUP-INFUSION-PUMP-CONTROLLER.docx')));
    const xml = new TextDecoder().decode(docx['word/document.xml']!);
    for (const name of ['fastify', 'ws', 'pino', 'zod', 'tini']) expect(xml).toContain(`>${name}<`);
    expect(existsSync(join(out, 'SOUP-INFUSION-PUMP-CONTROLLER-md', 'README.md'))).toBe(true);
  });

  it('says why no OpenVEX document is written while nothing is assessed, and writes the others', async () => {
    const fresh = copyExample('tureen-report-cli-fresh-');
    await sync(fresh, { offline: true, today: '2026-11-26' });
    const out = join(tmp, 'fresh');
    const r = runIn(fresh, '--format', 'openvex', 'csv', '--out', out, '--date', '2026-11-26');
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('openvex       not written: no vulnerability assessment');
    expect(readdirSync(out)).toEqual(['SOUP-INFUSION-PUMP-CONTROLLER.csv']);
  });

  it('the same register and date give the same bytes (docx, csv, SBOMs)', () => {
    const a = join(tmp, 'a');
    const b = join(tmp, 'b');
    for (const out of [a, b]) expect(run('--format', 'docx', 'csv', 'cyclonedx', 'spdx', '--out', out, '--date', '2026-11-26').status).toBe(0);
    for (const f of readdirSync(a)) expect(readFileSync(join(b, f)).equals(readFileSync(join(a, f))), f).toBe(true);
  });

  it('one format may go to a file path; the company template fills the docx', () => {
    const file = join(tmp, 'one', 'register.csv');
    expect(run('--format', 'csv', '--out', file, '--date', '2026-11-26').status).toBe(0);
    expect(readFileSync(file, 'utf8').startsWith('\ufeff')).toBe(true);
    const t = run('--format', 'docx', '--out', join(tmp, 'tpl.docx'), '--template', join(ROOT, 'examples', 'templates', 'soup-form.docx'), '--date', '2026-11-26');
    expect(t.stderr).toContain('docx');
    expect(t.status).toBe(0);
    const xml = new TextDecoder().decode(unzipSync(readFileSync(join(tmp, 'tpl.docx')))['word/document.xml']!);
    expect(xml).toContain('fastify');
    expect(xml).not.toContain('{{');
  });

  it('user errors exit 2 with a message: an unknown format, a bad date, a file of another kind, a template without docx, a missing template', () => {
    const cases: [string[], string][] = [
      [['--format', 'pptx', '--out', tmp], 'unknown format "pptx"'],
      [['--format', 'csv', '--out', tmp, '--date', '26.11.2026'], 'is not a date'],
      [['--format', 'html', '--out', join(tmp, 'x.pdf')], 'names a ".pdf" file'],
      [['--format', 'csv', '--out', tmp, '--template', join(ROOT, 'examples', 'templates', 'soup-form.docx')], 'needs --format docx'],
      [['--format', 'docx', '--out', tmp, '--template', join(tmp, 'missing.docx')], 'cannot read the template'],
    ];
    for (const [args, text] of cases) {
      const r = run(...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toContain(text);
    }
  });
});
