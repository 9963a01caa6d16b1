import { describe, expect, it } from 'vitest';
import { SoupRecord } from '../model/record.js';
import { findRecord } from './sign.js';

const rec = (name: string, version: string, ecosystem = 'npm') => ({
  file: `${ecosystem}-${name}-${version}.yaml`, text: '',
  record: SoupRecord.parse({ id: `${ecosystem}/${name}`, identification: { name, version, ecosystem, purl: `pkg:npm/${name}@${version}` }, evidence: [], classification: { soup: true, branch: 'off-the-shelf', kind: 'library', rule: 'r', rationale: 'x' } }),
});

describe('finding the record to sign', () => {
  const all = [rec('ms', '2.0.0'), rec('ms', '2.1.3'), rec('express', '5.1.0')];
  it('takes a file name, an id, a package name or name@version', () => {
    expect(findRecord(all, 'express').record.identification.version).toBe('5.1.0');
    expect(findRecord(all, 'npm/express').file).toBe('npm-express-5.1.0.yaml');
    expect(findRecord(all, 'npm-ms-2.0.0.yaml').record.identification.version).toBe('2.0.0');
    expect(findRecord(all, 'ms@2.1.3').record.identification.version).toBe('2.1.3');
  });
  it('lists the records an ambiguous name matches', () => {
    expect(() => findRecord(all, 'ms')).toThrow(/"ms" names 2 records: npm-ms-2.0.0.yaml, npm-ms-2.1.3.yaml/);
  });
});
