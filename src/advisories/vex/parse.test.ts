import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TureenError } from '../../model/errors.js';
import { parseVex } from './parse.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('parseVex', () => {
  it('reads the CycloneDX project\'s VEX example: state, justification, a response written as a string, the BOM-Link fragment as the product', () => {
    const v = parseVex(fixture('cyclonedx-vex.json'), 'cyclonedx-vex.json');
    expect(v.format).toBe('cyclonedx');
    expect(v.statements).toEqual([{
      vulnerability: 'CVE-2020-25649',
      aliases: ['SNYK-JAVA-COMFASTERXMLJACKSONCORE-1048302'],
      products: ['pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.0?type=jar'],
      state: 'not_affected',
      justification: 'code_not_reachable',
      response: ['will_not_fix'],
      detail: 'Automated dataflow analysis and manual code review indicates that the vulnerable code is not reachable, either directly or indirectly.',
      date: '2021-10-26',
    }]);
  });

  it('reads vexctl\'s OpenVEX: subcomponents are products, the status and justification map to CycloneDX\'s words, the original label is kept', () => {
    const v = parseVex(fixture('openvex-vexctl.json'), 'openvex-vexctl.json');
    expect(v).toMatchObject({ format: 'openvex', author: 'author@example.com' });
    expect(v.statements).toEqual([{
      vulnerability: 'CVE-2022-24999', aliases: [],
      products: ['pkg:docker/<ORG>/scout-demo-service@v1', 'pkg:npm/express@4.17.1', 'pkg:npm/qs@6.7.0'],
      state: 'not_affected', justification: 'code_not_reachable',
      detail: 'OpenVEX justification: vulnerable_code_not_in_execute_path.',
      date: '2024-02-03',
    }]);
  });

  it('maps every OpenVEX status, takes the v0.0.x string vulnerability, and resolves CycloneDX bom-refs to purls', () => {
    const ov = JSON.stringify({
      '@context': 'https://openvex.dev/ns/v0.2.0', author: 'Acme PSIRT', timestamp: '2026-01-02T03:04:05Z',
      statements: [
        { vulnerability: 'CVE-1', products: ['pkg:npm/a@1.0.0'], status: 'affected', action_statement: 'Update to 1.0.1' },
        { vulnerability: { name: 'CVE-2', aliases: ['GHSA-aaaa-bbbb-cccc'] }, products: [{ '@id': 'x', identifiers: { purl: 'pkg:npm/a@1.0.0' } }], status: 'fixed' },
        { vulnerability: { name: 'CVE-3' }, products: [{ '@id': 'pkg:npm/a@1.0.0' }], status: 'under_investigation', timestamp: '2026-02-01T00:00:00Z' },
      ],
    });
    const v = parseVex(ov, 'acme.json');
    expect(v.statements.map((s) => [s.vulnerability, s.state, s.date])).toEqual([['CVE-1', 'exploitable', '2026-01-02'], ['CVE-2', 'resolved', '2026-01-02'], ['CVE-3', 'in_triage', '2026-02-01']]);
    expect(v.statements[0]).toMatchObject({ response: ['workaround_available'], detail: 'Action: Update to 1.0.1' });
    expect(v.statements[1]).toMatchObject({ aliases: ['GHSA-aaaa-bbbb-cccc'], products: ['pkg:npm/a@1.0.0'] });
    const cdx = JSON.stringify({
      bomFormat: 'CycloneDX', specVersion: '1.5', metadata: { supplier: { name: 'Acme' } },
      components: [{ 'bom-ref': 'lib-a', purl: 'pkg:npm/a@1.0.0', components: [{ 'bom-ref': 'lib-b', purl: 'pkg:npm/b@2.0.0' }] }],
      vulnerabilities: [
        { id: 'CVE-9', analysis: { state: 'resolved_with_pedigree' }, affects: [{ ref: 'lib-b' }] },
        { id: 'CVE-10', affects: [{ ref: 'lib-a' }] }, // no analysis: a finding, not a statement
      ],
    });
    const c = parseVex(cdx, 'acme.cdx.json');
    expect(c).toMatchObject({ author: 'Acme', statements: [{ vulnerability: 'CVE-9', state: 'resolved', products: ['pkg:npm/b@2.0.0'] }] });
    expect(c.statements).toHaveLength(1);
  });

  it('refuses what is neither format, and a bad statement, with a typed error naming the file and place', () => {
    const err = (text: string) => { try { parseVex(text, 'x.json'); } catch (e) { return e as TureenError; } throw new Error('no error'); };
    expect(err('{"hello":1}').message).toContain('neither a CycloneDX document');
    expect(err('not json').code).toBe('input.malformed');
    const bad = err(JSON.stringify({ '@context': 'https://openvex.dev/ns/v0.2.0', statements: [{ vulnerability: 'CVE-1', status: 'maybe' }] }));
    expect(bad).toBeInstanceOf(TureenError);
    expect(bad.file).toBe('x.json');
    expect(bad.message).toMatch(/^statements\[0\]/);
  });
});
